using System.Globalization;
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

/// <summary>How <see cref="Outliers.Find"/> scaled the robust z: Iglewicz and Hoaglin's two forms, or none.</summary>
public enum OutlierScale
{
    /// <summary>1.4826 · MAD, the median absolute deviation of the reference values (the standard deviation for normal data).</summary>
    MedianAbsoluteDeviation,

    /// <summary>1.253314 · the mean absolute deviation from the median, when the MAD is 0 (more than half the reference values are equal).</summary>
    MeanAbsoluteDeviation,

    /// <summary>
    /// Every reference value is the median: z is undefined (null), and an item is an outlier when its mean distance is
    /// above the median (its z would be +∞).
    /// </summary>
    Undefined,
}

/// <summary>One scored item.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Split">Its split.</param>
/// <param name="Labels">Its ground-truth labels.</param>
/// <param name="MeanDistance">x: its mean distance to its k nearest reference items (itself excluded; k as <see cref="OutlierResult.NeighborCount"/>).</param>
/// <param name="Percentile">Share of the reference items whose own leave-one-out x is below this one (ties count half), in [0, 1].</param>
/// <param name="RobustZ">(x − median) / scale of the reference items' leave-one-out x (<see cref="OutlierScale"/>); null when the scale is undefined.</param>
/// <param name="IsOutlier">Whether <see cref="RobustZ"/> exceeds the threshold (with no scale: whether x exceeds the median).</param>
public sealed record Outlier(string ItemId, string Split, IReadOnlyList<string> Labels, double MeanDistance, double Percentile, double? RobustZ, bool IsOutlier);

/// <summary>The scored items of <see cref="Outliers.Find"/>, the reference statistics and what did not match.</summary>
/// <param name="Items">Every scored item, highest <see cref="Outlier.MeanDistance"/> (so highest <see cref="Outlier.RobustZ"/>) first, ties by item identifier.</param>
/// <param name="Threshold">The robust-z cut-off applied.</param>
/// <param name="ReferenceMedian">Median of the reference items' leave-one-out mean neighbour distance.</param>
/// <param name="ReferenceScale">The z unit (<see cref="Scale"/> says which); null when undefined.</param>
/// <param name="Scale">How the z unit was taken.</param>
/// <param name="Scored">How the scored split matched the embeddings.</param>
/// <param name="References">How the reference split matched the embeddings.</param>
/// <param name="ItemIdsWithoutGroundTruth">The items of the vectors whose item is absent from the ground truth, in the order read (for a front end to count and name them).</param>
/// <param name="NeighborCount">The k every item's mean distance was taken over: the k asked for, or n_ref − 1 when the references are fewer.</param>
public sealed record OutlierResult(IReadOnlyList<Outlier> Items, double Threshold, double ReferenceMedian, double? ReferenceScale, OutlierScale Scale, SelectionCounts Scored, SelectionCounts References, IReadOnlyList<string> ItemIdsWithoutGroundTruth, NeighborCount NeighborCount)
{
    /// <summary>
    /// What was flagged and how, in a sentence: the CLI's note and Find-Outlier's verbose message. <paramref name="references"/>
    /// names the reference items ("1131 training items").
    /// </summary>
    public string Summary(string references)
    {
        var invariant = CultureInfo.InvariantCulture;
        int outliers = Items.Count(i => i.IsOutlier);
        var flagged = $"{outliers.ToString(invariant)} of {Counted.Of(Items.Count, "item")} {Counted.Verb(outliers, "has", "have")}";
        var median = ReferenceMedian.ToString("0.######", invariant);
        return Scale switch
        {
            OutlierScale.Undefined => $"{flagged} a mean distance above {median}, the value of every one of the {references} (robust z undefined: they have no spread)",
            OutlierScale.MeanAbsoluteDeviation => $"{flagged} robust z > {Threshold.ToString(invariant)} (z = (mean distance - {median}) / {ReferenceScale!.Value.ToString("0.######", invariant)}, 1.253314 x the mean absolute deviation as the MAD is 0, from {references})",
            _ => $"{flagged} robust z > {Threshold.ToString(invariant)} (z = (mean distance - {median}) / {ReferenceScale!.Value.ToString("0.######", invariant)}, from {references})",
        };
    }

    /// <summary>
    /// The warning when z is undefined (null otherwise): why, what is flagged instead, and what gives a graded score.
    /// <paramref name="countOption"/> is the front end's option for k (<c>--count</c>, <c>-Count</c>).
    /// </summary>
    public string? UndefinedScaleWarning(string countOption)
    {
        if (Scale != OutlierScale.Undefined) return null;
        var invariant = CultureInfo.InvariantCulture;
        var neighbours = Counted.Of(NeighborCount.Used, "nearest neighbour");
        var why = ReferenceMedian == 0
            ? $"The {Counted.Of(References.Selected, "reference item")} are all at distance 0 from their {neighbours} (each has identical copies among them)"
            : $"The {Counted.Of(References.Selected, "reference item")} are all at mean distance {ReferenceMedian.ToString("0.######", invariant)} from their {neighbours}";
        var advice = ReferenceMedian == 0 ? $"; raise {countOption} above the number of copies for a graded score" : string.Empty;
        return $"{why}: their MAD and mean absolute deviation are 0, so robust z is undefined (left empty), and an item is an outlier when its mean distance is above {ReferenceMedian.ToString("0.######", invariant)}{advice}.";
    }
}

/// <summary>
/// Items unlike the reference set: an item's mean distance x to its k nearest reference items is compared
/// with the same quantity for every reference item against the other reference items (leave-one-out).
/// </summary>
/// <remarks>
/// Score: robust z = (x − m) / (1.4826 · MAD), m and MAD the median and median absolute deviation of the
/// reference values (Iglewicz and Hoaglin, "How to Detect and Handle Outliers", 1993: |z| > 3.5 flags an
/// outlier); the percentile of x among the reference values is given beside it. When the MAD is 0 (more than half the
/// values equal: duplicated data) the scale is their other form, 1.253314 · the mean absolute deviation from m; when
/// that is 0 too, z is undefined and an item above m is an outlier (<see cref="OutlierScale"/>). Distances of identical
/// vectors are exactly 0 under both distances (<see cref="NearestNeighborSearch"/> rounds a cosine distance within its
/// rounding error to 0), so duplicated data meets the same rule under both.
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
        // The reference items are searched among themselves: every item, scored or reference, gets min(k, n_ref − 1).
        var k = NeighborCount.For(options.Count, references.Vectors, references.Vectors);
        var search = k.SearchOptions(options.Metric);
        var baseline = MeanDistances(NearestNeighborSearch.Search(references.Vectors, references.Vectors, search, progress, cancellationToken));
        Array.Sort(baseline);
        double median = Statistics.Median(baseline);
        var (scale, rule) = RobustScale(baseline, median);
        var means = MeanDistances(NearestNeighborSearch.Search(scored.Vectors, references.Vectors, search, progress, cancellationToken));
        var items = new Outlier[means.Length];
        for (int i = 0; i < means.Length; i++)
        {
            var item = scored.Items[i];
            double? z = scale is { } unit ? (means[i] - median) / unit : null;
            bool isOutlier = z is { } defined ? defined > options.Threshold : means[i] > median;
            items[i] = new Outlier(item.ItemId, item.Split, item.Labels, means[i], Percentile(baseline, means[i]), z, isOutlier);
        }
        var ordered = items.OrderByDescending(o => o.MeanDistance).ThenBy(o => o.ItemId, StringComparer.Ordinal).ToArray();
        return new OutlierResult(ordered, options.Threshold, median, scale, rule, scored.Counts, references.Counts, SplitSelection.ItemIdsWithoutGroundTruth(embeddings, dataset), k);
    }

    /// <summary>Iglewicz and Hoaglin's z unit: 1.4826 · MAD, else 1.253314 · mean absolute deviation, else none (null).</summary>
    internal static (double? Scale, OutlierScale Rule) RobustScale(IReadOnlyCollection<double> values, double median)
    {
        double mad = Statistics.Median(values.Select(v => Math.Abs(v - median)));
        if (mad > 0) return (1.4826 * mad, OutlierScale.MedianAbsoluteDeviation);
        double meanDeviation = values.Count == 0 ? 0 : values.Average(v => Math.Abs(v - median));
        if (meanDeviation > 0) return (1.253314 * meanDeviation, OutlierScale.MeanAbsoluteDeviation);
        return (null, OutlierScale.Undefined);
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
