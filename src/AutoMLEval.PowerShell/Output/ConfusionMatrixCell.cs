namespace AutoMLEval;

/// <summary>One cell of a single-label confusion matrix, in long form (one row per true × predicted pair) so that it exports flat.</summary>
public sealed class ConfusionMatrixCell
{
    internal ConfusionMatrixCell(string trueLabel, string predictedLabel, long count, double rowPercent)
    {
        TrueLabel = trueLabel;
        PredictedLabel = predictedLabel;
        Count = count;
        RowPercent = rowPercent;
    }

    /// <summary>The items' true label (the matrix row).</summary>
    public string TrueLabel { get; }

    /// <summary>The highest-scored label (the matrix column).</summary>
    public string PredictedLabel { get; }

    /// <summary>How many items have this true and predicted label.</summary>
    public long Count { get; }

    /// <summary>The share of the true label's items predicted as <see cref="PredictedLabel"/>, in percent.</summary>
    public double RowPercent { get; }
}
