namespace AutoMLEval.Engine.Classification;

/// <summary>
/// Single-label confusion matrix by top label: rows are true labels, columns the predicted (highest-scored) label
/// whatever its score, in label order. Every view of it (the CLI's table and JSON, Get-ModelEvaluation's
/// ConfusionMatrix, the report) uses this one decision and names it.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    // Summed once: every cell's row percentage needs its row's total, and a dense matrix of 1,000 labels has a million cells.
    private readonly long[] _rowTotals;

    internal ConfusionMatrix(IReadOnlyList<string> labels, long[,] counts)
    {
        Labels = labels;
        _counts = counts;
        _rowTotals = new long[labels.Count];
        for (int i = 0; i < _rowTotals.Length; i++)
        {
            for (int j = 0; j < labels.Count; j++) _rowTotals[i] += counts[i, j];
        }
    }

    /// <summary>Label names, the order of rows and columns.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Items whose true label is <paramref name="trueLabel"/> and predicted label <paramref name="predictedLabel"/>.</summary>
    public long Count(int trueLabel, int predictedLabel) => _counts[trueLabel, predictedLabel];

    /// <summary>Items whose true label is <paramref name="trueLabel"/>.</summary>
    public long RowTotal(int trueLabel) => _rowTotals[trueLabel];

    /// <summary>The share of the true label's items predicted as <paramref name="predictedLabel"/>, in percent; 0 for an empty row.</summary>
    public double RowPercent(int trueLabel, int predictedLabel)
    {
        var total = RowTotal(trueLabel);
        return total == 0 ? 0.0 : 100.0 * _counts[trueLabel, predictedLabel] / total;
    }

    /// <summary>
    /// Above this many labels a written matrix lists its non-zero cells instead of every row: 10,000 labels would
    /// be 100 million counts, nearly all zero (<see cref="Formats.JsonWriting.WriteConfusionCounts"/>).
    /// </summary>
    public const int DenseLabelLimit = 1000;

    /// <summary>The counts as jagged rows, for serialisation.</summary>
    public long[][] ToRows() =>
        Enumerable.Range(0, Labels.Count).Select(Row).ToArray();

    /// <summary>One true label's counts, by predicted label.</summary>
    public long[] Row(int trueLabel) => Enumerable.Range(0, Labels.Count).Select(j => _counts[trueLabel, j]).ToArray();

    /// <summary>Whether every cell is listed (up to <see cref="DenseLabelLimit"/> labels) or only those with a count.</summary>
    public bool ListsEveryCell => Labels.Count <= DenseLabelLimit;

    /// <summary>
    /// The cells every view lists, row by row: every (true, predicted) pair up to <see cref="DenseLabelLimit"/> labels,
    /// only those with a count above it.
    /// </summary>
    public IEnumerable<(int TrueLabel, int PredictedLabel, long Count)> ListedCells()
    {
        for (int i = 0; i < Labels.Count; i++)
        {
            for (int j = 0; j < Labels.Count; j++)
            {
                if (ListsEveryCell || _counts[i, j] != 0) yield return (i, j, _counts[i, j]);
            }
        }
    }

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
