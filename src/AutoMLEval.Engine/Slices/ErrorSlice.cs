using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;

namespace AutoMLEval.Engine.Slices;

/// <summary>A group of items in embedding space whose error rate is significantly above the model's overall rate.</summary>
/// <param name="Items">Its items (paths), nearest the centre first.</param>
/// <param name="Errors">How many of them the model gets wrong.</param>
/// <param name="ErrorRate">Errors / size.</param>
/// <param name="ErrorRateLower">Lower end of the 95% Wilson interval of the rate.</param>
/// <param name="ErrorRateUpper">Upper end of that interval.</param>
/// <param name="Lift">ErrorRate / the overall error rate.</param>
/// <param name="LiftLowerBound">ErrorRateLower / the overall error rate: what the slices are ranked by.</param>
/// <param name="PValue">One-sided binomial p-value of this many errors at the overall rate, Bonferroni-adjusted for every group tested.</param>
/// <param name="TopConfusions">The most frequent true → predicted pairs among its errors.</param>
/// <param name="OverRepresented">Metadata values much more common in the slice than overall (empty without metadata).</param>
/// <param name="Examples">The items nearest its centre, with their nearest training items when those have embeddings.</param>
/// <param name="Description">One line for people.</param>
public sealed record ErrorSlice(
    IReadOnlyList<string> Items,
    int Errors,
    double ErrorRate,
    double ErrorRateLower,
    double ErrorRateUpper,
    double Lift,
    double LiftLowerBound,
    double PValue,
    IReadOnlyList<SliceConfusion> TopConfusions,
    IReadOnlyList<OverRepresentedValue> OverRepresented,
    IReadOnlyList<SliceExample> Examples,
    string Description)
{
    /// <summary>Number of items.</summary>
    public int Size => Items.Count;
}

/// <summary>A true → predicted label pair and how many errors of the slice it accounts for.</summary>
public sealed record SliceConfusion(string TrueLabel, string PredictedLabel, int Errors);

/// <summary>A metadata value over-represented in a slice.</summary>
/// <param name="Key">The metadata key.</param>
/// <param name="Value">Its value.</param>
/// <param name="ItemsInSlice">Slice items with that value.</param>
/// <param name="ShareInSlice">Their share of the slice.</param>
/// <param name="ShareOverall">The value's share of all items.</param>
public sealed record OverRepresentedValue(string Key, string Value, int ItemsInSlice, double ShareInSlice, double ShareOverall)
{
    /// <summary>ShareInSlice / ShareOverall.</summary>
    public double Ratio => ShareInSlice / ShareOverall;
}

/// <summary>A typical item of a slice and, for context, its nearest training items.</summary>
public sealed record SliceExample(string ItemId, bool IsError, IReadOnlyList<string> NearestTrainingItems);

/// <summary>The outcome of a slice search, with what it left out.</summary>
/// <param name="Slices">The slices, most significant (highest lift lower bound) first.</param>
/// <param name="Items">Evaluated items that had an embedding: the population searched.</param>
/// <param name="Errors">Errors among them.</param>
/// <param name="ItemsWithoutEmbedding">Evaluated items left out for want of an embedding.</param>
/// <param name="GroupsTested">Candidate groups tested (the Bonferroni factor).</param>
/// <param name="GroupsSignificant">Candidate groups significant before overlapping ones were suppressed.</param>
public sealed record ErrorSliceResult(IReadOnlyList<ErrorSlice> Slices, int Items, int Errors, int ItemsWithoutEmbedding, long GroupsTested, int GroupsSignificant)
{
    /// <summary>The evaluated items left out for want of an embedding, in the evaluation's order: what a warning names (<see cref="Diagnostics.FirstNames"/>).</summary>
    public IReadOnlyList<string> ItemIdsWithoutEmbedding { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The group sizes asked for and not tried, in increasing order: those above half the items searched (a slice is a
    /// minority of them) and those below 2 (<see cref="ErrorSliceFinder"/>'s rule). What <see cref="SkippedSizesWarning"/> names.
    /// </summary>
    public IReadOnlyList<int> SkippedSizes { get; init; } = Array.Empty<int>();

    /// <summary>The group sizes tried around every item, in increasing order.</summary>
    public IReadOnlyList<int> TestedSizes { get; init; } = Array.Empty<int>();

    /// <summary>Errors / items.</summary>
    public double OverallErrorRate => Items == 0 ? double.NaN : Errors / (double)Items;

    /// <summary>
    /// What the search covered, in a sentence: the CLI's note, and Find-ErrorSlice's verbose message or, when no slice
    /// was found, its warning (an empty result alone cannot be told from a search of the wrong items); it then opens by saying so.
    /// </summary>
    public string Summary() => (Slices.Count == 0 ? "No error slice found: " : string.Empty) + string.Format(
        System.Globalization.CultureInfo.InvariantCulture,
        "{0} searched, {1} (overall rate {2:0.0000}); {3} tested, {4} significant at 0.05 after Bonferroni; {5} after overlaps were suppressed.",
        Diagnostics.Counted.Of(Items, "item"), Diagnostics.Counted.Of(Errors, "error"), OverallErrorRate, Diagnostics.Counted.Of(GroupsTested, "group"), GroupsSignificant, Diagnostics.Counted.Of(Slices.Count, "slice"));

    /// <summary>
    /// The warning on the <see cref="SkippedSizes"/>: each size and why, and which sizes were kept, so that a run that
    /// tested nothing does not read as one that found no slice. Null when no size was skipped, and when the default sizes'
    /// largest were (they are skipped by design on a small population) but others were kept.
    /// </summary>
    /// <param name="sizesOption">The front end's option for the sizes (<c>--sizes</c>, <c>-Size</c>), named in the advice.</param>
    /// <param name="sizesGiven">Whether the user gave the sizes (every size asked for is then accounted for).</param>
    public string? SkippedSizesWarning(string sizesOption, bool sizesGiven)
    {
        if (SkippedSizes.Count == 0 || (!sizesGiven && TestedSizes.Count > 0)) return null;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        int largest = ErrorSliceFinder.LargestGroupSize(Items);
        int smallest = ErrorSliceFinder.SmallestGroupSize;
        string Sizes(IReadOnlyList<int> sizes) => $"{(sizes.Count == 1 ? "size" : "sizes")} {string.Join(", ", sizes.Select(m => m.ToString(invariant)))}";
        var reasons = new List<string>();
        var above = SkippedSizes.Where(m => m > largest).ToArray();
        if (above.Length > 0)
        {
            reasons.Add(string.Format(invariant, "{0} skipped: above half of the {1} searched ({2}; a slice is a minority of them)", Sizes(above), Diagnostics.Counted.Of(Items, "item"), largest));
        }
        var below = SkippedSizes.Where(m => m < smallest).ToArray();
        if (below.Length > 0) reasons.Add(string.Format(invariant, "{0} skipped: below {1} (a group is an item and its nearest ones)", Sizes(below), smallest));
        var outcome = TestedSizes.Count > 0
            ? $"{Sizes(TestedSizes)} kept"
            : largest >= smallest
                ? string.Format(invariant, "no group was tested: give {0} from {1} to {2}", sizesOption, smallest, largest)
                : string.Format(invariant, "no group was tested: too few items have an embedding for a group of {0} to be a minority", smallest);
        return $"Group {string.Join("; group ", reasons)}; {outcome}.";
    }

    /// <summary>
    /// The warning on the items without an embedding (<see cref="EmbeddingSet.ItemsWithoutEmbeddingCode"/>, on the ground
    /// truth the items come from, as the report's), in the other embedding analyses' words (<see cref="EmbeddingSet.LeftOut"/>:
    /// the first few named, rejected records apart), with what only this search says: of how many
    /// <paramref name="evaluatedItems"/>, and where they were looked for (<paramref name="lookedIn"/>, the files as the user
    /// gave them, or null). Null when every evaluated item had one.
    /// </summary>
    /// <param name="embeddings">The embeddings searched (they know which records were rejected).</param>
    /// <param name="evaluatedItems">The evaluated items, with an embedding or not.</param>
    /// <param name="groundTruthSource">The ground truth of the evaluated items: where the warning is.</param>
    /// <param name="embeddingsOption">The front end's option that takes the embedding files (--embeddings, -EmbeddingPath), for the advice.</param>
    /// <param name="lookedIn">The embedding files, as the user gave them, or null.</param>
    public DataIssue? WithoutEmbeddingIssue(EmbeddingSet embeddings, int evaluatedItems, string groundTruthSource, string embeddingsOption, string? lookedIn)
    {
        if (embeddings is null) throw new ArgumentNullException(nameof(embeddings));
        if (ItemsWithoutEmbedding == 0) return null;
        return new DataIssue(EmbeddingSet.ItemsWithoutEmbeddingCode, IssueSeverity.Warning, groundTruthSource, 0, string.Empty,
            $"Left out of the search, of {Counted.Of(evaluatedItems, "evaluated item")}: {embeddings.LeftOut(ItemIdsWithoutEmbedding, "item", null, embeddingsOption)}"
            + (lookedIn is null ? "." : $"; looked for in {lookedIn}."));
    }
}
