using System.Globalization;
using AutoMLEval.Engine.Diagnostics;
namespace AutoMLEval.Engine.Embeddings;

/// <summary>Parameters of <see cref="NearDuplicates.Find"/>.</summary>
public sealed record NearDuplicateOptions
{
    /// <summary>The split searched; null (the default) searches every split, within and across.</summary>
    public string? Split { get; init; }

    /// <summary>Neighbours examined per item; an item with more near-duplicates than this reports only the nearest. Default 10.</summary>
    public int Count { get; init; } = 10;

    /// <summary>The distance; cosine by default.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Cosine;

    /// <summary>
    /// Pairs at a distance ≤ this are near-duplicates. When null (the default): <see cref="RelativeThreshold"/>
    /// times the median nearest-neighbour distance of the searched items.
    /// </summary>
    public double? Threshold { get; init; }

    /// <summary>The default threshold as a fraction of the median nearest-neighbour distance. Default 0.05.</summary>
    public double RelativeThreshold { get; init; } = 0.05;
}

/// <summary>Two near-identical items.</summary>
/// <param name="ItemA">The first item (lower split name, then lower identifier, ordinal).</param>
/// <param name="SplitA">Its split.</param>
/// <param name="LabelsA">Its labels.</param>
/// <param name="ItemB">The second item.</param>
/// <param name="SplitB">Its split.</param>
/// <param name="LabelsB">Its labels.</param>
/// <param name="Distance">Their distance.</param>
/// <param name="CrossSplit">Whether they are in different splits (for example training and test: leakage).</param>
/// <param name="LabelsAgree">Whether their label sets are equal (order ignored; sharing one label of several is not agreeing).</param>
public sealed record NearDuplicatePair(string ItemA, string SplitA, IReadOnlyList<string> LabelsA, string ItemB, string SplitB, IReadOnlyList<string> LabelsB, double Distance, bool CrossSplit, bool LabelsAgree);

/// <summary>The pairs of <see cref="NearDuplicates.Find"/>, the threshold applied and what did not match.</summary>
/// <param name="Pairs">Every pair within the threshold, nearest first.</param>
/// <param name="Threshold">The distance threshold applied.</param>
/// <param name="MedianNearestDistance">Median distance from an item to its nearest other item (what a relative threshold scales).</param>
/// <param name="ItemsAtNeighborLimit">Items all of whose k examined neighbours were within the threshold while other items went unexamined (k &lt; n − 1): they may have more pairs than reported.</param>
/// <param name="Searched">How the searched split matched the embeddings.</param>
/// <param name="ItemIdsWithoutGroundTruth">The items of the vectors whose item is absent from the ground truth, in the order read (for a front end to count and name them).</param>
/// <param name="NeighborCount">The k examined per item: the k asked for, or n − 1 when the searched items are fewer.</param>
public sealed record NearDuplicateResult(IReadOnlyList<NearDuplicatePair> Pairs, double Threshold, double MedianNearestDistance, int ItemsAtNeighborLimit, SelectionCounts Searched, IReadOnlyList<string> ItemIdsWithoutGroundTruth, NeighborCount NeighborCount)
{
    /// <summary>Pairs whose items are in different splits.</summary>
    public int CrossSplitPairs => Pairs.Count(p => p.CrossSplit);

    /// <summary>
    /// "0 pairs at distance &lt;= 0.0001789 (median nearest-neighbour distance 0.003578), 0 across splits": the search in
    /// one line, as the CLI's note and the cmdlet's verbose message give it. The distances are float sums widened to
    /// double, so a few decimals, not their 17 digits.
    /// </summary>
    public string Headline =>
        $"{Counted.Of(Pairs.Count, "pair")} at distance <= {Threshold.ToString("0.########", CultureInfo.InvariantCulture)} "
        + $"(median nearest-neighbour distance {MedianNearestDistance.ToString("0.######", CultureInfo.InvariantCulture)}), {CrossSplitPairs.ToString(CultureInfo.InvariantCulture)} across splits";

    /// <summary>
    /// "2 items had all 10 examined neighbours within the threshold (raise --count to find all their pairs)": what
    /// <see cref="ItemsAtNeighborLimit"/> means, as the CLI's note and the cmdlet's warning say it.
    /// <paramref name="countOption"/> is the front end's option for k (<c>--count</c>, <c>-Count</c>).
    /// </summary>
    public string NeighborLimitNote(string countOption) =>
        $"{Counted.Of(ItemsAtNeighborLimit, "item")} had all {Counted.Of(NeighborCount.Used, "examined neighbour")} within the threshold (raise {countOption} to find all their pairs)";
}

/// <summary>
/// Pairs of near-identical items, within a split and across splits (a training image repeated in the test
/// split inflates test scores): each item's k nearest other items are searched, and every pair at a
/// distance ≤ the threshold is reported once.
/// </summary>
public static class NearDuplicates
{
    /// <summary>Finds the near-duplicate pairs of the chosen split(s).</summary>
    /// <remarks>The neighbour search reports to <paramref name="progress"/> and stops (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.</remarks>
    public static NearDuplicateResult Find(EmbeddingSet embeddings, DatasetItems dataset, NearDuplicateOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (embeddings is null) throw new ArgumentNullException(nameof(embeddings));
        if (dataset is null) throw new ArgumentNullException(nameof(dataset));
        if (options is null) throw new ArgumentNullException(nameof(options));
        // A pair needs two items.
        var searched = SplitSelection.Of(embeddings, dataset, options.Split, minimum: 2);
        var k = NeighborCount.For(options.Count, searched.Vectors, searched.Vectors);
        var table = NearestNeighborSearch.Search(searched.Vectors, searched.Vectors, k.SearchOptions(options.Metric), progress, cancellationToken);
        // With every other item examined (k = n - 1) no pair is missed, whatever the distances.
        bool someUnexamined = k.Used < searched.Vectors.Count - 1;
        var nearest = Enumerable.Range(0, table.QueryCount).Where(q => table.NeighborsOf(q).Count > 0).Select(q => table.NeighborsOf(q)[0].Distance);
        double median = Statistics.Median(nearest);
        double threshold = options.Threshold ?? (double.IsNaN(median) ? 0 : options.RelativeThreshold * median);
        var pairs = new List<NearDuplicatePair>();
        int atLimit = 0;
        for (int q = 0; q < table.QueryCount; q++)
        {
            var neighbors = table.NeighborsOf(q);
            if (someUnexamined && neighbors.Count == k.Used && neighbors[neighbors.Count - 1].Distance <= threshold) atLimit++;
            foreach (var neighbor in neighbors)
            {
                if (neighbor.Distance > threshold) break;
                var a = searched.Items[q];
                var b = searched.Items[neighbor.ReferenceIndex];
                // Each pair is found from both ends (when both see it); keep the one seen from its first item.
                if (Compare(a, b) > 0 && Sees(table, neighbor.ReferenceIndex, q)) continue;
                if (Compare(a, b) > 0) (a, b) = (b, a);
                pairs.Add(new NearDuplicatePair(a.ItemId, a.Split, a.Labels, b.ItemId, b.Split, b.Labels, neighbor.Distance, !string.Equals(a.Split, b.Split, StringComparison.Ordinal), SplitSelection.SameLabels(a.Labels, b.Labels)));
            }
        }
        var ordered = pairs.OrderBy(p => p.Distance).ThenBy(p => p.ItemA, StringComparer.Ordinal).ThenBy(p => p.ItemB, StringComparer.Ordinal).ToArray();
        return new NearDuplicateResult(ordered, threshold, median, atLimit, searched.Counts, SplitSelection.ItemIdsWithoutGroundTruth(embeddings, dataset), k);
    }

    private static int Compare(LabeledItem a, LabeledItem b)
    {
        int bySplit = string.CompareOrdinal(a.Split, b.Split);
        return bySplit != 0 ? bySplit : string.CompareOrdinal(a.ItemId, b.ItemId);
    }

    private static bool Sees(NeighborTable table, int query, int reference) => table.NeighborsOf(query).Any(n => n.ReferenceIndex == reference);
}
