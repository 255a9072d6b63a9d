using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>
/// The predicted side of an error list follows the list's decision: by threshold, the labels scored at or above it
/// (none, when no score reaches it); by top label, the item's highest-scored label. Hand-made items over cat, dog, bird.
/// </summary>
public sealed class ClassificationErrorAnalysisTests
{
    private static readonly string[] Labels = { "cat", "dog", "bird" };

    [Fact]
    public void By_threshold_the_predicted_labels_are_those_at_or_above_it()
    {
        // a: cat missed, dog 0.6 and bird 0.7 predicted instead; b: cat missed, nothing reaches 0.5; c: cat and dog true,
        // cat found (0.9), dog missed at 0.4 with cat the one label predicted.
        var data = new ClassificationData(Labels, new[] { "a", "b", "c" },
            new[] { 0.2, 0.6, 0.7, /* b */ 0.1, 0.1, 0.3, /* c */ 0.9, 0.4, 0.1 },
            new[] { true, false, false, /* b */ true, false, false, /* c */ true, true, false },
            isMultiLabel: true);

        var missedCats = ErrorAnalysis.Find(data, PredictionOutcome.FalseNegative, label: 0, threshold: 0.5);

        // Lowest cat score first: b (0.1), then a (0.2).
        Assert.Equal(new[] { "b", "a" }, missedCats.Select(i => i.ItemId));
        Assert.Empty(missedCats[0].PredictedLabels);
        Assert.Null(missedCats[0].PredictedScore);
        Assert.Equal(new[] { "dog", "bird" }, missedCats[1].PredictedLabels);
        Assert.Equal(0.7, missedCats[1].PredictedScore);

        var missedDog = Assert.Single(ErrorAnalysis.Find(data, PredictionOutcome.FalseNegative, label: 1, threshold: 0.5));
        Assert.Equal(("c", 0.4), (missedDog.ItemId, missedDog.Score));
        Assert.Equal(new[] { "cat" }, missedDog.PredictedLabels);
        Assert.Equal(0.9, missedDog.PredictedScore);
        Assert.Equal(new[] { "cat", "dog" }, missedDog.TrueLabels);
    }

    [Fact]
    public void By_top_label_the_predicted_label_is_the_highest_scored_whatever_its_score()
    {
        // a: cat, top label dog at 0.45 (below 0.5, predicted all the same); b: cat, top label cat.
        var data = new ClassificationData(Labels, new[] { "a", "b" },
            new[] { 0.35, 0.45, 0.2, /* b */ 0.5, 0.3, 0.2 },
            new[] { true, false, false, /* b */ true, false, false },
            isMultiLabel: false);

        var missed = Assert.Single(ErrorAnalysis.Find(data, PredictionOutcome.FalseNegative, label: 0));
        Assert.Equal("a", missed.ItemId);
        Assert.Equal(new[] { "dog" }, missed.PredictedLabels);
        Assert.Equal(0.45, missed.PredictedScore);

        // The same item by threshold 0.5: nothing reaches it.
        var atThreshold = Assert.Single(ErrorAnalysis.Find(data, PredictionOutcome.FalseNegative, label: 0, threshold: 0.5));
        Assert.Empty(atThreshold.PredictedLabels);
        Assert.Null(atThreshold.PredictedScore);
    }
}
