# The two packages build.ps1 writes, installed as a user would: the module with Install-PSResource from a local
# repository (into a throwaway home) and imported in a fresh process; the CLI as a dotnet tool installed into a folder.
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
        $installHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Path $repository, $installHome | Out-Null
        Compress-PSResource -Path $ModulePath -DestinationPath $repository
    }

    It 'is one AutoMLEval.<version>.nupkg' {
        (Get-ChildItem $repository).Name | Should -Be "AutoMLEval.$Version.nupkg"
    }

    # On Linux and macOS the CurrentUser scope (modules and PSResourceGet's repository list) lives under $HOME, so a
    # child pwsh with its own HOME installs exactly as a user does without touching this user's modules; Windows keeps
    # them in the Documents folder, which no variable moves.
    It 'installs with Install-PSResource from a local repository and evaluates the demo it carries in a fresh process' -Skip:$IsWindows {
        $script = {
            param($Repository)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name local -Uri $Repository -Trusted
            Install-PSResource AutoMLEval -Repository local -Scope CurrentUser
            Import-Module AutoMLEval
            $module = Get-Module AutoMLEval
            $demo = Join-Path $module.ModuleBase 'demo/digits'
            $evaluation = Get-ModelEvaluation -GroundTruthPath (Join-Path $demo 'dataset.csv') -PredictionPath (Join-Path $demo 'predictions.test.jsonl')
            '{0}|{1}|{2}' -f $module.ModuleBase, (Get-Command -Module AutoMLEval).Count, $evaluation.AuPrc.ToString('R', [cultureinfo]::InvariantCulture)
        }
        # The pwsh on PATH (this process may be dotnet itself, when PowerShell is a dotnet tool).
        $pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
        $saved = $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME
        try {
            $env:HOME = $installHome
            $env:XDG_DATA_HOME = $null
            $env:XDG_CONFIG_HOME = $null
            $base, $commands, $auPrc = (& $pwsh -NoProfile -NonInteractive -Command $script -args $repository) -split '\|'
        }
        finally {
            $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME = $saved
        }
        $LASTEXITCODE | Should -Be 0
        $base | Should -Be (Join-Path $installHome ".local/share/powershell/Modules/AutoMLEval/$Version")
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
        # .NET 10's RID-specific tool: a pointer package (automl-eval.VERSION) naming automl-eval.linux-x64 and automl-eval.any.
        $ToolPackages = @(Get-ChildItem $packages -Filter 'automl-eval.*.nupkg' | Sort-Object Name)
        $Package = $ToolPackages | Where-Object { $_.BaseName -match '^automl-eval\.\d' }
        $toolVersion = $Package.BaseName.Substring('automl-eval.'.Length)
        & dotnet tool install automl-eval --tool-path $tools --add-source $packages --version $toolVersion | Out-Null
        $InstallExitCode = $LASTEXITCODE
        $Tool = Join-Path $tools 'automl-eval'
    }

    It 'packs and installs into a tool folder' {
        $PackExitCode | Should -Be 0
        $InstallExitCode | Should -Be 0
        @($Package).Count | Should -Be 1
        $ToolPackages.Name | Should -Be @("automl-eval.$toolVersion.nupkg", "automl-eval.any.$toolVersion.nupkg", "automl-eval.linux-x64.$toolVersion.nupkg")
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

# Windows PowerShell 5.1 loads Desktop/ (net472 cmdlets over the netstandard2.0 engine), which cannot be run here;
# PowerShell 7 loads it too when its assembly is imported by path, so a child pwsh checks that the build loads, finds
# its dependencies and gives the Core build's figures to the last bit, for each task and for a bad record.
Describe 'The Windows PowerShell build' {
    BeforeAll {
        $Figures = {
            param($GroundTruth, $Predictions, $Fixtures, $BadPredictions, $Video, $Build)
            if ($Build) { Import-Module -Name $Build -ErrorAction Stop }
            $invariant = [cultureinfo]::InvariantCulture
            function Format-Figures { ($args | ForEach-Object { ([double]$_).ToString('R', $invariant) }) -join ' ' }
            $single = Get-ModelEvaluation -GroundTruthPath $GroundTruth -PredictionPath $Predictions
            $row = @($single | Invoke-ThresholdSweep)[12]
            $multi = Get-ModelEvaluation -GroundTruthPath (Join-Path $Fixtures 'multilabel/ground_truth.jsonl') -PredictionPath (Join-Path $Fixtures 'multilabel/predictions.jsonl')
            $detection = Get-ModelEvaluation -GroundTruthPath (Join-Path $Fixtures 'tiny_bbox/gt.json') -PredictionPath (Join-Path $Fixtures 'tiny_bbox/dt.json') -Task Detection
            $videos = Get-ModelEvaluation -GroundTruthPath $Video.GroundTruth -PredictionPath $Video.Prediction -Task Video
            $rejected = Get-ModelEvaluation -GroundTruthPath $GroundTruth -PredictionPath $BadPredictions -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
            [pscustomobject]@{
                Engine         = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AutoMLEval.Engine' }).Location
                Commands       = @(Get-Command -CommandType Cmdlet | Where-Object DLL -Like '*AutoMLEval.PowerShell.dll').Count
                Classification = Format-Figures $single.AuPrc $single.AuRoc $single.Accuracy $single.LogLoss $single.MacroAuPrc $single.Top3Accuracy
                Sweep          = Format-Figures $row.Threshold $row.Precision $row.Recall $row.F1Score $row.TrueNegativeCount
                MultiLabel     = Format-Figures $multi.AuPrc $multi.HammingLoss $multi.SubsetAccuracy $multi.LabelRankingAveragePrecision
                Detection      = Format-Figures $detection.AP $detection.AP50 $detection.AR100 $detection.RecallAtBestF1
                Video          = Format-Figures $videos.AuPrc $videos.TemporalIoU $videos.F1Score
                Rejected       = '{0} {1}: {2} ({3} warning)' -f $rejected.SkippedRecords, $failed[0].FullyQualifiedErrorId, $failed[0].Exception.Message, $warned.Count
            }
        }
        $bad = Join-Path $TestDrive 'bad.jsonl'
        $lines = @(Get-Content -LiteralPath $DemoPredictions)
        $lines[10] = $lines[10] -replace '"confidences": \[[0-9.eE-]+', '"confidences": [2'
        Set-Content -LiteralPath $bad -Value $lines
        $arguments = $DemoGroundTruth, $DemoPredictions, (Join-Path $PSScriptRoot 'fixtures'), $bad, (New-TinyVideoDataset -Folder $TestDrive)
        $Core = & $Figures @arguments
        # The pwsh on PATH (this process may be dotnet itself, when PowerShell is a dotnet tool).
        $pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
        $Desktop = & $pwsh -NoProfile -NonInteractive -Command $Figures -args ($arguments + (Join-Path $ModulePath 'Desktop/AutoMLEval.PowerShell.dll'))
        $DesktopExitCode = $LASTEXITCODE
    }

    It 'loads its own engine, the netstandard2.0 one beside it' {
        $DesktopExitCode | Should -Be 0
        $Desktop.Engine | Should -Be (Join-Path $ModulePath 'Desktop/Dependencies/AutoMLEval.Engine.dll')
        $Core.Engine | Should -Not -Be $Desktop.Engine
        $Desktop.Commands | Should -Be $Core.Commands
    }

    It 'gives the Core build''s <_> figures bit for bit' -ForEach 'Classification', 'Sweep', 'MultiLabel', 'Detection', 'Video' {
        $Desktop.$_ | Should -Not -BeNullOrEmpty
        $Desktop.$_ | Should -BeExactly $Core.$_
    }

    It 'rejects a bad record with the Core build''s error' {
        $Core.Rejected | Should -BeLike "1 InvalidScore*bad.jsonl:11: field 'prediction.confidences``[0``]'*(1 warning)"
        $Desktop.Rejected | Should -BeExactly $Core.Rejected
    }
}

# What Windows PowerShell 5.1 reads as text from the module folder, checked here since 5.1 cannot run: it reads a
# .ps1/.psd1/.psm1 (and an about_*.help.txt) without a byte order mark in the ANSI code page, and its language lacks
# PowerShell 7's operators and a few commands. XML (.ps1xml, MAML help) is read by its declaration, UTF-8 here.
Describe 'What Windows PowerShell 5.1 reads of the module folder' {
    BeforeAll {
        $Shipped = Get-ChildItem -LiteralPath $ModulePath -Recurse -File
        $utf8Strict = [System.Text.UTF8Encoding]::new($false, $true)

        # The constructs of a script text that Windows PowerShell 5.1 cannot run (or shows raw, as ANSI escapes).
        function Get-PowerShell7Construct {
            param([string] $Text)
            $tokens = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $null)
            $ast.FindAll({
                    param($node)
                    $node -is [System.Management.Automation.Language.TernaryExpressionAst] -or
                    $node -is [System.Management.Automation.Language.PipelineChainAst] -or
                    ($node -is [System.Management.Automation.Language.BinaryExpressionAst] -and $node.Operator -eq 'QuestionQuestion') -or
                    ($node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Operator -eq 'QuestionQuestionEquals') -or
                    ($node -is [System.Management.Automation.Language.MemberExpressionAst] -and $node.NullConditional) -or
                    ($node -is [System.Management.Automation.Language.IndexExpressionAst] -and $node.NullConditional) -or
                    ($node -is [System.Management.Automation.Language.VariableExpressionAst] -and $node.VariablePath.UserPath -in 'PSStyle', 'IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR') -or
                    ($node -is [System.Management.Automation.Language.CommandAst] -and (
                        $node.GetCommandName() -in 'Join-String', 'Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Start-ThreadJob' -or
                        ($node.GetCommandName() -in 'ForEach-Object', '%', 'foreach' -and @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and 'Parallel' -like "$($_.ParameterName)*" }).Count -gt 0) -or
                        ($node.GetCommandName() -eq 'ConvertFrom-Json' -and @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and 'AsHashtable' -like "$($_.ParameterName)*" }).Count -gt 0)))
                }, $true) | ForEach-Object { $_.Extent.Text }
            $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -ne $node.CleanBlock }, $true) | ForEach-Object { $_.CleanBlock.Extent.Text }
            # `e and `u{…} are PowerShell 6+ escapes: 5.1 reads them as the letters e and u.
            $tokens | Where-Object { $_.Kind -in 'StringExpandable', 'HereStringExpandable' -and $_.Text -match '`[eu]' } | ForEach-Object Text
        }
    }

    It 'starts each .ps1, .psm1, .psd1 or .txt file that is not plain ASCII with a UTF-8 byte order mark' {
        $scripts = @($Shipped | Where-Object Extension -In '.ps1', '.psm1', '.psd1', '.txt')
        $scripts.Name | Should -Contain 'AutoMLEval.psd1'
        $withoutBom = foreach ($file in $scripts) {
            $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
            $bom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
            if (-not $bom -and @($bytes -ge 0x80).Count -gt 0) { $file.FullName }
        }
        $withoutBom | Should -BeNullOrEmpty
    }

    It 'has XML files (views, type data, help) that declare UTF-8 and are UTF-8, with no escape character in them' {
        $xml = @($Shipped | Where-Object Extension -In '.ps1xml', '.xml')
        $xml.Name | Should -Contain 'AutoMLEval.Format.ps1xml'
        foreach ($file in $xml) {
            $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
            $text = $utf8Strict.GetString($bytes)
            $text | Should -Match '^(\uFEFF)?<\?xml version="1.0" encoding="utf-8"\?>' -Because $file.FullName
            # 5.1's console shows ANSI escape sequences as text.
            $text.Contains([char]27) | Should -BeFalse -Because $file.FullName
        }
    }

    It 'has a manifest and view and type script blocks in the language of 5.1' {
        $texts = @((Get-Content -LiteralPath (Join-Path $ModulePath 'AutoMLEval.psd1') -Raw)) +
            @($Shipped | Where-Object Extension -EQ '.ps1xml' | ForEach-Object {
                    ([xml](Get-Content -LiteralPath $_.FullName -Raw)).SelectNodes('//ScriptBlock | //GetScriptBlock | //SetScriptBlock') | ForEach-Object InnerText
                })
        $texts.Count | Should -BeGreaterThan 10
        $texts | ForEach-Object { Get-PowerShell7Construct $_ } | Should -BeNullOrEmpty
    }

    It 'has help examples in the language of 5.1, or saying in their remarks that they need PowerShell 7' {
        $help = [xml](Get-Content -LiteralPath (Join-Path $ModulePath 'en-US/AutoMLEval.PowerShell.dll-Help.xml') -Raw)
        $namespaces = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; dev = 'http://schemas.microsoft.com/maml/dev/2004/10'; maml = 'http://schemas.microsoft.com/maml/2004/10' }
        $examples = @(Select-Xml -Xml $help -XPath '//command:example' -Namespace $namespaces | ForEach-Object Node)
        $examples.Count | Should -BeGreaterThan 30
        $unmarked = foreach ($example in $examples) {
            $constructs = @(Get-PowerShell7Construct $example.GetElementsByTagName('code', $namespaces.dev)[0].InnerText)
            $remarks = $example.GetElementsByTagName('remarks', $namespaces.dev)[0].InnerText
            if ($constructs.Count -gt 0 -and $remarks -notmatch 'PowerShell 7') { "$($example.GetElementsByTagName('title', $namespaces.maml)[0].InnerText.Trim('- ')): $($constructs -join ', ')" }
        }
        $unmarked | Should -BeNullOrEmpty
    }
}
