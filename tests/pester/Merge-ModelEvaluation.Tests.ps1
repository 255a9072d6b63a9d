# Get-ModelEvaluation -AsPartial and Merge-ModelEvaluation against the built module: shards of the digits demo's
# predictions, evaluated apart (in parallel runspaces, deserialized) and merged, give the one-pass evaluation.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Command = 'AutoMLEval.PowerShell.Commands.MergeModelEvaluationCommand'
    # Four shards of the 540 test predictions (135 lines each), as a batch prediction writes them.
    $ShardFolder = New-DemoShards -Folder (Join-Path $TestDrive 'shards') -NameFormat 'predictions.results-0000{0}-of-00004.jsonl'
    $Whole = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
}

Describe 'Merge-ModelEvaluation' {
    Context 'shards evaluated with ForEach-Object -Parallel' {
        BeforeAll {
            $modulePath = $ModulePath
            $groundTruth = $DemoGroundTruth
            $Parts = Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl | ForEach-Object -Parallel {
                Import-Module (Join-Path $using:modulePath 'AutoMLEval.psd1')
                Get-ModelEvaluation -GroundTruthPath $using:groundTruth -PredictionPath $_.FullName -AsPartial
            } -ThrottleLimit 2
            $Merged = $Parts | Merge-ModelEvaluation
        }

        It 'writes one partial evaluation per shard, each of its 135 items' {
            @($Parts).Count | Should -Be 4
            $Parts | ForEach-Object { $_.Items | Should -Be 135; $_.GroundTruthItems | Should -Be 540 }
        }

        It 'merges to the evaluation of all predictions: <_>' -ForEach @(
            'Items', 'AuPrc', 'AuRoc', 'MacroAuPrc', 'MacroAuRoc', 'LogLoss', 'Accuracy', 'MacroF1', 'Precision', 'Recall', 'F1Score',
            'BestF1Score', 'BestF1Threshold', 'Top1Accuracy', 'Top2Accuracy', 'Top5Accuracy', 'MissingPredictions', 'DuplicateRecords') {
            [double]$Merged.$_ | Should -BeGreaterOrEqual ([double]$Whole.$_ - 1e-12)
            [double]$Merged.$_ | Should -BeLessOrEqual ([double]$Whole.$_ + 1e-12)
        }

        It 'merges per-label slices and the confusion matrix the same' {
            ($Merged.Labels | ForEach-Object { '{0}:{1}:{2:R}' -f $_.Label, $_.Support, [math]::Round($_.AuPrc, 12) }) -join ';' |
                Should -Be (($Whole.Labels | ForEach-Object { '{0}:{1}:{2:R}' -f $_.Label, $_.Support, [math]::Round($_.AuPrc, 12) }) -join ';')
            ($Merged.ConfusionMatrix | Measure-Object -Property Items -Sum).Sum | Should -Be 540
            ($Merged.ConfusionMatrix | ForEach-Object Items) -join ',' | Should -Be (($Whole.ConfusionMatrix | ForEach-Object Items) -join ',')
        }

        It 'takes deserialized parts (Export-Clixml, as from a job or remoting) in any order' {
            $path = Join-Path $TestDrive 'parts.xml'
            $Parts | Export-Clixml -LiteralPath $path
            $deserialized = Import-Clixml -LiteralPath $path
            $deserialized[0].PSTypeNames[0] | Should -Be 'Deserialized.AutoMLEval.PartialModelEvaluation'
            $again = $deserialized[3, 1, 0, 2] | Merge-ModelEvaluation
            $again.AuPrc | Should -Be $Merged.AuPrc
            $again.Accuracy | Should -Be $Merged.Accuracy
        }

        It 'keeps a part''s base64 Content out of Format-List * and Export-Csv, and in its serialisation' {
            # Format-List * printed about 12 KB of base64 per 135-item shard (gigabytes for a large one), Export-Csv as much.
            $text = $Parts[0] | Format-List * | Out-String -Width 80
            $text | Should -Not -Match 'Content'
            $text.Length | Should -BeLessThan 1000
            ($Parts[0] | ConvertTo-Csv)[0] | Should -Not -Match 'Content'
            $Parts[0].Content | Should -Not -BeNullOrEmpty
            ([System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($Parts[0]))).Content | Should -BeExactly $Parts[0].Content
        }
    }

    Context 'a wildcard of shards given to Get-ModelEvaluation' {
        It 'reads every shard a wildcard matches as one prediction set' {
            $glob = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -Prediction (Join-Path $ShardFolder 'predictions.results-*.jsonl')
            $glob.Items | Should -Be 540
            $glob.AuPrc | Should -Be $Whole.AuPrc
            $glob.LogLoss | Should -Be $Whole.LogLoss
            $glob.PredictionPath | Should -Be (Join-Path $ShardFolder 'predictions.results-*.jsonl')
        }

        It "takes PowerShell's own wildcards ([01]: shards 0 and 1, 270 items) and -AsPartial of them" {
            $pattern = Join-Path $ShardFolder 'predictions.results-0000[01]-*.jsonl'
            $two = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $pattern -WarningAction SilentlyContinue
            $two.Items | Should -Be 270
            $two.MissingPredictions | Should -Be 270
            (Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $pattern -AsPartial).Items | Should -Be 270
        }

        It 'takes -LiteralPredictionPath as written (a * is no wildcard there)' {
            Get-ModelEvaluation -LiteralGroundTruthPath $DemoGroundTruth -LiteralPredictionPath (Join-Path $ShardFolder 'predictions.results-*.jsonl') -ErrorVariable problems -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
        }
    }

    Context 'part files (automl-eval evaluate --partial)' {
        BeforeAll {
            # The CLI writes exactly the bytes a PartialModelEvaluation carries (PartialClassification.WriteTo both ways).
            $PartFolder = Join-Path $TestDrive 'parts'
            New-Item -ItemType Directory -Path $PartFolder | Out-Null
            Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl | ForEach-Object {
                $part = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $_.FullName -AsPartial
                [IO.File]::WriteAllBytes((Join-Path $PartFolder "part-$($_.BaseName.Substring(20, 5)).eval"), [Convert]::FromBase64String($part.Content))
            }
        }

        It 'merges the files <Name> to the evaluation of all predictions' -TestCases @(
            @{ Name = 'of -Path with a wildcard'; Merge = { Merge-ModelEvaluation -Path (Join-Path $PartFolder 'part-*.eval') } }
            @{ Name = 'of a wildcard given by position'; Merge = { Merge-ModelEvaluation (Join-Path $PartFolder 'part-*.eval') } }
            @{ Name = 'of a folder'; Merge = { Merge-ModelEvaluation -Path $PartFolder } }
            @{ Name = 'Get-ChildItem pipes'; Merge = { Get-ChildItem -LiteralPath $PartFolder -Filter *.eval | Merge-ModelEvaluation } }
            @{ Name = 'named by piped strings'; Merge = { (Get-ChildItem -LiteralPath $PartFolder -Filter *.eval).FullName | Merge-ModelEvaluation } }
        ) {
            $merged = & $Merge
            $merged.Items | Should -Be 540
            $merged.MissingPredictions | Should -Be 0
            [math]::Abs($merged.AuPrc - $Whole.AuPrc) | Should -BeLessOrEqual 1e-12
            [math]::Abs($merged.LogLoss - $Whole.LogLoss) | Should -BeLessOrEqual 1e-12
            $merged.Accuracy | Should -Be $Whole.Accuracy
            # A part file names its ground truth (format version 3 on), so a merge of files shows it.
            $merged.GroundTruthPath | Should -Be $DemoGroundTruth
        }

        It 'names the shards, not their folder, when part files lie beside them: Get-ChildItem *.partial.json (<Folder>)' -TestCases @(
            @{ Folder = 'beside' }
            @{ Folder = 'run [1]' }
        ) {
            # Before, PredictionPath was the shards' folder, and evaluating it again read the *.partial.json parts as
            # predictions too (one error each: the file is not text). In a folder named with [ ] the pattern was
            # "run [1]/predictions.results-0000*-of-00004.jsonl", whose [1] -PredictionPath read as a wildcard class
            # matching "1": the merged evaluation piped back matched no file. Its literal parts are escaped now.
            $beside = Join-Path $TestDrive $Folder
            Copy-Item -LiteralPath $ShardFolder -Destination $beside -Recurse
            Get-ChildItem -LiteralPath $beside -Filter *.jsonl | ForEach-Object {
                $part = Get-ModelEvaluation -LiteralGroundTruthPath $DemoGroundTruth -LiteralPredictionPath $_.FullName -AsPartial
                [IO.File]::WriteAllBytes((Join-Path $beside "$($_.BaseName).partial.json"), [Convert]::FromBase64String($part.Content))
            }
            $merged = Get-ChildItem -LiteralPath $beside -Filter *.partial.json | Merge-ModelEvaluation
            $merged.PredictionPath | Should -BeExactly (Join-Path ([WildcardPattern]::Escape($beside)) 'predictions.results-0000*-of-00004.jsonl')
            $again = $merged | Get-ModelEvaluation -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems | Should -BeNullOrEmpty
            $again.Items | Should -Be 540
            $again.Accuracy | Should -Be $Whole.Accuracy
            # Shards alone in their folder are still named by the folder.
            (Get-ChildItem -LiteralPath $PartFolder -Filter *.eval | Merge-ModelEvaluation).PredictionPath | Should -Be $ShardFolder
        }

        It 'takes -LiteralPath as written: a name with brackets' {
            $odd = Join-Path $TestDrive 'odd[1].eval'
            Copy-Item -LiteralPath (Join-Path $PartFolder 'part-00000.eval') -Destination $odd
            $merged = Merge-ModelEvaluation -LiteralPath $odd -WarningAction SilentlyContinue
            $merged.Items | Should -Be 135
            $merged.MissingPredictions | Should -Be 405
        }

        It 'counts a file given twice as items in two parts' {
            $one = Join-Path $PartFolder 'part-00000.eval'
            $merged = Merge-ModelEvaluation -LiteralPath $one, $one -WarningVariable warnings -WarningAction SilentlyContinue
            $merged.DuplicateRecords | Should -Be 135
            $warnings -join "`n" | Should -BeLike '*135 items were evaluated in more than one part*'
        }

        It 'writes an error for a file that is no part, a later format or none, and merges the rest' {
            $bad = Join-Path $TestDrive 'bad'
            New-Item -ItemType Directory -Path $bad | Out-Null
            Copy-Item -Path (Join-Path $PartFolder '*.eval') -Destination $bad
            Set-Content -LiteralPath (Join-Path $bad 'notes.eval') -Value 'not a part'
            # Version 99 after the 8-byte magic.
            $later = [IO.File]::ReadAllBytes((Join-Path $PartFolder 'part-00000.eval'))
            $later[8] = 99
            [IO.File]::WriteAllBytes((Join-Path $bad 'later.eval'), $later)
            $merged = Merge-ModelEvaluation -Path $bad, (Join-Path $TestDrive 'absent-*.eval') -ErrorVariable problems -ErrorAction SilentlyContinue
            $merged.Items | Should -Be 540
            @($problems.FullyQualifiedErrorId | Sort-Object) | Should -Be @(
                'NotPartialEvaluation,AutoMLEval.PowerShell.Commands.MergeModelEvaluationCommand'
                'PartialEvaluationVersion,AutoMLEval.PowerShell.Commands.MergeModelEvaluationCommand'
                'PathNotFound,AutoMLEval.PowerShell.Commands.MergeModelEvaluationCommand')
        }
    }

    Context 'bootstrap intervals' {
        It 'merges parts with -BootstrapSamples to the intervals of one evaluation of all shards' {
            # Poisson weights seeded by each item's path: resample b of the whole is resample b of every shard, merged.
            $parts = Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl |
                ForEach-Object { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $_.FullName -AsPartial -BootstrapSamples 40 }
            $merged = $parts | Merge-ModelEvaluation
            $whole = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $ShardFolder -BootstrapSamples 40
            # Every headline metric of a single-label evaluation (docs/powershell.md).
            @($merged.ConfidenceIntervals).Count | Should -Be 12
            for ($m = 0; $m -lt 12; $m++) {
                $merged.ConfidenceIntervals[$m].Metric | Should -Be $whole.ConfidenceIntervals[$m].Metric
                $merged.ConfidenceIntervals[$m].Samples | Should -Be 40
                [math]::Abs($merged.ConfidenceIntervals[$m].Lower - $whole.ConfidenceIntervals[$m].Lower) | Should -BeLessOrEqual 1e-12
                [math]::Abs($merged.ConfidenceIntervals[$m].Upper - $whole.ConfidenceIntervals[$m].Upper) | Should -BeLessOrEqual 1e-12
            }
        }
    }

    Context 'items of no shard and of two' {
        It 'counts the items of no shard as missing' {
            # Shards 0 and 1 only: 270 of the 540 test items.
            $merged = Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl | Select-Object -First 2 |
                ForEach-Object { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $_.FullName -AsPartial } |
                Merge-ModelEvaluation -WarningVariable warnings -WarningAction SilentlyContinue
            $merged.Items | Should -Be 270
            $merged.MissingPredictions | Should -Be 270
            $warnings -join "`n" | Should -BeLike "*270 'test' ground-truth items have no prediction in any part*"
        }

        It 'says a part''s ConflictingIds once, as one evaluation of all the shards does' {
            # Shard 1's third record gives its labels the ids 100 to 109 (as Get-ModelEvaluation.Tests' shifted ids).
            $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'conflicting')
            $shards = Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl | Sort-Object Name | Select-Object -First 2
            $lines = @(Get-Content -LiteralPath $shards[0].FullName)
            $lines[2] = $lines[2] -replace '"ids": \[[^\]]*\]', '"ids": [101, 102, 106, 103, 105, 108, 109, 104, 100, 107]'
            $lines | Set-Content -LiteralPath (Join-Path $folder 'a.jsonl')
            Copy-Item -LiteralPath $shards[1].FullName -Destination (Join-Path $folder 'b.jsonl')
            $null = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Join-Path $folder '*.jsonl') -WarningVariable onePass -WarningAction SilentlyContinue
            $null = Get-ChildItem -LiteralPath $folder -Filter *.jsonl | ForEach-Object { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $_.FullName -AsPartial -WarningAction SilentlyContinue } |
                Merge-ModelEvaluation -WarningVariable merged -WarningAction SilentlyContinue
            $conflicts = @($merged | Where-Object { $_.Message -match "field 'prediction.ids'" })
            $conflicts.Count | Should -Be 1
            $conflicts[0].Message | Should -BeExactly @($onePass | Where-Object { $_.Message -match "field 'prediction.ids'" })[0].Message
            $conflicts[0].Message | Should -BeLike "*a.jsonl:3*the label 'one' has the id 101 here but 1 in earlier records; *"
        }

        It 'counts and reports items found in two parts' {
            $part = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl)[0].FullName -AsPartial
            $merged = $part, $part | Merge-ModelEvaluation -WarningVariable warnings -WarningAction SilentlyContinue
            $merged.DuplicateRecords | Should -Be 135
            $warnings -join "`n" | Should -BeLike '*135 items were evaluated in more than one part*'
        }
    }

    Context 'a merge piped back to Get-ModelEvaluation' {
        BeforeAll {
            # Shards 0 and 2 of the four in one folder: neither the folder nor a pattern names them alone, so the merge's
            # PredictionPath is their names joined, and Get-ModelEvaluation reads its PredictionFiles instead.
            $two = Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl | Sort-Object Name | Select-Object -Index 0, 2
            $Scattered = $two | ForEach-Object { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $_.FullName -AsPartial } |
                Merge-ModelEvaluation -WarningAction SilentlyContinue
            $ScatteredFiles = @($two.FullName)
        }

        It 'names the shards joined, and carries them in PredictionFiles' {
            $Scattered.PredictionPath | Should -BeExactly ($ScatteredFiles -join ', ')
            $Scattered.PredictionFiles | Should -Be $ScatteredFiles
        }

        It 'evaluates the same shards again: 270 items, the merge''s figures' {
            $again = $Scattered | Get-ModelEvaluation -WarningAction SilentlyContinue
            $again.Items | Should -Be 270
            [math]::Abs($again.AuPrc - $Scattered.AuPrc) | Should -BeLessOrEqual 1e-12
            # The evaluation carries the files on: it pipes back again too.
            ($again | Get-ModelEvaluation -WarningAction SilentlyContinue).Items | Should -Be 270
        }

        It 'does so deserialized too (Export-Clixml, as from a job)' {
            $file = Join-Path $TestDrive 'scattered.xml'
            $Scattered | Export-Clixml -LiteralPath $file
            (Import-Clixml -LiteralPath $file | Get-ModelEvaluation -WarningAction SilentlyContinue).Items | Should -Be 270
        }

        It 'reads the next record''s own predictions, and a -PredictionPath given on the command line' {
            $one = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $ScatteredFiles[0] -WarningAction SilentlyContinue
            @($Scattered, $one | Get-ModelEvaluation -WarningAction SilentlyContinue).Items | Should -Be @(270, 135)
            ($Scattered | Get-ModelEvaluation -PredictionPath $ScatteredFiles[1] -WarningAction SilentlyContinue).Items | Should -Be 135
        }

        It 'shows each shard''s file name in its text, not the last shard''s alone' {
            # The table view's Predictions column shows the same text, its end kept to the console's width.
            $names = '*(' + (($ScatteredFiles | ForEach-Object { Split-Path -Leaf $_ }) -join ', ') + ')'
            "$Scattered" | Should -BeLike $names
            # The parts piped in the other order, and one of them twice, name the same files.
            $reversed = $ScatteredFiles[1], $ScatteredFiles[0], $ScatteredFiles[1] | ForEach-Object { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $_ -AsPartial } |
                Merge-ModelEvaluation -WarningAction SilentlyContinue
            $reversed.PredictionPath | Should -BeExactly ($ScatteredFiles -join ', ')
            "$reversed" | Should -BeLike $names
        }

        It 'keeps PredictionFiles out of Export-Csv' {
            ($Scattered | ConvertTo-Csv)[0] | Should -Not -Match 'PredictionFiles'
        }
    }

    Context 'records rejected in the parts' {
        It 'writes one RecordsRejectedInParts error, as automl-eval merge does, and the merged evaluation' {
            # Shard 1 with one line that is no JSON: its part holds 135 items and counts 1 rejected record.
            $bad = Join-Path $TestDrive 'rejected'
            New-Item -ItemType Directory -Path $bad | Out-Null
            Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl | Copy-Item -Destination $bad
            $shard = Get-ChildItem -LiteralPath $bad -Filter '*00001-of-00004.jsonl'
            Add-Content -LiteralPath $shard.FullName -Value 'not json'
            $parts = Get-ChildItem -LiteralPath $bad -Filter *.jsonl |
                ForEach-Object { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $_.FullName -AsPartial -ErrorAction SilentlyContinue }
            $merged = $parts | Merge-ModelEvaluation -ErrorVariable problems -ErrorAction SilentlyContinue
            $merged.Items | Should -Be 540
            $merged.SkippedRecords | Should -Be 1
            @($problems).Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeExactly "RecordsRejectedInParts,$Command"
            $problems[0].Exception.Message | Should -BeLike '*0 ground-truth records and 1 prediction record were rejected when the parts were evaluated*'
            # Only shard 1 rejected a record: the error names its predictions file alone, as automl-eval merge names its part.
            $problems[0].TargetObject | Should -BeExactly $shard.FullName
        }
    }

    Context 'bad input' {
        It 'writes NotPartialEvaluation for an object that is no partial evaluation and goes on' {
            $part = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial
            $merged = [pscustomobject]@{ Name = 'not a part' }, $part | Merge-ModelEvaluation -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be "NotPartialEvaluation,$Command"
            $merged.Items | Should -Be 540
        }

        It 'stops with NoPartialEvaluations when <Case>, as automl-eval merge refuses no parts' -TestCases @(
            @{ Case = 'the pipeline is empty'; Parts = { @() } }
            @{ Case = 'every shard failed upstream'; Parts = { Get-ModelEvaluation -GroundTruthPath (Join-Path $TestDrive 'none.csv') -PredictionPath $DemoPredictions -AsPartial -ErrorAction SilentlyContinue } }
        ) {
            # Before: no output, no error, and $? True, so a script could not tell it from a merge.
            { & $Parts | Merge-ModelEvaluation } |
                Should -Throw -ErrorId "NoPartialEvaluations,$Command" -ExpectedMessage 'Give the partial evaluations to merge: none came (pipe in what Get-ModelEvaluation -AsPartial writes, or give the .eval files of automl-eval evaluate --partial).'
        }

        It 'stops on parts of different settings' {
            $a = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial
            $b = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial -Threshold 0.3
            { $a, $b | Merge-ModelEvaluation } | Should -Throw -ErrorId "PartialEvaluationsDiffer,$Command"
        }

        It 'refuses -AsPartial with -SliceBy before any work' {
            { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial -SliceBy camera } |
                Should -Throw -ErrorId 'AsPartialNotMergeable,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
        }
    }

    Context 'detection shards' {
        It 'merges Get-ModelEvaluation -Task Detection -AsPartial of shards by image into one evaluation' {
            # fixtures/tiny_bbox split by image: image 1's detections in one shard, image 2's in the other.
            $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
            $groundTruth = Join-Path $fixture 'gt.json'
            $detections = Get-Content -Raw -LiteralPath (Join-Path $fixture 'dt.json') | ConvertFrom-Json
            $shards = foreach ($image in 1, 2) {
                $path = Join-Path $TestDrive "detections-$image.json"
                ConvertTo-Json -InputObject @($detections | Where-Object image_id -EQ $image) -Depth 5 | Set-Content -LiteralPath $path
                $path
            }
            $whole = Get-ModelEvaluation -Task Detection -GroundTruthPath $groundTruth -PredictionPath (Join-Path $fixture 'dt.json')
            $modulePath = $ModulePath
            $parts = $shards | ForEach-Object -Parallel {
                Import-Module (Join-Path $using:modulePath 'AutoMLEval.psd1')
                Get-ModelEvaluation -Task Detection -GroundTruthPath $using:groundTruth -PredictionPath $_ -AsPartial
            } -ThrottleLimit 2

            $merged = $parts | Merge-ModelEvaluation

            ($parts | ForEach-Object Items | Sort-Object) -join ',' | Should -Be '1,1'
            # A COCO ground truth has no splits: MlUse is $null, as on the evaluation itself (it was an empty string).
            $parts | ForEach-Object { $null -eq $_.MlUse } | Should -Be @($true, $true)
            $whole.MlUse | Should -Be $null
            $merged.GetType().FullName | Should -Be 'AutoMLEval.DetectionModelEvaluation'
            # pycocotools' AP of tiny_bbox is 0.410891... (Detection.Tests.ps1): the merge equals the one pass.
            [math]::Abs($merged.AP - $whole.AP) | Should -BeLessOrEqual 1e-12
            [math]::Abs($merged.AP50 - $whole.AP50) | Should -BeLessOrEqual 1e-12
            [math]::Abs($merged.AP - 0.410891) | Should -BeLessThan 1e-6
            ($merged.Labels | ForEach-Object { '{0}:{1:R}' -f $_.Label, [math]::Round($_.AP, 12) }) -join ';' |
                Should -Be (($whole.Labels | ForEach-Object { '{0}:{1:R}' -f $_.Label, [math]::Round($_.AP, 12) }) -join ';')
            ($merged.ConfusionMatrix | ForEach-Object Items) -join ',' | Should -Be (($whole.ConfusionMatrix | ForEach-Object Items) -join ',')
            $merged.GroundTruthPath | Should -Be $groundTruth
            ($merged | Format-Table | Out-String -Width 80) | Should -Match 'Detection\s+2\s+7\s+0\.411'
        }
    }

    Context 'video shards' {
        BeforeAll {
            # Six videos of 10 s, two labels; the sixth is never predicted (missing at merge only). Scores in steps of
            # 0.25 so that they tie across videos; three shards of whole videos, the last holding one.
            $videoFolder = Join-Path $TestDrive 'video'
            New-Item -ItemType Directory -Path $videoFolder | Out-Null
            $gtLines = foreach ($v in 0..5) {
                $label = @('walk', 'talk')[$v % 2]
                '{"videoGcsUri":"v' + $v + '.mp4","timeSegmentAnnotations":[{"displayName":"' + $label + '","startTime":"' + $v + 's","endTime":"' + ($v + 4) + 's"}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}'
            }
            $VideoTruth = Join-Path $videoFolder 'videos.jsonl'
            $gtLines | Set-Content -LiteralPath $VideoTruth
            $predictionLines = foreach ($v in 0..4) {
                $entries = foreach ($start in 0, 5) {
                    foreach ($label in 'walk', 'talk') {
                        $score = (($v + $start + $label.Length) % 5) / 4
                        '{"displayName":"' + $label + '","type":"segment-classification","timeSegmentStart":"' + $start + 's","timeSegmentEnd":"' + ($start + 5) + 's","confidence":' + $score + '}'
                    }
                }
                '{"instance":{"content":"v' + $v + '.mp4","timeSegmentStart":"0s","timeSegmentEnd":"10s"},"prediction":[' + ($entries -join ',') + ']}'
            }
            $VideoPredictions = Join-Path $videoFolder 'all.jsonl'
            $predictionLines | Set-Content -LiteralPath $VideoPredictions
            $predictionLines[0..1] | Set-Content -LiteralPath (Join-Path $videoFolder 's0.jsonl')
            $predictionLines[2..3] | Set-Content -LiteralPath (Join-Path $videoFolder 's1.jsonl')
            $predictionLines[4] | Set-Content -LiteralPath (Join-Path $videoFolder 's2.jsonl')
            $WholeVideo = Get-ModelEvaluation -GroundTruthPath $VideoTruth -PredictionPath $VideoPredictions -Task Video -WarningAction SilentlyContinue
            $VideoParts = 's2', 's0', 's1' | ForEach-Object {
                Get-ModelEvaluation -GroundTruthPath $VideoTruth -PredictionPath (Join-Path $videoFolder "$_.jsonl") -Task Video -AsPartial
            }
            $MergedVideo = $VideoParts | Merge-ModelEvaluation
        }

        It 'writes video parts and merges them into a VideoEvaluation' {
            $VideoParts | ForEach-Object { $_.Task | Should -BeExactly 'Video'; $_.GroundTruthItems | Should -Be 6 }
            $MergedVideo.GetType().FullName | Should -Be 'AutoMLEval.VideoEvaluation'
            $MergedVideo.VideosWithoutPredictions | Should -Be 1
        }

        It 'names the ground truth in a merge of video part files' {
            # A video part carries its ground truth's path (format version 4 on), as classification and detection parts do.
            $VideoParts | ForEach-Object -Begin { $i = 0 } -Process {
                [IO.File]::WriteAllBytes((Join-Path $TestDrive "video-part-$i.eval"), [Convert]::FromBase64String($_.Content)); $i++ }
            $fromFiles = Merge-ModelEvaluation -Path (Join-Path $TestDrive 'video-part-*.eval') -WarningAction SilentlyContinue
            $fromFiles.GroundTruthPath | Should -Be $VideoTruth
            $fromFiles.AuPrc | Should -Be $MergedVideo.AuPrc
        }

        It 'merges to the evaluation of all the videos: <_>' -ForEach @(
            'Items', 'Videos', 'PredictedVideos', 'VideosWithoutPredictions', 'AuPrc', 'AuRoc', 'MacroAuPrc', 'MacroAuRoc', 'Precision', 'Recall', 'F1Score',
            'MacroF1', 'HammingLoss', 'SubsetAccuracy', 'LabelRankingAveragePrecision', 'CoverageError', 'BestF1Score', 'TemporalIoU', 'Instances',
            'MissingScores', 'SkippedRecords') {
            [double]$MergedVideo.$_ | Should -BeGreaterOrEqual ([double]$WholeVideo.$_ - 1e-12)
            [double]$MergedVideo.$_ | Should -BeLessOrEqual ([double]$WholeVideo.$_ + 1e-12)
        }

        It 'reads the shards a -PredictionPath wildcard matches as one set: <_> as of the whole file' -ForEach @(
            'Items', 'Videos', 'PredictedVideos', 'VideosWithoutPredictions', 'AuPrc', 'AuRoc', 'MacroAuPrc', 'MacroAuRoc', 'Precision', 'Recall', 'F1Score',
            'MacroF1', 'HammingLoss', 'SubsetAccuracy', 'LabelRankingAveragePrecision', 'CoverageError', 'BestF1Score', 'TemporalIoU', 'Instances',
            'MissingScores', 'SkippedRecords') {
            # s?.jsonl: s0, s1 and s2 (not all.jsonl), the five lines of all.jsonl in order; read as one file, so exactly equal.
            $pattern = Join-Path $videoFolder 's?.jsonl'
            $sharded = Get-ModelEvaluation -GroundTruthPath $VideoTruth -PredictionPath $pattern -Task Video -WarningAction SilentlyContinue
            $sharded.PredictionPath | Should -BeExactly $pattern
            $sharded.$_ | Should -Be $WholeVideo.$_
        }

        It 'writes one part of all the files a wildcard matches with -AsPartial' {
            $part = Get-ModelEvaluation -GroundTruthPath $VideoTruth -PredictionPath (Join-Path $videoFolder 's?.jsonl') -Task Video -AsPartial
            $part.Items | Should -Be $WholeVideo.Items
            ($part | Merge-ModelEvaluation -WarningAction SilentlyContinue).AuPrc | Should -Be $WholeVideo.AuPrc
        }

        It 'counts and reports a video in two parts' {
            $twice = $VideoParts[0], $VideoParts[0] | Merge-ModelEvaluation -WarningVariable warned -WarningAction SilentlyContinue
            $twice.Items | Should -Be (2 * $VideoParts[0].Items)
            ($warned -join ' ') | Should -Match '1 video was predicted in more than one part'
        }
    }

    Context 'a merge keeps figures, not items' {
        BeforeAll {
            # A merge of one part of each task: the same figures as the files, but no items or detections to list,
            # re-sweep, pair or draw.
            $tiny = New-TinyDataset -Folder $TestDrive
            $video = New-TinyVideoDataset -Folder $TestDrive
            $fixture = Join-Path $PSScriptRoot 'fixtures/tiny_bbox'
            $MergedTiny = Get-ModelEvaluation $tiny.GroundTruth $tiny.Prediction -AsPartial -WarningAction SilentlyContinue | Merge-ModelEvaluation -WarningAction SilentlyContinue
            $WholeTiny = Get-ModelEvaluation $tiny.GroundTruth $tiny.Prediction -WarningAction SilentlyContinue
            $MergedVideo = Get-ModelEvaluation $video.GroundTruth $video.Prediction -AsPartial -WarningAction SilentlyContinue | Merge-ModelEvaluation -WarningAction SilentlyContinue
            $MergedBoxes = Get-ModelEvaluation (Join-Path $fixture 'gt.json') (Join-Path $fixture 'dt.json') -AsPartial | Merge-ModelEvaluation
            $Report = Join-Path $TestDrive 'merged.html'
        }

        It '<Name>: one <ErrorId> error, nothing written' -TestCases @(
            @{ Name = 'sweep of a label'; Cmdlet = 'InvokeThresholdSweep'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedTiny | Invoke-ThresholdSweep -Label cat } }
            @{ Name = 'sweep off its grid'; Cmdlet = 'InvokeThresholdSweep'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedTiny | Invoke-ThresholdSweep -Threshold 0.5, 0.33 } }
            @{ Name = 'misclassified images'; Cmdlet = 'GetMisclassifiedImage'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedTiny | Get-MisclassifiedImage } }
            @{ Name = 'comparison'; Cmdlet = 'CompareModelEvaluation'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { Compare-ModelEvaluation $WholeTiny $MergedTiny } }
            @{ Name = 'drop gate against a live baseline'; Cmdlet = 'TestModelEvaluation'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedTiny | Test-ModelEvaluation -Baseline $WholeTiny -MaxDrop @{ AuPrc = 0.01 } } }
            @{ Name = 'report'; Cmdlet = 'ExportEvaluationReport'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedTiny | Export-EvaluationReport -Path $Report } }
            @{ Name = 'video sweep'; Cmdlet = 'InvokeThresholdSweep'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedVideo | Invoke-ThresholdSweep } }
            @{ Name = 'video misclassified segments'; Cmdlet = 'GetMisclassifiedImage'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedVideo | Get-MisclassifiedImage } }
            @{ Name = 'video report'; Cmdlet = 'ExportEvaluationReport'; ErrorId = 'MergedEvaluationHasNoItems'; Action = { $MergedVideo | Export-EvaluationReport -Path $Report } }
            @{ Name = 'detection errors'; Cmdlet = 'GetMisclassifiedImage'; ErrorId = 'MergedEvaluationHasNoDetections'; Action = { $MergedBoxes | Get-MisclassifiedImage } }
            @{ Name = 'detection comparison'; Cmdlet = 'CompareModelEvaluation'; ErrorId = 'MergedEvaluationHasNoDetections'; Action = { Compare-ModelEvaluation $MergedBoxes $MergedBoxes } }
            @{ Name = 'detection report'; Cmdlet = 'ExportEvaluationReport'; ErrorId = 'MergedEvaluationHasNoDetections'; Action = { $MergedBoxes | Export-EvaluationReport -Path $Report } }
        ) {
            # Non-terminating: the error comes out on the error stream and the pipeline goes on (before, the engine's
            # InvalidOperationException stopped it). The suite runs with Stop, which would make any error terminating.
            $ErrorActionPreference = 'Continue'
            $records = @(& $Action 2>&1)
            $records.Count | Should -Be 1
            $records[0] | Should -BeOfType System.Management.Automation.ErrorRecord
            $records[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,AutoMLEval.PowerShell.Commands.${Cmdlet}Command"
            $records[0].CategoryInfo.Category | Should -Be InvalidOperation
            Test-Path -LiteralPath $Report | Should -BeFalse
        }

        It 'names the way out of a drop gate against a live baseline: a saved baseline, which then gates the merge' {
            $ErrorActionPreference = 'Continue'
            $records = @($MergedTiny | Test-ModelEvaluation -Baseline $WholeTiny -MaxDrop @{ AuPrc = 0.01 } 2>&1)
            $records[0].Exception.Message | Should -BeLike '*save the baseline (Export-ModelEvaluation) and give -Baseline (Import-ModelEvaluation FILE)*'
            $saved = Join-Path $TestDrive 'baseline.json'
            $WholeTiny | Export-ModelEvaluation -Path $saved
            # The same figures: no drop.
            $MergedTiny | Test-ModelEvaluation -Baseline (Import-ModelEvaluation $saved) -MaxDrop @{ AuPrc = 0.01 } -WarningAction SilentlyContinue | Should -BeTrue
        }

        It 'says a merged video evaluation is not swept at all, not even at its grid''s thresholds' {
            $ErrorActionPreference = 'Continue'
            $records = @($MergedVideo | Invoke-ThresholdSweep -Threshold 0.5 2>&1)
            $records[0].Exception.Message | Should -BeLike '* is a merge of partial evaluations, which keeps the figures, not the items: a sweep needs an evaluation of the files themselves (Get-ModelEvaluation).'
        }

        It 'still sweeps what a merge keeps: the rows of its own grid, and a detection match table' {
            # Vertex AI's grid has 25 thresholds: 0, 0.05 ... 0.95 (20), 0.96 ... 1 (5).
            @($MergedTiny | Invoke-ThresholdSweep).Count | Should -Be 25
            @($MergedBoxes | Invoke-ThresholdSweep -Threshold 0.5).Count | Should -Be 1
        }

        It 'sweeps thresholds of its own grid as the files do, in the order asked' {
            # 0.5 and 0.05 are on Vertex AI's grid (0.33 is not: the error above); the rows are those of one evaluation of the files.
            $merged = @($MergedTiny | Invoke-ThresholdSweep -Threshold 0.5, 0.05)
            $whole = @($WholeTiny | Invoke-ThresholdSweep -Threshold 0.5, 0.05)
            $merged.Threshold | Should -Be @(0.5, 0.05)
            foreach ($k in 0, 1) {
                foreach ($name in 'TruePositiveCount', 'FalsePositiveCount', 'FalseNegativeCount', 'TrueNegativeCount', 'Precision', 'Recall', 'F1ScoreAt1') {
                    $merged[$k].$name | Should -Be $whole[$k].$name -Because "$name at $($whole[$k].Threshold)"
                }
            }
        }
    }
}
