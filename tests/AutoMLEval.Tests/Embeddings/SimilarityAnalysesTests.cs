using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using Xunit;

namespace AutoMLEval.Tests.Embeddings;

public class SimilarityAnalysesTests
{
    private static (EmbeddingSet Embeddings, DatasetItems Dataset) Points(params (string Id, string Split, string Label, float X, float Y)[] points)
    {
        var embeddings = new EmbeddingSet(points.Select(p => p.Id).ToArray(), points.SelectMany(p => new[] { p.X, p.Y }).ToArray(), 2);
        var dataset = new DatasetItems(points.Select(p => new LabeledItem(p.Id, p.Split, new[] { p.Label })));
        return (embeddings, dataset);
    }

    /// <summary>
    /// Three "x" points near the origin, a copy of the origin labelled "y", and a far "y" cluster. With k = 2
    /// (Euclidean) the neighbour distances are 0,1 (a1), 1,1 (a2), 1,1 (a3), 0,1 (dup), 1,1 (b1), 1,√2 (b2, b3):
    /// median s = 1, so a neighbour at distance 0 weighs 1 and one at distance 1 weighs e^-1.
    /// </summary>
    private static (EmbeddingSet Embeddings, DatasetItems Dataset) DuplicateWithOtherLabel() => Points(
        ("a1", "training", "x", 0, 0),
        ("a2", "training", "x", 1, 0),
        ("a3", "training", "x", 0, 1),
        ("dup", "training", "y", 0, 0),
        ("b1", "training", "y", 10, 10),
        ("b2", "training", "y", 11, 10),
        ("b3", "training", "y", 10, 11));

    [Fact]
    public void LabelIssues_DuplicateWithDifferentLabelRanksFirst()
    {
        var (embeddings, dataset) = DuplicateWithOtherLabel();
        var result = LabelIssues.Find(embeddings, dataset, null, new LabelIssueOptions { Count = 2, Metric = DistanceMetric.Euclidean });
        Assert.Equal(1.0, result.DistanceScale);
        Assert.Equal(new[] { "dup", "a1", "a2", "a3", "b1", "b2", "b3" }, result.Items.Select(i => i.ItemId));
        // dup: neighbours a1 (0) and a2 (1), both "x": no support for "y".
        var dup = result.Items[0];
        Assert.Equal((1.0, "x", 0.0), (dup.Score, dup.SuggestedLabel, dup.NeighborAgreement));
        Assert.Equal(new[] { new KeyValuePair<string, int>("x", 2) }, dup.NeighborLabelCounts);
        // a1: neighbours dup ("y", weight 1) and a2 ("x", weight e^-1): p(x) = e^-1 / (1 + e^-1), score = 1 / (1 + e^-1).
        Assert.Equal(1 / (1 + Math.Exp(-1)), result.Items[1].Score, 12);
        Assert.Equal("y", result.Items[1].SuggestedLabel);
        // a2: neighbours a1 ("x") and dup ("y") at the same distance: p(x) = 0.5; the tie suggests the ordinal-first label.
        Assert.Equal((0.5, "x"), (result.Items[2].Score, result.Items[2].SuggestedLabel));
        Assert.All(result.Items.Skip(4), i => Assert.Equal(0.0, i.Score));
        Assert.True(double.IsNaN(dup.ModelConfidence));
    }

    [Fact]
    public void LabelIssues_CombinesNeighboursWithModelConfidence()
    {
        var (embeddings, dataset) = DuplicateWithOtherLabel();
        var predictions = new ItemConfidences(new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["dup"] = new Dictionary<string, double> { ["x"] = 0.9, ["y"] = 0.1 },
            ["a1"] = new Dictionary<string, double> { ["x"] = 0.8, ["y"] = 0.2 },
        });
        var result = LabelIssues.Find(embeddings, dataset, predictions, new LabelIssueOptions { Count = 2, Metric = DistanceMetric.Euclidean, ModelWeight = 0.5 });
        var byId = result.Items.ToDictionary(i => i.ItemId);
        // dup: q = 0.5 × 0 + 0.5 × 0.1 = 0.05.
        Assert.Equal(0.95, byId["dup"].Score, 12);
        // a1: q = 0.5 × e^-1/(1+e^-1) + 0.5 × 0.8; suggestion x (0.5 × 0.2689 + 0.4) beats y (0.5 × 0.7311 + 0.1).
        double agreement = Math.Exp(-1) / (1 + Math.Exp(-1));
        Assert.Equal(1 - ((0.5 * agreement) + 0.4), byId["a1"].Score, 12);
        Assert.Equal("x", byId["a1"].SuggestedLabel);
        Assert.Equal(0.8, byId["a1"].ModelConfidence);
        // a2 has no prediction: neighbours only (0.5), and it is counted.
        Assert.Equal(0.5, byId["a2"].Score);
        Assert.Equal(5, result.ItemsWithoutPrediction);
    }

    [Fact]
    public void Outliers_WithoutSpreadZIsUndefinedAndItemsAboveTheReferenceAreFlagged()
    {
        // Training: ten points one apart on a line; leave-one-out 1-NN distance 1 for all, so the median is 1 and the MAD
        // and mean absolute deviation are 0: z is undefined (null), and an item is an outlier when its distance is above 1.
        // (Before: the scale fell back to 1, an undocumented unit, and z = x − 1 in the embedding's units.)
        var training = Enumerable.Range(0, 10).Select(i => ($"t{i}", "training", "x", (float)i, 0f));
        var (embeddings, dataset) = Points(training.Concat(new[] { ("far", "test", "x", 5f, 50f), ("near", "test", "x", 3f, 0.5f) }).ToArray());
        var result = Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "test", Count = 1, Metric = DistanceMetric.Euclidean });
        Assert.Equal((1.0, (double?)null, OutlierScale.Undefined), (result.ReferenceMedian, result.ReferenceScale, result.Scale));
        Assert.Equal(new[] { "far", "near" }, result.Items.Select(i => i.ItemId));
        // far: nearest training point (5, 0) at 50, above every reference value; near: (3, 0) at 0.5, below them.
        Assert.Equal(new Outlier("far", "test", result.Items[0].Labels, 50, 1.0, null, true), result.Items[0]);
        Assert.Equal((0.5, 0.0, (double?)null, false), (result.Items[1].MeanDistance, result.Items[1].Percentile, result.Items[1].RobustZ, result.Items[1].IsOutlier));
        Assert.Equal(new SelectionCounts(2, 0), result.Scored);
        Assert.Equal("1 of 2 items has a mean distance above 1, the value of every one of the 10 references (robust z undefined: they have no spread)", result.Summary("10 references"));
        Assert.Equal(
            "The 10 reference items are all at mean distance 1 from their 1 nearest neighbour: their MAD and mean absolute deviation are 0, so robust z is undefined (left empty), and an item is an outlier when its mean distance is above 1.",
            result.UndefinedScaleWarning("--count"));
    }

    [Fact]
    public void Outliers_RobustZUsesTheMedianAbsoluteDeviation()
    {
        // Reference 1-NN distances (k = 1) on a line at 0, 1, 3, 6, 10: 1, 1, 2, 3, 4 → median 2, MAD median(1,1,0,1,2) = 1.
        var (embeddings, dataset) = Points(
            ("r0", "training", "x", 0, 0), ("r1", "training", "x", 1, 0), ("r3", "training", "x", 3, 0), ("r6", "training", "x", 6, 0), ("r10", "training", "x", 10, 0),
            ("q", "test", "x", 20, 0));
        var result = Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "test", Count = 1, Metric = DistanceMetric.Euclidean });
        Assert.Equal(2.0, result.ReferenceMedian);
        Assert.Equal(OutlierScale.MedianAbsoluteDeviation, result.Scale);
        Assert.Equal(1.4826, result.ReferenceScale!.Value, 12);
        // q at 20: nearest r10 at 10: z = (10 − 2) / 1.4826.
        Assert.Equal(8 / 1.4826, result.Items[0].RobustZ!.Value, 12);
        Assert.Null(result.UndefinedScaleWarning("--count"));
    }

    [Fact]
    public void Outliers_ZeroMadFallsBackToTheMeanAbsoluteDeviation()
    {
        // Reference 1-NN distances on a line at 0, 1, 2, 3, 6: 1, 1, 1, 1, 3 → median 1, MAD median(0,0,0,0,2) = 0;
        // mean absolute deviation (0+0+0+0+2)/5 = 0.4, so the scale is 1.253314 × 0.4 = 0.5013256 (Iglewicz and Hoaglin).
        var (embeddings, dataset) = Points(
            ("r0", "training", "x", 0, 0), ("r1", "training", "x", 1, 0), ("r2", "training", "x", 2, 0), ("r3", "training", "x", 3, 0), ("r6", "training", "x", 6, 0),
            ("far", "test", "x", 20, 0), ("near", "test", "x", 2.5f, 0));
        var result = Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "test", Count = 1, Metric = DistanceMetric.Euclidean });
        Assert.Equal((1.0, OutlierScale.MeanAbsoluteDeviation), (result.ReferenceMedian, result.Scale));
        Assert.Equal(0.5013256, result.ReferenceScale!.Value, 12);
        // far: nearest r6 at 14, z = 13 / 0.5013256 = 25.93; near: r2 at 0.5, z = −0.5 / 0.5013256 = −0.997.
        Assert.Equal(13 / 0.5013256, result.Items[0].RobustZ!.Value, 12);
        Assert.True(result.Items[0].IsOutlier);
        Assert.Equal(-0.5 / 0.5013256, result.Items[1].RobustZ!.Value, 12);
        Assert.False(result.Items[1].IsOutlier);
        Assert.Equal("1 of 2 items has robust z > 3.5 (z = (mean distance - 1) / 0.501326, 1.253314 x the mean absolute deviation as the MAD is 0, from 5 references)", result.Summary("5 references"));
    }

    /// <summary>
    /// A training set of ten pairs of identical vectors (a data set with exact duplicates), k = 1: every reference distance
    /// is 0 under both distances (under cosine identical vectors came out at about 1e-16, and z at 10^15).
    /// </summary>
    [Theory]
    [InlineData(DistanceMetric.Cosine)]
    [InlineData(DistanceMetric.Euclidean)]
    public void Outliers_OfDuplicatedDataAgreeUnderBothDistances(DistanceMetric metric)
    {
        var training = Enumerable.Range(0, 10).SelectMany(i => new[] { ($"t{i}a", "training", "x", (float)Math.Cos(i * 0.3), (float)Math.Sin(i * 0.3) * 0.7f + 0.1f), ($"t{i}b", "training", "x", (float)Math.Cos(i * 0.3), (float)Math.Sin(i * 0.3) * 0.7f + 0.1f) });
        var test = new[] { ("copy", "test", "x", (float)Math.Cos(0.3), (float)Math.Sin(0.3) * 0.7f + 0.1f), ("apart", "test", "x", -1f, -1f) };
        var (embeddings, dataset) = Points(training.Concat(test).ToArray());
        var result = Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "test", Count = 1, Metric = metric });
        Assert.Equal((0.0, (double?)null, OutlierScale.Undefined), (result.ReferenceMedian, result.ReferenceScale, result.Scale));
        Assert.Equal(("apart", true, (double?)null), (result.Items[0].ItemId, result.Items[0].IsOutlier, result.Items[0].RobustZ));
        Assert.Equal(("copy", 0.0, false), (result.Items[1].ItemId, result.Items[1].MeanDistance, result.Items[1].IsOutlier));
        Assert.Equal(
            "The 20 reference items are all at distance 0 from their 1 nearest neighbour (each has identical copies among them): their MAD and mean absolute deviation are 0, so robust z is undefined (left empty), and an item is an outlier when its mean distance is above 0; raise -Count above the number of copies for a graded score.",
            result.UndefinedScaleWarning("-Count"));
    }

    [Fact]
    public void NearDuplicates_FindsLeakageAcrossSplitsOnce()
    {
        var (embeddings, dataset) = Points(
            ("train-a", "training", "cat", 1, 0),
            ("test-a", "test", "dog", 1, 0.001f),
            ("train-b", "training", "dog", 0, 1),
            ("train-c", "training", "dog", -1, 0));
        var result = NearDuplicates.Find(embeddings, dataset, new NearDuplicateOptions { Count = 3, Threshold = 0.01 });
        var pair = Assert.Single(result.Pairs);
        // "test" sorts before "training", so the test item is A. Cosine distance 1 − 1/√(1 + 0.001²) ≈ 5e-7.
        Assert.Equal(("test-a", "train-a", true, false), (pair.ItemA, pair.ItemB, pair.CrossSplit, pair.LabelsAgree));
        double y = 0.001f;
        Assert.Equal(1 - (1 / Math.Sqrt(1 + (y * y))), pair.Distance, 12);
        Assert.Equal(1, result.CrossSplitPairs);
        Assert.Equal(0.01, result.Threshold);
    }

    [Fact]
    public void NearDuplicates_ExamineTheKEveryItemGets_AndCountNoItemAtTheLimitWhenEveryOtherItemWasExamined()
    {
        // Euclidean, threshold 0.5: a, b and c lie 0.1 apart on a line, d is 4.8 beyond c. Before: the k asked for was
        // the search's and the limit's, so --count 3 on a, b and c alone (k = n - 1) counted all three "at the limit,
        // raise --count", though every pair was found, and --count 10 said "all 10 examined neighbours" of 2.
        var (line, lineData) = Points(("a", "training", "x", 0, 0), ("b", "training", "x", 0.1f, 0), ("c", "training", "x", 0.2f, 0), ("d", "training", "x", 5, 0));
        NearDuplicateResult Find(EmbeddingSet embeddings, DatasetItems dataset, int count) =>
            NearDuplicates.Find(embeddings, dataset, new NearDuplicateOptions { Count = count, Threshold = 0.5, Metric = DistanceMetric.Euclidean });

        // k = 2 of 3 others: a, b and c each have both examined neighbours within 0.5 (d is left unexamined by them): 3 at the limit.
        var two = Find(line, lineData, 2);
        Assert.Equal((2, 3, 3), (two.NeighborCount.Used, two.ItemsAtNeighborLimit, two.Pairs.Count));
        Assert.Null(two.NeighborCount.ReducedWarning("--count"));
        // One text for the CLI's note and Find-NearDuplicate's warning, each naming its own option.
        Assert.Equal("3 items had all 2 examined neighbours within the threshold (raise -Count to find all their pairs)", two.NeighborLimitNote("-Count"));

        // --count 10 on 4 items: k = 3 = n - 1, every other item examined, so no item can have a pair unreported.
        var ten = Find(line, lineData, 10);
        Assert.Equal((3, 0, 3), (ten.NeighborCount.Used, ten.ItemsAtNeighborLimit, ten.Pairs.Count));
        Assert.Equal("k = 3 nearest neighbours for every item, not the 10 asked for (--count): there are 4 reference items and an item is not its own neighbour.", ten.NeighborCount.ReducedWarning("--count"));

        // a, b and c alone with --count 2 = n - 1: all pairs within the threshold, all found, none at the limit.
        var (three, threeData) = Points(("a", "training", "x", 0, 0), ("b", "training", "x", 0.1f, 0), ("c", "training", "x", 0.2f, 0));
        var exact = Find(three, threeData, 2);
        Assert.Equal((2, 0, 3), (exact.NeighborCount.Used, exact.ItemsAtNeighborLimit, exact.Pairs.Count));
    }

    [Fact]
    public void NearDuplicates_HeadlineGivesTheDistancesToAFewDecimals()
    {
        // The digits demo's figures as the search gives them (float sums widened to double): 0.05 x 0.003578 = 0.0001789.
        var result = new NearDuplicateResult(Array.Empty<NearDuplicatePair>(), 0.00017889999369852805, 0.003577999873970561, 0, new SelectionCounts(540, 0), Array.Empty<string>(), new NeighborCount(10, 10, 540, LeaveOneOut: true));
        Assert.Equal("0 pairs at distance <= 0.0001789 (median nearest-neighbour distance 0.003578), 0 across splits", result.Headline);
    }

    [Fact]
    public void SimilarImages_SearchesOnlyTheReferenceSplitAndFlagsAgreement()
    {
        var (embeddings, dataset) = Points(
            ("q", "test", "x", 1, 0),
            ("other-test", "test", "x", 1, 0),
            ("t1", "training", "x", 2, 0.2f),
            ("t2", "training", "y", 1, 1),
            ("t3", "training", "x", -1, 0));
        var result = SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { QueryItems = new[] { "q", "missing" }, Count = 2 });
        var query = Assert.Single(result.Queries);
        Assert.Equal(1, result.QueriesWithoutEmbedding);
        Assert.Equal(new[] { ("t1", true), ("t2", false) }, query.Neighbors.Select(n => (n.ItemId, n.AgreesWithQuery)));
        // Cosine distance of (1,0) and (1,1): 1 − 1/√2.
        Assert.Equal(1 - (1 / Math.Sqrt(2)), query.Neighbors[1].Distance, 7);
    }

    [Fact]
    public void SimilarImages_AnswersNamedQueriesInTheOrderAsked()
    {
        var (embeddings, dataset) = Points(
            ("a", "test", "x", 1, 0),
            ("b", "test", "x", 0, 1),
            ("c", "test", "y", 1, 1),
            ("t", "training", "x", 2, 0.2f));
        // Embedding order is a, b, c; the queries are asked c, a, b (a twice: answered once, where first asked).
        var result = SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { QueryItems = new[] { "c", "a", "missing", "b", "a" }, Count = 1 });
        Assert.Equal(new[] { "c", "a", "b" }, result.Queries.Select(q => q.ItemId));
        Assert.Equal(1, result.QueriesWithoutEmbedding);
    }

    [Fact]
    public void SimilarImages_NamesTheQueriesThatAreNeitherItemsNorEmbedded()
    {
        var embeddings = new EmbeddingSet(new[] { "a", "stray", "t" }, new float[] { 1, 0, 0, 1, 2, 0.2f }, 2);
        var dataset = new DatasetItems(new[]
        {
            new LabeledItem("a", "test", new[] { "x" }),
            new LabeledItem("no-vector", "test", new[] { "x" }),
            new LabeledItem("t", "training", new[] { "x" }),
        });
        // "typo" is neither an item nor embedded (named twice: once); "no-vector" is an item without a vector, and "stray"
        // a vector without an item (searched, with no labels): neither is unknown.
        var result = SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { QueryItems = new[] { "typo", "a", "no-vector", "stray", "typo" }, Count = 1 });
        Assert.Equal(new[] { "typo" }, result.UnknownQueries);
        Assert.Equal(new[] { "typo", "no-vector" }, result.NamedQueriesWithoutEmbedding);
        Assert.Equal(2, result.QueriesWithoutEmbedding);
        Assert.Equal(new[] { "a", "stray" }, result.Queries.Select(q => q.ItemId));
        var bySplit = SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { Count = 1 });
        Assert.Empty(bySplit.UnknownQueries);
        Assert.Empty(bySplit.NamedQueriesWithoutEmbedding);
    }

    // Before: a split's queries without a vector were counted only, so neither front end could say which they were.
    [Fact]
    public void SimilarImages_NamesTheQuerySplitsItemsWithoutEmbeddingInGroundTruthOrder()
    {
        var embeddings = new EmbeddingSet(new[] { "b", "t" }, new float[] { 1, 0, 2, 0.2f }, 2);
        var dataset = new DatasetItems(new[]
        {
            new LabeledItem("z-missing", "test", new[] { "x" }),
            new LabeledItem("b", "test", new[] { "x" }),
            new LabeledItem("t", "training", new[] { "x" }),
            new LabeledItem("a-missing", "test", new[] { "y" }),
            new LabeledItem("training-missing", "training", new[] { "y" }),
        });
        var result = SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { Count = 1 });
        Assert.Equal(new[] { "z-missing", "a-missing" }, result.KnownQueriesWithoutEmbedding);
        Assert.Equal(2, result.QueriesWithoutEmbedding);
        Assert.Empty(result.NamedQueriesWithoutEmbedding);
        // Named queries: those the ground truth knows, in the order named; "typo" is an unknown query, not among them.
        var named = SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { QueryItems = new[] { "a-missing", "typo", "b", "z-missing" }, Count = 1 });
        Assert.Equal(new[] { "a-missing", "z-missing" }, named.KnownQueriesWithoutEmbedding);
    }

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "a" }, " (a)")]
    [InlineData(new[] { "a", "b", "c" }, " (a, b, c)")]
    [InlineData(new[] { "a", "b", "c", "d", "e" }, " (a, b, c and 2 more)")]
    public void FirstNames_GivesThreeNamesThenHowManyMore(string[] names, string expected)
    {
        Assert.Equal(expected, FirstNames.InParentheses(names));
    }

    [Fact]
    public void Results_CountItemsWithoutEmbeddingAndEmbeddingsWithoutGroundTruth()
    {
        var embeddings = new EmbeddingSet(new[] { "a", "b", "stray" }, new float[] { 1, 0, 0, 1, 1, 1 }, 2);
        var dataset = new DatasetItems(new[]
        {
            new LabeledItem("a", "training", new[] { "x" }),
            new LabeledItem("b", "training", new[] { "x" }),
            new LabeledItem("no-vector", "training", new[] { "x" }),
            new LabeledItem("test-item", "test", new[] { "x" }),
        });
        var result = LabelIssues.Find(embeddings, dataset, null, new LabelIssueOptions { Split = "training" });
        // Ranked: a and b; "no-vector" has no embedding; "stray" has no ground truth; "test-item" is another split.
        Assert.Equal(new SelectionCounts(2, 1) { ItemIdsWithoutEmbedding = new[] { "no-vector" } }, result.Ranked);
        Assert.Equal(new[] { "stray" }, result.ItemIdsWithoutGroundTruth);
        Assert.Equal(new[] { "a", "b" }, result.Items.Select(i => i.ItemId).OrderBy(i => i, StringComparer.Ordinal));
        // Every analysis names the items it left out (so that a front end can say which), not only counts them.
        Assert.Equal(new[] { "no-vector" }, Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "training", Count = 1 }).Scored.ItemIdsWithoutEmbedding);
        Assert.Equal(new[] { "no-vector" }, NearDuplicates.Find(embeddings, dataset, new NearDuplicateOptions { Split = "training", Count = 1 }).Searched.ItemIdsWithoutEmbedding);
        Assert.Equal(new[] { "no-vector", "test-item" }, LabelIssues.Find(embeddings, dataset, null, new LabelIssueOptions()).Ranked.ItemIdsWithoutEmbedding);
        // And the embeddings of no ground-truth item, which were only counted ("3 embeddings belong to no ground-truth item").
        Assert.Equal(new[] { "stray" }, Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "training", Count = 1 }).ItemIdsWithoutGroundTruth);
        Assert.Equal(new[] { "stray" }, NearDuplicates.Find(embeddings, dataset, new NearDuplicateOptions { Split = "training", Count = 1 }).ItemIdsWithoutGroundTruth);
        Assert.Equal(new[] { "stray" }, SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { QuerySplit = "training", Count = 1 }).ItemIdsWithoutGroundTruth);
    }

    [Fact]
    public void An_analysis_of_an_empty_split_is_an_error_naming_the_splits_there_are()
    {
        var (embeddings, dataset) = Points(("a", "training", "x", 0, 0), ("b", "training", "x", 1, 0), ("c", "test", "x", 0, 1));
        var errors = new Func<object>[]
        {
            () => Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "validation" }),
            () => LabelIssues.Find(embeddings, dataset, null, new LabelIssueOptions { Split = "validation" }),
            () => NearDuplicates.Find(embeddings, dataset, new NearDuplicateOptions { Split = "validation" }),
            () => SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { QuerySplit = "validation" }),
            () => SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { QuerySplit = "test", ReferenceSplit = "validation" }),
        }.Select(find => Assert.Throws<InputFormatException>(find).Issue);
        Assert.All(errors, issue => Assert.Equal(("EmptySplit", "ML_USE", "split 'validation' has no items (found: training 2, test 1)"), (issue.Code, issue.Field, issue.Message)));
    }

    [Fact]
    public void Outliers_need_two_reference_items_with_embeddings_and_a_pair_needs_two_items()
    {
        // One training item has no neighbour but itself: its spread was NaN, and every robust z with it.
        var embeddings = new EmbeddingSet(new[] { "a", "c" }, new float[] { 0, 0, 0, 1 }, 2);
        var dataset = new DatasetItems(new[] { new LabeledItem("a", "training", new[] { "x" }), new LabeledItem("b", "training", new[] { "x" }), new LabeledItem("c", "test", new[] { "x" }) })
        {
            Source = "gt.csv",
        };

        var outliers = Assert.Throws<InputFormatException>(() => Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "test" })).Issue;
        var pairs = Assert.Throws<InputFormatException>(() => NearDuplicates.Find(embeddings, dataset, new NearDuplicateOptions { Split = "training" })).Issue;

        Assert.Equal(("TooFewEmbeddings", "gt.csv"), (outliers.Code, outliers.Source));
        Assert.StartsWith("1 of the 2 items of split 'training' has an embedding, and the analysis needs at least 2", outliers.Message, StringComparison.Ordinal);
        Assert.Equal(outliers.Message, pairs.Message);
        // Two reference items are enough.
        var two = new EmbeddingSet(new[] { "a", "b", "c" }, new float[] { 0, 0, 1, 0, 0, 1 }, 2);
        Assert.Single(Outliers.Find(two, dataset, new OutlierOptions { Split = "test" }).Items);
    }

    [Fact]
    public void Too_few_embeddings_names_the_items_whose_record_was_rejected()
    {
        // Every training record but one rejected for its length: before, the error ended with advice on content paths,
        // as if the items were missing from the file.
        var builder = new EmbeddingSetBuilder(new IssueLog());
        EmbeddingReader.ReadCsv(new StringReader("a,0,1,0\nb,1,0\nc,0,1\nt,1,0\n"), "/data/e.csv", builder);
        var embeddings = builder.Build("/data/e.csv");
        var dataset = new DatasetItems(new[] { new LabeledItem("a", "training", new[] { "x" }), new LabeledItem("t", "test", new[] { "x" }), new LabeledItem("b", "test", new[] { "x" }), new LabeledItem("c", "test", new[] { "x" }) })
        {
            Source = "gt.csv",
        };

        var issue = Assert.Throws<InputFormatException>(() => Outliers.Find(embeddings, dataset, new OutlierOptions { Split = "test" })).Issue;

        Assert.Equal(
            "0 of the 1 items of split 'training' have an embedding, and the analysis needs at least 2; the embedding record of 1 item (a: /data/e.csv:1 DimensionMismatch) was rejected (reported above)",
            issue.Message);
        // Beside an item that is really absent, the advice on paths stays, for it.
        var withAbsent = new DatasetItems(dataset.Items.Append(new LabeledItem("gone", "training", new[] { "x" }))) { Source = "gt.csv" };
        Assert.EndsWith(
            "was rejected (reported above); for the others, an embedding's content must be the item's path as the ground truth gives it",
            Assert.Throws<InputFormatException>(() => Outliers.Find(embeddings, withAbsent, new OutlierOptions { Split = "test" })).Issue.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Outliers_over_every_split_without_embeddings_ask_for_the_two_the_reference_needs()
    {
        // Scored and reference are the same items: one item is enough to score, not to be the reference.
        var embeddings = new EmbeddingSet(new[] { "elsewhere.png" }, new float[] { 0, 1 }, 2);
        var dataset = new DatasetItems(new[] { new LabeledItem("a", "training", new[] { "x" }), new LabeledItem("b", "test", new[] { "x" }) })
        {
            Source = "gt.csv",
        };

        var issue = Assert.Throws<InputFormatException>(() => Outliers.Find(embeddings, dataset, new OutlierOptions { Split = null, ReferenceSplit = null })).Issue;

        Assert.Equal(("TooFewEmbeddings", string.Empty), (issue.Code, issue.Field));
        Assert.StartsWith("0 of the 2 items of the ground truth have an embedding, and the analysis needs at least 2", issue.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The tester's case: three training items a = (1, 0), b = (2, 0), c = (0, 1) and a test copy q of a, k = 10 asked
    /// for. Every item gets k = 2 = n_ref − 1 (a reference item has two others). Cosine distances: a–b 0, a–c and b–c 1.
    /// x: a and b (0 + 1) / 2 = 0.5, c 1, q (0 + 0) / 2 = 0. Median 0.5, MAD 0, mean absolute deviation 0.5 / 3, scale
    /// 1.253314 / 6; z(q) = −0.5 / (1.253314 / 6), z(c) = 0.5 / (1.253314 / 6). Checked against numpy (/usr/bin/python3).
    /// Before, q averaged over all three references (1 / 3) while a averaged over two, and q's copy a looked more outlying
    /// than q by a different k, not by its neighbours.
    /// </summary>
    [Fact]
    public void Outliers_GiveEveryItemTheSameKWhenTheReferencesAreFewerThanAskedFor()
    {
        var (embeddings, dataset) = Points(("a", "training", "cat", 1, 0), ("b", "training", "cat", 2, 0), ("c", "training", "dog", 0, 1), ("q", "test", "cat", 1, 0));

        var result = Outliers.Find(embeddings, dataset, new OutlierOptions { Split = null, Count = 10 });

        Assert.Equal(new NeighborCount(10, 2, 3, true), result.NeighborCount);
        var byId = result.Items.ToDictionary(i => i.ItemId);
        Assert.Equal((0.0, 0.0), (byId["q"].MeanDistance, byId["q"].Percentile));
        Assert.Equal(-0.5 / (1.253314 / 6), byId["q"].RobustZ!.Value, 12);
        Assert.Equal((0.5, 1 / 3.0, 0.0), (byId["a"].MeanDistance, byId["a"].Percentile, byId["a"].RobustZ!.Value));
        Assert.Equal(0.5 / (1.253314 / 6), byId["c"].RobustZ!.Value, 12);
        Assert.Equal(
            "k = 2 nearest neighbours for every item, not the 10 asked for (--count): there are 3 reference items and an item is not its own neighbour.",
            result.NeighborCount.ReducedWarning("--count"));
    }

    [Fact]
    public void Similar_SaysItFoundFewerNeighboursThanAskedFor()
    {
        // Test queries against three training items, none a query: each query has the three, and the warning says why.
        var (embeddings, dataset) = Points(("a", "training", "cat", 1, 0), ("b", "training", "cat", 2, 0), ("c", "training", "dog", 0, 1), ("q", "test", "cat", 1, 0));

        var result = SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { Count = 10 });

        Assert.Equal(new NeighborCount(10, 3, 3, false), result.NeighborCount);
        Assert.Equal(new[] { "a", "b", "c" }, result.Queries.Single().Neighbors.Select(n => n.ItemId));
        Assert.Equal(
            "k = 3 nearest neighbours for every item, not the 10 asked for (-Count): there are only 3 reference items.",
            result.NeighborCount.ReducedWarning("-Count"));
        Assert.Null(SimilarImages.Find(embeddings, dataset, new SimilarImagesOptions { Count = 3 }).NeighborCount.ReducedWarning("--count"));
    }

    [Fact]
    public void LabelIssues_GiveEveryItemTheSameKWhenTheItemsAreFewerThanAskedFor()
    {
        // Seven items ranked against themselves, k = 50 asked for: each has the six others.
        var (embeddings, dataset) = DuplicateWithOtherLabel();

        var result = LabelIssues.Find(embeddings, dataset, null, new LabelIssueOptions { Count = 50, Metric = DistanceMetric.Euclidean });

        Assert.Equal(new NeighborCount(50, 6, 7, true), result.NeighborCount);
        Assert.All(result.Items, i => Assert.Equal(6, i.NeighborLabelCounts.Sum(c => c.Value)));
        Assert.Equal(
            "k = 6 nearest neighbours for every item, not the 50 asked for (--count): there are 7 reference items and an item is not its own neighbour.",
            result.NeighborCount.ReducedWarning("--count"));
    }
}
