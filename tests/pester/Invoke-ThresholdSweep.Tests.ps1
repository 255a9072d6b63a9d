# Invoke-ThresholdSweep against the built module. Expected values on the digits demo: scikit-learn 1.2.1 in
# shared/reference/digits/expected.test.json (confidenceMetrics rows; perLabel[] precisionAt0.5 / recallAt0.5, support).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Should -Throw -ErrorId compares the whole FullyQualifiedErrorId ("ErrorId,CommandClass") with -like.
    $Command = 'AutoMLEval.PowerShell.Commands.InvokeThresholdSweepCommand'
    $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
}

Describe 'Invoke-ThresholdSweep' {
    It 'writes one micro-averaged row per threshold of Vertex AI''s grid (0, 0.05 ... 0.95, 0.96 ... 1: 25 rows)' {
        $rows = $eval | Invoke-ThresholdSweep
        $rows.Count | Should -Be 25
        $rows[0].GetType().FullName | Should -Be 'AutoMLEval.ThresholdRow'
        ($rows | Where-Object Label -ne '(micro)').Count | Should -Be 0
        $rows[0].Threshold | Should -Be 0
        $rows[-1].Threshold | Should -Be 1
    }

    It 'matches confidenceMetrics at <Threshold>' -TestCases @(
        @{ Threshold = 0.5; Precision = 0.9284294234592445; Recall = 0.8648148148148148; F1 = 0.8954937679769895; Tp = 467; Fp = 36; Fn = 73; Tn = 4824; PrecisionAt1 = 0.9284294234592445; RecallAt1 = 0.8648148148148148 }
        @{ Threshold = 0.3; Precision = 0.8478632478632478; Recall = 0.9185185185185185; F1 = 0.8817777777777777; Tp = 496; Fp = 89; Fn = 44; Tn = 4771; PrecisionAt1 = 0.8961038961038961; RecallAt1 = 0.8944444444444445 }
    ) {
        $row = $eval | Invoke-ThresholdSweep -Threshold $Threshold
        @($row).Count | Should -Be 1
        $row.Threshold | Should -Be $Threshold
        [math]::Abs($row.Precision - $Precision) | Should -BeLessThan 1e-9
        [math]::Abs($row.Recall - $Recall) | Should -BeLessThan 1e-9
        [math]::Abs($row.F1Score - $F1) | Should -BeLessThan 1e-9
        $row.TruePositiveCount | Should -Be $Tp
        $row.FalsePositiveCount | Should -Be $Fp
        $row.FalseNegativeCount | Should -Be $Fn
        $row.TrueNegativeCount | Should -Be $Tn
        [math]::Abs($row.PrecisionAt1 - $PrecisionAt1) | Should -BeLessThan 1e-9
        [math]::Abs($row.RecallAt1 - $RecallAt1) | Should -BeLessThan 1e-9
    }

    It 'keeps the order of the -Threshold grid' {
        $rows = $eval | Invoke-ThresholdSweep -Threshold 0.9, 0.1, 0.5
        ($rows.Threshold -join ',') | Should -Be '0.9,0.1,0.5'
    }

    It 'sweeps one label with -Label (perLabel zero: precision 1, recall 53/54 at 0.5)' {
        $row = $eval | Invoke-ThresholdSweep -Label zero -Threshold 0.5
        $row.Label | Should -BeExactly 'zero'
        $row.Precision | Should -Be 1.0
        [math]::Abs($row.Recall - 0.9814814814814815) | Should -BeLessThan 1e-9
        $row.TruePositiveCount | Should -Be 53
        $row.FalseNegativeCount | Should -Be 1
        # At 0.5 every item scoring zero that high has zero as its top label: the top-1 variants are the same.
        $row.PrecisionAt1 | Should -Be 1.0
        [math]::Abs($row.RecallAt1 - 0.9814814814814815) | Should -BeLessThan 1e-9
    }

    It 'gives a label''s rows the top-1 variants, as Vertex AI''s per-label confidenceMetrics (one at 0.3)' {
        # Worked from the demo's files in Python: 'one' scores at least 0.3 on 94 items (51 true), and is the top label
        # of 78 of them (50 true) of the 55 items it is true of.
        $row = $eval | Invoke-ThresholdSweep -Label one -Threshold 0.3
        $row.TruePositiveCount | Should -Be 51
        $row.FalsePositiveCount | Should -Be 43
        [math]::Abs($row.PrecisionAt1 - 50 / 78) | Should -BeLessThan 1e-12
        [math]::Abs($row.RecallAt1 - 50 / 55) | Should -BeLessThan 1e-12
        [math]::Abs($row.F1ScoreAt1 - 2 * 50 / (78 + 55)) | Should -BeLessThan 1e-12
    }

    It 'sweeps every label with -PerLabel (10 labels x 25 thresholds)' {
        $rows = $eval | Invoke-ThresholdSweep -PerLabel
        $rows.Count | Should -Be 250
        ($rows.Label | Sort-Object -Unique).Count | Should -Be 10
    }

    It 'exports flat to CSV' {
        $csv = Join-Path $TestDrive 'sweep.csv'
        $eval | Invoke-ThresholdSweep | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        $rows.Count | Should -Be 25
        $rows[0].PSObject.Properties.Name | Should -Contain 'F1Score'
        $rows[0].PSObject.Properties.Name | Should -Contain 'PrecisionAt1'
    }

    It 'writes an UnknownLabel error for a label the evaluation does not have, and sweeps the others' {
        $rows = $eval | Invoke-ThresholdSweep -Label nosuch, one -Threshold 0.5 -ErrorVariable bad -ErrorAction SilentlyContinue
        @($rows).Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'UnknownLabel,*'
        { $eval | Invoke-ThresholdSweep -Label nosuch -ErrorAction Stop } | Should -Throw -ErrorId "UnknownLabel,$Command"
    }

    It 'shows the rows of several evaluations under a line naming each one''s predictions file and folder' {
        $tiny = New-TinyDataset -Folder (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'run2')).FullName
        $other = Get-ModelEvaluation $tiny.GroundTruth $tiny.Prediction -WarningAction SilentlyContinue
        $text = $eval, $other | Invoke-ThresholdSweep -Threshold 0.5 | Out-String -Width 80
        @([regex]::Matches($text, '(?m)^\s+Predictions: (\S+)$') | ForEach-Object { $_.Groups[1].Value }) | Should -BeExactly 'digits/predictions.test.jsonl', 'run2/tiny.jsonl'
    }

    It 'sweeps a label named twice, in another case too, once' {
        $rows = @($eval | Invoke-ThresholdSweep -Label one, ONE, two, One -Threshold 0.5)
        $rows.Label | Should -BeExactly 'one', 'two'
    }

    It 'names the near label of a misspelt one, as automl-eval --label does' {
        $null = $eval | Invoke-ThresholdSweep -Label eihgt -ErrorVariable bad -ErrorAction SilentlyContinue
        "$($bad[0])" | Should -BeExactly "'eihgt' is not a label of the evaluation (its 10 labels: zero, one, two, three, four, five, six, seven, eight, nine). Near name: eight."
    }

    It 'rejects <Case>' -TestCases @(
        @{ Case = 'a threshold above 1'; Arguments = @{ Threshold = 1.5 }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Case = '-Label with -PerLabel'; Arguments = @{ Label = 'one'; PerLabel = $true }; ErrorId = 'AmbiguousParameterSet' }
    ) {
        { $eval | Invoke-ThresholdSweep @Arguments } | Should -Throw -ErrorId "$ErrorId,$Command"
    }

    It 'has help with examples' {
        $help = Get-Help -Name Invoke-ThresholdSweep -Full
        $help.Synopsis | Should -Match 'threshold'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 1
    }
}
