namespace AutoMLEval.Engine.Classification;

/// <summary>How one item's prediction for one label turned out.</summary>
public enum PredictionOutcome
{
    /// <summary>The label was predicted and is true.</summary>
    TruePositive,

    /// <summary>The label was predicted but is not true.</summary>
    FalsePositive,

    /// <summary>The label is true but was not predicted.</summary>
    FalseNegative,
}

/// <summary>One item in a TP/FP/FN gallery of one label.</summary>
/// <param name="Row">The item's row in the evaluated data.</param>
/// <param name="ItemId">The item's path.</param>
/// <param name="Label">The label of the gallery.</param>
/// <param name="Outcome">True positive, false positive or false negative for <paramref name="Label"/>.</param>
/// <param name="Score">The item's score for <paramref name="Label"/>.</param>
/// <param name="TrueLabels">The item's true labels.</param>
/// <param name="PredictedLabel">The item's highest-scored label.</param>
/// <param name="PredictedScore">The score of <paramref name="PredictedLabel"/>.</param>
public sealed record ClassifiedItem(int Row, string ItemId, string Label, PredictionOutcome Outcome, double Score, IReadOnlyList<string> TrueLabels, string PredictedLabel, double PredictedScore);

/// <summary>The items behind the counts: which images are true positives, false positives and false negatives of each label.</summary>
public static class ErrorAnalysis
{
    /// <summary>
    /// Lists the items of <paramref name="outcome"/> for one label (or every label when <paramref name="label"/> is null).
    /// The decision: with <paramref name="threshold"/> null and single-label data, a label is predicted when it is the
    /// item's highest-scored label (argmax); otherwise when its score ≥ the threshold.
    /// Order: most confidently wrong first: false positives by descending score for the label; false negatives
    /// by descending score of the label predicted instead (argmax) or ascending score for the label (threshold);
    /// true positives by descending score. Ties keep item order.
    /// </summary>
    public static IReadOnlyList<ClassifiedItem> Find(ClassificationData data, PredictionOutcome outcome, int? label = null, double? threshold = null)
    {
        if (threshold is double t && !(t >= 0 && t <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), t, "The threshold must be in [0, 1].");
        bool byArgMax = threshold is null && !data.IsMultiLabel;
        var cut = threshold ?? 0.5;
        var labels = label is int only ? new[] { only } : Enumerable.Range(0, data.LabelCount).ToArray();
        var found = new List<ClassifiedItem>();
        for (int i = 0; i < data.ItemCount; i++)
        {
            var scores = data.ScoresOf(i);
            int argMax = 0;
            for (int j = 1; j < scores.Length; j++)
            {
                if (scores[j] > scores[argMax]) argMax = j;
            }
            foreach (var j in labels)
            {
                bool predicted = byArgMax ? argMax == j : scores[j] >= cut;
                bool isTrue = data.IsTrue(i, j);
                var itemOutcome = predicted ? (isTrue ? PredictionOutcome.TruePositive : PredictionOutcome.FalsePositive) : (isTrue ? PredictionOutcome.FalseNegative : (PredictionOutcome?)null);
                if (itemOutcome != outcome) continue;
                found.Add(new ClassifiedItem(i, data.ItemIds[i], data.Labels[j], outcome, scores[j], TrueLabelsOf(data, i), data.Labels[argMax], scores[argMax]));
            }
        }
        IEnumerable<ClassifiedItem> ordered = outcome switch
        {
            PredictionOutcome.FalseNegative when byArgMax => found.OrderByDescending(e => e.PredictedScore),
            PredictionOutcome.FalseNegative => found.OrderBy(e => e.Score),
            _ => found.OrderByDescending(e => e.Score),
        };
        return ordered.ToArray();
    }

    private static string[] TrueLabelsOf(ClassificationData data, int item)
    {
        var truth = data.TruthOf(item);
        var labels = new List<string>();
        for (int j = 0; j < truth.Length; j++)
        {
            if (truth[j]) labels.Add(data.Labels[j]);
        }
        return labels.ToArray();
    }
}
