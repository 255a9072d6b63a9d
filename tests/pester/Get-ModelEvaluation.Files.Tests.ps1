# Get-ModelEvaluation fed by Get-ChildItem against the built module: each FileInfo binds to -LiteralPredictionPath by its
# PSPath (brackets in names literal), one evaluation (or partial evaluation) per file, and a bad file among good ones
# is a non-terminating error naming it while the others are evaluated. Figures: the digits demo's 540 test predictions
# in four shards of 135 lines (484 of the 540 right, scikit-learn's accuracy 0.8963), and the four-item tiny set.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Command = 'AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
    # Brackets in every shard name: as wildcards, 'p[0].jsonl' would match a file 'p0.jsonl' and not itself.
    $ShardFolder = New-DemoShards -Folder (Join-Path $TestDrive 'shards') -NameFormat 'p[{0}].jsonl'
    $Whole = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
}

Describe 'Get-ModelEvaluation from Get-ChildItem' {
    It 'evaluates each file on its own: 4 evaluations of 135 items, named by their files' {
        $shards = @(Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl)
        $evaluations = @($shards | Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -WarningAction SilentlyContinue)
        $evaluations.Count | Should -Be 4
        $evaluations.GetType().FullName | Should -Be 'System.Object[]'
        $evaluations | ForEach-Object { $_.Items | Should -Be 135 }
        $evaluations.PredictionPath | Should -Be $shards.FullName
        # Top-1 hits add up over disjoint shards: 484 of the 540 right in all (the whole evaluation's accuracy).
        $hits = ($evaluations | ForEach-Object { $_.Accuracy * $_.Items } | Measure-Object -Sum).Sum
        [math]::Abs($hits - 484) | Should -BeLessThan 1e-9
        [math]::Abs($Whole.Accuracy - 484 / 540) | Should -BeLessThan 1e-12
    }

    It 'with -AsPartial merges to the evaluation of all predictions: <_>' -ForEach @('Items', 'AuPrc', 'AuRoc', 'LogLoss', 'Accuracy', 'MacroF1', 'Precision', 'Recall') {
        $merged = Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl |
            Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -AsPartial -WarningAction SilentlyContinue | Merge-ModelEvaluation
        [math]::Abs([double]$merged.$_ - [double]$Whole.$_) | Should -BeLessOrEqual 1e-12
    }

    It 'names each part by its file in the default table at 80 columns' {
        $table = Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl |
            Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -AsPartial -WarningAction SilentlyContinue | Out-String -Width 80
        # The full path would be cut at the column's 25 characters, every row alike.
        foreach ($k in 0..3) { $table | Should -BeLike "*135              540 p``[$k``].jsonl*" }
    }

    It 'takes [ and ] in a file name literally, beside a file the same name as a wildcard would match' {
        $tiny = New-TinyDataset -Folder $TestDrive
        $bracketed = Join-Path $TestDrive 'tiny[1].jsonl'
        Copy-Item -LiteralPath $tiny.Prediction -Destination $bracketed
        # tiny1.jsonl swaps each item's two scores, so only b is ranked right: read instead of tiny[1].jsonl, the accuracy would be 0.25.
        (Get-Content -LiteralPath $tiny.Prediction) -replace '"confidences":\[0\.(\d)\,0\.(\d)\]', '"confidences":[0.$2,0.$1]' |
            Set-Content -LiteralPath (Join-Path $TestDrive 'tiny1.jsonl')
        $evaluation = Get-Item -LiteralPath $bracketed | Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -WarningAction SilentlyContinue
        $evaluation.PredictionPath | Should -Be $bracketed
        # a, c and d ranked right, b wrong (New-TinyDataset): 3 of 4.
        $evaluation.Accuracy | Should -Be 0.75
        (Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -LP $bracketed -WarningAction SilentlyContinue).Accuracy | Should -Be 0.75
        (Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -LiteralPredictionPath (Join-Path $TestDrive 'tiny1.jsonl') -WarningAction SilentlyContinue).Accuracy | Should -Be 0.25
    }

    It 'writes a non-terminating error naming a bad file and evaluates the others' {
        $folder = Join-Path $TestDrive 'with-bad'
        Copy-Item -LiteralPath $ShardFolder -Destination $folder -Recurse
        Set-Content -LiteralPath (Join-Path $folder 'p[bad].jsonl') -Value 'not json at all'
        $evaluations = @(Get-ChildItem -LiteralPath $folder -Filter *.jsonl |
            Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $evaluations.Count | Should -Be 4
        $evaluations.PredictionPath | Should -Not -Contain (Join-Path $folder 'p[bad].jsonl')
        $failed.Count | Should -BeGreaterThan 0
        $failed.FullyQualifiedErrorId | Should -Contain "InvalidJson,$Command"
        foreach ($record in $failed) {
            $record.TargetObject | Should -Be (Join-Path $folder 'p[bad].jsonl')
            "$record" | Should -BeLike '*p`[bad`].jsonl*'
        }
        "$($failed | Where-Object FullyQualifiedErrorId -EQ "InvalidJson,$Command")" | Should -BeLike '*p`[bad`].jsonl:1: *'
    }

    It 'binds a file piped with -LiteralGroundTruthPath too' {
        $tiny = New-TinyDataset -Folder (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'literal-gt')).FullName
        $evaluation = Get-Item -LiteralPath $tiny.Prediction | Get-ModelEvaluation -LiteralGroundTruthPath $tiny.GroundTruth -WarningAction SilentlyContinue
        $evaluation.Accuracy | Should -Be 0.75
    }

    It 'still binds Import-Csv rows by GroundTruthPath and PredictionPath' {
        $rows = @([pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = (Join-Path $ShardFolder 'p`[0`].jsonl') })
        $evaluation = $rows | Get-ModelEvaluation -WarningAction SilentlyContinue
        $evaluation.Items | Should -Be 135
        $evaluation.PredictionPath | Should -Be (Join-Path $ShardFolder 'p[0].jsonl')
    }

    It 'writes NoCommonLabels for one piped record as a non-terminating error and evaluates the next records' {
        # A model that named its classes by index (0, 1) beside the tiny set (cat, dog): every figure of that pair would be 0.
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'no-common')).FullName
        $tiny = New-TinyDataset -Folder $folder
        $indices = Join-Path $folder 'indices.jsonl'
        (Get-Content -LiteralPath $tiny.Prediction) -replace '"cat"', '"0"' -replace '"dog"', '"1"' | Set-Content -LiteralPath $indices
        $rows = @(
            [pscustomobject]@{ GroundTruthPath = $tiny.GroundTruth; PredictionPath = $tiny.Prediction }
            [pscustomobject]@{ GroundTruthPath = $tiny.GroundTruth; PredictionPath = $indices }
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; PredictionPath = $DemoPredictions }
        )
        $evaluations = @($rows | Get-ModelEvaluation -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $evaluations.Items | Should -Be @(4, 540)
        $failed.FullyQualifiedErrorId | Should -Be @("NoCommonLabels,$Command")
        $failed[0].TargetObject | Should -Be $indices
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
        # Named on the command line, the same pair still stops the command (docs/powershell.md).
        { Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $indices -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId "NoCommonLabels,$Command"
    }

    It 'writes one InvalidJson error, at line 1, for a COCO results file given as classification predictions' {
        # Read line by line, each line of the pretty-printed array was an error of its own, none saying what the file is.
        $coco = Join-Path $TestDrive 'detections.json'
        Set-Content -LiteralPath $coco -Value @('[', ' {"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.5},', ' {"image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.5}', ']')
        $evaluation = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $coco -ErrorVariable failed -ErrorAction SilentlyContinue
        $evaluation | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be "InvalidJson,$Command"
        $failed[0].TargetObject | Should -Be $coco
        "$($failed[0])" | Should -BeLike '*detections.json:1: the file is one JSON document*not JSON Lines*'
    }

    It 'writes Unreadable with the category ReadError, naming the file, for predictions that cannot be read' -Skip:(-not (Test-Path -LiteralPath '/proc/self/mem')) {
        # /proc/self/mem opens but every read at offset 0 fails (EIO), even for root: a file whose reading fails. The
        # category was InvalidData, as if the data were wrong.
        Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -LiteralPredictionPath '/proc/self/mem' -ErrorVariable failed -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'Unreadable,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ReadError'
        $failed[0].TargetObject | Should -Be '/proc/self/mem'
    }

    It 'joins predictions of a folder, written from PowerShell''s location, to that folder as ground truth' {
        # As `predict --images fold` writes them, from the folder's parent: 'fold/cat/a.png' where the folder names 'cat/a.png'.
        # The process's current directory is not $TestDrive: the relative paths resolve from the location, as the user wrote them.
        foreach ($item in 'cat/a.png', 'cat/b.png', 'dog/c.png', 'dog/d.png') {
            $file = Join-Path $TestDrive "fold/$item"
            New-Item -ItemType Directory -Force -Path (Split-Path $file) | Out-Null
            Set-Content -LiteralPath $file -Value 'x'
        }
        $tiny = New-TinyDataset -Folder $TestDrive
        (Get-Content -LiteralPath $tiny.Prediction) -replace '"content":"a', '"content":"fold/cat/a' -replace '"content":"b', '"content":"fold/cat/b' `
            -replace '"content":"c', '"content":"fold/dog/c' -replace '"content":"d', '"content":"fold/dog/d' |
            Set-Content -LiteralPath (Join-Path $TestDrive 'fold.jsonl')
        Push-Location -LiteralPath $TestDrive
        try {
            $evaluation = Get-ModelEvaluation -GroundTruthPath fold -PredictionPath fold.jsonl -WarningAction SilentlyContinue
        }
        finally {
            Pop-Location
        }
        # The tiny set's scores (New-TinyDataset): a, c and d ranked right, b wrong.
        $evaluation.Items | Should -Be 4
        $evaluation.Accuracy | Should -Be 0.75
    }
}
