# What a PowerShell user does with the module's objects beyond one cmdlet: default views at 80 and 120 columns,
# Import-Csv fan-out, evaluations piped back and through Export-Clixml, tab completion, member enumeration, ToString,
# $null for undefined values, and the parameter vocabulary (docs/powershell-parameters.md). Expected values: the
# digits demo figures the other test files establish, the tiny data sets of Common.ps1, and tiny_bbox (pycocotools).
BeforeDiscovery {
    # The help test cases are the module's commands.
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $EvaluationCommand = 'AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
    $AllEmbeddings = Join-Path $Demo 'embeddings.*.jsonl'
    $Coco = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
    $CocoGroundTruth = Join-Path $Coco 'gt.json'
    $CocoPrediction = Join-Path $Coco 'dt.json'
    $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
    $det = Get-ModelEvaluation -GroundTruthPath $CocoGroundTruth -PredictionPath $CocoPrediction
    $tinyVideo = New-TinyVideoDataset -Folder $TestDrive
    $video = Get-ModelEvaluation -GroundTruthPath $tinyVideo.GroundTruth -PredictionPath $tinyVideo.Prediction -Task Video
    $weaker = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (New-WeakerPredictions -Path (Join-Path $TestDrive 'weaker.jsonl'))
    $errorSlices = @($eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings)
    # The first error slice's items alone are camera b: that value is over-represented in it.
    $slicedCameras = Join-Path $TestDrive 'sliced-cameras.csv'
    Set-Content -LiteralPath $slicedCameras -Value (@('path,camera') + @($eval.Evaluation.Data.ItemIds | ForEach-Object { '{0},{1}' -f $_, $(if ($_ -in $errorSlices[0].Items.ItemId) { 'b' } else { 'a' }) }))
    $nearFolder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'near')
    Set-Content -LiteralPath (Join-Path $nearFolder 'dataset.csv') -Value @('training,a.png,cat', 'test,b.png,dog', 'training,c.png,dog')
    Set-Content -LiteralPath (Join-Path $nearFolder 'embeddings.jsonl') -Value @('{"content":"a.png","embedding":[1,0]}', '{"content":"b.png","embedding":[2,0]}', '{"content":"c.png","embedding":[0,1]}')

    $eval | Export-ModelEvaluation -Path (Join-Path $TestDrive 'saved-demo.json')
    $weaker | Export-ModelEvaluation -Path (Join-Path $TestDrive 'saved-weaker.json')

    # One or more objects of every type that has a table view.
    $Samples = @{
        'AutoMLEval.ModelEvaluation'          = @($eval)
        'AutoMLEval.SavedModelEvaluation'     = @(Import-ModelEvaluation (Join-Path $TestDrive 'saved-*.json'))
        'AutoMLEval.LabelEvaluation'          = $eval.Labels
        'AutoMLEval.ConfusionMatrixCell'      = $eval.ConfusionMatrix
        'AutoMLEval.MetricInterval'           = (Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -BootstrapSamples 20).ConfidenceIntervals
        'AutoMLEval.ThresholdRow'             = @($eval | Invoke-ThresholdSweep)
        'AutoMLEval.DetectionThresholdRow'    = @($det | Invoke-ThresholdSweep -PerLabel)
        'AutoMLEval.MisclassifiedImage'       = @($eval | Get-MisclassifiedImage)
        'AutoMLEval.SimilarImageMatch'        = @(Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/0000.png')
        'AutoMLEval.LabelIssueCandidate'      = @(Find-LabelIssue -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -MlUse test | Select-Object -First 10)
        'AutoMLEval.OutlierCandidate'         = @(Find-Outlier -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings)
        'AutoMLEval.NearDuplicate'            = @(Find-NearDuplicate -GroundTruthPath (Join-Path $nearFolder 'dataset.csv') -EmbeddingPath (Join-Path $nearFolder 'embeddings.jsonl') -Threshold 0.01 -Count 2)
        'AutoMLEval.VideoLabelEvaluation'     = $video.Labels
        'AutoMLEval.MisclassifiedSegment'     = @($video | Get-MisclassifiedImage -Kind FalseNegative)
        'AutoMLEval.DetectionModelEvaluation' = @($det)
        'AutoMLEval.DetectionLabelEvaluation' = $det.Labels
        'AutoMLEval.MisclassifiedDetection'   = @($det | Get-MisclassifiedImage)
        'AutoMLEval.ModelPrediction'          = @(Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath (Join-Path $Demo 'model.onnx') -LabelPath (Join-Path $Demo 'labels.txt'))
        'AutoMLEval.MetricComparison'         = @(Compare-ModelEvaluation $eval $weaker -BootstrapSamples 20)
        'AutoMLEval.LabelComparison'          = @(Compare-ModelEvaluation $eval $weaker -By Label)
        'AutoMLEval.DetectionLabelComparison' = @(Compare-ModelEvaluation $det $det -By Label)
        'AutoMLEval.ItemComparison'           = @(Compare-ModelEvaluation $eval $weaker -By Item | Select-Object -First 10)
        'AutoMLEval.ReleaseGateResult'        = @($weaker | Test-ModelEvaluation -Minimum @{ AuPrc = 0.5; Recall = 0.9 } -Baseline $eval -MaxDrop @{ Accuracy = '1%' } -Detailed -ErrorAction SilentlyContinue)
        'AutoMLEval.ReliabilityBin'           = $eval.Calibration.Bins
        'AutoMLEval.ErrorSlice'               = $errorSlices
        'AutoMLEval.ErrorSliceItem'           = $errorSlices[0].Examples
        'AutoMLEval.ErrorSliceConfusion'      = $errorSlices[0].TopConfusions
        'AutoMLEval.ErrorSliceMetadataValue'  = @($eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -MetadataPath $slicedCameras -MaxSlices 1).OverRepresentedValues
    }
}

Describe 'Default table views' {
    It '<Type> at <Width> columns: one header line, every column shown, no line wider than the console' -TestCases @(
        foreach ($type in 'ModelEvaluation', 'SavedModelEvaluation', 'LabelEvaluation', 'ConfusionMatrixCell', 'MetricInterval', 'ThresholdRow', 'DetectionThresholdRow', 'MisclassifiedImage',
            'SimilarImageMatch', 'LabelIssueCandidate', 'OutlierCandidate', 'NearDuplicate', 'VideoLabelEvaluation', 'MisclassifiedSegment',
            'DetectionModelEvaluation', 'DetectionLabelEvaluation', 'MisclassifiedDetection', 'ModelPrediction',
            'MetricComparison', 'LabelComparison', 'DetectionLabelComparison', 'ItemComparison', 'ReleaseGateResult', 'ReliabilityBin', 'ErrorSlice', 'ErrorSliceItem',
            'ErrorSliceConfusion', 'ErrorSliceMetadataValue') {
            foreach ($width in 80, 120) { @{ Type = "AutoMLEval.$type"; Width = $width } }
        }
    ) {
        $objects = $Samples[$Type]
        @($objects).Count | Should -BeGreaterThan 0 -Because "the sample of $Type must not be empty"
        $lines = @(($objects | Format-Table | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() })
        # Rows of an evaluation (sweep rows, gallery items) come under a group line naming their predictions file and
        # folder, as Get-ChildItem's come under their directory: what tells several evaluations' rows apart.
        if ($Type -in 'AutoMLEval.ThresholdRow', 'AutoMLEval.DetectionThresholdRow', 'AutoMLEval.MisclassifiedImage', 'AutoMLEval.MisclassifiedDetection', 'AutoMLEval.MisclassifiedSegment') {
            $lines[0] | Should -Match '^\s+Predictions: \S+/\S+$'
            $lines = @($lines | Select-Object -Skip 1)
        }
        $columns = @((Get-FormatData -TypeName $Type).FormatViewDefinition | Where-Object { $_.Control -is [System.Management.Automation.TableControl] })[0].Control.Headers.Count
        # A wrapped header puts more header lines before the dashes; a dropped column leaves fewer dash groups.
        $lines[1] | Should -Match '^[\s-]+$' -Because "the header of $Type is one line: $($lines[0])"
        @($lines[1].Trim() -split '\s+').Count | Should -Be $columns
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $Width
    }

    It 'shows a release gate whole, its limit too, at <Width> columns' -TestCases @(
        @{ Width = 80 }
        @{ Width = 120 }
    ) {
        # The longest gate metric, ExpectedCalibrationError, with a relative drop: 36 characters (the column was 30 wide,
        # which cut "<= 10%" and "<= 0.1" off).
        $gates = $eval | Test-ModelEvaluation -Maximum @{ ExpectedCalibrationError = 0.1 } -Baseline $weaker -MaxDrop @{ ExpectedCalibrationError = '10%' } -Detailed -ErrorAction SilentlyContinue
        $text = $gates | Format-Table | Out-String -Width $Width
        $text | Should -Match 'ExpectedCalibrationError <= 0\.1\s'
        $text | Should -Match 'ExpectedCalibrationError drop <= 10%\s'
    }

    It 'keeps the end of an item id too long for its column: the file name, after an ellipsis' {
        # Vertex AI item ids are gs:// URIs, often longer than the column; cut at the right, every row would read the same.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'long-ids')
        $tiny = New-TinyDataset -Folder $folder.FullName
        $prefix = 'gs://a-bucket/flower-photos/2026-12-05/export/'
        foreach ($file in $tiny.GroundTruth, $tiny.Prediction) {
            (Get-Content -LiteralPath $file) -replace '([abcd])\.png', "$prefix`$1.png" | Set-Content -LiteralPath $file
        }
        # b.png is the one false positive of dog (New-TinyDataset); the ItemId column is 24 wide at 80.
        $misclassified = Get-ModelEvaluation $tiny.GroundTruth $tiny.Prediction -WarningAction SilentlyContinue | Get-MisclassifiedImage -Label dog
        $misclassified.ItemId | Should -Be "$($prefix)b.png"
        $text = $misclassified | Format-Table | Out-String -Width 80
        $text | Should -BeLike ('*…' + "$($prefix)b.png".Substring("$($prefix)b.png".Length - 23) + '*')
    }

    It 'shows a video segment''s true labels whole on one line at <Width> columns' -TestCases @(
        @{ Width = 80 }
        @{ Width = 120 }
    ) {
        # One 0-4 s segment with three true labels; the model scores only walking above 0.5, so talking and running are
        # false negatives whose TrueLabel is running;talking;walking (23 characters: it wrapped mid-word in its 10-wide
        # column). The video's path, 19 characters, fits the 20 that the set widths leave at 80 columns (before, Start and
        # End were 8 wide and it wrapped its last character). A longer path wrapping is Video.Tests.ps1's.
        $folder = Join-Path $TestDrive "three-labels-$Width"
        New-Item -ItemType Directory -Path $folder | Out-Null
        $groundTruth = Join-Path $folder 'videos.jsonl'
        $prediction = Join-Path $folder 'predictions.jsonl'
        $uri = 'videos/clip_031.mp4'
        Set-Content -LiteralPath $groundTruth -Value ('{"videoGcsUri":"' + $uri + '","timeSegmentAnnotations":[{"displayName":"walking","startTime":"0s","endTime":"4s"},{"displayName":"talking","startTime":"0s","endTime":"4s"},{"displayName":"running","startTime":"0s","endTime":"4s"}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}')
        Set-Content -LiteralPath $prediction -Value ('{"instance":{"content":"' + $uri + '","timeSegmentStart":"0s","timeSegmentEnd":"4s"},"prediction":[{"displayName":"walking","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.9},{"displayName":"talking","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.3},{"displayName":"running","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.2}]}')
        $missed = @(Get-ModelEvaluation -GroundTruthPath $groundTruth -PredictionPath $prediction -Task Video -WarningAction SilentlyContinue | Get-MisclassifiedImage -Kind FalseNegative)
        $missed.Count | Should -Be 2
        $missed[0].TrueLabel | Should -BeExactly 'running;talking;walking'
        $lines = @(($missed | Format-Table | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() })
        # The predictions file's group line, a header, its dashes and one line per segment: nothing wrapped.
        $lines.Count | Should -Be 5
        $lines[0] | Should -Match "^\s+Predictions: three-labels-$Width/predictions\.jsonl$"
        $lines[3] | Should -Match 'running\s+FalseNegative\s+0\.2000\s+0\s+4 running \+2 videos/clip_031\.mp4$'
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $Width
    }

    It 'shows the split <MlUse> whole in the evaluation tables at 80 and 120 columns' -TestCases @(@{ MlUse = 'validation' }, @{ MlUse = 'unassigned' }) {
        # The longest split names (10 characters) were cut to "validat…" at any width: not what -MlUse takes.
        $groundTruth = Join-Path $TestDrive "$MlUse.csv"
        (Get-Content -LiteralPath $DemoGroundTruth) -replace '^validation,', "$MlUse," | Set-Content -LiteralPath $groundTruth
        $evaluation = Get-ModelEvaluation -GroundTruthPath $groundTruth -PredictionPath (Join-Path $Demo 'predictions.validation.jsonl') -MlUse $MlUse
        $saved = Join-Path $TestDrive "$MlUse.json"
        $evaluation | Export-ModelEvaluation -Path $saved
        foreach ($row in $evaluation, (Import-ModelEvaluation -Path $saved)) {
            foreach ($width in 80, 120) {
                $lines = @(($row | Format-Table | Out-String -Width $width) -split '\r?\n' | Where-Object { $_.Trim() })
                $lines[2] | Should -Match "^$MlUse\s+126\s"
                ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $width
            }
        }
    }

    It 'right-aligns the numbers' {
        $text = $eval.Labels | Select-Object -First 1 | Format-Table | Out-String -Width 80
        $text | Should -Match 'zero\s+54\s+0\.9987'
        ($text -split '\r?\n' | Where-Object { $_ -match '^Label' }) | Should -Match '\s+Support\s+AuPrc'
    }
}

Describe 'Views in a console' {
    # A view's script block runs before Out-Default lays the text out and sees only $Host, whose width cannot be set
    # when output is redirected: each width is a real console, a child pwsh in a pseudo-terminal sized by stty.
    BeforeAll {
        $pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
        $fixtures = Join-Path $PSScriptRoot '../AutoMLEval.Tests/Fixtures'
        $randomBbox = Join-Path $fixtures 'coco/random_bbox'
        # random_bbox's ten categories, each named with " (coco)" after it: 143 characters joined, longer than 120.
        $gt = Get-Content -LiteralPath (Join-Path $randomBbox 'gt.json') -Raw | ConvertFrom-Json
        foreach ($category in $gt.categories) { $category.name += ' (coco)' }
        $longNames = Join-Path $TestDrive 'long-names-gt.json'
        $gt | ConvertTo-Json -Depth 5 -Compress | Set-Content -LiteralPath $longNames
        # The same categories in Chinese, as Baidu EasyDL users name them: 34 characters joined, 59 console cells.
        $chinese = '行人', '自行车', '小汽车', '摩托车', '飞机', '公共汽车', '火车', '卡车', '船', '红绿灯'
        for ($i = 0; $i -lt $chinese.Count; $i++) { $gt.categories[$i].name = $chinese[$i] }
        $wideNames = Join-Path $TestDrive 'wide-names-gt.json'
        $gt | ConvertTo-Json -Depth 5 -Compress | Set-Content -LiteralPath $wideNames
        # The Chinese names with the first one longer than a line of the value column at 80 (68 letters, h111's).
        $gt.categories[0].name = 'a_very_long_category_name_for_traffic_light_pedestrian_crossing_sign'
        $longestName = Join-Path $TestDrive 'longest-name-gt.json'
        $gt | ConvertTo-Json -Depth 5 -Compress | Set-Content -LiteralPath $longestName

        # The lines a console of $Columns columns shows for $Commands, run one after the other.
        function Get-ConsoleText([int] $Columns, [string[]] $Commands) {
            $module = Join-Path $ModulePath 'AutoMLEval.psd1'
            # Without progress: on a busy machine its bar, drawn in place, joins lines of its own to the text.
            $script = @("Import-Module '$module'; `$PSStyle.OutputRendering = 'PlainText'; `$ProgressPreference = 'SilentlyContinue'") + $Commands
            $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script -join "`n"))
            $text = script -qec "stty cols $Columns rows 50; '$pwsh' -NoProfile -NonInteractive -EncodedCommand $encoded" /dev/null
            # The terminal's mode switches and carriage returns.
            @($text | ForEach-Object { $_ -replace '\e\[[0-9;?]*[A-Za-z]|\e[=>]|\r', '' })
        }

        function Get-LabelNamesLines([string[]] $Lines, [int] $Occurrence) {
            $at = @(for ($i = 0; $i -lt $Lines.Count; $i++) { if ($Lines[$i].StartsWith('LabelNames ')) { $i } })[$Occurrence]
            $end = $at + 1
            while ($Lines[$end].StartsWith(' ')) { $end++ }
            $Lines[$at..($end - 1)]
        }
    }

    It 'breaks LabelNames between names at the width of a <Columns>-column console' -Skip:(-not $IsLinux -or -not (Get-Command -Name script -CommandType Application -ErrorAction Ignore)) -TestCases @(
        # The console's last column stays empty: a line of the value column holds (Columns - 1) - "GroundTruthObjects : ".Length
        # cells, 58 at 80 and 98 at 120, where "person (coco)" to "train (coco);" is exactly 98. A Chinese character takes
        # two cells: up to "船;" 53, and "红绿灯" would end at 59 (before, counted as 34 characters, one line that the
        # console cut into "红绿" and "灯").
        @{ Columns = 80; Expected = @(
                'LabelNames         : person (coco);bicycle (coco);car (coco);motorcycle (coco);'
                '                     airplane (coco);bus (coco);train (coco);truck (coco);'
                '                     boat (coco);traffic light (coco)'
            ); Unchanged = @(
                'LabelNames         : person;bicycle;car;motorcycle;airplane;bus;train;truck;'
                '                     boat;traffic light'
            ); Video = @(
                'LabelNames               : cooking;dancing;driving;reading;running;swimming;'
                '                           talking'
            ); Wide = @(
                'LabelNames         : 行人;自行车;小汽车;摩托车;飞机;公共汽车;火车;卡车;船;'
                '                     红绿灯'
            )
        }
        # Before, the views broke at the widths of 80 columns whatever the console's.
        @{ Columns = 120; Expected = @(
                'LabelNames         : person (coco);bicycle (coco);car (coco);motorcycle (coco);airplane (coco);bus (coco);train (coco);'
                '                     truck (coco);boat (coco);traffic light (coco)'
            ); Unchanged = @(
                'LabelNames         : person;bicycle;car;motorcycle;airplane;bus;train;truck;boat;traffic light'
            ); Video = @(
                'LabelNames               : cooking;dancing;driving;reading;running;swimming;talking'
            ); Wide = @(
                'LabelNames         : 行人;自行车;小汽车;摩托车;飞机;公共汽车;火车;卡车;船;红绿灯'
            )
        }
    ) {
        $lines = Get-ConsoleText -Columns $Columns -Commands @(
            "-GroundTruthPath '$longNames' -PredictionPath '$(Join-Path $randomBbox 'dt.json')'"
            "-GroundTruthPath '$(Join-Path $randomBbox 'gt.json')' -PredictionPath '$(Join-Path $randomBbox 'dt.json')'"
            "-GroundTruthPath '$(Join-Path $fixtures 'video/ground_truth.jsonl')' -PredictionPath '$(Join-Path $fixtures 'video/predictions.segment.jsonl')' -Task Video"
            "-GroundTruthPath '$wideNames' -PredictionPath '$(Join-Path $randomBbox 'dt.json')'"
        ).ForEach({ "Get-ModelEvaluation $_ -WarningAction SilentlyContinue" })
        Get-LabelNamesLines $lines 0 | Should -BeExactly $Expected
        Get-LabelNamesLines $lines 1 | Should -BeExactly $Unchanged
        Get-LabelNamesLines $lines 2 | Should -BeExactly $Video
        Get-LabelNamesLines $lines 3 | Should -BeExactly $Wide
    }

    It 'cuts a name longer than a line at the width of an 80-column console, and Out-String -Width 80 cuts it there too' -Skip:(-not $IsLinux -or -not (Get-Command -Name script -CommandType Application -ErrorAction Ignore)) {
        # 58 cells a line (80 - 1 - "GroundTruthObjects : ".Length). Left whole, the console cut it at 58 and
        # Out-String -Width 80, one column wider than the console's written width, at 59.
        $expected = @(
            'LabelNames         : a_very_long_category_name_for_traffic_light_pedestrian_cro'
            '                     ssing_sign;自行车;小汽车;摩托车;飞机;公共汽车;火车;卡车;'
            '                     船;红绿灯'
        )
        $lines = Get-ConsoleText -Columns 80 -Commands @(
            "`$det = Get-ModelEvaluation -GroundTruthPath '$longestName' -PredictionPath '$(Join-Path $randomBbox 'dt.json')' -WarningAction SilentlyContinue"
            '$det'
            '$det | Out-String -Width 80'
        )
        Get-LabelNamesLines $lines 0 | Should -BeExactly $expected
        Get-LabelNamesLines $lines 1 | Should -BeExactly $expected
    }

    It 'gives an item id what a <Columns>-column console leaves of the gallery: <Shown>' -Skip:(-not $IsLinux -or -not (Get-Command -Name script -CommandType Application -ErrorAction Ignore)) -TestCases @(
        # The gallery's set widths (Label 10, Kind 13, Score 7, TrueLabel 10, Predicted 10) and its 5 spaces take 55 of
        # the 79 columns written: the ItemId column has 24 at 80, the ellipsis and the URI's last 23 (as when it was set
        # 24 wide), and 64 at 120, where the 51-character URI is whole (before, it was cut to 24 at any width).
        @{ Columns = 80; Shown = 'its end'; Expected = 'dog        FalsePositive  0.6000 cat        dog        …2026-12-05/export/b.png' }
        @{ Columns = 120; Shown = 'all of it'; Expected = 'dog        FalsePositive  0.6000 cat        dog        gs://a-bucket/flower-photos/2026-12-05/export/b.png' }
    ) {
        $folder = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'long-ids-in-a-console')
        $tiny = New-TinyDataset -Folder $folder.FullName
        foreach ($file in $tiny.GroundTruth, $tiny.Prediction) {
            (Get-Content -LiteralPath $file) -replace '([abcd])\.png', 'gs://a-bucket/flower-photos/2026-12-05/export/$1.png' | Set-Content -LiteralPath $file
        }
        $lines = Get-ConsoleText -Columns $Columns -Commands "Get-ModelEvaluation '$($tiny.GroundTruth)' '$($tiny.Prediction)' -WarningAction SilentlyContinue | Get-MisclassifiedImage -Label dog"
        # b.png is the one false positive of dog (New-TinyDataset).
        $lines | Should -Contain $Expected
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessThan $Columns
    }

    It 'shows the label sets of a multi-label gallery row in a <Columns>-column console: the row''s label first' -Skip:(-not $IsLinux -or -not (Get-Command -Name script -CommandType Application -ErrorAction Ignore)) -TestCases @(
        # a.jpg is cat, horse, dog, bird and sheep (24 characters joined); at 0.5 the model predicts cat, horse, bird
        # and sheep (20), missing dog. TrueLabel and Predicted keep 10 columns at any width (the item id takes the rest):
        # dog, the row's label, first and the others counted; the prediction's first label and its count. Before, both
        # were cut in the middle ("cat;h…heep"), dog with it.
        @{ Columns = 80 }
        @{ Columns = 120 }
    ) {
        $folder = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'multi-label-in-a-console')
        $groundTruth = Join-Path $folder 'gt.jsonl'
        $prediction = Join-Path $folder 'pred.jsonl'
        $labels = 'cat', 'horse', 'dog', 'bird', 'sheep'
        Set-Content -LiteralPath $groundTruth -Value @(
            '{"imageGcsUri":"a.jpg","classificationAnnotations":[' + (($labels | ForEach-Object { '{"displayName":"' + $_ + '"}' }) -join ',') + '],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}'
            '{"imageGcsUri":"b.jpg","classificationAnnotations":[{"displayName":"cat"}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}'
        )
        $names = '"displayNames":["' + ($labels -join '","') + '"]'
        Set-Content -LiteralPath $prediction -Value @(
            '{"instance":{"content":"a.jpg"},"prediction":{' + $names + ',"confidences":[0.9,0.8,0.3,0.7,0.6]}}'
            '{"instance":{"content":"b.jpg"},"prediction":{' + $names + ',"confidences":[0.9,0.1,0.1,0.1,0.1]}}'
        )
        $lines = Get-ConsoleText -Columns $Columns -Commands "Get-ModelEvaluation '$groundTruth' '$prediction' -WarningAction SilentlyContinue | Get-MisclassifiedImage -Label dog -Kind FalseNegative"
        $lines | Should -Contain 'dog        FalseNegative  0.3000 dog;cat +3 cat +3     a.jpg'
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessThan $Columns
    }
}

Describe 'Pipeline records bind one at a time' {
    It 'fans out an Import-Csv of runs: an empty MlUse is the default, a COCO row after a split row is detection' {
        $runs = Join-Path $TestDrive 'runs.csv'
        @(
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = (Join-Path $Demo 'predictions.validation.jsonl'); MlUse = 'validation'; Threshold = '0.3' }
            [pscustomobject]@{ GroundTruthPath = $CocoGroundTruth; PredictionPath = $CocoPrediction; MlUse = ''; Threshold = '' }
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = $DemoPredictions; MlUse = ''; Threshold = '' }
        ) | Export-Csv -LiteralPath $runs -NoTypeInformation
        $results = @(Import-Csv -LiteralPath $runs | Get-ModelEvaluation -ErrorVariable failures -WarningAction SilentlyContinue)
        $failures.Count | Should -Be 0
        $results.Count | Should -Be 3
        ($results[0].MlUse, $results[0].Threshold) | Should -Be @('validation', 0.3)
        $results[1].GetType().Name | Should -Be 'DetectionModelEvaluation'
        ($results[2].MlUse, $results[2].Threshold, $results[2].Items) | Should -Be @('test', 0.5, 540)
    }

    It 'reports a row whose Threshold is no number in <Culture>, rather than evaluating it at 0.5, and goes on with the next rows' -TestCases @(
        # The invariant "0.8" first, then the session's own format: "0,8" is a number in de-DE (its decimal comma), and
        # no number in en-US, where the comma only groups thousands and group separators are not read.
        @{ Culture = 'en-US'; Bound = @(0.8); Refused = @('abc', '0,8') }
        @{ Culture = 'de-DE'; Bound = @(0.8, 0.8); Refused = @('abc') }
    ) {
        $runs = Join-Path $TestDrive "runs-bad-threshold-$Culture.csv"
        @(
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = $DemoPredictions; Threshold = 'abc' }
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = $DemoPredictions; Threshold = '0,8' }
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = $DemoPredictions; Threshold = '0.8' }
        ) | Export-Csv -LiteralPath $runs -NoTypeInformation
        $sessionCulture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $Culture
            $results = @(Import-Csv -LiteralPath $runs | Get-ModelEvaluation -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        }
        finally {
            [cultureinfo]::CurrentCulture = $sessionCulture
        }
        $results.Threshold | Should -Be $Bound
        $failures.Count | Should -Be $Refused.Count
        $failures.FullyQualifiedErrorId | Should -Be (@("ParameterArgumentTransformationError,$EvaluationCommand") * $Refused.Count)
        for ($i = 0; $i -lt $Refused.Count; $i++) {
            $failures[$i].Exception.Message | Should -BeLike "*'$($Refused[$i])' is not a number*"
        }
    }

    It 'binds back in a German session the Threshold its Export-Csv wrote there ("0,3")' {
        # Before: Export-Csv wrote the session's "0,3" and Import-Csv | Get-ModelEvaluation refused it.
        $runs = Join-Path $TestDrive 'runs-de-DE.csv'
        $sessionCulture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -Threshold 0.3 -WarningAction SilentlyContinue |
                Select-Object GroundTruthPath, PredictionPath, Threshold | Export-Csv -LiteralPath $runs -NoTypeInformation
            $written = (Import-Csv -LiteralPath $runs).Threshold
            $again = @(Import-Csv -LiteralPath $runs | Get-ModelEvaluation -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        }
        finally {
            [cultureinfo]::CurrentCulture = $sessionCulture
        }
        $written | Should -BeExactly '0,3'
        $failures.Count | Should -Be 0
        $again.Threshold | Should -Be @(0.3)
    }

    It 'binds an evaluation back into Get-ModelEvaluation: its files, split and task; -Threshold given wins' {
        $again = $eval | Get-ModelEvaluation -Threshold 0.8
        $again.Threshold | Should -Be 0.8
        $again.PredictionPath | Should -Be $eval.PredictionPath
        $again.AuPrc | Should -Be $eval.AuPrc
        ($det | Get-ModelEvaluation).AP | Should -Be $det.AP
        $videoAgain = $video | Get-ModelEvaluation
        $videoAgain.GetType().Name | Should -Be 'VideoEvaluation'
        $videoAgain.Unit | Should -BeExactly $video.Unit
    }

    It 'binds the files of results from a folder named with [ ] back as those files, not as patterns that match nothing' {
        # Before: "'…/run [1]/dataset.csv' matches no file" from Find-SimilarImage and Get-ModelEvaluation, and as
        # much for Help examples that pass $_.FullName or (Resolve-Path …).Path to -GroundTruthPath.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'run [1]')
        foreach ($name in 'dataset.csv', 'predictions.test.jsonl', 'embeddings.test.jsonl', 'embeddings.training.jsonl') {
            Copy-Item -LiteralPath (Join-Path $Demo $name) -Destination $folder.FullName
        }
        $inFolder = Get-ModelEvaluation -LiteralGroundTruthPath (Join-Path $folder 'dataset.csv') -LiteralPredictionPath (Join-Path $folder 'predictions.test.jsonl')
        $again = $inFolder | Get-ModelEvaluation -Threshold 0.8 -ErrorVariable failures
        $failures.Count | Should -Be 0
        ($again.GroundTruthPath, $again.Threshold, $again.AuPrc) | Should -Be @($inFolder.GroundTruthPath, 0.8, $eval.AuPrc)
        (Get-ModelEvaluation -GroundTruthPath (Join-Path $folder 'dataset.csv') -PredictionPath (Join-Path $folder 'predictions.test.jsonl')).AuPrc | Should -Be $eval.AuPrc
        Push-Location -LiteralPath $folder.FullName
        try {
            # The README's first false negative of eight and its nearest training image (distance 0.0015).
            $similar = @($inFolder | Get-MisclassifiedImage -Label eight -Kind FalseNegative | Select-Object -First 1 |
                Find-SimilarImage -EmbeddingPath 'embeddings.*.jsonl' -Count 1 -ErrorVariable searchFailures)
        }
        finally {
            Pop-Location
        }
        $searchFailures.Count | Should -Be 0
        ($similar.QueryItemId, $similar.ItemId, $similar.Label) | Should -Be @('images/test/0643.png', 'images/training/0612.png', 'eight')
    }

    It 'tells the sweep rows of the slices of one predictions file apart by Slice, in objects and in Export-Csv' {
        $slices = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -SliceBy camera -MetadataPath (New-DemoCameraMetadata -Path (Join-Path $TestDrive 'sweep-cameras.csv'))
        $rows = @($slices | Invoke-ThresholdSweep -Threshold 0.5) + @($slices | Invoke-ThresholdSweep -Label eight -Threshold 0.5)
        $slices.Slice | Sort-Object | Should -Be @('camera=a', 'camera=b', 'camera=c')
        $rows.Slice | Should -Be ($slices.Slice + $slices.Slice)
        $rows | Export-Csv -LiteralPath (Join-Path $TestDrive 'sliced-sweep.csv')
        (Import-Csv -LiteralPath (Join-Path $TestDrive 'sliced-sweep.csv')).Slice | Should -Be $rows.Slice
        ($eval | Invoke-ThresholdSweep -Threshold 0.5).Slice | Should -BeExactly ''
    }

    It 'tells the sweep rows of two evaluations apart by PredictionPath' {
        $validation = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Join-Path $Demo 'predictions.validation.jsonl') -MlUse validation
        $groups = @($eval, $validation | Invoke-ThresholdSweep -Threshold 0.5 | Group-Object PredictionPath)
        $groups.Count | Should -Be 2
        $groups.Name | Should -Contain $validation.PredictionPath
    }
}

Describe 'Deserialized evaluations' {
    It 'say what to do instead of failing to convert, and go on through Get-ModelEvaluation' {
        $file = Join-Path $TestDrive 'evaluation.xml'
        $eval | Export-Clixml -LiteralPath $file
        $restored = Import-Clixml -LiteralPath $file
        $restored.PSObject.TypeNames[0] | Should -Be 'Deserialized.AutoMLEval.ModelEvaluation'
        { $restored | Invoke-ThresholdSweep -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,AutoMLEval.PowerShell.Commands.InvokeThresholdSweepCommand' -ExpectedMessage '*deserialized*Get-ModelEvaluation*'
        $rows = @($restored | Get-ModelEvaluation | Invoke-ThresholdSweep -Label eight -Threshold 0.5)
        $rows.Count | Should -Be 1
        $rows[0].Recall | Should -Be ($eval | Invoke-ThresholdSweep -Label eight -Threshold 0.5).Recall
    }

    It 'a deserialized prediction says to predict again' {
        $file = Join-Path $TestDrive 'prediction.xml'
        Invoke-ModelPrediction -Path (Join-Path $Demo 'images/test/0000.png') -ModelPath (Join-Path $Demo 'model.onnx') -LabelPath (Join-Path $Demo 'labels.txt') | Export-Clixml -LiteralPath $file
        { Import-Clixml -LiteralPath $file | Export-ModelPrediction -Path (Join-Path $TestDrive 'p.jsonl') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,AutoMLEval.PowerShell.Commands.ExportModelPredictionCommand' -ExpectedMessage '*deserialized*Invoke-ModelPrediction*'
    }
}

Describe 'Tab completion' {
    BeforeAll {
        $global:AutoMLEvalCompletionTest = $eval
        function Get-Completions([string] $Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText) }
    }
    AfterAll { Remove-Variable -Name AutoMLEvalCompletionTest -Scope Global }

    It 'completes -Label from the evaluation piped in or bound' {
        Get-Completions '$AutoMLEvalCompletionTest | Invoke-ThresholdSweep -Label ei' | Should -Be @('eight')
        Get-Completions 'Get-MisclassifiedImage -InputObject $AutoMLEvalCompletionTest -Label t' | Should -Be @('two', 'three')
        Get-Completions '$AutoMLEvalCompletionTest | Get-MisclassifiedImage s' | Should -Be @('six', 'seven')
    }

    It 'completes -Kind with the kinds of the task of the evaluation piped in or bound' {
        # Every kind was offered whatever the task, and all but three of them are errors (KindNotForTask, KindNotForVideo).
        $global:AutoMLEvalDetectionCompletionTest = $det
        $global:AutoMLEvalVideoCompletionTest = $video
        try {
            Get-Completions '$AutoMLEvalCompletionTest | Get-MisclassifiedImage -Kind ' | Should -Be @('FalsePositive', 'FalseNegative', 'TruePositive')
            Get-Completions '$AutoMLEvalVideoCompletionTest | Get-MisclassifiedImage -Kind ' | Should -Be @('FalsePositive', 'FalseNegative')
            Get-Completions '$AutoMLEvalDetectionCompletionTest | Get-MisclassifiedImage -Kind ' |
                Should -Be @('MissedDetection', 'FalseDetection', 'Duplicate', 'WrongLabel', 'Localisation', 'WrongLabelAndLocalisation', 'Background')
            Get-Completions 'Get-MisclassifiedImage -InputObject $AutoMLEvalDetectionCompletionTest -Kind wr' | Should -Be @('WrongLabel', 'WrongLabelAndLocalisation')
            # A deserialized evaluation (Import-Clixml) still names its task, and its labels.
            $global:AutoMLEvalDetectionCompletionTest = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($det))
            Get-Completions '$AutoMLEvalDetectionCompletionTest | Get-MisclassifiedImage -Kind F' | Should -Be @('FalseDetection')
            Get-Completions '$AutoMLEvalDetectionCompletionTest | Get-MisclassifiedImage -Label c' | Should -Be @('cat')
            # The evaluation not known yet: every kind.
            Get-Completions 'Get-MisclassifiedImage -Kind F' | Should -Be @('FalsePositive', 'FalseNegative', 'FalseDetection')
        }
        finally {
            Remove-Variable -Name AutoMLEvalDetectionCompletionTest, AutoMLEvalVideoCompletionTest -Scope Global
        }
    }

    It 'offers no file names for -SliceBy, a metadata key, when no file on the line holds keys' {
        Push-Location -LiteralPath $Demo
        try {
            Get-Completions 'Get-ModelEvaluation -SliceBy ' | Should -BeNullOrEmpty
            Get-Completions 'Get-ModelEvaluation -SliceBy da' | Should -BeNullOrEmpty
            # The demo's ground truth is a CSV without a header (ML_USE,path,label rows): it holds no metadata.
            Get-Completions 'Get-ModelEvaluation -GroundTruthPath dataset.csv -SliceBy ' | Should -BeNullOrEmpty
            # A -MetadataPath that names no file: nothing, not the ground truth's keys nor the folder's files.
            Get-Completions 'Get-ModelEvaluation -GroundTruthPath dataset.csv -MetadataPath missing.csv -SliceBy ' | Should -BeNullOrEmpty
        }
        finally {
            Pop-Location
        }
    }

    It 'completes -SliceBy with the keys of the -MetadataPath on the line, else of a JSON Lines ground truth' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'slice-keys') -Force
        Set-Content -LiteralPath (Join-Path $folder 'meta.csv') -Value 'path,site,camera,time of day', 'a.png,north,c1,dusk' -Encoding utf8
        # Vertex AI JSON Lines: the dataItemResourceLabels keys but the split.
        Set-Content -LiteralPath (Join-Path $folder 'gt.jsonl') -Encoding utf8 -Value (
            '{"imageGcsUri": "a.png", "classificationAnnotation": {"displayName": "cat"}, "dataItemResourceLabels": {"aiplatform.googleapis.com/ml_use": "test", "lighting": "low"}}')
        Push-Location -LiteralPath $folder
        try {
            # Relative paths, resolved in the session's current folder; keys sorted, quoted where they need it.
            Get-Completions 'Get-ModelEvaluation -GroundTruthPath gt.jsonl -MetadataPath meta.csv -SliceBy ' | Should -Be @('camera', 'site', "'time of day'")
            Get-Completions 'Get-ModelEvaluation -MetadataPath ./meta.* -SliceBy S' | Should -Be @('site')
            Get-Completions 'Get-ModelEvaluation -GroundTruthPath gt.jsonl -SliceBy ' | Should -Be @('lighting')
            # Only the header is read: a row that is no record (an unclosed quote) leaves the keys it names.
            Set-Content -LiteralPath (Join-Path $folder 'broken.csv') -Value 'path,site', '"a.png,north' -Encoding utf8
            Get-Completions 'Get-ModelEvaluation -MetadataPath broken.csv -SliceBy ' | Should -Be @('site')
        }
        finally {
            Pop-Location
        }
    }

    It 'completes the values of -MlUse, -Task and -Unit' {
        Get-Completions 'Get-ModelEvaluation -MlUse va' | Should -Be @('validation')
        Get-Completions 'Get-ModelEvaluation -Task Seg' | Should -Be @('Segmentation')
        Get-Completions 'Get-ModelEvaluation -Unit One' | Should -Be @('OneSecond')
    }

    It 'completes the splits of <Line> in the order Get-ModelEvaluation -MlUse offers them, test first' -TestCases @(
        # Before, PowerShell completed their [ValidateSet] itself, sorted: all, test, training, unassigned, validation.
        @{ Line = 'Find-Outlier -MlUse '; Expected = @('test', 'validation', 'training', 'unassigned', 'all') }
        @{ Line = 'Find-SimilarImage -ReferenceMlUse '; Expected = @('test', 'validation', 'training', 'unassigned', 'all') }
        @{ Line = 'Find-LabelIssue -MlUse t'; Expected = @('test', 'training') }
        @{ Line = 'Find-NearDuplicate -MlUse '; Expected = @('test', 'validation', 'training', 'unassigned', 'all') }
        @{ Line = 'Invoke-ModelPrediction -MlUse '; Expected = @('test', 'validation', 'training', 'unassigned') }
    ) {
        Get-Completions $Line | Should -Be $Expected
    }

    It 'still refuses a split that is none, naming the splits, before any work' {
        { Find-Outlier -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -MlUse tset } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,AutoMLEval.PowerShell.Commands.FindOutlierCommand' -ExpectedMessage "*'tset' is not one of: test, validation, training, unassigned, all.*"
        # Any case, and AutoML's upper-case names, as before.
        @(Find-Outlier -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -MlUse TEST -All).Count | Should -Be 540
        @(Find-Outlier -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -MlUse VALIDATE -All).Count | Should -Be 126
    }

    It 'completes -MlUse with all only where the task bound takes it (<Line>)' -TestCases @(
        @{ Line = 'Get-ModelEvaluation -MlUse '; Expected = @('test', 'validation', 'training', 'unassigned', 'all') }
        @{ Line = 'Get-ModelEvaluation -Task Video -MlUse '; Expected = @('test', 'validation', 'training', 'unassigned', 'all') }
        @{ Line = 'Get-ModelEvaluation -Unit Shot -MlUse a'; Expected = @('all') }
        @{ Line = 'Get-ModelEvaluation -Task Classification -MlUse '; Expected = @('test', 'validation', 'training', 'unassigned') }
        @{ Line = 'Get-ModelEvaluation -Task detection -MlUse a'; Expected = @() }
    ) {
        Get-Completions $Line | Should -Be $Expected
    }
}

Describe 'Output objects' {
    It 'convert to JSON at -Depth 4 with their visible figures, not the engine''s hidden result: <Task>' -TestCases @(
        @{ Task = 'Classification' }, @{ Task = 'Detection' }, @{ Task = 'Video' }
    ) {
        # ConvertTo-Json serializes hidden properties too: the engine's Evaluation made a 2-image COCO evaluation 425 KB
        # of JSON (179 MB for 5,000 images), every score of a classification included.
        $evaluation = @{ Classification = $eval; Detection = $det; Video = $video }[$Task]
        # The demo's figures are 31 KB, 19 of them its 100 confusion cells, each naming its rule (Decision, IouThreshold,
        # ConfidenceThreshold).
        $json = $evaluation | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
        $json.Length | Should -BeLessThan 40000
        $back = $json | ConvertFrom-Json
        $back.PSObject.Properties.Name | Should -Not -Contain 'Evaluation'
        $back.Task | Should -Be $Task
        @($back.Labels).Count | Should -Be @($evaluation.Labels).Count
        # Still there for scripts that want it.
        $evaluation.Evaluation | Should -Not -BeNullOrEmpty
    }

    It 'convert to JSON at the default depth without a warning, and without hidden properties: <Type>' -TestCases @(
        @{ Type = 'ModelEvaluation' }, @{ Type = 'VideoEvaluation' }, @{ Type = 'DetectionModelEvaluation' },
        @{ Type = 'PartialModelEvaluation' }, @{ Type = 'Merged ModelEvaluation' }, @{ Type = 'SavedModelEvaluation' }
    ) {
        # Calibration.Bins, a level deeper than ConvertTo-Json's default -Depth 2, were cut to text with a "Resulting JSON
        # is truncated" warning, an error where warnings stop a script; Summary and PredictionFiles, hidden, came along.
        $part = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial
        $evaluation = switch ($Type) {
            'ModelEvaluation' { $eval }
            'VideoEvaluation' { $video }
            'DetectionModelEvaluation' { $det }
            'PartialModelEvaluation' { $part }
            'Merged ModelEvaluation' { $part | Merge-ModelEvaluation }
            'SavedModelEvaluation' { Import-ModelEvaluation -Path (Join-Path $TestDrive 'saved-demo.json') }
        }
        $WarningPreference = 'Stop'
        $back = $evaluation | ConvertTo-Json | ConvertFrom-Json
        $hidden = @($evaluation.PSObject.Properties.Name | Where-Object { $_ -notin ($evaluation | Get-Member -MemberType Properties).Name })
        # A partial's Content is what it is serialized for: it merges from its text.
        $left = @($back.PSObject.Properties.Name | Where-Object { $_ -in $hidden -and $_ -ne 'Content' })
        $left | Should -BeNullOrEmpty
        $back.Items | Should -Be $evaluation.Items
    }

    It 'are of a type the cmdlet declares, in [OutputType] and in its help: <Case>' -TestCases @(
        @{ Case = 'Get-ModelEvaluation -AsPartial'; Command = 'Get-ModelEvaluation'; Run = { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial } }
        @{ Case = 'Merge-ModelEvaluation of video parts'; Command = 'Merge-ModelEvaluation'; Run = { Get-ModelEvaluation -GroundTruthPath $tinyVideo.GroundTruth -PredictionPath $tinyVideo.Prediction -Task Video -AsPartial | Merge-ModelEvaluation } }
        @{ Case = 'Export-EvaluationReport -PassThru of a detection evaluation'; Command = 'Export-EvaluationReport'; Run = { $det | Export-EvaluationReport -Path (Join-Path $TestDrive 'passed-on.html') -PassThru } }
    ) {
        # PowerShell completes the properties after a pipe from [OutputType]; these three were missing from it or the help.
        $written = @(& $Run 3>$null)
        $written.Count | Should -Be 1
        $type = $written[0].GetType()
        (Get-Command -Name $Command).OutputType.Type | Should -Contain $type
        (Get-Help -Name $Command -Full).returnValues.returnValue.type.name | Should -Contain $type.FullName
    }

    It 'give the reliability bins in JSON of the bins themselves' {
        $bins = @($eval.Calibration.Bins | ConvertTo-Json | ConvertFrom-Json)
        $bins.Count | Should -Be 15
        ($bins | Measure-Object -Property Items -Sum).Sum | Should -Be 540
    }

    It 'export to CLIXML with their visible figures, the engine''s hidden result by its name only: <Task>' -TestCases @(
        @{ Task = 'Classification' }, @{ Task = 'Detection' }, @{ Task = 'Video' }
    ) {
        # Serialized property by property, the engine's Evaluation made this 2-image COCO evaluation 741 KB of CLIXML (a
        # 200-image one 3.7 MB, 2 s), for nothing: a deserialized evaluation keeps its figures only.
        $evaluation = @{ Classification = $eval; Detection = $det; Video = $video }[$Task]
        $file = Join-Path $TestDrive "$Task.clixml"
        $evaluation | Export-Clixml -LiteralPath $file
        (Get-Item -LiteralPath $file).Length | Should -BeLessThan 100KB
        $back = Import-Clixml -LiteralPath $file
        $back.Evaluation | Should -BeOfType [string]
        $back.Task | Should -Be $Task
        @($back.Labels).Count | Should -Be @($evaluation.Labels).Count
        ($back | Get-ModelEvaluation -WarningAction SilentlyContinue).Items | Should -Be $evaluation.Items
    }

    It 'never hide their values behind array members ($rows.Rank, $cells.Count)' {
        $neighbors = @(Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/0000.png')
        ($neighbors.NeighborRank -join ',') | Should -Be '1,2,3,4,5,6'
        # confusionMatrix.rows of the demo: 540 items in all, eight predicted as one 14 times.
        ($eval.ConfusionMatrix.Items | Measure-Object -Sum).Sum | Should -Be 540
        foreach ($object in $Samples.Values | ForEach-Object { @($_)[0] }) {
            $object.PSObject.Properties.Name | Should -Not -BeIn @('Count', 'Length', 'LongLength', 'Rank', 'SyncRoot')
        }
    }

    It 'show per-label slices, the confusion matrix and the intervals to Get-Member' {
        $members = ($eval | Get-Member -MemberType Property).Name
        $members | Should -Contain 'Labels'
        $members | Should -Contain 'ConfusionMatrix'
        $members | Should -Contain 'ConfidenceIntervals'
    }

    It 'say what they are in ToString()' {
        "$($eval.Labels | Where-Object Label -eq 'eight')" | Should -BeExactly 'eight: precision 1.0000 recall 0.4231'
        "$eval" | Should -BeExactly 'Classification of test, 540 items: accuracy 0.8963 AuPRC 0.9580 (predictions.test.jsonl)'
        $missed = $eval | Get-MisclassifiedImage -Label eight -Kind FalseNegative | Select-Object -First 1
        "$missed" | Should -Be $missed.Path
        foreach ($type in $Samples.Keys) { "$(@($Samples[$type])[0])" | Should -Not -Be $type }
    }

    It 'are $null where a value is undefined, not NaN or -1' {
        # A label the model scores but no ground-truth item carries has no positives: no ROC AUC; its AuPRC is 0, as
        # scikit-learn 1.2.1's average_precision_score gives (with a warning), and counts in the macro mean.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bird')
        Set-Content -LiteralPath (Join-Path $folder 'gt.csv') -Value @('test,a.png,cat', 'test,b.png,dog')
        Set-Content -LiteralPath (Join-Path $folder 'p.jsonl') -Value @(
            '{"instance":{"content":"a.png"},"prediction":{"displayNames":["cat","dog","bird"],"confidences":[0.7,0.2,0.1]}}'
            '{"instance":{"content":"b.png"},"prediction":{"displayNames":["cat","dog","bird"],"confidences":[0.1,0.8,0.1]}}'
        )
        $birds = Get-ModelEvaluation -GroundTruthPath (Join-Path $folder 'gt.csv') -PredictionPath (Join-Path $folder 'p.jsonl') -WarningAction SilentlyContinue
        $bird = $birds.Labels | Where-Object Label -eq 'bird'
        $bird.AuPrc | Should -Be 0
        $bird.AuRoc | Should -BeNullOrEmpty
        ($birds.Labels | Where-Object { $null -ne $_.AuRoc }).Count | Should -Be 2
        # Detection: a missed object has no score.
        ($det | Get-MisclassifiedImage -Kind MissedDetection).Score | Should -BeNullOrEmpty
        # COCO: a category without ground truth, and object sizes without objects, have AP -1 in pycocotools.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'coco')
        Set-Content -LiteralPath (Join-Path $folder 'gt.json') -Value '{"images":[{"id":1,"width":100,"height":100,"file_name":"a.jpg"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[10,10,50,50],"area":2500,"iscrowd":0}],"categories":[{"id":1,"name":"cat"},{"id":2,"name":"bird"}]}'
        Set-Content -LiteralPath (Join-Path $folder 'dt.json') -Value '[{"image_id":1,"category_id":1,"bbox":[10,10,50,50],"score":0.9},{"image_id":1,"category_id":2,"bbox":[60,60,20,20],"score":0.8}]'
        $coco = Get-ModelEvaluation -GroundTruthPath (Join-Path $folder 'gt.json') -PredictionPath (Join-Path $folder 'dt.json') -WarningAction SilentlyContinue
        ($coco.Labels | Where-Object Label -eq 'bird').AP | Should -BeNullOrEmpty
        ($coco.Labels | Where-Object Label -eq 'cat').AP | Should -BeGreaterThan 0.99
        # The one object (area 2500) is medium: no small or large objects.
        $coco.APSmall | Should -BeNullOrEmpty
        $coco.APLarge | Should -BeNullOrEmpty
        $coco.APMedium | Should -BeGreaterThan 0.99
    }
}

Describe 'Parameter vocabulary' {
    It 'words a value out of range one way: <Value> to -<Parameter> of <Command>' -TestCases @(
        # PowerShell's own [ValidateRange] said "The 2 argument is greater than the maximum allowed range of 1. Supply an
        # argument that is less than or equal to 1 and then try the command again." where Get-ModelEvaluation said this.
        @{ Command = 'Get-ModelEvaluation'; Parameter = 'Threshold'; Value = 1.5; Message = '1.5 is not between 0 and 1.' }
        @{ Command = 'Invoke-ThresholdSweep'; Parameter = 'Threshold'; Value = @(0.5, 2); Message = '2 is not between 0 and 1.' }
        @{ Command = 'Get-MisclassifiedImage'; Parameter = 'Threshold'; Value = 1.2; Message = '1.2 is not between 0 and 1.' }
        @{ Command = 'Find-SimilarImage'; Parameter = 'Count'; Value = 0; Message = '0 is not between 1 and 100000.' }
        @{ Command = 'Find-NearDuplicate'; Parameter = 'Threshold'; Value = -1; Message = '-1 is not at least 0.' }
        @{ Command = 'Find-NearDuplicate'; Parameter = 'Threshold'; Value = [double]::PositiveInfinity; Message = 'Infinity is not a finite number.' }
    ) {
        $arguments = @{ $Parameter = $Value }
        if ($Command -in 'Invoke-ThresholdSweep', 'Get-MisclassifiedImage') { $arguments.InputObject = $eval }
        else { $arguments.GroundTruthPath = $DemoGroundTruth }
        $failure = { & $Command @arguments } | Should -Throw -ErrorId "ParameterArgumentValidationError,*" -PassThru
        $failure.Exception.Message | Should -BeLike "*$Message"
    }

    It 'matches -Label ignoring case when that names one label' {
        ($eval | Invoke-ThresholdSweep -Label EIGHT -Threshold 0.5).Label | Should -BeExactly 'eight'
        @($eval | Get-MisclassifiedImage -Label Eight -Kind FalseNegative).Count | Should -Be @($eval | Get-MisclassifiedImage -Label eight -Kind FalseNegative).Count
        ($det | Invoke-ThresholdSweep -Label CAT -Threshold 0.5).Label | Should -BeExactly 'cat'
    }

    It 'says -<Parameter> of <Command> takes wildcards, in its metadata and help, as it resolves them' -TestCases @(
        @{ Command = 'Get-ModelEvaluation'; Parameter = 'ModelPath' }
        @{ Command = 'Get-ModelEvaluation'; Parameter = 'LabelPath' }
        @{ Command = 'Get-ModelEvaluation'; Parameter = 'ImagePath' }
        @{ Command = 'Get-ModelEvaluation'; Parameter = 'MetadataPath' }
        @{ Command = 'Invoke-ModelPrediction'; Parameter = 'ModelPath' }
        @{ Command = 'Invoke-ModelPrediction'; Parameter = 'LabelPath' }
        @{ Command = 'Invoke-ModelPrediction'; Parameter = 'GroundTruthPath' }
        @{ Command = 'Export-EvaluationReport'; Parameter = 'ImagePath' }
        @{ Command = 'Find-ErrorSlice'; Parameter = 'MetadataPath' }
        @{ Command = 'Import-ModelEvaluation'; Parameter = 'Path' }
    ) {
        (Get-Command $Command).Parameters[$Parameter].Attributes.TypeId.Name | Should -Contain 'SupportsWildcardsAttribute'
        (Get-Help $Command -Parameter $Parameter).globbing | Should -Be 'true'
    }

    It 'gives every parameter of <Name> the same "Accept wildcard characters" in its help as in its metadata' -TestCases @(
        (Get-Command -Module AutoMLEval).Name | ForEach-Object { @{ Name = $_ } }
    ) {
        foreach ($parameter in Get-Help $Name -Parameter *) {
            $wildcards = (Get-Command $Name).Parameters[$parameter.name].Attributes.TypeId.Name -contains 'SupportsWildcardsAttribute'
            $parameter.globbing | Should -Be "$wildcards".ToLowerInvariant() -Because "-$($parameter.name)"
        }
    }

    It 'resolves wildcards in -ModelPath, -LabelPath and -Path of Import-ModelEvaluation' {
        Push-Location -LiteralPath $Demo
        try { (Get-ModelEvaluation -GroundTruthPath dataset.csv -ModelPath mod*.onnx -LabelPath lab*.txt).Accuracy | Should -Be $eval.Accuracy }
        finally { Pop-Location }
        @(Import-ModelEvaluation -Path (Join-Path $TestDrive 'saved-*.json')).Count | Should -Be 2
    }

    It 'keeps the old names of files as aliases' {
        (Get-ModelEvaluation -GroundTruth $DemoGroundTruth -Prediction $DemoPredictions).Items | Should -Be 540
        @(Find-SimilarImage -GroundTruth $DemoGroundTruth -Embedding $AllEmbeddings -ItemId 'images/test/0000.png').Count | Should -Be 6
    }

    It 'stops with one TaskDoesNotFitInput error before any work when -Task <Task> names what the ground truth is not' -TestCases @(
        @{ Task = 'Detection' }, @{ Task = 'Video' }, @{ Task = 'Segmentation' }
    ) {
        $errors = $null
        { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -Task $Task -ErrorVariable errors } |
            Should -Throw -ErrorId "TaskDoesNotFitInput,$EvaluationCommand"
        @($errors).Count | Should -Be 1
        { Get-ModelEvaluation -GroundTruthPath $CocoGroundTruth -PredictionPath $CocoPrediction -Task Classification } | Should -Throw -ErrorId "TaskDoesNotFitInput,$EvaluationCommand"
    }
}

Describe 'Get-ModelEvaluation -ImagePath' {
    It 'is for Vertex AI detection files: COCO files carry their sizes, classification has no use for it' {
        { Get-ModelEvaluation -GroundTruthPath $CocoGroundTruth -PredictionPath $CocoPrediction -ImagePath $TestDrive -ErrorAction Stop } |
            Should -Throw -ErrorId "InputsNotSupported,$EvaluationCommand"
        { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -ImagePath $TestDrive -ErrorAction Stop } |
            Should -Throw -ErrorId "ParameterNotForTask,$EvaluationCommand"
    }
}

Describe 'Get-ModelEvaluation -Verbose' {
    It 'says which task the ground truth decided, what is evaluated against what, and how long it took' {
        $messages = @(Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -Threshold 0.7 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $messages.Count | Should -Be 3
        $messages[0] | Should -Be "'$DemoGroundTruth' reads as a classification ground truth: the task is Classification."
        $messages[1] | Should -Be "Classification: ground truth '$DemoGroundTruth', split test; predictions '$DemoPredictions', threshold 0.7."
        $messages[2] | Should -Match '^Read and evaluated in \d+\.\d\d s\.$'
    }

    It 'names no split or threshold for COCO files, which have neither' {
        $messages = @(Get-ModelEvaluation -GroundTruthPath $CocoGroundTruth -PredictionPath $CocoPrediction -Task Detection -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $messages[0] | Should -Be "Detection: ground truth '$CocoGroundTruth'; predictions '$CocoPrediction'."
    }
}

Describe 'Help and README examples' {
    It 'every help example of <Name> parses' -TestCases @(
        (Get-Command -Module AutoMLEval).Name | ForEach-Object { @{ Name = $_ } }
    ) {
        $examples = @((Get-Help -Name $Name -Examples).Examples.Example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.Code, [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because $example.Code
            # Every parameter an example names exists (or is an alias) on the command it follows.
            foreach ($command in [System.Management.Automation.Language.Parser]::ParseInput($example.Code, [ref] $null, [ref] $null).FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                $info = Get-Command -Name $command.GetCommandName() -ErrorAction SilentlyContinue
                if ($null -eq $info -or $info.ModuleName -ne 'AutoMLEval') { continue }
                foreach ($parameter in $command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    $known = $info.Parameters.Values | Where-Object { $_.Name -eq $parameter.ParameterName -or $_.Aliases -contains $parameter.ParameterName }
                    $known | Should -Not -BeNullOrEmpty -Because "$($info.Name) -$($parameter.ParameterName) in: $($example.Code)"
                }
            }
        }
    }

    It 'numbers the help examples of <Name> 1, 2, 3 … in order' -TestCases @(
        (Get-Command -Module AutoMLEval).Name | ForEach-Object { @{ Name = $_ } }
    ) {
        $numbers = @((Get-Help -Name $Name -Examples).Examples.Example | ForEach-Object { [int]($_.Title -replace '^\W*Example (\d+):.*$', '$1') })
        $numbers | Should -Be @(1..$numbers.Count)
    }

    It 'gives as -Task''s default what decides without it: the ground truth, which a COCO file makes detection' {
        (Get-Help Get-ModelEvaluation -Parameter Task).defaultValue | Should -BeExactly "the ground truth's task"
        (Get-ModelEvaluation -GroundTruthPath $CocoGroundTruth -PredictionPath $CocoPrediction).Task | Should -BeExactly 'Detection'
    }

    It 'about_AutoMLEval names exactly the cmdlets whose files have -Literal…Path twins' {
        $files = ((Get-Help about_AutoMLEval | Out-String) -split 'FILES AND PATHS')[1] -split 'Ground truth:' | Select-Object -First 1
        $twinned = (Get-Command -Module AutoMLEval | Where-Object { $_.Parameters.Keys -like 'Literal*Path' }).Name
        $named = (Get-Command -Module AutoMLEval).Name | Where-Object { $files -match "\b$_\b" }
        $named | Sort-Object | Should -Be ($twinned | Sort-Object)
    }

    It 'about_AutoMLEval introduces every exported cmdlet, and its first run runs as written' {
        $topic = Get-Help about_AutoMLEval | Out-String
        foreach ($name in (Get-Command -Module AutoMLEval).Name) { $topic | Should -Match "\b$name\b" }
        $firstRun = ($topic -split 'A FIRST RUN')[1] -split 'OBJECTS, NOT TEXT' | Select-Object -First 1
        $code = ($firstRun -split '\r?\n' | Where-Object { $_ -match '^\s{6}' }) -join "`n"
        Push-Location -LiteralPath $TestDrive
        try { $output = @(& ([scriptblock]::Create($code))) }
        finally { Pop-Location }
        $output[0].Accuracy | Should -Be 0.8962962962962963
        @($output | Where-Object { $_ -is [AutoMLEval.MisclassifiedImage] }).Count | Should -BeGreaterThan 0
        @(Import-Csv -LiteralPath (Join-Path $TestDrive sweep.csv)).Count | Should -BeGreaterThan 20
    }

    It 'the help of <Name> promises no NaN in its output: undefined values are $null' -TestCases @(
        (Get-Command -Module AutoMLEval).Name | ForEach-Object { @{ Name = $_ } }
    ) {
        (Get-Help -Name $Name -Full | Out-String -Width 250) | Should -Not -Match '\bNaN\b'
    }

    It 'the PowerShell blocks of README.md and docs parse' {
        $pages = @(Join-Path $PSScriptRoot '../../README.md') + @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot '../../docs') -Filter *.md | ForEach-Object FullName)
        $parsed = 0
        foreach ($page in $pages) {
            $text = Get-Content -Raw -LiteralPath $page
            foreach ($block in [regex]::Matches($text, '```powershell\r?\n(.*?)```', 'Singleline')) {
                $code = $block.Groups[1].Value
                # A pasted session: the commands are the lines after the prompt (PS> ) and its continuation (>> ).
                if ($code -match '(?m)^PS> ') {
                    $code = ($code -split '\r?\n' | Where-Object { $_ -match '^(PS> |>>)' } | ForEach-Object { $_ -replace '^(PS> |>> ?)', '' }) -join "`n"
                }
                $errors = $null
                $null = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref] $null, [ref] $errors)
                $errors | Should -BeNullOrEmpty -Because "$page`n$code"
                $parsed++
            }
        }
        $parsed | Should -BeGreaterThan 10
    }
}
