# Find-ErrorSlice against the built module, on the digits demo. Expected values: `automl-eval error-slices
# --ground-truth dataset.csv --predictions predictions.test.jsonl --embeddings embeddings.test.jsonl --embeddings
# embeddings.training.jsonl --embeddings embeddings.validation.jsonl --format json` on the same files (540 items
# searched, 56 errors, 2700 groups tested, 2 slices).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Command = 'AutoMLEval.PowerShell.Commands.FindErrorSliceCommand'
    $AllEmbeddings = Join-Path $Demo 'embeddings.*.jsonl'
    $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
    $slices = @($eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings)
}

Describe 'Find-ErrorSlice' {
    It 'finds the CLI''s two slices, most significant first' {
        $slices.Count | Should -Be 2
        $slices[0].GetType().FullName | Should -Be 'AutoMLEval.ErrorSlice'
        $slices.Size | Should -Be @(10, 80)
        $slices.Errors | Should -Be @(7, 25)
    }

    It 'slice <Index> has the CLI''s figures' -TestCases @(
        @{ Index = 0; ErrorRate = 0.7; Lower = 0.39677814746114537; Upper = 0.8922087325936989; Lift = 6.75; LiftLowerBound = 3.8260749933753306; PValue = 0.031432228134620495; TopConfusion = 'eight→one (4)'; Example = 'images/test/0643.png' }
        @{ Index = 1; ErrorRate = 0.3125; Lower = 0.2215040411289482; Upper = 0.4206777574468744; Lift = 3.013392857142857; LiftLowerBound = 2.1359318251720008; PValue = 0.0007781130686532791; TopConfusion = 'eight→one (7)'; Example = 'images/test/1468.png' }
    ) {
        $slice = $slices[$Index]
        [math]::Abs($slice.ErrorRate - $ErrorRate) | Should -BeLessThan 1e-12
        [math]::Abs($slice.ErrorRateLower - $Lower) | Should -BeLessThan 1e-12
        [math]::Abs($slice.ErrorRateUpper - $Upper) | Should -BeLessThan 1e-12
        [math]::Abs($slice.Lift - $Lift) | Should -BeLessThan 1e-12
        [math]::Abs($slice.LiftLowerBound - $LiftLowerBound) | Should -BeLessThan 1e-12
        [math]::Abs($slice.PValue - $PValue) | Should -BeLessThan 1e-12
        [math]::Abs($slice.OverallErrorRate - 56 / 540) | Should -BeLessThan 1e-12
        $slice.TopConfusion | Should -BeExactly $TopConfusion
        $slice.Example | Should -BeExactly $Example
        $slice.OverRepresented | Should -BeExactly ''
        $slice.Description | Should -BeLike "$($slice.Size) items, *"
    }

    It 'shows the interval as the session writes numbers, beside the error rate: <Row> in <Culture>' -TestCases @(
        @{ Culture = 'en-US'; Row = '10      0.70   6.8 0.40-0.89 eight→one (4)' }
        @{ Culture = 'de-DE'; Row = '10      0,70   6,8 0,40-0,89 eight→one (4)' }
    ) {
        # The first slice's Wilson interval, 0.3968-0.8922; the view once wrote it invariant ("0.40-0.89") beside a German
        # "0,70". Files get the two numbers, as Export-Csv writes them, and no text of them.
        $sessionCulture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $Culture
            $text = $slices[0] | Format-Table | Out-String -Width 80
        }
        finally {
            [cultureinfo]::CurrentCulture = $sessionCulture
        }
        $text | Should -Match ([regex]::Escape($Row))
        ($slices[0] | ConvertTo-Csv -NoTypeInformation)[0] | Should -Not -Match 'Interval'
    }

    It 'shows a slice''s items without a NearestTrainingItems column, which only its examples fill' {
        $lines = @(($slices[0].Items | Format-Table | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^IsError\s+ItemId$'
        $lines[2] | Should -Match '^True\s+images/test/0643\.png$'
    }

    It 'lists every item with its outcome, the examples first' {
        $slice = $slices[0]
        $slice.Items.Count | Should -Be 10
        @($slice.Items | Where-Object IsError).Count | Should -Be 7
        ($slice.Items | Select-Object -First 3).ItemId | Should -Be @('images/test/0643.png', 'images/test/0556.png', 'images/test/0123.png')
        $slice.Examples.Count | Should -Be 5
        ($slice.Examples.IsError -join ',') | Should -Be 'True,True,True,False,True'
        Test-Path -LiteralPath $slice.Items[0].Path | Should -BeTrue
    }

    It 'gives each example its nearest training images, the same Find-SimilarImage finds from them' {
        $example = $slices[0].Examples[0]
        $example.NearestTrainingItems | Should -BeExactly 'images/training/0612.png;images/training/0639.png;images/training/0592.png'
        $matches = @($example | Find-SimilarImage -EmbeddingPath $AllEmbeddings -Count 3)
        ($matches.ItemId -join ';') | Should -BeExactly $example.NearestTrainingItems
        # Every item of a slice binds on: ItemId and GroundTruthPath.
        @($slices[0] | Select-Object -ExpandProperty Items | Find-SimilarImage -EmbeddingPath $AllEmbeddings -Count 1).Count | Should -Be 10
    }

    It 'without training embeddings the examples have no nearest training images' {
        $testOnly = @($eval | Find-ErrorSlice -EmbeddingPath (Join-Path $Demo 'embeddings.test.jsonl'))
        $testOnly.Size | Should -Be @(10, 80)
        $testOnly[0].Examples.NearestTrainingItems | Should -Be @('', '', '', '', '')
    }

    It 'names a metadata value over-represented in a slice (hand-made: the first slice''s ten items alone are camera b)' {
        $metadata = Join-Path $TestDrive 'cameras.csv'
        $inSlice = $slices[0].Items.ItemId
        $rows = Import-Csv -LiteralPath $DemoGroundTruth -Header MlUse, Item, Label | Where-Object MlUse -eq 'test' |
            ForEach-Object { '{0},{1}' -f $_.Item, $(if ($_.Item -in $inSlice) { 'b' } else { 'a' }) }
        Set-Content -LiteralPath $metadata -Value (@('path,camera') + $rows)
        $first = $eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -MetadataPath $metadata | Select-Object -First 1
        # Share in the slice 10/10, overall 10/540: 54 times as common.
        $first.OverRepresented | Should -BeExactly 'camera=b (54.0×)'
        $value = $first.OverRepresentedValues[0]
        ($value.Key, $value.Value, $value.ItemsInSlice, $value.ShareInSlice) | Should -Be @('camera', 'b', 10, 1)
        [math]::Abs($value.ShareOverall - 10 / 540) | Should -BeLessThan 1e-12
    }

    It 'reports a metadata file whose paths are not the ground truth''s, rather than describing no slice' {
        # File names only: no evaluated item matches, so no value could be over-represented.
        $names = Join-Path $TestDrive 'names.csv'
        $rows = Import-Csv -LiteralPath $DemoGroundTruth -Header MlUse, Item, Label | Where-Object MlUse -eq 'test' | ForEach-Object { '{0},a' -f (Split-Path -Leaf $_.Item) }
        Set-Content -LiteralPath $names -Value (@('path,camera') + $rows)
        $null = $eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -MetadataPath $names -ErrorVariable unmatched -ErrorAction SilentlyContinue
        $unmatched[0].FullyQualifiedErrorId | Should -BeLike 'MetadataUnmatched*'
        "$($unmatched[0])" | Should -BeLike "*names.csv*none of its 540 items is an evaluated item: it names '*.png', the ground truth 'images/test/*.png'*"
    }

    It 'takes -Size and -MaxSlices' {
        @($eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -MaxSlices 1).Count | Should -Be 1
        # Groups of 10 alone: the 80-item slice cannot be found.
        @($eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -Size 10).Size | Should -Not -Contain 80
    }

    It 'warns of each -Size skipped, and of a run that tested no group' {
        # Before: -Size 1000 wrote nothing and said nothing (0 groups tested).
        $null = $eval | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -Size 1000 -WarningVariable skipped -WarningAction SilentlyContinue
        $skipped[0].Message | Should -BeExactly 'Group size 1000 skipped: above half of the 540 items searched (270; a slice is a minority of them); no group was tested: give -Size from 2 to 270.'
        $skipped[1].Message | Should -BeLike 'No error slice found: 540 items searched, 56 errors *; 0 groups tested*'
    }

    It 'warns, at default preferences, that it found no slice, with what it searched and the items left out' {
        # The demo's errors with groups of 2 alone: none is significant after Bonferroni (automl-eval error-slices --sizes 2
        # on the same files finds none either). Before, that run wrote nothing at all unless -Verbose.
        $some = Join-Path $TestDrive 'fewer.jsonl'
        Get-Content -LiteralPath (Join-Path $Demo 'embeddings.test.jsonl') | Select-Object -Skip 40 | Set-Content -LiteralPath $some
        $found = @($eval | Find-ErrorSlice -EmbeddingPath $some -Size 2 -WarningVariable said -WarningAction SilentlyContinue)
        $found.Count | Should -Be 0
        @($said).Count | Should -Be 2
        $said[0].Message | Should -BeLike "$($eval.GroundTruthPath): Left out of the search, of 540 evaluated items: 40 items without an embedding *"
        # 500 items with an embedding, 50 of them errors; one group (of 2) around each item.
        $said[1].Message | Should -BeExactly 'No error slice found: 500 items searched, 50 errors (overall rate 0.1000); 500 groups tested, 0 significant at 0.05 after Bonferroni; 0 slices after overlaps were suppressed.'
    }

    It 'warns about the items without an embedding' {
        $some = Join-Path $TestDrive 'some.jsonl'
        Get-Content -LiteralPath (Join-Path $Demo 'embeddings.test.jsonl') | Select-Object -Skip 40 | Set-Content -LiteralPath $some
        $null = $eval | Find-ErrorSlice -EmbeddingPath $some -WarningVariable missing -WarningAction SilentlyContinue
        # The first three named, in the evaluation's order (the embedding file's first lines), then the count.
        # On the ground truth, as the report's warning of the same code (ItemsWithoutEmbedding) is.
        "$missing" | Should -BeLike '*dataset.csv: Left out of the search, of 540 evaluated items: 40 items without an embedding (images/test/1193.png, images/test/0223.png, images/test/0537.png and 37 more; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl)*'
    }

    It 'names an escaped embedding pattern in its warning as the path meant, without the backticks' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'escaped')
        Get-Content -LiteralPath (Join-Path $Demo 'embeddings.test.jsonl') | Select-Object -Skip 40 | Set-Content -LiteralPath (Join-Path $folder.FullName 'some[1].jsonl')
        $null = $eval | Find-ErrorSlice -EmbeddingPath (Join-Path $folder.FullName 'some`[1`].jsonl') -WarningVariable missing -WarningAction SilentlyContinue
        "$missing" | Should -BeExactly "$($eval.GroundTruthPath): Left out of the search, of 540 evaluated items: 40 items without an embedding (images/test/1193.png, images/test/0223.png, images/test/0537.png and 37 more; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl); looked for in $(Join-Path $folder.FullName 'some[1].jsonl')."
    }

    It 'writes <ErrorId> for <Case>' -TestCases @(
        @{ Case = 'a detection evaluation'; ErrorId = 'TaskNotSupported' }
        @{ Case = 'a missing embedding file'; ErrorId = 'PathNotFound' }
    ) {
        if ($ErrorId -eq 'TaskNotSupported') {
            $det = Get-ModelEvaluation -GroundTruthPath (Join-Path $PSScriptRoot 'fixtures/tiny_bbox/gt.json') -PredictionPath (Join-Path $PSScriptRoot 'fixtures/tiny_bbox/dt.json')
            { $det | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,$Command"
        }
        else {
            { $eval | Find-ErrorSlice -EmbeddingPath (Join-Path $TestDrive 'none.jsonl') -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,$Command"
        }
    }
}

Describe 'Find-ErrorSlice of several evaluations' {
    BeforeAll {
        $baseline = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoBaselinePredictions
        $cameraEvaluations = Get-DemoCameraEvaluation -MetadataPath (Join-Path $TestDrive 'cameras.csv')
    }

    It 'tells the slices and items of two models apart by PredictionPath' {
        # A hashtable: Group-Object sorts its groups by name, and paths sort differently from one checkout to another.
        $found = @($eval, $baseline | Find-ErrorSlice -EmbeddingPath $AllEmbeddings)
        $groups = $found | Group-Object PredictionPath -AsHashTable
        $groups[$eval.PredictionPath].Count | Should -Be 2
        $groups[$baseline.PredictionPath].Count | Should -Be @($baseline | Find-ErrorSlice -EmbeddingPath $AllEmbeddings).Count
        # Their items, expanded together, keep their model too.
        $items = @($found | Select-Object -ExpandProperty Items)
        @($items | Where-Object PredictionPath -eq $eval.PredictionPath).Count | Should -Be (10 + 80)
    }

    It 'tells the slices of the -SliceBy evaluations of one predictions file apart by Slice' {
        # They share PredictionPath; the slice each was found in was on none of them. Groups of 10 to 40 (a camera has
        # about 180 items): camera b and camera c each have one.
        $found = @($cameraEvaluations | Find-ErrorSlice -EmbeddingPath $AllEmbeddings -Size 10, 20, 40)
        $found.Slice | Should -Be @('camera=b', 'camera=c')
        $found[0].Items.Slice | Select-Object -Unique | Should -BeExactly 'camera=b'
        $slices[0].Slice | Should -BeExactly ''
        $slices[0].Items[0].Slice | Should -BeExactly ''
    }
}
