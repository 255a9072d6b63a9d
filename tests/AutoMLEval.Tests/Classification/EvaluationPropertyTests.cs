using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>Properties every evaluation must have, on seeded random data.</summary>
public sealed class EvaluationPropertyTests
{
    private static ClassificationData RandomData(int items, int labels, bool multiLabel, int seed)
    {
        var random = new Random(seed);
        var scores = new double[items * labels];
        var truth = new bool[items * labels];
        for (int i = 0; i < items; i++)
        {
            int trueLabel = random.Next(labels);
            double sum = 0;
            for (int j = 0; j < labels; j++)
            {
                bool isTrue = multiLabel ? random.NextDouble() < 0.3 : j == trueLabel;
                truth[(i * labels) + j] = isTrue;
                // Informative but noisy scores, rounded so that ties occur.
                scores[(i * labels) + j] = Math.Round((isTrue ? 0.4 : 0.0) + (random.NextDouble() * 0.6), 3);
                sum += scores[(i * labels) + j];
            }
            if (!multiLabel)
            {
                for (int j = 0; j < labels; j++) scores[(i * labels) + j] /= sum;
            }
        }
        var names = Enumerable.Range(0, labels).Select(j => $"label{j}").ToArray();
        var ids = Enumerable.Range(0, items).Select(i => $"item{i}").ToArray();
        return new ClassificationData(names, ids, scores, truth, multiLabel);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Metrics_do_not_depend_on_item_order(bool multiLabel)
    {
        var data = RandomData(500, 6, multiLabel, seed: 1);
        var shuffle = new Random(9);
        var permutation = Enumerable.Range(0, data.ItemCount).OrderBy(_ => shuffle.Next()).ToArray();
        var a = ClassificationEvaluator.Evaluate(data);
        var b = ClassificationEvaluator.Evaluate(data.SelectItems(permutation));
        Assert.Equal(a.MicroAuPrc, b.MicroAuPrc, 12);
        Assert.Equal(a.MicroAuRoc, b.MicroAuRoc, 12);
        Assert.Equal(a.MacroAuPrc, b.MacroAuPrc, 12);
        Assert.Equal(a.LogLoss, b.LogLoss, 12);
        Assert.Equal(a.LabelRankingAveragePrecision, b.LabelRankingAveragePrecision, 12);
        Assert.Equal(a.ConfidenceMetrics.Select(r => r.All), b.ConfidenceMetrics.Select(r => r.All));
        Assert.Equal(a.ConfidenceMetrics.Select(r => r.AtTop1), b.ConfidenceMetrics.Select(r => r.AtTop1));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(false, 3)]
    [InlineData(true, 4)]
    [InlineData(true, 5)]
    [InlineData(true, 6)]
    public void A_shuffled_input_gives_bitwise_equal_metrics(bool multiLabel, int seed)
    {
        // Sums of per-item terms (log loss, Brier, label-ranking AP) used to follow the input order and moved in the
        // last digits (7.561804353445317 against …323): the same file in another line order must diff clean.
        // 40,000 items span three of the evaluator's parallel chunks (16,384 rows each).
        var data = RandomData(40_000, 7, multiLabel, seed);
        var shuffle = new Random(seed + 100);
        var permutation = Enumerable.Range(0, data.ItemCount).OrderBy(_ => shuffle.Next()).ToArray();
        var a = ClassificationEvaluator.Evaluate(data);
        var b = ClassificationEvaluator.Evaluate(data.SelectItems(permutation));
        static long[] Bits(ClassificationEvaluation e) => HeadlineMetrics.All.Select(m => m.Value(e))
            .Concat(new[] { e.LabelRankingAveragePrecision, e.CoverageError, e.HammingLoss, e.SubsetAccuracy })
            .Concat(new[] { e.Calibration?.MaximumCalibrationError ?? 0, e.Calibration?.EqualMassExpectedCalibrationError ?? 0 })
            .Concat(e.TopKAccuracy)
            .Select(BitConverter.DoubleToInt64Bits).ToArray();
        Assert.Equal(Bits(a), Bits(b));
        Assert.False(double.IsNaN(a.LogLoss));
        Assert.Equal(multiLabel, a.Calibration is null);
    }

    [Fact]
    public void Row_statistics_of_two_halves_merge_to_those_of_the_whole()
    {
        var data = RandomData(301, 5, multiLabel: false, seed: 2);
        var topScore = new double[data.ItemCount];
        var topCorrect = new bool[data.ItemCount];
        var whole = new RowStatistics(data.LabelCount, 5);
        whole.AddRows(data, 0.5, 0, data.ItemCount, topScore, topCorrect);
        var first = new RowStatistics(data.LabelCount, 5);
        first.AddRows(data, 0.5, 0, 150, topScore, topCorrect);
        var second = new RowStatistics(data.LabelCount, 5);
        second.AddRows(data, 0.5, 150, data.ItemCount, topScore, topCorrect);
        first.Merge(second);
        Assert.Equal(whole.Items, first.Items);
        Assert.Equal(whole.TopKHits, first.TopKHits);
        Assert.Equal(whole.ThresholdTp, first.ThresholdTp);
        Assert.Equal(whole.ArgMaxFp, first.ArgMaxFp);
        Assert.Equal(whole.Confusion, first.Confusion);
        Assert.Equal(whole.LogLossSum, first.LogLossSum, 9);
        Assert.Equal(whole.CoverageSum, first.CoverageSum, 9);
    }

    [Fact]
    public void Confidence_rows_count_every_pair_exactly_once()
    {
        var data = RandomData(200, 4, multiLabel: true, seed: 3);
        var evaluation = ClassificationEvaluator.Evaluate(data);
        foreach (var row in evaluation.ConfidenceMetrics)
        {
            Assert.Equal(800, row.All.TruePositives + row.All.FalsePositives + row.All.FalseNegatives + row.All.TrueNegatives);
            Assert.Equal(800, row.AtTop1.TruePositives + row.AtTop1.FalsePositives + row.AtTop1.FalseNegatives + row.AtTop1.TrueNegatives);
        }
    }

    [Fact]
    public void A_perfect_classifier_scores_one_everywhere()
    {
        // Two items, two labels; each item's true label scores 0.9 and the other 0.1.
        var data = new ClassificationData(new[] { "a", "b" }, new[] { "x", "y" }, new[] { 0.9, 0.1, 0.1, 0.9 }, new[] { true, false, false, true }, isMultiLabel: false);
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(1.0, e.MicroAuPrc);
        Assert.Equal(1.0, e.MicroAuRoc);
        Assert.Equal(1.0, e.Accuracy);
        Assert.Equal(1.0, e.MacroF1);
        // Log loss: -ln(0.9 / (0.9 + 0.1)) for both items.
        Assert.Equal(-Math.Log(0.9), e.LogLoss, 15);
        Assert.Equal(new long[][] { new long[] { 1, 0 }, new long[] { 0, 1 } }, e.ConfusionMatrix!.ToRows());
    }

    [Fact]
    public void Macro_f1_is_named_by_its_rule_the_threshold_in_the_invariant_culture()
    {
        var single = ClassificationEvaluator.Evaluate(RandomData(20, 3, multiLabel: false, seed: 5), new ClassificationOptions { Threshold = 0.35 });
        Assert.Equal("Top-label macro F1", single.MacroF1Name);
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var multi = ClassificationEvaluator.Evaluate(RandomData(20, 3, multiLabel: true, seed: 5), new ClassificationOptions { Threshold = 0.35 });
            Assert.Equal("Macro F1 @ 0.35", multi.MacroF1Name);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Bootstrap_intervals_are_reproducible_and_contain_the_point_estimate()
    {
        var data = RandomData(300, 4, multiLabel: false, seed: 4);
        var options = new ClassificationOptions { BootstrapSamples = 60 };
        var a = ClassificationEvaluator.Evaluate(data, options);
        var b = ClassificationEvaluator.Evaluate(data, options);
        Assert.Equal(a.Intervals["auPrc"], b.Intervals["auPrc"]);
        var interval = a.Intervals["accuracy"];
        Assert.InRange(a.Accuracy, interval.Lower, interval.Upper);
        Assert.True(interval.Upper > interval.Lower);
    }
}
