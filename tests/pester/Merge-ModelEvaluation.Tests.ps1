# Get-ModelEvaluation -AsPartial and Merge-ModelEvaluation against the built module: shards of the digits demo's
# predictions, evaluated apart (in parallel runspaces, deserialized) and merged, give the one-pass evaluation.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Command = 'AutoMLEval.PowerShell.Commands.MergeModelEvaluationCommand'
    # Four shards of the 540 test predictions (135 lines each), as a batch prediction writes them.
    $ShardFolder = Join-Path $TestDrive 'shards'
    New-Item -ItemType Directory -Path $ShardFolder | Out-Null
    $lines = Get-Content -LiteralPath $DemoPredictions
    for ($k = 0; $k -lt 4; $k++) {
        $lines[($k * 135)..(($k * 135) + 134)] | Set-Content -LiteralPath (Join-Path $ShardFolder "predictions.results-0000$k-of-00004.jsonl")
    }
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

        It 'counts and reports items found in two parts' {
            $part = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath (Get-ChildItem -LiteralPath $ShardFolder -Filter *.jsonl)[0].FullName -AsPartial
            $merged = $part, $part | Merge-ModelEvaluation -WarningVariable warnings -WarningAction SilentlyContinue
            $merged.DuplicateRecords | Should -Be 135
            $warnings -join "`n" | Should -BeLike '*135 items were evaluated in more than one part*'
        }
    }

    Context 'bad input' {
        It 'writes NotPartialEvaluation for an object that is no partial evaluation and goes on' {
            $part = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial
            $merged = 'not a part', $part | Merge-ModelEvaluation -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be "NotPartialEvaluation,$Command"
            $merged.Items | Should -Be 540
        }

        It 'stops on parts of different settings' {
            $a = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial
            $b = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial -Threshold 0.3
            { $a, $b | Merge-ModelEvaluation } | Should -Throw -ErrorId "PartialEvaluationsDiffer,$Command"
        }

        It 'refuses -AsPartial with intervals before any work' {
            { Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -AsPartial -ConfidenceInterval } |
                Should -Throw -ErrorId 'AsPartialNotMergeable,AutoMLEval.PowerShell.Commands.GetModelEvaluationCommand'
        }
    }
}
