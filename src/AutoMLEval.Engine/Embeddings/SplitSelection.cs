using System.Globalization;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>How the items asked for matched the embeddings (every unmatched item is counted here).</summary>
/// <param name="Selected">Items of the chosen split(s) that have a vector: what the analysis uses.</param>
/// <param name="WithoutEmbedding">Items of the chosen split(s) in the ground truth with no vector.</param>
public sealed record SelectionCounts(int Selected, int WithoutEmbedding)
{
    /// <summary>
    /// The <see cref="WithoutEmbedding"/> items by name, in the ground truth's order: so that a front end can name them
    /// (<see cref="Diagnostics.FirstNames"/>) as well as count them.
    /// </summary>
    public IReadOnlyList<string> ItemIdsWithoutEmbedding { get; init; } = Array.Empty<string>();

    // A record compares a list by reference; two selections are equal when they name the same items.
    public bool Equals(SelectionCounts? other) =>
        other is not null && Selected == other.Selected && WithoutEmbedding == other.WithoutEmbedding
        && ItemIdsWithoutEmbedding.SequenceEqual(other.ItemIdsWithoutEmbedding, StringComparer.Ordinal);

    public override int GetHashCode() => (Selected * 397) ^ WithoutEmbedding;
}

/// <summary>The vectors of the ground-truth items of one split (or all), and what did not match.</summary>
internal sealed class SplitSelection
{
    private SplitSelection(EmbeddingSet vectors, LabeledItem[] items, SelectionCounts counts)
    {
        Vectors = vectors;
        Items = items;
        Counts = counts;
    }

    /// <summary>The vectors, in the embedding file's order.</summary>
    public EmbeddingSet Vectors { get; }

    /// <summary>The ground truth of each row of <see cref="Vectors"/>.</summary>
    public LabeledItem[] Items { get; }

    public SelectionCounts Counts { get; }

    /// <summary>Selects the items of <paramref name="split"/> (null: every split) that have a vector.</summary>
    /// <exception cref="InputFormatException">
    /// Fewer than <paramref name="minimum"/> items are selected: the analysis would print an empty or undefined result
    /// (an empty split, or embeddings whose paths do not match the ground truth's).
    /// </exception>
    public static SplitSelection Of(EmbeddingSet embeddings, DatasetItems dataset, string? split, int minimum = 0)
    {
        var vectors = embeddings.Where(id => dataset.Find(id) is { } item && DatasetItems.InSplit(item, split));
        var wanted = dataset.Items.Count(i => DatasetItems.InSplit(i, split));
        if (vectors.Count < minimum) throw TooFew(embeddings, dataset, split, wanted, vectors.Count, minimum);
        var items = vectors.ItemIds.Select(id => dataset.Find(id)!).ToArray();
        var withoutEmbedding = WithoutEmbedding(embeddings, dataset, split);
        return new SplitSelection(vectors, items, new SelectionCounts(vectors.Count, withoutEmbedding.Length) { ItemIdsWithoutEmbedding = withoutEmbedding });
    }

    private static InputFormatException TooFew(EmbeddingSet embeddings, DatasetItems dataset, string? split, int wanted, int selected, int minimum)
    {
        var which = split is null ? "the ground truth" : $"split '{split}'";
        // Every split (-MlUse all) is no choice of the ML_USE column's: the ground truth as a whole has too few.
        var field = split is null ? string.Empty : "ML_USE";
        if (wanted == 0)
        {
            var splits = string.Join(", ", dataset.Items.GroupBy(i => i.Split, StringComparer.OrdinalIgnoreCase).Select(g => $"{g.Key} {Count(g.Count())}"));
            return new InputFormatException("EmptySplit", dataset.Source, 0, field, $"{which} has no items (found: {(splits.Length == 0 ? "none" : splits)})");
        }
        // Items whose record was rejected are not missing from the files: the advice on paths is for those really absent.
        var withoutEmbedding = WithoutEmbedding(embeddings, dataset, split);
        var rejected = embeddings.Rejected(withoutEmbedding);
        var rejectedNote = rejected.Count == 0 ? string.Empty
            : $"; the embedding {(rejected.Count == 1 ? "record" : "records")} of {Counted.Of(rejected.Count, "item")}{embeddings.RejectionsInParentheses(rejected)} {(rejected.Count == 1 ? "was" : "were")} rejected (reported above)";
        var pathAdvice = rejected.Count == 0 ? " (an embedding's content must be the item's path as the ground truth gives it)"
            : rejected.Count < withoutEmbedding.Length ? "; for the others, an embedding's content must be the item's path as the ground truth gives it"
            : string.Empty;
        return new InputFormatException("TooFewEmbeddings", dataset.Source, 0, field,
            $"{Count(selected)} of the {Count(wanted)} items of {which} {(selected == 1 ? "has" : "have")} an embedding, and the analysis needs at least {Count(minimum)}{rejectedNote}{pathAdvice}");
    }

    private static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The items of <paramref name="split"/> (null: every split) that have no vector, in the ground truth's order.</summary>
    private static string[] WithoutEmbedding(EmbeddingSet embeddings, DatasetItems dataset, string? split) =>
        dataset.Items.Where(i => DatasetItems.InSplit(i, split) && !embeddings.Contains(i.ItemId)).Select(i => i.ItemId).ToArray();

    /// <summary>The items of the embedding vectors whose item is not in the ground truth at all, in the embeddings' order.</summary>
    public static string[] ItemIdsWithoutGroundTruth(EmbeddingSet embeddings, DatasetItems dataset) =>
        embeddings.ItemIds.Where(id => dataset.Find(id) is null).ToArray();

    /// <summary>Whether two label lists hold the same labels (order ignored, ordinal).</summary>
    public static bool SameLabels(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(label => b.Contains(label, StringComparer.Ordinal));
}
