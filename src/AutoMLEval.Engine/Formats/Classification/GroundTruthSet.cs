using System.Collections.Concurrent;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>One item of a classification ground truth: its path (the key predictions match on), labels and split.</summary>
/// <param name="ItemId">The item's path exactly as written (backslashes turned into slashes).</param>
/// <param name="Labels">Its true labels (none is allowed in multi-label data).</param>
/// <param name="MlUse">Its split (<see cref="MlUse"/>), or null when the format has none.</param>
/// <param name="Line">The 1-based line it was read from (0 for a folder).</param>
public sealed record GroundTruthItem(string ItemId, IReadOnlyList<string> Labels, string? MlUse, long Line);

/// <summary>A classification ground truth as read from one file or folder, all splits.</summary>
public sealed class GroundTruthSet
{
    // Each split's view is built once: the shards of one fan-out join against the same set (SharedGroundTruth).
    private readonly ConcurrentDictionary<string, Lazy<GroundTruthSplit>> _splits = new(StringComparer.Ordinal);
    private readonly Lazy<HashSet<string>> _itemIds;

    internal GroundTruthSet(string source, IReadOnlyList<GroundTruthItem> items, bool isMultiLabel, int duplicateRecords, int skippedRecords)
    {
        Source = source;
        Items = items;
        IsMultiLabel = isMultiLabel;
        DuplicateRecords = duplicateRecords;
        SkippedRecords = skippedRecords;
        Labels = items.SelectMany(i => i.Labels).Distinct(StringComparer.Ordinal).ToArray();
        _itemIds = new Lazy<HashSet<string>>(() => new HashSet<string>(items.Select(i => i.ItemId), StringComparer.Ordinal));
    }

    /// <summary>The file or folder read.</summary>
    public string Source { get; }

    /// <summary>The folder relative item paths are relative to (the file's folder, or the folder itself).</summary>
    public string BaseDirectory => Directory.Exists(Source) ? Source : Path.GetDirectoryName(Path.GetFullPath(Source)) ?? ".";

    /// <summary>Every item, all splits, in file order; repeated rows of one item are merged into one.</summary>
    public IReadOnlyList<GroundTruthItem> Items { get; }

    /// <summary>Every label, in order of first appearance.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// Whether the data is multi-label: most JSON Lines records use <c>classificationAnnotations</c>, or items with
    /// other than one label are at least 2 and at least 1% of the items (so that one odd row does not decide).
    /// </summary>
    public bool IsMultiLabel { get; }

    /// <summary>Rows that repeated an item already read (merged into it).</summary>
    public int DuplicateRecords { get; }

    /// <summary>Rows that could not be used (each reported as an error).</summary>
    public int SkippedRecords { get; }

    /// <summary>Number of items in each split (null split as "(none)").</summary>
    public IReadOnlyDictionary<string, int> SplitCounts =>
        Items.GroupBy(i => i.MlUse ?? "(none)", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The items of a split; items of a format without splits belong to every split.</summary>
    public IReadOnlyList<GroundTruthItem> InSplit(string mlUse) => Split(mlUse).Items;

    /// <summary>Whether any split has the item <paramref name="itemId"/>.</summary>
    public bool Contains(string itemId) => _itemIds.Value.Contains(itemId);

    /// <summary>The items of a split with their labels and fingerprint.</summary>
    internal GroundTruthSplit Split(string mlUse) => _splits.GetOrAdd(mlUse, name => new Lazy<GroundTruthSplit>(() => new GroundTruthSplit(
        name, Items.Where(i => i.MlUse is null || string.Equals(i.MlUse, name, StringComparison.Ordinal)).ToArray()))).Value;
}

/// <summary>The items of one split of a ground truth.</summary>
internal sealed class GroundTruthSplit
{
    private readonly Lazy<Dictionary<string, int>> _positions;
    private readonly Lazy<ulong> _fingerprint;

    public GroundTruthSplit(string mlUse, IReadOnlyList<GroundTruthItem> items)
    {
        Items = items;
        _positions = new Lazy<Dictionary<string, int>>(() =>
        {
            var positions = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++) positions[items[i].ItemId] = i;
            return positions;
        });
        Labels = items.SelectMany(i => i.Labels).Distinct(StringComparer.Ordinal).ToArray();
        // Only partial evaluations need it: an evaluation of the whole does not hash every item.
        _fingerprint = new Lazy<ulong>(() =>
        {
            var hash = ItemHash.Of(mlUse + "\n");
            foreach (var item in items) hash = ItemHash.Continue(hash, item.ItemId + "\t" + string.Join("\u001f", item.Labels) + "\n");
            return hash;
        });
    }

    /// <summary>The split's items in file order.</summary>
    public IReadOnlyList<GroundTruthItem> Items { get; }

    /// <summary>The position of the item <paramref name="itemId"/> in <see cref="Items"/>, or null when the split lacks it.</summary>
    public int? IndexOf(string itemId) => _positions.Value.TryGetValue(itemId, out var at) ? at : null;

    /// <summary>The labels the split's items carry, in order of first appearance.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>FNV-1a of the split's name and items (path and labels, in order): parts of one ground truth's split carry the same.</summary>
    public ulong Fingerprint => _fingerprint.Value;
}
