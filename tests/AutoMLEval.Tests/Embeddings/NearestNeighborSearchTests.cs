using AutoMLEval.Engine.Embeddings;
using Xunit;

namespace AutoMLEval.Tests.Embeddings;

public class NearestNeighborSearchTests
{
    internal static EmbeddingSet RandomSet(int count, int dimension, int seed, string prefix)
    {
        var random = new Random(seed);
        var values = new float[count * dimension];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2) - 1);
        return new EmbeddingSet(Enumerable.Range(0, count).Select(i => $"{prefix}{i}").ToArray(), values, dimension);
    }

    /// <summary>The k nearest by sorting all double-precision distances: the definition, no blocking, no SIMD.</summary>
    private static List<(int Row, double Distance)> BruteForce(EmbeddingSet queries, int q, EmbeddingSet references, int k, DistanceMetric metric, bool excludeSame)
    {
        var query = queries.VectorAt(q).ToArray();
        var all = new List<(int Row, double Distance)>();
        for (int r = 0; r < references.Count; r++)
        {
            if (excludeSame && references.ItemIds[r] == queries.ItemIds[q]) continue;
            var reference = references.VectorAt(r).ToArray();
            double distance;
            if (metric == DistanceMetric.Euclidean)
            {
                distance = Math.Sqrt(query.Zip(reference, (a, b) => ((double)a - b) * ((double)a - b)).Sum());
            }
            else
            {
                double dot = query.Zip(reference, (a, b) => (double)a * b).Sum();
                double na = Math.Sqrt(query.Sum(a => (double)a * a));
                double nb = Math.Sqrt(reference.Sum(b => (double)b * b));
                distance = 1 - (dot / (na * nb));
            }
            all.Add((r, distance));
        }
        return all.OrderBy(p => p.Distance).ThenBy(p => p.Row).Take(k).ToList();
    }

    [Theory]
    [InlineData(DistanceMetric.Cosine, 37, 7)]
    [InlineData(DistanceMetric.Euclidean, 37, 7)]
    [InlineData(DistanceMetric.Cosine, 64, 1)]
    [InlineData(DistanceMetric.Euclidean, 3, 12)]
    public void Search_EqualsBruteForceInDoublePrecision(DistanceMetric metric, int dimension, int k)
    {
        // Sizes not multiples of the tile (4) or of any block, small blocks, so every edge path runs.
        var queries = RandomSet(61, dimension, 1, "q");
        var references = RandomSet(203, dimension, 2, "r");
        // Every kernel this build and processor run (the portable one always; the FMA one on net8.0 with AVX2 and FMA).
        foreach (var kernel in DotProductKernels.Supported)
        {
            var options = new NeighborSearchOptions { Count = k, Metric = metric, QueryBlockSize = 8, ReferenceBlockBytes = 16 * dimension * 4, Kernel = kernel };
            var table = NearestNeighborSearch.Search(queries, references, options);
            Assert.Equal(61, table.QueryCount);
            for (int q = 0; q < queries.Count; q++)
            {
                var expected = BruteForce(queries, q, references, k, metric, excludeSame: false);
                var actual = table.NeighborsOf(q);
                Assert.Equal(expected.Select(e => e.Row), actual.Select(a => a.ReferenceIndex));
                for (int i = 0; i < k; i++) Assert.Equal(expected[i].Distance, actual[i].Distance, 12);
            }
        }
    }

    [Fact]
    public void Search_FindsTheSameNeighboursWithEveryKernel()
    {
        // 512 dimensions (the benchmark's): many register-widths per row, so the kernels' sums differ in rounding only.
        var queries = RandomSet(40, 512, 8, "q");
        var references = RandomSet(300, 512, 9, "r");
        var portable = NearestNeighborSearch.Search(queries, references, new NeighborSearchOptions { Count = 10, Kernel = DotProductKernel.Portable });
        foreach (var kernel in DotProductKernels.Supported)
        {
            var other = NearestNeighborSearch.Search(queries, references, new NeighborSearchOptions { Count = 10, Kernel = kernel });
            for (int q = 0; q < queries.Count; q++) Assert.Equal(portable.NeighborsOf(q), other.NeighborsOf(q));
        }
    }

    [Fact]
    public void Search_RefusesAKernelThisMachineCannotRun()
    {
        var unsupported = Enum.GetValues<DotProductKernel>().Where(k => !DotProductKernels.Supported.Contains(k)).ToArray();
        var set = RandomSet(4, 8, 10, "x");
        foreach (var kernel in unsupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => NearestNeighborSearch.Search(set, set, new NeighborSearchOptions { Kernel = kernel }));
        }
        Assert.Contains(DotProductKernel.Portable, DotProductKernels.Supported);
    }

    [Fact]
    public void Search_ExcludeSameItem_LeavesEachItemOut()
    {
        var set = RandomSet(50, 10, 3, "x");
        var table = NearestNeighborSearch.Search(set, set, new NeighborSearchOptions { Count = 5, ExcludeSameItem = true, Metric = DistanceMetric.Euclidean });
        for (int q = 0; q < set.Count; q++)
        {
            var expected = BruteForce(set, q, set, 5, DistanceMetric.Euclidean, excludeSame: true);
            Assert.Equal(expected.Select(e => e.Row), table.NeighborsOf(q).Select(n => n.ReferenceIndex));
            Assert.DoesNotContain(q, table.NeighborsOf(q).Select(n => n.ReferenceIndex));
        }
        // Without the exclusion each item is its own nearest neighbour at distance 0.
        var withSelf = NearestNeighborSearch.Search(set, set, new NeighborSearchOptions { Count = 1, Metric = DistanceMetric.Euclidean });
        Assert.All(Enumerable.Range(0, set.Count), q => Assert.Equal(new Neighbor(q, 0.0), withSelf.NeighborsOf(q)[0]));
    }

    [Theory]
    [InlineData(DistanceMetric.Cosine)]
    [InlineData(DistanceMetric.Euclidean)]
    public void Search_IsInvariantToTheOrderOfReferences(DistanceMetric metric)
    {
        var queries = RandomSet(30, 16, 4, "q");
        var references = RandomSet(120, 16, 5, "r");
        var permutation = Enumerable.Range(0, references.Count).OrderBy(i => (i * 7919) % 120).ToArray();
        var shuffledValues = permutation.SelectMany(i => references.VectorAt(i).ToArray()).ToArray();
        var shuffled = new EmbeddingSet(permutation.Select(i => references.ItemIds[i]).ToArray(), shuffledValues, 16);
        var options = new NeighborSearchOptions { Count = 6, Metric = metric, ReferenceBlockBytes = 8 * 16 * 4 };
        var original = NearestNeighborSearch.Search(queries, references, options);
        var reordered = NearestNeighborSearch.Search(queries, shuffled, options);
        for (int q = 0; q < queries.Count; q++)
        {
            Assert.Equal(
                original.NeighborsOf(q).Select(n => (references.ItemIds[n.ReferenceIndex], n.Distance)),
                reordered.NeighborsOf(q).Select(n => (shuffled.ItemIds[n.ReferenceIndex], n.Distance)));
        }
    }

    [Fact]
    public void Search_ReRanksInDoubleTheReferencesFloatCannotTellApart()
    {
        // q = (1000, 0); eleven references (1000, y), y = 0.1010, 0.1009, … 0.1000 in rows 0-10, then ten far ones at
        // y = 5…14. In float ‖r‖² = 1e6 + y² rounds to 1e6 (its ulp is 0.0625), so the eleven keys ‖r‖² − 2 q·r all tie
        // at −1e6 and the lower rows, the farther ones, were kept: rows 0, 1, 2 at 0.1010-0.1008. In double the three
        // nearest are rows 10, 9, 8 at distances 0.1000, 0.1001, 0.1002 (as floats).
        var values = new List<float>();
        for (int i = 0; i <= 10; i++) values.AddRange(new[] { 1000f, 0.1010f - (0.0001f * i) });
        for (int i = 0; i < 10; i++) values.AddRange(new[] { 1000f, 5f + i });
        var references = new EmbeddingSet(Enumerable.Range(0, 21).Select(i => $"r{i}").ToArray(), values.ToArray(), 2);
        var queries = new EmbeddingSet(new[] { "q" }, new float[] { 1000, 0 }, 2);
        foreach (var kernel in DotProductKernels.Supported)
        {
            var neighbors = NearestNeighborSearch.Search(queries, references, new NeighborSearchOptions { Count = 3, Metric = DistanceMetric.Euclidean, Kernel = kernel }).NeighborsOf(0);
            Assert.Equal(new[] { 10, 9, 8 }, neighbors.Select(n => n.ReferenceIndex));
            Assert.Equal(BruteForce(queries, 0, references, 3, DistanceMetric.Euclidean, excludeSame: false).Select(e => e.Distance), neighbors.Select(n => n.Distance));
        }
    }

    [Theory]
    [InlineData(1e20)]
    [InlineData(1e-25)]
    [InlineData(1.0)]
    public void Search_Euclidean_VectorsWhoseSquaresLeaveTheFloatRangeFindTheirNeighbours(double unit)
    {
        // q = (1, 1, 0); r0 = (−1, −1, 0) at 2√2, r1 = (1, 1, 0.1) at 0.1, r2 = (1, 0, 0) at 1, in units of 1e20 (squares
        // of 1e40 overflow a float: every key was infinite or NaN, and the neighbours wrong) or 1e-25 (squares of 1e-50
        // underflow to 0: every key tied) as well as 1. Nearest first: r1, r2, r0.
        float u = (float)unit;
        var references = new EmbeddingSet(new[] { "r0", "r1", "r2" }, new[] { -u, -u, 0, u, u, 0.1f * u, u, 0, 0 }, 3);
        var queries = new EmbeddingSet(new[] { "q" }, new[] { u, u, 0 }, 3);
        var neighbors = NearestNeighborSearch.Search(queries, references, new NeighborSearchOptions { Count = 3, Metric = DistanceMetric.Euclidean }).NeighborsOf(0);
        Assert.Equal(new[] { 1, 2, 0 }, neighbors.Select(n => n.ReferenceIndex));
        // In units of u, to 6 digits (0.1 and 1e20 are not floats): 0.1, 1 and 2√2.
        Assert.Equal(new[] { 0.1, 1, 2.828427 }, neighbors.Select(n => Math.Round(n.Distance / u, 6)));
    }

    [Fact]
    public void Search_CosineDistanceWithinRoundingOfZeroIsZero()
    {
        // A 3-value vector, its copy, the same direction at twice the length, and one 1e-3 radians away. Before, the copy
        // came out at about 1e-16 (the rounding of dot / (norm × norm)), and the robust scale of duplicated data with it.
        var query = new EmbeddingSet(new[] { "q" }, new[] { 0.1f, 0.7f, 0.3f }, 3);
        var references = new EmbeddingSet(new[] { "copy", "twice", "turned" }, new[] { 0.1f, 0.7f, 0.3f, 0.2f, 1.4f, 0.6f, 0.1f, 0.7f, 0.3f + 0.000762f }, 3);
        var table = NearestNeighborSearch.Search(query, references, new NeighborSearchOptions { Count = 3, Metric = DistanceMetric.Cosine });
        var neighbours = table.NeighborsOf(0);
        Assert.Equal((0.0, 0.0), (neighbours[0].Distance, neighbours[1].Distance));
        // The bound is (d + 2) · 2^-52 = 1.1e-15 for d = 3; the turned vector's distance, ~2.3e-7, is far above it and kept.
        Assert.Equal(5 * Math.Pow(2, -52), NearestNeighborSearch.CosineRoundingBound(3));
        Assert.Equal(2, neighbours[2].ReferenceIndex);
        Assert.InRange(neighbours[2].Distance, 1e-7, 1e-6);
    }

    [Fact]
    public void Search_WithFewerReferencesThanK_ReturnsAllOfThem()
    {
        // Cosine of (1,0) with (1,0), (0,1), (-1,0): distances 0, 1 and 2.
        var references = new EmbeddingSet(new[] { "same", "orthogonal", "opposite" }, new float[] { 1, 0, 0, 1, -1, 0 }, 2);
        var queries = new EmbeddingSet(new[] { "q" }, new float[] { 2, 0 }, 2);
        var neighbors = NearestNeighborSearch.Search(queries, references, new NeighborSearchOptions { Count = 10 }).NeighborsOf(0);
        Assert.Equal(new[] { new Neighbor(0, 0.0), new Neighbor(1, 1.0), new Neighbor(2, 2.0) }, neighbors);
    }

    [Fact]
    public void Search_GivesTheSameResultOnOneThreadAndOnAll()
    {
        var queries = RandomSet(90, 24, 6, "q");
        var references = RandomSet(150, 24, 7, "r");
        var single = NearestNeighborSearch.Search(queries, references, new NeighborSearchOptions { Count = 4, MaxDegreeOfParallelism = 1, QueryBlockSize = 8 });
        var parallel = NearestNeighborSearch.Search(queries, references, new NeighborSearchOptions { Count = 4, MaxDegreeOfParallelism = 4, QueryBlockSize = 8 });
        for (int q = 0; q < queries.Count; q++) Assert.Equal(single.NeighborsOf(q), parallel.NeighborsOf(q));
    }
}
