using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Reports;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// The HTML report of a synthetic 10,000-image, 100-label single-label evaluation: time to write it, its size
/// (target under 15 MB) and its time to interactive in headless Chromium (target under 2 s), measured by
/// tests/browser/check-report.mjs over a few loads (the first is a cold browser).
/// </summary>
internal sealed class ReportBenchmark : IBenchmark
{
    public string Name => "report";

    public string Description => "HTML report of 10,000 items x 100 labels: write time, size (< 15 MB), Chromium time to interactive (< 2 s). Args: [items] [labels] [loads] [keep.html]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        int loads = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var run = SyntheticRun(items, labels, seed: 42);
        var keep = args.Count > 3 ? Path.GetFullPath(args[3]) : null;
        var path = keep ?? Path.Combine(Path.GetTempPath(), $"automl-eval-report-benchmark-{Guid.NewGuid():N}.html");
        try
        {
            var watch = Stopwatch.StartNew();
            using (var file = File.Create(path)) EvaluationReport.Write(run, file);
            watch.Stop();
            var size = new FileInfo(path).Length;
            Console.WriteLine($"{items} items x {labels} labels: report written in {watch.Elapsed.TotalSeconds:F2} s, {size / (1024.0 * 1024.0):F2} MiB ({size:N0} bytes; target < 15 MB)");
            var times = TimeToInteractive(path, loads);
            Console.WriteLine($"Chromium time to interactive over {loads} loads (ms, first is cold): {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} (target < 2000)");
        }
        finally
        {
            if (keep is null) File.Delete(path);
        }
    }

    /// <summary>
    /// Softmax scores over Gaussian logits, the true label boosted by 4 for 85% of the items and another (confusable)
    /// label boosted for the rest, so that the report has confusions and errors on every label.
    /// </summary>
    internal static ClassificationRun SyntheticRun(int items, int labels, int seed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, labels).Select(j => $"class_{j:D3}").ToArray();
        var ids = Enumerable.Range(0, items).Select(i => $"images/test/{i:D6}.jpg").ToArray();
        var scores = new double[(long)items * labels];
        var truth = new bool[scores.Length];
        var logits = new double[labels];
        for (int i = 0; i < items; i++)
        {
            int trueLabel = random.Next(labels);
            for (int j = 0; j < labels; j++) logits[j] = Gaussian(random);
            int boosted = random.NextDouble() < 0.85 ? trueLabel : (trueLabel + 1 + random.Next(3)) % labels;
            logits[boosted] += 4 + Gaussian(random);
            var max = logits.Max();
            var sum = logits.Sum(l => Math.Exp(l - max));
            for (int j = 0; j < labels; j++) scores[((long)i * labels) + j] = Math.Exp(logits[j] - max) / sum;
            truth[((long)i * labels) + trueLabel] = true;
        }
        var data = new ClassificationData(names, ids, scores, truth, isMultiLabel: false);
        var groundTruth = new GroundTruthSet(
            "synthetic.csv",
            ids.Select((id, i) => new GroundTruthItem(id, new[] { names[Array.IndexOf(truth, true, i * labels, labels) - (i * labels)] }, MlUse.Test, i + 1)).ToArray(),
            false, 0, 0);
        var inputs = new LoadedClassification(data, new InputSummary { GroundTruthItems = items, PredictionItems = items, Evaluated = items }, groundTruth, MlUse.Test);
        return new ClassificationRun(inputs, ClassificationEvaluator.Evaluate(data));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[] TimeToInteractive(string report, int loads)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "tests", "browser", "check-report.mjs"))) directory = directory.Parent;
        if (directory is null) throw new InvalidOperationException("tests/browser/check-report.mjs not found above the benchmark's folder.");
        var start = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(directory.FullName, "tests", "browser"), RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "check-report.mjs", "--report", report, "--loads", loads.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"check-report.mjs failed (exit {process.ExitCode}); is Chromium installed (apt-get install -y chromium) and tests/browser set up (npm ci --prefix tests/browser)?");
        using var seen = JsonDocument.Parse(output.Trim().Split('\n').Last());
        var errors = seen.RootElement.GetProperty("consoleErrors").GetArrayLength() + seen.RootElement.GetProperty("pageErrors").GetArrayLength();
        if (errors > 0) throw new InvalidOperationException($"The page logged {errors} errors: {output}");
        var navigation = seen.RootElement.GetProperty("navigation");
        Console.WriteLine($"last load (ms from navigation start): file read {navigation.GetProperty("responseEnd").GetDouble():F0}, DOM parsed {navigation.GetProperty("domInteractive").GetDouble():F0}, scripts done {navigation.GetProperty("domContentLoadedEventEnd").GetDouble():F0}");
        return seen.RootElement.GetProperty("interactiveMs").EnumerateArray().Select(t => t.GetDouble()).ToArray();
    }
}
