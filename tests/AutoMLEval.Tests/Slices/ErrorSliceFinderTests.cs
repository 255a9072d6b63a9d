using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Slices;
using Xunit;

namespace AutoMLEval.Tests.Slices;

public sealed class ErrorSliceFinderTests
{
    /// <summary>
    /// 1,000 items in five Gaussian clusters of 200 (16 dimensions); the first 60 items of cluster 0 sit apart in a
    /// tight sub-cluster. Errors: <paramref name="isError"/> decides for each item.
    /// </summary>
    private static (ClassificationData Data, EmbeddingSet Embeddings) World(Func<int, Random, bool> isError, int seed = 3)
    {
        const int items = 1000, dimension = 16;
        var random = new Random(seed);
        var vectors = new float[items * dimension];
        for (int i = 0; i < items; i++)
        {
            int cluster = i / 200;
            bool planted = i < 60;
            for (int d = 0; d < dimension; d++)
            {
                double centre = d == cluster ? 10 : 0;
                if (planted && d == 8) centre = 6;
                double spread = planted ? 0.3 : 1.0;
                vectors[(i * dimension) + d] = (float)(centre + (spread * Gaussian(random)));
            }
        }
        var ids = Enumerable.Range(0, items).Select(i => $"img/{i:0000}.png").ToArray();
        var scores = new double[items * 2];
        var truth = new bool[items * 2];
        for (int i = 0; i < items; i++)
        {
            truth[2 * i] = true;
            bool wrong = isError(i, random);
            scores[2 * i] = wrong ? 0.3 : 0.7;
            scores[(2 * i) + 1] = wrong ? 0.7 : 0.3;
        }
        return (new ClassificationData(new[] { "cat", "dog" }, ids, scores, truth, isMultiLabel: false), new EmbeddingSet(ids, vectors, dimension));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void A_planted_cluster_of_errors_is_found_first()
    {
        // 80% errors in the planted 60, 8% elsewhere.
        var (data, embeddings) = World((i, r) => r.NextDouble() < (i < 60 ? 0.8 : 0.08));
        var planted = Enumerable.Range(0, 60).Select(i => $"img/{i:0000}.png").ToHashSet();
        var plantedErrors = planted.Count(id => !data.IsDecidedCorrectly(Array.IndexOf(data.ItemIds.ToArray(), id), 0.5));
        var result = ErrorSliceFinder.Find(data, 0.5, embeddings);
        Assert.NotEmpty(result.Slices);
        var first = result.Slices[0];
        var inPlanted = first.Items.Count(planted.Contains);
        Assert.True(inPlanted >= 0.8 * first.Size, $"{inPlanted} of {first.Size} items of the first slice are planted");
        var errorsCaught = first.Items.Where(planted.Contains).Count(id => !data.IsDecidedCorrectly(Array.IndexOf(data.ItemIds.ToArray(), id), 0.5));
        Assert.True(errorsCaught > plantedErrors / 2, $"{errorsCaught} of {plantedErrors} planted errors");
        Assert.True(first.LiftLowerBound > 2);
        Assert.Equal("cat", first.TopConfusions[0].TrueLabel);
        Assert.Equal("dog", first.TopConfusions[0].PredictedLabel);
        Assert.Equal(1000, result.Items);
        Assert.Equal(0, result.ItemsWithoutEmbedding);
        // Slices found: the summary opens with the count searched (no "No error slice found" before it).
        Assert.StartsWith("1000 items searched, ", result.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Skipped_group_sizes_are_named_with_why()
    {
        // Before: sizes above half the population were dropped unsaid, and a run that tested none said "0 groups tested".
        var (data, embeddings) = World((i, r) => r.NextDouble() < 0.1);
        var some = ErrorSliceFinder.Find(data, 0.5, embeddings, new ErrorSliceOptions { GroupSizes = new[] { 1000, 10, 600 } });
        Assert.Equal(new[] { 600, 1000 }, some.SkippedSizes);
        Assert.Equal(new[] { 10 }, some.TestedSizes);
        Assert.Equal(1000L, some.GroupsTested);
        Assert.Equal("Group sizes 600, 1000 skipped: above half of the 1000 items searched (500; a slice is a minority of them); size 10 kept.", some.SkippedSizesWarning("--sizes", sizesGiven: true));
        // The defaults' largest sizes are skipped by design on a small population: no warning while others are kept.
        Assert.Null(some.SkippedSizesWarning("--sizes", sizesGiven: false));

        var none = ErrorSliceFinder.Find(data, 0.5, embeddings, new ErrorSliceOptions { GroupSizes = new[] { 600 } });
        Assert.Equal(0, none.GroupsTested);
        Assert.Equal("Group size 600 skipped: above half of the 1000 items searched (500; a slice is a minority of them); no group was tested: give -Size from 2 to 500.", none.SkippedSizesWarning("-Size", sizesGiven: false));
    }

    [Fact]
    public void The_sizes_tried_and_the_warning_on_those_skipped_follow_one_rule_at_its_bounds()
    {
        // 1000 items: 2 (an item and its nearest) to 500 (half) are tried; 1 and 501 are not, and the warning says why.
        var (data, embeddings) = World((i, r) => r.NextDouble() < 0.1);
        var result = ErrorSliceFinder.Find(data, 0.5, embeddings, new ErrorSliceOptions { GroupSizes = new[] { 501, 1, 500, 2 } });
        Assert.Equal(new[] { 2, 500 }, result.TestedSizes);
        Assert.Equal(new[] { 1, 501 }, result.SkippedSizes);
        Assert.Equal(
            "Group size 501 skipped: above half of the 1000 items searched (500; a slice is a minority of them); group size 1 skipped: below 2 (a group is an item and its nearest ones); sizes 2, 500 kept.",
            result.SkippedSizesWarning("--sizes", sizesGiven: true));
        // 3 items searched: half is 1, below the smallest group.
        var tiny = new ErrorSliceResult(Array.Empty<AutoMLEval.Engine.Slices.ErrorSlice>(), 3, 1, 0, 0, 0) { SkippedSizes = new[] { 2 } };
        Assert.Equal(
            "Group size 2 skipped: above half of the 3 items searched (1; a slice is a minority of them); no group was tested: too few items have an embedding for a group of 2 to be a minority.",
            tiny.SkippedSizesWarning("--sizes", sizesGiven: true));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_random_scatter_of_errors_gives_no_slice(int seed)
    {
        var (data, embeddings) = World((_, r) => r.NextDouble() < 0.1, seed);
        var result = ErrorSliceFinder.Find(data, 0.5, embeddings);
        Assert.Empty(result.Slices);
        Assert.Equal(6000, result.GroupsTested);
        // The one text both front ends show (the CLI's note, Find-ErrorSlice's warning) says first that nothing was found.
        Assert.StartsWith("No error slice found: 1000 items searched, ", result.Summary(), StringComparison.Ordinal);
        Assert.EndsWith("; 6000 groups tested, 0 significant at 0.05 after Bonferroni; 0 slices after overlaps were suppressed.", result.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Slices_do_not_overlap_by_half_and_the_search_is_deterministic()
    {
        var (data, embeddings) = World((i, r) => r.NextDouble() < (i < 60 || (i >= 400 && i < 440) ? 0.85 : 0.05));
        var first = ErrorSliceFinder.Find(data, 0.5, embeddings);
        var again = ErrorSliceFinder.Find(data, 0.5, embeddings);
        Assert.Equal(first.Slices.Select(s => string.Join(",", s.Items)), again.Slices.Select(s => string.Join(",", s.Items)));
        for (int a = 0; a < first.Slices.Count; a++)
        {
            for (int b = a + 1; b < first.Slices.Count; b++)
            {
                var shared = first.Slices[a].Items.Intersect(first.Slices[b].Items).Count();
                Assert.True(shared < 0.5 * Math.Min(first.Slices[a].Size, first.Slices[b].Size));
            }
        }
        Assert.True(first.Slices.Count >= 2);
        // Ranked by the lower bound of the lift.
        Assert.Equal(first.Slices.OrderByDescending(s => s.LiftLowerBound).Select(s => s.LiftLowerBound), first.Slices.Select(s => s.LiftLowerBound));
    }

    [Fact]
    public void Items_without_embedding_are_counted_and_metadata_over_representation_is_named()
    {
        var (data, embeddings) = World((i, r) => r.NextDouble() < (i < 60 ? 0.8 : 0.08));
        var some = embeddings.Where(id => !id.EndsWith("9.png", StringComparison.Ordinal));
        // camera b on the planted items and on 1 in 10 of the others.
        var metadata = new ItemMetadata(data.ItemIds.Select((id, i) => new KeyValuePair<string, IReadOnlyDictionary<string, string>>(id,
            new Dictionary<string, string> { ["camera"] = i < 60 || i % 10 == 0 ? "b" : "a" })));
        var result = ErrorSliceFinder.Find(data, 0.5, some, metadata: metadata);
        Assert.Equal(100, result.ItemsWithoutEmbedding);
        Assert.Equal(900, result.Items);
        // One warning for every front end, under the one code of items without an embedding (the report's, the JSON's count's name).
        var warning = result.WithoutEmbeddingIssue(some, 1000, "gt.csv", "--embeddings", lookedIn: null);
        Assert.Equal(("ItemsWithoutEmbedding", IssueSeverity.Warning, "gt.csv", 0L, ""), (warning!.Code, warning.Severity, warning.Source, warning.Line, warning.Field));
        Assert.StartsWith("Left out of the search, of 1000 evaluated items: 100 items without an embedding (", warning.Message, StringComparison.Ordinal);
        Assert.Null(ErrorSliceFinder.Find(data, 0.5, embeddings).WithoutEmbeddingIssue(embeddings, 1000, "gt.csv", "--embeddings", lookedIn: "e.jsonl"));
        var camera = result.Slices[0].OverRepresented.Single();
        Assert.Equal(("camera", "b"), (camera.Key, camera.Value));
        Assert.True(camera.Ratio > 3);
        Assert.Contains("camera=b", result.Slices[0].Description, StringComparison.Ordinal);
    }

    [Theory]
    // Wilson 1927 by formula (python, z = 1.959963984540054).
    [InlineData(60, 80, 0.6451532538076602, 0.8319376814245761)]
    [InlineData(3, 3, 0.43850296824495455, 1.0)]
    [InlineData(7, 10, 0.39677814746114537, 0.8922087325936989)]
    public void Wilson_interval_equals_the_formula(int successes, int trials, double lower, double upper)
    {
        var interval = BinomialStatistics.WilsonInterval(successes, trials);
        Assert.Equal(lower, interval.Lower, 12);
        Assert.Equal(upper, interval.Upper, 12);
    }

    [Theory]
    // scipy 1.10 binom.sf(k − 1, n, p)
    [InlineData(7, 10, 0.1037, 1.1638779905354735e-05)]
    [InlineData(60, 80, 0.1, 4.4602049921083316e-43)]
    [InlineData(3, 3, 0.5, 0.125)]
    [InlineData(1, 320, 0.2, 1.0)]
    public void Upper_tail_equals_scipy(int successes, int trials, double p, double expected) =>
        Assert.Equal(expected, BinomialStatistics.UpperTail(successes, trials, p), expected * 1e-9);
}
