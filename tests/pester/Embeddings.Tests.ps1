# Find-SimilarImage, Find-LabelIssue, Find-Outlier and Find-NearDuplicate against the built module, on the digits demo
# it bundles. Expected values: the same engine run through the CLI on the same files (automl-eval similar /
# label-issues / outliers; xunit SimilarityInputsTests checks them through the module's readers), and a hand-worked
# four-item set for the near-duplicates (also checked by SimilarityInputsTests).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Training = Join-Path $Demo 'embeddings.training.jsonl'
    $AllEmbeddings = Join-Path $Demo 'embeddings.*.jsonl'
    # A four-item set in $Folder, worked out by hand: a.png (training) and b.png (test) have the same direction: cosine
    # distance 0, a pair across splits with different labels. c.png is orthogonal to them (distance 1); d.png at 45
    # degrees (distance 1 - cos 45 = 0.29). Its vectors have 2 dimensions, the demo's 32.
    function New-TinyEmbeddingSet([string] $Folder) {
        $groundTruth = Join-Path $Folder 'tiny.csv'
        $embeddings = Join-Path $Folder 'tiny-embeddings.jsonl'
        Set-Content -LiteralPath $groundTruth -Encoding utf8 -Value @('training,a.png,cat', 'test,b.png,dog', 'training,c.png,dog', 'training,d.png,cat')
        Set-Content -LiteralPath $embeddings -Encoding utf8 -Value @(
            '{"content":"a.png","embedding":[1,0]}'
            '{"content":"b.png","embedding":[2,0]}'
            '{"content":"c.png","embedding":[0,1]}'
            '{"content":"d.png","embedding":[1,1]}'
        )
        $groundTruth, $embeddings
    }
}

Describe 'Find-SimilarImage' {
    It 'lists the six nearest training images of a test image, nearest first' {
        $neighbors = @(Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/0000.png')
        $neighbors.Count | Should -Be 6
        $neighbors[0].GetType().FullName | Should -Be 'AutoMLEval.SimilarImageMatch'
        ($neighbors.NeighborRank -join ',') | Should -Be '1,2,3,4,5,6'
        $neighbors[0].ItemId | Should -BeExactly 'images/training/0422.png'
        $neighbors[0].QueryLabel | Should -BeExactly 'zero'
        [math]::Abs($neighbors[0].Distance - 0.0024432883468241684) | Should -BeLessThan 1e-9
        $neighbors[0].Path | Should -Be (Join-Path $Demo 'images/training/0422.png' | Resolve-Path).ProviderPath
    }

    It 'refuses -ItemId with -MlUse, which it would leave unused, as the CLI refuses --item with --ml-use' {
        { Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/0000.png' -MlUse validation } |
            Should -Throw -ErrorId 'ItemIdWithMlUse,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand' -ExpectedMessage '-ItemId names the queries and -MlUse picks them by split; give one of them.'
    }

    It 'takes the missed images of a label from Get-MisclassifiedImage' {
        $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
        $missed = @($eval | Get-MisclassifiedImage -Label eight -Kind FalseNegative)
        $missed.Count | Should -BeGreaterThan 0
        $neighbors = @($eval | Get-MisclassifiedImage -Label eight -Kind FalseNegative | Find-SimilarImage -EmbeddingPath $AllEmbeddings -Count 6)
        $neighbors.Count | Should -Be (6 * $missed.Count)
        (($neighbors.QueryItemId | Sort-Object -Unique) -join ',') | Should -Be (($missed.ItemId | Sort-Object -Unique) -join ',')
        ($neighbors.QueryLabel | Sort-Object -Unique) | Should -Be 'eight'
        ($neighbors.Split | Sort-Object -Unique) | Should -Be 'training'
    }

    It 'lists the neighbours of piped items in the order they came, not the embedding files'' order' {
        $eval = Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions
        # The gallery comes most confidently wrong first, an order the embedding files know nothing of.
        $missed = @($eval | Get-MisclassifiedImage -Label eight -Kind FalseNegative)
        $neighbors = @($missed | Find-SimilarImage -EmbeddingPath $AllEmbeddings -Count 1)
        ($neighbors.QueryItemId -join ',') | Should -BeExactly ($missed.ItemId -join ',')
    }

    It 'takes the items of Find-Outlier and Find-LabelIssue: <Command> carries ItemId and GroundTruthPath' -TestCases @(
        @{ Command = 'Find-Outlier' }
        @{ Command = 'Find-LabelIssue' }
    ) {
        $found = @(& $Command -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings | Select-Object -First 2)
        $found[0].GroundTruthPath | Should -Be (Resolve-Path -LiteralPath $DemoGroundTruth).ProviderPath
        $neighbors = @($found | Find-SimilarImage -EmbeddingPath $AllEmbeddings -Count 1)
        ($neighbors.QueryItemId -join ',') | Should -BeExactly ($found.ItemId -join ',')
    }

    It 'warns about queries without an embedding' {
        Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $Training -ItemId 'images/test/0000.png' -WarningVariable warnings -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $warnings.Count | Should -BeGreaterThan 0
    }

    It 'names the queries without an embedding in its warning: the first three, then how many more' {
        # Test items searched with the training embeddings only: none of the five has a vector.
        $items = 'images/test/1193.png', 'images/test/0223.png', 'images/test/0537.png', 'images/test/0819.png', 'images/test/1300.png'
        $null = Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $Training -ItemId $items -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -BeExactly 'Left out: 5 queries without an embedding (images/test/1193.png, images/test/0223.png, images/test/0537.png and 2 more; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl).'
    }

    It 'names the items of -MlUse without an embedding in its warning, as it names -ItemId''s' {
        # Before: '5 query items have no embedding in ...', with no word of which. The test embeddings without their
        # first five lines (the items below, in the ground truth's order), beside the training ones.
        $trimmed = Join-Path $TestDrive 'embeddings.test-trimmed.jsonl'
        Get-Content -LiteralPath (Join-Path $Demo 'embeddings.test.jsonl') | Select-Object -Skip 5 | Set-Content -LiteralPath $trimmed -Encoding utf8
        $found = @(Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $Training, $trimmed -MlUse test -Count 1 -WarningVariable warnings -WarningAction SilentlyContinue)
        $found.Count | Should -Be 535
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -BeExactly 'Left out: 5 queries without an embedding (images/test/1193.png, images/test/0223.png, images/test/0537.png and 2 more; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl).'
    }

    It 'says of a query whose embedding record was rejected that it was, not that its split''s file is missing' {
        # Before: '2 query items (b.png, e.png) have no embedding in ... give the embedding files of their split too',
        # though the file held both: b.png's vector has a third value, e.png's is all zeros (no direction for cosine);
        # later two warnings in the cmdlet's own words (rejected queries; queries not in the files).
        $groundTruth = Join-Path $TestDrive 'rejected.csv'
        $embeddings = Join-Path $TestDrive 'rejected.jsonl'
        Set-Content -LiteralPath $groundTruth -Encoding utf8 -Value @('training,a.png,cat', 'test,b.png,dog', 'training,c.png,dog', 'test,e.png,cat', 'test,f.png,cat')
        Set-Content -LiteralPath $embeddings -Encoding utf8 -Value @(
            '{"content":"a.png","embedding":[1,0]}'
            '{"content":"b.png","embedding":[2,0,1]}'
            '{"content":"c.png","embedding":[0,1]}'
            '{"content":"e.png","embedding":[0,0]}'
        )
        $null = Find-SimilarImage -GroundTruthPath $groundTruth -EmbeddingPath $embeddings -ItemId 'b.png', 'e.png', 'f.png' -Count 1 -ErrorVariable rejected -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
        # The errors come in line order: b.png's DimensionMismatch (line 2) before e.png's ZeroEmbedding (line 4).
        @($rejected).FullyQualifiedErrorId | Should -Be @('DimensionMismatch,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand', 'ZeroEmbedding,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand')
        # One warning, worded as the CLI's note and the reference side's warning (EmbeddingSet.LeftOut); f.png is really
        # absent: the advice on the split's files is for it alone.
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -BeExactly "Left out: 1 query without an embedding (f.png; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl) and 2 whose embedding records were rejected (b.png: ${embeddings}:2 DimensionMismatch, e.png: ${embeddings}:4 ZeroEmbedding)."
    }

    It 'counts one query without an embedding in the singular, in the warning and the verbose message' {
        # Before: '1 query items (images/test/1193.png) have no embedding in ...' and '1 queries against 1131 reference items.'
        $null = Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $Training -ItemId 'images/test/1193.png', 'images/training/1283.png' -Count 1 -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Set-Variable verbose
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -BeExactly 'Left out: 1 query without an embedding (images/test/1193.png; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl).'
        "$verbose" | Should -BeExactly '1 query against 1131 reference items.'
    }

    It 'an ItemId that is no item (nor embedded) is an UnknownItem error naming it, not a missing embedding; the others are searched' {
        # It was a warning that '1 query items have no embedding ... give the embedding files of their split too'.
        $found = @(Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/nope.png', 'images/test/0000.png' -Count 2 -ErrorVariable failed -WarningVariable warnings -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $found.QueryItemId | Should -Be @('images/test/0000.png', 'images/test/0000.png')
        $warnings | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'UnknownItem,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -BeExactly 'images/test/nope.png'
        "$failed" | Should -BeLike "'images/test/nope.png' is no item of '*dataset.csv' and has no embedding in *embeddings.*.jsonl*"
        { Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/nope.png' -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownItem,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand'
    }

    It 'names the embedding file of an escaped pattern as the path meant (<Case>)' -TestCases @(
        @{ Case = 'a [ escaped with backticks'; Piped = $false; Expected = '*has no embedding in emb`[training`].jsonl;*' }
        @{ Case = 'piped by Get-ChildItem'; Piped = $true; Expected = '*has no embedding in */emb`[training`].jsonl;*' }
    ) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive "escaped-$Piped")
        Copy-Item -LiteralPath $Training -Destination (Join-Path $folder.FullName 'emb[training].jsonl')
        Push-Location -LiteralPath $folder.FullName
        try {
            # An item that is nowhere: its UnknownItem error names the files searched.
            $query = @{ GroundTruthPath = $DemoGroundTruth; ItemId = 'images/test/nope.png'; ErrorVariable = 'failed'; ErrorAction = 'SilentlyContinue' }
            if ($Piped) { $null = Get-ChildItem -LiteralPath 'emb[training].jsonl' | Find-SimilarImage @query }
            else { $null = Find-SimilarImage @query -EmbeddingPath 'emb`[training`].jsonl' }
        }
        finally {
            Pop-Location
        }
        "$failed" | Should -BeLike ($Expected -replace '/', [IO.Path]::DirectorySeparatorChar)
        "$failed" | Should -Not -BeLike '*FileSystem::*'
    }

    It 'reports the errors of Import-Csv rows in the rows'' order, and searches the rows in it' {
        # Rows 1, 3 and 4 share their files and were searched together, after row 2: row 4's UnknownItem came before
        # row 2's PathNotFound.
        $rows = @(
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; EmbeddingPath = $AllEmbeddings; ItemId = 'images/test/1193.png' }
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; EmbeddingPath = (Join-Path $TestDrive 'nothere.*.jsonl'); ItemId = 'images/test/0223.png' }
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; EmbeddingPath = $AllEmbeddings; ItemId = 'images/test/NOPE.png' }
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; EmbeddingPath = $AllEmbeddings; ItemId = 'images/test/0537.png' }
        )
        $found = @($rows | Find-SimilarImage -Count 1 -ErrorVariable failed -ErrorAction SilentlyContinue)
        $found.QueryItemId | Should -Be @('images/test/1193.png', 'images/test/0537.png')
        $failed.FullyQualifiedErrorId | Should -Be @('PathNotFound,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand', 'UnknownItem,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand')
    }

    It 'writes PathNotFound for a missing embedding file' {
        { Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath (Join-Path $TestDrive 'none.jsonl') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand'
    }

    It 'writes NotAFile for a folder given as the embedding file (it said the file did not exist)' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'embeddings-folder') -Force
        $failure = { Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $folder.FullName -ItemId 'images/test/0000.png' -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotAFile,AutoMLEval.PowerShell.Commands.FindSimilarImageCommand' -PassThru
        $failure.Exception.Message | Should -BeLike '*folder; a file is expected*'
    }
}

Describe 'Find-LabelIssue' {
    It 'ranks the training labels, most suspicious first' {
        $issues = @(Find-LabelIssue -GroundTruthPath $DemoGroundTruth -EmbeddingPath $Training -MlUse training | Select-Object -First 20)
        $issues.Count | Should -Be 20
        $issues[0].GetType().FullName | Should -Be 'AutoMLEval.LabelIssueCandidate'
        # automl-eval label-issues: images/training/1506.png is labelled four and shows a 3 (docs/similar-images.md); all ten neighbours
        # say three and the class prototypes give four 2.6e-10, so the score is 1 - (0 + 2.6e-10) / 2.
        $issues[0].ItemId | Should -BeExactly 'images/training/1506.png'
        $issues[0].Label | Should -BeExactly 'four'
        $issues[0].SuggestedLabel | Should -BeExactly 'three'
        [math]::Abs($issues[0].Score - 0.9999999998692802) | Should -BeLessThan 1e-9
        $issues[0].PrototypeAgreement | Should -BeLessThan 1e-9
        $issues[0].NeighborLabels | Should -BeExactly 'three:10'
        for ($i = 1; $i -lt $issues.Count; $i++) { $issues[$i].Score | Should -BeLessOrEqual $issues[$i - 1].Score }
    }

    It 'keeps an item''s first prediction and warns DuplicatePrediction for the repeats, as automl-eval label-issues does' {
        # The training predictions given twice: every item is predicted again in the second file.
        $predictions = Join-Path $Demo 'predictions.training.jsonl'
        $copy = Join-Path $TestDrive 'again.jsonl'
        Copy-Item -LiteralPath $predictions -Destination $copy
        $issues = @(Find-LabelIssue -GroundTruthPath $DemoGroundTruth -EmbeddingPath $Training -MlUse training -PredictionPath $predictions, $copy -WarningVariable warned -WarningAction SilentlyContinue | Select-Object -First 1)
        $repeats = @($warned | Where-Object { "$_" -like "*again.jsonl:*'instance.content'*already predicted in an earlier file*" })
        # The first 20 are listed, the rest counted: every item is repeated.
        $repeats.Count | Should -Be 20
        "$($warned[-1])" | Should -BeLike "*more 'DuplicatePrediction' issues like those above are not listed ($(@(Get-Content -LiteralPath $predictions).Count) in all)"
        $issues[0].ModelConfidence | Should -Not -BeNullOrEmpty
    }

    It 'stops before any work on -ModelWeight without -PredictionPath: there is no confidence to weigh' {
        { Find-LabelIssue -GroundTruthPath $DemoGroundTruth -EmbeddingPath $Training -ModelWeight 0.3 } |
            Should -Throw -ErrorId 'ModelWeightNeedsPredictions,AutoMLEval.PowerShell.Commands.FindLabelIssueCommand'
    }
}

Describe 'Find-Outlier' {
    It 'finds the 36 outliers of the demo, most outlying first' {
        $outliers = @(Find-Outlier -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings)
        # automl-eval outliers: 36 of 1797 items have robust z > 3.5; the first is images/training/1264.png (z 6.4953).
        $outliers.Count | Should -Be 36
        $outliers[0].GetType().FullName | Should -Be 'AutoMLEval.OutlierCandidate'
        $outliers[0].ItemId | Should -BeExactly 'images/training/1264.png'
        [math]::Abs($outliers[0].RobustZ - 6.495309415620198) | Should -BeLessThan 1e-9
        ($outliers | Where-Object { -not $_.IsOutlier }).Count | Should -Be 0
    }

    It 'writes every scored item with -All' {
        @(Find-Outlier -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -All).Count | Should -Be 1797
    }

    It 'leaves RobustZ $null and warns when the reference distances have no spread, under <Distance>' -TestCases @(
        @{ Distance = 'Cosine' }, @{ Distance = 'Euclidean' }
    ) {
        # Four training pairs of identical vectors and -Count 1: every reference distance is 0. Before: under cosine z was
        # about 1e15 (the rounding of identical vectors' distance), under Euclidean the scale was silently 1.
        $groundTruth = Join-Path $TestDrive 'pairs.csv'
        $embeddings = Join-Path $TestDrive 'pairs.jsonl'
        Set-Content -LiteralPath $groundTruth -Encoding utf8 -Value (@(1..4 | ForEach-Object { "training,t${_}a.png,x"; "training,t${_}b.png,x" }) + 'test,copy.png,x', 'test,apart.png,x')
        Set-Content -LiteralPath $embeddings -Encoding utf8 -Value (@(1..4 | ForEach-Object { "{`"content`":`"t${_}a.png`",`"embedding`":[$_,1,0.5]}"; "{`"content`":`"t${_}b.png`",`"embedding`":[$_,1,0.5]}" }) + '{"content":"copy.png","embedding":[2,1,0.5]}', '{"content":"apart.png","embedding":[-1,-3,2]}')
        $scored = @(Find-Outlier -GroundTruthPath $groundTruth -EmbeddingPath $embeddings -MlUse test -Count 1 -Distance $Distance -All -WarningVariable warnings -WarningAction SilentlyContinue)
        $scored.ItemId | Should -Be @('apart.png', 'copy.png')
        $scored.IsOutlier | Should -Be @($true, $false)
        $scored[0].RobustZ | Should -BeNullOrEmpty
        $scored[1].MeanDistance | Should -Be 0
        "$warnings" | Should -BeLike 'The 8 reference items are all at distance 0 from their 1 nearest neighbour (each has identical copies among them)*raise -Count above the number of copies*'
    }

    It 'gives every item the same k when -Count is above the reference items less one, and warns so' {
        # Three training items a, b, c and q, a copy of a; -Count 10. Every item gets k = 2 (n_ref - 1): q's mean distance
        # is 0 (a and b at 0), a's 0.5 (b at 0, c at 1); numpy gives the same. Before: q averaged over 3 neighbours, a over 2.
        $groundTruth = Join-Path $TestDrive 'few.csv'
        $embeddings = Join-Path $TestDrive 'few.jsonl'
        Set-Content -LiteralPath $groundTruth -Encoding utf8 -Value 'training,a.png,cat', 'training,b.png,cat', 'training,c.png,dog', 'test,q.png,cat'
        Set-Content -LiteralPath $embeddings -Encoding utf8 -Value '{"content":"a.png","embedding":[1,0,0]}', '{"content":"b.png","embedding":[2,0,0]}', '{"content":"c.png","embedding":[0,1,0]}', '{"content":"q.png","embedding":[1,0,0]}'
        $scored = @(Find-Outlier -GroundTruthPath $groundTruth -EmbeddingPath $embeddings -Count 10 -All -WarningVariable warnings -WarningAction SilentlyContinue)
        ($scored | Where-Object ItemId -EQ 'q.png').MeanDistance | Should -Be 0
        ($scored | Where-Object ItemId -EQ 'a.png').MeanDistance | Should -Be 0.5
        "$warnings" | Should -BeExactly 'k = 2 nearest neighbours for every item, not the 10 asked for (-Count): there are 3 reference items and an item is not its own neighbour.'
    }
}

Describe 'A damaged embedding line' {
    It '<Command> names the element of the array where the line went wrong, and reads the other lines' -TestCases @(
        @{ Command = 'Find-Outlier' }, @{ Command = 'Find-NearDuplicate' }
    ) {
        # Before: field 'embedding', then the byte of the line (59 and 52 here), which left the user counting commas.
        $groundTruth, $embeddings = New-TinyEmbeddingSet -Folder $TestDrive
        $lines = Get-Content -LiteralPath $embeddings
        $lines[1] = '{"content":"b.png","embedding":[2,,0]}'
        $lines[2] = '{"content":"c.png","embedding":[0,1,'
        Set-Content -LiteralPath $embeddings -Encoding utf8 -Value $lines
        $null = & $Command -GroundTruthPath $groundTruth -EmbeddingPath $embeddings -MlUse all -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $problems = @($problems | Where-Object FullyQualifiedErrorId -EQ "InvalidJson,AutoMLEval.PowerShell.Commands.$($Command -replace '-')Command")
        $problems.Count | Should -Be 2
        "$($problems[0])" | Should -BeLike "*tiny-embeddings.jsonl:2: field 'embedding``[1``]': byte *"
        "$($problems[1])" | Should -BeLike "*tiny-embeddings.jsonl:3: field 'embedding``[2``]': byte *"
    }
}

Describe 'A split with too few embedded items' {
    It '<Command> writes TooFewEmbeddings as the error of its input, with the code as ErrorId, and goes on' -TestCases @(
        @{ Command = 'Find-Outlier'; Class = 'FindOutlierCommand'; Split = 'test' }
        @{ Command = 'Find-NearDuplicate'; Class = 'FindNearDuplicateCommand'; Split = 'training' }
        @{ Command = 'Find-SimilarImage'; Class = 'FindSimilarImageCommand'; Split = 'test' }
        @{ Command = 'Find-LabelIssue'; Class = 'FindLabelIssueCommand'; Split = 'training' }
    ) {
        # Only the test split is embedded: the training items (the references, or the split asked for) have none. The
        # engine's InputFormatException escaped the analysis: a terminating error whose ErrorId was the exception's type.
        $testOnly = Join-Path $Demo 'embeddings.test.jsonl'
        $result = & $Command -GroundTruthPath $DemoGroundTruth -EmbeddingPath $testOnly -MlUse $Split -ErrorVariable failed -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly "TooFewEmbeddings,AutoMLEval.PowerShell.Commands.$Class"
        "$($failed[0])" | Should -BeLike "*dataset.csv: field 'ML_USE': 0 of the 1,131 items of split 'training' have an embedding*"
        { & $Command -GroundTruthPath $DemoGroundTruth -EmbeddingPath $testOnly -MlUse $Split -ErrorAction Stop } | Should -Throw -ErrorId "TooFewEmbeddings,AutoMLEval.PowerShell.Commands.$Class"
    }

    It 'names no field for -MlUse all: the whole ground truth has too few, no ML_USE value was chosen' {
        # Embeddings whose content is not the ground truth's paths (a common mistake: absolute paths for relative ones).
        $elsewhere = Join-Path $TestDrive 'elsewhere.jsonl'
        Set-Content -LiteralPath $elsewhere -Encoding utf8 -Value '{"content":"/data/images/test/0000.png","embedding":[1,0]}'
        $null = Find-Outlier -GroundTruthPath $DemoGroundTruth -EmbeddingPath $elsewhere -MlUse all -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'TooFewEmbeddings,AutoMLEval.PowerShell.Commands.FindOutlierCommand'
        "$($failed[0])" | Should -BeLike "*dataset.csv: 0 of the 1,797 items of the ground truth have an embedding*"
        "$($failed[0])" | Should -Not -BeLike "*ML_USE*"
    }
}

Describe 'Embeddings whose first line is damaged' {
    It '<Command> rejects that line alone, as an error naming file, line and field, and reads the rest' -TestCases @(
        @{ Command = 'Find-Outlier' }
        @{ Command = 'Find-LabelIssue' }
    ) {
        # The demo's test vectors (32 values) with the first cut to 31, then the training file: the first vector read used
        # to fix the dimension, so the 1,670 good ones were each a DimensionMismatch and nothing was left to analyse.
        $lines = Get-Content -LiteralPath (Join-Path $Demo 'embeddings.test.jsonl')
        $first = $lines[0] | ConvertFrom-Json
        $lines[0] = [ordered]@{ content = $first.content; embedding = @($first.embedding | Select-Object -First 31) } | ConvertTo-Json -Compress
        $cut = Join-Path $TestDrive 'cut-first.jsonl'
        Set-Content -LiteralPath $cut -Encoding utf8 -Value $lines
        $result = @(& $Command -GroundTruthPath $DemoGroundTruth -EmbeddingPath $cut, $Training -MlUse test -ErrorVariable problems -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue)
        $result.Count | Should -BeGreaterThan 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "DimensionMismatch,AutoMLEval.PowerShell.Commands.$($Command -replace '-')Command"
        "$($problems[0])" | Should -BeLike "*cut-first.jsonl:1: field 'embedding': Item '$($first.content)' has 31 values; the embeddings have 32 (1670 of the 1671 vectors read)*"
        "$warnings" | Should -BeLike "*Left out: 1 item whose embedding record was rejected ($($first.content): $($cut):1 DimensionMismatch).*"
    }
}

Describe 'Items without an embedding' {
    It '<Command> names them in its warning, as Find-SimilarImage names its queries: the first three, then how many more' -TestCases @(
        @{ Command = 'Find-LabelIssue' }
        @{ Command = 'Find-Outlier' }
        @{ Command = 'Find-NearDuplicate' }
    ) {
        # Before: '5 items have no embedding and were left out.', with no word of which. The training embeddings without
        # their first five lines (the items below, in the ground truth's order).
        $trimmed = Join-Path $TestDrive 'embeddings.training-trimmed.jsonl'
        Get-Content -LiteralPath $Training | Select-Object -Skip 5 | Set-Content -LiteralPath $trimmed -Encoding utf8
        $null = & $Command -GroundTruthPath $DemoGroundTruth -EmbeddingPath $trimmed -MlUse training -WarningVariable warnings -WarningAction SilentlyContinue
        $missing = @($warnings | Where-Object { "$_" -like '*without an embedding*' })
        $missing.Count | Should -Be 1
        "$missing" | Should -BeExactly 'Left out: 5 items without an embedding (images/training/1283.png, images/training/1411.png, images/training/0812.png and 2 more; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl).'
    }
}

Describe 'Find-NearDuplicate' {
    BeforeAll {
        $groundTruth, $embeddings = New-TinyEmbeddingSet -Folder $TestDrive
    }

    It 'finds the one pair at distance 0, across splits, with different labels' {
        $pairs = @(Find-NearDuplicate -GroundTruthPath $groundTruth -EmbeddingPath $embeddings -Threshold 0.01 -Count 3)
        $pairs.Count | Should -Be 1
        $pairs[0].GetType().FullName | Should -Be 'AutoMLEval.NearDuplicate'
        (@($pairs[0].ItemA, $pairs[0].ItemB) | Sort-Object) -join ',' | Should -Be 'a.png,b.png'
        $pairs[0].Distance | Should -BeLessThan 1e-12
        $pairs[0].CrossSplit | Should -BeTrue
        $pairs[0].LabelsAgree | Should -BeFalse
    }

    It 'warns of the items whose k examined neighbours were all within the threshold in the CLI note''s words' {
        # Cosine distances are at most 2: with -Count 1 each of the 4 items has its one neighbour within it, and 2 others unexamined.
        $null = Find-NearDuplicate -GroundTruthPath $groundTruth -EmbeddingPath $embeddings -Threshold 2 -Count 1 -WarningVariable limit -WarningAction SilentlyContinue
        "$limit" | Should -BeExactly '4 items had all 1 examined neighbour within the threshold (raise -Count to find all their pairs).'
    }

    It 'does what its demo help example says: nothing at the default threshold (stated), the four closest pairs at 0.0005' {
        # The example, run as written. Figures: automl-eval duplicates on the demo (median nearest-neighbour cosine
        # distance 0.003578, so the default threshold is 0.05 x that = 0.000179; the closest pair is at 0.0003).
        $example = @((Get-Help Find-NearDuplicate -Examples).Examples.Example | Where-Object { $_.Code -like '*demo/digits*' })
        $example.Count | Should -Be 1
        $pairs = @(& ([scriptblock]::Create($example[0].Code)) 4>&1)
        $verbose = @($pairs | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        "$verbose" | Should -BeExactly '0 pairs at distance <= 0.0001789 (median nearest-neighbour distance 0.003578), 0 across splits.'
        $found = @($pairs | Where-Object { $_ -is [AutoMLEval.NearDuplicate] })
        $found.Count | Should -Be 4
        @($found | Where-Object CrossSplit).Count | Should -Be 2
        $found.Distance | ForEach-Object { $_ | Should -BeGreaterThan 0.0003; $_ | Should -BeLessOrEqual 0.0005 }
    }
}

Describe 'Embedding files piped in' {
    It '<Command>: Get-ChildItem''s files are read together, as one set: the result of -EmbeddingPath with their wildcard' -TestCases @(
        @{ Command = 'Find-Outlier'; Arguments = @{} }
        @{ Command = 'Find-LabelIssue'; Arguments = @{} }
        @{ Command = 'Find-SimilarImage'; Arguments = @{ Count = 2 } }
        @{ Command = 'Find-NearDuplicate'; Arguments = @{ Threshold = 0.001 } }
    ) {
        # Each file alone would be analysed without the others' items (the test items' neighbours are training items).
        $piped = @(Get-ChildItem -Path $AllEmbeddings | & $Command -GroundTruthPath $DemoGroundTruth @Arguments -WarningAction SilentlyContinue)
        $given = @(& $Command -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings @Arguments -WarningAction SilentlyContinue)
        $piped.Count | Should -BeGreaterThan 0
        ($piped | ConvertTo-Csv) -join "`n" | Should -BeExactly (($given | ConvertTo-Csv) -join "`n")
    }

    It 'Find-SimilarImage -ItemId searches the piped files once per item, as with -EmbeddingPath' {
        # -ItemId on the command line with files piped in: the piped files were dropped ("No usable embedding was read").
        $piped = @(Get-ChildItem -Path $AllEmbeddings | Find-SimilarImage -GroundTruthPath $DemoGroundTruth -ItemId 'images/test/0000.png' -Count 3)
        $given = @(Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/0000.png' -Count 3)
        $piped.Count | Should -Be 3
        ($piped | ConvertTo-Csv) -join "`n" | Should -BeExactly (($given | ConvertTo-Csv) -join "`n")
    }

    It 'takes a piped file''s name literally: a [ in it is no wildcard' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'literal')
        foreach ($file in Get-ChildItem -Path $AllEmbeddings) { Copy-Item -LiteralPath $file.FullName -Destination (Join-Path $folder.FullName ('[1]' + $file.Name)) }
        @(Get-ChildItem -LiteralPath $folder.FullName | Find-Outlier -GroundTruthPath $DemoGroundTruth -All).Count | Should -Be 1797
    }
}

Describe 'Records that bring their own ground truth and embedding files' {
    BeforeAll {
        # A second data set beside the demo, with vectors of another dimension.
        $tinyTruth, $tinyEmbeddings = New-TinyEmbeddingSet -Folder $TestDrive
        $runs = Join-Path $TestDrive 'runs.csv'
        # Rows as a runbook keeps them; each row's EmbeddingPath is a pattern, as -EmbeddingPath's.
        @(
            [pscustomobject]@{ GroundTruthPath = $DemoGroundTruth; EmbeddingPath = $AllEmbeddings }
            [pscustomobject]@{ GroundTruthPath = $tinyTruth; EmbeddingPath = $tinyEmbeddings }
        ) | Export-Csv -LiteralPath $runs
    }

    It '<Command>: each Import-Csv row is analysed with its own files, as the two commands run apart' -TestCases @(
        @{ Command = 'Find-Outlier'; Arguments = @{ All = $true } }
        @{ Command = 'Find-LabelIssue'; Arguments = @{ Count = 2 } }
        @{ Command = 'Find-SimilarImage'; Arguments = @{ Count = 2 } }
        @{ Command = 'Find-NearDuplicate'; Arguments = @{ Threshold = 0.0005; Count = 2 } }
    ) {
        # Rows were gathered into one analysis: every row's embeddings against the first row's ground truth (the tiny
        # set's items never analysed, and its 2-dimensional vectors read beside the demo's).
        $piped = @(Import-Csv -LiteralPath $runs | & $Command @Arguments -WarningAction SilentlyContinue)
        $apart = @(
            & $Command -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings @Arguments -WarningAction SilentlyContinue
            & $Command -GroundTruthPath $tinyTruth -EmbeddingPath $tinyEmbeddings @Arguments -WarningAction SilentlyContinue
        )
        # The tiny set's items are in the output (their paths are under $TestDrive).
        ($piped | ConvertTo-Csv) -join "`n" | Should -BeLike "*$TestDrive*"
        ($piped | ConvertTo-Csv) -join "`n" | Should -BeExactly (($apart | ConvertTo-Csv) -join "`n")
    }

    It 'Find-SimilarImage: each row''s items are searched in that row''s embedding files' {
        $rows = @(
            [pscustomobject]@{ ItemId = 'images/test/0000.png'; GroundTruthPath = $DemoGroundTruth; EmbeddingPath = $AllEmbeddings }
            [pscustomobject]@{ ItemId = 'b.png'; GroundTruthPath = $tinyTruth; EmbeddingPath = $tinyEmbeddings }
        )
        $piped = @($rows | Find-SimilarImage -Count 2)
        $apart = @(
            Find-SimilarImage -GroundTruthPath $DemoGroundTruth -EmbeddingPath $AllEmbeddings -ItemId 'images/test/0000.png' -Count 2
            Find-SimilarImage -GroundTruthPath $tinyTruth -EmbeddingPath $tinyEmbeddings -ItemId 'b.png' -Count 2
        )
        # b.png's nearest training item is a.png (distance 0), then d.png.
        ($piped | Where-Object QueryItemId -EQ 'b.png').ItemId | Should -Be @('a.png', 'd.png')
        ($piped | ConvertTo-Csv) -join "`n" | Should -BeExactly (($apart | ConvertTo-Csv) -join "`n")
    }

    It 'a row whose ground truth is missing is a PathNotFound error naming it; the other rows are analysed' {
        $missing = Join-Path $TestDrive 'missing.csv'
        $rows = @(
            [pscustomobject]@{ GroundTruthPath = $missing; EmbeddingPath = $tinyEmbeddings }
            [pscustomobject]@{ GroundTruthPath = $tinyTruth; EmbeddingPath = $tinyEmbeddings }
        )
        $found = @($rows | Find-Outlier -All -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable few -WarningAction SilentlyContinue)
        $found.Count | Should -Be 4
        # The tiny set's 3 reference items give every item k = 2, said once, for the row analysed.
        "$few" | Should -BeLike 'k = 2 nearest neighbours for every item, not the 10 asked for*'
        $few.Count | Should -Be 1
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,AutoMLEval.PowerShell.Commands.FindOutlierCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$failed" | Should -BeLike '*missing.csv*'
    }
}
