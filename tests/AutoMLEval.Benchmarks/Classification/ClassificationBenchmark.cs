using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// Every classification metric plus a 101-point sweep on a score matrix held in memory
/// (default 1,000,000 items × 100 labels, single-label, seeded). Target: under 5 s and 2 GB
/// (scikit-learn: 167 s, 6 GB on this machine).
/// </summary>
internal sealed class ClassificationBenchmark : IBenchmark
{
    public string Name => "classification";

    public string Description => "evaluate + 101-point sweep on N items x L labels [N=1000000] [L=100]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var generate = Stopwatch.StartNew();
        var data = Generate(items, labels, seed: 42);
        Console.WriteLine($"generated {items:N0} x {labels} in {generate.Elapsed.TotalSeconds:F2} s; managed heap {GC.GetTotalMemory(false) / (1024.0 * 1024.0):F0} MiB");
        var grid = Enumerable.Range(0, 101).Select(k => k / 100.0).ToArray();
        if (args.Count > 2 && args[2] == "phases")
        {
            Phases(data, grid);
            return;
        }
        for (int run = 1; run <= 3; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            var evaluation = ClassificationEvaluator.Evaluate(data, new ClassificationOptions { ThresholdGrid = grid });
            Console.WriteLine($"run {run}: {watch.Elapsed.TotalSeconds:F2} s  (auPrc {evaluation.MicroAuPrc:F6}, auRoc {evaluation.MicroAuRoc:F6}, logLoss {evaluation.LogLoss:F6}, accuracy {evaluation.Accuracy:F6}, {evaluation.ConfidenceMetrics.Count} sweep rows)");
        }
    }

    /// <summary>Times the evaluation's stages one by one, to see where the time goes.</summary>
    private static void Phases(ClassificationData data, double[] grid)
    {
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        string Cpu()
        {
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            var spent = (now - cpu).TotalSeconds;
            cpu = now;
            return $"{spent:F2} s CPU";
        }
        var columns = SortedColumn.AllOf(data);
        Console.WriteLine($"transpose + radix sort of {data.LabelCount} columns: {watch.Elapsed.TotalSeconds:F2} s, {Cpu()}");
        watch.Restart();
        Parallel.For(0, columns.Length, j =>
        {
            var curve = new RankingCurve(columns[j].Positives, columns[j].Negatives, grid);
            columns[j].FeedTo(curve);
            curve.Finish();
        });
        Console.WriteLine($"per-label curves: {watch.Elapsed.TotalSeconds:F2} s, {Cpu()}");
        watch.Restart();
        var micro = new RankingCurve(columns.Sum(c => c.Positives), columns.Sum(c => c.Negatives), Array.Empty<double>());
        SortedColumn.FeedMergedTo(columns, micro);
        micro.Finish();
        Console.WriteLine($"micro merge: {watch.Elapsed.TotalSeconds:F2} s, {Cpu()}");
        watch.Restart();
        var rows = new RowStatistics(data.LabelCount, 5);
        rows.AddRows(data, 0.5, 0, data.ItemCount, new double[data.ItemCount], new bool[data.ItemCount]);
        Console.WriteLine($"row pass (one thread): {watch.Elapsed.TotalSeconds:F2} s, {Cpu()}");
    }

    /// <summary>Softmax-like float32 rows: the true label gets a boost, so metrics are neither trivial nor random.</summary>
    internal static ClassificationData Generate(int items, int labels, int seed)
    {
        var scores = new double[(long)items * labels];
        var truth = new bool[scores.LongLength];
        Parallel.For(0, (items + 65535) / 65536, chunk =>
        {
            var random = new Random(seed + chunk);
            for (int i = chunk * 65536; i < Math.Min(items, (chunk + 1) * 65536); i++)
            {
                int trueLabel = random.Next(labels);
                long row = (long)i * labels;
                double sum = 0;
                for (int j = 0; j < labels; j++)
                {
                    var s = Math.Exp((random.NextDouble() * 4) + (j == trueLabel ? 2.5 : 0));
                    scores[row + j] = s;
                    sum += s;
                }
                // Model outputs are float32 (ONNX, Vertex AI): the stored doubles are float32 values.
                for (int j = 0; j < labels; j++) scores[row + j] = (float)(scores[row + j] / sum);
                truth[row + trueLabel] = true;
            }
        });
        var names = Enumerable.Range(0, labels).Select(j => "label" + j.ToString(CultureInfo.InvariantCulture)).ToArray();
        var ids = Enumerable.Range(0, items).Select(i => "images/" + i.ToString(CultureInfo.InvariantCulture) + ".png").ToArray();
        return new ClassificationData(names, ids, scores, truth, isMultiLabel: false);
    }
}
