using System.Diagnostics;
using System.Globalization;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// Issue 13's first row: the whole <c>automl-eval evaluate --format json</c> process on Vertex JSONL of N items × L
/// labels and its ground truth (start, read, join, every metric and the sweep, the JSON written), run as a user runs it,
/// beside scikit-learn's metrics on the same files in memory (anchors/classification_sklearn.py) in the same run.
/// </summary>
internal sealed class EvaluateCliBenchmark : IBenchmark
{
    private const string TimeCommand = "/usr/bin/time";

    public string Name => "evaluate-cli";

    public string Description => "the whole automl-eval evaluate process on Vertex JSONL of N items x L labels, beside scikit-learn [N=200000] [L=100] [RUNS=3] [CLI=automl-eval.dll]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        int runs = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var cli = args.Count > 3 ? args[3] : BuiltCli();
        var (groundTruth, predictions) = VertexFiles.Ensure(items, labels);
        Console.WriteLine($"{cli}\n{predictions}: {new FileInfo(predictions).Length / (1024.0 * 1024.0):F0} MiB; load average {LoadAverage()}");
        var walls = new List<double>();
        for (int run = 0; run < runs; run++) walls.Add(Measure(new[] { cli, "evaluate", "--ground-truth", groundTruth, "--predictions", predictions, "--format", "json" }));
        var median = Statistics.Median(walls);
        Console.WriteLine($"automl-eval evaluate: median {median:F2} s wall of {runs} runs");
        if (PythonAnchor.Run("classification_sklearn.py", new[] { groundTruth, predictions }) is { } anchor)
        {
            Console.WriteLine($"scikit-learn metrics alone / the whole automl-eval process (wall): {anchor / median:F1}x");
        }
    }

    /// <summary>One run's wall seconds, printed with its CPU seconds and peak memory where <c>/usr/bin/time</c> gives them.</summary>
    private static double Measure(IReadOnlyList<string> dotnetArguments)
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
    private static string BuiltCli()
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

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
