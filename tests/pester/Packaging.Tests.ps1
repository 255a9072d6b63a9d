# The two packages build.ps1 writes, installed as a user would: the module as a .nupkg saved from a local
# PSResourceGet repository and imported in a fresh process; the CLI as a dotnet tool installed into a folder.
# Expected value: the demo's micro AuPRC, 0.9580221538568727 (scikit-learn, tests/AutoMLEval.Tests/Fixtures/digits).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $DemoAuPrc = 0.9580221538568727
    $Version = (Get-Module AutoMLEval).Version.ToString()
}

Describe 'The module package' {
    BeforeAll {
        $repository = Join-Path $TestDrive 'repository'
        $saved = Join-Path $TestDrive 'modules'
        New-Item -ItemType Directory -Path $repository, $saved | Out-Null
        Compress-PSResource -Path $ModulePath -DestinationPath $repository
        $name = 'AutoMLEvalTest' + [guid]::NewGuid().ToString('N')
        Register-PSResourceRepository -Name $name -Uri $repository -Trusted
        try {
            Save-PSResource -Name AutoMLEval -Repository $name -Path $saved -TrustRepository
        }
        finally {
            Unregister-PSResourceRepository -Name $name
        }
    }

    It 'is one AutoMLEval.<version>.nupkg' {
        (Get-ChildItem $repository).Name | Should -Be "AutoMLEval.$Version.nupkg"
    }

    It 'installs from a local repository and evaluates the demo it carries in a fresh process' {
        $script = {
            param($Modules)
            $env:PSModulePath = $Modules + [IO.Path]::PathSeparator + $env:PSModulePath
            Import-Module AutoMLEval -ErrorAction Stop
            $module = Get-Module AutoMLEval
            $demo = Join-Path $module.ModuleBase 'demo/digits'
            $evaluation = Get-ModelEvaluation -GroundTruthPath (Join-Path $demo 'dataset.csv') -PredictionPath (Join-Path $demo 'predictions.test.jsonl')
            '{0}|{1}|{2}' -f $module.ModuleBase, (Get-Command -Module AutoMLEval).Count, $evaluation.AuPrc.ToString('R', [cultureinfo]::InvariantCulture)
        }
        # The pwsh on PATH (this process may be dotnet itself, when PowerShell is a dotnet tool).
        $pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
        $base, $commands, $auPrc = (& $pwsh -NoProfile -NonInteractive -Command $script -args $saved) -split '\|'
        $LASTEXITCODE | Should -Be 0
        $base | Should -BeLike "$saved*"
        [int]$commands | Should -Be (Get-Command -Module AutoMLEval).Count
        [math]::Abs([double]::Parse($auPrc, [cultureinfo]::InvariantCulture) - $DemoAuPrc) | Should -BeLessThan 1e-12
    }
}

Describe 'The automl-eval dotnet tool' {
    BeforeAll {
        $packages = Join-Path $TestDrive 'packages'
        $tools = Join-Path $TestDrive 'tools'
        & dotnet pack (Join-Path $RepositoryRoot 'src/AutoMLEval.Cli') -c Release -o $packages --nologo -v quiet | Out-Null
        $PackExitCode = $LASTEXITCODE
        $Package = Get-ChildItem $packages -Filter 'automl-eval.*.nupkg'
        $toolVersion = $Package.BaseName.Substring('automl-eval.'.Length)
        & dotnet tool install automl-eval --tool-path $tools --add-source $packages --version $toolVersion | Out-Null
        $InstallExitCode = $LASTEXITCODE
        $Tool = Join-Path $tools 'automl-eval'
    }

    It 'packs and installs into a tool folder' {
        $PackExitCode | Should -Be 0
        $InstallExitCode | Should -Be 0
        @($Package).Count | Should -Be 1
    }

    It 'runs the demo it carries from anywhere' {
        Push-Location $TestDrive
        try {
            $json = & $Tool evaluate --format json | ConvertFrom-Json
            $LASTEXITCODE | Should -Be 0
        }
        finally {
            Pop-Location
        }
        [math]::Abs($json.auPrc - $DemoAuPrc) | Should -BeLessThan 1e-12
    }

    It 'exits 2 with one verb''s usage for a wrong option' {
        $errors = & $Tool errors --bogus 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 2
        $errors[0] | Should -BeExactly 'automl-eval errors: Unknown option: --bogus.'
    }
}
