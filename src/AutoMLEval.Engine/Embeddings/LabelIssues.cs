using AutoMLEval.Engine.Diagnostics;
namespace AutoMLEval.Engine.Embeddings;

/// <summary>Parameters of <see cref="LabelIssues.Find"/>.</summary>
public sealed record LabelIssueOptions
{
    /// <summary>The split whose items are ranked; null (the default) ranks every labelled item.</summary>
    public string? Split { get; init; }

    /// <summary>The split the neighbours come from; null (the default) means the same items as <see cref="Split"/>.</summary>
    public string? ReferenceSplit { get; init; }

    /// <summary>Neighbours per item (k). Default 10.</summary>
    public int Count { get; init; } = 10;

    /// <summary>The distance; cosine by default.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Cosine;

    /// <summary>Weight α of the model's confidence against the neighbours' agreement when predictions are given. Default 0.5.</summary>
    public double ModelWeight { get; init; } = 0.5;
}

/// <summary>One item with the evidence that its given label may be wrong.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Split">Its split.</param>
/// <param name="Labels">Its given (ground-truth) labels.</param>
/// <param name="SuggestedLabel">The label with the highest combined support (may equal the given one).</param>
/// <param name="Score">How likely the given label is wrong, in [0, 1] (see <see cref="LabelIssues"/>).</param>
/// <param name="NeighborAgreement">a: the distance-weighted share of the neighbours that carry the given label.</param>
/// <param name="PrototypeAgreement">b: the class-prototype probability of the given label, or NaN when prototypes are not used.</param>
/// <param name="ModelConfidence">c: the model's confidence in the given label, or NaN without a prediction.</param>
/// <param name="NeighborLabelCounts">How many of the k neighbours carry each label, most frequent first.</param>
/// <param name="NearestNeighborDistance">Distance to the nearest neighbour (NaN when there is none).</param>
public sealed record LabelIssue(
    string ItemId,
    string Split,
    IReadOnlyList<string> Labels,
    string SuggestedLabel,
    double Score,
    double NeighborAgreement,
    double PrototypeAgreement,
    double ModelConfidence,
    IReadOnlyList<KeyValuePair<string, int>> NeighborLabelCounts,
    double NearestNeighborDistance);

/// <summary>The ranked items of <see cref="LabelIssues.Find"/>, with what did not match.</summary>
/// <param name="Items">Every ranked item, highest score first (ties by item identifier).</param>
/// <param name="Ranked">How the ranked split matched the embeddings.</param>
/// <param name="References">How the reference split matched the embeddings.</param>
/// <param name="ItemIdsWithoutGroundTruth">The items of the vectors whose item is absent from the ground truth, in the order read (for a front end to count and name them).</param>
/// <param name="ItemsWithoutPrediction">Ranked items without a prediction (scored by neighbours only); 0 without predictions.</param>
/// <param name="DistanceScale">s: the median neighbour distance used in the weights.</param>
/// <param name="ModelWeight">α as used (0 when no predictions were given).</param>
/// <param name="NeighborCount">The k every item's neighbours were: the k asked for, or fewer when the references are fewer.</param>
public sealed record LabelIssueResult(IReadOnlyList<LabelIssue> Items, SelectionCounts Ranked, SelectionCounts References, IReadOnlyList<string> ItemIdsWithoutGroundTruth, int ItemsWithoutPrediction, double DistanceScale, double ModelWeight, NeighborCount NeighborCount);

/// <summary>
/// Ranks items by how likely their given label is wrong, from out-of-sample evidence in embedding space (the
/// item's neighbours and the class prototypes, both without the item itself) and, when predictions are given, the
/// model's confidence: cleanlab's self-confidence label-quality score over those probabilities.
/// </summary>
/// <remarks>
/// <para>For an item with given labels G and its k nearest reference items j (itself excluded) at distances d_j:
/// weights <c>w_j = exp(−d_j / s)</c>, s = the median of all neighbour distances of the run (scale-free, so the
/// same rule serves cosine and Euclidean distances); the neighbour support of a label is
/// <c>p(l) = Σ_j w_j [l ∈ labels_j] / Σ_j w_j</c>; the agreement is <c>a = mean over l ∈ G of p(l)</c>.
/// When the references are single-label with at least 10 items per label, the class prototypes add global evidence
/// (<see cref="ClassPrototypes"/>: softmax over the distances to each label's mean, leave-one-out, temperature fitted
/// by maximum likelihood): π(l), and b = π(given label). The embedding evidence of a label is
/// <c>e(l) = (p(l) + π(l)) / 2</c> (p(l) alone without prototypes), the item's <c>e = mean over l ∈ G of e(l)</c>.
/// With a prediction, c = the mean over G of the model's confidence in l (0 when not listed) and the label
/// quality is <c>q = (1 − α) e + α c</c>; without one, <c>q = e</c>. The score is <c>1 − q</c>, in [0, 1]:
/// 1 when nothing supports the label, 0 when everything does.
/// The suggested label maximises <c>(1 − α) e(l) + α c(l)</c> (e(l) alone without a prediction).</para>
/// <para>Why both: the k neighbours see local evidence but are noisy (a share of 10); the prototypes see every item
/// of a label. On the digits demo with 20 training labels made wrong on purpose, the mean of the two puts more of
/// them in the top 40 than either alone and than a plain 10-nearest-neighbour disagreement (the test
/// <c>LabelIssueBaselineTests</c>; docs/metrics.md).</para>
/// <para>In-sample bias: predictions for the split the model was trained on (Vertex "training" items) are
/// over-confident in the given labels, wrong ones included, because the model fitted them; c then pulls the
/// score of exactly the mislabelled items down. Prefer out-of-sample confidences (cross-validation, or a model
/// not trained on these items), or set α = 0 for the training split. The neighbour part has a milder form of the
/// same bias when the embeddings come from the same model.</para>
/// <para>Reference: Northcutt, Jiang, Chuang, "Confident Learning: Estimating Uncertainty in Dataset Labels", JAIR 2021;
/// the neighbour part is a distance-weighted k-NN label distribution.</para>
/// </remarks>
public static class LabelIssues
{
    /// <summary>Scores and ranks every labelled item of the chosen split.</summary>
    /// <remarks>The neighbour search reports to <paramref name="progress"/> and stops (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.</remarks>
    public static LabelIssueResult Find(EmbeddingSet embeddings, DatasetItems dataset, ItemConfidences? predictions, LabelIssueOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (embeddings is null) throw new ArgumentNullException(nameof(embeddings));
        if (dataset is null) throw new ArgumentNullException(nameof(dataset));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (!(options.ModelWeight >= 0 && options.ModelWeight <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.ModelWeight, "ModelWeight must be in [0, 1].");
        var ranked = SplitSelection.Of(embeddings, dataset, options.Split, minimum: 1);
        var references = options.ReferenceSplit is null ? ranked : SplitSelection.Of(embeddings, dataset, options.ReferenceSplit, minimum: 1);
        var k = NeighborCount.For(options.Count, ranked.Vectors, references.Vectors);
        var table = NearestNeighborSearch.Search(ranked.Vectors, references.Vectors, k.SearchOptions(options.Metric), progress, cancellationToken);
        double scale = MedianNeighborDistance(table);
        double alpha = predictions is null ? 0 : options.ModelWeight;
        var prototypes = ClassPrototypes.Build(ranked, references, options.Metric);
        var issues = new List<LabelIssue>(ranked.Items.Length);
        int withoutPrediction = 0;
        for (int q = 0; q < ranked.Items.Length; q++)
        {
            var item = ranked.Items[q];
            if (item.Labels.Count == 0) continue;
            var neighbors = table.NeighborsOf(q);
            var support = new Dictionary<string, double>(StringComparer.Ordinal);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            double totalWeight = 0;
            foreach (var neighbor in neighbors)
            {
                double weight = Math.Exp(-neighbor.Distance / scale);
                totalWeight += weight;
                foreach (var label in references.Items[neighbor.ReferenceIndex].Labels)
                {
                    support[label] = (support.TryGetValue(label, out var s) ? s : 0) + weight;
                    counts[label] = (counts.TryGetValue(label, out var n) ? n : 0) + 1;
                }
            }
            double Neighbor(string label) => totalWeight > 0 && support.TryGetValue(label, out var s) ? s / totalWeight : 0;
            double Evidence(string label) => prototypes is null ? Neighbor(label) : (Neighbor(label) + prototypes.Probability(q, label)) / 2;
            var confidences = predictions?.Find(item.ItemId);
            if (predictions is not null && confidences is null) withoutPrediction++;
            double itemAlpha = confidences is null ? 0 : alpha;
            double Model(string label) => confidences is not null && confidences.TryGetValue(label, out var c) ? c : 0;
            double agreement = item.Labels.Average(Neighbor);
            double evidence = item.Labels.Average(Evidence);
            double confidence = confidences is null ? double.NaN : item.Labels.Average(Model);
            double quality = confidences is null ? evidence : ((1 - itemAlpha) * evidence) + (itemAlpha * confidence);
            var candidates = support.Keys.Concat(confidences?.Keys ?? Enumerable.Empty<string>()).Concat(prototypes?.Labels ?? Enumerable.Empty<string>())
                .Concat(item.Labels).Distinct(StringComparer.Ordinal);
            var suggested = candidates
                .Select(label => (Label: label, Support: ((1 - itemAlpha) * Evidence(label)) + (itemAlpha * Model(label))))
                .OrderByDescending(c => c.Support).ThenBy(c => c.Label, StringComparer.Ordinal)
                .First().Label;
            issues.Add(new LabelIssue(
                item.ItemId,
                item.Split,
                item.Labels,
                suggested,
                Math.Max(0, Math.Min(1, 1 - quality)),
                agreement,
                prototypes is null ? double.NaN : item.Labels.Average(l => prototypes.Probability(q, l)),
                confidence,
                counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray(),
                neighbors.Count > 0 ? neighbors[0].Distance : double.NaN));
        }
        var ordered = issues.OrderByDescending(i => i.Score).ThenBy(i => i.ItemId, StringComparer.Ordinal).ToArray();
        return new LabelIssueResult(ordered, ranked.Counts, references.Counts, SplitSelection.ItemIdsWithoutGroundTruth(embeddings, dataset), withoutPrediction, scale, alpha, k);
    }

    /// <summary>The median of every neighbour distance in the table; 1 when that is 0 (all neighbours identical) or there are none.</summary>
    internal static double MedianNeighborDistance(NeighborTable table)
    {
        var distances = new List<double>();
        for (int q = 0; q < table.QueryCount; q++) distances.AddRange(table.NeighborsOf(q).Select(n => n.Distance));
        double median = Statistics.Median(distances);
        return median > 0 ? median : 1.0;
    }
}
