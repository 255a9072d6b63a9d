namespace AutoMLEval.Engine.Embeddings;

/// <summary>One neighbour found for a query: its row in the reference set and its distance.</summary>
/// <param name="ReferenceIndex">Row of the neighbour in the reference <see cref="EmbeddingSet"/>.</param>
/// <param name="Distance">Distance from the query, computed exactly in double precision.</param>
public readonly record struct Neighbor(int ReferenceIndex, double Distance);

/// <summary>
/// The k nearest references of every query, nearest first (ties by lower reference row). Immutable.
/// Memory: 12 bytes per (query, neighbour).
/// </summary>
public sealed class NeighborTable
{
    private readonly Neighbor[] _neighbors;
    private readonly int[] _counts;

    internal NeighborTable(Neighbor[] neighbors, int[] counts, int k, DistanceMetric metric)
    {
        _neighbors = neighbors;
        _counts = counts;
        K = k;
        Metric = metric;
    }

    /// <summary>Number of queries (rows).</summary>
    public int QueryCount => _counts.Length;

    /// <summary>Neighbours asked for per query.</summary>
    public int K { get; }

    /// <summary>The distance used.</summary>
    public DistanceMetric Metric { get; }

    /// <summary>The neighbours of query row <paramref name="query"/>, nearest first (at most <see cref="K"/>).</summary>
    public IReadOnlyList<Neighbor> NeighborsOf(int query) => new ArraySegment<Neighbor>(_neighbors, query * K, _counts[query]);
}
