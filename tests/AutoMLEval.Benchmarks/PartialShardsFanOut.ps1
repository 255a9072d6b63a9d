#Requires -Version 7.0
<#
.SYNOPSIS
    Issue 17's fan-out: the shards of a partial-shards data set evaluated with ForEach-Object -Parallel into partial
    evaluations, then merged with Merge-ModelEvaluation (docs/partial-evaluations.md, "Scale, time and memory"). Run by
    hand, never as a test.

.DESCRIPTION
    Write the data first, for example 100M items x 10 labels in 16 shards (37 GB, about 8 minutes):
        dotnet run -c Release --project tests/AutoMLEval.Benchmarks -- partial-shards 100000000 10 16 none dir=/data/p100m
    then, with the module built (out/AutoMLEval), under /usr/bin/time -v for the process's peak memory:
        pwsh -NoProfile -File tests/AutoMLEval.Benchmarks/PartialShardsFanOut.ps1 -Data /data/p100m
    Prints the time and CPU time of the parts and of the merge, the working set, and the merged evaluation.
#>
param(
    [Parameter(Mandatory)] [string] $Data,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/AutoMLEval'),
    [int] $ThrottleLimit = [Environment]::ProcessorCount
)
$ErrorActionPreference = 'Stop'
$Module = (Resolve-Path $Module).Path
Import-Module $Module
$groundTruth = Join-Path $Data 'ground_truth.csv'
$process = Get-Process -Id $PID
$clock = [Diagnostics.Stopwatch]::StartNew()
$cpu = $process.TotalProcessorTime
$parts = Get-ChildItem (Join-Path $Data 'shards') -Filter *.jsonl | ForEach-Object -Parallel {
    Import-Module $using:Module
    Get-ModelEvaluation -GroundTruthPath $using:groundTruth -PredictionPath $_.FullName -AsPartial
} -ThrottleLimit $ThrottleLimit
$process.Refresh()
'{0} parts in {1:F1} s ({2:F1} CPU-s), {3} at a time; working set {4:N0} MiB' -f $parts.Count, $clock.Elapsed.TotalSeconds, ($process.TotalProcessorTime - $cpu).TotalSeconds, $ThrottleLimit, ($process.WorkingSet64 / 1MB)
$clock.Restart()
$cpu = $process.TotalProcessorTime
$merged = $parts | Merge-ModelEvaluation
$process.Refresh()
'merged in {0:F1} s ({1:F1} CPU-s); peak working set {2:N0} MiB' -f $clock.Elapsed.TotalSeconds, ($process.TotalProcessorTime - $cpu).TotalSeconds, ($process.PeakWorkingSet64 / 1MB)
$merged | Format-List Items, AuPrc, AuRoc, MacroAuPrc, LogLoss, Accuracy, BestF1Score, GroundTruthItems, MissingPredictions, DuplicateRecords, Calibration
