using System.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>A fact that is skipped, with the reason, when PowerShell 7 (pwsh) is not on PATH; decided at discovery.</summary>
public sealed class PwshFactAttribute : FactAttribute
{
    public PwshFactAttribute()
    {
        if (FindPwsh() is null) Skip = "pwsh (PowerShell 7) is not on PATH: the Pester suite tests/pester cannot run here. Install PowerShell 7 and Pester 5 to run it.";
    }

    /// <summary>The pwsh executable on PATH, or null.</summary>
    public static string? FindPwsh()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "pwsh.exe" } : new[] { "pwsh" };
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>Runs the Pester suite against the built module in a fresh pwsh -NoProfile (a loaded binary module cannot be unloaded).</summary>
public sealed class PesterSuiteTests
{
    [PwshFact]
    public void PesterSuitePasses()
    {
        using var module = new BuiltModule();
        var runner = Path.Combine(module.RepositoryRoot, "tests", "pester", "Invoke-PesterSuite.ps1");
        var start = new ProcessStartInfo(PwshFactAttribute.FindPwsh()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-File", runner, "-ModulePath", module.Directory }) start.ArgumentList.Add(argument);
        using var pwsh = Process.Start(start)!;
        var error = pwsh.StandardError.ReadToEndAsync();
        var output = pwsh.StandardOutput.ReadToEnd();
        pwsh.WaitForExit();
        Assert.True(pwsh.ExitCode == 0, $"Pester exited with {pwsh.ExitCode} (2: Pester 5 missing; otherwise the number of failed tests).\n{output}\n{error.Result}");
    }
}
