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
/// <param name="PredictedLabels">
/// What the decision predicted for the item: by top label, its highest-scored label; by threshold, every label it scores at or
/// above the threshold, in label order (none when no score reaches it).
/// </param>
/// <param name="PredictedScore">
/// The item's highest score: that of its top label, the highest of <paramref name="PredictedLabels"/> by threshold; null
/// when nothing was predicted.
/// </param>
public sealed record ClassifiedItem(int Row, string ItemId, string Label, PredictionOutcome Outcome, double Score, IReadOnlyList<string> TrueLabels, IReadOnlyList<string> PredictedLabels, double? PredictedScore);

/// <summary>The items behind the counts: which images are true positives, false positives and false negatives of each label.</summary>
public static class ErrorAnalysis
{
    /// <summary>
    /// Lists the items of <paramref name="outcome"/> for one label (or every label when <paramref name="label"/> is null).
    /// The decision: with <paramref name="threshold"/> null and single-label data, a label is predicted when it is the
    /// item's highest-scored label (argmax); otherwise when its score ≥ the threshold. Each item's predicted labels
    /// follow the same decision.
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
        var topLabelLists = byArgMax ? new string[data.LabelCount][] : null;
        for (int i = 0; i < data.ItemCount; i++)
        {
            var scores = data.ScoresOf(i);
            int argMax = 0;
            for (int j = 1; j < scores.Length; j++)
            {
                if (scores[j] > scores[argMax]) argMax = j;
            }
            // Made once an item is found, and shared by its labels.
            IReadOnlyList<string>? trueLabels = null;
            IReadOnlyList<string>? predictedLabels = null;
            foreach (var j in labels)
            {
                bool predicted = byArgMax ? argMax == j : scores[j] >= cut;
                bool isTrue = data.IsTrue(i, j);
                var itemOutcome = predicted ? (isTrue ? PredictionOutcome.TruePositive : PredictionOutcome.FalsePositive) : (isTrue ? PredictionOutcome.FalseNegative : (PredictionOutcome?)null);
                if (itemOutcome != outcome) continue;
                trueLabels ??= TrueLabelsOf(data, i);
                predictedLabels ??= topLabelLists is null ? new LabelsAtOrAbove(data, i, cut) : (topLabelLists[argMax] ??= new[] { data.Labels[argMax] });
                double? predictedScore = byArgMax || scores[argMax] >= cut ? scores[argMax] : null;
                found.Add(new ClassifiedItem(i, data.ItemIds[i], data.Labels[j], outcome, scores[j], trueLabels, predictedLabels, predictedScore));
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

    /// <summary>
    /// The labels an item scores at or above a threshold, in label order, listed when first read: the report asks for
    /// every true positive at threshold 0, where lists made up front would hold every label of every item.
    /// </summary>
    private sealed class LabelsAtOrAbove : IReadOnlyList<string>
    {
        private readonly ClassificationData _data;
        private readonly int _item;
        private readonly double _threshold;
        private string[]? _labels;

        public LabelsAtOrAbove(ClassificationData data, int item, double threshold)
        {
            _data = data;
            _item = item;
            _threshold = threshold;
        }

        public int Count => Listed.Length;

        public string this[int index] => Listed[index];

        public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Listed).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private string[] Listed => _labels ??= List();

        private string[] List()
        {
            var scores = _data.ScoresOf(_item);
            var labels = new List<string>();
            for (int j = 0; j < scores.Length; j++)
            {
                if (scores[j] >= _threshold) labels.Add(_data.Labels[j]);
            }
            return labels.ToArray();
        }
    }
}
