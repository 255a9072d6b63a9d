using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>The micro-averaged curve of merged parts is fed by a k-way merge of the labels' histograms; it must be the curve of their pooled histogram.</summary>
public sealed class ScoreHistogramTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 3)]
    [InlineData(10, 4)]
    [InlineData(37, 5)]
    public void The_k_way_pooled_curve_is_the_curve_of_the_merged_histograms(int histograms, int seed)
    {
        // Scores on a grid of 0.05 so that many are equal across histograms (one group when pooled); some histograms empty.
        var random = new Random(seed);
        var parts = Enumerable.Range(0, histograms).Select(_ =>
        {
            var scores = Enumerable.Range(0, 21).Where(_ => random.Next(3) > 0).Select(i => i * 0.05).ToArray();
            return new ScoreHistogram(scores, scores.Select(_ => (long)random.Next(4)).ToArray(), scores.Select(_ => (long)random.Next(4)).ToArray());
        }).ToArray();
        var thresholds = new[] { 0.0, 0.25, 0.5, 0.95 };

        var pooled = ScoreHistogram.PooledCurve(parts, thresholds);
        var merged = (BalancedMerge.Of(parts, ScoreHistogram.Merge) ?? ScoreHistogram.Empty).Curve(thresholds);

        Assert.Equal(merged.AveragePrecision, pooled.AveragePrecision);
        Assert.Equal(merged.RocAuc, pooled.RocAuc);
        Assert.Equal(merged.BestF1, pooled.BestF1);
    }
}
