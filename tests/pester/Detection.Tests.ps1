# Get-ModelEvaluation -Task Detection and the detection paths of Invoke-ThresholdSweep and Get-MisclassifiedImage,
# against the built module, on fixtures/tiny_bbox (a copy of tests/AutoMLEval.Tests/Fixtures/coco/tiny_bbox: 2 images;
# cat: 3 objects, 4 detections; dog: 2 objects, 3 detections). Expected values: pycocotools and the hand-worked
# figures of the COCO reference README; the xunit test DetectionEvaluationMappingTests checks the same numbers.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Should -Throw -ErrorId compares the whole FullyQualifiedErrorId ("ErrorId,CommandClass") with -like.
    $EvaluationCommand = 'AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
    $MisclassifiedCommand = 'AutoMLEval.PowerShell.Commands.GetMisclassifiedImageCommand'
    $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
    $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json') -Task Detection
}

Describe 'Detection evaluations' {
    It 'breaks LabelNames between names at 80 columns, not inside one' {
        # Before: "...;truck;boat" then ";traffic light". The view breaks at the console's width (80 when output is
        # redirected, as here) less its last column and "GroundTruthObjects : ": 58, and "boat;" would end at 60.
        $fixtures = Join-Path $PSScriptRoot '../AutoMLEval.Tests/Fixtures/coco/random_bbox'
        $ten = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixtures 'gt.json') -PredictionPath (Join-Path $fixtures 'dt.json') -WarningAction SilentlyContinue
        $lines = ($ten | Out-String -Width 80) -split '\r?\n'
        $at = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line.StartsWith('LabelNames ') })
        $lines[$at] | Should -BeExactly 'LabelNames         : person;bicycle;car;motorcycle;airplane;bus;train;truck;'
        $lines[$at + 1] | Should -BeExactly '                     boat;traffic light'
    }

    It 'writes a DetectionModelEvaluation with the reference AP and AP50' {
        $det.GetType().FullName | Should -Be 'AutoMLEval.DetectionModelEvaluation'
        $det.Task | Should -BeExactly 'Detection'
        $det.MlUse | Should -BeNullOrEmpty
        $det.Items | Should -Be 2
        # pycocotools: AP 0.410891..., AP50 = (1 + 51/101) / 2.
        [math]::Abs($det.AP - 0.410891) | Should -BeLessThan 1e-6
        [math]::Abs($det.AP50 - (1 + 51 / 101) / 2) | Should -BeLessThan 1e-12
        $det.LabelNames | Should -BeExactly 'cat;dog'
    }

    It 'carries the confusion matrix the CLI''s JSON and the report count: IoU 0.5 at the best-F1 confidence 0.8' {
        # automl-eval evaluate --format json on the same files: labels cat, dog, background;
        # rows [[3, 0, 0], [0, 1, 1], [0, 0, 0]] (the dog at .6 and the false cat at .7 are below 0.8).
        $cells = @($det.ConfusionMatrix)
        $cells.Count | Should -Be 9
        ($cells | ForEach-Object { "$($_.TrueLabel)>$($_.PredictedLabel)=$($_.Items)" }) -join ' ' |
            Should -BeExactly 'cat>cat=3 cat>dog=0 cat>background=0 dog>cat=0 dog>dog=1 dog>background=1 background>cat=0 background>dog=0 background>background=0'
        ($cells | Where-Object { $_.TrueLabel -eq 'dog' -and $_.PredictedLabel -eq 'background' }).RowPercent | Should -Be 50
    }

    It 'counts a skipped annotation and a skipped detection in SkippedRecords, each a located error, the rest evaluated' {
        # The second annotation's bbox and the second detection's score made unreadable: one record of each file is
        # skipped (errors at their lines), and the count of skipped ground truth was on no property of the result.
        $gt = Get-Content -LiteralPath (Join-Path $fixture 'gt.json') -Raw | ConvertFrom-Json
        $gt.annotations[1].bbox = 'oops'
        $gt | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $TestDrive 'bad-gt.json')
        $dt = @(Get-Content -LiteralPath (Join-Path $fixture 'dt.json') -Raw | ConvertFrom-Json)
        $dt[1].score = 'high'
        ConvertTo-Json -InputObject $dt -Depth 5 | Set-Content -LiteralPath (Join-Path $TestDrive 'bad-dt.json')
        $bad = Get-ModelEvaluation -GroundTruthPath (Join-Path $TestDrive 'bad-gt.json') -PredictionPath (Join-Path $TestDrive 'bad-dt.json') -ErrorVariable failed -ErrorAction SilentlyContinue
        $bad.GroundTruthObjects | Should -Be 4
        $bad.Detections | Should -Be 6
        ($bad.GroundTruthSkipped, $bad.DetectionsSkipped, $bad.SkippedRecords) | Should -Be @(1, 1, 2)
        $failed.FullyQualifiedErrorId | Should -Be @("InvalidRecord,$EvaluationCommand", "InvalidRecord,$EvaluationCommand")
        "$failed" | Should -BeLike "*bad-gt.json:*: field 'annotations``[1``].bbox'*"
        "$failed" | Should -BeLike "*bad-dt.json:*: field '``[1``].score'*"
        ($bad | Out-String -Width 80) | Should -Match 'SkippedRecords\s+: 2'
        $det.SkippedRecords | Should -Be 0
    }

    It 'leaves every figure of a category without ground truth empty, not COCO''s -1' {
        # A third category, bird, with no object and one detection: COCO reports -1 for its AP and the engine for its best F1.
        $gt = Get-Content -LiteralPath (Join-Path $fixture 'gt.json') -Raw | ConvertFrom-Json
        $gt.categories += [pscustomobject]@{ id = 3; name = 'bird' }
        $gt | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $TestDrive 'bird-gt.json')
        $dt = @(Get-Content -LiteralPath (Join-Path $fixture 'dt.json') -Raw | ConvertFrom-Json)
        $dt += [pscustomobject]@{ image_id = 1; category_id = 3; bbox = @(10, 10, 20, 20); score = 0.9 }
        ConvertTo-Json -InputObject $dt -Depth 5 | Set-Content -LiteralPath (Join-Path $TestDrive 'bird-dt.json')
        $withBird = Get-ModelEvaluation -GroundTruthPath (Join-Path $TestDrive 'bird-gt.json') -PredictionPath (Join-Path $TestDrive 'bird-dt.json')
        $bird = $withBird.Labels | Where-Object Label -eq 'bird'
        ($bird.GroundTruthObjects, $bird.Detections) | Should -Be @(0, 1)
        foreach ($name in 'AP', 'AP50', 'AP75', 'AR100', 'BestF1Score', 'BestF1Threshold', 'PrecisionAtBestF1', 'RecallAtBestF1') {
            $bird.$name | Should -BeNullOrEmpty -Because "$name of a category without ground truth is undefined"
        }
        ($withBird.Labels | Where-Object Label -eq 'cat').BestF1Score | Should -BeGreaterThan 0
    }

    It 'names its best F1 BestF1Score, as a classification evaluation does, and keeps BestF1 as a hidden alias' {
        # IoU .5, confidence 0.8: 4 TP, 0 FP, 1 FN → 8/9 (the CLI's bestF1.f1Score); dog: precision 1, recall 1/2 → 2/3.
        [math]::Abs($det.BestF1Score - 8 / 9) | Should -BeLessThan 1e-12
        $dog = $det.Labels | Where-Object Label -eq 'dog'
        [math]::Abs($dog.BestF1Score - 2 / 3) | Should -BeLessThan 1e-12
        $classification = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
        foreach ($result in $det, $dog, $classification, $classification.Labels[0]) {
            @($result.PSObject.Properties.Name -like '*BestF1*') | Should -Contain 'BestF1Score' -Because "$($result.GetType().Name) names its best F1 so"
        }
        # The former name reads the same value, for scripts written against it, and adds no column.
        $dog.BestF1 | Should -Be $dog.BestF1Score
        $det.Labels | Sort-Object BestF1 | ForEach-Object Label | Should -Be @('dog', 'cat')
        ($dog | Select-Object * | ConvertTo-Csv)[0] | Should -Not -Match '"BestF1"'
    }

    It 'is chosen from the COCO ground truth when -Task is not given' {
        $auto = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json')
        $auto.GetType().FullName | Should -Be 'AutoMLEval.DetectionModelEvaluation'
        $auto.AP50 | Should -Be $det.AP50
    }

    It 'stops on the parameter <Name>, which detection has no use for' -TestCases @(
        @{ Name = 'MultiLabel'; Value = $true }
        @{ Name = 'ConfidenceInterval'; Value = $true }
    ) {
        $arguments = @{ GroundTruth = (Join-Path $fixture 'gt.json'); Prediction = (Join-Path $fixture 'dt.json'); Task = 'Detection'; $Name = $Value }
        { Get-ModelEvaluation @arguments } | Should -Throw -ErrorId "ParameterNotForDetection,$EvaluationCommand"
    }

    It 'reads the results files a wildcard matches as one list: the same evaluation as the whole file' {
        # tiny_bbox's 7 detections in three files by element (elements 0-2, 3-4, 5-6): image 1's detections are in all three.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'shards')
        $all = Get-Content -Raw -LiteralPath (Join-Path $fixture 'dt.json') | ConvertFrom-Json
        $all[0..2] | ConvertTo-Json -AsArray | Set-Content -LiteralPath (Join-Path $folder 'part-0.json')
        $all[3..4] | ConvertTo-Json -AsArray | Set-Content -LiteralPath (Join-Path $folder 'part-1.json')
        $all[5..6] | ConvertTo-Json -AsArray | Set-Content -LiteralPath (Join-Path $folder 'part-2.json')
        $pattern = Join-Path $folder 'part-*.json'
        $sharded = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath $pattern -Task Detection
        $sharded.PredictionPath | Should -BeExactly $pattern
        $sharded.Detections | Should -Be 7
        $sharded.AP | Should -Be $det.AP
        $sharded.AP50 | Should -Be $det.AP50
        ($sharded.Labels | ForEach-Object { "$($_.Label)=$($_.AP)/$($_.Detections)" }) -join ' ' |
            Should -BeExactly (($det.Labels | ForEach-Object { "$($_.Label)=$($_.AP)/$($_.Detections)" }) -join ' ')
    }

    It 'leaves the ground truth out of a wildcard that matches it too, with a warning' {
        # gt.json beside the results: '*.json' matches both; reading the ground truth as results stopped the evaluation.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'beside')
        Copy-Item -LiteralPath (Join-Path $fixture 'gt.json') -Destination $folder
        Copy-Item -LiteralPath (Join-Path $fixture 'dt.json') -Destination (Join-Path $folder 'results.json')
        Push-Location $folder
        try {
            $beside = Get-ModelEvaluation gt.json *.json -WarningVariable warned -WarningAction SilentlyContinue
        }
        finally {
            Pop-Location
        }
        $beside.AP | Should -Be $det.AP
        "$warned" | Should -BeLike '*gt.json is the ground truth, so it is left out of the prediction files matched here*'
    }

    It 'writes ParameterNotForTask for -MlUse with a COCO file, which has no split' {
        $result = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json') -MlUse test -ErrorVariable failures -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "ParameterNotForTask,$EvaluationCommand"
        $failures[0].Exception.Message | Should -BeLike '*holds a detection ground truth; -MlUse does not apply to it.'
    }

    It 'evaluates the -MlUse split of a Vertex AI import file (<Split>): AP <AP>' -TestCases @(
        # One cat per image: the test image found exactly, the validation image missed (box shifted off: IoU 0), the
        # training image never predicted. Test: AP 1 (the training image is not a miss); validation and training: AP 0.
        @{ Split = $null; AP = 1.0; MlUse = 'test' }
        @{ Split = 'validation'; AP = 0.0; MlUse = 'validation' }
        @{ Split = 'training'; AP = 0.0; MlUse = 'training' }
    ) {
        $import = Join-Path $TestDrive 'import.csv'
        $predictions = Join-Path $TestDrive 'predictions.jsonl'
        Set-Content -LiteralPath $import -Value @(
            'TEST,gs://b/a.png,cat,0.1,0.1,,,0.5,0.5,,'
            'VALIDATION,gs://b/v.png,cat,0.1,0.1,,,0.5,0.5,,'
            'TRAINING,gs://b/t.png,cat,0.1,0.1,,,0.5,0.5,,')
        Set-Content -LiteralPath $predictions -Value @(
            '{"instance":{"content":"gs://b/a.png"},"prediction":{"displayNames":["cat"],"confidences":[0.9],"bboxes":[[0.1,0.5,0.1,0.5]]}}'
            '{"instance":{"content":"gs://b/v.png"},"prediction":{"displayNames":["cat"],"confidences":[0.8],"bboxes":[[0.6,0.9,0.6,0.9]]}}')
        $arguments = @{ GroundTruthPath = $import; PredictionPath = $predictions; Task = 'Detection' }
        if ($Split) { $arguments.MlUse = $Split }
        $result = Get-ModelEvaluation @arguments -WarningAction SilentlyContinue
        $result.Items | Should -Be 1
        [math]::Abs($result.AP - $AP) | Should -BeLessThan 1e-12
        $result.MlUse | Should -BeExactly $MlUse
    }

    It 'sweeps at IoU 0.5: 4 TP, 2 FP, 1 FN at score 0.5' {
        # Scores >= 0.5: cat 0.9, 0.85, 0.8 match, 0.7 does not; dog 0.95 matches, 0.6 finds its object taken.
        $row = $det | Invoke-ThresholdSweep -Threshold 0.5
        $row.TruePositiveCount | Should -Be 4
        $row.FalsePositiveCount | Should -Be 2
        $row.FalseNegativeCount | Should -Be 1
    }

    It 'sweeps one label at a stricter IoU' {
        # At IoU 0.75 only the cat detection 0.9 (IoU 1) matches.
        $row = $det | Invoke-ThresholdSweep -Threshold 0.5 -Label cat -IouThreshold 0.75
        $row.Label | Should -BeExactly 'cat'
        $row.TruePositiveCount | Should -Be 1
        $row.FalsePositiveCount | Should -Be 3
        $row.IouThreshold | Should -Be 0.75
    }

    It 'writes rows without a false-positive rate, which Measure-Object leaves out rather than averaging as 0' {
        # A detector has no countable negatives. Measure-Object counts a $null property as 0 (two empty rates averaged
        # to 0): the rows must not have the property at all, and then PowerShell 7 measures nothing.
        $rows = @($det | Invoke-ThresholdSweep -Threshold 0.3, 0.5)
        $rows[0].GetType().FullName | Should -Be 'AutoMLEval.DetectionThresholdRow'
        $rows[0].PSObject.Properties.Name | Should -Not -Contain 'FalsePositiveRate'
        $rows[0].PSObject.Properties.Name | Should -Not -Contain 'TrueNegativeCount'
        ($rows | Measure-Object -Property FalsePositiveRate -Average).Average | Should -BeNullOrEmpty
        ($rows | Measure-Object -Property TrueNegativeCount -Sum).Sum | Should -BeNullOrEmpty
        # Precision at 0.3: 4 of 7 detections match; at 0.5: 4 of 6 (the 'sweeps at IoU 0.5' counts).
        ($rows | Measure-Object -Property Precision -Average).Average | Should -Be ((4 / 7 + 4 / 6) / 2)
    }

    It 'refuses an IoU threshold COCO did not evaluate when bound, naming the ten it did' {
        # A parameter validation error: the command does not run, so no evaluation is taken from the pipeline.
        { $det | Invoke-ThresholdSweep -Threshold 0.5 -IouThreshold 0.72 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AutoMLEval.PowerShell.Commands.InvokeThresholdSweepCommand'
        $failure = { Invoke-ThresholdSweep -InputObject $det -IouThreshold 0.72 } | Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike "*'IouThreshold'*Not an evaluated IoU threshold; use one of 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95."
    }

    It 'tells the rows of sweeps at two IoU thresholds apart by IouThreshold' {
        # Scores >= 0.5 at IoU 0.75: the cat 0.9 and the dog 0.95 match (the cat 0.85 and 0.8 no longer do).
        $rows = @(0.5, 0.75 | ForEach-Object { $det | Invoke-ThresholdSweep -Threshold 0.5 -IouThreshold $_ })
        $byIou = $rows | Group-Object IouThreshold -AsHashTable
        $byIou[0.5].TruePositiveCount | Should -Be 4
        $byIou[0.75].TruePositiveCount | Should -Be 2
    }

    It 'sweeps and lists a label named twice once' {
        @($det | Invoke-ThresholdSweep -Threshold 0.5 -Label cat, CAT).Count | Should -Be 1
        @($det | Get-MisclassifiedImage -Kind MissedDetection -Label dog, Dog).Count | Should -Be 1
    }

    It 'lists the missed dog (the issue example, with this fixture''s label)' {
        $missed = $det | Get-MisclassifiedImage -Kind MissedDetection -Label dog
        $missed.GetType().FullName | Should -Be 'AutoMLEval.MisclassifiedDetection'
        @($missed).Count | Should -Be 1
        $missed.ImageId | Should -Be 2
        $missed.FileName | Should -BeExactly '000000000002.jpg'
        $missed.GroundTruthId | Should -Be 5
        $missed.TrueLabel | Should -BeExactly 'dog'
    }

    It 'lists false detections by descending score with their kinds by default' {
        $falseDetections = @($det | Get-MisclassifiedImage)
        ($falseDetections | ForEach-Object { $_.Score.ToString([cultureinfo]::InvariantCulture) }) -join ',' | Should -BeExactly '0.7,0.6,0.3'
        ($falseDetections | ForEach-Object { $_.Kind.ToString() }) -join ',' | Should -BeExactly 'Background,Duplicate,Background'
        # A background error points at no object; a duplicate at one of its own label.
        ($falseDetections | ForEach-Object { "$($_.TrueLabel)" }) -join ',' | Should -BeExactly (',{0},' -f $falseDetections[1].Label)
    }

    It 'gives a segmentation result without a bbox the box of its mask' {
        # segm_polygons_nobbox: pycocotools' segm case whose results carry the mask only; its most confident false
        # detection is a bicycle on image 28, whose mask's box (maskUtils.toBbox) segm_polygons/dt.json gives: [149, 212, 21, 17].
        $case = Join-Path $PSScriptRoot '../AutoMLEval.Tests/Fixtures/coco/segm_polygons_nobbox'
        $segmentation = Get-ModelEvaluation -GroundTruthPath (Join-Path $case 'gt.json') -PredictionPath (Join-Path $case 'dt.json') -Task Segmentation
        $first = @($segmentation | Get-MisclassifiedImage)[0]
        $first.ImageId | Should -Be 28
        @($first.X, $first.Y, $first.Width, $first.Height) -join ',' | Should -BeExactly '149,212,21,17'
        "$first" | Should -BeExactly 'WrongLabel bicycle in 000000000028.jpg at (149, 212, 21, 17)'
        # What the object was: ground truth 110, a car (the CLI's errors row: otherCategoryId 3).
        $first.GroundTruthId | Should -Be 110
        $first.TrueLabel | Should -BeExactly 'car'
        $first.TrueCategoryId | Should -Be 3
    }

    It 'gives an error''s box in its text to one decimal, not as 17-digit doubles' {
        # h139's finding 7: a detection far from the only object (a background error) at a box of unrounded pixels.
        Set-Content -LiteralPath (Join-Path $TestDrive 'box-gt.json') -Value '{"images":[{"id":1,"file_name":"a.jpg","width":640,"height":480}],"categories":[{"id":1,"name":"car"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[10,10,50,50],"area":2500,"iscrowd":0}]}'
        Set-Content -LiteralPath (Join-Path $TestDrive 'box-dt.json') -Value '[{"image_id":1,"category_id":1,"bbox":[365.2342524981126,228.67594484449282,46.31948775011484,38.91423636681447],"score":0.9}]'
        $error1 = Get-ModelEvaluation -GroundTruthPath (Join-Path $TestDrive 'box-gt.json') -PredictionPath (Join-Path $TestDrive 'box-dt.json') -WarningAction SilentlyContinue |
            Get-MisclassifiedImage -Kind Background
        "$error1" | Should -BeExactly 'Background car in a.jpg at (365.2, 228.7, 46.3, 38.9)'
        # The properties keep every digit.
        $error1.X | Should -Be 365.2342524981126
    }

    It 'gives TIDE''s count and dAP of each error kind in ErrorImpact' {
        # tidecv 1.0.1 on tiny_bbox (tests/AutoMLEval.Tests/Fixtures/tide/tiny_bbox.json): fixing the missed dog gains
        # 24.752475247524757 AP points (TIDE prints x 100); the duplicate and the two background errors gain nothing.
        $missed = $det.ErrorImpact | Where-Object Kind -EQ MissedDetection
        $missed.Errors | Should -Be 1
        [math]::Abs($missed.DeltaAP - 0.24752475247524757) | Should -BeLessThan 1e-12
        ($det.ErrorImpact | Where-Object Kind -EQ Background).Errors | Should -Be 2
        ($det.ErrorImpact | Measure-Object -Property Errors -Sum).Sum | Should -Be 4
    }

    It 'gives a non-terminating error for a classification kind' {
        { $det | Get-MisclassifiedImage -Kind FalseNegative -ErrorAction Stop } | Should -Throw -ErrorId "KindNotForTask,$MisclassifiedCommand"
    }

    It 'gives a non-terminating error for a detection kind on classification' {
        $classification = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
        { $classification | Get-MisclassifiedImage -Kind MissedDetection -ErrorAction Stop } | Should -Throw -ErrorId "KindNotForTask,$MisclassifiedCommand"
    }
}

Describe 'Get-MisclassifiedImage on several detection evaluations' {
    It 'tells the errors of two evaluations apart by PredictionPath' {
        # The errors carried no file of their evaluation: two detectors' errors piped together could not be told apart.
        $copy = Join-Path $TestDrive 'dt.copy.json'
        Copy-Item -LiteralPath (Join-Path $fixture 'dt.json') -Destination $copy
        $other = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath $copy -Task Detection
        $alone = @($det | Get-MisclassifiedImage -Kind FalseDetection).Count
        $groups = $det, $other | Get-MisclassifiedImage -Kind FalseDetection | Group-Object PredictionPath -AsHashTable
        $groups.Keys.Count | Should -Be 2
        $groups[$det.PredictionPath].Count | Should -Be $alone
        $groups[$copy].Count | Should -Be $alone
    }
}
