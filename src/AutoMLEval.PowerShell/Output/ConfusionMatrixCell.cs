using AutoMLEval.Engine.Classification;

namespace AutoMLEval;

/// <summary>
/// One cell of a confusion matrix (single-label classification, or detection with its background row and column), in
/// long form (one row per true × predicted pair) so that it exports flat.
/// </summary>
public sealed class ConfusionMatrixCell
{
    internal ConfusionMatrixCell(string trueLabel, string predictedLabel, long items, double? rowPercent)
    {
        TrueLabel = trueLabel;
        PredictedLabel = predictedLabel;
        Items = items;
        RowPercent = rowPercent;
    }

    /// <summary>The items' true label (the matrix row).</summary>
    public string TrueLabel { get; }

    /// <summary>The predicted label (the matrix column): the highest-scored label; detection: the detection's label, or background for an object nobody found.</summary>
    public string PredictedLabel { get; }

    /// <summary>How many items have this true and predicted label (not Count: on an array of cells, Count is the array's own).</summary>
    public long Items { get; }

    /// <summary>
    /// The share of the true label's items predicted as <see cref="PredictedLabel"/>, in percent; $null when no item has
    /// the true label (a label only the model knows, or one a slice lacks): 0 of 0 is no share.
    /// </summary>
    public double? RowPercent { get; }

    /// <summary>
    /// The matrix in long form: every true × predicted pair up to <see cref="ConfusionMatrix.DenseLabelLimit"/> labels,
    /// only the pairs with items above it (as the CLI's JSON): 10,000 labels are 100 million pairs.
    /// </summary>
    internal static ConfusionMatrixCell[] From(ConfusionMatrix matrix)
    {
        var emptyRow = Enumerable.Range(0, matrix.Labels.Count).Select(i => matrix.RowTotal(i) == 0).ToArray();
        return matrix.ListedCells().Select(c => new ConfusionMatrixCell(
            matrix.Labels[c.TrueLabel],
            matrix.Labels[c.PredictedLabel],
            c.Count,
            emptyRow[c.TrueLabel] ? null : matrix.RowPercent(c.TrueLabel, c.PredictedLabel))).ToArray();
    }

    /// <summary>"eight -> one: 14 (26.92%)"; "bird -> cat: 0" in an empty row.</summary>
    public override string ToString() => RowPercent is double percent
        ? OutputValues.Text("{0} -> {1}: {2} ({3:0.00}%)", TrueLabel, PredictedLabel, Items, percent)
        : OutputValues.Text("{0} -> {1}: {2}", TrueLabel, PredictedLabel, Items);
}
