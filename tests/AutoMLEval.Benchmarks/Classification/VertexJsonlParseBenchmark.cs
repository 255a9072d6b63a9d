using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// Streaming parse throughput of Vertex AI batch-prediction JSONL (target ≥ 200 MB/s): writes a seeded file
/// of N items × L labels in Vertex's form (<see cref="VertexFiles"/>) to a temporary folder, then reads it three times.
/// </summary>
internal sealed class VertexJsonlParseBenchmark : IBenchmark
{
    public string Name => "parse-jsonl";

    public string Description => "PredictionReader MB/s on Vertex batch-prediction JSONL [N=200000] [L=100]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var path = VertexFiles.Ensure(items, labels).Predictions;
        var megabytes = new FileInfo(path).Length / (1024.0 * 1024.0);
        Console.WriteLine($"{path}: {megabytes:F0} MiB");
        for (int run = 1; run <= 3; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var set = PredictionReader.Read(path, new IssueLog());
            var seconds = watch.Elapsed.TotalSeconds;
            // The machine is shared: CPU time says what the reader costs whatever else runs beside it.
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"run {run}: {seconds:F2} s wall ({megabytes / seconds:F0} MiB/s), {cpuSeconds:F2} s CPU ({megabytes / cpuSeconds:F0} MiB per CPU-second); {set.ItemIds.Count:N0} items, {set.Labels.Count} labels");
        }
    }
}
