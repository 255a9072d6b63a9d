using AutoMLEval.Engine.Diagnostics;
namespace AutoMLEval.Engine.Embeddings;

/// <summary>Parameters of <see cref="Outliers.Find"/>.</summary>
public sealed record OutlierOptions
{
    /// <summary>The split whose items are scored; null (the default) scores every item.</summary>
    public string? Split { get; init; }

    /// <summary>The split that defines "normal"; default <c>training</c>; null means every split.</summary>
    public string? ReferenceSplit { get; init; } = "training";

    /// <summary>Neighbours per item (k). Default 10.</summary>
    public int Count { get; init; } = 10;

    /// <summary>The distance; cosine by default.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Cosine;

    /// <summary>Robust z above which an item is an outlier. Default 3.5 (Iglewicz and Hoaglin's cut-off).</summary>
    public double Threshold { get; init; } = 3.5;
}

/// <summary>One scored item.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Split">Its split.</param>
/// <param name="Labels">Its ground-truth labels.</param>
/// <param name="MeanDistance">x: its mean distance to its k nearest reference items (itself excluded).</param>
/// <param name="Percentile">Share of the reference items whose own leave-one-out x is below this one (ties count half), in [0, 1].</param>
/// <param name="RobustZ">(x − median) / (1.4826 · MAD) of the reference items' leave-one-out x.</param>
/// <param name="IsOutlier">Whether <see cref="RobustZ"/> exceeds the threshold.</param>
public sealed record Outlier(string ItemId, string Split, IReadOnlyList<string> Labels, double MeanDistance, double Percentile, double RobustZ, bool IsOutlier);

/// <summary>The scored items of <see cref="Outliers.Find"/>, the reference statistics and what did not match.</summary>
/// <param name="Items">Every scored item, highest <see cref="Outlier.RobustZ"/> first (ties by item identifier).</param>
/// <param name="Threshold">The robust-z cut-off applied.</param>
/// <param name="ReferenceMedian">Median of the reference items' leave-one-out mean neighbour distance.</param>
/// <param name="ReferenceScale">1.4826 · MAD of the same (the standard deviation for normal data), the z unit.</param>
/// <param name="Scored">How the scored split matched the embeddings.</param>
/// <param name="References">How the reference split matched the embeddings.</param>
/// <param name="ItemIdsWithoutGroundTruth">The items of the vectors whose item is absent from the ground truth, in the order read (for a front end to count and name them).</param>
public sealed record OutlierResult(IReadOnlyList<Outlier> Items, double Threshold, double ReferenceMedian, double ReferenceScale, SelectionCounts Scored, SelectionCounts References, IReadOnlyList<string> ItemIdsWithoutGroundTruth);

/// <summary>
/// Items unlike the reference set: an item's mean distance x to its k nearest reference items is compared
/// with the same quantity for every reference item against the other reference items (leave-one-out).
/// </summary>
/// <remarks>
/// Score: robust z = (x − m) / (1.4826 · MAD), m and MAD the median and median absolute deviation of the
/// reference values (Iglewicz and Hoaglin, "How to Detect and Handle Outliers", 1993: |z| > 3.5 flags an
/// outlier); the percentile of x among the reference values is given beside it. When the MAD is 0 the scale
/// falls back to 1.2533 · mean absolute deviation, and to 1 when that is 0 too.
/// </remarks>
public static class Outliers
{
    /// <summary>Scores every item of the chosen split.</summary>
    /// <remarks>The neighbour search reports to <paramref name="progress"/> and stops (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.</remarks>
    public static OutlierResult Find(EmbeddingSet embeddings, DatasetItems dataset, OutlierOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (embeddings is null) throw new ArgumentNullException(nameof(embeddings));
        if (dataset is null) throw new ArgumentNullException(nameof(dataset));
        if (options is null) throw new ArgumentNullException(nameof(options));
        // A reference item's mean distance is to the other reference items: the spread needs two. When the scored
        // items are the reference's, the first check asks for the two too.
        const int ReferenceMinimum = 2;
        bool scoredAreReference = string.Equals(options.Split, options.ReferenceSplit, StringComparison.OrdinalIgnoreCase);
        var scored = SplitSelection.Of(embeddings, dataset, options.Split, minimum: scoredAreReference ? ReferenceMinimum : 1);
        var references = SplitSelection.Of(embeddings, dataset, options.ReferenceSplit, minimum: ReferenceMinimum);
        var search = new NeighborSearchOptions { Count = options.Count, Metric = options.Metric, ExcludeSameItem = true };
        var baseline = MeanDistances(NearestNeighborSearch.Search(references.Vectors, references.Vectors, search, progress, cancellationToken));
        Array.Sort(baseline);
        double median = Statistics.Median(baseline);
        double scale = 1.4826 * Statistics.Median(baseline.Select(b => Math.Abs(b - median)));
        if (!(scale > 0)) scale = baseline.Length == 0 ? 1 : 1.2533 * baseline.Average(b => Math.Abs(b - median));
        if (!(scale > 0)) scale = 1;
        var means = MeanDistances(NearestNeighborSearch.Search(scored.Vectors, references.Vectors, search, progress, cancellationToken));
        var items = new Outlier[means.Length];
        for (int i = 0; i < means.Length; i++)
        {
            var item = scored.Items[i];
            double z = (means[i] - median) / scale;
            items[i] = new Outlier(item.ItemId, item.Split, item.Labels, means[i], Percentile(baseline, means[i]), z, z > options.Threshold);
        }
        var ordered = items.OrderByDescending(o => o.RobustZ).ThenBy(o => o.ItemId, StringComparer.Ordinal).ToArray();
        return new OutlierResult(ordered, options.Threshold, median, scale, scored.Counts, references.Counts, SplitSelection.ItemIdsWithoutGroundTruth(embeddings, dataset));
    }

    private static double[] MeanDistances(NeighborTable table)
    {
        var means = new double[table.QueryCount];
        for (int q = 0; q < means.Length; q++)
        {
            var neighbors = table.NeighborsOf(q);
            means[q] = neighbors.Count == 0 ? double.NaN : neighbors.Average(n => n.Distance);
        }
        return means;
    }

    /// <summary>(count below + half the count equal) / n over the sorted reference values.</summary>
    private static double Percentile(double[] sorted, double value)
    {
        if (sorted.Length == 0) return double.NaN;
        int below = 0, equal = 0;
        foreach (var b in sorted)
        {
            if (b < value) below++;
            else if (b == value) equal++;
        }
        return (below + (equal / 2.0)) / sorted.Length;
    }
}
