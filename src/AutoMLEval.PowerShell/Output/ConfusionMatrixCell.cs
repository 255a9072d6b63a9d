using AutoMLEval.Engine.Classification;

namespace AutoMLEval;

/// <summary>
/// One cell of a confusion matrix (single-label classification, or detection with its background row and column), in
/// long form (one row per true × predicted pair) so that it exports flat.
/// </summary>
public sealed class ConfusionMatrixCell
{
    /// <summary>The <see cref="Decision"/> of a classification matrix: each item's highest-scored label, whatever its score (the CLI JSON's <c>decision: "topLabel"</c>).</summary>
    public const string TopLabelDecision = "TopLabel";

    /// <summary>
    /// The <see cref="Decision"/> of a detection matrix: a detection counts when its confidence is at least
    /// <see cref="ConfidenceThreshold"/>, and matches an object when their IoU is at least <see cref="IouThreshold"/>.
    /// </summary>
    public const string IouAndConfidenceDecision = "IouAndConfidence";

    // One for the whole matrix, which every cell names (a matrix of 1,000 labels has a million cells).
    private readonly MatrixDecision _decision;

    private ConfusionMatrixCell(string trueLabel, string predictedLabel, long items, double? rowPercent, MatrixDecision decision)
    {
        TrueLabel = trueLabel;
        PredictedLabel = predictedLabel;
        Items = items;
        RowPercent = rowPercent;
        _decision = decision;
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

    /// <summary>How the matrix decided what was predicted: <see cref="TopLabelDecision"/> or <see cref="IouAndConfidenceDecision"/>, so that Export-Csv and ConvertTo-Json keep the rule.</summary>
    public string Decision => _decision.Name;

    /// <summary>Detection: the IoU at which a detection matches an object; $null for classification.</summary>
    public double? IouThreshold => _decision.IouThreshold;

    /// <summary>Detection: the confidence from which a detection counts; $null for classification.</summary>
    public double? ConfidenceThreshold => _decision.ConfidenceThreshold;

    /// <summary>
    /// A classification matrix (by top label) in long form: every true × predicted pair up to
    /// <see cref="ConfusionMatrix.DenseLabelLimit"/> labels, only the pairs with items above it (as the CLI's JSON):
    /// 10,000 labels are 100 million pairs. A detection matrix is listed the same way.
    /// </summary>
    internal static ConfusionMatrixCell[] ByTopLabel(ConfusionMatrix matrix) => From(matrix, new MatrixDecision(TopLabelDecision, null, null));

    /// <summary>A detection matrix in long form, counted at <paramref name="iouThreshold"/> and <paramref name="confidenceThreshold"/>.</summary>
    internal static ConfusionMatrixCell[] ByIouAndConfidence(ConfusionMatrix matrix, double iouThreshold, double confidenceThreshold) =>
        From(matrix, new MatrixDecision(IouAndConfidenceDecision, iouThreshold, confidenceThreshold));

    private static ConfusionMatrixCell[] From(ConfusionMatrix matrix, MatrixDecision decision)
    {
        var emptyRow = Enumerable.Range(0, matrix.Labels.Count).Select(i => matrix.RowTotal(i) == 0).ToArray();
        return matrix.ListedCells().Select(c => new ConfusionMatrixCell(
            matrix.Labels[c.TrueLabel],
            matrix.Labels[c.PredictedLabel],
            c.Count,
            emptyRow[c.TrueLabel] ? null : matrix.RowPercent(c.TrueLabel, c.PredictedLabel),
            decision)).ToArray();
    }

    private sealed record MatrixDecision(string Name, double? IouThreshold, double? ConfidenceThreshold);

    /// <summary>"eight -> one: 14 (26.92%)"; "bird -> cat: 0" in an empty row.</summary>
    public override string ToString() => RowPercent is double percent
        ? OutputValues.Text("{0} -> {1}: {2} ({3:0.00}%)", TrueLabel, PredictedLabel, Items, percent)
        : OutputValues.Text("{0} -> {1}: {2}", TrueLabel, PredictedLabel, Items);
}
