using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;

namespace AutoMLEval.Engine.Slices;

/// <summary>Settings of the error-slice search.</summary>
public sealed record ErrorSliceOptions
{
    /// <summary>The group sizes tried around every item (sizes above half the items are skipped: a slice is a minority).</summary>
    public IReadOnlyList<int> GroupSizes { get; init; } = new[] { 10, 20, 40, 80, 160, 320 };

    /// <summary>Family-wise significance level; each group's p-value is Bonferroni-adjusted for every group tested.</summary>
    public double Significance { get; init; } = 0.05;

    /// <summary>A group sharing at least this share of the smaller group's items with a better-ranked slice is suppressed.</summary>
    public double MaxOverlap { get; init; } = 0.5;

    /// <summary>At most this many slices are reported.</summary>
    public int MaxSlices { get; init; } = 10;

    /// <summary>Typical items shown per slice.</summary>
    public int ExampleCount { get; init; } = 5;

    /// <summary>Nearest training items shown per example (when training embeddings are given).</summary>
    public int TrainingNeighborCount { get; init; } = 3;

    /// <summary>The distance of the embedding space.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Cosine;
}

/// <summary>
/// Finds groups of test items in embedding space where the model fails far more often than overall: EasyDL's
/// "look for what the errors have in common", done for the user.
/// </summary>
/// <remarks>
/// <para>Method (a discrete form of Spotlight, d'Eon et al. 2022, which searches for a high-loss neighbourhood in
/// the embedding space; Domino, Eyuboglu et al. 2022, fits a mixture instead): every evaluated item with an
/// embedding is the centre of candidate groups made of it and its m − 1 nearest items, for each m in
/// <see cref="ErrorSliceOptions.GroupSizes"/>. All items are grouped, not only the errors, so that a group's rate is
/// measured against its own size. A group is significant when the one-sided binomial probability of at least its
/// number of errors at the overall error rate, times the number of groups tested (Bonferroni), is below
/// <see cref="ErrorSliceOptions.Significance"/>: a random scatter of errors yields no slice. Significant groups are
/// ranked by the lower end of the 95% Wilson interval of their rate divided by the overall rate (a lower bound on
/// the lift, so that 3 errors of 3 do not outrank 60 of 80). A group overlapping a better one by
/// <see cref="ErrorSliceOptions.MaxOverlap"/> or more of the smaller is merged into it when it is larger and its rate
/// is at least the better one's lower bound (the slice grows to the whole failing region), and suppressed otherwise.</para>
/// <para>Deterministic: no random step; ties in distance go to the lower row. Cost: one exact k-NN search of the items
/// against themselves with k the largest group size (O(n² · d) time, O(n · k) memory), then O(n · sizes · k) for the
/// tests.</para>
/// </remarks>
public static class ErrorSliceFinder
{
    /// <summary>The smallest group tried: an item and its nearest one.</summary>
    internal const int SmallestGroupSize = 2;

    /// <summary>The largest group tried among <paramref name="items"/> searched: half of them (a slice is a minority).</summary>
    internal static int LargestGroupSize(int items) => items / 2;

    /// <summary>Finds the error slices of an evaluated data set.</summary>
    /// <param name="data">The evaluated items: an item is an error when its decision is wrong (top label single-label; exact label set at <paramref name="threshold"/> multi-label).</param>
    /// <param name="threshold">The multi-label decision threshold.</param>
    /// <param name="embeddings">Embeddings; those of items not in <paramref name="data"/> are ignored.</param>
    /// <param name="options">Search settings.</param>
    /// <param name="metadata">Optional item metadata, for the over-represented values of each slice.</param>
    /// <param name="training">Optional training-item embeddings, for the examples' nearest training items.</param>
    /// <param name="progress">Receives the progress of the k-NN search and of the group tests.</param>
    /// <param name="cancellation">Stops the search.</param>
    public static ErrorSliceResult Find(
        ClassificationData data,
        double threshold,
        EmbeddingSet embeddings,
        ErrorSliceOptions? options = null,
        ItemMetadata? metadata = null,
        EmbeddingSet? training = null,
        IProgress<WorkProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        options ??= new ErrorSliceOptions();
        var rowOf = new Dictionary<string, int>(data.ItemCount, StringComparer.Ordinal);
        for (int i = 0; i < data.ItemCount; i++) rowOf[data.ItemIds[i]] = i;
        var population = embeddings.Where(rowOf.ContainsKey);
        var withoutEmbedding = data.ItemIds.Where(id => !embeddings.Contains(id)).ToArray();
        int n = population.Count;
        var rows = population.ItemIds.Select(id => rowOf[id]).ToArray();
        var isError = rows.Select(r => !data.IsDecidedCorrectly(r, threshold)).ToArray();
        int errors = isError.Count(e => e);
        var sizes = options.GroupSizes.Where(m => m >= SmallestGroupSize && m <= LargestGroupSize(n)).Distinct().OrderBy(m => m).ToArray();
        // A size dropped unsaid made "0 groups tested" look like "no slice found": the result names each one.
        var skippedSizes = options.GroupSizes.Where(m => !sizes.Contains(m)).Distinct().OrderBy(m => m).ToArray();
        long tested = (long)n * sizes.Length;
        if (sizes.Length == 0 || errors == 0 || errors == n)
        {
            return new ErrorSliceResult(Array.Empty<ErrorSlice>(), n, errors, data.ItemCount - n, 0, 0) { ItemIdsWithoutEmbedding = withoutEmbedding, SkippedSizes = skippedSizes, TestedSizes = sizes };
        }

        double overall = errors / (double)n;
        var neighbors = NearestNeighborSearch.Search(population, population, new NeighborSearchOptions { Count = sizes[sizes.Length - 1], Metric = options.Metric }, progress, cancellation);
        var candidates = new List<Candidate>();
        var tests = new ProgressCounter(progress, "Testing groups", n);
        for (int centre = 0; centre < n; centre++)
        {
            cancellation.ThrowIfCancellationRequested();
            tests.Add();
            var members = neighbors.NeighborsOf(centre);
            int count = 0, next = 0;
            foreach (var size in sizes)
            {
                for (; next < size; next++)
                {
                    if (isError[members[next].ReferenceIndex]) count++;
                }
                if (count <= overall * size) continue;
                var pValue = BinomialStatistics.UpperTail(count, size, overall) * tested;
                if (pValue >= options.Significance) continue;
                var (lower, upper) = BinomialStatistics.WilsonInterval(count, size);
                candidates.Add(new Candidate(centre, size, count, lower, upper, Math.Min(1, pValue)));
            }
        }

        var ranked = candidates
            .OrderByDescending(c => c.Lower)
            .ThenByDescending(c => c.Size)
            .ThenBy(c => c.Centre);
        var accepted = new List<Accepted>();
        foreach (var candidate in ranked)
        {
            var members = neighbors.NeighborsOf(candidate.Centre).Take(candidate.Size).Select(m => m.ReferenceIndex).ToArray();
            var overlapping = accepted.Where(a => members.Count(m => a.Mask[m]) >= options.MaxOverlap * Math.Min(candidate.Size, a.Candidate.Size)).ToArray();
            if (overlapping.Length == 0)
            {
                if (accepted.Count < options.MaxSlices) accepted.Add(new Accepted(candidate, members, n));
                continue;
            }
            // A larger group around a slice whose rate stays within the slice's interval is the same failure, seen
            // whole: the slice grows into it (nested groups merged) instead of the smaller one hiding it.
            var grown = overlapping[0];
            if (overlapping.Length == 1 && candidate.Size > grown.Candidate.Size && candidate.Errors >= grown.Candidate.Lower * candidate.Size)
            {
                accepted[accepted.IndexOf(grown)] = new Accepted(candidate, members, n);
            }
        }

        var describe = new SliceDescriber(data, threshold, population, rows, isError, overall, options, metadata, training);
        var slices = accepted.OrderByDescending(a => a.Candidate.Lower).ThenByDescending(a => a.Candidate.Size).Select(a => describe.Slice(a.Candidate, a.Members)).ToArray();
        return new ErrorSliceResult(slices, n, errors, data.ItemCount - n, tested, candidates.Count) { ItemIdsWithoutEmbedding = withoutEmbedding, SkippedSizes = skippedSizes, TestedSizes = sizes };
    }

    /// <summary>
    /// The embeddings of the ground truth's training items (those named training, not those of a format without splits):
    /// what <see cref="Find"/> takes to show each example's nearest training images.
    /// </summary>
    public static EmbeddingSet TrainingEmbeddings(EmbeddingSet embeddings, Formats.Classification.GroundTruthSet groundTruth)
    {
        var training = new HashSet<string>(
            groundTruth.Items.Where(i => string.Equals(i.MlUse, Formats.Classification.MlUse.Training, StringComparison.Ordinal)).Select(i => i.ItemId),
            StringComparer.Ordinal);
        return embeddings.Where(training.Contains);
    }

    internal readonly record struct Candidate(int Centre, int Size, int Errors, double Lower, double Upper, double PValue);

    /// <summary>A slice kept so far: its group, members (nearest the centre first) and membership mask.</summary>
    private sealed class Accepted
    {
        public Accepted(Candidate candidate, int[] members, int population)
        {
            Candidate = candidate;
            Members = members;
            Mask = new bool[population];
            foreach (var m in members) Mask[m] = true;
        }

        public Candidate Candidate { get; }

        public int[] Members { get; }

        public bool[] Mask { get; }
    }

    /// <summary>Turns an accepted group into a described slice: confusions, metadata, examples.</summary>
    private sealed class SliceDescriber
    {
        private readonly ClassificationData _data;
        private readonly double _threshold;
        private readonly EmbeddingSet _population;
        private readonly int[] _rows;
        private readonly bool[] _isError;
        private readonly double _overall;
        private readonly ErrorSliceOptions _options;
        private readonly ItemMetadata? _metadata;
        private readonly EmbeddingSet? _training;

        public SliceDescriber(ClassificationData data, double threshold, EmbeddingSet population, int[] rows, bool[] isError, double overall, ErrorSliceOptions options, ItemMetadata? metadata, EmbeddingSet? training)
        {
            _data = data;
            _threshold = threshold;
            _population = population;
            _rows = rows;
            _isError = isError;
            _overall = overall;
            _options = options;
            _metadata = metadata;
            _training = training is { Count: > 0 } ? training : null;
        }

        public ErrorSlice Slice(Candidate candidate, int[] members)
        {
            var items = members.Select(m => _population.ItemIds[m]).ToArray();
            var confusions = members.Where(m => _isError[m])
                .GroupBy(m => (True: TrueLabels(_rows[m]), Predicted: PredictedLabels(_rows[m])))
                .Select(g => new SliceConfusion(g.Key.True, g.Key.Predicted, g.Count()))
                .OrderByDescending(c => c.Errors).ThenBy(c => c.TrueLabel, StringComparer.Ordinal).ThenBy(c => c.PredictedLabel, StringComparer.Ordinal)
                .Take(3)
                .ToArray();
            var overRepresented = OverRepresented(items);
            var examples = Examples(members.Take(_options.ExampleCount).ToArray());
            double rate = candidate.Errors / (double)candidate.Size;
            var description = string.Format(CultureInfo.InvariantCulture, "{0} items, {1:0%} wrong (overall {2:0%}, {3:0.0}× the rate)", candidate.Size, rate, _overall, rate / _overall);
            if (confusions.Length > 0) description += string.Format(CultureInfo.InvariantCulture, "; mostly {0} → {1} ({2})", confusions[0].TrueLabel, confusions[0].PredictedLabel, confusions[0].Errors);
            if (overRepresented.Length > 0) description += string.Format(CultureInfo.InvariantCulture, "; {0}={1} ({2:0.0}×)", overRepresented[0].Key, overRepresented[0].Value, overRepresented[0].Ratio);
            return new ErrorSlice(items, candidate.Errors, rate, candidate.Lower, candidate.Upper, rate / _overall, candidate.Lower / _overall, candidate.PValue,
                confusions, overRepresented, examples, description);
        }

        private string TrueLabels(int row) => Join(row, (r, j) => _data.IsTrue(r, j));

        private string PredictedLabels(int row)
        {
            if (!_data.IsMultiLabel) return _data.Labels[_data.TopLabelOf(row)];
            return Join(row, (r, j) => _data.Score(r, j) >= _threshold);
        }

        private string Join(int row, Func<int, int, bool> include)
        {
            var labels = Enumerable.Range(0, _data.LabelCount).Where(j => include(row, j)).Select(j => _data.Labels[j]).ToArray();
            return labels.Length == 0 ? "(none)" : string.Join("+", labels);
        }

        /// <summary>Values at least 1.5 times as common in the slice as overall, held by at least 3 of its items; the 3 strongest.</summary>
        private OverRepresentedValue[] OverRepresented(string[] items)
        {
            if (_metadata is null) return [];
            var found = new List<OverRepresentedValue>();
            foreach (var key in _metadata.Keys)
            {
                var overall = _population.ItemIds.Select(id => _metadata.ValueOf(id, key)).Where(v => v is not null)
                    .GroupBy(v => v!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                var inSlice = items.Select(id => _metadata.ValueOf(id, key)).Where(v => v is not null)
                    .GroupBy(v => v!, StringComparer.Ordinal);
                foreach (var group in inSlice)
                {
                    var value = new OverRepresentedValue(key, group.Key, group.Count(), group.Count() / (double)items.Length, overall[group.Key] / (double)_population.Count);
                    if (value.ItemsInSlice >= 3 && value.Ratio >= 1.5) found.Add(value);
                }
            }
            return found.OrderByDescending(v => v.Ratio).ThenBy(v => v.Key, StringComparer.Ordinal).ThenBy(v => v.Value, StringComparer.Ordinal).Take(3).ToArray();
        }

        private SliceExample[] Examples(int[] members)
        {
            NeighborTable? nearest = null;
            var queries = _population.Where(new HashSet<string>(members.Select(m => _population.ItemIds[m]), StringComparer.Ordinal).Contains);
            if (_training is not null)
            {
                nearest = NearestNeighborSearch.Search(queries, _training,
                    new NeighborSearchOptions { Count = Math.Min(_options.TrainingNeighborCount, _training.Count), Metric = _options.Metric });
            }
            return members.Select(m =>
            {
                var id = _population.ItemIds[m];
                var training = nearest is null
                    ? (IReadOnlyList<string>)Array.Empty<string>()
                    : nearest.NeighborsOf(queries.IndexOf(id)).Select(t => _training!.ItemIds[t.ReferenceIndex]).ToArray();
                return new SliceExample(id, _isError[m], training);
            }).ToArray();
        }
    }
}
