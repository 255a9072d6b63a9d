using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// Every classification metric plus a 101-point sweep on a score matrix held in memory
/// (default 1,000,000 items × 100 labels, single-label, seeded), three times, with the wall and CPU time of each and
/// the headline metrics printed to the last digit (a faster engine must print the same); "phases" times the
/// evaluation's stages instead. Target (issue 13): under 2.5 s and 1.5 GB beyond the input (scikit-learn: 167 s, 6 GB
/// on this machine).
/// </summary>
internal sealed class ClassificationBenchmark : IBenchmark
{
    public string Name => "classification";

    public string Description => "evaluate + 101-point sweep on N items x L labels [N=1000000] [L=100] [phases: time each stage]";

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
        var walls = new List<double>();
        for (int run = 1; run <= 3; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var evaluation = ClassificationEvaluator.Evaluate(data, new ClassificationOptions { ThresholdGrid = grid });
            var spent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            walls.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"run {run}: {watch.Elapsed.TotalSeconds:F2} s, {spent:F2} s CPU  (auPrc {evaluation.MicroAuPrc:R}, auRoc {evaluation.MicroAuRoc:R}, logLoss {evaluation.LogLoss:R}, accuracy {evaluation.Accuracy:F6}, ECE {evaluation.Calibration!.ExpectedCalibrationError:R}, Brier {evaluation.Calibration.BrierScore:R}, {evaluation.ConfidenceMetrics.Count} sweep rows)");
        }
        if (items == 1_000_000 && labels == 100)
        {
            // scikit-learn takes minutes and 6 GB here: its figure is the one recorded in issue 13 on this machine kind.
            var median = Statistics.Median(walls);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median {median:F2} s; scikit-learn 1.2.1 (recorded in issue 13: {RecordedScikitLearnSeconds} s): {RecordedScikitLearnSeconds / median:F0}x; issue 13's goal: under 2.5 s ({(median < 2.5 ? "met" : "not met")} in this run)"));
        }
    }

    private const double RecordedScikitLearnSeconds = 167;

    /// <summary>
    /// Times the evaluation's stages one by one, as <see cref="ClassificationEvaluator"/> runs them, to see where the
    /// time goes; the second of two passes is printed (the first compiles the code).
    /// </summary>
    private static void Phases(ClassificationData data, double[] grid)
    {
        for (int pass = 1; pass <= 2; pass++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            void Stage(string name)
            {
                var now = Process.GetCurrentProcess().TotalProcessorTime;
                if (pass == 2) Console.WriteLine($"{name,-40}{watch.Elapsed.TotalSeconds,6:F2} s wall {(now - cpu).TotalSeconds,6:F2} s CPU");
                cpu = now;
                watch.Restart();
            }
            var options = new ClassificationOptions { ThresholdGrid = grid };
            var rows = ClassificationEvaluator.ComputeRows(data, options, new ParallelOptions(), out var topScore, out var topCorrect, out var brierSum);
            Stage("row pass (both cores)");
            var labelCurves = new RankingCurve[data.LabelCount];
            var columns = SortedColumn.AllOf(data, sorted: (j, column) =>
            {
                var curve = new RankingCurve(column.Positives, column.Negatives, grid);
                column.FeedTo(curve);
                curve.Finish();
                labelCurves[j] = curve;
            });
            Stage($"sort {data.LabelCount} columns + per-label curves");
            var micro = new RankingCurve(columns.Sum(c => c.Positives), columns.Sum(c => c.Negatives), Array.Empty<double>());
            SortedColumn.FeedMergedTo(columns, micro);
            micro.Finish();
            Stage("micro merge");
            var top = SortedColumn.Of(topScore, topCorrect);
            var top1 = new RankingCurve(top.Positives, top.Negatives, grid);
            top.FeedTo(top1);
            top1.Finish();
            var calibration = Calibration.Of(ScoreHistogram.Of(top), brierSum);
            Stage("top-1 curve + calibration");
            if (pass == 2) Console.WriteLine($"auPrc {micro.AveragePrecision:R}, auRoc {micro.RocAuc:R}, ECE {calibration.ExpectedCalibrationError:R}, {rows.Items} rows");
        }
    }

    /// <summary>Softmax-like float32 rows: the true label gets a boost, so metrics are neither trivial nor random.</summary>
    internal static ClassificationData Generate(int items, int labels, int seed)
    {
        var scores = new double[(long)items * labels];
        var truth = new bool[scores.LongLength];
        Parallel.For(0, ChunksOf(items), chunk =>
        {
            int first = chunk * ChunkItems, count = Math.Min(items - first, ChunkItems);
            var trueLabels = new int[count];
            FillChunk(chunk, count, labels, seed, scores.AsSpan(first * labels, count * labels), trueLabels);
            for (int i = 0; i < count; i++) truth[((long)(first + i) * labels) + trueLabels[i]] = true;
        });
        return new ClassificationData(LabelNames(labels), Enumerable.Range(0, items).Select(ItemId).ToArray(), scores, truth, isMultiLabel: false);
    }

    /// <summary>Items are generated in chunks of this many, each from its own seed, so that any chunk can be made alone.</summary>
    internal const int ChunkItems = 65536;

    internal static int ChunksOf(int items) => (items + ChunkItems - 1) / ChunkItems;

    internal static string[] LabelNames(int labels) => Enumerable.Range(0, labels).Select(j => "label" + j.ToString(CultureInfo.InvariantCulture)).ToArray();

    internal static string ItemId(int item) => "images/" + item.ToString(CultureInfo.InvariantCulture) + ".png";

    /// <summary>
    /// The <paramref name="count"/> items of chunk <paramref name="chunk"/>: row-major softmax scores (float32 values, as
    /// ONNX and Vertex AI give) with the true label lifted, and each item's true label.
    /// </summary>
    internal static void FillChunk(int chunk, int count, int labels, int seed, Span<double> scores, Span<int> trueLabels)
    {
        var random = new Random(seed + chunk);
        for (int i = 0; i < count; i++)
        {
            int trueLabel = random.Next(labels);
            var row = scores.Slice(i * labels, labels);
            double sum = 0;
            for (int j = 0; j < labels; j++)
            {
                row[j] = Math.Exp((random.NextDouble() * 4) + (j == trueLabel ? 2.5 : 0));
                sum += row[j];
            }
            for (int j = 0; j < labels; j++) row[j] = (float)(row[j] / sum);
            trueLabels[i] = trueLabel;
        }
    }
}
