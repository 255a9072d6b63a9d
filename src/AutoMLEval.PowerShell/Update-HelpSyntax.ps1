#Requires -Version 7.0
<#
.SYNOPSIS
    Rewrites the syntax and parameter entries of module/en-US/AutoMLEval.PowerShell.dll-Help.xml from the BUILT
    cmdlets' metadata (Get-Command), keeping the written descriptions and default values. Run it in a fresh pwsh
    after changing a parameter: the xunit tests HelpSyntaxShowsEveryParameterSet and HelpGivesEveryParameterItsCompiledType
    fail until the help matches the compiled cmdlets.
.DESCRIPTION
    A parameter's description is taken from the help's parameters section under its name or any of its aliases (so a
    renamed parameter keeps the text of its old name); a parameter with no description stops the script: write one
    there first.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/AutoMLEval'),
    [string] $HelpFile = (Join-Path $PSScriptRoot '../../module/en-US/AutoMLEval.PowerShell.dll-Help.xml')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'AutoMLEval.psd1') -Force
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
# -WhatIf and -Confirm are documented with the cmdlets that take them, as in PowerShell's own help; the others are not.
$common = [System.Management.Automation.Cmdlet]::CommonParameters + 'UseTransaction'

$path = (Resolve-Path -LiteralPath $HelpFile).ProviderPath
$document = [System.Xml.XmlDocument]::new()
$document.PreserveWhitespace = $false
$document.Load($path)
$names = [System.Xml.XmlNamespaceManager]::new($document.NameTable)
$names.AddNamespace('maml', $maml)
$names.AddNamespace('command', $command)
$names.AddNamespace('dev', $dev)

function Set-Text([System.Xml.XmlElement] $Parent, [string] $Prefix, [string] $Namespace, [string] $Name, [string] $Text) {
    $element = $Parent.SelectSingleNode("${Prefix}:$Name", $names)
    if ($null -eq $element) { $element = $Parent.AppendChild($document.CreateElement($Prefix, $Name, $Namespace)) }
    $element.InnerText = $Text
    $element
}

# One <command:parameter> for a parameter, in a set (syntax) or across its sets (parameters section).
function New-ParameterElement($Parameter, $Written, $InSet) {
    $element = $Written.CloneNode($true)
    $attributes = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
    $set = if ($InSet) { $InSet } else { $attributes[0] }
    $pipeline = @(if ($attributes.ValueFromPipeline -contains $true) { 'ByValue' }; if ($attributes.ValueFromPipelineByPropertyName -contains $true) { 'ByPropertyName' })
    $element.SetAttribute('required', $(if ($InSet) { "$($InSet.IsMandatory)".ToLowerInvariant() } else { "$($attributes.Mandatory -contains $true)".ToLowerInvariant() }))
    $element.SetAttribute('position', $(if ($set.Position -ge 0) { "$($set.Position)" } else { 'named' }))
    $element.SetAttribute('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $element.SetAttribute('globbing', "$([bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLowerInvariant())
    $element.SetAttribute('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $null = Set-Text $element 'maml' $maml 'name' $Parameter.Name
    $type = $Parameter.ParameterType
    if ($type.IsGenericType -and $type.GetGenericTypeDefinition() -eq [Nullable`1]) { $type = $type.GetGenericArguments()[0] }
    $value = $element.SelectSingleNode('command:parameterValue', $names)
    if ($type -eq [System.Management.Automation.SwitchParameter]) {
        if ($value) { $null = $element.RemoveChild($value) }
    }
    else {
        if (-not $value) {
            $value = $document.CreateElement('command', 'parameterValue', $command)
            $value.SetAttribute('required', 'true')
            $value.SetAttribute('variableLength', 'false')
            $null = $element.InsertAfter($value, $element.SelectSingleNode('maml:description', $names))
        }
        $value.InnerText = $type.Name
    }
    $typeElement = $element.SelectSingleNode('dev:type', $names)
    $null = Set-Text $typeElement 'maml' $maml 'name' $type.Name
    $element
}

foreach ($node in $document.SelectNodes('//command:command', $names)) {
    $name = $node.SelectSingleNode('command:details/command:name', $names).InnerText
    $info = Get-Command -Name $name -Module AutoMLEval
    $parametersNode = $node.SelectSingleNode('command:parameters', $names)
    $written = @{}
    foreach ($p in $parametersNode.SelectNodes('command:parameter', $names)) { $written[$p.SelectSingleNode('maml:name', $names).InnerText] = $p }
    $parameters = $info.Parameters.Values | Where-Object { $_.Name -notin $common }
    $textOf = @{}
    foreach ($parameter in $parameters) {
        $found = @($parameter.Name) + $parameter.Aliases | Where-Object { $written.ContainsKey($_) } | Select-Object -First 1
        if (-not $found) { throw "$name -$($parameter.Name) has no description in $HelpFile; write one in its parameters section." }
        $textOf[$parameter.Name] = $written[$found]
    }

    $syntax = $node.SelectSingleNode('command:syntax', $names)
    $syntax.RemoveAll()
    foreach ($set in $info.ParameterSets) {
        $item = $syntax.AppendChild($document.CreateElement('command', 'syntaxItem', $command))
        $null = Set-Text $item 'maml' $maml 'name' $name
        foreach ($inSet in $set.Parameters | Where-Object { $_.Name -notin $common }) {
            $null = $item.AppendChild((New-ParameterElement $info.Parameters[$inSet.Name] $textOf[$inSet.Name] $inSet))
        }
    }

    $parametersNode.RemoveAll()
    foreach ($parameter in $parameters) { $null = $parametersNode.AppendChild((New-ParameterElement $parameter $textOf[$parameter.Name] $null)) }
}

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($path, $settings)
try { $document.Save($writer) } finally { $writer.Dispose() }
