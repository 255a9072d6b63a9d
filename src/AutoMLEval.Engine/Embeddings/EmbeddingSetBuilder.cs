using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>
/// Collects vectors one record at a time (from one or several files) and rejects, with a located
/// <see cref="DataIssue"/>, the records that cannot be used: a vector that is empty or holds a value that is NaN or
/// infinite, or, for the cosine distance, is all zeros (when added); a vector whose length is not the set's dimension,
/// or a repeated item (when built). The dimension is the length most records have (ties to the length seen first), so
/// that one short or damaged line, the first one too, is the only line rejected. The issues are held back until
/// <see cref="Build"/> and reported there in the order the records were read, those found when reading and those found
/// when building alike. Reporting to a <see cref="CappedIssueSink"/> (as <see cref="EmbeddingReader.ReadFiles"/> does),
/// it holds the first <see cref="CappedIssueSink.PerCode"/> issues of each code and only counts the rest: the sink would
/// list none of those, so the text reported is the same, and the memory held is bounded by the cap, not by the bad lines.
/// </summary>
public sealed class EmbeddingSetBuilder
{
    private readonly List<Record> _records = new();
    private readonly Dictionary<int, int> _recordsByLength = new();
    private readonly List<int> _lengthsInOrderSeen = new();
    private readonly IIssueSink _issues;
    // _issues when it caps them (else null): the issues held of each code stop at its cap and the rest are counted.
    private readonly CappedIssueSink? _cappedIssues;
    private readonly List<HeldIssue> _heldIssues = new();
    // The issues of each code found while reading, held or only counted; made on the first one under a capped sink.
    private Dictionary<string, int>? _foundByCode;
    private int _reportedHeldIssues;
    private readonly bool _rejectZeroVectors;
    private float[] _values = new float[1024];
    private long _valueCount;

    // The first rejection of each item named by its record, made on the first one (a clean file allocates nothing).
    private ItemRejections? _rejections;

    /// <summary>Creates a builder reporting rejected records to <paramref name="issues"/>.</summary>
    /// <param name="issues">Where rejected records are reported.</param>
    /// <param name="metric">
    /// The distance the vectors are for: under cosine a zero vector has no direction (its distance would be 1 to
    /// everything, and a failed feature extraction writes zeros), so it is rejected (<c>ZeroEmbedding</c>); under
    /// Euclidean it is a point like any other.
    /// </param>
    public EmbeddingSetBuilder(IIssueSink issues, DistanceMetric metric = DistanceMetric.Cosine)
    {
        _issues = issues ?? throw new ArgumentNullException(nameof(issues));
        _cappedIssues = issues as CappedIssueSink;
        _rejectZeroVectors = metric == DistanceMetric.Cosine;
    }

    /// <summary>
    /// Number of records rejected (each one reported): those rejected when read or added, and, once
    /// <see cref="Build"/> has run, those of another length than the dimension and the repeated items.
    /// </summary>
    public int RejectedCount { get; private set; }

    /// <summary>Records read so far, kept or rejected (before <see cref="Build"/>).</summary>
    internal int RecordsRead => _records.Count + RejectedCount;

    /// <summary>
    /// Holds an issue about the input read so far (a reader's warning about a file) until <see cref="Build"/>, which
    /// reports it among the rejected records in the order read.
    /// </summary>
    internal void Report(DataIssue issue)
    {
        if (_cappedIssues is not null)
        {
            _foundByCode ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _foundByCode.TryGetValue(issue.Code, out var found);
            _foundByCode[issue.Code] = found + 1;
            // The sink lists the first of a code it receives: this one has the cap's worth before it, in line order too.
            if (found >= CappedIssueSink.PerCode) return;
        }
        _heldIssues.Add(new HeldIssue(_records.Count, issue));
    }

    /// <summary>The issues held until <see cref="Build"/>: at most <see cref="CappedIssueSink.PerCode"/> of a code under a capped sink.</summary>
    internal int HeldIssueCount => _heldIssues.Count;

    /// <summary>
    /// Adds one vector; returns false (after reporting why) when the record is rejected at once (no item, an empty vector,
    /// a non-finite value, a zero vector under cosine). Its length and item are checked by <see cref="Build"/>, once every
    /// record is known.
    /// </summary>
    /// <param name="itemId">The item (image path), matched as an ordinal string.</param>
    /// <param name="vector">Its values.</param>
    /// <param name="source">The file the record came from, for the issue.</param>
    /// <param name="line">The 1-based line of the record, for the issue.</param>
    public bool Add(string itemId, ReadOnlySpan<float> vector, string source, long line)
    {
        if (string.IsNullOrEmpty(itemId)) return Reject("MissingItem", source, line, "content", "The record names no item.");
        if (vector.Length == 0) return Reject("EmptyEmbedding", source, line, "embedding", $"Item '{itemId}' has an empty vector.", itemId);
        for (int i = 0; i < vector.Length; i++)
        {
            if (float.IsNaN(vector[i]) || float.IsInfinity(vector[i]))
            {
                return Reject("NonFiniteEmbedding", source, line, $"embedding[{i}]", $"Value {i} of item '{itemId}' is not a finite number.", itemId);
            }
        }
        if (_rejectZeroVectors && IsZero(vector))
        {
            return Reject("ZeroEmbedding", source, line, "embedding", $"Item '{itemId}' has a vector of zeros: it has no direction, so no cosine distance (a failed feature extraction writes zeros; the Euclidean distance takes it as a point).", itemId);
        }
        if (_valueCount + vector.Length > _values.Length)
        {
            Array.Resize(ref _values, (int)Math.Min(int.MaxValue - 64, Math.Max(_values.Length * 2L, _valueCount + vector.Length)));
        }
        vector.CopyTo(new Span<float>(_values, (int)_valueCount, vector.Length));
        _records.Add(new Record(itemId, source, line, _valueCount, vector.Length));
        _valueCount += vector.Length;
        if (_recordsByLength.TryGetValue(vector.Length, out var count)) _recordsByLength[vector.Length] = count + 1;
        else
        {
            _recordsByLength.Add(vector.Length, 1);
            _lengthsInOrderSeen.Add(vector.Length);
        }
        return true;
    }

    /// <summary>
    /// Records a rejected record found by a reader (malformed line), so that the count covers it; its issue is held until
    /// <see cref="Build"/>. <paramref name="itemId"/>, when the record named its item, so that a message about the item
    /// can say its record was rejected rather than absent.
    /// </summary>
    internal bool Reject(string code, string source, long line, string field, string message, string? itemId = null)
    {
        Report(Rejection(code, source, line, field, message, itemId));
        return false;
    }

    /// <summary>Counts a rejected record and keeps the first rejection of its item, if named; the caller reports the issue.</summary>
    private DataIssue Rejection(string code, string source, long line, string field, string message, string? itemId)
    {
        RejectedCount++;
        var issue = new DataIssue(code, IssueSeverity.Error, source, line, field, message);
        if (!string.IsNullOrEmpty(itemId)) (_rejections ??= new ItemRejections()).Note(itemId!, issue);
        return issue;
    }

    // Stops at the first non-zero value: on real vectors that is the first one, so the happy path pays one comparison.
    private static bool IsZero(ReadOnlySpan<float> vector)
    {
        foreach (var value in vector)
        {
            if (value != 0) return false;
        }
        return true;
    }

    /// <summary>
    /// The accepted vectors as an immutable set: the dimension is the most common length (ties to the first seen); each
    /// record of another length (<c>DimensionMismatch</c>) and each later record of an item already accepted
    /// (<c>DuplicateItem</c>) is left out; these and the issues held since reading are reported in the order read.
    /// Throws <see cref="InputFormatException"/> when no vector is left. Call it once.
    /// </summary>
    /// <param name="source">Names the input in the error.</param>
    public EmbeddingSet Build(string source)
    {
        if (_records.Count == 0)
        {
            ReportHeldIssues(int.MaxValue);
            CountIssuesNotHeld();
            throw new InputFormatException("NoEmbeddings", source, 0, string.Empty, "No usable embedding was read.");
        }
        int dimension = _lengthsInOrderSeen[0];
        foreach (var length in _lengthsInOrderSeen)
        {
            if (_recordsByLength[length] > _recordsByLength[dimension]) dimension = length;
        }
        int agreeing = _recordsByLength[dimension];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var itemIds = new List<string>(agreeing);
        var values = new float[(long)agreeing * dimension];
        for (int row = 0; row < _records.Count; row++)
        {
            var record = _records[row];
            ReportHeldIssues(row);
            // Reported at once: the issues held from before this record are out, those from after it wait.
            if (record.Length != dimension)
            {
                _issues.Report(Rejection("DimensionMismatch", record.Source, record.Line, "embedding",
                    $"Item '{record.ItemId}' has {record.Length} values; the embeddings have {dimension} ({agreeing} of the {_records.Count} vectors read).", record.ItemId));
            }
            else if (!seen.Add(record.ItemId))
            {
                _issues.Report(Rejection("DuplicateItem", record.Source, record.Line, "content", $"Item '{record.ItemId}' already has a vector; this one is ignored.", itemId: null));
            }
            else
            {
                Array.Copy(_values, record.Offset, values, (long)itemIds.Count * dimension, dimension);
                itemIds.Add(record.ItemId);
            }
        }
        ReportHeldIssues(int.MaxValue);
        CountIssuesNotHeld();
        // An item with a rejected record and an accepted one has its vector: only the items left without one keep their rejection.
        var rejections = _rejections?.Where(itemId => !seen.Contains(itemId));
        return EmbeddingSet.FromValidated(itemIds.ToArray(), values.Length == (long)itemIds.Count * dimension ? values : values.AsSpan(0, itemIds.Count * dimension).ToArray(), dimension, RejectedCount, rejections);
    }

    /// <summary>Reports, in the order found, the held issues found before the record of row <paramref name="row"/> was read.</summary>
    private void ReportHeldIssues(int row)
    {
        while (_reportedHeldIssues < _heldIssues.Count && _heldIssues[_reportedHeldIssues].RecordsBefore <= row)
        {
            _issues.Report(_heldIssues[_reportedHeldIssues++].Issue);
        }
    }

    /// <summary>Tells the capped sink, once the held issues are out, how many of each code were found past its cap and not held.</summary>
    private void CountIssuesNotHeld()
    {
        if (_foundByCode is null) return;
        foreach (var found in _foundByCode)
        {
            if (found.Value > CappedIssueSink.PerCode) _cappedIssues!.CountUnlisted(found.Key, found.Value - CappedIssueSink.PerCode);
        }
    }

    /// <summary>An issue held until <see cref="Build"/>, and how many records were kept before it was found.</summary>
    private readonly record struct HeldIssue(int RecordsBefore, DataIssue Issue);

    /// <summary>Where one added vector lies in the values read, and where it came from.</summary>
    private readonly record struct Record(string ItemId, string Source, long Line, long Offset, int Length);
}
