using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// A shard that streams a large ground truth, keeping only its own items, writes the part a shard reading the whole
/// file writes, byte for byte, and reports the same issues in the same order: on the fixtures and on random files
/// with repeated, conflicting and bad rows, several splits, rows without a split, and multi-label items.
/// </summary>
public sealed class ShardGroundTruthTests
{
    [Theory]
    [InlineData("digits/dataset.csv", "digits/predictions.test.jsonl", 3, 1)]
    [InlineData("multilabel/ground_truth.jsonl", "multilabel/predictions.jsonl", 4, 2)]
    public void A_streamed_shard_of_a_fixture_writes_the_part_of_a_whole_read(string groundTruth, string predictions, int parts, int seed)
    {
        using var folder = new TempFolder();
        var shards = Deal(folder, File.ReadAllLines(Fixture.Path(predictions.Split('/'))), parts, seed, ".jsonl", header: null);
        var gt = Fixture.Path(groundTruth.Split('/'));

        foreach (var shard in shards) AssertSameShard(gt, shard, new ClassificationInputOptions());
    }

    public static TheoryData<string, bool, bool?, int> RandomFiles => new()
    {
        // format, with repeated rows, forced multi-label (null: detected), seed
        { "vertex.csv", true, null, 1 },
        { "vertex.csv", false, null, 2 },
        { "vertex.csv", true, true, 3 },
        { "vertex.csv", true, false, 4 },
        { "header.csv", true, null, 5 },
        { "jsonl", true, null, 6 },
        { "jsonl", false, false, 7 },
        { "jsonl", true, true, 8 },
    };

    [Theory]
    [MemberData(nameof(RandomFiles))]
    public void A_streamed_shard_of_random_data_writes_the_part_and_issues_of_a_whole_read(string format, bool repeats, bool? multiLabel, int seed)
    {
        using var folder = new TempFolder();
        var (gt, ids) = WriteGroundTruth(folder, format, 400, repeats, seed);
        var random = new Random(seed);
        // Shards predict items of every split and some unknown ones; whatever is left is never predicted.
        var predicted = ids.OrderBy(_ => random.Next()).Take(ids.Count * 2 / 3).Concat(new[] { "gs://b/unknown-1.jpg", "gs://b/unknown-2.jpg" }).ToArray();
        var shards = Deal(folder, PredictionLines(predicted, random), 3, seed, ".csv", header: PredictionHeader);

        foreach (var mlUse in new[] { "test", "training" })
        {
            foreach (var shard in shards) AssertSameShard(gt, shard, new ClassificationInputOptions { MlUse = mlUse, MultiLabel = multiLabel });
        }
    }

    [Theory]
    [InlineData(false, 31)]
    [InlineData(true, 32)]
    public void Streamed_parts_merge_to_the_evaluation_of_the_whole(bool multiLabel, int seed)
    {
        using var folder = new TempFolder();
        var (gt, ids) = WriteGroundTruth(folder, "vertex.csv", 500, repeats: true, seed);
        var random = new Random(seed);
        var lines = PredictionLines(ids.ToArray(), random);
        var whole = folder.Write("all.csv", PredictionHeader + "\n" + string.Join("\n", lines) + "\n");
        var shards = Deal(folder, lines, 4, seed, ".csv", header: PredictionHeader);
        var options = new ClassificationInputOptions { MultiLabel = multiLabel };

        var parts = shards.Select(s => PartialClassification.Of(ClassificationInputs.Load(gt, s, options with { IsShard = true, ShardStreamsGroundTruthAbove = 0 }, new IssueLog()), s, new ClassificationOptions())).ToArray();
        var (merged, summary) = PartialClassification.Merge(parts).Evaluate(new IssueLog());
        var inputs = ClassificationInputs.Load(gt, whole, options, new IssueLog());

        JsonAssert.Close(Json(ClassificationEvaluator.Evaluate(inputs.Data), inputs.Summary), Json(merged, summary), 1e-12);
    }

    [Fact]
    public void A_streamed_read_keeps_the_shard_s_items_and_counts_the_rest()
    {
        // Ten items in two splits; the shard predicts two test items. b.png repeats (merged), so the file is read
        // twice and b.png is kept on the second read; the split still has its 6 items and labels in order of appearance.
        using var folder = new TempFolder();
        var gt = folder.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\ntraining,c.png,cat\ntest,d.png,bird\ntest,b.png,fish\n" +
            "training,e.png,dog\ntest,f.png,cat\ntest,g.png,cat\ntraining,h.png,cat\ntest,i.png,cow\ntraining,j.png,cat\n");
        var log = new IssueLog();

        var set = GroundTruthReader.ReadForShard(gt, "test", new[] { "f.png", "i.png" }, log, null, CancellationToken.None);

        Assert.True(set.IsFiltered);
        Assert.Equal(new[] { "b.png", "f.png", "i.png" }, set.Items.Select(i => i.ItemId));
        var split = set.Split("test");
        Assert.Equal(6, split.ItemCount);
        Assert.Equal(new[] { "cat", "dog", "fish", "bird", "cow" }, split.Labels);
        Assert.Equal(new Dictionary<string, int> { ["test"] = 6, ["training"] = 4 }, set.SplitCounts);
        Assert.Equal(1, set.DuplicateRecords);
        Assert.Equal("DuplicateItem", Assert.Single(log.Issues).Code);
        var whole = GroundTruthReader.Read(gt, new IssueLog()).Split("test");
        Assert.Equal(whole.Fingerprint, split.Fingerprint);
        Assert.Equal(whole.Labels, split.Labels);
        Assert.Throws<InvalidOperationException>(() => set.Split("training"));
    }

    [Fact]
    public void The_fingerprint_is_the_split_s_items_in_order()
    {
        using var folder = new TempFolder();
        var gt = folder.Write("gt.csv", "test,a.png,cat\ntraining,x.png,dog\ntest,b.png,dog\n");
        var swapped = folder.Write("swapped.csv", "test,b.png,dog\ntraining,x.png,dog\ntest,a.png,cat\n");
        var otherTraining = folder.Write("other.csv", "test,a.png,cat\ntraining,y.png,cat\ntest,b.png,dog\n");
        ulong Fingerprint(string path, string mlUse) => GroundTruthReader.Read(path, new IssueLog()).Split(mlUse).Fingerprint;

        Assert.NotEqual(Fingerprint(gt, "test"), Fingerprint(swapped, "test"));
        Assert.NotEqual(Fingerprint(gt, "test"), Fingerprint(gt, "training"));
        // The rows of another split do not change the test split's fingerprint.
        Assert.Equal(Fingerprint(gt, "test"), Fingerprint(otherTraining, "test"));
    }

    private const string PredictionHeader = "path,label0,label1,label2,label3,label4,label5";

    private static void AssertSameShard(string groundTruth, string shard, ClassificationInputOptions options)
    {
        var (wholeIssues, streamedIssues) = (new IssueLog(), new IssueLog());
        // Every file is larger than 0 bytes (streamed), none larger than long.MaxValue (read whole).
        var (whole, wholeError) = TryPart(groundTruth, shard, options with { IsShard = true, ShardStreamsGroundTruthAbove = long.MaxValue }, wholeIssues);
        var (streamed, streamedError) = TryPart(groundTruth, shard, options with { IsShard = true, ShardStreamsGroundTruthAbove = 0 }, streamedIssues);

        Assert.Equal(wholeError, streamedError);
        Assert.Equal(wholeIssues.Issues, streamedIssues.Issues);
        Assert.Equal(whole, streamed);
    }

    /// <summary>The part's bytes and summary, or the error that stopped the join.</summary>
    private static (string? Part, string? Error) TryPart(string groundTruth, string shard, ClassificationInputOptions options, IssueLog log)
    {
        try
        {
            var inputs = ClassificationInputs.Load(groundTruth, shard, options, log);
            Assert.Equal(options.ShardStreamsGroundTruthAbove == 0, inputs.GroundTruth.IsFiltered);
            var part = PartialClassification.Of(inputs, shard, new ClassificationOptions());
            return (Convert.ToBase64String(part.ToBytes()) + "\n" + JsonSerializer.Serialize(inputs.Summary), null);
        }
        catch (InputFormatException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// A ground truth of <paramref name="items"/> items over three splits (and, in CSV, rows without one), one to three
    /// of six labels, with bad rows and, when <paramref name="repeats"/>, repeated rows (same split: merged; other split:
    /// conflicting). Returns the file and the distinct item paths.
    /// </summary>
    private static (string Path, IReadOnlyList<string> Ids) WriteGroundTruth(TempFolder folder, string format, int items, bool repeats, int seed)
    {
        var random = new Random(seed);
        var splits = new[] { "TEST", "TRAIN", "VALIDATION" };
        var rows = new List<(string Split, string Id, string[] Labels)>();
        var ids = new List<string>();
        var text = new StringBuilder(format == "header.csv" ? "ml_use,path,label\n" : string.Empty);
        // A misspelt split before the first row that names one: it waits until that row decides how to read it.
        if (format == "vertex.csv") text.Append("tst,gs://b/early.jpg,label0\n");
        for (int i = 0; i < items; i++)
        {
            string split = random.Next(10) == 0 && format != "jsonl" ? string.Empty : splits[random.Next(3)];
            var labels = Enumerable.Range(0, 6).OrderBy(_ => random.Next()).Take(random.Next(3) == 0 ? random.Next(2, 4) : 1).Select(j => $"label{j}").ToArray();
            var id = $"gs://b/img{i}.jpg";
            if (repeats && i > 10 && random.Next(8) == 0)
            {
                var earlier = rows[random.Next(rows.Count)];
                id = earlier.Id;
                split = random.Next(3) == 0 ? splits[random.Next(3)] : earlier.Split;
            }
            else
            {
                ids.Add(id);
            }
            rows.Add((split, id, labels));
            text.Append(Row(format, split, id, labels, random));
        }
        return (folder.Write("gt." + format.Split('.').Last(), text.ToString()), ids);
    }

    /// <summary>One row in <paramref name="format"/>; now and then a bad one (no path, a repeated label, a misspelt split, broken JSON).</summary>
    private static string Row(string format, string split, string id, string[] labels, Random random)
    {
        int damage = random.Next(40);
        if (damage == 0) id = string.Empty;
        if (damage == 1) labels = labels.Append(labels[0]).ToArray();
        if (damage == 2 && split.Length > 0) split = "tst";
        switch (format)
        {
            case "jsonl":
                if (damage == 3) return "{\"imageGcsUri\": \"" + id + "\",\n";
                var annotations = string.Join(",", labels.Select(l => $"{{\"displayName\":\"{l}\"}}"));
                var mlUse = split.Length == 0 ? string.Empty : $",\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"{split.ToLowerInvariant()}\"}}";
                return labels.Length == 1 && random.Next(2) == 0
                    ? $"{{\"imageGcsUri\":\"{id}\",\"classificationAnnotation\":{annotations}{mlUse}}}\n"
                    : $"{{\"imageGcsUri\":\"{id}\",\"classificationAnnotations\":[{annotations}]{mlUse}}}\n";
            case "header.csv":
                // One label a row: an item of several labels is several rows.
                return string.Concat(labels.Select(l => $"{split},{id},{l}\n"));
            default:
                return (split.Length > 0 ? split + "," : string.Empty) + id + "," + string.Join(",", labels) + "\n";
        }
    }

    /// <summary>Prediction CSV lines of six labels for <paramref name="ids"/>, scores with two decimals (ties).</summary>
    private static string[] PredictionLines(IReadOnlyList<string> ids, Random random) =>
        ids.Select(id => id + "," + string.Join(",", Enumerable.Range(0, 6).Select(_ => Math.Round(random.NextDouble(), 2).ToString(CultureInfo.InvariantCulture)))).ToArray();

    /// <summary>Deals the lines at random into <paramref name="parts"/> shard files (each with <paramref name="header"/> first).</summary>
    private static string[] Deal(TempFolder folder, string[] lines, int parts, int seed, string extension, string? header)
    {
        var random = new Random(seed);
        var shards = Enumerable.Range(0, parts).Select(_ => new StringBuilder(header is null ? string.Empty : header + "\n")).ToArray();
        for (int i = 0; i < lines.Length; i++) shards[i < parts ? i : random.Next(parts)].Append(lines[i]).Append('\n');
        return shards.Select((s, k) => folder.Write($"shard-{k:00}{extension}", s.ToString())).ToArray();
    }

    private static JsonElement Json(ClassificationEvaluation evaluation, InputSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) ClassificationJson.Write(writer, evaluation, summary, "test");
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
