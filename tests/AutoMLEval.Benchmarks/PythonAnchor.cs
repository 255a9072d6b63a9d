using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// Runs an anchor script of anchors/ with Debian's Python (/usr/bin/python3, where apt's numpy lives) in the same
/// benchmark run, echoes its output and returns the wall seconds it printed first as "…: N s wall".
/// </summary>
internal static class PythonAnchor
{
    private const string Python = "/usr/bin/python3";

    /// <summary>The wall seconds the anchor reports, or null (with the reason printed) when it cannot run here.</summary>
    public static double? Run(string script, IEnumerable<string> arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "anchors", script);
        if (!File.Exists(Python) || !File.Exists(path))
        {
            Console.WriteLine($"anchor {script}: not run ({Python} or {path} missing)");
            return null;
        }
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Console.WriteLine($"anchor: {line}");
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"anchor {script}: exit code {process.ExitCode}: {error.Result.Trim()}");
            return null;
        }
        // The first line that gives a time as ": N s wall" is the anchor's measured work.
        var wall = Regex.Match(output, @": ([0-9.]+) s wall");
        return wall.Success ? double.Parse(wall.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }
}
