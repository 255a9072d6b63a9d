# Export-ModelEvaluation and Import-ModelEvaluation against the built module: an evaluation saved as the CLI's evaluate
# JSON reads back with the same headline values (to 1e-15), and a saved one, or one through Export-Clixml and
# Import-Clixml, is the -Baseline of Test-ModelEvaluation. Figures: the digits demo and the weaker copy of its
# predictions (New-WeakerPredictions: 14 items fixed, 160 broken, so the accuracy drops from 484/540 to 338/540).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $TestCommand = 'AutoMLEval.PowerShell.Commands.TestModelEvaluationCommand'
    $old = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
    $new = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (New-WeakerPredictions -Path (Join-Path $TestDrive 'weaker.jsonl'))
    # An evaluation kept both ways: Export-ModelEvaluation's JSON read back, and Export-Clixml's; the JSON file's path.
    function Save-Evaluation([object] $Evaluation, [string] $Name) {
        $json = Join-Path $TestDrive "$Name.json"
        $Evaluation | Export-ModelEvaluation -Path $json
        $xml = Join-Path $TestDrive "$Name.xml"
        $Evaluation | Export-Clixml -LiteralPath $xml
        Import-ModelEvaluation -Path $json
        Import-Clixml -LiteralPath $xml
        $json
    }
    $saved, $deserialized, $savedPath = Save-Evaluation $old 'last-release'
    # Each headline property of a ModelEvaluation and where a SavedModelEvaluation has it.
    $Headline = @(
        @{ Name = 'AuPrc' }, @{ Name = 'AuRoc' }, @{ Name = 'LogLoss' }, @{ Name = 'MacroAuPrc' }, @{ Name = 'MacroAuRoc' }, @{ Name = 'Accuracy' },
        @{ Name = 'Precision' }, @{ Name = 'Recall' }, @{ Name = 'F1Score' }, @{ Name = 'MacroF1' }
    )
}

Describe 'Export-ModelEvaluation and Import-ModelEvaluation' {
    It 'reads back <Name> as written, to 1e-15' -TestCases @(
        @{ Name = 'AuPrc' }, @{ Name = 'AuRoc' }, @{ Name = 'LogLoss' }, @{ Name = 'MacroAuPrc' }, @{ Name = 'MacroAuRoc' }, @{ Name = 'Accuracy' },
        @{ Name = 'Precision' }, @{ Name = 'Recall' }, @{ Name = 'F1Score' }, @{ Name = 'MacroF1' }
    ) {
        $saved.$Name | Should -Not -BeNullOrEmpty
        [math]::Abs($saved.$Name - $old.$Name) | Should -BeLessOrEqual 1e-15
    }

    It 'reads back the calibration figures, the threshold, items, split, labels and file' {
        [math]::Abs($saved.ExpectedCalibrationError - $old.Calibration.ExpectedCalibrationError) | Should -BeLessOrEqual 1e-15
        [math]::Abs($saved.BrierScore - $old.Calibration.BrierScore) | Should -BeLessOrEqual 1e-15
        ($saved.Threshold, $saved.Items, $saved.MlUse, $saved.IsMultiLabel) | Should -Be @(0.5, 540, 'test', $false)
        $saved.MacroF1Name | Should -BeExactly $old.MacroF1Name
        $saved.LabelNames | Should -BeExactly $old.LabelNames
        $saved.Path | Should -Be $savedPath
        $saved.GetType().FullName | Should -Be 'AutoMLEval.SavedModelEvaluation'
        "$saved" | Should -BeExactly 'Saved Classification of test, 540 items: accuracy 0.8963 AuPRC 0.9580 (last-release.json)'
    }

    It 'reads back every label''s figures as the evaluation gave them, and shows them in the same table' {
        $figures = { param($labels) ($labels | ForEach-Object { '{0}:{1}:{2:R}:{3:R}:{4:R}:{5:R}:{6:R}:{7:R}:{8:R}:{9:R}' -f $_.Label, $_.Support, $_.AuPrc, $_.AuRoc, $_.Precision, $_.Recall, $_.F1Score, $_.BestF1Score, $_.BestF1Threshold, $_.ArgMaxF1Score }) -join ';' }
        & $figures $saved.Labels | Should -BeExactly (& $figures $old.Labels)
        $saved.Labels.Count | Should -Be 10
        ($saved.Labels | Sort-Object AuPrc | Select-Object -First 3 | Out-String -Width 80) | Should -BeExactly ($old.Labels | Sort-Object AuPrc | Select-Object -First 3 | Out-String -Width 80)
    }

    It 'shows LabelNames of a saved evaluation broken between names at 80 columns, as a live one''s list view does: <Case>' -TestCases @(
        # Out-String lays out at 80 columns here, less the last column and the entry's longest label with " : ":
        # ExpectedCalibrationError leaves 51 cells (two names of 19), IsMultiLabel 63 (three). Before, the view had no LabelNames.
        @{ Case = 'single-label'; Switches = @{}; Expected = @(
                'LabelNames               : class-01-long-name;class-02-long-name;'
                '                           class-03-long-name;class-04-long-name;'
                '                           class-05-long-name;class-06-long-name'
            ) }
        @{ Case = 'multi-label'; Switches = @{ MultiLabel = $true }; Expected = @(
                'LabelNames   : class-01-long-name;class-02-long-name;class-03-long-name;'
                '               class-04-long-name;class-05-long-name;class-06-long-name'
            ) }
    ) {
        $longNames = New-LongLabelDataset -Folder $TestDrive
        $file = Join-Path $TestDrive "long-names-$($Case).json"
        Get-ModelEvaluation -GroundTruthPath $longNames.GroundTruth -PredictionPath $longNames.Prediction @Switches -WarningAction SilentlyContinue |
            Export-ModelEvaluation -Path $file
        $lines = (Import-ModelEvaluation -Path $file | Out-String -Width 80) -split '\r?\n'
        $at = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line.StartsWith('LabelNames ') })
        $lines[$at..($at + $Expected.Count - 1)] | Should -BeExactly $Expected
        $lines[$at + $Expected.Count] | Should -Not -Match '^ +class-'
    }

    It 'writes the JSON the CLI prints: the evaluate JSON''s fields' {
        $json = Get-Content -LiteralPath $savedPath -Raw | ConvertFrom-Json
        ($json.task, $json.mlUse, $json.items, $json.auPrc) | Should -Be @('classification-single-label', 'test', 540, $old.AuPrc)
        $json.calibration.brierScore | Should -Be $old.Calibration.BrierScore
        $json.counts.evaluated | Should -Be 540
    }

    It 'reads the files Get-ChildItem pipes (LiteralPath by property name), and passes the evaluation on with -PassThru' {
        $again = $new | Export-ModelEvaluation -Path (Join-Path $TestDrive 'folder/new.json') -PassThru
        $again | Should -Be $new
        $read = @(Get-ChildItem -LiteralPath (Join-Path $TestDrive 'folder') -Filter *.json | Import-ModelEvaluation)
        $read.Count | Should -Be 1
        $read[0].Accuracy | Should -Be $new.Accuracy
    }

    It 'saves one evaluation per file: a second one piped in is an error, the first stays' {
        $file = Join-Path $TestDrive 'one.json'
        $old, $new | Export-ModelEvaluation -Path $file -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'OneEvaluationPerFile,AutoMLEval.PowerShell.Commands.ExportModelEvaluationCommand'
        (Import-ModelEvaluation $file).Accuracy | Should -Be $old.Accuracy
    }

    It 'keeps a file that exists with -NoClobber (a terminating NoClobber error), and replaces it without' {
        $file = Join-Path $TestDrive 'kept.json'
        $old | Export-ModelEvaluation -Path $file
        { $new | Export-ModelEvaluation -Path $file -NoClobber -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoClobber,AutoMLEval.PowerShell.Commands.ExportModelEvaluationCommand' -ExpectedMessage "*kept.json' already exists, and -NoClobber keeps it*"
        (Import-ModelEvaluation $file).Accuracy | Should -Be $old.Accuracy
        $new | Export-ModelEvaluation -Path $file
        (Import-ModelEvaluation $file).Accuracy | Should -Be $new.Accuracy
        $new | Export-ModelEvaluation -Path (Join-Path $TestDrive 'fresh.json') -NoClobber
        (Import-ModelEvaluation (Join-Path $TestDrive 'fresh.json')).Accuracy | Should -Be $new.Accuracy
    }

    It 'takes -LiteralPath, as Export-Csv does, for the file <Command> writes: [1] is part of the name' -TestCases @(
        @{ Command = 'Export-ModelEvaluation'; Name = 'saved[1].json' }
        @{ Command = 'Export-EvaluationReport'; Name = 'report[1].html' }
    ) {
        # docs/powershell-parameters.md lists -LiteralPath for the Export cmdlets; it was no parameter of theirs.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive "literal-$Command") -Force
        $old | & $Command -LiteralPath (Join-Path $folder.FullName $Name)
        (Get-ChildItem -LiteralPath $folder.FullName).Name | Should -Be @($Name)
    }

    It 'refuses a folder as -Path with OutputWriteFailed saying it is a folder (not that the file exists)' {
        { $old | Export-ModelEvaluation -Path $TestDrive -ErrorAction Stop } |
            Should -Throw -ErrorId 'OutputWriteFailed,AutoMLEval.PowerShell.Commands.ExportModelEvaluationCommand' -ExpectedMessage "*is a folder; name the file to write*"
    }

    It 'refuses its evaluation''s own <Which> as -Path before writing (OutputPathConflict), and keeps the file: <Command>' -TestCases @(
        @{ Command = 'Export-ModelEvaluation'; Which = 'predictions' }
        @{ Command = 'Export-EvaluationReport'; Which = 'ground truth' }
    ) {
        # Before: the predictions (or the ground truth) were replaced by the JSON (or the page), and nothing was said.
        $gt = Join-Path $TestDrive "conflict-$Command.csv"
        $predictions = Join-Path $TestDrive "conflict-$Command.jsonl"
        Copy-Item -LiteralPath $DemoGroundTruth -Destination $gt
        Copy-Item -LiteralPath $DemoPredictions -Destination $predictions
        $evaluation = Get-ModelEvaluation -GroundTruthPath $gt -PredictionPath $predictions
        $target = if ($Which -eq 'predictions') { $predictions } else { $gt }
        $before = Get-FileHash -LiteralPath $target
        { $evaluation | & $Command -Path $target -ErrorAction Stop } |
            Should -Throw -ErrorId "OutputPathConflict,AutoMLEval.PowerShell.Commands.$($Command -replace '-', '')Command" -ExpectedMessage "-Path and the evaluation's * name the same file, '$target'*"
        (Get-FileHash -LiteralPath $target).Hash | Should -Be $before.Hash
    }

    It 'refuses a file that is no saved evaluation naming the file and field, and reads the others: <Case>' -TestCases @(
        @{ Case = 'a missing threshold'; Text = '{"task":"classification-single-label","items":5}'; ErrorId = 'MissingField'; Message = "*bad.json: field 'threshold': the field is missing*" }
        @{ Case = 'a detection evaluation'; Text = '{"task":"object-detection","items":5}'; ErrorId = 'NotClassification'; Message = "*bad.json: field 'task': the task is 'object-detection'*" }
        @{ Case = 'a table'; Text = 'Task  classification'; ErrorId = 'InvalidJson'; Message = '*bad.json:1: this is not JSON*' }
    ) {
        $bad = Join-Path $TestDrive 'bad.json'
        Set-Content -LiteralPath $bad -Value $Text
        $read = @(Import-ModelEvaluation -LiteralPath $bad, $savedPath -ErrorVariable failed -ErrorAction SilentlyContinue)
        $read.Count | Should -Be 1
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,AutoMLEval.PowerShell.Commands.ImportModelEvaluationCommand"
        "$failed" | Should -BeLike $Message
    }

    It 'a saved evaluation cannot stand in where items are used: <Case> says so' -TestCases @(
        @{ Case = 'Compare-ModelEvaluation'; Command = { Compare-ModelEvaluation -Reference $saved -Difference $new -ErrorAction Stop } }
        @{ Case = 'Invoke-ThresholdSweep'; Command = { $saved | Invoke-ThresholdSweep -ErrorAction Stop } }
    ) {
        $Command | Should -Throw -ExpectedMessage '*saved evaluation (Saved Classification of test*last-release.json)) keeps the headline figures, not the items*Test-ModelEvaluation takes it (gates on its headline figures, or as -Baseline)*'
    }
}

Describe 'A saved slice' {
    BeforeAll {
        # The demo's camera slices (New-DemoCameraMetadata): b 185 items, a 179, c 176, largest first.
        $cameras = New-DemoCameraMetadata -Path (Join-Path $TestDrive 'cameras.csv')
        $slices = @(Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -SliceBy camera -MetadataPath $cameras)
        $slicePath = Join-Path $TestDrive 'camera-b.json'
        $slices[0] | Export-ModelEvaluation -Path $slicePath
        $savedSlice = Import-ModelEvaluation -Path $slicePath
        $sliceXml = Join-Path $TestDrive 'camera-b.xml'
        $slices[0] | Export-Clixml -LiteralPath $sliceXml
    }

    It 'keeps its slice''s name: SliceKey, SliceValue and Slice read back, and its text says it' {
        # It was saved and read back as a whole evaluation of 185 items, with nothing to tell it from the whole.
        ($savedSlice.SliceKey, $savedSlice.SliceValue, $savedSlice.Slice, $savedSlice.Items) | Should -Be @('camera', 'b', 'camera=b', 185)
        "$savedSlice" | Should -BeExactly ('Saved Classification of test camera=b, 185 items: accuracy {0:0.0000} AuPRC {1:0.0000} (camera-b.json)' -f $slices[0].Accuracy, $slices[0].AuPrc)
        ($savedSlice | Format-List | Out-String -Width 80) | Should -BeLike '*Slice *: camera=b*'
        $json = Get-Content -LiteralPath $slicePath -Raw | ConvertFrom-Json
        ($json.slice.key, $json.slice.value, $json.items) | Should -Be @('camera', 'b', 185)
    }

    It 'a whole evaluation saved has no slice: no slice field, and an empty Slice' {
        $json = Get-Content -LiteralPath $savedPath -Raw | ConvertFrom-Json
        $json.PSObject.Properties.Name | Should -Not -Contain 'slice'
        ($saved.SliceKey, $saved.SliceValue, $saved.Slice) | Should -Be @($null, $null, '')
    }

    It 'keeps the slice of the items without a value: SliceValue $null, Slice camera=(none)' {
        $partial = Join-Path $TestDrive 'cameras-partial.csv'
        # Two of the 540 test items have no camera: they make the slice without a value.
        Get-Content -LiteralPath $cameras | Where-Object { $_ -notmatch '^images/test/(0000|0001)\.png,' } | Set-Content -LiteralPath $partial
        $none = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -SliceBy camera -MetadataPath $partial -WarningAction SilentlyContinue |
            Where-Object { $null -eq $_.SliceValue }
        $file = Join-Path $TestDrive 'camera-none.json'
        $none | Export-ModelEvaluation -Path $file
        $read = Import-ModelEvaluation -Path $file
        ($read.SliceKey, $read.SliceValue, $read.Slice, $read.Items) | Should -Be @('camera', $null, 'camera=(none)', $none.Items)
    }

    It 'a saved slice as -Baseline of another slice or of the whole is a DifferentSlice warning: <Case>' -TestCases @(
        @{ Case = 'another slice, a'; Index = 1; Expected = '*camera-b.json: field ''slice'': the saved evaluation is of the slice camera=b and the new one of the slice camera=a*' }
        @{ Case = 'the whole evaluation'; Index = -1; Expected = '*camera-b.json: field ''slice'': the saved evaluation is of the slice camera=b and the new one of every item (no slice)*' }
    ) {
        $candidate = if ($Index -ge 0) { $slices[$Index] } else { $old }
        $candidate | Test-ModelEvaluation -Baseline $savedSlice -MaxDrop @{ AuPrc = 1 } -WarningVariable cautions -WarningAction SilentlyContinue | Should -BeExactly $true
        @($cautions | Where-Object { "$_" -like '*field ''slice''*' }).Count | Should -Be 1
        "$cautions" | Should -BeLike $Expected
    }

    It 'the same slice again is no DifferentSlice warning, saved or through Import-Clixml' {
        $slices[0] | Test-ModelEvaluation -Baseline $savedSlice -MaxDrop @{ AuPrc = 0 } -WarningVariable cautions -WarningAction SilentlyContinue | Should -BeExactly $true
        $cautions | Should -BeNullOrEmpty
        $slices[0] | Test-ModelEvaluation -Baseline (Import-Clixml -LiteralPath $sliceXml) -MaxDrop @{ AuPrc = 0 } -WarningVariable cautions -WarningAction SilentlyContinue | Should -BeExactly $true
        $cautions | Should -BeNullOrEmpty
        $slices[1] | Test-ModelEvaluation -Baseline (Import-Clixml -LiteralPath $sliceXml) -MaxDrop @{ AuPrc = 1 } -WarningVariable cautions -WarningAction SilentlyContinue | Should -BeExactly $true
        "$cautions" | Should -BeLike '*the saved evaluation is of the slice camera=b and the new one of the slice camera=a*'
    }
}

Describe 'A saved evaluation piped to Get-ModelEvaluation' {
    It 'is an error saying it cannot be evaluated again and what takes it (<Case>); the evaluations piped beside it are made' -TestCases @(
        @{ Case = 'Import-ModelEvaluation'; Make = { $saved } }
        @{ Case = 'Import-ModelEvaluation through Import-Clixml'; Make = { $file = Join-Path $TestDrive 'saved.xml'; $saved | Export-Clixml -LiteralPath $file; Import-Clixml -LiteralPath $file } }
    ) {
        # It was PowerShell's own "Cannot validate argument on parameter 'PredictionPath'. The argument is null or empty."
        $savedOne = & $Make
        $made = @($savedOne, $old | Get-ModelEvaluation -ErrorVariable failed -ErrorAction SilentlyContinue)
        $made.Count | Should -Be 1
        $made[0].Accuracy | Should -Be $old.Accuracy
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentTransformationError,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
        "$($failed[0].TargetObject)" | Should -BeLike 'Saved Classification of test, 540 items*last-release.json)'
        "$failed" | Should -BeLike "*no predictions to evaluate*read with Import-ModelEvaluation keeps its figures, not the files it was made from, so it cannot be evaluated again: Test-ModelEvaluation takes it as it is*"
    }

    It 'stops with that error under -ErrorAction Stop, and $? is false without it' {
        { $saved | Get-ModelEvaluation -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand' -ExpectedMessage '*cannot be evaluated again*'
        $saved | Get-ModelEvaluation -ErrorAction SilentlyContinue
        $? | Should -BeFalse
    }
}

Describe 'Test-ModelEvaluation -Baseline saved' {
    It 'gates a drop against <Case> at its boundary: 146 of 540 more wrong' -TestCases @(
        @{ Case = 'Import-ModelEvaluation'; Baseline = 'saved' }
        @{ Case = 'Import-Clixml'; Baseline = 'deserialized' }
    ) {
        $baseline = Get-Variable -Name $Baseline -ValueOnly
        $drop = $old.Accuracy - $new.Accuracy
        [math]::Abs($drop - 146 / 540) | Should -BeLessThan 1e-12
        $new | Test-ModelEvaluation -Baseline $baseline -MaxDrop @{ Accuracy = $drop } | Should -BeExactly $true
        $new | Test-ModelEvaluation -Baseline $baseline -MaxDrop @{ Accuracy = $drop - 1e-12 } -ErrorAction SilentlyContinue | Should -BeExactly $false
    }

    It 'gives every drop the live baseline gives when all items pair: <Metric> against <Case>' -TestCases @(
        foreach ($case in 'saved', 'deserialized') {
            foreach ($metric in 'AuPrc', 'LogLoss', 'Accuracy', 'Recall', 'MacroF1', 'BrierScore', 'ExpectedCalibrationError') { @{ Case = $case; Metric = $metric } }
        }
    ) {
        $baseline = Get-Variable -Name $Case -ValueOnly
        $live = $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ $Metric = 0.001 } -Detailed -ErrorAction SilentlyContinue
        $result = $new | Test-ModelEvaluation -Baseline $baseline -MaxDrop @{ $Metric = 0.001 } -Detailed -ErrorAction SilentlyContinue
        $result.Passed | Should -Be $live.Passed
        [math]::Abs($result.Baseline - $live.Baseline) | Should -BeLessThan 1e-12
        [math]::Abs($result.Drop - $live.Drop) | Should -BeLessThan 1e-12
    }

    It '-OnlySignificant needs the items: OnlySignificantNeedsItems before any work' {
        { $new | Test-ModelEvaluation -Baseline $saved -MaxDrop @{ AuPrc = 0.01 } -OnlySignificant } | Should -Throw -ErrorId "OnlySignificantNeedsItems,$TestCommand"
    }

    It 'a saved evaluation at another threshold is an EvaluationsNotComparable error naming the file and field' {
        $atOther = Join-Path $TestDrive 'at-0.3.json'
        Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -Threshold 0.3 | Export-ModelEvaluation -Path $atOther
        $result = $new | Test-ModelEvaluation -Baseline (Import-ModelEvaluation $atOther) -MaxDrop @{ AuPrc = 0.01 } -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeExactly "EvaluationsNotComparable,$TestCommand"
        "$failed" | Should -BeLike "*at-0.3.json: field 'threshold': the saved evaluation is at threshold 0.3 and the new one at 0.5*"
    }

    It 'warns when the saved evaluation had other items' {
        $fewer = Join-Path $TestDrive 'fewer.jsonl'
        Get-Content -LiteralPath $DemoPredictions -TotalCount 500 | Set-Content -LiteralPath $fewer
        $savedFewer = Join-Path $TestDrive 'fewer.json'
        Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $fewer -WarningAction SilentlyContinue | Export-ModelEvaluation -Path $savedFewer
        $new | Test-ModelEvaluation -Baseline (Import-ModelEvaluation $savedFewer) -MaxDrop @{ AuPrc = 1 } -WarningVariable cautions -WarningAction SilentlyContinue | Should -BeExactly $true
        "$cautions" | Should -BeLike '*fewer.json: field ''items'': the saved evaluation has 500 items and the new one 540*'
    }

    It 'refuses what is no evaluation, saying what it takes' {
        { $new | Test-ModelEvaluation -Baseline ([pscustomobject]@{ AuPrc = 0.9 }) -MaxDrop @{ AuPrc = 0.01 } } | Should -Throw -ExpectedMessage '*-Baseline takes a ModelEvaluation*Import-ModelEvaluation*Import-Clixml*'
    }
}

Describe 'Test-ModelEvaluation on a saved candidate' {
    BeforeAll {
        $savedNew, $deserializedNew, $newPath = Save-Evaluation $new 'candidate'
    }

    It 'decides a value gate from the <Case> figures at its boundary: accuracy 338/540' -TestCases @(
        @{ Case = 'Import-ModelEvaluation'; Candidate = 'savedNew' }
        @{ Case = 'Import-Clixml'; Candidate = 'deserializedNew' }
    ) {
        $candidate = Get-Variable -Name $Candidate -ValueOnly
        # The weaker copy gets 338 of the 540 test items right (see the top of this file).
        [math]::Abs($candidate.Accuracy - 338 / 540) | Should -BeLessThan 1e-12
        $candidate | Test-ModelEvaluation -Minimum @{ Accuracy = $candidate.Accuracy } | Should -BeExactly $true
        $candidate | Test-ModelEvaluation -Minimum @{ Accuracy = [Math]::BitIncrement($candidate.Accuracy) } -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeExactly $false
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly "GateFailed,$TestCommand"
    }

    It 'gives the value gates the live evaluation gives: <Metric>' -TestCases @(
        foreach ($metric in 'AuPrc', 'LogLoss', 'Accuracy', 'Recall', 'MacroF1', 'BrierScore', 'ExpectedCalibrationError') { @{ Metric = $metric } }
    ) {
        $live = $new | Test-ModelEvaluation -Minimum @{ $Metric = 0.5 } -Detailed -ErrorAction SilentlyContinue
        $result = $savedNew | Test-ModelEvaluation -Minimum @{ $Metric = 0.5 } -Detailed -ErrorAction SilentlyContinue
        $result.Passed | Should -Be $live.Passed
        [math]::Abs($result.Value - $live.Value) | Should -BeLessOrEqual 1e-15
    }

    It 'names the candidate: the saved file, or the predictions of a deserialized evaluation' {
        ($savedNew | Test-ModelEvaluation -Maximum @{ LogLoss = 10 } -Detailed).PredictionPath | Should -Be $newPath
        ($deserializedNew | Test-ModelEvaluation -Maximum @{ LogLoss = 10 } -Detailed).PredictionPath | Should -Be $new.PredictionPath
    }

    It 'measures a drop against a saved baseline: 146 of 540 more wrong, at its boundary' {
        $drop = $saved.Accuracy - $savedNew.Accuracy
        [math]::Abs($drop - 146 / 540) | Should -BeLessThan 1e-12
        $savedNew | Test-ModelEvaluation -Baseline $saved -MaxDrop @{ Accuracy = $drop } | Should -BeExactly $true
        $savedNew | Test-ModelEvaluation -Baseline $deserialized -MaxDrop @{ Accuracy = $drop - 1e-12 } -ErrorAction SilentlyContinue | Should -BeExactly $false
    }

    It 'a gate that needs items is a GateNeedsItems error saying why: <Case>' -TestCases @(
        @{ Case = 'a drop against a live baseline'; Gates = @{ Baseline = 'old'; MaxDrop = @{ AuPrc = 0.01 } }; Message = '*-MaxDrop against a live -Baseline is measured on the items*' }
        @{ Case = '-OnlySignificant'; Gates = @{ Baseline = 'old'; MaxDrop = @{ AuPrc = 0.01 }; OnlySignificant = $true }; Message = '*-OnlySignificant resamples the items*' }
    ) {
        $gates = $Gates.Clone()
        $gates.Baseline = Get-Variable -Name $gates.Baseline -ValueOnly
        $result = $savedNew | Test-ModelEvaluation @gates -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly "GateNeedsItems,$TestCommand"
        "$failed" | Should -BeLike $Message
        "$failed" | Should -BeLike '*candidate.json*'
    }

    It 'goes on with the next evaluation piped in after one that needs items' {
        $results = @($savedNew, $new | Test-ModelEvaluation -Baseline $old -MaxDrop @{ Accuracy = 1 } -ErrorVariable failed -ErrorAction SilentlyContinue)
        $results | Should -Be @($true)
        $failed[0].FullyQualifiedErrorId | Should -BeExactly "GateNeedsItems,$TestCommand"
    }

    It 'refuses what is no evaluation, saying what it takes' {
        { [pscustomobject]@{ AuPrc = 0.9 } | Test-ModelEvaluation -Minimum @{ AuPrc = 0.5 } -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-InputObject takes a ModelEvaluation*Import-ModelEvaluation*Import-Clixml*'
    }
}

Describe 'The views of results read back with Import-Clixml' {
    # A result read back (Import-Clixml, a job's output) is a bag of its properties: the views' script blocks must not
    # need the live type (h139's finding 4: an empty Predictions/Slice column). Each table shows what the live one does.
    BeforeAll {
        function Get-ReadBack([object[]] $Results, [string] $Name) {
            $xml = Join-Path $TestDrive "$Name-views.xml"
            $Results | Export-Clixml -LiteralPath $xml
            Import-Clixml -LiteralPath $xml
        }
        $tinyBbox = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
        $detection = Get-ModelEvaluation -GroundTruthPath (Join-Path $tinyBbox 'gt.json') -PredictionPath (Join-Path $tinyBbox 'dt.json')
        $slices = @(Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -SliceBy camera -MetadataPath (New-DemoCameraMetadata -Path (Join-Path $TestDrive 'cameras.csv')))
    }

    It 'shows the <Case> table as the live one does, with its <Shows>' -TestCases @(
        @{ Case = 'classification'; Results = { $old }; Shows = 'edictions.test.jsonl' }
        @{ Case = 'slice'; Results = { $slices }; Shows = 'camera=b' }
        @{ Case = 'detection'; Results = { $detection }; Shows = 'dt.json' }
    ) {
        $live = & $Results
        $readBack = Get-ReadBack $live $Case
        $text = $readBack | Format-Table | Out-String -Width 80
        $text | Should -Match ([regex]::Escape($Shows))
        $text | Should -BeExactly ($live | Format-Table | Out-String -Width 80)
    }

    It 'shows a gate result''s limit as the live one does' {
        $live = $old | Test-ModelEvaluation -Minimum @{ AuPrc = 0.9 } -Detailed
        $readBack = Get-ReadBack $live 'gate'
        $text = $readBack | Format-Table | Out-String -Width 80
        $text | Should -Match 'AuPrc >= 0\.9'
        $text | Should -BeExactly ($live | Format-Table | Out-String -Width 80)
    }
}
