namespace AutoMLEval.Engine.Embeddings;

/// <summary>Order statistics shared by the similarity analyses.</summary>
internal static class Statistics
{
    /// <summary>The median (mean of the two middle values for an even count); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
