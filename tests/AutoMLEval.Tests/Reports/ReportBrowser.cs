using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace AutoMLEval.Tests.Reports;

/// <summary>
/// Runs tests/browser/check-report.mjs (playwright-core driving Debian's headless Chromium) on a report and returns what
/// it saw. A missing browser or npm package fails the test with the command that installs it: never a silent pass.
/// </summary>
internal static class ReportBrowser
{
    public static JsonElement Check(string reportPath, params string[] arguments)
    {
        var browserDirectory = Path.Combine(RepositoryRoot(), "tests", "browser");
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Assert.Fail($"Chromium is not installed at {chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary).");
        }
        if (!Directory.Exists(Path.Combine(browserDirectory, "node_modules", "playwright-core")))
        {
            Assert.Fail($"playwright-core is not installed for the browser tests. Install it with: npm ci --prefix {browserDirectory}");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = browserDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check-report.mjs");
        start.ArgumentList.Add("--report");
        start.ArgumentList.Add(reportPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Node.js is needed for the browser tests ({e.Message}). Install it with: apt-get install -y nodejs npm");
            throw;
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("check-report.mjs did not finish within 120 s.");
            }
            Assert.True(process.ExitCode == 0, $"check-report.mjs failed (exit {process.ExitCode}):\n{error.Result}");
            using var document = JsonDocument.Parse(output.Trim().Split('\n').Last());
            return document.RootElement.Clone();
        }
    }

    /// <summary>The checkout this test assembly was built from (the folder holding tests/browser).</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tests", "browser", "check-report.mjs"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No tests/browser/check-report.mjs above {AppContext.BaseDirectory}.");
    }
}
