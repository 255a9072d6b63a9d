using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Detection;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// COCO bbox evaluation of the reference case perf_5k_80cat (5,000 images, 80 categories, 34,376 GT, 462,372
/// detections) from the gzipped files to the 12 statistics, in process stage by stage, then the whole CLI process
/// (<c>evaluate --task detection --format json</c>) beside the anchors recorded in issue 13, which cannot be installed
/// here (no PyPI): faster-coco-eval 1.7's whole run 17.0 s, pycocotools 45 s. Goal: 10× faster-coco-eval's whole run.
/// </summary>
internal sealed class CocoBboxBenchmark : IBenchmark
{
    public string Name => "coco-bbox";

    public string Description => "COCO bbox evaluation of perf_5k_80cat (gzip → 12 stats), in process and as the whole CLI process, beside faster-coco-eval's recorded 17.0 s [DIR] [RUNS=3] [CLI=automl-eval.dll]";

    // Issue 13's anchors, measured on this machine kind and recorded there (neither installs here).
    private const double FasterCocoEvalSeconds = 17.0;
    private const double PycocotoolsSeconds = 45.0;

    public void Run(IReadOnlyList<string> args)
    {
        var directory = args.Count > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "perf_5k_80cat");
        int runs = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var cli = args.Count > 2 ? args[2] : CliProcess.BuiltCli();
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json"))).RootElement
            .GetProperty("stats").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var parse = new List<double>();
        var evaluate = new List<double>();
        var total = new List<double>();
        var errorAnalysis = new List<double>();
        var views = new List<double>();
        CocoStats? stats = null;
        DetectionErrors? errors = null;
        for (int run = 0; run < runs; run++)
        {
            var log = new IssueLog();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var (gt, dt) = CocoReader.ReadPair(Path.Combine(directory, "gt.json.gz"), Path.Combine(directory, "dt.json.gz"), IouType.BoundingBox, log);
            double parsed = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double parseCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var evaluation = DetectionEvaluator.Evaluate(gt, dt, CocoParams.Default(IouType.BoundingBox));
            stats = evaluation.Stats;
            double done = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            // What the CLI's `evaluate --format json` adds: TIDE's error analysis, then the other views and the JSON.
            errors = evaluation.ErrorAnalysis;
            double analysed = clock.Elapsed.TotalSeconds;
            using (var json = new Utf8JsonWriter(Stream.Null)) DetectionJson.Write(json, "detection", evaluation);
            double written = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cliCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            parse.Add(parsed);
            evaluate.Add(done - parsed);
            total.Add(done);
            errorAnalysis.Add(analysed - done);
            views.Add(written - analysed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: parse {parsed:F3} s, evaluate+accumulate+summarize {done - parsed:F3} s, total {done:F3} s, CPU {cpu:F3} s (parse {parseCpu:F3} s) ({dt.Count} detections, {gt.AnnotationCount} GT, {log.Issues.Count} issues)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"       + error analysis (TIDE) {analysed - done:F3} s, other views + JSON {written - analysed:F3} s: as the CLI's --format json {written:F3} s, CPU {cliCpu:F3} s; GC so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalSeconds:F3} s"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {runs}: parse {Statistics.Median(parse):F3} s, evaluate+accumulate+summarize {Statistics.Median(evaluate):F3} s, total {Statistics.Median(total):F3} s; error analysis {Statistics.Median(errorAnalysis):F3} s, other views + JSON {Statistics.Median(views):F3} s"));
        var actual = stats!.ToArray();
        double maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        for (int i = 0; i < actual.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {CocoStats.Names[i],-6}{actual[i],20:R}   expected {expected[i]:R}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"12 stats vs expected.json: max |difference| = {maxDiff:R} ({(maxDiff <= 1e-10 ? "equal within 1e-10" : "DIFFERENT")})"));
        CompareWithTide(Path.Combine(directory, "tide.json"), errors!);
        WholeProcess(cli, directory, runs);
    }

    /// <summary>The whole CLI process, as issue 13's row measures it, against the recorded anchors.</summary>
    private static void WholeProcess(string cli, string directory, int runs)
    {
        Console.WriteLine($"{cli}; load average {CliProcess.LoadAverage()}");
        var walls = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            walls.Add(CliProcess.Measure(new[] { cli, "evaluate", "--task", "detection", "--ground-truth", Path.Combine(directory, "gt.json.gz"), "--predictions", Path.Combine(directory, "dt.json.gz"), "--format", "json" }));
        }
        var median = Statistics.Median(walls);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"automl-eval evaluate --task detection: median {median:F2} s wall of {runs}; faster-coco-eval 1.7 whole run (recorded) {FasterCocoEvalSeconds} s: {FasterCocoEvalSeconds / median:F1}x (goal 10x); pycocotools (recorded) {PycocotoolsSeconds} s: {PycocotoolsSeconds / median:F0}x"));
    }

    // tide.json: tidecv 1.0.1's counts and dAPs (× 100) on the same files.
    private static void CompareWithTide(string path, DetectionErrors errors)
    {
        var tide = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var names = new Dictionary<DetectionErrorKind, string>
        {
            [DetectionErrorKind.WrongLabel] = "wrongLabel", [DetectionErrorKind.Localisation] = "localisation",
            [DetectionErrorKind.WrongLabelAndLocalisation] = "wrongLabelAndLocalisation", [DetectionErrorKind.Duplicate] = "duplicate",
            [DetectionErrorKind.Background] = "background", [DetectionErrorKind.Missed] = "missed",
        };
        bool countsEqual = names.All(n => tide.GetProperty("counts").GetProperty(n.Value).GetInt32() == errors.CountOf(n.Key));
        double maxDiff = names.Max(n => Math.Abs(tide.GetProperty("deltaAp").GetProperty(n.Value).GetDouble() / 100 - errors.DeltaAp(n.Key)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TIDE vs tide.json: counts {(countsEqual ? "equal" : "DIFFERENT")}, dAP max |difference| = {maxDiff:R} ({(maxDiff <= 1e-10 ? "equal within 1e-10" : "DIFFERENT")})"));
    }
}
