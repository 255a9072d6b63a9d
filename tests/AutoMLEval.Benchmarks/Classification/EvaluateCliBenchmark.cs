using System.Globalization;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// Issue 13's first row: the whole <c>automl-eval evaluate --format json</c> process on Vertex JSONL of N items × L
/// labels and its ground truth (start, read, join, every metric and the sweep, the JSON written), run as a user runs it,
/// beside scikit-learn's metrics on the same files in memory (anchors/classification_sklearn.py) in the same run.
/// </summary>
internal sealed class EvaluateCliBenchmark : IBenchmark
{
    public string Name => "evaluate-cli";

    public string Description => "the whole automl-eval evaluate process on Vertex JSONL of N items x L labels, beside scikit-learn [N=200000] [L=100] [RUNS=3] [CLI=automl-eval.dll]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        int runs = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var cli = args.Count > 3 ? args[3] : CliProcess.BuiltCli();
        var (groundTruth, predictions) = VertexFiles.Ensure(items, labels);
        Console.WriteLine($"{cli}\n{predictions}: {new FileInfo(predictions).Length / (1024.0 * 1024.0):F0} MiB; load average {CliProcess.LoadAverage()}");
        var walls = new List<double>();
        for (int run = 0; run < runs; run++) walls.Add(CliProcess.Measure(new[] { cli, "evaluate", "--ground-truth", groundTruth, "--predictions", predictions, "--format", "json" }));
        var median = Statistics.Median(walls);
        Console.WriteLine($"automl-eval evaluate: median {median:F2} s wall of {runs} runs");
        if (PythonAnchor.Run("classification_sklearn.py", new[] { groundTruth, predictions }) is { } anchor)
        {
            Console.WriteLine($"scikit-learn metrics alone / the whole automl-eval process (wall): {anchor / median:F1}x");
        }
    }
}
