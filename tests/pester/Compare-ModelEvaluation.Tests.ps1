# Compare-ModelEvaluation against the built module. Expected values: a model compared with itself (deltas of exactly
# 0, p = 1), and the digits demo against a weaker copy (New-WeakerPredictions: every third item's top two scores
# swapped), whose figures are those of `automl-eval compare --ground-truth dataset.csv --predictions weaker.jsonl
# --reference-predictions predictions.test.jsonl --bootstrap 200 --format json` run on the same files.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Command = 'AutoMLEval.PowerShell.Commands.CompareModelEvaluationCommand'
    $old = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
    $weakerPath = New-WeakerPredictions -Path (Join-Path $TestDrive 'weaker.jsonl')
    $new = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $weakerPath
    # 200 paired resamples, as the CLI run the expected values come from (its seed is the default of both).
    $againstCli = @(Compare-ModelEvaluation $old $new -BootstrapSamples 200)
}

Describe 'Compare-ModelEvaluation' {
    Context '-By Metric' {
        It 'a model compared with itself: every delta and interval exactly 0, McNemar p = 1' {
            $rows = @(Compare-ModelEvaluation -Reference $old -Difference $old -BootstrapSamples 20)
            $rows.Count | Should -Be 12
            foreach ($row in $rows) {
                $row.Delta | Should -Be 0 -Because $row.Metric
                $row.CiLower | Should -Be 0 -Because $row.Metric
                $row.CiUpper | Should -Be 0 -Because $row.Metric
                $row.IsSignificant | Should -BeFalse
            }
            $accuracy = $rows | Where-Object Metric -eq 'Accuracy'
            $accuracy.PValue | Should -Be 1
            ($accuracy.Fixed, $accuracy.Broken) | Should -Be @(0, 0)
        }

        It '<Metric> equals the CLI''s compare --format json (reference, candidate, ciLower, ciUpper)' -TestCases @(
            @{ Metric = 'AuPrc'; Reference = 0.9580221538568742; Difference = 0.5554456398145315; CiLower = -0.44248390136969074; CiUpper = -0.3444352199484301 }
            @{ Metric = 'AuRoc'; Reference = 0.993956332876086; Difference = 0.9197294619722604; CiLower = -0.08521353452217653; CiUpper = -0.061342363968907125 }
            @{ Metric = 'LogLoss'; Reference = 0.3306573809566127; Difference = 1.562629201578449; CiLower = 1.019033217890864; CiUpper = 1.3988006927798378 }
            @{ Metric = 'MacroAuPrc'; Reference = 0.9640990386970021; Difference = 0.6115997956375976; CiLower = -0.38171713421766; CiUpper = -0.3073400027983351 }
            @{ Metric = 'MacroAuRoc'; Reference = 0.994172095889539; Difference = 0.9236578650671401; CiLower = -0.08047246618326015; CiUpper = -0.05855731196961406 }
            @{ Metric = 'Accuracy'; Reference = 0.8962962962962963; Difference = 0.6259259259259259; CiLower = -0.3148611111111111; CiUpper = -0.22037037037037033 }
            @{ Metric = 'MacroF1'; Reference = 0.8960233788593378; Difference = 0.6369491046040741; CiLower = -0.30025918664445395; CiUpper = -0.21504348386369848 }
            @{ Metric = 'MicroPrecision'; Reference = 0.9284294234592445; Difference = 0.6381709741550696; CiLower = -0.33338323353293414; CiUpper = -0.24742789046653146 }
            @{ Metric = 'MicroRecall'; Reference = 0.8648148148148148; Difference = 0.5944444444444444; CiLower = -0.3093055555555555; CiUpper = -0.22777777777777775 }
            @{ Metric = 'MicroF1'; Reference = 0.8954937679769895; Difference = 0.6155321188878236; CiLower = -0.31893872948252094; CiUpper = -0.23653013068731865 }
            @{ Metric = 'ExpectedCalibrationError'; Reference = 0.05003706707998558; Difference = 0.25254351546367004; CiLower = 0.15905464874097588; CiUpper = 0.249689565880431 }
            @{ Metric = 'BrierScore'; Reference = 0.16624496672532915; Difference = 0.6386238760773945; CiLower = 0.4050910514099967; CiUpper = 0.5395931764295031 }
        ) {
            $row = $againstCli | Where-Object Metric -ceq $Metric
            [math]::Abs($row.Reference - $Reference) | Should -BeLessThan 1e-12
            [math]::Abs($row.Difference - $Difference) | Should -BeLessThan 1e-12
            [math]::Abs($row.Delta - ($Difference - $Reference)) | Should -BeLessThan 1e-12
            [math]::Abs($row.CiLower - $CiLower) | Should -BeLessThan 1e-12
            [math]::Abs($row.CiUpper - $CiUpper) | Should -BeLessThan 1e-12
            $row.IsSignificant | Should -BeTrue
            $row.PairedItems | Should -Be 540
        }

        It 'ToString signs the delta and its interval, as the view does (the CLI figures above, to four decimals)' {
            ($againstCli | Where-Object Metric -ceq 'ExpectedCalibrationError').ToString() | Should -BeExactly 'ExpectedCalibrationError: 0.0500 -> 0.2525, delta +0.2025 [+0.1591, +0.2497]'
            ($againstCli | Where-Object Metric -ceq 'Accuracy').ToString() | Should -BeExactly 'Accuracy: 0.8963 -> 0.6259, delta -0.2704 [-0.3149, -0.2204]'
        }

        It 'carries McNemar''s test on the Accuracy row only (CLI mcnemar: 14 fixed, 160 broken, p 1.43e-32)' {
            $rows = @(Compare-ModelEvaluation $old $new -BootstrapSamples 0)
            $accuracy = $rows | Where-Object Metric -eq 'Accuracy'
            ($accuracy.Fixed, $accuracy.Broken) | Should -Be @(14, 160)
            [math]::Abs($accuracy.PValue / 1.4290842513014465e-32 - 1) | Should -BeLessThan 1e-9
            # Accuracy changes by exactly (fixed - broken) / items.
            [math]::Abs($accuracy.Delta - (14 - 160) / 540) | Should -BeLessThan 1e-12
            @($rows | Where-Object { $null -ne $_.PValue }).Count | Should -Be 1
            # Without resamples there is no interval: $null, not NaN.
            $accuracy.CiLower | Should -BeNullOrEmpty
            $accuracy.IsSignificant | Should -BeFalse
        }

        It 'takes the difference from the pipeline and names each row''s files' {
            $rows = @($new, $old | Compare-ModelEvaluation -Reference $old -BootstrapSamples 0)
            $rows.Count | Should -Be 24
            # In pipeline order (Group-Object would sort the paths, which depend on where the repository lives).
            @($rows.DifferencePath | Select-Object -Unique) | Should -Be @($new.PredictionPath, $old.PredictionPath)
            $rows[0].ReferencePath | Should -Be $old.PredictionPath
        }
    }

    Context '-By Label and -By Item' {
        It 'writes one row per label (CLI perLabel[] of eight)' {
            $labels = @(Compare-ModelEvaluation $old $new -By Label)
            $labels.Count | Should -Be 10
            $eight = $labels | Where-Object Label -ceq 'eight'
            $eight.Support | Should -Be 52
            [math]::Abs($eight.ReferenceAuPrc - 0.9079171622301275) | Should -BeLessThan 1e-12
            [math]::Abs($eight.DifferenceAuPrc - 0.5272497679556734) | Should -BeLessThan 1e-12
            [math]::Abs($eight.AuRocDelta - -0.030146595208070726) | Should -BeLessThan 1e-12
            [math]::Abs($eight.F1ScoreDelta - -0.18864468864468853) | Should -BeLessThan 1e-12
            (Compare-ModelEvaluation $old $new -By Label | Sort-Object AuPrcDelta | Select-Object -First 1).Label | Should -BeExactly 'three'
        }

        It 'names the decision of its F1: empty Threshold, each item''s top label, so the F1 is the evaluation''s ArgMaxF1Score' {
            # As MisclassifiedImage names it (an empty Threshold is the argmax); 'one' has F1 100/133 by top label
            # (50 of 55 found, 78 predicted) but 0.8 at 0.5, the evaluation's F1Score.
            $one = Compare-ModelEvaluation $old $old -By Label | Where-Object Label -ceq 'one'
            $one.PSObject.Properties.Name | Should -Contain 'Threshold'
            $one.Threshold | Should -BeNullOrEmpty
            [math]::Abs($one.DifferenceF1Score - 100 / 133) | Should -BeLessThan 1e-12
            $one.DifferenceF1Score | Should -Be ($old.Labels | Where-Object Label -ceq 'one').ArgMaxF1Score
            # Multi-label decides at the threshold: the F1 is the evaluation's F1Score, and Threshold says 0.5.
            $fixtures = Join-Path $PSScriptRoot 'fixtures/multilabel'
            $multi = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixtures 'ground_truth.jsonl') -PredictionPath (Join-Path $fixtures 'predictions.jsonl')
            $first = @(Compare-ModelEvaluation $multi $multi -By Label)[0]
            $first.Threshold | Should -Be 0.5
            $first.DifferenceF1Score | Should -Be ($multi.Labels | Where-Object Label -ceq $first.Label).F1Score
        }

        It 'tells the item rows of several difference evaluations piped in apart by DifferencePath, as metric and label rows' {
            # Item rows had no file of either evaluation: $old and $new piped against one reference gave rows that
            # nothing told apart. $old against itself changes no item; $new breaks 160 and fixes 14 (CLI items).
            $rows = $old, $new | Compare-ModelEvaluation -Reference $old -By Item -Change Broken, Fixed | Group-Object DifferencePath -AsHashTable
            $rows.Keys.Count | Should -Be 1
            $rows[$new.PredictionPath].Count | Should -Be 174
            $both = @($old, $new | Compare-ModelEvaluation -Reference $old -By Item -Change BothCorrect)
            ($both | Group-Object DifferencePath -AsHashTable)[$old.PredictionPath].Count | Should -Be 484
            ($both.ReferencePath | Select-Object -Unique) | Should -BeExactly $old.PredictionPath
        }

        It 'tells the rows of the -SliceBy evaluations of one predictions file piped in apart by DifferenceSlice, at every -By' {
            # They share DifferencePath; each camera's rows pair its own items with the reference's (b 185, a 179, c 176),
            # which together are the whole: the 174 items whose decision the two models disagree on (160 + 14).
            $cameras = Get-DemoCameraEvaluation -MetadataPath (Join-Path $TestDrive 'cameras.csv')
            $metrics = @($cameras | Compare-ModelEvaluation -Reference $new -BootstrapSamples 0 -WarningAction SilentlyContinue | Where-Object Metric -eq Accuracy)
            ($metrics | ForEach-Object { '{0}:{1}' -f $_.DifferenceSlice, $_.PairedItems }) -join ',' | Should -Be 'camera=b:185,camera=a:179,camera=c:176'
            $metrics.ReferenceSlice | Should -Be @('', '', '')
            $labels = @($cameras | Compare-ModelEvaluation -Reference $new -By Label -WarningAction SilentlyContinue)
            @($labels.DifferenceSlice | Select-Object -Unique) | Should -Be @('camera=b', 'camera=a', 'camera=c')
            $items = $cameras | Compare-ModelEvaluation -Reference $new -By Item -WarningAction SilentlyContinue | Group-Object DifferenceSlice -AsHashTable
            ($items.Values | ForEach-Object Count | Measure-Object -Sum).Sum | Should -Be 174
            # A slice as the reference names its slice there.
            (Compare-ModelEvaluation -Reference $cameras[0] -Difference $new -BootstrapSamples 0 -WarningAction SilentlyContinue | Select-Object -First 1).ReferenceSlice | Should -BeExactly 'camera=b'
        }

        It 'lists the fixed and broken items by default, and what -Change names (CLI items: 14, 160, 324, 42)' -TestCases @(
            @{ Change = $null; Expected = 174 }
            @{ Change = @('Broken'); Expected = 160 }
            @{ Change = @('Fixed'); Expected = 14 }
            @{ Change = @('BothCorrect', 'BothWrong'); Expected = 366 }
        ) {
            $arguments = @{ By = 'Item' }
            if ($Change) { $arguments.Change = $Change }
            $items = @(Compare-ModelEvaluation $old $new @arguments)
            $items.Count | Should -Be $Expected
            if ($Change) { $items.Change | Sort-Object -Unique | Should -Be ($Change | Sort-Object) }
        }

        It 'an item says what both models predicted, and binds to Find-SimilarImage' {
            $broken = Compare-ModelEvaluation $old $new -Change Broken | Select-Object -First 1
            $broken.GetType().FullName | Should -Be 'AutoMLEval.ItemComparison'
            $broken.ReferenceLabel | Should -BeExactly $broken.TrueLabel
            $broken.DifferenceLabel | Should -Not -Be $broken.TrueLabel
            Test-Path -LiteralPath $broken.Path | Should -BeTrue
            "$broken" | Should -Be $broken.Path
            $neighbors = @($broken | Find-SimilarImage -EmbeddingPath (Join-Path $Demo 'embeddings.*.jsonl') -Count 2)
            $neighbors.Count | Should -Be 2
            $neighbors.QueryItemId | Should -Be @($broken.ItemId, $broken.ItemId)
        }
    }

    Context 'detection: AP, AP50, AP75 and each category''s AP, resampling images' {
        BeforeAll {
            $tinyGroundTruth = Join-Path $PSScriptRoot 'fixtures/tiny_bbox/gt.json'
            $det = Get-ModelEvaluation -GroundTruthPath $tinyGroundTruth -PredictionPath (Join-Path $PSScriptRoot 'fixtures/tiny_bbox/dt.json')
            # The same detections but the first of the file's seven.
            $fewer = Join-Path $TestDrive 'dt-fewer.json'
            Get-Content -LiteralPath (Join-Path $PSScriptRoot 'fixtures/tiny_bbox/dt.json') -Raw | ConvertFrom-Json | Select-Object -Skip 1 | ConvertTo-Json -Depth 5 -AsArray | Set-Content -LiteralPath $fewer
            $detFewer = Get-ModelEvaluation -GroundTruthPath $tinyGroundTruth -PredictionPath $fewer
        }

        It 'gives both evaluations'' AP, AP50 and AP75 and their difference, with a paired interval around it' {
            $rows = @(Compare-ModelEvaluation $det $detFewer -BootstrapSamples 50)
            $rows.Metric | Should -Be @('AP', 'AP50', 'AP75')
            ($rows[0].Reference, $rows[0].Difference) | Should -Be @($det.AP, $detFewer.AP)
            ($rows[1].Reference, $rows[1].Difference) | Should -Be @($det.AP50, $detFewer.AP50)
            [math]::Abs($rows[0].Delta - ($detFewer.AP - $det.AP)) | Should -BeLessThan 1e-15
            $rows[0].CiLower | Should -BeLessOrEqual $rows[0].CiUpper
            $rows[0].PairedItems | Should -Be 2
            $rows[0].PValue | Should -BeNullOrEmpty
        }

        It 'a detector against itself: deltas and intervals of exactly 0' {
            $rows = @(Compare-ModelEvaluation $det $det -BootstrapSamples 20)
            $rows.Delta | Should -Be @(0, 0, 0)
            $rows.CiLower | Should -Be @(0, 0, 0)
            $rows.CiUpper | Should -Be @(0, 0, 0)
        }

        It '-By Label: one DetectionLabelComparison per category, as Get-ModelEvaluation''s labels' {
            $labels = @(Compare-ModelEvaluation $det $detFewer -By Label)
            $labels.Count | Should -Be $det.Labels.Count
            $labels[0].GetType().FullName | Should -Be 'AutoMLEval.DetectionLabelComparison'
            $labels.Label | Should -Be $det.Labels.Label
            $labels.ReferenceAP | Should -Be $det.Labels.AP
            $labels.DifferenceAP | Should -Be $detFewer.Labels.AP
            # One vocabulary with DetectionLabelEvaluation (AP, AP50), and deltas signed as in the classification views.
            $labels[0].PSObject.Properties.Name | Should -Contain 'APDelta'
            $labels[0].PSObject.Properties.Name | Should -Contain 'AP50Delta'
            # The other way round, fewer detections to more: a gain, written with its plus sign.
            $gained = Compare-ModelEvaluation $detFewer $det -By Label | Where-Object { $_.APDelta -gt 0 } | Select-Object -First 1
            $gained | Should -Not -BeNullOrEmpty
            $gained.ToString() | Should -BeExactly ('{0}: AP {1} -> {2} (+{3})' -f $gained.Label, $gained.ReferenceAP.ToString('0.0000', [cultureinfo]::InvariantCulture),
                $gained.DifferenceAP.ToString('0.0000', [cultureinfo]::InvariantCulture), $gained.APDelta.ToString('0.0000', [cultureinfo]::InvariantCulture))
            $table = ($labels | Format-Table | Out-String -Width 120) -split "`n"
            $table | Where-Object { $_ -match '^\s*Label\s' } | Should -Match 'ReferenceAP\s+AP\s+APDelta\s+AP50\s+AP50Delta'
        }

        It '-By Item stops before any work: detections have no item rows' {
            { Compare-ModelEvaluation $det $detFewer -By Item } | Should -Throw -ErrorId "ItemsNotForDetection,$Command"
        }
    }

    Context 'bad input' {
        It 'stops before any work when -Change goes with -By Metric' {
            { Compare-ModelEvaluation $old $new -By Metric -Change Broken } | Should -Throw -ErrorId "ChangeNeedsItem,$Command"
        }

        It 'refuses a classification evaluation against a detection one, either way round' {
            $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $PSScriptRoot 'fixtures/tiny_bbox/gt.json') -PredictionPath (Join-Path $PSScriptRoot 'fixtures/tiny_bbox/dt.json')
            { Compare-ModelEvaluation $old $det -ErrorAction Stop } | Should -Throw -ErrorId "TaskNotComparable,$Command" -ExpectedMessage '*detection*'
            { Compare-ModelEvaluation $det $old -ErrorAction Stop } | Should -Throw -ErrorId "TaskNotComparable,$Command" -ExpectedMessage '*classification*'
        }

        It 'writes ThresholdsDiffer for evaluations at different thresholds' {
            $other = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $weakerPath -Threshold 0.3
            { Compare-ModelEvaluation $old $other -ErrorAction Stop } | Should -Throw -ErrorId "ThresholdsDiffer,$Command"
        }

        It 'writes EvaluationsNotComparable for evaluations of different labels' {
            $tiny = New-TinyDataset -Folder $TestDrive
            $cats = Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $tiny.Prediction -WarningAction SilentlyContinue
            { Compare-ModelEvaluation $old $cats -ErrorAction Stop } | Should -Throw -ErrorId "EvaluationsNotComparable,$Command"
        }

        It 'warns about the items only one side evaluated and compares the rest' {
            $fewer = Join-Path $TestDrive 'fewer.jsonl'
            Get-Content -LiteralPath $weakerPath | Select-Object -Skip 40 | Set-Content -LiteralPath $fewer
            $partial = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $fewer -WarningAction SilentlyContinue
            $rows = @(Compare-ModelEvaluation $old $partial -BootstrapSamples 0 -WarningVariable unpaired -WarningAction SilentlyContinue)
            $rows[0].PairedItems | Should -Be 500
            "$unpaired" | Should -BeLike '500 items were compared; 40 only in the reference*'
        }
    }
}
