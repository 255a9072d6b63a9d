# Dot-sourced by every *.Tests.ps1 in its top-level BeforeAll: imports the BUILT module (out/AutoMLEval, or the
# folder in $env:AUTOMLEVAL_MODULE that Invoke-PesterSuite.ps1 sets) and names the digits demo it bundles.
$ModulePath = if ($env:AUTOMLEVAL_MODULE) { $env:AUTOMLEVAL_MODULE } else { Join-Path $PSScriptRoot '../../out/AutoMLEval' }
Import-Module -Name (Join-Path $ModulePath 'AutoMLEval.psd1') -Force -ErrorAction Stop
$Demo = Join-Path $ModulePath 'demo/digits'
$DemoGroundTruth = Join-Path $Demo 'dataset.csv'
$DemoPredictions = Join-Path $Demo 'predictions.test.jsonl'
# The last release's model the demo bundles (a logistic regression): a second evaluation of the same items.
$DemoBaselinePredictions = Join-Path $Demo 'predictions.test.baseline.jsonl'

# A four-item, two-label test split whose figures are worked out by hand in the tests that use it:
#   a.png cat (cat 0.9, dog 0.1)  -> argmax cat, right
#   b.png cat (cat 0.4, dog 0.6)  -> argmax dog, wrong
#   c.png dog (cat 0.2, dog 0.8)  -> argmax dog, right
#   d.png dog (cat 0.3, dog 0.7)  -> argmax dog, right
function New-TinyDataset {
    param([Parameter(Mandatory)] [string] $Folder)
    $groundTruth = Join-Path $Folder 'tiny.csv'
    $prediction = Join-Path $Folder 'tiny.jsonl'
    Set-Content -LiteralPath $groundTruth -Encoding utf8 -Value @(
        'test,a.png,cat'
        'test,b.png,cat'
        'test,c.png,dog'
        'test,d.png,dog'
    )
    Set-Content -LiteralPath $prediction -Encoding utf8 -Value @(
        '{"instance":{"content":"a.png"},"prediction":{"displayNames":["cat","dog"],"confidences":[0.9,0.1]}}'
        '{"instance":{"content":"b.png"},"prediction":{"displayNames":["dog","cat"],"confidences":[0.6,0.4]}}'
        '{"instance":{"content":"c.png"},"prediction":{"displayNames":["dog","cat"],"confidences":[0.8,0.2]}}'
        '{"instance":{"content":"d.png"},"prediction":{"displayNames":["dog","cat"],"confidences":[0.7,0.3]}}'
    )
    @{ GroundTruth = $groundTruth; Prediction = $prediction }
}

# Six test items, each of its own label, named long enough (18 characters and a ';') that all six names do not fit one
# line of a list view: class-01-long-name ... class-06-long-name; each item scores its own label 0.5, the others 0.1.
function New-LongLabelDataset {
    param([Parameter(Mandatory)] [string] $Folder)
    $names = 1..6 | ForEach-Object { 'class-{0:00}-long-name' -f $_ }
    $groundTruth = Join-Path $Folder 'long-names.csv'
    $prediction = Join-Path $Folder 'long-names.jsonl'
    Set-Content -LiteralPath $groundTruth -Encoding utf8 -Value ($names | ForEach-Object { "test,$_.png,$_" })
    Set-Content -LiteralPath $prediction -Encoding utf8 -Value ($names | ForEach-Object {
            $own = $_
            $scores = ($names | ForEach-Object { if ($_ -eq $own) { '0.5' } else { '0.1' } }) -join ','
            '{"instance":{"content":"' + $own + '.png"},"prediction":{"displayNames":["' + ($names -join '","') + '"],"confidences":[' + $scores + ']}}'
        })
    @{ GroundTruth = $groundTruth; Prediction = $prediction; Names = $names }
}

# One test video, two labels, two segments asked about, worked out by hand in the tests that use it:
#   annotations: walk [0 s, 4 s), talk [4 s, 8 s)
#   segment [0 s, 4 s): walk 0.9 (true: TP at 0.5), talk 0.6 (not true: FP)
#   segment [4 s, 8 s): walk 0.2 (not true: TN),    talk 0.3 (true: FN)
function New-TinyVideoDataset {
    param([Parameter(Mandatory)] [string] $Folder)
    $groundTruth = Join-Path $Folder 'videos.jsonl'
    $prediction = Join-Path $Folder 'video_predictions.jsonl'
    Set-Content -LiteralPath $groundTruth -Encoding utf8 -Value @(
        '{"videoGcsUri":"v.mp4","timeSegmentAnnotations":[{"displayName":"walk","startTime":"0s","endTime":"4s"},{"displayName":"talk","startTime":"4s","endTime":"8s"}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}'
    )
    Set-Content -LiteralPath $prediction -Encoding utf8 -Value @(
        '{"instance":{"content":"v.mp4","timeSegmentStart":"0s","timeSegmentEnd":"4s"},"prediction":[{"displayName":"walk","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.9},{"displayName":"talk","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.6}]}'
        '{"instance":{"content":"v.mp4","timeSegmentStart":"4s","timeSegmentEnd":"8s"},"prediction":[{"displayName":"walk","type":"segment-classification","timeSegmentStart":"4s","timeSegmentEnd":"8s","confidence":0.2},{"displayName":"talk","type":"segment-classification","timeSegmentStart":"4s","timeSegmentEnd":"8s","confidence":0.3}]}'
    )
    @{ GroundTruth = $groundTruth; Prediction = $prediction }
}

# A second model for comparisons and gates: the demo's test predictions with the top two scores of every -Every-th
# item swapped (i % Every == 0, from 0), as tests/AutoMLEval.Tests/Cli/ComparisonCliTests.cs makes it for the CLI.
function New-WeakerPredictions {
    param([Parameter(Mandatory)] [string] $Path, [int] $Every = 3)
    $lines = Get-Content -LiteralPath $DemoPredictions
    $weaker = for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($i % $Every -ne 0) { $lines[$i]; continue }
        $record = $lines[$i] | ConvertFrom-Json
        $confidences = $record.prediction.confidences
        $order = @(0..($confidences.Count - 1) | Sort-Object -Stable { -$confidences[$_] })
        $first = $confidences[$order[0]]
        $confidences[$order[0]] = $confidences[$order[1]]
        $confidences[$order[1]] = $first
        $record | ConvertTo-Json -Depth 5 -Compress
    }
    Set-Content -LiteralPath $Path -Value $weaker -Encoding utf8
    $Path
}

# Metadata of the demo's test items: path,camera with camera a, b or c by the image number modulo 3
# (images/test/0223.png: 223 % 3 = 1, camera b).
function New-DemoCameraMetadata {
    param([Parameter(Mandatory)] [string] $Path)
    $rows = Import-Csv -LiteralPath $DemoGroundTruth -Header MlUse, Item, Label | Where-Object MlUse -eq 'test' |
        ForEach-Object { '{0},{1}' -f $_.Item, 'abc'[[int][IO.Path]::GetFileNameWithoutExtension($_.Item) % 3] }
    Set-Content -LiteralPath $Path -Value (@('path,camera') + $rows) -Encoding utf8
    $Path
}

# The demo's test predictions evaluated per camera of New-DemoCameraMetadata (written to -MetadataPath): camera b
# (185 items), a (179) and c (176), largest first.
function Get-DemoCameraEvaluation {
    param([Parameter(Mandatory)] [string] $MetadataPath)
    @(Get-ModelEvaluation -GroundTruthPath $DemoGroundTruth -PredictionPath $DemoPredictions -SliceBy camera -MetadataPath (New-DemoCameraMetadata -Path $MetadataPath))
}

# The demo's 540 test predictions in four shards of 135 lines, as a batch prediction writes them, in a new folder
# $Folder; shard k (0 to 3) is named by -f of $NameFormat with k.
function New-DemoShards {
    param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $NameFormat)
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $lines = Get-Content -LiteralPath $DemoPredictions
    for ($k = 0; $k -lt 4; $k++) {
        $lines[($k * 135)..(($k * 135) + 134)] | Set-Content -LiteralPath (Join-Path $Folder ($NameFormat -f $k))
    }
    $Folder
}
