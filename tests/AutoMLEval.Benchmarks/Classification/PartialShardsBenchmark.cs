using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// Sharded evaluation against one process (issue 17): writes N items × L labels as K Vertex batch-prediction shards
/// and a ground-truth CSV, then times reading and evaluating the folder in one process, and evaluating the shards
/// into partial evaluations in parallel (as ForEach-Object -Parallel runspaces would) and merging them. Prints both
/// times, the parts' total size and the pwsh command for the same fan-out with ForEach-Object -Parallel.
/// Target (issue 17): 100M predictions × 10 labels in 16 shards; start smaller, the files take ~25 bytes per score.
/// </summary>
internal sealed class PartialShardsBenchmark : IBenchmark
{
    public string Name => "partial-shards";

    public string Description => "one process vs K shards evaluated in parallel and merged [N=1000000] [L=10] [K=16] [one|shards|both] [keep: leave the files]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int shards = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        // "one" or "shards" runs one side only, so that the process's peak working set is that side's.
        bool one = !args.Contains("shards"), sharded = !args.Contains("one");
        // "keep" leaves the files, for the pwsh fan-out printed at the end.
        bool keep = args.Contains("keep");
        var folder = Path.Combine(Path.GetTempPath(), "automleval-partial-" + Guid.NewGuid().ToString("N"));
        var shardFolder = Path.Combine(folder, "shards");
        Directory.CreateDirectory(shardFolder);
        try
        {
            var watch = Stopwatch.StartNew();
            var groundTruth = Write(ClassificationBenchmark.Generate(items, labels, seed: 42), folder, shardFolder, shards);
            GC.Collect();
            var bytes = Directory.GetFiles(shardFolder).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"wrote {items:N0} x {labels} as {shards} shards ({bytes / (1024.0 * 1024.0):N0} MiB) in {watch.Elapsed.TotalSeconds:F1} s");
            if (one)
            {
                watch.Restart();
                var whole = ClassificationRun.Start(groundTruth, shardFolder, new ClassificationInputOptions(), new ClassificationOptions(), new IssueLog());
                Console.WriteLine($"one process: {watch.Elapsed.TotalSeconds:F2} s (auPrc {whole.Evaluation.MicroAuPrc:F6})");
            }
            if (sharded) EvaluateShards(groundTruth, shardFolder);
            Console.WriteLine($"with pwsh ({(keep ? "the files are kept" : "run with 'keep' to keep the files")}): Get-ChildItem {shardFolder} | ForEach-Object -Parallel {{ Get-ModelEvaluation -GroundTruthPath {groundTruth} -PredictionPath $_.FullName -AsPartial }} -ThrottleLimit {Environment.ProcessorCount} | Merge-ModelEvaluation");
        }
        finally
        {
            if (!keep) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Evaluates each shard into a part, as many at once as there are cores (as ForEach-Object -Parallel runspaces in one process would), and merges the parts.</summary>
    private static void EvaluateShards(string groundTruth, string shardFolder)
    {
        var watch = Stopwatch.StartNew();
        var files = Directory.GetFiles(shardFolder).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var parts = new byte[files.Length][];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var inputs = ClassificationInputs.Load(groundTruth, files[k], new ClassificationInputOptions { IsShard = true }, new IssueLog());
            parts[k] = PartialClassification.Of(inputs, files[k], new ClassificationOptions()).ToBytes();
        });
        var evaluated = watch.Elapsed.TotalSeconds;
        var merged = PartialClassification.Merge(parts.Select((part, k) => PartialClassification.ReadFrom(new MemoryStream(part), files[k])));
        var (evaluation, _) = merged.Evaluate(new IssueLog());
        Console.WriteLine($"{files.Length} shards, {Environment.ProcessorCount} at a time: {evaluated:F2} s, merged and evaluated in {watch.Elapsed.TotalSeconds - evaluated:F2} s (auPrc {evaluation.MicroAuPrc:F6}); parts {parts.Sum(p => (long)p.Length) / (1024.0 * 1024.0):F1} MiB");
    }

    /// <summary>Writes the ground truth (path,label CSV) and the predictions as Vertex JSONL shards, round-robin; returns the ground truth's path.</summary>
    private static string Write(ClassificationData data, string folder, string shardFolder, int shards)
    {
        var writers = Enumerable.Range(0, shards)
            .Select(k => new StreamWriter(Path.Combine(shardFolder, $"predictions.results-{k:00000}-of-{shards:00000}.jsonl"), false, new UTF8Encoding(false)))
            .ToArray();
        var groundTruth = Path.Combine(folder, "ground_truth.csv");
        using (var truth = new StreamWriter(groundTruth, false, new UTF8Encoding(false)))
        {
            truth.WriteLine("path,label");
            var names = string.Join(",", data.Labels.Select(l => $"\"{l}\""));
            for (int i = 0; i < data.ItemCount; i++)
            {
                truth.WriteLine($"{data.ItemIds[i]},{data.Labels[data.TruthOf(i).IndexOf(true)]}");
                var scores = string.Join(",", data.ScoresOf(i).ToArray().Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
                writers[i % shards].WriteLine($"{{\"instance\":{{\"content\":\"{data.ItemIds[i]}\"}},\"prediction\":{{\"displayNames\":[{names}],\"confidences\":[{scores}]}}}}");
            }
        }
        foreach (var writer in writers) writer.Dispose();
        return groundTruth;
    }
}
