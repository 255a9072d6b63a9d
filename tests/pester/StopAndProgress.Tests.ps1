# What every long-running cmdlet owes its user (docs/architecture.md): the engine's reports from its worker threads arrive
# as ordinary errors and progress on the cmdlet's own thread, Ctrl+C stops the work promptly, and a stopped export leaves
# no half-written file. Stopping is tested the way PowerShell stops a command on Ctrl+C: PowerShell.Stop() on a command
# started with BeginInvoke. Times are only bounds far from the work's own length (a job of minutes must stop in seconds).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $EvaluationCommand = 'AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
    $TinyBbox = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'

    # A command of the module run in a runspace of its own, as a job the test can watch and stop.
    function Start-ModuleCommand {
        param([Parameter(Mandatory)] [string] $Script, [hashtable] $Arguments = @{})
        $ps = [powershell]::Create()
        $null = $ps.AddScript("param(`$module, `$arguments) Import-Module `$module; $Script").AddArgument((Join-Path $ModulePath 'AutoMLEval.psd1')).AddArgument($Arguments)
        $null = $ps.BeginInvoke()
        $ps
    }

    # Stops the job as Ctrl+C would and returns how long stopping took.
    function Measure-Stop {
        param([Parameter(Mandatory)] $PowerShell)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $PowerShell.Stop()
        $watch.Elapsed
    }

    # Starts $Script, waits (up to a minute) until it shows progress whose status is like $Status (the long work is under
    # way), stops it, and checks that it stopped, within $WithinSeconds and without an error.
    function Assert-StopsWhileWorking {
        param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [hashtable] $Arguments, [Parameter(Mandatory)] [string] $Status, [double] $WithinSeconds = 10)
        $ps = Start-ModuleCommand -Script $Script -Arguments $Arguments
        try {
            $deadline = [DateTime]::UtcNow.AddMinutes(1)
            while ([DateTime]::UtcNow -lt $deadline -and -not ($ps.Streams.Progress | Where-Object StatusDescription -like $Status)) {
                Start-Sleep -Milliseconds 100
            }
            $ps.Streams.Progress | Where-Object StatusDescription -like $Status | Should -Not -BeNullOrEmpty -Because "the job should be working on '$Status'"
            $took = Measure-Stop -PowerShell $ps
            $took.TotalSeconds | Should -BeLessThan $WithinSeconds
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Issues found on the engine''s threads' {
    It 'a COCO results file with one bad record gives one InvalidRecord error and the evaluation' {
        # The results are read on a worker thread beside the ground truth: the error must still reach the caller as an
        # ordinary non-terminating error (PowerShell used to stop the command: "cannot be called from outside ... the same thread").
        $detections = @(Get-Content -LiteralPath (Join-Path $TinyBbox 'dt.json') -Raw | ConvertFrom-Json)
        $detections += [pscustomobject]@{ image_id = 1; category_id = 1; bbox = @(10, 10, -4, 5); score = 0.5 }
        $results = Join-Path $TestDrive 'dt-with-bad-record.json'
        ConvertTo-Json -InputObject $detections -Depth 5 | Set-Content -LiteralPath $results

        $eval = Get-ModelEvaluation -GroundTruth (Join-Path $TinyBbox 'gt.json') -Prediction $results -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "InvalidRecord,$EvaluationCommand"
        # ConvertTo-Json spreads each record over several lines: the bad one starts at the last line that opens an object.
        $badLine = (Select-String -LiteralPath $results -Pattern '^\s*\{' | Select-Object -Last 1).LineNumber
        "$($problems[0])" | Should -BeLike "*dt-with-bad-record.json:${badLine}: field '``[7``].bbox'*"
        $eval.GetType().FullName | Should -Be 'AutoMLEval.DetectionModelEvaluation'
        # The bad record is skipped, so the figures are those of the file without it (pycocotools: AP50 = (1 + 51/101) / 2).
        [math]::Abs($eval.AP50 - (1 + 51 / 101) / 2) | Should -BeLessThan 1e-12
    }

    It 'a COCO pair''s errors come out file by file: the ground truth''s, then the results'', each in line order' {
        # The results are read on a worker thread while the ground truth is read: their bad first record was written
        # before the ground truth's bad last annotation (after 50,000 images) was found, errors of the two files mixed.
        $images = foreach ($i in 1..50000) { "{""id"": $i, ""width"": 100, ""height"": 80}" }
        $groundTruth = Join-Path $TestDrive 'many-images.json'
        Set-Content -LiteralPath $groundTruth -Value (
            '{"images": [' + ($images -join ",`n") + '], "categories": [{"id": 1, "name": "cat"}],' + "`n" +
            ' "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400},' + "`n" +
            ' {"id": 2, "image_id": 1, "category_id": 1, "bbox": [10, 10, -20, 20], "area": 400}]}')
        $results = Join-Path $TestDrive 'two-bad.json'
        Set-Content -LiteralPath $results -Value @(
            '[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5], "score": 0.5},'
            ' {"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9},'
            ' {"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20]}]')

        $null = Get-ModelEvaluation -GroundTruth $groundTruth -Prediction $results -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $problems | ForEach-Object { "$_" -replace '^.*[\\/]([^\\/]+:\d+): .*$', '$1' } | Should -Be @('many-images.json:50002', 'two-bad.json:1', 'two-bad.json:3')
    }

    It 'a batch-prediction file with one bad line, parsed in parallel blocks, gives one error and the evaluation' {
        $predictions = Join-Path $TestDrive 'predictions-with-bad-line.jsonl'
        $lines = [Collections.Generic.List[string]](Get-Content -LiteralPath $DemoPredictions)
        $lines.Insert(100, '{"instance":{"content":"images/test/extra.png"},"prediction":{"displayNames":["zero"],"confidences":[7]}}')
        Set-Content -LiteralPath $predictions -Value $lines

        $eval = Get-ModelEvaluation -GroundTruth $DemoGroundTruth -Prediction $predictions -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "InvalidScore,$EvaluationCommand"
        $eval.Items | Should -Be 540
    }
}

Describe 'Progress of long work' {
    It 'Get-ModelEvaluation -BootstrapSamples shows the resamples done, then completes the bar' {
        # Work shorter than half a second shows no bar: 10,000 resamples of the demo take about 5 s here (0.5 ms each).
        $ps = [powershell]::Create()
        $null = $ps.AddScript('param($module, $truth, $predictions) Import-Module $module; Get-ModelEvaluation -GroundTruth $truth -Prediction $predictions -BootstrapSamples 10000').
            AddArgument((Join-Path $ModulePath 'AutoMLEval.psd1')).AddArgument($DemoGroundTruth).AddArgument($DemoPredictions)
        try {
            $eval = $ps.Invoke()
            $ps.Streams.Error.Count | Should -Be 0
            $eval[0].ConfidenceIntervals.Count | Should -BeGreaterThan 0
            $records = @($ps.Streams.Progress)
            $resamples = @($records | Where-Object StatusDescription -like 'Bootstrap resamples: * of 10,000')
            $resamples.Count | Should -BeGreaterThan 0
            $resamples | ForEach-Object { $_.Activity | Should -BeExactly 'Get-ModelEvaluation' }
            $resamples[-1].PercentComplete | Should -BeGreaterOrEqual $resamples[0].PercentComplete
            $records[-1].RecordType | Should -Be ([System.Management.Automation.ProgressRecordType]::Completed)
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Progress of partial evaluations and merges' {
    # The engine's steps (PartialClassification.Of, PartialMerge.Run), the ones automl-eval shows on a terminal too.
    It '<Name> shows its step, then completes the bar' -TestCases @(
        # 1,000 resamples of a 540-item part (or of a merge of two) take seconds: far beyond the half second before a bar shows.
        @{ Name = 'Get-ModelEvaluation -AsPartial'; Status = 'Bootstrap resamples: * of 1,000'
            Script = 'Get-ModelEvaluation -GroundTruth $truth -Prediction $predictions -AsPartial -BootstrapSamples 1000' }
        @{ Name = 'Merge-ModelEvaluation'; Status = 'Bootstrap resamples: * of 1,000'
            Script = '$part = Get-ModelEvaluation -GroundTruth $truth -Prediction $predictions -AsPartial -BootstrapSamples 1000; $part, $part | Merge-ModelEvaluation -WarningAction SilentlyContinue' }
        # Before: the parts were decoded as they were piped in, before the merge's progress began. 40 deserialized copies of
        # a part of 1,000 resamples (each decoded from base64 and read as the merge takes it) take seconds to read.
        @{ Name = 'Merge-ModelEvaluation reading its parts'; Status = 'Merging parts: * of 40'
            Script = '$part = Get-ModelEvaluation -GroundTruth $truth -Prediction $predictions -AsPartial -BootstrapSamples 1000; $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($part)); 1..40 | ForEach-Object { $copy } | Merge-ModelEvaluation -WarningAction SilentlyContinue' }
    ) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript("param(`$module, `$truth, `$predictions) Import-Module `$module; $Script").
            AddArgument((Join-Path $ModulePath 'AutoMLEval.psd1')).AddArgument($DemoGroundTruth).AddArgument($DemoPredictions)
        try {
            $null = $ps.Invoke()
            $ps.Streams.Error.Count | Should -Be 0
            $records = @($ps.Streams.Progress)
            @($records | Where-Object StatusDescription -like $Status).Count | Should -BeGreaterThan 0
            $records[-1].RecordType | Should -Be ([System.Management.Automation.ProgressRecordType]::Completed)
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Stopping (Ctrl+C)' {
    It 'stops Get-ModelEvaluation in the middle of 100,000 bootstrap resamples' {
        # At the demo's size 100,000 resamples take about a minute; stopped, the command must end within seconds.
        Assert-StopsWhileWorking -Script 'Get-ModelEvaluation -GroundTruth $arguments.Truth -Prediction $arguments.Predictions -BootstrapSamples 100000' `
            -Arguments @{ Truth = $DemoGroundTruth; Predictions = $DemoPredictions } -Status 'Bootstrap resamples:*'
    }

    It 'stops Merge-ModelEvaluation in the middle of reading its parts' {
        # Before: the parts were decoded as they were piped in, where Stop() was not checked (up to 0.7 s a part). 400
        # copies of a part of 1,000 resamples take far longer to read than the bound.
        Assert-StopsWhileWorking -Script '$part = Get-ModelEvaluation -GroundTruth $arguments.Truth -Prediction $arguments.Predictions -AsPartial -BootstrapSamples 1000; 1..400 | ForEach-Object { $part } | Merge-ModelEvaluation -WarningAction SilentlyContinue' `
            -Arguments @{ Truth = $DemoGroundTruth; Predictions = $DemoPredictions } -Status 'Merging parts: * of 400' -WithinSeconds 3
    }

    It 'stops Compare-ModelEvaluation in the middle of 100,000 paired bootstrap resamples' {
        Assert-StopsWhileWorking -Script '$e = Get-ModelEvaluation -GroundTruth $arguments.Truth -Prediction $arguments.Predictions; Compare-ModelEvaluation $e $e -BootstrapSamples 100000' `
            -Arguments @{ Truth = $DemoGroundTruth; Predictions = $DemoPredictions } -Status 'Paired bootstrap resamples:*'
    }

    It 'stops Find-NearDuplicate in the middle of its neighbour search' {
        # 20,000 items with 256-dimensional embeddings: the exact search makes 10^11 multiply-adds (far longer than the
        # half second before a progress bar shows, on any machine). Their values do not change the cost: 101 vectors repeat.
        $random = [Random]::new(7)
        $shapes = for ($v = 0; $v -lt 101; $v++) { (1..256 | ForEach-Object { ($random.Next(1000) / 1000).ToString('0.000', [Globalization.CultureInfo]::InvariantCulture) }) -join ',' }
        $truth = [Text.StringBuilder]::new()
        $vectors = [Text.StringBuilder]::new()
        for ($i = 0; $i -lt 20000; $i++) {
            $null = $truth.AppendLine("test,item$i.png,label$($i % 10)")
            $null = $vectors.AppendLine("{`"content`":`"item$i.png`",`"embedding`":[$($shapes[$i % 101])]}")
        }
        $truthFile = Join-Path $TestDrive 'many.csv'
        $embeddingFile = Join-Path $TestDrive 'many.jsonl'
        [IO.File]::WriteAllText($truthFile, $truth.ToString())
        [IO.File]::WriteAllText($embeddingFile, $vectors.ToString())

        Assert-StopsWhileWorking -Script 'Find-NearDuplicate -GroundTruth $arguments.Truth -Embedding $arguments.Embeddings -MlUse all -Count 50' `
            -Arguments @{ Truth = $truthFile; Embeddings = $embeddingFile } -Status 'Finding nearest neighbours:*'
    }

    It 'a stopped Export-ModelPrediction leaves no file, not even a partial one' {
        $prediction = Get-ChildItem (Join-Path $Demo 'images/test') -File | Select-Object -First 1 | Invoke-ModelPrediction -Model (Join-Path $Demo 'model.onnx') -Label (Join-Path $Demo 'labels.txt')
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'export')
        $file = Join-Path $folder 'predictions.jsonl'
        # An endless stream of predictions: the export can only end by being stopped.
        $ps = Start-ModuleCommand -Script '& { while ($true) { $arguments.Prediction } } | Export-ModelPrediction -Path $arguments.File' -Arguments @{ Prediction = $prediction; File = $file }
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ([DateTime]::UtcNow -lt $deadline -and -not (Get-ChildItem -LiteralPath $folder -Force)) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 500
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            Get-ChildItem -LiteralPath $folder -Force | Should -Not -BeNullOrEmpty -Because 'the export should be writing'
            $took = Measure-Stop -PowerShell $ps
            $took.TotalSeconds | Should -BeLessThan 10
            Test-Path -LiteralPath $file | Should -BeFalse
            @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
    }
}
