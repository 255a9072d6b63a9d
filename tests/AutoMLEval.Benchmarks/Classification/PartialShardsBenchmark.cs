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

    public string Description => "one process vs K shards evaluated in parallel and merged [N=1000000] [L=10] [K=16] [one|shards|both|none] [keep: leave the files] [dir=DIR: files in DIR, written unless there, kept]";

    public void Run(IReadOnlyList<string> args)
    {
        int items = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int labels = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int shards = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        // "one" or "shards" runs one side only, so that the process's peak working set is that side's; "none" only writes.
        bool one = !args.Contains("shards") && !args.Contains("none"), sharded = !args.Contains("one") && !args.Contains("none");
        // "keep" leaves the files, for the pwsh fan-out printed at the end; "dir=DIR" reuses files written there before
        // (100M items take minutes to write and 37 GB).
        var given = args.FirstOrDefault(a => a.StartsWith("dir=", StringComparison.Ordinal))?.Substring(4);
        bool keep = given is not null || args.Contains("keep");
        var folder = given ?? Path.Combine(Path.GetTempPath(), "automleval-partial-" + Guid.NewGuid().ToString("N"));
        var shardFolder = Path.Combine(folder, "shards");
        var groundTruth = Path.Combine(folder, "ground_truth.csv");
        try
        {
            var watch = Stopwatch.StartNew();
            bool write = !File.Exists(groundTruth);
            if (write)
            {
                Directory.CreateDirectory(shardFolder);
                Write(items, labels, seed: 42, groundTruth, shardFolder, shards);
            }
            var bytes = Directory.GetFiles(shardFolder).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"{(write ? "wrote" : "found")} {items:N0} x {labels} as {shards} shards ({bytes / (1024.0 * 1024.0):N0} MiB) in {watch.Elapsed.TotalSeconds:F1} s");
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

    /// <summary>
    /// Writes the ground truth (path,label CSV) and the predictions as Vertex JSONL shards, round-robin, streaming: the
    /// data of <see cref="ClassificationBenchmark.Generate"/>, made and formatted a window of chunks at a time on every
    /// core, so that 100M items need no more memory than 1M.
    /// </summary>
    private static void Write(int items, int labels, int seed, string groundTruth, string shardFolder, int shards)
    {
        var outputs = Enumerable.Range(0, shards)
            .Select(k => new FileStream(Path.Combine(shardFolder, $"predictions.results-{k:00000}-of-{shards:00000}.jsonl"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            .ToArray();
        using (var truth = new FileStream(groundTruth, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            truth.Write(Encoding.UTF8.GetBytes("path,label\n"));
            var names = ClassificationBenchmark.LabelNames(labels);
            var displayNames = string.Join(",", names.Select(l => $"\"{l}\""));
            int chunks = ClassificationBenchmark.ChunksOf(items), window = 2 * Environment.ProcessorCount;
            for (int from = 0; from < chunks; from += window)
            {
                // Per chunk of the window: the ground-truth rows, then each shard's lines, in item order.
                var formatted = new byte[Math.Min(window, chunks - from)][][];
                Parallel.For(0, formatted.Length, w =>
                {
                    int chunk = from + w, first = chunk * ClassificationBenchmark.ChunkItems, count = Math.Min(items - first, ClassificationBenchmark.ChunkItems);
                    var scores = new double[count * labels];
                    var trueLabels = new int[count];
                    ClassificationBenchmark.FillChunk(chunk, count, labels, seed, scores, trueLabels);
                    var text = Enumerable.Range(0, shards + 1).Select(_ => new StringBuilder()).ToArray();
                    for (int i = 0; i < count; i++)
                    {
                        var id = ClassificationBenchmark.ItemId(first + i);
                        text[0].Append(id).Append(',').Append(names[trueLabels[i]]).Append('\n');
                        var line = text[1 + ((first + i) % shards)];
                        line.Append("{\"instance\":{\"content\":\"").Append(id).Append("\"},\"prediction\":{\"displayNames\":[").Append(displayNames).Append("],\"confidences\":[");
                        for (int j = 0; j < labels; j++)
                        {
                            if (j > 0) line.Append(',');
                            line.Append(scores[(i * labels) + j].ToString("R", CultureInfo.InvariantCulture));
                        }
                        line.Append("]}}\n");
                    }
                    formatted[w] = text.Select(t => Encoding.UTF8.GetBytes(t.ToString())).ToArray();
                });
                foreach (var chunkText in formatted)
                {
                    truth.Write(chunkText[0]);
                    for (int k = 0; k < shards; k++) outputs[k].Write(chunkText[1 + k]);
                }
            }
        }
        foreach (var output in outputs) output.Dispose();
    }
}
