using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// What a shard's read of a large ground truth keeps (<see cref="GroundTruthReader.ReadForShard"/>): the items the
/// shard predicts, the first few items of the split a single-label join rejects (so that it reports them as it does
/// for a whole read), and, on a second read, the items whose rows repeat. Every other item is tallied here as its
/// row goes by: its split, label count, labels' first appearance and share of the split's fingerprint, and a 64-bit
/// hash of its path (8 bytes a row) from which repeated rows are found afterwards. The tallies are exact when no
/// item left out has a second row; when one has (or two paths share a hash), the file is read again keeping those
/// items whole.
/// </summary>
internal sealed class GroundTruthFilter
{
    private readonly HashSet<string> _predicted;
    private readonly HashSet<ulong>? _repeated;
    private readonly PathHashes _hashes = new();
    private readonly Dictionary<string, (long FirstOrdinal, int Count)> _itemsPerSplit = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, (long Ordinal, int Position)>> _labelsSeen = new(StringComparer.Ordinal);
    // The same of the items with one label: those a single-label evaluation keeps.
    private readonly Dictionary<string, Dictionary<string, (long Ordinal, int Position)>> _singleLabelsSeen = new(StringComparer.Ordinal);
    private int _rejectableKept;

    /// <summary>A filter for the first read (<paramref name="repeated"/> null) or for a second one keeping the items of repeated rows.</summary>
    public GroundTruthFilter(string mlUse, IEnumerable<string> predicted, HashSet<ulong>? repeated = null)
    {
        MlUse = mlUse;
        _predicted = new HashSet<string>(predicted, StringComparer.Ordinal);
        _repeated = repeated;
    }

    /// <summary>The split the shard is evaluated on.</summary>
    public string MlUse { get; }

    /// <summary>Items left out with several labels, all splits (they weigh in the multi-label decision).</summary>
    public int SeveralLabelItems { get; private set; }

    /// <summary>The first item left out with several labels (by line), or null.</summary>
    public GroundTruthItem? FirstSeveralLabelItem { get; private set; }

    /// <summary>Items of the split left out with other than one label: a single-label join rejects them unlisted.</summary>
    public int UnlistedNotSingleLabelItems { get; private set; }

    /// <summary>The items left out's share of the split's fingerprint (<see cref="GroundTruthSplit.FingerprintTerm"/>).</summary>
    public ulong FingerprintTerms { get; private set; }

    /// <summary>Items left out per split ("(none)" for rows without one), and the ordinal of the first.</summary>
    public IReadOnlyDictionary<string, (long FirstOrdinal, int Count)> ItemsPerSplit => _itemsPerSplit;

    /// <summary>Whether an item of the split (<see cref="MlUse"/>) or of no split.</summary>
    public bool InSplit(string? mlUse) => mlUse is null || string.Equals(mlUse, MlUse, StringComparison.Ordinal);

    /// <summary>Whether the shard predicts the item <paramref name="itemId"/>.</summary>
    public bool Predicts(string itemId) => _predicted.Contains(itemId);

    /// <summary>Whether the first row of an item keeps the item whole.</summary>
    public bool Keeps(string itemId, IReadOnlyList<string> labels, string? mlUse)
    {
        if (Predicts(itemId)) return true;
        var hash = ItemHash.Of(itemId);
        if (_repeated is not null)
        {
            if (_repeated.Contains(hash)) return true;
        }
        else
        {
            // The first read hashes every item it does not keep for the shard, the few kept for the join too: a second
            // row of such an item, kept or not, is found from the hashes.
            _hashes.Add(hash);
        }
        if (labels.Count == 1 || !InSplit(mlUse) || _rejectableKept == CappedIssueSink.PerCode) return false;
        _rejectableKept++;
        return true;
    }

    /// <summary>
    /// Tallies the row of an item left out, read on <paramref name="line"/>: the <paramref name="ordinal"/>-th item of the file, the
    /// <paramref name="splitPosition"/>-th of the split when in it.
    /// </summary>
    public void Tally(string itemId, IReadOnlyList<string> labels, string? mlUse, long line, long ordinal, long splitPosition)
    {
        var split = mlUse ?? GroundTruthSet.NoSplit;
        _itemsPerSplit[split] = _itemsPerSplit.TryGetValue(split, out var tally) ? (tally.FirstOrdinal, tally.Count + 1) : (ordinal, 1);
        Note(_labelsSeen, split, labels, ordinal);
        if (labels.Count == 1) Note(_singleLabelsSeen, split, labels, ordinal);
        if (labels.Count > 1)
        {
            SeveralLabelItems++;
            FirstSeveralLabelItem ??= new GroundTruthItem(itemId, labels.ToArray(), mlUse, line);
        }
        if (labels.Count != 1 && InSplit(mlUse)) UnlistedNotSingleLabelItems++;
        if (InSplit(mlUse)) FingerprintTerms += GroundTruthSplit.FingerprintTerm(splitPosition, itemId, labels);
    }

    private static void Note(Dictionary<string, Dictionary<string, (long Ordinal, int Position)>> labelsSeen, string split, IReadOnlyList<string> labels, long ordinal)
    {
        if (!labelsSeen.TryGetValue(split, out var seen)) labelsSeen[split] = seen = new Dictionary<string, (long, int)>(StringComparer.Ordinal);
        for (int p = 0; p < labels.Count; p++)
        {
            if (!seen.ContainsKey(labels[p])) seen[labels[p]] = (ordinal, p);
        }
    }

    /// <summary>
    /// Where each label first appears among the items left out of the given splits (with <paramref name="singleLabelItemsOnly"/>,
    /// among those with one label): (item ordinal, position in its labels).
    /// </summary>
    public IEnumerable<(string Label, long Ordinal, int Position)> LabelsSeen(Func<string, bool> ofSplit, bool singleLabelItemsOnly = false) =>
        (singleLabelItemsOnly ? _singleLabelsSeen : _labelsSeen).Where(kv => ofSplit(kv.Key)).SelectMany(kv => kv.Value.Select(l => (l.Key, l.Value.Ordinal, l.Value.Position)));

    /// <summary>The path hashes of the items left out that more than one row gave (empty after a second read).</summary>
    public HashSet<ulong> RepeatedPaths() => _hashes.Repeated();

    /// <summary>
    /// 64-bit path hashes in chunks, partitioned by their top byte: 8 bytes a row without a list's doubling copies, and
    /// each partition (a 256th of the rows) sorted on its own to find the repeated ones.
    /// </summary>
    private sealed class PathHashes
    {
        private const int ChunkLength = 1 << 13;
        private readonly List<ulong[]>[] _partitions = Enumerable.Range(0, 256).Select(_ => new List<ulong[]>()).ToArray();
        private readonly int[] _inLast = new int[256];

        public void Add(ulong hash)
        {
            int p = (int)(hash >> 56);
            var chunks = _partitions[p];
            if (chunks.Count == 0 || _inLast[p] == ChunkLength)
            {
                chunks.Add(new ulong[ChunkLength]);
                _inLast[p] = 0;
            }
            chunks[chunks.Count - 1][_inLast[p]++] = hash;
        }

        /// <summary>Hashes added more than once.</summary>
        public HashSet<ulong> Repeated()
        {
            var repeated = new HashSet<ulong>();
            for (int p = 0; p < _partitions.Length; p++)
            {
                var chunks = _partitions[p];
                if (chunks.Count == 0) continue;
                var all = new ulong[((chunks.Count - 1) * ChunkLength) + _inLast[p]];
                for (int c = 0; c < chunks.Count; c++) chunks[c].AsSpan(0, c == chunks.Count - 1 ? _inLast[p] : ChunkLength).CopyTo(all.AsSpan(c * ChunkLength));
                chunks.Clear();
                Array.Sort(all);
                for (int i = 1; i < all.Length; i++)
                {
                    if (all[i] == all[i - 1]) repeated.Add(all[i]);
                }
            }
            return repeated;
        }
    }
}
