using System.Globalization;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>
/// The k a run gives every item: the k asked for, or fewer when the references are too few, the same for every
/// item so that their mean distances and neighbour votes are over as many neighbours and compare.
/// </summary>
/// <param name="Requested">k as asked for (<c>--count</c>, <c>-Count</c>).</param>
/// <param name="Used">k as used: <see cref="Requested"/>, or the references an item can have as neighbours when fewer.</param>
/// <param name="References">The reference items searched.</param>
/// <param name="LeaveOneOut">Whether some searched items are reference items themselves, so each has one reference fewer to choose from (an item is not its own neighbour).</param>
public sealed record NeighborCount(int Requested, int Used, int References, bool LeaveOneOut)
{
    /// <summary>
    /// The k for searching <paramref name="queries"/> among <paramref name="references"/>: min(requested, n_ref − 1)
    /// when a query is among the references, else min(requested, n_ref). Without the one rule, a reference item searched
    /// leave-one-out would average over n_ref − 1 neighbours and a query over n_ref, and an exact copy of a reference
    /// item would look less outlying than the item.
    /// </summary>
    internal static NeighborCount For(int requested, EmbeddingSet queries, EmbeddingSet references)
    {
        bool leaveOneOut = queries.ItemIds.Any(references.Contains);
        int available = Math.Max(0, references.Count - (leaveOneOut ? 1 : 0));
        return new NeighborCount(requested, Math.Min(requested, available), references.Count, leaveOneOut);
    }

    /// <summary>The search options for this k (at least 1, as the search asks: with no reference to find it finds none).</summary>
    internal NeighborSearchOptions SearchOptions(DistanceMetric metric) => new() { Count = Math.Max(1, Used), Metric = metric, ExcludeSameItem = true };

    /// <summary>
    /// The warning when k was cut (null when every item has the k asked for): the k used and why.
    /// <paramref name="countOption"/> is the front end's option for k (<c>--count</c>, <c>-Count</c>).
    /// </summary>
    public string? ReducedWarning(string countOption)
    {
        if (Used >= Requested) return null;
        var invariant = CultureInfo.InvariantCulture;
        var why = LeaveOneOut
            ? $"there {Counted.Verb(References, "is", "are")} {Counted.Of(References, "reference item")} and an item is not its own neighbour"
            : $"there {Counted.Verb(References, "is", "are")} only {Counted.Of(References, "reference item")}";
        return $"k = {Used.ToString(invariant)} nearest {Counted.Noun(Used, "neighbour")} for every item, not the {Requested.ToString(invariant)} asked for ({countOption}): {why}.";
    }
}
