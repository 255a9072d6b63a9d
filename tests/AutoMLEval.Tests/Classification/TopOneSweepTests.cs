using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>A label's sweep counting only each item's top label (Vertex AI's per-label At1 figures).</summary>
public sealed class TopOneSweepTests
{
    // Items (scores of a, b, c; true label): 1 (0.6, 0.3, 0.1; a), 2 (0.5, 0.4, 0.1; b), 3 (0.2, 0.7, 0.1; a),
    // 4 (0.4, 0.4, 0.2; a): item 4's top label is a, the first of two equal maxima.
    private static ClassificationData Data() => new(
        new[] { "a", "b", "c" },
        new[] { "1", "2", "3", "4" },
        new[] { 0.6, 0.3, 0.1, 0.5, 0.4, 0.1, 0.2, 0.7, 0.1, 0.4, 0.4, 0.2 },
        new[] { true, false, false, false, true, false, true, false, false, true, false, false },
        isMultiLabel: false);

    [Fact]
    public void A_label_is_predicted_only_where_it_is_the_top_label()
    {
        // Label a: 3 positives (1, 3, 4), 1 negative (2). Top label a: items 1 (0.6, true), 2 (0.5, false), 4 (0.4, true).
        // At 0.45: items 1 and 2: TP 1, FP 1, FN 3 - 1 = 2, TN 1 - 1 = 0. At 0.4: items 1, 2, 4. At 0.7: none.
        var rows = ClassificationEvaluator.SweepAtTop1(Data(), ClassificationEvaluator.TopLabels(Data()), new[] { 0.45, 0.4, 0.7 }, label: 0);
        Assert.Equal(new ThresholdCounts(0.45, 1, 1, 2, 0), rows[0]);
        Assert.Equal(new ThresholdCounts(0.4, 2, 1, 1, 0), rows[1]);
        Assert.Equal(new ThresholdCounts(0.7, 0, 0, 3, 1), rows[2]);
        // Label b: its only positive is item 2, whose top label is a; item 3 has b on top and a true: a false positive.
        Assert.Equal(new ThresholdCounts(0.5, 0, 1, 1, 2), ClassificationEvaluator.SweepAtTop1(Data(), ClassificationEvaluator.TopLabels(Data()), new[] { 0.5 }, label: 1)[0]);
        // Label c is nobody's top label.
        Assert.Equal(new ThresholdCounts(0.0, 0, 0, 0, 4), ClassificationEvaluator.SweepAtTop1(Data(), ClassificationEvaluator.TopLabels(Data()), new[] { 0.0 }, label: 2)[0]);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void The_labels_top_one_counts_add_up_to_the_micro_top_one_row(int seed, bool multiLabel)
    {
        // Scores on a coarse grid, so that ties (and first-maximum top labels) are common.
        var random = new Random(seed);
        int items = 300, labels = 5;
        var scores = Enumerable.Range(0, items * labels).Select(_ => random.Next(11) / 10.0).ToArray();
        var truth = new bool[scores.Length];
        for (int i = 0; i < items; i++)
        {
            if (multiLabel) for (int j = 0; j < labels; j++) truth[(i * labels) + j] = random.NextDouble() < 0.3;
            else truth[(i * labels) + random.Next(labels)] = true;
        }
        var data = new ClassificationData(Enumerable.Range(0, labels).Select(j => "l" + j).ToArray(), Enumerable.Range(0, items).Select(i => "i" + i).ToArray(), scores, truth, multiLabel);
        var evaluation = ClassificationEvaluator.Evaluate(data, new ClassificationOptions());
        var grid = evaluation.Options.ThresholdGrid;
        var top = ClassificationEvaluator.TopLabels(data);
        var perLabel = Enumerable.Range(0, labels).Select(j => ClassificationEvaluator.SweepAtTop1(data, top, grid, j)).ToArray();
        for (int t = 0; t < grid.Count; t++)
        {
            var micro = evaluation.ConfidenceMetrics[t].AtTop1;
            Assert.Equal(micro.TruePositives, perLabel.Sum(rows => rows[t].TruePositives));
            Assert.Equal(micro.FalsePositives, perLabel.Sum(rows => rows[t].FalsePositives));
            Assert.Equal(micro.FalseNegatives, perLabel.Sum(rows => rows[t].FalseNegatives));
        }
    }
}
