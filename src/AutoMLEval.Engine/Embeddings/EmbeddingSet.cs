using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>
/// Embedding vectors of named items (image paths), all of the same dimension, stored row-major in one
/// array. Immutable. Memory: 4 bytes per value plus the item identifiers.
/// </summary>
public sealed class EmbeddingSet
{
    private readonly string[] _itemIds;
    private readonly float[] _vectors;
    private readonly Dictionary<string, int> _indexById;

    /// <summary>Creates the set, validating it: unique identifiers, finite values, <c>vectors.Length == itemIds.Count × dimension</c>. The array is copied.</summary>
    /// <param name="itemIds">Item identifiers, one per row.</param>
    /// <param name="vectors">Row-major values [item × dimension].</param>
    /// <param name="dimension">Length of every vector (at least 1).</param>
    public EmbeddingSet(IReadOnlyList<string> itemIds, float[] vectors, int dimension)
        : this((float[])(vectors ?? throw new ArgumentNullException(nameof(vectors))).Clone(), Validate(itemIds, vectors, dimension), dimension)
    {
    }

    /// <summary>Takes ownership of arrays already validated (by the public constructor, the builder or a subset).</summary>
    private EmbeddingSet(float[] vectors, string[] itemIds, int dimension)
    {
        _itemIds = itemIds;
        _vectors = vectors;
        Dimension = dimension;
        _indexById = new Dictionary<string, int>(itemIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < itemIds.Length; i++) _indexById[itemIds[i]] = i;
    }

    /// <summary>
    /// Takes ownership of arrays already validated (by the builder, which gives the records it rejected and the rejection
    /// of each item left without a vector, or a subset).
    /// </summary>
    internal static EmbeddingSet FromValidated(string[] itemIds, float[] vectors, int dimension, int skippedRecords = 0, ItemRejections? rejections = null) =>
        new(vectors, itemIds, dimension) { SkippedRecords = skippedRecords, _rejections = rejections };

    // The builder's rejection of each item it left without a vector; null for a set made in memory or a subset.
    private ItemRejections? _rejections;

    /// <summary>Length of every vector.</summary>
    public int Dimension { get; }

    /// <summary>Number of items.</summary>
    public int Count => _itemIds.Length;

    /// <summary>
    /// Records the readers rejected while this set was read (each reported as an error), so that a front end can count
    /// them beside its results; 0 for a set made in memory or a subset.
    /// </summary>
    public int SkippedRecords { get; private init; }

    /// <summary>Item identifiers in row order.</summary>
    public IReadOnlyList<string> ItemIds => _itemIds;

    /// <summary>The row-major values; internal so that the search reads them without copying.</summary>
    internal float[] Values => _vectors;

    /// <summary>The vector of the item in row <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> VectorAt(int index) => new(_vectors, index * Dimension, Dimension);

    /// <summary>The row of an item, or -1 when the set has no vector for it (ordinal comparison).</summary>
    public int IndexOf(string itemId) => _indexById.TryGetValue(itemId, out var index) ? index : -1;

    /// <summary>Whether the set has a vector for the item.</summary>
    public bool Contains(string itemId) => _indexById.ContainsKey(itemId);

    /// <summary>
    /// The error that rejected the record of an item the set has no vector for (its first, when several were), or null:
    /// what tells an item whose embedding was rejected from one the files do not hold. Null for a set made in memory or a subset.
    /// </summary>
    public DataIssue? RejectionOf(string itemId) => _rejections?.Of(itemId);

    /// <summary>
    /// The first few of <paramref name="itemIds"/> whose record was rejected, each with where and why, for a message:
    /// " (q2.png: emb.csv:8 DimensionMismatch, q3.png: emb.csv:5 NonFiniteEmbedding)" (<see cref="FirstNames"/>,
    /// <see cref="DataIssue.LocationAndCode"/>); each was reported as an error when read. Items without a rejection are skipped.
    /// </summary>
    public string RejectionsInParentheses(IEnumerable<string> itemIds) =>
        FirstNames.InParentheses(itemIds.Select(id => (Id: id, Issue: RejectionOf(id))).Where(r => r.Issue is not null).Select(r => $"{r.Id}: {r.Issue!.LocationAndCode()}").ToArray());

    /// <summary>
    /// The code of the warning on items an analysis left out for want of a vector (<see cref="LeftOut"/>'s text), in every
    /// front end: the CLI's <c>warning ItemsWithoutEmbedding:</c>, the report's issue, and Export-ModelPrediction's error on a
    /// prediction that carries none. Named as the JSON's <c>itemsWithoutEmbedding</c> count.
    /// </summary>
    public const string ItemsWithoutEmbeddingCode = "ItemsWithoutEmbedding";

    /// <summary>
    /// Items an analysis left out for want of a vector, in one wording for every front end and both sides (queries,
    /// references): those the files hold no record of apart from those whose record was rejected, each of these with where
    /// and why: "1 reference item without an embedding (d.png; give the embedding files of their split too, for example
    /// --embeddings embeddings.*.jsonl) and 1 whose embedding record was rejected (z.png: e.jsonl:9 ZeroEmbedding)";
    /// "0 items without an embedding" when none. A rejected record is no missing file: saying it apart keeps the user from
    /// looking for one, and the advice is for the others (usually test items searched with the training file alone).
    /// </summary>
    /// <param name="itemIds">The items left out, in order.</param>
    /// <param name="singular">The noun counted ("query", "reference item").</param>
    /// <param name="plural">Its plural, when not the singular with an s.</param>
    /// <param name="embeddingsOption">The front end's option that takes the embedding files (--embeddings, -EmbeddingPath), for the advice.</param>
    public string LeftOut(IReadOnlyList<string> itemIds, string singular, string? plural, string embeddingsOption)
    {
        if (itemIds is null) throw new ArgumentNullException(nameof(itemIds));
        var rejected = Rejected(itemIds);
        var absent = rejected.Count == 0 ? itemIds : itemIds.Except(rejected, StringComparer.Ordinal).ToArray();
        var advice = absent.Count == 0 ? string.Empty : $" ({FirstNames.Of(absent, absent.Count)}; give the embedding files of their split too, for example {embeddingsOption} embeddings.*.jsonl)";
        var withoutRecord = $"{Counted.Of(absent.Count, singular, plural)} without an embedding{advice}";
        if (rejected.Count == 0) return withoutRecord;
        var rejectedText = $"{(absent.Count == 0 ? Counted.Of(rejected.Count, singular, plural) : rejected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} whose embedding {(rejected.Count == 1 ? "record was" : "records were")} rejected{RejectionsInParentheses(rejected)}";
        return absent.Count == 0 ? rejectedText : $"{withoutRecord} and {rejectedText}";
    }

    /// <summary>The items of <paramref name="itemIds"/> whose record was rejected (<see cref="RejectionOf"/>), in order.</summary>
    public IReadOnlyList<string> Rejected(IEnumerable<string> itemIds) => _rejections is null ? Array.Empty<string>() : itemIds.Where(_rejections.Contains).ToArray();

    /// <summary>The items for which <paramref name="keep"/> is true, in their original order.</summary>
    public EmbeddingSet Where(Func<string, bool> keep)
    {
        var rows = new List<int>();
        for (int i = 0; i < _itemIds.Length; i++)
        {
            if (keep(_itemIds[i])) rows.Add(i);
        }
        return Rows(rows);
    }

    /// <summary>The named items that have a vector, each once, in the order first named (items without one are left out).</summary>
    public EmbeddingSet OfItems(IEnumerable<string> itemIds)
    {
        if (itemIds is null) throw new ArgumentNullException(nameof(itemIds));
        var rows = new List<int>();
        var seen = new HashSet<int>();
        foreach (var itemId in itemIds)
        {
            if (_indexById.TryGetValue(itemId, out var row) && seen.Add(row)) rows.Add(row);
        }
        return Rows(rows);
    }

    private EmbeddingSet Rows(List<int> rows)
    {
        var ids = new string[rows.Count];
        var values = new float[rows.Count * Dimension];
        for (int r = 0; r < rows.Count; r++)
        {
            ids[r] = _itemIds[rows[r]];
            Array.Copy(_vectors, rows[r] * Dimension, values, r * Dimension, Dimension);
        }
        return FromValidated(ids, values, Dimension);
    }

    private static string[] Validate(IReadOnlyList<string> itemIds, float[] vectors, int dimension)
    {
        if (itemIds is null) throw new ArgumentNullException(nameof(itemIds));
        if (vectors is null) throw new ArgumentNullException(nameof(vectors));
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        if (vectors.LongLength != (long)itemIds.Count * dimension)
        {
            throw new ArgumentException($"Expected {itemIds.Count} × {dimension} values, got {vectors.LongLength}.", nameof(vectors));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in itemIds)
        {
            if (id is null || !seen.Add(id)) throw new ArgumentException($"Item identifier '{id}' is null or repeated.", nameof(itemIds));
        }
        for (long k = 0; k < vectors.LongLength; k++)
        {
            if (float.IsNaN(vectors[k]) || float.IsInfinity(vectors[k]))
            {
                throw new ArgumentException($"Value {k % dimension} of item '{itemIds[(int)(k / dimension)]}' is not finite.", nameof(vectors));
            }
        }
        return itemIds.ToArray();
    }
}
