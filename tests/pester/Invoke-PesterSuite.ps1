#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester 5 suite (tests/pester/*.Tests.ps1) against a built module folder; exits with the number of
    failed tests (0 when all passed; 1 at least when a test file could not run), or 2 when Pester 5 is missing.
    -ResultPath writes the results as JUnit XML (what .ci/run counts). Run it in a fresh process
    (pwsh -NoProfile -File tests/pester/Invoke-PesterSuite.ps1): a loaded binary module cannot be unloaded.
#>
[CmdletBinding()]
param(
    # The module folder (out/AutoMLEval by default).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/AutoMLEval'),

    # Where to write the JUnit XML results; none when not given.
    [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
$pester = Get-Module -Name Pester -ListAvailable | Where-Object { $_.Version -ge [version]'5.0.0' } | Sort-Object Version -Descending | Select-Object -First 1
if ($null -eq $pester) {
    Write-Error 'Pester 5 is not installed (Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser).' -ErrorAction Continue
    exit 2
}
Import-Module $pester -Force

# The test files import the module from here.
$env:AUTOMLEVAL_MODULE = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Detailed'
# Colour codes make a CI log unreadable.
if ($env:CI) { $configuration.Output.RenderMode = 'Plaintext' }
if ($ResultPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'JUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
}
Invoke-Pester -Configuration $configuration
