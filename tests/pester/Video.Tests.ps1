# Get-ModelEvaluation -Task Video and the video paths of Invoke-ThresholdSweep and Get-MisclassifiedImage, against
# the built module. Expected values: worked out by hand on New-TinyVideoDataset (Common.ps1); the xunit test
# VideoEvaluationMappingTests.TinyVideoGivesTheHandWorkedFigures checks the same numbers without PowerShell.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Should -Throw -ErrorId compares the whole FullyQualifiedErrorId ("ErrorId,CommandClass") with -like.
    $EvaluationCommand = 'AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
    $tiny = New-TinyVideoDataset -Folder $TestDrive
    $video = Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $tiny.Prediction -Task Video
}

Describe 'Get-ModelEvaluation -Task Video' {
    It 'breaks LabelNames between names at 80 columns, not mid-word' {
        # Before: "...;running;swimming;talk" then "ing". The xunit fixture's seven labels are 56 characters; the value
        # column of the view breaks at the console's width (80 when output is redirected, as here) less its last column
        # and "VideosWithoutPredictions : ": 52, so "talking" goes to the next line, whole.
        $fixtures = Join-Path $PSScriptRoot '../AutoMLEval.Tests/Fixtures/video'
        $seven = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixtures 'ground_truth.jsonl') -PredictionPath (Join-Path $fixtures 'predictions.segment.jsonl') -Task Video -WarningAction SilentlyContinue
        $lines = ($seven | Out-String -Width 80) -split '\r?\n'
        $at = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line.StartsWith('LabelNames ') })
        $lines[$at] | Should -BeExactly 'LabelNames               : cooking;dancing;driving;reading;running;swimming;'
        $lines[$at + 1] | Should -BeExactly '                           talking'
        $seven.LabelNames | Should -BeExactly 'cooking;dancing;driving;reading;running;swimming;talking'
    }

    It 'writes a VideoEvaluation of the segments asked about' {
        $video.GetType().FullName | Should -Be 'AutoMLEval.VideoEvaluation'
        $video.Task | Should -BeExactly 'Video'
        $video.Unit | Should -BeExactly 'Segment'
        $video.Items | Should -Be 2
        $video.Videos | Should -Be 1
        $video.LabelCount | Should -Be 2
    }

    It 'has the hand-worked metrics at 0.5 (TP walk [0,4), FP talk [0,4), FN talk [4,8))' {
        $video.Precision | Should -Be 0.5
        $video.Recall | Should -Be 0.5
        $video.F1Score | Should -Be 0.5
        # Pairs by score 0.9 T, 0.6 F, 0.3 T, 0.2 F: AP = 1/2 * 1 + 1/2 * 2/3 = 5/6.
        [math]::Abs($video.AuPrc - 5 / 6) | Should -BeLessThan 1e-12
        # walk 4 s of 4 s, talk 0 s of 8 s: pooled 4 / 12.
        [math]::Abs($video.TemporalIoU - 1 / 3) | Should -BeLessThan 1e-12
        ($video.Labels | Where-Object Label -eq 'walk').TemporalIoU | Should -Be 1
    }

    It 'has the log loss the CLI prints, in its list view too' {
        # Mean binary cross-entropy of the four pairs: walk 0.9 true, talk 0.6 false, walk 0.2 false, talk 0.3 true.
        $expected = -([math]::Log(0.9) + [math]::Log(0.4) + [math]::Log(0.8) + [math]::Log(0.3)) / 4
        [math]::Abs($video.LogLoss - $expected) | Should -BeLessThan 1e-12
        ($video | Out-String -Width 80) | Should -Match '(?m)^LogLoss\s+: 0\.6122$'
    }

    It '-Unit alone implies -Task Video' {
        $byUnit = Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $tiny.Prediction -Unit Segment
        $byUnit.GetType().FullName | Should -Be 'AutoMLEval.VideoEvaluation'
    }

    It 'stops on -Unit with -Task Classification' {
        { Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $tiny.Prediction -Task Classification -Unit Shot } | Should -Throw -ErrorId "UnitNeedsVideoTask,$EvaluationCommand"
    }

    It 'stops on the classification-only switch <Switch>' -TestCases @(
        @{ Switch = 'MultiLabel' }
        @{ Switch = 'Strict' }
        @{ Switch = 'ConfidenceInterval' }
    ) {
        $arguments = @{ GroundTruth = $tiny.GroundTruth; Prediction = $tiny.Prediction; Task = 'Video'; $Switch = $true }
        { Get-ModelEvaluation @arguments } | Should -Throw -ErrorId "ParameterNotForVideo,$EvaluationCommand"
    }

    It 'evaluates a ground truth without splits whole, as for images, and every record with -MlUse all' {
        # A Vertex AI CSV without ML_USE: a record without a split is in every split, the default test split too. The
        # tiny dataset's annotations, so its hand-worked figures (precision 0.5) come out.
        $noSplit = Join-Path $TestDrive 'no-split.csv'
        Set-Content -LiteralPath $noSplit -Value 'v.mp4,walk,0,4', 'v.mp4,talk,4s,8s'
        $default = Get-ModelEvaluation -GroundTruthPath $noSplit -PredictionPath $tiny.Prediction -Task Video -WarningVariable warned
        $default.Items | Should -Be 2
        $default.Precision | Should -Be 0.5
        $default.MlUse | Should -BeExactly 'test'
        $warned | Should -BeNullOrEmpty

        # With splits, -MlUse all takes the training video the test split leaves out: w.mp4, predicted as v.mp4 is, whose
        # talk at 4-8 s the model misses (recall 1 without it, 0.5 with it; its segments make 4 items).
        $split = Join-Path $TestDrive 'split.csv'
        Set-Content -LiteralPath $split -Value 'test,v.mp4,walk,0,4', 'training,w.mp4,talk,4s,8s'
        $bothVideos = Join-Path $TestDrive 'both-videos.jsonl'
        Set-Content -LiteralPath $bothVideos -Value ((Get-Content -LiteralPath $tiny.Prediction) + ((Get-Content -LiteralPath $tiny.Prediction) -replace '"v\.mp4"', '"w.mp4"'))
        $testOnly = Get-ModelEvaluation -GroundTruthPath $split -PredictionPath $bothVideos -Task Video -WarningAction SilentlyContinue
        $testOnly.Recall | Should -Be 1
        # w.mp4's two instances, left out as another split's, are counted in the view beside the other left-out counts.
        $testOnly.OtherSplitInstances | Should -Be 2
        $view = ($testOnly | Out-String -Width 80) -split '\r?\n'
        $view | Should -Contain 'OtherSplitInstances      : 2'
        $view[[array]::IndexOf($view, 'OtherSplitInstances      : 2') - 1] | Should -Match '^UnknownVideoInstances\s+: 0$'
        $all = Get-ModelEvaluation -GroundTruthPath $split -PredictionPath $bothVideos -Task Video -MlUse all
        $all.Items | Should -Be 4
        $all.Recall | Should -Be 0.5
        $all.MlUse | Should -BeExactly 'all'
        # One video in two splits is refused whatever the split evaluated (it would be evaluated twice, or a training
        # video tested): the later row, as for images.
        $conflict = Join-Path $TestDrive 'conflict.csv'
        Set-Content -LiteralPath $conflict -Value 'test,v.mp4,walk,0,4', 'training,v.mp4,talk,4s,8s'
        $null = Get-ModelEvaluation -GroundTruthPath $conflict -PredictionPath $tiny.Prediction -Task Video -MlUse all -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'ConflictingSplit,*'
        "$($refused[0])" | Should -BeLike "*conflict.csv:2: field 'ML_USE': 'v.mp4' was listed in split 'test' on line 1; here it is in 'training'; the record is skipped."
        (TabExpansion2 -inputScript ($line = 'Get-ModelEvaluation -MlUse a') -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'all'
    }

    It 'warns VideoImportReadAsClassification for a video CSV read without -Task Video, and not for numeric labels of images' {
        $videoCsv = Join-Path $TestDrive 'video-import.csv'
        Set-Content -LiteralPath $videoCsv -Value 'test,v.mp4,walk,0,4', 'test,v.mp4,talk,4s,8s'
        $null = Get-ModelEvaluation -GroundTruthPath $videoCsv -PredictionPath $tiny.Prediction -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($warned | Where-Object { "$_" -like '*video-import.csv:1:*Vertex AI video classification import*name the task (--task video, -Task Video)*' }).Count | Should -Be 1

        $numeric = Join-Path $TestDrive 'numeric-labels.csv'
        Set-Content -LiteralPath $numeric -Value 'test,a.png,cat,0,4', 'test,b.png,dog,1,2'
        $null = Get-ModelEvaluation -GroundTruthPath $numeric -PredictionPath $tiny.Prediction -WarningVariable quiet -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        @($quiet | Where-Object { "$_" -like '*video classification import*' }).Count | Should -Be 0
    }

    It 'warns MisspeltField for a misspelt timeSegmentAnnotations key, naming the line and the near field, and evaluates the video as one without annotations' {
        $misspelt = Join-Path $TestDrive 'misspelt.jsonl'
        # A second, unpredicted video keeps the labels known: without them there would be nothing to evaluate.
        $lines = @((Get-Content -LiteralPath $tiny.GroundTruth) -replace '"timeSegmentAnnotations"', '"timeSegmentAnotations"')
        $lines += '{"videoGcsUri":"w.mp4","timeSegmentAnnotations":[{"displayName":"walk"},{"displayName":"talk"}]}'
        Set-Content -LiteralPath $misspelt -Value $lines
        $result = Get-ModelEvaluation -GroundTruthPath $misspelt -PredictionPath $tiny.Prediction -Task Video -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | Where-Object { "$_" -like "*misspelt.jsonl:1: field 'timeSegmentAnotations': *read without 'timeSegmentAnnotations'*Near name: timeSegmentAnnotations." }).Count | Should -Be 1
        # No label is true on either segment, so walk 0.9 and talk 0.6 are the two positives at 0.5, both false.
        $result.Items | Should -Be 2
        $result.Precision | Should -Be 0
    }

    It 'warns MisspeltField that a misspelt key beside timeSegmentAnnotations is ignored, and evaluates the annotations read' {
        $beside = Join-Path $TestDrive 'beside.jsonl'
        Set-Content -LiteralPath $beside -Value @((Get-Content -LiteralPath $tiny.GroundTruth) -replace '"timeSegmentAnnotations"', '"timeSegmentAnotations":[],"timeSegmentAnnotations"')
        $result = Get-ModelEvaluation -GroundTruthPath $beside -PredictionPath $tiny.Prediction -Task Video -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | Where-Object { "$_" -like "*beside.jsonl:1: field 'timeSegmentAnotations': 'timeSegmentAnotations' is not a field of the record and is ignored; 'timeSegmentAnnotations', which it is near, is there as well and is read." }).Count | Should -Be 1
        @($warned | Where-Object { "$_" -like '*read without*' }).Count | Should -Be 0
        # The annotations are read: at 0.5 walk 0.9 on [0 s, 4 s) is right and talk 0.6 there wrong, so precision 1/2.
        $result.Items | Should -Be 2
        $result.Precision | Should -Be 0.5
    }

    It 'writes one UnexpectedJson error naming -Task Video for video predictions given with an image ground truth' {
        # Each line was an InvalidRecord error of its own (20 listed, then a count), then NoItems.
        $evaluation = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $tiny.Prediction -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $evaluation | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be "UnexpectedJson,$EvaluationCommand"
        "$($failed[0])" | Should -BeLike "*video_predictions.jsonl:1: field 'prediction': the file is a video model's batch predictions*with --task video (-Task Video)"
    }

    It 'stops on -MlUse all with -Task <Task>, which takes one split' -TestCases @(
        @{ Task = 'Classification' }
        @{ Task = 'Detection' }
    ) {
        { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -Task $Task -MlUse all } | Should -Throw -ErrorId "ParameterNotForTask,$EvaluationCommand"
    }

    It 'writes ParameterNotForTask for -MlUse all with a classification ground truth and goes on' {
        $result = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -MlUse all -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeExactly "ParameterNotForTask,$EvaluationCommand"
    }

    It 'writes a NoItems error for an empty ground truth named with -Task <Task>, not TaskDoesNotFitInput' -TestCases @(
        @{ Task = 'Video'; Name = 'empty.jsonl' }
        @{ Task = 'Detection'; Name = 'empty.json' }
    ) {
        # An empty file is of no task: it was said to be 'not a video ground truth (it reads as classification)', a stop.
        $empty = Join-Path $TestDrive $Name
        Set-Content -LiteralPath $empty -Value $null -NoNewline
        $result = Get-ModelEvaluation -GroundTruthPath $empty -PredictionPath $tiny.Prediction -Task $Task -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Not -BeLike 'TaskDoesNotFitInput,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failed[0].TargetObject | Should -Be $empty
    }

    It 'has a table view of its headline figures at <Width> columns, as classification and detection evaluations have' -TestCases @(
        @{ Width = 80 }
        @{ Width = 120 }
    ) {
        # Several evaluations (shards, models) side by side: without a view PowerShell made up a table of the first
        # properties, cut a header in two at 80 columns and rounded the figures to two decimals.
        $lines = ($video, $video | Format-Table | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^Unit\s+Items\s+AuPrc\s+Precision\s+Recall\s+F1Score\s+TemporalIoU\s+Predictions$'
        # The hand-worked figures: AuPRC 5/6, precision, recall and F1 0.5, temporal IoU 1/3; the file name's end in the
        # 19 columns that the set widths (53 and 7 spaces) leave of the 79 the 80-column host writes (output redirected
        # here, so at 120 too).
        $lines[2] | Should -Match '^Segment\s+2\s+0\.8333\s+0\.5000\s+0\.5000\s+0\.5000\s+0\.3333\s+…_predictions\.jsonl$'
        $lines | ForEach-Object { $_.Length | Should -BeLessThan 80 }
    }

    It 'keeps its own list view after a classification evaluation in one pipeline (Import-Csv of runs of several tasks)' {
        # PowerShell shows a pipeline's objects in the first one's view; a video evaluation that view did not select came
        # out as all its properties, unformatted (TemporalIoU 0.333333333333333, the Labels list).
        $classification = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
        $text = $classification, $video | Out-String -Width 80
        $text | Should -Match '(?m)^TemporalIoU\s+: 0\.3333$'
        $text | Should -Match '(?m)^AuPrc\s+: 0\.8333$'
        $text | Should -Not -Match '(?m)^Labels\s+:'
    }

    It 'exports flat to CSV' {
        $csv = Join-Path $TestDrive 'video.csv'
        $video | Export-Csv -LiteralPath $csv -NoTypeInformation
        $row = Import-Csv -LiteralPath $csv
        $row.Unit | Should -BeExactly 'Segment'
        $row.LabelNames | Should -BeExactly 'talk;walk'
    }
}

Describe 'Invoke-ThresholdSweep on a video evaluation' {
    It 'adds the temporal IoU to the micro rows' {
        $row = $video | Invoke-ThresholdSweep -Threshold 0.5
        $row.Label | Should -BeExactly '(micro)'
        $row.TruePositiveCount | Should -Be 1
        $row.FalsePositiveCount | Should -Be 1
        $row.FalseNegativeCount | Should -Be 1
        [math]::Abs($row.TemporalIoU - 1 / 3) | Should -BeLessThan 1e-12
    }

    It 'sweeps one label: talk at 0.25 is predicted on both segments (IoU 4 s of 8 s)' {
        $row = $video | Invoke-ThresholdSweep -Label talk -Threshold 0.25
        $row.Label | Should -BeExactly 'talk'
        $row.TruePositiveCount | Should -Be 1
        $row.FalsePositiveCount | Should -Be 1
        $row.TemporalIoU | Should -Be 0.5
    }

    It 'leaves the temporal IoU of a label with no span on either side empty, not NaN' {
        # swim is annotated on a training video only, and scored 0.1 on the test segment: at 0.5 neither the
        # predictions nor the annotations cover a second of it, so |P ∩ T| / |P ∪ T| is 0 / 0 (the CLI prints '-').
        $truth = Join-Path $TestDrive 'swim.jsonl'
        $predictions = Join-Path $TestDrive 'swim_predictions.jsonl'
        Set-Content -LiteralPath $truth -Value @(
            '{"videoGcsUri":"v.mp4","timeSegmentAnnotations":[{"displayName":"walk","startTime":"0s","endTime":"4s"}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}'
            '{"videoGcsUri":"t.mp4","timeSegmentAnnotations":[{"displayName":"swim","startTime":"0s","endTime":"4s"}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"training"}}')
        Set-Content -LiteralPath $predictions -Value '{"instance":{"content":"v.mp4","timeSegmentStart":"0s","timeSegmentEnd":"4s"},"prediction":[{"displayName":"walk","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.9},{"displayName":"swim","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.1}]}'
        $swim = Get-ModelEvaluation -GroundTruthPath $truth -PredictionPath $predictions -WarningAction SilentlyContinue
        $row = $swim | Invoke-ThresholdSweep -Label swim -Threshold 0.5
        $row.TemporalIoU | Should -BeNullOrEmpty
        ($swim.Labels | Where-Object Label -EQ swim).TemporalIoU | Should -BeNullOrEmpty
        ($row | ConvertTo-Csv)[1] | Should -Not -Match 'NaN'
    }
}

Describe 'Get-MisclassifiedImage on a video evaluation' {
    It 'lists the false positive talk on [0 s, 4 s)' {
        $wrong = @($video | Get-MisclassifiedImage -Kind FalsePositive)
        $wrong.Count | Should -Be 1
        $wrong[0].GetType().FullName | Should -Be 'AutoMLEval.MisclassifiedSegment'
        $wrong[0].Video | Should -BeExactly 'v.mp4'
        $wrong[0].Start | Should -Be 0
        $wrong[0].End | Should -Be 4
        $wrong[0].Label | Should -BeExactly 'talk'
        $wrong[0].Score | Should -Be 0.6
        $wrong[0].TrueLabel | Should -BeExactly 'walk'
        # The line it was scored on, named for its file (the predictions' first line).
        $wrong[0].PredictionLine | Should -Be 1
        $wrong[0].PSObject.Properties.Name | Should -Not -Contain 'Line'
    }

    It 'lists the false negative talk on [4 s, 8 s), confidence 1 - 0.3' {
        $missed = $video | Get-MisclassifiedImage -Label talk -Kind FalseNegative
        $missed.Start | Should -Be 4
        [math]::Abs($missed.Confidence - 0.7) | Should -BeLessThan 1e-12
    }

    It 'shows the whole video path in its table at <Width> columns, wrapped where it is longer than the room left' -TestCases @(
        @{ Width = 80 }, @{ Width = 120 }
    ) {
        # Before, the Video column was 17 wide at any width: '…' and the last 16 characters ('…ideos/v.mp4'-like).
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive "long-video-$Width") -Force
        $long = New-TinyVideoDataset -Folder $folder.FullName
        $path = 'gs://a-bucket/automl-video/2026-12-05/test-split/v.mp4'
        foreach ($file in $long.GroundTruth, $long.Prediction) { (Get-Content -LiteralPath $file) -replace '"v\.mp4"', "`"$path`"" | Set-Content -LiteralPath $file }
        $wrong = Get-ModelEvaluation -GroundTruthPath $long.GroundTruth -PredictionPath $long.Prediction -Task Video | Get-MisclassifiedImage -Kind FalsePositive
        $wrong.Video | Should -BeExactly $path

        $lines = @(($wrong | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() })
        # Under the group line naming the predictions file (folder and name).
        $lines[0] | Should -Match '^\s+Predictions: \S+/video_predictions\.jsonl$'
        $lines = @($lines | Select-Object -Skip 1)
        $lines[0] | Should -Match '^Label\s+Kind\s+Score\s+Start\s+End\s+TrueLabel\s+Video$'
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $Width
        # The Video column holds the path whole: on the row's line at 120 columns, over the row's lines at 80.
        $column = $lines[0].IndexOf('Video')
        $shown = -join ($lines | Select-Object -Skip 2 | ForEach-Object { $_.Substring([math]::Min($column, $_.Length)).TrimEnd() })
        $shown | Should -BeExactly $path
        $lines[2] | Should -Match '^talk\s+FalsePositive\s+0\.6000\s+0\s+4\s+walk\s+gs://'
        @($lines | Select-Object -Skip 2).Count | Should -Be $(if ($Width -eq 120) { 1 } else { 3 })
    }

    It 'writes KindNotForVideo for -Kind TruePositive' {
        { $video | Get-MisclassifiedImage -Kind TruePositive -ErrorAction Stop } | Should -Throw -ErrorId 'KindNotForVideo,AutoMLEval.PowerShell.Commands.GetMisclassifiedImageCommand'
    }
}

Describe 'Get-MisclassifiedImage on several video evaluations' {
    It 'tells the segments of two evaluations apart by PredictionPath' {
        # The segments carried no file of their evaluation: two models' errors piped together could not be told apart.
        $copy = Join-Path $TestDrive 'video_predictions.copy.jsonl'
        Copy-Item -LiteralPath $tiny.Prediction -Destination $copy
        $other = Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $copy -Task Video
        $groups = $video, $other | Get-MisclassifiedImage -Kind FalsePositive | Group-Object PredictionPath -AsHashTable
        $groups.Keys.Count | Should -Be 2
        # One false positive each: talk on [0 s, 4 s) (New-TinyVideoDataset).
        $groups[$video.PredictionPath].Count | Should -Be 1
        $groups[$copy].Count | Should -Be 1
    }
}
