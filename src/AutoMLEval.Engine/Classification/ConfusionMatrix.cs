namespace AutoMLEval.Engine.Classification;

/// <summary>
/// Single-label confusion matrix: rows are true labels, columns the predicted (highest-scored) label,
/// in label order. A matrix at a confidence threshold (<see cref="AtThresholds"/>) predicts nothing for an
/// item whose highest score is below the threshold and counts it in <see cref="NotPredicted"/>.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;
    private readonly long[] _notPredicted;

    internal ConfusionMatrix(IReadOnlyList<string> labels, long[,] counts, long[]? notPredicted = null)
    {
        Labels = labels;
        _counts = counts;
        _notPredicted = notPredicted ?? new long[labels.Count];
    }

    /// <summary>
    /// The matrices of the decision "predict the highest-scored label (first maximum on ties) when its score ≥ t,
    /// otherwise nothing", one per threshold t, for single-label data. At t = 0 it is the argmax matrix of
    /// <see cref="ClassificationEvaluation.ConfusionMatrix"/>. Cost: one pass over the scores, then O(items) per threshold.
    /// </summary>
    public static IReadOnlyList<ConfusionMatrix> AtThresholds(ClassificationData data, IReadOnlyList<double> thresholds)
    {
        if (data.IsMultiLabel) throw new ArgumentException("A confusion matrix needs single-label data.", nameof(data));
        var trueLabel = new int[data.ItemCount];
        var argMax = new int[data.ItemCount];
        var topScore = new double[data.ItemCount];
        for (int i = 0; i < data.ItemCount; i++)
        {
            var scores = data.ScoresOf(i);
            int best = 0;
            for (int j = 1; j < scores.Length; j++)
            {
                if (scores[j] > scores[best]) best = j;
            }
            argMax[i] = best;
            topScore[i] = scores[best];
            trueLabel[i] = data.TruthOf(i).IndexOf(true);
        }
        return thresholds.Select(t =>
        {
            var counts = new long[data.LabelCount, data.LabelCount];
            var notPredicted = new long[data.LabelCount];
            for (int i = 0; i < data.ItemCount; i++)
            {
                if (topScore[i] >= t) counts[trueLabel[i], argMax[i]]++;
                else notPredicted[trueLabel[i]]++;
            }
            return new ConfusionMatrix(data.Labels, counts, notPredicted);
        }).ToArray();
    }

    /// <summary>Label names, the order of rows and columns.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Items whose true label is <paramref name="trueLabel"/> and predicted label <paramref name="predictedLabel"/>.</summary>
    public long Count(int trueLabel, int predictedLabel) => _counts[trueLabel, predictedLabel];

    /// <summary>Items whose true label is <paramref name="trueLabel"/> and whose highest score is below the threshold (always 0 for the argmax matrix).</summary>
    public long NotPredicted(int trueLabel) => _notPredicted[trueLabel];

    /// <summary>Items whose true label is <paramref name="trueLabel"/>, predicted or not.</summary>
    public long RowTotal(int trueLabel)
    {
        long total = _notPredicted[trueLabel];
        for (int j = 0; j < Labels.Count; j++) total += _counts[trueLabel, j];
        return total;
    }

    /// <summary>The share of the true label's items predicted as <paramref name="predictedLabel"/>, in percent; 0 for an empty row.</summary>
    public double RowPercent(int trueLabel, int predictedLabel)
    {
        var total = RowTotal(trueLabel);
        return total == 0 ? 0.0 : 100.0 * _counts[trueLabel, predictedLabel] / total;
    }

    /// <summary>The counts as jagged rows, for serialisation.</summary>
    public long[][] ToRows() =>
        Enumerable.Range(0, Labels.Count).Select(i => Enumerable.Range(0, Labels.Count).Select(j => _counts[i, j]).ToArray()).ToArray();

    /// <summary>
    /// The labels most involved in confusions, as AutoML shows above 10 labels: ranked by the items they
    /// lose (off-diagonal row total) plus the items they wrongly attract (off-diagonal column total),
    /// ties by label order; returns label indices, at most <paramref name="count"/>.
    /// </summary>
    public IReadOnlyList<int> MostConfusedLabels(int count = 10)
    {
        var confusions = new long[Labels.Count];
        for (int i = 0; i < Labels.Count; i++)
        {
            for (int j = 0; j < Labels.Count; j++)
            {
                if (i == j) continue;
                confusions[i] += _counts[i, j];
                confusions[j] += _counts[i, j];
            }
        }
        return Enumerable.Range(0, Labels.Count).OrderByDescending(i => confusions[i]).ThenBy(i => i).Take(count).ToArray();
    }
}
