using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// What <c>automl-eval evaluate</c> does with a Vertex AI batch-prediction file, stage by stage (read the ground truth,
/// read the predictions, join, evaluate), with the time and the memory after each: how the peak relates to the score
/// matrix (8 bytes per (item, label) pair). With L = 10000 it is the many-labels benchmark (issue 11); run by hand, never in CI.
/// </summary>
internal sealed class EvaluateFilesBenchmark : IBenchmark
{
    public string Name => "evaluate-files";

    public string Description => "read + join + evaluate Vertex JSONL of N items x L labels, memory per stage [N=200000] [L=100]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var (groundTruthPath, predictionPath) = VertexFiles.Ensure(items, labels);
        var matrixMiB = (long)items * labels * sizeof(double) / (1024.0 * 1024.0);
        Console.WriteLine($"{predictionPath}: {new FileInfo(predictionPath).Length / (1024.0 * 1024.0):F0} MiB; the score matrix is {matrixMiB:F0} MiB");
        var process = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        var cpu = process.TotalProcessorTime;
        void Stage(string name)
        {
            process.Refresh();
            var cpuNow = process.TotalProcessorTime;
            var peak = process.PeakWorkingSet64 / (1024.0 * 1024.0);
            Console.WriteLine($"{name,-22}{watch.Elapsed.TotalSeconds,7:F2} s wall {(cpuNow - cpu).TotalSeconds,7:F2} s CPU; "
                + $"working set {process.WorkingSet64 / (1024.0 * 1024.0),6:F0} MiB, peak so far {peak,6:F0} MiB ({peak / matrixMiB:F2} x the matrix), "
                + $"managed heap {GC.GetTotalMemory(false) / (1024.0 * 1024.0),6:F0} MiB");
            cpu = cpuNow;
            watch.Restart();
        }
        var sink = new IssueLog();
        var groundTruth = GroundTruthReader.Read(groundTruthPath, sink);
        Stage("read ground truth");
        var predictions = PredictionReader.Read(predictionPath, sink);
        Stage("read predictions");
        var inputs = ClassificationInputs.Join(groundTruth, predictions, new ClassificationInputOptions(), sink);
        Stage("join");
        var evaluation = ClassificationEvaluator.Evaluate(inputs.Data);
        Stage("evaluate");
        Console.WriteLine($"{evaluation.ItemCount:N0} items, {evaluation.Labels.Count} labels: auPrc {evaluation.MicroAuPrc:F6}, auRoc {evaluation.MicroAuRoc:F6}, logLoss {evaluation.LogLoss:F6}, accuracy {evaluation.Accuracy:F6}; {sink.Issues.Count} issues");
    }
}
