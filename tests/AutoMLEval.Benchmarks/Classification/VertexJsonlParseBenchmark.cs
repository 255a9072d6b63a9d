using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// Streaming parse throughput of Vertex AI batch-prediction JSONL (target ≥ 200 MB/s): writes a seeded file
/// of N items × L labels in Vertex's form (classes sorted by confidence, float32 confidences printed as
/// float64) to a temporary folder, then reads it three times.
/// </summary>
internal sealed class VertexJsonlParseBenchmark : IBenchmark
{
    public string Name => "parse-jsonl";

    public string Description => "PredictionReader MB/s on Vertex batch-prediction JSONL [N=200000] [L=100]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var path = Path.Combine(Path.GetTempPath(), $"automleval-parse-{items}x{labels}.jsonl");
        if (!File.Exists(path)) Write(path, items, labels);
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

    private static void Write(string path, int items, int labels)
    {
        var random = new Random(7);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var scores = new double[labels];
        var order = new int[labels];
        var line = new StringBuilder();
        for (int i = 0; i < items; i++)
        {
            double sum = 0;
            for (int j = 0; j < labels; j++)
            {
                scores[j] = Math.Exp(random.NextDouble() * 6);
                sum += scores[j];
                order[j] = j;
            }
            for (int j = 0; j < labels; j++) scores[j] = (float)(scores[j] / sum);
            Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));
            line.Clear();
            line.Append("{\"instance\": {\"content\": \"gs://bucket/images/").Append(i.ToString(CultureInfo.InvariantCulture)).Append(".jpg\", \"mimeType\": \"image/jpeg\"}, \"prediction\": {\"ids\": [");
            line.Append(string.Join(", ", order.Select(j => j.ToString(CultureInfo.InvariantCulture))));
            line.Append("], \"displayNames\": [").Append(string.Join(", ", order.Select(j => "\"label_" + j.ToString(CultureInfo.InvariantCulture) + "\"")));
            line.Append("], \"confidences\": [").Append(string.Join(", ", order.Select(j => scores[j].ToString("R", CultureInfo.InvariantCulture)))).Append("]}}");
            writer.WriteLine(line.ToString());
        }
    }
}
