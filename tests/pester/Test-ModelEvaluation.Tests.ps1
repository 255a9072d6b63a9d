# Test-ModelEvaluation against the built module: gates pass and fail at their boundaries (a limit equal to the value
# passes, the next double fails), on the digits demo (figures of expected.test.json, as Get-ModelEvaluation.Tests.ps1
# checks them) and a weaker copy of its predictions (New-WeakerPredictions; the drops are those of automl-eval check).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Command = 'AutoMLEval.PowerShell.Commands.TestModelEvaluationCommand'
    $old = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
    $new = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (New-WeakerPredictions -Path (Join-Path $TestDrive 'weaker.jsonl'))
    # The smallest double above $value: a limit just out of reach.
    function Get-NextUp([double] $Value) { [BitConverter]::Int64BitsToDouble([BitConverter]::DoubleToInt64Bits($Value) + 1) }
}

Describe 'Test-ModelEvaluation' {
    Context 'value gates' {
        It 'passes at the boundary and fails just beyond it: -Minimum AuPrc (0.9580221538568727)' {
            $old | Test-ModelEvaluation -Minimum @{ AuPrc = $old.AuPrc } | Should -BeExactly $true
            $result = $old | Test-ModelEvaluation -Minimum @{ AuPrc = (Get-NextUp $old.AuPrc) } -ErrorVariable failed -ErrorAction SilentlyContinue
            $result | Should -BeExactly $false
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeExactly "GateFailed,$Command"
            $failed[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $failed[0].TargetObject.Gate | Should -BeExactly ('AuPrc >= ' + (Get-NextUp $old.AuPrc).ToString('R', [cultureinfo]::InvariantCulture))
        }

        It 'says each passed gate with -Verbose, and writes an error, not a verbose line, for a failed one' {
            $records = @($old | Test-ModelEvaluation -Minimum @{ AuPrc = 0.9; Recall = 0.95 } -Verbose -ErrorAction SilentlyContinue 4>&1)
            $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $verbose.Count | Should -Be 1
            $verbose[0].Message | Should -BeExactly 'Gate passed: AuPrc >= 0.9: AuPrc is 0.958022; it must be at least 0.9.'
            $records[-1] | Should -BeExactly $false
        }

        It 'passes at the boundary and fails just beyond it: -Maximum LogLoss (0.330657380956613)' {
            $old | Test-ModelEvaluation -Maximum @{ LogLoss = $old.LogLoss } | Should -BeExactly $true
            $old | Test-ModelEvaluation -Maximum @{ LogLoss = [Math]::BitDecrement($old.LogLoss) } -ErrorAction SilentlyContinue | Should -BeExactly $false
        }

        It 'takes <Name> for <Metric>, ignoring case' -TestCases @(
            @{ Name = 'Recall'; Metric = 'MicroRecall'; Value = 0.8648148148148148 }
            @{ Name = 'precision'; Metric = 'MicroPrecision'; Value = 0.9284294234592445 }
            @{ Name = 'F1Score'; Metric = 'MicroF1'; Value = 0.8954937679769895 }
            @{ Name = 'microrecall'; Metric = 'MicroRecall'; Value = 0.8648148148148148 }
            @{ Name = 'AUPRC'; Metric = 'AuPrc'; Value = 0.9580221538568727 }
            @{ Name = 'brierScore'; Metric = 'BrierScore'; Value = 0.16624496672532915 }
        ) {
            $result = $old | Test-ModelEvaluation -Minimum @{ $Name = 0.1 } -Detailed
            $result.Metric | Should -BeExactly $Metric
            [math]::Abs($result.Value - $Value) | Should -BeLessThan 1e-12
            $result.Passed | Should -BeTrue
        }

        It 'checks a hashtable''s gates in metric order and an [ordered] one in the order written' {
            ($old | Test-ModelEvaluation -Minimum @{ Recall = 0.1; AuPrc = 0.1; Accuracy = 0.1 } -Detailed).Metric | Should -Be @('AuPrc', 'Accuracy', 'MicroRecall')
            ($old | Test-ModelEvaluation -Minimum ([ordered]@{ Recall = 0.1; AuPrc = 0.1 }) -Detailed).Metric | Should -Be @('MicroRecall', 'AuPrc')
        }

        It 'writes one error per failed gate and $false once' {
            $result = @($new | Test-ModelEvaluation -Minimum @{ AuPrc = 0.95; Recall = 0.9; Accuracy = 0.5 } -ErrorVariable failed -ErrorAction SilentlyContinue)
            $result | Should -Be @($false)
            $failed.Count | Should -Be 2
            $failed.TargetObject.Metric | Should -Be @('AuPrc', 'MicroRecall')
            "$($failed[0])" | Should -BeLike 'Gate failed: AuPrc >= 0.95: AuPrc is 0.555446; it must be at least 0.95 (short by 0.394554).'
        }

        It '-ErrorAction Stop stops the script at the first failed gate' {
            $reached = $false
            { $new | Test-ModelEvaluation -Minimum @{ AuPrc = 0.95 } -ErrorAction Stop; $reached = $true } | Should -Throw -ErrorId "GateFailed,$Command"
            $reached | Should -BeFalse
        }
    }

    Context 'drop gates against -Baseline' {
        It 'passes at the boundary and fails just beyond it: -MaxDrop Accuracy (146 of 540 more wrong)' {
            # The weaker copy fixes 14 items and breaks 160 (automl-eval compare): the accuracy drops by 146/540.
            $drop = $old.Accuracy - $new.Accuracy
            [math]::Abs($drop - 146 / 540) | Should -BeLessThan 1e-12
            $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ Accuracy = $drop } | Should -BeExactly $true
            # A limit within the subtraction's rounding of the drop is the drop (0.91 - 0.90 is 0.010000000000000009).
            $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ Accuracy = [Math]::BitDecrement($drop) } | Should -BeExactly $true
            $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ Accuracy = $drop - 1e-12 } -ErrorAction SilentlyContinue | Should -BeExactly $false
        }

        It 'takes a relative drop as a string: <Limit> of the baseline''s accuracy (a drop of 30.17%)' -TestCases @(
            @{ Limit = '30%'; Passed = $false }
            @{ Limit = '30.2%'; Passed = $true }
            @{ Limit = ' 31 % '; Passed = $true }
        ) {
            $result = $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ Accuracy = $Limit } -Detailed -ErrorAction SilentlyContinue
            $result.Passed | Should -Be $Passed
            $result.IsRelative | Should -BeTrue
            [math]::Abs($result.Drop - (146 / 540) / $old.Accuracy) | Should -BeLessThan 1e-12
            $result.Baseline | Should -Be $old.Accuracy
        }

        It 'reads a limit given as text in <Culture> as a Threshold is read: <Refused> refused' -TestCases @(
            # The invariant "30.2%" first, then the session's own format: "30,2%" is 30.2% in de-DE and no number in
            # en-US, where a comma groups thousands (never read).
            @{ Culture = 'en-US'; Limits = @('30.2%', '0.3018'); Refused = '30,2%' }
            @{ Culture = 'de-DE'; Limits = @('30.2%', '30,2%', '0.3018', '0,3018'); Refused = '30,2.5%' }
        ) {
            $sessionCulture = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = $Culture
                # A drop of 146 / 540 in accuracy, 30.17% of the baseline's: within 30.2% and within 0.3018 of accuracy (0.2704).
                foreach ($limit in $Limits) {
                    $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ Accuracy = $limit } | Should -BeTrue -Because "'$limit' in $Culture"
                }
                { $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ Accuracy = $Refused } } | Should -Throw -ErrorId 'InvalidGateValue,AutoMLEval.PowerShell.Commands.TestModelEvaluationCommand'
            }
            finally {
                [cultureinfo]::CurrentCulture = $sessionCulture
            }
        }

        It 'shows a gate''s limit in the session''s culture beside the values, and keeps Gate and messages invariant' {
            $sessionCulture = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = 'de-DE'
                $results = $old | Test-ModelEvaluation -Minimum @{ AuPrc = 0.99 } -Baseline $old -MaxDrop @{ Accuracy = '1.5%' } -Detailed -ErrorAction SilentlyContinue -ErrorVariable failed
                $lines = ($results | Format-Table | Out-String -Width 120) -split '\r?\n'
                # AuPrc 0.958022 (expected.test.json) under 0.99; a model against itself drops by 0.
                @($lines | Where-Object { $_ -match '^False\s+AuPrc >= 0,99\s+0,9580\s*$' }).Count | Should -Be 1 -Because ($lines -join "`n")
                @($lines | Where-Object { $_ -match '^True\s+Accuracy drop <= 1,5%\s' }).Count | Should -Be 1 -Because ($lines -join "`n")
                $results.Gate | Should -Be @('AuPrc >= 0.99', 'Accuracy drop <= 1.5%')
                "$($results[0])" | Should -BeLike 'AuPrc >= 0.99: FAILED (AuPrc is 0.958022; *'
                "$failed" | Should -BeLike 'Gate failed: AuPrc >= 0.99: AuPrc is 0.958022; *'
            }
            finally {
                [cultureinfo]::CurrentCulture = $sessionCulture
            }
        }

        It 'a drop of a loss is a rise: -MaxDrop LogLoss' {
            $result = $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ LogLoss = 1 } -Detailed -ErrorAction SilentlyContinue
            [math]::Abs($result.Drop - ($new.LogLoss - $old.LogLoss)) | Should -BeLessThan 1e-12
            $result.Passed | Should -BeFalse
        }

        It 'warns that -Baseline without -MaxDrop compares nothing' {
            $old | Test-ModelEvaluation -Minimum @{ AuPrc = 0.5 } -Baseline $new -WarningVariable unused -WarningAction SilentlyContinue | Should -BeExactly $true
            "$unused" | Should -BeLike '-Baseline is only used by -MaxDrop gates*'
        }

        It 'a model against itself drops by 0 and passes -MaxDrop 0' {
            $old | Test-ModelEvaluation -Baseline $old -MaxDrop @{ AuPrc = 0; Accuracy = 0 } | Should -BeExactly $true
        }

        It 'a model against itself drops by 0, not -0, in Drop and the message' {
            # -0.0 prints as "-0" in the message, Format-Table, Export-Csv and ConvertTo-Json.
            $rows = @($old | Test-ModelEvaluation -Baseline $old -MaxDrop @{ AuPrc = 0; Accuracy = '0%' } -Detailed)
            $rows.Count | Should -Be 2
            foreach ($row in $rows) {
                [double]::IsNegative($row.Drop) | Should -BeFalse -Because $row.Gate
                $row.Message | Should -Match 'a drop of 0%? \(' -Because $row.Gate
            }
        }

        It '-OnlySignificant lets a drop beyond its limit pass while its paired interval includes 0' {
            # Two items of 540 changed (every 270th): AuPRC drops by 0.0071, its 95% interval is about [-0.023, +0.001].
            $close = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (New-WeakerPredictions -Path (Join-Path $TestDrive 'close.jsonl') -Every 270)
            $close | Test-ModelEvaluation -Baseline $old -MaxDrop @{ AuPrc = 0.001 } -ErrorAction SilentlyContinue | Should -BeExactly $false
            $close | Test-ModelEvaluation -Baseline $old -MaxDrop @{ AuPrc = 0.001 } -OnlySignificant -BootstrapSamples 200 | Should -BeExactly $true
            # The weaker copy's drop is significant: it still fails.
            $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ AuPrc = 0.001 } -OnlySignificant -BootstrapSamples 200 -ErrorAction SilentlyContinue | Should -BeExactly $false
        }
    }

    Context 'the same gates as automl-eval check' {
        It 'gives the verdicts and values of tests/AutoMLEval.Tests/Fixtures/digits/gates.expected.json, which the CLI test checks too' {
            # Value gates on the whole candidate (540 items), drop gates on the 500 items the baseline shares with it.
            $expected = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../AutoMLEval.Tests/Fixtures/digits/gates.expected.json') -Raw | ConvertFrom-Json
            $first500 = Join-Path $TestDrive 'first500.jsonl'
            Get-Content -LiteralPath $DemoPredictions -TotalCount 500 | Set-Content -LiteralPath $first500
            $baseline = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $first500 -WarningAction SilentlyContinue
            function ConvertTo-Gates($Object) { $gates = [ordered]@{}; foreach ($p in $Object.PSObject.Properties) { $gates[$p.Name] = $p.Value }; $gates }
            $results = @($new | Test-ModelEvaluation -Minimum (ConvertTo-Gates $expected.minimum) -Maximum (ConvertTo-Gates $expected.maximum) -MaxDrop (ConvertTo-Gates $expected.maxDrop) `
                    -Baseline $baseline -Detailed -ErrorAction SilentlyContinue -WarningVariable unpaired -WarningAction SilentlyContinue)
            "$unpaired" | Should -BeLike '*500 items were compared*40 only in the difference*'
            $results.Count | Should -Be $expected.gates.Count
            for ($i = 0; $i -lt $results.Count; $i++) {
                $want = $expected.gates[$i]
                $results[$i].Kind | Should -Be @{ 'min' = 'Minimum'; 'max' = 'Maximum'; 'max-drop' = 'MaxDrop' }[$want.kind]
                $results[$i].Metric | Should -Be $want.metric
                $results[$i].Passed | Should -Be $want.passed
                $results[$i].Value | Should -Be $want.value
                $results[$i].Baseline | Should -Be $want.baseline
                $results[$i].Drop | Should -Be $want.drop
            }
            @($results | Where-Object { -not $_.Passed }).Count -eq 0 | Should -Be $expected.passed
        }
    }

    Context 'bad arguments stop the command before any work' {
        It '<Case>: <ErrorId>' -TestCases @(
            @{ Case = 'an unknown metric'; ErrorId = 'UnknownMetric'; Arguments = @{ Minimum = @{ Auprc2 = 0.9 } } }
            @{ Case = 'a limit that is no number'; ErrorId = 'InvalidGateValue'; Arguments = @{ Minimum = @{ AuPrc = 'high' } } }
            @{ Case = 'a negative drop'; ErrorId = 'InvalidGateValue'; Arguments = @{ MaxDrop = @{ AuPrc = -0.1 }; Baseline = $null } }
            @{ Case = 'a percentage as a value gate'; ErrorId = 'InvalidGateValue'; Arguments = @{ Minimum = @{ AuPrc = '95%' } } }
            @{ Case = 'a drop without baseline'; ErrorId = 'MaxDropNeedsBaseline'; Arguments = @{ MaxDrop = @{ AuPrc = 0.01 } } }
            @{ Case = '-OnlySignificant without baseline'; ErrorId = 'OnlySignificantNeedsBaseline'; Arguments = @{ Minimum = @{ AuPrc = 0.5 }; OnlySignificant = $true } }
            @{ Case = 'no gate'; ErrorId = 'NoGates'; Arguments = @{} }
            @{ Case = 'an empty table'; ErrorId = 'NoGates'; Arguments = @{ Minimum = @{}; Maximum = @{ LogLoss = 1 } } }
        ) {
            if ($Arguments.ContainsKey('Baseline')) { $Arguments.Baseline = $old }
            $output = $null
            { $output = $old | Test-ModelEvaluation @Arguments } | Should -Throw -ErrorId "$ErrorId,$Command"
            $output | Should -BeNullOrEmpty
        }

        It 'lists the metrics when a name is unknown' {
            { $old | Test-ModelEvaluation -Minimum @{ Auprc2 = 0.9 } } | Should -Throw -ExpectedMessage "*there is no metric 'Auprc2'; a classification evaluation's metrics are: AuPrc, AuRoc, LogLoss, *, BrierScore; also Precision (= MicroPrecision), Recall (= MicroRecall), F1Score (= MicroF1). A detection or segmentation evaluation's are COCO's statistics: AP, AP50, AP75, APSmall, *, ARLarge. A video evaluation's figures are its properties*"
        }
    }

    Context 'Tab completion inside the gate tables' {
        # PowerShell 7 asks no argument completer inside @{ }, and completed nothing there; it offers the settable
        # properties of the parameter's type, MetricLimits, whose properties are the names a gate takes.
        It 'completes <Line>' -TestCases @(
            @{ Line = 'Test-ModelEvaluation -Minimum @{ Macro'; Expected = @('MacroAuPrc', 'MacroAuRoc', 'MacroF1') }
            @{ Line = 'Test-ModelEvaluation -Minimum @{ AuPrc = 0.95; Re'; Expected = @('Recall') }
            @{ Line = '$new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ AP'; Expected = @('AP', 'AP50', 'AP75', 'APLarge', 'APMedium', 'APSmall') }
            @{ Line = 'Test-ModelEvaluation -Maximum @{ LogLoss = 0.4; B'; Expected = @('BrierScore') }
        ) {
            $completions = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
            $completions.CompletionText | Should -Be $Expected
        }

        It 'offers every metric at an empty table, the ones given left out' {
            $line = 'Test-ModelEvaluation -Minimum @{ AuPrc = 0.9; '
            $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $names.Count | Should -Be 26
            $names | Should -Not -Contain 'AuPrc'
            $names | Should -Contain 'ExpectedCalibrationError'
            $names | Should -Contain 'AR100'
        }

        It 'still takes a hashtable, an [ordered] one and a dictionary as before' {
            $old | Test-ModelEvaluation -Minimum @{ AuPrc = 0.9 } | Should -BeTrue
            $old | Test-ModelEvaluation -Minimum ([ordered]@{ Recall = 0.5; AuPrc = 0.9 }) | Should -BeTrue
            $limits = [System.Collections.Generic.Dictionary[string, object]]::new()
            $limits['Accuracy'] = 0.99
            $old | Test-ModelEvaluation -Minimum $limits -ErrorAction SilentlyContinue | Should -BeFalse
        }
    }

    Context 'a detector' {
        BeforeAll {
            # tiny_bbox: AP 0.41089, AP50 0.75248, APs 0.7 (its expected.json); the weaker model keeps every other detection.
            $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
            $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath (Join-Path $fixture 'dt.json')
            $detections = Get-Content -Raw (Join-Path $fixture 'dt.json') | ConvertFrom-Json
            $weakerPath = Join-Path $TestDrive 'weaker.json'
            ConvertTo-Json -InputObject @(for ($i = 0; $i -lt $detections.Count; $i += 2) { $detections[$i] }) -Depth 5 | Set-Content -LiteralPath $weakerPath
            $weaker = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixture 'gt.json') -PredictionPath $weakerPath
        }

        It 'is gated on its COCO statistics by property name, and on a drop of AP against a baseline detector' {
            $results = $det | Test-ModelEvaluation -Minimum ([ordered]@{ AP50 = 0.75; APSmall = 0.71 }) -MaxDrop @{ AP = 0 } -Baseline $weaker -Detailed -ErrorAction SilentlyContinue -ErrorVariable failed
            $results.Gate | Should -Be @('AP50 >= 0.75', 'APSmall >= 0.71', 'AP drop <= 0')
            $results.Passed | Should -Be @($true, $false, $true)
            $results[0].Value | Should -Be $det.AP50
            $results[1].Value | Should -Be 0.7
            $results[2].Baseline | Should -Be $weaker.AP
            @($failed).Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -Be "GateFailed,$Command"
            # The same from the CLI's names, and the weaker model drops against the stronger one.
            $det | Test-ModelEvaluation -Minimum @{ ap50 = 0.75 } | Should -BeTrue
            $weaker | Test-ModelEvaluation -MaxDrop @{ AP = 0 } -Baseline $det -ErrorAction SilentlyContinue | Should -BeFalse
        }

        It 'writes <ErrorId> for <Case>' -TestCases @(
            @{ Case = 'a classification metric'; ErrorId = 'MetricNotForTask'; Arguments = @{ Minimum = @{ AuPrc = 0.5 } }; Message = '*AuPrc is not a metric of a detection evaluation; its metrics are COCO''s statistics: AP, AP50, *' }
            @{ Case = 'a drop paired images cannot measure'; ErrorId = 'MetricNotForTask'; Arguments = @{ MaxDrop = @{ AR100 = 0.1 }; Baseline = 'weaker' }; Message = '*a drop of AR100 cannot be measured: a comparison of two detectors pairs their images for AP, AP50, AP75 only*' }
            @{ Case = 'a classification baseline'; ErrorId = 'TaskNotComparable'; Arguments = @{ MaxDrop = @{ AP = 0.1 }; Baseline = 'classification' }; Message = '*-Baseline: a detector''s drops are measured against another detector''s evaluation*' }
        ) {
            if ($Arguments.Baseline -eq 'weaker') { $Arguments.Baseline = $weaker }
            if ($Arguments.Baseline -eq 'classification') { $Arguments.Baseline = $old }
            $output = $null
            { $output = $det | Test-ModelEvaluation @Arguments -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,$Command" -ExpectedMessage $Message
            $output | Should -BeNullOrEmpty
        }

        It 'refuses a detection metric on a classification evaluation' {
            { $old | Test-ModelEvaluation -Minimum @{ AP50 = 0.5 } -ErrorAction Stop } | Should -Throw -ErrorId "MetricNotForTask,$Command" -ExpectedMessage '*AP50 is not a metric of a classification evaluation*'
        }
    }
}

Describe 'Test-ModelEvaluation on the slices of one predictions file' {
    BeforeAll {
        # The demo's camera slices (New-DemoCameraMetadata), largest first, with the CLI's slices[] figures
        # (Get-ModelEvaluation.Decide.Tests.ps1): b AuPrc 0.95902, a 0.95111, c 0.96517. They share one PredictionPath.
        $cameras = New-DemoCameraMetadata -Path (Join-Path $TestDrive 'cameras.csv')
        $slices = @(Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -SliceBy camera -MetadataPath $cameras)
    }

    It 'names the slice whose gate failed, in the error and its target: AuPrc >= 0.96 fails b and a, passes c' {
        # Two errors said 'Gate failed: AuPrc >= 0.96: …' with nothing to tell which slices they were.
        $results = @($slices | Test-ModelEvaluation -Minimum @{ AuPrc = 0.96 } -ErrorVariable failed -ErrorAction SilentlyContinue)
        $results | Should -Be @($false, $false, $true)
        $failed.Count | Should -Be 2
        "$($failed[0])" | Should -BeLike 'Gate failed: AuPrc >= 0.96 on the slice camera=b: AuPrc is 0.959024*'
        "$($failed[1])" | Should -BeLike 'Gate failed: AuPrc >= 0.96 on the slice camera=a: AuPrc is 0.951105*'
        $failed.TargetObject.Slice | Should -Be @('camera=b', 'camera=a')
    }

    It 'gives each -Detailed result its Slice; a whole evaluation''s is empty and its message unchanged' {
        $rows = @($slices | Test-ModelEvaluation -Minimum @{ AuPrc = 0.96 } -Detailed -ErrorAction SilentlyContinue)
        ($rows | ForEach-Object { '{0}:{1}' -f $_.Slice, $_.Passed }) | Should -Be @('camera=b:False', 'camera=a:False', 'camera=c:True')
        $whole = $old | Test-ModelEvaluation -Minimum @{ AuPrc = 0.96 } -Detailed -ErrorVariable failed -ErrorAction SilentlyContinue
        $whole.Slice | Should -BeExactly ''
        "$failed" | Should -BeLike 'Gate failed: AuPrc >= 0.96: AuPrc is 0.958022*'
    }
}
