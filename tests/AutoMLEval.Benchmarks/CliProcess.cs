using System.Diagnostics;

namespace AutoMLEval.Benchmarks;

/// <summary>The built <c>automl-eval</c> run as a user runs it: a whole process, timed from start to exit.</summary>
internal static class CliProcess
{
    private const string TimeCommand = "/usr/bin/time";

    /// <summary>One run's wall seconds, printed with its CPU seconds and peak memory where <c>/usr/bin/time</c> gives them.</summary>
    public static double Measure(IReadOnlyList<string> dotnetArguments)
    {
        bool timed = File.Exists(TimeCommand);
        var start = new ProcessStartInfo(timed ? TimeCommand : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (timed)
        {
            foreach (var argument in new[] { "-f", "%e s wall, %U s user, %S s system, %M KiB peak", "dotnet" }) start.ArgumentList.Add(argument);
        }
        foreach (var argument in dotnetArguments) start.ArgumentList.Add(argument);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        // The JSON is read and dropped as a user's redirect to a file would take it.
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        var seconds = watch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"automl-eval exited with {process.ExitCode}: {error.Result}");
        Console.WriteLine(timed ? $"run: {error.Result.Trim().Split('\n')[^1]}" : $"run: {seconds:F2} s wall");
        return seconds;
    }

    /// <summary>The CLI the solution's Release build wrote, found from this benchmark's own folder.</summary>
    public static string BuiltCli()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (!File.Exists(Path.Combine(folder.FullName, "AutoMLEval.sln"))) continue;
            var cli = Path.Combine(folder.FullName, "src", "AutoMLEval.Cli", "bin", "Release", "net10.0", "automl-eval.dll");
            if (File.Exists(cli)) return cli;
            throw new FileNotFoundException($"{cli} is missing: build the solution in Release first (dotnet build AutoMLEval.sln -c Release)");
        }
        throw new FileNotFoundException("AutoMLEval.sln is not above this benchmark's folder: give the CLI's path as the fourth argument");
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
