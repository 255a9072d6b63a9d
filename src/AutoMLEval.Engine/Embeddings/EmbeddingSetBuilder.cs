using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>
/// Collects vectors one record at a time (from one or several files) and rejects, with a located
/// <see cref="DataIssue"/>, the records that cannot be used: a repeated item, a vector whose length differs
/// from the first accepted one, a value that is NaN or infinite. The first accepted vector fixes the dimension.
/// </summary>
public sealed class EmbeddingSetBuilder
{
    private readonly List<string> _itemIds = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly IIssueSink _issues;
    private float[] _values = new float[1024];
    private long _valueCount;

    /// <summary>Creates a builder reporting rejected records to <paramref name="issues"/>.</summary>
    public EmbeddingSetBuilder(IIssueSink issues) => _issues = issues ?? throw new ArgumentNullException(nameof(issues));

    /// <summary>The dimension fixed by the first accepted vector, or 0 before that.</summary>
    public int Dimension { get; private set; }

    /// <summary>Number of accepted vectors.</summary>
    public int Count => _itemIds.Count;

    /// <summary>Number of records rejected (each one reported).</summary>
    public int RejectedCount { get; private set; }

    /// <summary>Where issues go (readers report their own parse errors there too).</summary>
    internal IIssueSink Issues => _issues;

    /// <summary>Adds one vector; returns false (after reporting why) when the record is rejected.</summary>
    /// <param name="itemId">The item (image path), matched as an ordinal string.</param>
    /// <param name="vector">Its values.</param>
    /// <param name="source">The file the record came from, for the issue.</param>
    /// <param name="line">The 1-based line of the record, for the issue.</param>
    public bool Add(string itemId, ReadOnlySpan<float> vector, string source, long line)
    {
        if (string.IsNullOrEmpty(itemId)) return Reject("MissingItem", source, line, "content", "The record names no item.");
        if (vector.Length == 0) return Reject("EmptyEmbedding", source, line, "embedding", $"Item '{itemId}' has an empty vector.");
        for (int i = 0; i < vector.Length; i++)
        {
            if (float.IsNaN(vector[i]) || float.IsInfinity(vector[i]))
            {
                return Reject("NonFiniteEmbedding", source, line, $"embedding[{i}]", $"Value {i} of item '{itemId}' is not a finite number.");
            }
        }
        if (Dimension != 0 && vector.Length != Dimension)
        {
            return Reject("DimensionMismatch", source, line, "embedding", $"Item '{itemId}' has {vector.Length} values; the vectors before it have {Dimension}.");
        }
        if (!_seen.Add(itemId)) return Reject("DuplicateItem", source, line, "content", $"Item '{itemId}' already has a vector; this one is ignored.");
        Dimension = vector.Length;
        if (_valueCount + vector.Length > _values.Length)
        {
            Array.Resize(ref _values, (int)Math.Min(int.MaxValue - 64, Math.Max(_values.Length * 2L, _valueCount + vector.Length)));
        }
        vector.CopyTo(new Span<float>(_values, (int)_valueCount, vector.Length));
        _valueCount += vector.Length;
        _itemIds.Add(itemId);
        return true;
    }

    /// <summary>Records a rejected record found by a reader (malformed line), so that the count covers it.</summary>
    internal bool Reject(string code, string source, long line, string field, string message)
    {
        RejectedCount++;
        _issues.Report(new DataIssue(code, IssueSeverity.Error, source, line, field, message));
        return false;
    }

    /// <summary>The accepted vectors as an immutable set; throws <see cref="InputFormatException"/> when there are none.</summary>
    /// <param name="source">Names the input in the error.</param>
    public EmbeddingSet Build(string source)
    {
        if (_itemIds.Count == 0) throw new InputFormatException("NoEmbeddings", source, 0, string.Empty, "No usable embedding was read.");
        var values = new float[_valueCount];
        Array.Copy(_values, values, _valueCount);
        return EmbeddingSet.FromValidated(_itemIds.ToArray(), values, Dimension, RejectedCount);
    }
}
