namespace AutoMLEval.Benchmarks;

/// <summary>Summaries of repeated timings.</summary>
internal static class Statistics
{
    /// <summary>The middle value (the upper of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
