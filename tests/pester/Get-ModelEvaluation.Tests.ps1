# Get-ModelEvaluation against the built module. Expected floats on the digits demo are what scikit-learn 1.2.1
# computes on its test split: shared/reference/digits/expected.test.json (key named in each test case);
# the tiny data set's figures are worked out by hand in Common.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Should -Throw -ErrorId compares the whole FullyQualifiedErrorId ("ErrorId,CommandClass") with -like.
    $Command = 'AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
}

Describe 'Get-ModelEvaluation' {
    Context 'the digits demo (540 test images, 10 labels)' {
        BeforeAll {
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
        }

        It 'writes one AutoMLEval.ModelEvaluation of the test split' {
            @($eval).Count | Should -Be 1
            $eval.GetType().FullName | Should -Be 'AutoMLEval.ModelEvaluation'
            $eval.MlUse | Should -Be 'test'
            $eval.Items | Should -Be 540
            $eval.LabelCount | Should -Be 10
            $eval.IsMultiLabel | Should -BeFalse
            $eval.MissingPredictions | Should -Be 0
            $eval.UnknownPredictions | Should -Be 0
        }

        It '<Property> equals scikit-learn''s <Key>' -TestCases @(
            @{ Property = 'AuPrc'; Key = 'microAuPrc'; Expected = 0.9580221538568727 }
            @{ Property = 'AuRoc'; Key = 'microAuRoc'; Expected = 0.993956332876086 }
            @{ Property = 'MacroAuPrc'; Key = 'macroAuPrc'; Expected = 0.9640990386970019 }
            @{ Property = 'MacroAuRoc'; Key = 'macroAuRoc'; Expected = 0.994172095889539 }
            @{ Property = 'LogLoss'; Key = 'logLoss'; Expected = 0.330657380956613 }
            @{ Property = 'Accuracy'; Key = 'accuracy'; Expected = 0.8962962962962963 }
            @{ Property = 'MacroF1'; Key = 'macroF1'; Expected = 0.8960233788593378 }
            @{ Property = 'Top1Accuracy'; Key = 'topKAccuracy.1'; Expected = 0.8962962962962963 }
            @{ Property = 'Top2Accuracy'; Key = 'topKAccuracy.2'; Expected = 0.9611111111111111 }
            @{ Property = 'Top3Accuracy'; Key = 'topKAccuracy.3'; Expected = 0.9888888888888889 }
            @{ Property = 'Top5Accuracy'; Key = 'topKAccuracy.5'; Expected = 0.9962962962962963 }
            @{ Property = 'Precision'; Key = 'confidenceMetrics[0.5].precision'; Expected = 0.9284294234592445 }
            @{ Property = 'Recall'; Key = 'confidenceMetrics[0.5].recall'; Expected = 0.8648148148148148 }
            @{ Property = 'F1Score'; Key = 'confidenceMetrics[0.5].f1Score'; Expected = 0.8954937679769895 }
        ) {
            [math]::Abs($eval.$Property - $Expected) | Should -BeLessThan 1e-9
        }

        It 'has the per-label slice of <Label> (perLabel[] of expected.test.json: precisionAt0.5, recallAt0.5, argmaxPrecision)' -TestCases @(
            @{ Label = 'zero'; AuPrc = 0.9987228607918262; AuRoc = 0.9998475842097242; Precision = 1.0; Recall = 0.9814814814814815; ArgMaxPrecision = 1.0; Support = 54 }
            @{ Label = 'one'; AuPrc = 0.9211122283190166; AuRoc = 0.9862043111527647; Precision = 0.7142857142857143; Recall = 0.9090909090909091; ArgMaxPrecision = 0.6410256410256411; Support = 55 }
            @{ Label = 'eight'; AuPrc = 0.907917162230128; AuRoc = 0.9861286254728878; Precision = 1.0; Recall = 0.4230769230769231; ArgMaxPrecision = 0.96875; Support = 52 }
        ) {
            $slice = $eval.Labels | Where-Object { $_.Label -ceq $Label }
            $slice.Support | Should -Be $Support
            [math]::Abs($slice.AuPrc - $AuPrc) | Should -BeLessThan 1e-9
            [math]::Abs($slice.AuRoc - $AuRoc) | Should -BeLessThan 1e-9
            [math]::Abs($slice.Precision - $Precision) | Should -BeLessThan 1e-9
            [math]::Abs($slice.Recall - $Recall) | Should -BeLessThan 1e-9
            [math]::Abs($slice.ArgMaxPrecision - $ArgMaxPrecision) | Should -BeLessThan 1e-9
        }

        It 'has the confusion matrix in long form (confusionMatrix.rows: eight predicted as one 14 times of 52)' {
            $eval.ConfusionMatrix.Count | Should -Be 100
            $cell = $eval.ConfusionMatrix | Where-Object { $_.TrueLabel -ceq 'eight' -and $_.PredictedLabel -ceq 'one' }
            $cell.Items | Should -Be 14
            [math]::Abs($cell.RowPercent - (100.0 * 14 / 52)) | Should -BeLessThan 1e-9
        }

        It 'names the matrix''s rule in every cell, so that Export-Csv keeps it (the CLI JSON''s decision: "topLabel")' {
            $csv = Join-Path $TestDrive 'confusion.csv'
            $eval.ConfusionMatrix | Export-Csv -LiteralPath $csv -NoTypeInformation
            $rows = Import-Csv -LiteralPath $csv
            ($rows.Decision | Select-Object -Unique) | Should -BeExactly 'TopLabel'
            ($rows[0].IouThreshold, $rows[0].ConfidenceThreshold) | Should -Be @('', '')
        }

        It 'names the rule of MacroF1 in its list view: single-label, by top label beside Accuracy' {
            # sklearn's f1_score(argmax, average="macro") 0.8960; the mean of the Labels' F1Score at 0.5 is another figure.
            $lines = ($eval | Out-String -Width 80) -split '\r?\n'
            $at = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line.StartsWith('Accuracy ') })
            $lines[$at + 1] | Should -Match '^MacroF1 \(top label\) : 0\.8960$'
            $lines[$at + 2] | Should -Match '^Threshold +: 0\.5$'
            # The rule's name as the CLI's table and the report show it (a list view's label cannot vary by object).
            $eval.MacroF1Name | Should -BeExactly 'Top-label macro F1'
        }

        It 'leaves RowPercent $null in the row of a label no item carries: 0 of 0 items is no share, not 0%' {
            $tiny = New-TinyDataset -Folder $TestDrive
            # The tiny predictions with a third label, bird, scored 0 everywhere: no item is a bird.
            $withBird = Join-Path $TestDrive 'bird.jsonl'
            Get-Content -LiteralPath $tiny.Prediction | ForEach-Object { $_ -replace '\],"confidences":\[(.*)\]', ',"bird"],"confidences":[$1,0]' } | Set-Content -LiteralPath $withBird
            $tinyEval = Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $withBird -WarningAction SilentlyContinue
            $bird = @($tinyEval.ConfusionMatrix | Where-Object TrueLabel -ceq 'bird')
            $bird.Count | Should -Be 3
            @($bird | Where-Object { $null -ne $_.RowPercent }).Count | Should -Be 0
            "$($bird[0])" | Should -BeExactly 'bird -> cat: 0'
            # b.png, a cat, is predicted dog: 1 of the 2 cats.
            ($tinyEval.ConfusionMatrix | Where-Object { $_.TrueLabel -ceq 'cat' -and $_.PredictedLabel -ceq 'dog' }).RowPercent | Should -Be 50
        }

        It 'exports flat to CSV: every column a value, the lists as the text of their items' {
            $csv = Join-Path $TestDrive 'evaluation.csv'
            $eval | Export-Csv -LiteralPath $csv -NoTypeInformation
            $row = Import-Csv -LiteralPath $csv
            $columns = $row.PSObject.Properties.Name
            $columns | Should -Contain 'AuPrc'
            $columns | Should -Contain 'LabelNames'
            $columns | Should -Contain 'Labels'
            $columns | Should -Contain 'ConfusionMatrix'
            $row.Labels | Should -BeLike 'zero: precision 1.0000 recall 0.9815; one: *'
            foreach ($property in $row.PSObject.Properties) {
                $property.Value | Should -Not -Match '^(System|AutoMLEval)\.' -Because "column $($property.Name) must be a value"
            }
            $row.LabelNames | Should -Be ($eval.Labels.Label -join ';')
        }
    }

    Context 'the list view' {
        BeforeAll {
            $longNames = New-LongLabelDataset -Folder $TestDrive
        }

        It 'shows LabelNames broken between names at 80 columns, as the video and detection views do: <Case>' -TestCases @(
            # Out-String here lays out at 80 columns (output redirected), less the last column and the entry's longest
            # label with " : ": "MacroF1 (top label)" leaves 57 cells (three names), ConfidenceIntervalSummary 51 and
            # LabelRankingAveragePrecision 48 (two). Before, the classification view showed LabelCount alone.
            @{ Case = 'single-label'; Switches = @{}; Expected = @(
                    'LabelNames          : class-01-long-name;class-02-long-name;class-03-long-name;'
                    '                      class-04-long-name;class-05-long-name;class-06-long-name'
                ) }
            @{ Case = 'with intervals'; Switches = @{ BootstrapSamples = 20 }; Expected = @(
                    'LabelNames                : class-01-long-name;class-02-long-name;'
                    '                            class-03-long-name;class-04-long-name;'
                    '                            class-05-long-name;class-06-long-name'
                ) }
            @{ Case = 'multi-label'; Switches = @{ MultiLabel = $true }; Expected = @(
                    'LabelNames                   : class-01-long-name;class-02-long-name;'
                    '                               class-03-long-name;class-04-long-name;'
                    '                               class-05-long-name;class-06-long-name'
                ) }
        ) {
            $evaluation = Get-ModelEvaluation -GroundTruthPath $longNames.GroundTruth -PredictionPath $longNames.Prediction @Switches -WarningAction SilentlyContinue
            $lines = ($evaluation | Out-String -Width 80) -split '\r?\n'
            $at = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line.StartsWith('LabelNames ') })
            $lines[$at..($at + $Expected.Count - 1)] | Should -BeExactly $Expected
            $lines[$at + $Expected.Count] | Should -Not -Match '^ +class-'
            $evaluation.LabelNames | Should -BeExactly ($longNames.Names -join ';')
        }
    }

    Context 'multi-label (tests/pester/fixtures/multilabel, from shared/reference/multilabel: 400 items, 6 labels)' {
        BeforeAll {
            $fixtures = Join-Path $PSScriptRoot 'fixtures/multilabel'
            $multi = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixtures 'ground_truth.jsonl') -PredictionPath (Join-Path $fixtures 'predictions.jsonl')
        }

        It 'counts the items -SingleLabel leaves out in RejectedItems, so that the counts add up: 400 = 117 + 0 + 283' {
            # 283 of the 400 items carry several labels: each was a NotSingleLabel error, and no property counted them.
            $single = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixtures 'ground_truth.jsonl') -PredictionPath (Join-Path $fixtures 'predictions.jsonl') -SingleLabel -ErrorVariable leftOut -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            ($single.GroundTruthItems, $single.Items, $single.MissingPredictions, $single.RejectedItems) | Should -Be @(400, 117, 0, 283)
            $leftOut[0].FullyQualifiedErrorId | Should -Be "NotSingleLabel,$Command"
            ($single | Out-String -Width 80) | Should -Match 'RejectedItems\s+: 283'
            # Their predictions too, named as the CLI's counts.rejectedItemPredictions: 400 records = 117 + 0 + 0 + 283.
            ($single.PredictionItems, $single.UnknownPredictions, $single.OtherSplitPredictions, $single.RejectedItemPredictions) | Should -Be @(400, 0, 0, 283)
            ($single | Out-String -Width 80) | Should -Match 'RejectedItemPredictions\s+: 283'
            # Shown only when some item was left out.
            $multi.RejectedItems | Should -Be 0
            ($multi | Out-String -Width 80) | Should -Not -Match 'RejectedItem'
        }

        It 'detects multi-label from the ground truth: no top-k accuracy, no confusion matrix' {
            $multi.IsMultiLabel | Should -BeTrue
            # Macro F1 at the run's threshold, named as the CLI's table names it.
            $multi.MacroF1Name | Should -BeExactly 'Macro F1 @ 0.5'
            $multi.Items | Should -Be 400
            $multi.LabelCount | Should -Be 6
            $multi.Top1Accuracy | Should -BeNullOrEmpty
            $multi.ConfusionMatrix.Count | Should -Be 0
        }

        # Expected values: scikit-learn 1.2.1 in expected.json of the fixture (key named in each case).
        It '<Property> equals scikit-learn''s <Key>' -TestCases @(
            @{ Property = 'AuPrc'; Key = 'microAuPrc'; Expected = 0.7750427132212255 }
            @{ Property = 'MacroAuPrc'; Key = 'macroAuPrc'; Expected = 0.7060488045884877 }
            @{ Property = 'AuRoc'; Key = 'microAuRoc'; Expected = 0.8646252100734351 }
            @{ Property = 'Precision'; Key = 'microPrecisionAt0.5'; Expected = 0.7503949447077409 }
            @{ Property = 'Recall'; Key = 'microRecallAt0.5'; Expected = 0.6043256997455471 }
            @{ Property = 'F1Score'; Key = 'microF1At0.5'; Expected = 0.6694855532064834 }
            @{ Property = 'HammingLoss'; Key = 'hammingLossAt0.5'; Expected = 0.19541666666666666 }
            @{ Property = 'SubsetAccuracy'; Key = 'subsetAccuracyAt0.5'; Expected = 0.34 }
            @{ Property = 'LabelRankingAveragePrecision'; Key = 'labelRankingAveragePrecision'; Expected = 0.9487819444444442 }
            @{ Property = 'CoverageError'; Key = 'coverageError'; Expected = 2.305 }
        ) {
            [math]::Abs($multi.$Property - $Expected) | Should -BeLessThan 1e-9
        }

        It 'has the per-label AuPRC of dog (perLabelAuPrc.dog)' {
            $dog = $multi.Labels | Where-Object { $_.Label -ceq 'dog' }
            [math]::Abs($dog.AuPrc - 0.31942653288783673) | Should -BeLessThan 1e-9
        }
    }

    Context 'thresholds, splits and intervals' {
        It 'uses -Threshold for precision and recall (confidenceMetrics[0.3] of expected.test.json)' {
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -Threshold 0.3
            $eval.Threshold | Should -Be 0.3
            [math]::Abs($eval.Precision - 0.8478632478632478) | Should -BeLessThan 1e-9
            [math]::Abs($eval.Recall - 0.9185185185185185) | Should -BeLessThan 1e-9
        }

        It 'evaluates the split -MlUse names (126 validation items in dataset.csv)' {
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Join-Path $Demo 'predictions.validation.jsonl') -MlUse validation
            $eval.MlUse | Should -Be 'validation'
            $eval.Items | Should -Be 126
        }

        It 'takes -MlUse <Name> as the split files name so: validation' -TestCases @(@{ Name = 'VALIDATE' }, @{ Name = 'Validation' }) {
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Join-Path $Demo 'predictions.validation.jsonl') -MlUse $Name
            $eval.MlUse | Should -BeExactly 'validation'
            $eval.Items | Should -Be 126
        }

        It 'adds 95% bootstrap intervals around the point estimate with -ConfidenceInterval' {
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -BootstrapSamples 50
            $auPrc = $eval.ConfidenceIntervals | Where-Object Metric -eq 'AuPrc'
            $auPrc.Samples | Should -Be 50
            $auPrc.Lower | Should -BeLessOrEqual $eval.AuPrc
            $auPrc.Upper | Should -BeGreaterOrEqual $eval.AuPrc
            $auPrc.Upper - $auPrc.Lower | Should -BeGreaterThan 0
            $eval.ConfidenceIntervalSummary | Should -Match '^AuPrc \['
        }

        It 'warns that figures are only indicative under 100 items or 10 examples, and still evaluates (hand-worked: 3 of 4 right)' {
            $tiny = New-TinyDataset -Folder $TestDrive
            $eval = Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $tiny.Prediction -WarningVariable warnings -WarningAction SilentlyContinue
            $eval.Items | Should -Be 4
            $eval.Accuracy | Should -Be 0.75
            ($warnings | Where-Object { $_.Message -match 'only indicative' }).Count | Should -Be 3
        }
    }

    Context 'paths' {
        It 'resolves wildcards that match exactly one file' {
            $eval = Get-ModelEvaluation -GroundTruthPath (Join-Path $Demo 'datase?.csv') -PredictionPath (Join-Path $Demo 'predictions.test.js*')
            $eval.Items | Should -Be 540
            $eval.GroundTruthPath | Should -Be (Get-Item -LiteralPath $DemoGroundTruth).FullName
        }

        It 'reads predictions filtered through Windows PowerShell 5.1''s Out-File (UTF-16) as the same records' {
            # 5.1's > and Out-File write UTF-16 with a byte order mark; the JSON Lines readers refused it with one error.
            $wide = Join-Path $TestDrive 'predictions.utf16.jsonl'
            Get-Content -LiteralPath $DemoPredictions | Out-File -LiteralPath $wide -Encoding unicode
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $wide
            $eval.Items | Should -Be 540
            $eval.SkippedRecords | Should -Be 0
            $utf8 = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
            ($eval.AuPrc, $eval.LogLoss, $eval.Accuracy) | Should -Be ($utf8.AuPrc, $utf8.LogLoss, $utf8.Accuracy)
        }

        It 'resolves relative paths against the current PowerShell location, positionally' {
            Push-Location -LiteralPath $Demo
            try {
                $eval = Get-ModelEvaluation dataset.csv predictions.test.jsonl
            }
            finally {
                Pop-Location
            }
            $eval.Items | Should -Be 540
        }

        It 'takes -LiteralGroundTruth and -LiteralPrediction as written, and a -GroundTruthPath that names an existing file as written' {
            $groundTruth = Join-Path $TestDrive 'ground[1].csv'
            $prediction = Join-Path $TestDrive 'predictions[1].jsonl'
            Copy-Item -LiteralPath $DemoGroundTruth -Destination $groundTruth
            Copy-Item -LiteralPath $DemoPredictions -Destination $prediction
            (Get-ModelEvaluation -LiteralGroundTruth $groundTruth -LiteralPrediction $prediction).Items | Should -Be 540
            # A path that names an existing file as written is that file (docs/powershell-parameters.md); one that names
            # none is a pattern: ground[2].csv would match ground2.csv, which is not there.
            (Get-ModelEvaluation -GroundTruthPath $groundTruth -PredictionPath $prediction).Items | Should -Be 540
            { Get-ModelEvaluation -GroundTruthPath (Join-Path $TestDrive 'ground[2].csv') -PredictionPath $prediction -ErrorAction Stop } | Should -Throw -ErrorId "PathNotFound,$Command"
        }

        It 'answers a -GroundTruthPath pattern of two files with AmbiguousPath, pointing to -LiteralGroundTruthPath' {
            Copy-Item -LiteralPath $DemoGroundTruth -Destination (Join-Path $TestDrive 'truth-a.csv')
            Copy-Item -LiteralPath $DemoGroundTruth -Destination (Join-Path $TestDrive 'truth-b.csv')
            $failure = { Get-ModelEvaluation -GroundTruthPath (Join-Path $TestDrive 'truth-*.csv') -PredictionPath $DemoPredictions -ErrorAction Stop } |
                Should -Throw -ErrorId "AmbiguousPath,$Command" -PassThru
            $failure.Exception.Message | Should -BeLike '*matches 2 files; give exactly one (or use -LiteralGroundTruthPath)*'
        }

        It 'takes pairs of files from the pipeline by property name' {
            $pairs = @(
                [pscustomobject]@{ GroundTruth = $DemoGroundTruth; Prediction = $DemoPredictions }
                [pscustomobject]@{ GroundTruth = $DemoGroundTruth; Prediction = (Join-Path $Demo 'predictions.validation.jsonl'); MlUse = 'validation' }
            )
            $evals = $pairs | Get-ModelEvaluation
            $evals.Count | Should -Be 2
            $evals[0].Items | Should -Be 540
            $evals[1].Items | Should -Be 126
        }

        It 'writes a <ErrorId> error for <Case>' -TestCases @(
            @{ Case = 'a missing file'; ErrorId = 'PathNotFound'; Prediction = 'missing.jsonl' }
            @{ Case = 'a wildcard matching folders and files'; ErrorId = 'AmbiguousPath'; Prediction = '*' }
        ) {
            { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Join-Path $Demo $Prediction) -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,$Command"
        }
    }

    Context 'bad input' {
        It 'stops before any work when -MultiLabel and -SingleLabel are both given' {
            { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -MultiLabel -SingleLabel } | Should -Throw -ErrorId "MultiLabelAndSingleLabel,$Command"
        }

        It 'rejects <Parameter> <Value>' -TestCases @(
            @{ Parameter = 'Threshold'; Value = 1.5 }
            @{ Parameter = 'Threshold'; Value = -0.1 }
            @{ Parameter = 'MlUse'; Value = 'holdout' }
            @{ Parameter = 'BootstrapSamples'; Value = 0 }
        ) {
            $arguments = @{ GroundTruth = $DemoGroundTruth; Prediction = $DemoPredictions; $Parameter = $Value }
            { Get-ModelEvaluation @arguments } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Command"
        }

        It 'writes EmptySplit when no ground-truth item is in the -MlUse split' {
            { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -MlUse unassigned -ErrorAction Stop } | Should -Throw -ErrorId "EmptySplit,$Command"
            # The parameter's own name only: the message said "-MlUse / --ml-use", the CLI's option too.
            $failure = { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -MlUse unassigned -ErrorAction Stop } | Should -Throw -PassThru
            $failure.Exception.Message | Should -BeLike '*; pick one with -MlUse*'
            $failure.Exception.Message | Should -Not -BeLike '*--ml-use*'
        }

        It 'counts an item without prediction and warns; -Strict makes it an UnmatchedItems error' {
            $prediction = Join-Path $TestDrive 'one-missing.jsonl'
            Get-Content -LiteralPath $DemoPredictions | Select-Object -Skip 1 | Set-Content -LiteralPath $prediction
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $prediction -WarningVariable warnings -WarningAction SilentlyContinue
            $eval.Items | Should -Be 539
            $eval.MissingPredictions | Should -Be 1
            ($warnings | Where-Object { $_.Message -match 'has no prediction' }).Count | Should -Be 1
            { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $prediction -Strict -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId "UnmatchedItems,$Command"
        }

        It 'names a path written in another Unicode form on the other side, as the CLI does' {
            # 'café.jpg' in NFC in the ground truth, in NFD (as macOS writes file names) in the predictions: they print alike.
            $nfc = "caf$([char]0x00e9).jpg"
            $nfd = "cafe$([char]0x0301).jpg"
            $groundTruth = Join-Path $TestDrive 'nfc.csv'
            $prediction = Join-Path $TestDrive 'nfd.jsonl'
            "test,$nfc,cat", 'test,b.png,dog' | Set-Content -LiteralPath $groundTruth -Encoding utf8
            "{`"instance`":{`"content`":`"$nfd`"},`"prediction`":{`"displayNames`":[`"cat`",`"dog`"],`"confidences`":[0.9,0.1]}}",
            '{"instance":{"content":"b.png"},"prediction":{"displayNames":["cat","dog"],"confidences":[0.2,0.8]}}' | Set-Content -LiteralPath $prediction -Encoding utf8
            $eval = Get-ModelEvaluation -GroundTruthPath $groundTruth -PredictionPath $prediction -MlUse test -WarningVariable warnings -WarningAction SilentlyContinue
            ($eval.Items, $eval.MissingPredictions) | Should -Be @(1, 1)
            @($warnings | Where-Object { $_.Message -like "*'$nfc' has no prediction; it is left out; it looks like '$nfd' of the predictions: they differ only in Unicode normalisation (NFC here, NFD there)" }).Count | Should -Be 1
            @($warnings | Where-Object { $_.Message -like "*'$nfd' is not in the ground truth; it is left out; it looks like '$nfc' of the ground truth: they differ only in Unicode normalisation (NFD here, NFC there)" }).Count | Should -Be 1
        }

        It 'counts a label in one file only (a misspelt but valid name) and warns' {
            # The first demo record names its "eight" as "eihgt": a column no ground-truth item carries, while "eight"
            # is still scored by the other 539 records.
            $prediction = Join-Path $TestDrive 'misspelt.jsonl'
            $lines = @(Get-Content -LiteralPath $DemoPredictions)
            $lines[0] = $lines[0].Replace('"eight"', '"eihgt"')
            $lines | Set-Content -LiteralPath $prediction
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $prediction -WarningVariable warnings -WarningAction SilentlyContinue
            ($eval.LabelsOnlyInPredictions, $eval.LabelsOnlyInGroundTruth) | Should -Be @(1, 0)
            $eval.Labels.Count | Should -Be 11
            ($eval.Labels | Where-Object Label -CEQ 'eihgt').Support | Should -Be 0
            ($warnings | Where-Object { $_.Message -match "the model scores the label 'eihgt'" }).Count | Should -Be 1
        }

        It 'warns once when a record''s ids disagree with the others'', and the labels then follow first appearance' {
            # Record 3 gives its labels the ids 100 to 109: id order no longer holds, so the labels take line 1's order.
            $prediction = Join-Path $TestDrive 'shifted-ids.jsonl'
            $lines = @(Get-Content -LiteralPath $DemoPredictions)
            $lines[2] = $lines[2] -replace '"ids": \[[^\]]*\]', '"ids": [101, 102, 106, 103, 105, 108, 109, 104, 100, 107]'
            $lines | Set-Content -LiteralPath $prediction
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $prediction -WarningVariable warnings -WarningAction SilentlyContinue
            $conflicts = @($warnings | Where-Object { $_.Message -match "field 'prediction.ids'" })
            $conflicts.Count | Should -Be 1
            $conflicts[0].Message | Should -BeLike "*shifted-ids.jsonl:3*prediction.ids*the label 'one' has the id 101 here but 1 in earlier records; *ordered as they first appear*"
            ($eval.Labels | Select-Object -First 3).Label | Should -Be @('zero', 'five', 'eight')
        }

        It 'reports a bad record (<ErrorId>) as an error naming file and line, and evaluates the rest' -TestCases @(
            @{ ErrorId = 'InvalidJson'; Line = '{not json' }
            @{ ErrorId = 'InvalidScore'; Line = '{"instance":{"content":"x.png"},"prediction":{"displayNames":["zero"],"confidences":[1.5]}}' }
            @{ ErrorId = 'MissingField'; Line = '{"instance":{},"prediction":{"displayNames":["zero"],"confidences":[0.5]}}' }
        ) {
            $prediction = Join-Path $TestDrive "bad-$ErrorId.jsonl"
            Copy-Item -LiteralPath $DemoPredictions -Destination $prediction
            Add-Content -LiteralPath $prediction -Value $Line
            $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $prediction -ErrorVariable bad -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $eval.Items | Should -Be 540
            $eval.SkippedRecords | Should -Be 1
            $bad.Count | Should -Be 1
            $bad[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $bad[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $bad[0].TargetObject | Should -BeLike "*bad-$ErrorId.jsonl"
            # The demo's predictions have 540 lines: the bad record is line 541.
            $bad[0].Exception.Message | Should -BeLike '*:541:*'
            { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $prediction -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId "$ErrorId,$Command"
        }

        It 'writes the errors of the ground truth in line order: bad records and items left out of a single-label evaluation alike' {
            # Lines 2 and 5 carry two labels (left out when the evaluation is single-label, found after the read),
            # line 3 names no split and line 6 no path (skipped by the reader as it reads); the predictions' bad score
            # (their line 2) follows the ground truth's errors.
            $groundTruth = Join-Path $TestDrive 'order.csv'
            Set-Content -LiteralPath $groundTruth -Value @(
                'test,a.png,cat', 'test,b.png,cat,dog', 'bogus,c.png,cat', 'test,d.png,dog', 'test,e.png,cat,dog', 'test,,cat', 'test,g.png,dog')
            $prediction = Join-Path $TestDrive 'order.jsonl'
            Set-Content -LiteralPath $prediction -Value @(
                '{"instance":{"content":"a.png"},"prediction":{"displayNames":["cat","dog"],"confidences":[0.9,0.1]}}'
                '{"instance":{"content":"b.png"},"prediction":{"displayNames":["cat","dog"],"confidences":[0.9,"x"]}}'
                '{"instance":{"content":"d.png"},"prediction":{"displayNames":["cat","dog"],"confidences":[0.2,0.8]}}'
                '{"instance":{"content":"g.png"},"prediction":{"displayNames":["cat","dog"],"confidences":[0.3,0.7]}}')
            $eval = Get-ModelEvaluation -GroundTruthPath $groundTruth -PredictionPath $prediction -SingleLabel -ErrorVariable bad -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $eval.Items | Should -Be 3
            $seen = $bad | ForEach-Object { '{0} {1}' -f ($_.FullyQualifiedErrorId -replace ',.*'), ($_.Exception.Message -replace '^.*?(\w+\.\w+:\d+):.*$', '$1') }
            $seen | Should -Be @('NotSingleLabel order.csv:2', 'InvalidMlUse order.csv:3', 'NotSingleLabel order.csv:5', 'MissingField order.csv:6', 'InvalidScore order.jsonl:2')
        }
    }

    Context 'help' {
        It 'has a synopsis, a description, examples and documented parameters' {
            $help = Get-Help -Name Get-ModelEvaluation -Full
            $help.Synopsis | Should -Match 'Evaluates'
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 1
            (Get-Help -Name Get-ModelEvaluation -Parameter GroundTruthPath).Description.Text | Should -Match 'ground truth'
        }
    }
}
