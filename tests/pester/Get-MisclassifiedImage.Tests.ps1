# Get-MisclassifiedImage against the built module. Expected counts on the digits demo follow from scikit-learn's
# confusion matrix and per-label figures in shared/reference/digits/expected.test.json:
#   column 'one' off the diagonal: 1 + 1 + 1 + 7 + 14 + 4 = 28 false positives (argmax);
#   row 'eight' off the diagonal: 52 - 31 = 21 false negatives; diagonal 'seven': 54 true positives;
#   at threshold 0.5, 'one': recallAt0.5 0.9091 x support 55 = 50 TP, precisionAt0.5 50/70 -> 20 false positives.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Should -Throw -ErrorId compares the whole FullyQualifiedErrorId ("ErrorId,CommandClass") with -like.
    $Command = 'AutoMLEval.PowerShell.Commands.GetMisclassifiedImageCommand'
    $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
}

Describe 'Get-MisclassifiedImage' {
    It 'lists <Count> <Kind> items of <Label>' -TestCases @(
        @{ Label = 'one'; Kind = 'FalsePositive'; Count = 28 }
        @{ Label = 'eight'; Kind = 'FalseNegative'; Count = 21 }
        @{ Label = 'seven'; Kind = 'TruePositive'; Count = 54 }
    ) {
        $items = $eval | Get-MisclassifiedImage -Label $Label -Kind $Kind
        @($items).Count | Should -Be $Count
        $items | ForEach-Object { $_.Kind.ToString() | Should -Be $Kind }
        $items | ForEach-Object { $_.Label | Should -BeExactly $Label }
    }

    It 'takes -Kind as a kind''s name in any case, or as the kind itself, and refuses a name that is no kind' {
        # -Kind is text (so that Tab offers the kinds of the evaluation's task, which an enum parameter cannot).
        @($eval | Get-MisclassifiedImage -Label eight -Kind falsenegative).Count | Should -Be 21
        @($eval | Get-MisclassifiedImage -Label eight -Kind ([AutoMLEval.MisclassificationKind]::FalseNegative)).Count | Should -Be 21
        ($eval | Get-MisclassifiedImage -Label eight -Kind falsenegative | Select-Object -First 1).Kind | Should -BeExactly 'FalseNegative'
        { $eval | Get-MisclassifiedImage -Kind Missed } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Command"
        { $eval | Get-MisclassifiedImage -Kind 1 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Command"
        { $eval | Get-MisclassifiedImage -Kind '' } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Command"
    }

    It 'defaults to false positives, with the label positional, most confidently wrong first' {
        $items = $eval | Get-MisclassifiedImage one
        @($items).Count | Should -Be 28
        $items[0].GetType().FullName | Should -Be 'AutoMLEval.MisclassifiedImage'
        $scores = @($items.Score)
        ($scores -join ',') | Should -Be ((@($scores | Sort-Object -Descending)) -join ',')
        $items | ForEach-Object {
            $_.PredictedLabel | Should -BeExactly 'one'
            $_.TrueLabel | Should -Not -Be 'one'
        }
    }

    It 'gives each item its full path, its true labels joined and as an array' {
        $item = $eval | Get-MisclassifiedImage -Label one | Select-Object -First 1
        Test-Path -LiteralPath $item.Path | Should -BeTrue
        $item.ItemId | Should -BeLike 'images/test/*.png'
        $item.TrueLabels.Count | Should -Be 1
        $item.TrueLabels[0] | Should -BeExactly $item.TrueLabel
        $item.Threshold | Should -BeNullOrEmpty
    }

    It 'decides by score with -Threshold (20 false positives of one at 0.5)' {
        $items = $eval | Get-MisclassifiedImage -Label one -Threshold 0.5
        @($items).Count | Should -Be 20
        $items | ForEach-Object { $_.Score | Should -BeGreaterOrEqual 0.5 }
        $items[0].Threshold | Should -Be 0.5
    }

    It 'lists the galleries of several labels one after the other' {
        $items = $eval | Get-MisclassifiedImage -Label one, eight -Kind FalseNegative
        # Row 'one' off the diagonal: 5 false negatives; row 'eight': 21.
        @($items).Count | Should -Be 26
        ($items | Select-Object -First 5).Label | Sort-Object -Unique | Should -BeExactly 'one'
    }

    It 'lists a label named twice (in another case too) once, and an unknown name named twice is one error' {
        @($eval | Get-MisclassifiedImage -Label eight, EIGHT, eight -Kind FalseNegative).Count | Should -Be 21
        $items = $eval | Get-MisclassifiedImage -Label eight, roses, Roses, one, Eight -Kind FalseNegative -ErrorVariable unknown -ErrorAction SilentlyContinue
        @($items).Count | Should -Be 26
        $unknown.Count | Should -Be 1
        "$($unknown[0])" | Should -BeLike "'roses' is not a label of the evaluation*"
    }

    It 'decides multi-label galleries at the evaluation''s threshold (dog at 0.5: 3 of 22 found, precision 0.6, so 2 false positives)' {
        $fixtures = Join-Path $PSScriptRoot 'fixtures/multilabel'
        $multi = Get-ModelEvaluation -GroundTruthPath (Join-Path $fixtures 'ground_truth.jsonl') -PredictionPath (Join-Path $fixtures 'predictions.jsonl')
        $items = $multi | Get-MisclassifiedImage -Label dog
        @($items).Count | Should -Be 2
        $items | ForEach-Object { $_.Threshold | Should -Be 0.5 }
        $items | ForEach-Object { ($_.TrueLabels -contains 'dog') | Should -BeFalse }
    }

    It 'gives as predicted what -Threshold predicted: the labels at or above it, or none' {
        # New-TinyDataset's b.png, a cat scored cat 0.4, dog 0.6: its top label dog whatever the threshold; at 0.5 dog is
        # predicted, at 0.7 nothing is (before, PredictedLabel said dog 0.6 at 0.7 too).
        $tiny = New-TinyDataset -Folder $TestDrive
        $tinyEval = Get-ModelEvaluation -GroundTruthPath $tiny.GroundTruth -PredictionPath $tiny.Prediction -WarningAction SilentlyContinue
        $byTopLabel = $tinyEval | Get-MisclassifiedImage -Label cat -Kind FalseNegative
        ($byTopLabel.ItemId, $byTopLabel.PredictedLabel, $byTopLabel.PredictedScore) | Should -Be @('b.png', 'dog', 0.6)
        $at5 = $tinyEval | Get-MisclassifiedImage -Label cat -Kind FalseNegative -Threshold 0.5
        ($at5.ItemId, $at5.PredictedLabel, $at5.PredictedScore) | Should -Be @('b.png', 'dog', 0.6)
        $at7 = $tinyEval | Get-MisclassifiedImage -Label cat -Kind FalseNegative -Threshold 0.7
        $at7.ItemId | Should -BeExactly 'b.png'
        $at7.PredictedLabel | Should -BeExactly ''
        $at7.PredictedLabels.Count | Should -Be 0
        $at7.PredictedScore | Should -BeNullOrEmpty
        $csv = Join-Path $TestDrive 'at7.csv'
        $at7 | Export-Csv -LiteralPath $csv -NoTypeInformation
        $row = Import-Csv -LiteralPath $csv
        ($row.PredictedLabel, $row.PredictedScore, $row.Threshold) | Should -Be @('', '', '0.7')
        $row.PSObject.Properties.Name | Should -Not -Contain 'PredictedLabels'
    }

    It 'exports flat to CSV, TrueLabel as text and no TrueLabels column' {
        $csv = Join-Path $TestDrive 'errors.csv'
        $eval | Get-MisclassifiedImage -Label one | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        $rows.Count | Should -Be 28
        $rows[0].PSObject.Properties.Name | Should -Contain 'TrueLabel'
        $rows[0].PSObject.Properties.Name | Should -Not -Contain 'TrueLabels'
    }

    It 'writes an UnknownLabel error for a label the evaluation does not have' {
        { $eval | Get-MisclassifiedImage -Label roses -ErrorAction Stop } | Should -Throw -ErrorId "UnknownLabel,$Command"
    }

    It 'rejects a threshold outside [0, 1]' {
        { $eval | Get-MisclassifiedImage -Threshold 2 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$Command"
    }

    It 'has help with examples' {
        $help = Get-Help -Name Get-MisclassifiedImage -Full
        $help.Synopsis | Should -Match 'images'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 1
    }
}

Describe 'Get-MisclassifiedImage of several evaluations' {
    BeforeAll {
        $baseline = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoBaselinePredictions
        $slices = Get-DemoCameraEvaluation -MetadataPath (Join-Path $TestDrive 'cameras.csv')
    }

    It 'tells the items of two models apart by PredictionPath, each group what the model alone gives' {
        # The items carried only the GroundTruthPath, which both evaluations share: Group-Object made one group.
        # (A hashtable: Group-Object sorts its groups by name, and paths sort differently from one checkout to another.)
        $groups = $eval, $baseline | Get-MisclassifiedImage -Label eight -Kind FalseNegative | Group-Object PredictionPath -AsHashTable
        $groups.Keys.Count | Should -Be 2
        $groups[$eval.PredictionPath].Count | Should -Be 21
        $groups[$baseline.PredictionPath].Count | Should -Be @($baseline | Get-MisclassifiedImage -Label eight -Kind FalseNegative).Count
    }

    It 'tells the items of the slices of one predictions file apart by Slice, and the slices'' items make up the whole' {
        $items = @($slices | Get-MisclassifiedImage -Label eight -Kind FalseNegative)
        ($items.Slice | Select-Object -Unique) | Should -Be @('camera=b', 'camera=a', 'camera=c')
        ($items | Group-Object Slice -AsHashTable)['camera=b'].Count | Should -Be @($slices[0] | Get-MisclassifiedImage -Label eight -Kind FalseNegative).Count
        # The argmax false negatives of eight are per item: the slices share out the whole's 21.
        $items.Count | Should -Be 21
        ($eval | Get-MisclassifiedImage -Label eight -Kind FalseNegative | Select-Object -First 1).Slice | Should -BeExactly ''
    }
}
