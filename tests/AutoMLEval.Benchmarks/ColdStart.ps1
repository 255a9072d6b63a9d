#Requires -Version 7.0
<#
.SYNOPSIS
    Cold start of the installed CLI beside PowerShell's Import-Module + first Get-ModelEvaluation, on the bundled demo
    (docs/performance.md, "Cold start"). Run by hand, never as a test.

.DESCRIPTION
    Installs automl-eval from the package folder into a temporary tool folder (as `dotnet tool install --tool-path`
    does for a user), then, after one discarded run of each, times -Runs runs of:
      - `automl-eval evaluate` (process start to exit, table output to a pipe) and `automl-eval --version` (the
        host and runtime alone);
      - a fresh `pwsh -NoProfile` that imports the module and evaluates the same demo files: the whole process,
        and, inside it, Import-Module and the first Get-ModelEvaluation on a stopwatch.
    Prints the median and range of each, with the machine's cores and one-minute load average (on a shared machine
    wall times are upper bounds).

.EXAMPLE
    ./build.ps1 -SkipTests; pwsh tests/AutoMLEval.Benchmarks/ColdStart.ps1 -Runs 9
#>
[CmdletBinding()]
param(
    [int] $Runs = 9,

    # Where automl-eval.<version>.nupkg is (build.ps1 or `dotnet pack src/AutoMLEval.Cli -c Release` writes it).
    [string] $PackagePath = (Join-Path $PSScriptRoot '../../out/packages'),

    # The importable module folder (building src/AutoMLEval.PowerShell assembles it).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/AutoMLEval')
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$tools = Join-Path ([IO.Path]::GetTempPath()) ('automl-eval-coldstart-' + [guid]::NewGuid().ToString('N'))
$package = Get-ChildItem -LiteralPath $PackagePath -Filter 'automl-eval.*.nupkg' | Select-Object -First 1
if ($null -eq $package) { throw "No automl-eval.*.nupkg in $PackagePath." }
$version = $package.BaseName.Substring('automl-eval.'.Length)
& dotnet tool install automl-eval --tool-path $tools --add-source $PackagePath --version $version | Out-Null
if ($LASTEXITCODE -ne 0) { throw 'dotnet tool install failed.' }
$tool = Join-Path $tools 'automl-eval'
$demo = Join-Path $ModulePath 'demo/digits'
$pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source

# Seconds from process start to exit of the one command in $Run; its output goes to a pipe that is drained.
function Measure-Process([scriptblock] $Run) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = & $Run 2>&1
    $clock.Stop()
    if ($LASTEXITCODE -ne 0) { throw "$Run exited $LASTEXITCODE`: $output" }
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Output = $output }
}

function Get-Summary([string] $What, [double[]] $Seconds) {
    $sorted = $Seconds | Sort-Object
    [pscustomobject]@{
        What   = $What
        Median = [math]::Round($sorted[[int][math]::Floor($sorted.Count / 2)], 3)
        Min    = [math]::Round($sorted[0], 3)
        Max    = [math]::Round($sorted[-1], 3)
    }
}

$inPwsh = {
    param($Module, $Demo)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Import-Module $Module
    $imported = $clock.Elapsed.TotalSeconds
    $null = Get-ModelEvaluation -GroundTruthPath (Join-Path $Demo 'dataset.csv') -PredictionPath (Join-Path $Demo 'predictions.test.jsonl')
    '{0}|{1}' -f $imported.ToString([cultureinfo]::InvariantCulture), ($clock.Elapsed.TotalSeconds - $imported).ToString([cultureinfo]::InvariantCulture)
}
# A script block given to pwsh is passed encoded, with its arguments.
$inFreshPwsh = { & $pwsh -NoProfile -NonInteractive -Command $inPwsh -args $ModulePath, $demo }

try {
    $null = Measure-Process { & $tool evaluate }
    $null = Measure-Process $inFreshPwsh
    $cli = 1..$Runs | ForEach-Object { (Measure-Process { & $tool evaluate }).Seconds }
    $hostOnly = 1..$Runs | ForEach-Object { (Measure-Process { & $tool --version }).Seconds }
    $imports = [Collections.Generic.List[double]]::new()
    $firstCalls = [Collections.Generic.List[double]]::new()
    $processes = 1..$Runs | ForEach-Object {
        $run = Measure-Process $inFreshPwsh
        $import, $first = "$($run.Output | Select-Object -Last 1)" -split '\|'
        $imports.Add([double]::Parse($import, [cultureinfo]::InvariantCulture))
        $firstCalls.Add([double]::Parse($first, [cultureinfo]::InvariantCulture))
        $run.Seconds
    }
    $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' }
    "{0} runs each after one discarded; {1} cores; one-minute load average {2}; {3:u}" -f $Runs, [Environment]::ProcessorCount, $load, [datetime]::UtcNow
    @(
        Get-Summary 'automl-eval evaluate (installed tool, process start to exit)' $cli
        Get-Summary 'automl-eval --version (host and runtime alone)' $hostOnly
        Get-Summary 'pwsh: Import-Module AutoMLEval (in-process stopwatch)' $imports
        Get-Summary 'pwsh: first Get-ModelEvaluation after it' $firstCalls
        Get-Summary 'pwsh -NoProfile -Command with both (whole process)' $processes
    ) | Format-Table -AutoSize | Out-String -Width 120
}
finally {
    Remove-Item -LiteralPath $tools -Recurse -Force -ErrorAction SilentlyContinue
}
