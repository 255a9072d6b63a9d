namespace AutoMLEval;

/// <summary>One cell of a single-label confusion matrix, in long form (one row per true × predicted pair) so that it exports flat.</summary>
public sealed class ConfusionMatrixCell
{
    internal ConfusionMatrixCell(string trueLabel, string predictedLabel, long items, double rowPercent)
    {
        TrueLabel = trueLabel;
        PredictedLabel = predictedLabel;
        Items = items;
        RowPercent = rowPercent;
    }

    /// <summary>The items' true label (the matrix row).</summary>
    public string TrueLabel { get; }

    /// <summary>The highest-scored label (the matrix column).</summary>
    public string PredictedLabel { get; }

    /// <summary>How many items have this true and predicted label (not Count: on an array of cells, Count is the array's own).</summary>
    public long Items { get; }

    /// <summary>The share of the true label's items predicted as <see cref="PredictedLabel"/>, in percent.</summary>
    public double RowPercent { get; }

    /// <summary>"eight -> one: 14 (26.92%)".</summary>
    public override string ToString() => OutputValues.Text("{0} -> {1}: {2} ({3:0.00}%)", TrueLabel, PredictedLabel, Items, RowPercent);
}
