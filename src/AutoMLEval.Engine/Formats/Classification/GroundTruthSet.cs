using System.Collections.Concurrent;
using System.Globalization;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>One item of a classification ground truth: its path (the key predictions match on), labels and split.</summary>
/// <param name="ItemId">The item's path exactly as written (backslashes turned into slashes).</param>
/// <param name="Labels">Its true labels (none is allowed in multi-label data; a single-label evaluation leaves such an item out).</param>
/// <param name="MlUse">Its split (<see cref="MlUse"/>), or null when the format has none.</param>
/// <param name="Line">The 1-based line it was read from (0 for a folder).</param>
public sealed record GroundTruthItem(string ItemId, IReadOnlyList<string> Labels, string? MlUse, long Line);

/// <summary>
/// How many items of a ground truth file have several labels, and what that decides: multi-label when most JSON Lines
/// records use <c>classificationAnnotations</c> (<paramref name="ByRecordForm"/>), or when items with several labels
/// are at least 2 and at least 1% of the items. An item without a label is no evidence either way.
/// </summary>
/// <param name="Items">Items in the file, all splits.</param>
/// <param name="SeveralLabelItems">Items with more than one label (a row naming several, or repeated rows of different labels).</param>
/// <param name="FirstSeveralLabelItem">The first of them in the file, or null.</param>
/// <param name="ByRecordForm">Whether most JSON Lines records use the multi-label form.</param>
public sealed record GroundTruthLabelCounts(long Items, long SeveralLabelItems, GroundTruthItem? FirstSeveralLabelItem, bool ByRecordForm)
{
    /// <summary>Whether the data is multi-label.</summary>
    public bool IsMultiLabel => ByRecordForm || (SeveralLabelItems >= 2 && SeveralLabelItems * 100L >= Items);

    /// <summary>
    /// Whether the data was found multi-label on few items: by the count, with under a tenth of the items having
    /// several labels. That is as likely label noise (a repeated row with another label) as multi-label data, and it
    /// changes every figure, so the user is told which rows decided it.
    /// </summary>
    public bool IsMultiLabelByFewItems => IsMultiLabel && !ByRecordForm && SeveralLabelItems * 10L < Items;
}

/// <summary>A classification ground truth as read from one file or folder, all splits.</summary>
public sealed class GroundTruthSet
{
    // Each split's view is built once: the shards of one fan-out join against the same set (SharedGroundTruth).
    private readonly ConcurrentDictionary<string, Lazy<GroundTruthSplit>> _splits = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, int>> _splitCounts;
    // Each item's place in Items: Contains and a split of every item use it.
    private readonly Lazy<Dictionary<string, int>> _positions;

    // positions: the same, where the reader has it, so that the paths are not hashed again.
    internal GroundTruthSet(string source, IReadOnlyList<GroundTruthItem> items, bool isMultiLabel, int duplicateRecords, int skippedRecords, Dictionary<string, int>? positions = null)
    {
        _positions = new Lazy<Dictionary<string, int>>(() => positions ?? PositionsOf(items));
        Source = source;
        Items = items;
        IsMultiLabel = isMultiLabel;
        DuplicateRecords = duplicateRecords;
        SkippedRecords = skippedRecords;
        Labels = LabelsOf(items);
        _splitCounts = new Lazy<IReadOnlyDictionary<string, int>>(() =>
            items.GroupBy(i => i.MlUse ?? NoSplit, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }

    /// <summary>A ground truth read for one shard: <paramref name="keptItems"/> and what the whole file says of the rest.</summary>
    internal GroundTruthSet(
        string source, IReadOnlyList<GroundTruthItem> keptItems, bool isMultiLabel, int duplicateRecords, int skippedRecords,
        IReadOnlyList<string> labels, IReadOnlyDictionary<string, int> splitCounts, GroundTruthSplit split)
        : this(source, keptItems, isMultiLabel, duplicateRecords, skippedRecords)
    {
        Labels = labels;
        _splitCounts = new Lazy<IReadOnlyDictionary<string, int>>(() => splitCounts);
        _splits[split.MlUse] = new Lazy<GroundTruthSplit>(() => split);
        IsFiltered = true;
    }

    /// <summary>
    /// The labels <paramref name="items"/> carry, in order of first appearance. Indexed, not enumerated: an enumerator of
    /// each item's labels was an object an item (200,000 of them for a split of that size).
    /// </summary>
    internal static string[] LabelsOf(IReadOnlyList<GroundTruthItem> items, bool singleLabelItemsOnly = false)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var labels = new List<string>();
        for (int i = 0; i < items.Count; i++)
        {
            var itemLabels = items[i].Labels;
            if (singleLabelItemsOnly && itemLabels.Count != 1) continue;
            for (int k = 0; k < itemLabels.Count; k++)
            {
                if (seen.Add(itemLabels[k])) labels.Add(itemLabels[k]);
            }
        }
        return labels.ToArray();
    }

    /// <summary>The split name <see cref="SplitCounts"/> gives rows without one.</summary>
    internal const string NoSplit = "(none)";

    /// <summary>The file or folder read.</summary>
    public string Source { get; }

    /// <summary>The folder relative item paths are relative to (the file's folder, or the folder itself).</summary>
    public string BaseDirectory => Directory.Exists(Source) ? Source : Path.GetDirectoryName(Path.GetFullPath(Source)) ?? ".";

    /// <summary>
    /// Every item, all splits, in file order; repeated rows of one item are merged into one. Of a set read for a shard
    /// (<see cref="IsFiltered"/>), only the items it kept.
    /// </summary>
    public IReadOnlyList<GroundTruthItem> Items { get; }

    /// <summary>
    /// Whether the set was read for one shard of predictions and one split: <see cref="Items"/> holds the shard's items
    /// (and a few the join reports), while the counts, labels and the split's size and fingerprint are the whole file's.
    /// </summary>
    public bool IsFiltered { get; }

    /// <summary>Every label, in order of first appearance.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Whether the data is multi-label (<see cref="GroundTruthLabelCounts.IsMultiLabel"/>; a folder is single-label).</summary>
    public bool IsMultiLabel { get; }

    /// <summary>The label counts that decided <see cref="IsMultiLabel"/> (null for a folder, whose items have one label each).</summary>
    public GroundTruthLabelCounts? LabelCounts { get; init; }

    /// <summary>Rows that repeated an item already read (merged into it).</summary>
    public int DuplicateRecords { get; }

    /// <summary>Rows that could not be used (each reported as an error).</summary>
    public int SkippedRecords { get; }

    /// <summary>
    /// The items named by rows that could not be used (of a set read for a shard, those the shard predicts): such an
    /// item's prediction is one of a rejected item, not of an item the ground truth does not list.
    /// </summary>
    internal HashSet<string> RejectedRecordItems { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Where the rows have the form of another task's Vertex AI import: a clause ("; the rows have the form of …") naming
    /// the task to evaluate it as, for the error that ends a join of nothing usable; otherwise empty.
    /// </summary>
    internal string OtherTaskHint { get; init; } = string.Empty;

    /// <summary>Number of items in each split (null split as "(none)").</summary>
    public IReadOnlyDictionary<string, int> SplitCounts => _splitCounts.Value;

    /// <summary>The items of a split; items of a format without splits belong to every split.</summary>
    public IReadOnlyList<GroundTruthItem> InSplit(string mlUse) => Split(mlUse).Items;

    /// <summary>Whether any split has the item <paramref name="itemId"/> (of a filtered set: whether it kept it, as it keeps every item the shard predicts).</summary>
    public bool Contains(string itemId) => _positions.Value.ContainsKey(itemId);

    /// <summary>Each item's place in <paramref name="items"/>, by its path.</summary>
    internal static Dictionary<string, int> PositionsOf(IReadOnlyList<GroundTruthItem> items)
    {
        var positions = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++) positions[items[i].ItemId] = i;
        return positions;
    }

    /// <summary>The items of a split with their labels and fingerprint (a filtered set has only the split it was read for).</summary>
    internal GroundTruthSplit Split(string mlUse) => _splits.GetOrAdd(mlUse, name => IsFiltered
        ? throw new InvalidOperationException($"The ground truth {Source} was read for the '{_splits.Keys.Single()}' split only.")
        : new Lazy<GroundTruthSplit>(() =>
        {
            var items = Items.Where(i => i.MlUse is null || string.Equals(i.MlUse, name, StringComparison.Ordinal)).ToArray();
            return new GroundTruthSplit(name, items, items.Length == Items.Count ? _positions.Value : null);
        })).Value;
}

/// <summary>The items of one split of a ground truth (of a filtered set: the kept ones, with the whole split's figures).</summary>
internal sealed class GroundTruthSplit
{
    private readonly Lazy<Dictionary<string, int>> _positions;
    private readonly Lazy<ulong> _fingerprint;
    private readonly Lazy<IReadOnlyList<string>> _singleLabelItemLabels;

    /// <summary>The split of <paramref name="items"/>; <paramref name="positions"/>, where given, holds each one's place in them.</summary>
    public GroundTruthSplit(string mlUse, IReadOnlyList<GroundTruthItem> items, Dictionary<string, int>? positions = null)
        : this(mlUse, items, items.Count, GroundTruthSet.LabelsOf(items), new Lazy<IReadOnlyList<string>>(() => GroundTruthSet.LabelsOf(items, singleLabelItemsOnly: true)), 0,
            // Only partial evaluations need it: an evaluation of the whole does not hash every item.
            new Lazy<ulong>(() => FingerprintOf(mlUse, items.Select((item, at) => FingerprintTerm(at, item.ItemId, item.Labels)).Aggregate(0UL, (sum, term) => unchecked(sum + term)))),
            positions)
    {
    }

    /// <summary>A split read for a shard: its kept <paramref name="items"/> and the whole split's figures.</summary>
    public GroundTruthSplit(
        string mlUse, IReadOnlyList<GroundTruthItem> items, int itemCount, IReadOnlyList<string> labels, Lazy<IReadOnlyList<string>> singleLabelItemLabels,
        int unlistedNotSingleLabelItems, Lazy<ulong> fingerprint, Dictionary<string, int>? positions = null)
    {
        MlUse = mlUse;
        Items = items;
        ItemCount = itemCount;
        Labels = labels;
        _singleLabelItemLabels = singleLabelItemLabels;
        UnlistedNotSingleLabelItems = unlistedNotSingleLabelItems;
        _fingerprint = fingerprint;
        _positions = new Lazy<Dictionary<string, int>>(() => positions ?? GroundTruthSet.PositionsOf(items));
    }

    /// <summary>The split's name.</summary>
    public string MlUse { get; }

    /// <summary>The split's items in file order (of a filtered set, the kept ones).</summary>
    public IReadOnlyList<GroundTruthItem> Items { get; }

    /// <summary>The number of items in the split, kept or not.</summary>
    public int ItemCount { get; }

    /// <summary>Items of the split with other than one label that <see cref="Items"/> leaves out (a single-label join rejects them too).</summary>
    public int UnlistedNotSingleLabelItems { get; }

    /// <summary>The position of the item <paramref name="itemId"/> in <see cref="Items"/>, or null when the split lacks it.</summary>
    public int? IndexOf(string itemId) => _positions.Value.TryGetValue(itemId, out var at) ? at : null;

    /// <summary>Builds the index <see cref="IndexOf"/> looks items up in, if not built yet (a read can build it while the other file is read).</summary>
    public void BuildIndex() => _ = _positions.Value;

    /// <summary>The labels the split's items carry, in order of first appearance.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// The labels an evaluation takes from the split: multi-label, <see cref="Labels"/>; single-label, only those of the
    /// items with one label, for it leaves the others out (NotSingleLabel), and an item left out leaves no trace in the
    /// metrics: its second label, carried by no other item, was a label of support 0 in every macro average.
    /// </summary>
    public IReadOnlyList<string> LabelsEvaluated(bool multiLabel) => multiLabel ? Labels : _singleLabelItemLabels.Value;

    /// <summary>
    /// The split's fingerprint: parts of one ground truth's split carry the same, however the shard read it. FNV-1a of the
    /// split's name, a newline and, as 16 hex digits, the sum (mod 2⁶⁴) of <see cref="FingerprintTerm"/> over its items:
    /// a sum, so that a read that keeps some items and passes the others by adds the same terms in any order.
    /// </summary>
    public ulong Fingerprint => _fingerprint.Value;

    /// <summary>The fingerprint of split <paramref name="mlUse"/> whose items' terms sum to <paramref name="terms"/>.</summary>
    public static ulong FingerprintOf(string mlUse, ulong terms) =>
        ItemHash.Continue(ItemHash.Of(mlUse + "\n"), terms.ToString("x16", CultureInfo.InvariantCulture));

    /// <summary>
    /// An item's term: the next SplitMix64 output (<see cref="PoissonResamples.SplitMix64"/>) from the state FNV-1a of its
    /// path, a tab and its labels (joined by U+001F) plus its position in the split times 2⁶⁴/φ, so that order counts.
    /// </summary>
    public static ulong FingerprintTerm(long position, string itemId, IReadOnlyList<string> labels)
    {
        // Hashed piece by piece, as the joined text would be: no separator is a surrogate, so no pair spans two pieces.
        var hash = ItemHash.Continue(ItemHash.Of(itemId), "\t");
        for (int i = 0; i < labels.Count; i++)
        {
            if (i > 0) hash = ItemHash.Continue(hash, "\u001f");
            hash = ItemHash.Continue(hash, labels[i]);
        }
        var state = unchecked(hash + ((ulong)position * 0x9E3779B97F4A7C15UL));
        return PoissonResamples.SplitMix64(ref state);
    }
}
