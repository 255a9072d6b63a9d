#!/usr/bin/env bash
# PowerShell 7.6.9 (dotnet tool) and Pester 5.9.1 (NuGet package copied onto PSModulePath): the Pester suite
# runs against the built module on every CI run. Idempotent: a machine that has both is left alone.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tools="$HOME/.dotnet/tools"
if [ ! -x "$tools/pwsh" ] || ! "$tools/pwsh" -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' | grep -q '^7\.6\.9$'; then
  dotnet tool uninstall --global PowerShell >/dev/null 2>&1 || true
  dotnet tool install --global PowerShell --version 7.6.9
fi

pester_version=5.9.1
modules="$HOME/.local/share/powershell/Modules/Pester/$pester_version"
if [ ! -f "$modules/Pester.psd1" ]; then
  work="$(mktemp -d)"
  cat > "$work/pester.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Pester" Version="[$pester_version]" />
  </ItemGroup>
</Project>
PROJ
  # A folder outside the repository, so that the repository's Directory.*.props do not apply.
  dotnet restore "$work/pester.csproj" >/dev/null
  mkdir -p "$modules"
  cp -r "$HOME/.nuget/packages/pester/$pester_version/tools/." "$modules/"
  rm -rf "$work"
fi
