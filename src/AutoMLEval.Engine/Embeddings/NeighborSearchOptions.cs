namespace AutoMLEval.Engine.Embeddings;

/// <summary>Parameters of <see cref="NearestNeighborSearch.Search"/>.</summary>
public sealed record NeighborSearchOptions
{
    /// <summary>Neighbours per query (k); fewer when there are fewer references. Default 10.</summary>
    public int Count { get; init; } = 10;

    /// <summary>The distance; cosine by default.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Cosine;

    /// <summary>
    /// Whether a reference with the same item identifier as the query is skipped, so that searching a split
    /// against itself finds each item's neighbours other than itself (leave-one-out).
    /// </summary>
    public bool ExcludeSameItem { get; init; }

    /// <summary>Worker threads; 0 or less means one per core.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Queries per work item (rounded up to a multiple of 4). Default 256.</summary>
    public int QueryBlockSize { get; init; } = 256;

    /// <summary>Bytes of reference vectors per block, sized to stay in the core's L2 cache. Default 512 KiB.</summary>
    public int ReferenceBlockBytes { get; init; } = 512 * 1024;

    /// <summary>The dot-product kernel; the fastest this build and processor have unless a test or benchmark picks one.</summary>
    internal DotProductKernel Kernel { get; init; } = DotProductKernels.Fastest;
}
