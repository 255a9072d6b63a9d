#Requires -Version 5.1
<#
.SYNOPSIS
    Builds AutoMLEval, assembles the importable module folder out/AutoMLEval, and runs the xunit and Pester tests.

.DESCRIPTION
    1. dotnet build AutoMLEval.sln (the PowerShell project assembles out/AutoMLEval on every build), then the two
       packages in out/packages: the module, AutoMLEval.<version>.nupkg (PSResourceGet's Compress-PSResource; install
       it with Install-PSResource from a repository registered on that folder), and the command-line tool,
       automl-eval.<version>.nupkg (dotnet pack; dotnet tool install --global --add-source out/packages automl-eval).
    2. dotnet test (xunit: engine, CLI, the cmdlet surface read from the built assembly's metadata, and the report's
       browser tests, for which playwright-core is installed with npm when missing; Chromium must be installed).
    3. Pester 5 (tests/pester/*.Tests.ps1) against out/AutoMLEval in a fresh `pwsh -NoProfile` process, because a
       loaded binary module cannot be unloaded from the session that runs this script. Where pwsh is missing the
       Pester step is skipped with a loud warning, not failed and not pretended.
    The exit code is 0 only when the build and every test run that could run passed.

.EXAMPLE
    ./build.ps1
    ./build.ps1 -Configuration Debug -SkipTests
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Build and assemble the module only.
    [switch] $SkipTests,

    # Build without writing the packages.
    [switch] $SkipPackages
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$solution = Join-Path $PSScriptRoot 'AutoMLEval.sln'
$modulePath = Join-Path $PSScriptRoot 'out/AutoMLEval'
$failed = @()

Write-Host "== dotnet build ($Configuration)"
& dotnet build $solution -c $Configuration
if ($LASTEXITCODE -ne 0) {
    Write-Error "dotnet build failed (exit code $LASTEXITCODE)." -ErrorAction Continue
    exit 1
}
Write-Host "== module assembled in $modulePath"

if (-not $SkipPackages) {
    $packages = Join-Path $PSScriptRoot 'out/packages'
    New-Item -ItemType Directory -Force -Path $packages | Out-Null
    Get-ChildItem -LiteralPath $packages -Filter '*.nupkg' | Where-Object { $_.Name -like 'AutoMLEval.*' -or $_.Name -like 'automl-eval.*' } | Remove-Item
    Write-Host "== packages in $packages"
    # Not --no-build: the tool's linux-x64 (ReadyToRun) and portable packages are built by the pack itself.
    & dotnet pack (Join-Path $PSScriptRoot 'src/AutoMLEval.Cli') -c $Configuration -o $packages
    if ($LASTEXITCODE -ne 0) { $failed += 'dotnet pack (automl-eval tool)' }
    # PSResourceGet 1.1+ (PowerShell 7.5 and later ship it); it reads the manifest's $PSEdition if as Import-Module does.
    if (Get-Command -Name Compress-PSResource -ErrorAction SilentlyContinue) {
        Compress-PSResource -Path $modulePath -DestinationPath $packages
    }
    else {
        Write-Warning 'Compress-PSResource (Microsoft.PowerShell.PSResourceGet 1.1+) is missing: the module package was NOT written. Run build.ps1 in PowerShell 7.5+.'
    }
}

if (-not $SkipTests) {
    $browserTests = Join-Path $PSScriptRoot 'tests/browser'
    if (-not (Test-Path -LiteralPath (Join-Path $browserTests 'node_modules/playwright-core'))) {
        Write-Host '== npm ci (playwright-core for the report browser tests)'
        & npm ci --prefix $browserTests --no-audit --no-fund --loglevel=error
        if ($LASTEXITCODE -ne 0) { $failed += 'npm ci' }
    }
    Write-Host '== dotnet test (xunit)'
    & dotnet test $solution -c $Configuration --no-build
    if ($LASTEXITCODE -ne 0) { $failed += 'dotnet test' }

    Write-Host '== Pester (fresh pwsh -NoProfile)'
    $pwsh = Get-Command -Name pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $pwsh) {
        Write-Warning '**********************************************************************'
        Write-Warning 'pwsh (PowerShell 7) is NOT on PATH: the Pester tests were SKIPPED.'
        Write-Warning 'Install PowerShell 7 and Pester 5 to run tests/pester against out/AutoMLEval.'
        Write-Warning '**********************************************************************'
    }
    else {
        $runner = Join-Path $PSScriptRoot 'tests/pester/Invoke-PesterSuite.ps1'
        & $pwsh.Source -NoProfile -NonInteractive -File $runner -ModulePath $modulePath
        if ($LASTEXITCODE -ne 0) { $failed += 'Pester' }
    }
}

if ($failed.Count -gt 0) {
    Write-Host "FAILED: $($failed -join ', ')" -ForegroundColor Red
    exit 1
}
Write-Host 'OK' -ForegroundColor Green
exit 0
