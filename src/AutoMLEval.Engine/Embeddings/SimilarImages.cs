using AutoMLEval.Engine.Diagnostics;
namespace AutoMLEval.Engine.Embeddings;

/// <summary>Parameters of <see cref="SimilarImages.Find"/>.</summary>
public sealed record SimilarImagesOptions
{
    /// <summary>The queries by item identifier (for example misclassified test images), answered in this order; when null, every item of <see cref="QuerySplit"/>.</summary>
    public IReadOnlyList<string>? QueryItems { get; init; }

    /// <summary>The split whose items are the queries when <see cref="QueryItems"/> is null; null means every split. Default <c>test</c>.</summary>
    public string? QuerySplit { get; init; } = "test";

    /// <summary>The split searched; null means every split. Default <c>training</c>.</summary>
    public string? ReferenceSplit { get; init; } = "training";

    /// <summary>Neighbours per query. Default 6.</summary>
    public int Count { get; init; } = 6;

    /// <summary>The distance; cosine by default.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Cosine;
}

/// <summary>One neighbour of a query.</summary>
/// <param name="ItemId">The reference item.</param>
/// <param name="Split">Its split.</param>
/// <param name="Labels">Its ground-truth labels.</param>
/// <param name="Distance">Its distance from the query.</param>
/// <param name="AgreesWithQuery">Whether its label set equals the query's (order ignored; sharing one label of several is not agreeing; false when the query has no ground truth).</param>
public sealed record SimilarImage(string ItemId, string Split, IReadOnlyList<string> Labels, double Distance, bool AgreesWithQuery);

/// <summary>A query with its nearest reference items, nearest first.</summary>
/// <param name="ItemId">The query item.</param>
/// <param name="Split">Its split, or empty when it is not in the ground truth.</param>
/// <param name="Labels">Its ground-truth labels (empty when unknown).</param>
/// <param name="Neighbors">Its nearest reference items (itself excluded).</param>
public sealed record SimilarImagesQuery(string ItemId, string Split, IReadOnlyList<string> Labels, IReadOnlyList<SimilarImage> Neighbors);

/// <summary>The result of <see cref="SimilarImages.Find"/>, with what did not match.</summary>
/// <param name="Queries">One entry per query that has a vector, in query order.</param>
/// <param name="QueriesWithoutEmbedding">Queries asked for that have no vector (named queries, or items of the query split).</param>
/// <param name="References">How the reference split matched the embeddings.</param>
/// <param name="ItemIdsWithoutGroundTruth">The items of the vectors whose item is absent from the ground truth, in the order read (for a front end to count and name them) (never references).</param>
/// <param name="Metric">The distance used.</param>
/// <param name="NeighborCount">The k every query's neighbours were: the k asked for, or fewer when the references are fewer.</param>
public sealed record SimilarImagesResult(IReadOnlyList<SimilarImagesQuery> Queries, int QueriesWithoutEmbedding, SelectionCounts References, IReadOnlyList<string> ItemIdsWithoutGroundTruth, DistanceMetric Metric, NeighborCount NeighborCount)
{
    /// <summary>
    /// Named queries that have no vector, each once, in the order named: the <see cref="QueriesWithoutEmbedding"/> of
    /// named queries, by name (empty when the queries are a split's items), so that a front end can say which.
    /// </summary>
    public IReadOnlyList<string> NamedQueriesWithoutEmbedding { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Named queries that are neither ground-truth items nor embedded (a mistyped path, or one written otherwise), each
    /// once, in the order named; they are among <see cref="NamedQueriesWithoutEmbedding"/> too.
    /// </summary>
    public IReadOnlyList<string> UnknownQueries { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The queries the ground truth knows that have no vector, each once: the named ones in the order named (those of
    /// <see cref="NamedQueriesWithoutEmbedding"/> not in <see cref="UnknownQueries"/>), or the query split's items in the
    /// ground truth's order; so that a front end can name them (<see cref="Diagnostics.FirstNames"/>) as well as count them.
    /// </summary>
    public IReadOnlyList<string> KnownQueriesWithoutEmbedding { get; init; } = Array.Empty<string>();
}

/// <summary>
/// "Review similar images": for each query item, its k nearest items of the reference split (training by
/// default) with distance, labels and whether they agree with the query's labels. A query that is itself in
/// the reference split does not find itself.
/// </summary>
public static class SimilarImages
{
    /// <summary>Finds the nearest reference items of every query.</summary>
    /// <remarks>The neighbour search reports to <paramref name="progress"/> and stops (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.</remarks>
    public static SimilarImagesResult Find(EmbeddingSet embeddings, DatasetItems dataset, SimilarImagesOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (embeddings is null) throw new ArgumentNullException(nameof(embeddings));
        if (dataset is null) throw new ArgumentNullException(nameof(dataset));
        if (options is null) throw new ArgumentNullException(nameof(options));
        EmbeddingSet queries;
        int queriesWithoutEmbedding;
        string[] withoutEmbedding = Array.Empty<string>();
        string[] unknown = Array.Empty<string>();
        IReadOnlyList<string> knownWithoutEmbedding;
        if (options.QueryItems is { } named)
        {
            // In the order asked for: Find-SimilarImage's piped galleries come most confidently wrong first.
            queries = embeddings.OfItems(named);
            withoutEmbedding = named.Where(id => !embeddings.Contains(id)).Distinct(StringComparer.Ordinal).ToArray();
            queriesWithoutEmbedding = withoutEmbedding.Length;
            unknown = withoutEmbedding.Where(id => dataset.Find(id) is null).ToArray();
            knownWithoutEmbedding = withoutEmbedding.Except(unknown, StringComparer.Ordinal).ToArray();
        }
        else
        {
            var selection = SplitSelection.Of(embeddings, dataset, options.QuerySplit, minimum: 1);
            queries = selection.Vectors;
            queriesWithoutEmbedding = selection.Counts.WithoutEmbedding;
            knownWithoutEmbedding = selection.Counts.ItemIdsWithoutEmbedding;
        }
        // Named items (the report's galleries) may have no references and show none; a split's queries need some.
        var references = SplitSelection.Of(embeddings, dataset, options.ReferenceSplit, minimum: options.QueryItems is null ? 1 : 0);
        var k = NeighborCount.For(options.Count, queries, references.Vectors);
        var table = NearestNeighborSearch.Search(queries, references.Vectors, k.SearchOptions(options.Metric), progress, cancellationToken);
        var results = new SimilarImagesQuery[queries.Count];
        for (int q = 0; q < queries.Count; q++)
        {
            var id = queries.ItemIds[q];
            var item = dataset.Find(id);
            var labels = item?.Labels ?? Array.Empty<string>();
            var neighbors = table.NeighborsOf(q).Select(n =>
            {
                var reference = references.Items[n.ReferenceIndex];
                return new SimilarImage(reference.ItemId, reference.Split, reference.Labels, n.Distance, item is not null && SplitSelection.SameLabels(labels, reference.Labels));
            }).ToArray();
            results[q] = new SimilarImagesQuery(id, item?.Split ?? string.Empty, labels, neighbors);
        }
        return new SimilarImagesResult(results, queriesWithoutEmbedding, references.Counts, SplitSelection.ItemIdsWithoutGroundTruth(embeddings, dataset), options.Metric, k)
        {
            NamedQueriesWithoutEmbedding = withoutEmbedding,
            UnknownQueries = unknown,
            KnownQueriesWithoutEmbedding = knownWithoutEmbedding,
        };
    }
}
