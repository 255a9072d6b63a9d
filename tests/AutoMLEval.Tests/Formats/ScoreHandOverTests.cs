using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// The join hands the predictions' score buffer over to the evaluation, rearranged in place: whatever rows it keeps, in
/// whatever order, with columns ordered by the model's ids and labels only the ground truth has, every score lands where
/// reading <see cref="PredictionSet.Score"/> before the join says.
/// </summary>
public sealed class ScoreHandOverTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // The reader's buffer holds 1024 scores until it needs more: 256 items × 4 labels fill it exactly, so these cases
    // take each path of PredictionSet.HandOverScores.
    [Theory]
    // Every item kept, in a shuffled order: rows permuted in place.
    [InlineData(256, 1.0, false, 1)]
    // 217 kept: permuted in place, the left-out rows overwritten.
    [InlineData(256, 0.85, false, 2)]
    // 192 kept and a ground-truth label the model never scores: rows widened in place (192 × 5 = 960 ≤ 1024).
    [InlineData(256, 0.75, true, 3)]
    // 243 kept, widened: the buffer is too short (1215 > 1024), copied.
    [InlineData(256, 0.95, true, 4)]
    // A fifth kept (the rest another split's): copied out, so that the left-out rows are not held.
    [InlineData(256, 0.2, false, 5)]
    [InlineData(2, 1.0, true, 6)]
    // Rows of the same width are reordered in parallel, 4096 at a time: three blocks, the last one short.
    [InlineData(10_000, 0.9, false, 7)]
    public void Every_kept_score_lands_in_its_item_and_label(int items, double keptShare, bool groundTruthOnlyLabel, int seed)
    {
        var random = new Random(seed);
        // Ids out of name order, so that the label columns are reordered by id; one record lists its labels in another order.
        string[] names = { "cat", "dog", "bird", "fish" };
        long[] ids = { 30, 10, 40, 20 };
        var predictions = new StringBuilder();
        for (int i = 0; i < items; i++)
        {
            var order = i == 1 ? new[] { 3, 1, 0, 2 } : new[] { 0, 1, 2, 3 };
            predictions.Append("{\"instance\":{\"content\":\"").Append(Item(i)).Append("\"},\"prediction\":{\"ids\":[")
                .Append(string.Join(",", order.Select(j => ids[j].ToString(CultureInfo.InvariantCulture)))).Append("],\"displayNames\":[")
                .Append(string.Join(",", order.Select(j => "\"" + names[j] + "\""))).Append("],\"confidences\":[")
                .Append(string.Join(",", order.Select(_ => random.NextDouble().ToString("R", CultureInfo.InvariantCulture)))).Append("]}}\n");
        }
        var predictionPath = _folder.Write($"p{seed}.jsonl", predictions.ToString());
        var kept = Enumerable.Range(0, items).OrderBy(_ => random.Next()).Take(Math.Max(1, (int)(items * keptShare))).ToArray();
        var groundTruth = new StringBuilder();
        for (int i = 0; i < items; i++)
        {
            var split = kept.Contains(i) ? "TEST" : "TRAINING";
            groundTruth.Append(split).Append(',').Append(Item(i)).Append(',').Append(groundTruthOnlyLabel && i % 3 == 0 ? "zebra" : names[i % 4]).Append('\n');
        }
        // The ground truth lists the kept items in another order than the predictions.
        var lines = groundTruth.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(_ => random.Next()).ToArray();
        var groundTruthPath = _folder.Write($"gt{seed}.csv", string.Join("\n", lines) + "\n");

        var reference = PredictionReader.Read(predictionPath, new IssueLog());
        var rowOf = reference.ItemIds.Select((id, r) => (id, r)).ToDictionary(p => p.id, p => p.r, StringComparer.Ordinal);
        var loaded = ClassificationInputs.Join(GroundTruthReader.Read(groundTruthPath, new IssueLog()), PredictionReader.Read(predictionPath, new IssueLog()), new ClassificationInputOptions(), new IssueLog());

        var data = loaded.Data;
        Assert.Equal(kept.Length, data.ItemCount);
        Assert.Equal(reference.Labels.Concat(groundTruthOnlyLabel && kept.Any(i => i % 3 == 0) ? new[] { "zebra" } : Array.Empty<string>()), data.Labels);
        for (int i = 0; i < data.ItemCount; i++)
        {
            for (int j = 0; j < data.LabelCount; j++)
            {
                var expected = j < reference.Labels.Count ? reference.Score(rowOf[data.ItemIds[i]], j) : 0.0;
                Assert.Equal(expected, data.Score(i, j));
            }
        }
    }

    [Fact]
    public void A_set_handed_over_says_so_when_read_again()
    {
        var predictionPath = _folder.Write("p.jsonl", "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.25,0.75]}}\n");
        var predictions = PredictionReader.Read(predictionPath, new IssueLog());
        ClassificationInputs.Join(GroundTruthReader.Read(_folder.Write("gt.csv", "a.png,dog\n"), new IssueLog()), predictions, new ClassificationInputOptions(), new IssueLog());
        var e = Assert.Throws<InvalidOperationException>(() => predictions.Score(0, 0));
        Assert.Contains("handed over", e.Message, StringComparison.Ordinal);
    }

    private static string Item(int i) => "images/" + i.ToString(CultureInfo.InvariantCulture) + ".png";
}
