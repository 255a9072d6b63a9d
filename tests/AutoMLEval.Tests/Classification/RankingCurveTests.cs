using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>Small cases worked by hand: each comment derives the expected number.</summary>
public sealed class RankingCurveTests
{
    private static RankingCurve Feed(double[] scores, bool[] truth, params double[] thresholds)
    {
        var column = SortedColumn.Of((double[])scores.Clone(), (bool[])truth.Clone());
        var curve = new RankingCurve(column.Positives, column.Negatives, thresholds);
        column.FeedTo(curve);
        curve.Finish();
        return curve;
    }

    [Fact]
    public void Alternating_ranking()
    {
        // Descending: 0.9 +, 0.8 -, 0.7 +, 0.6 -.
        // AP = (1/2)·(1/1) + (1/2)·(2/3) = 5/6.
        // AUC: 0.9 beats both negatives, 0.7 beats one of two: (2 + 1) / (2·2) = 3/4.
        var curve = Feed(new[] { 0.6, 0.9, 0.7, 0.8 }, new[] { false, true, true, false }, 0.75, 0.0, 1.0);
        Assert.Equal(5.0 / 6.0, curve.AveragePrecision, 15);
        Assert.Equal(0.75, curve.RocAuc, 15);
        // At 0.75: 0.9 and 0.8 are predicted: TP 1, FP 1, FN 1, TN 1.
        Assert.Equal(new ThresholdCounts(0.75, 1, 1, 1, 1), curve.Counts[0]);
        // At 0: everything predicted; at 1: nothing, so precision is 1 by convention and recall 0.
        Assert.Equal(new ThresholdCounts(0.0, 2, 2, 0, 0), curve.Counts[1]);
        Assert.Equal(1.0, curve.Counts[2].Precision);
        Assert.Equal(0.0, curve.Counts[2].Recall);
    }

    [Fact]
    public void Tied_scores_form_one_threshold()
    {
        // One positive and one negative share 0.5: a single step to recall 1 at precision 1/2, so AP = 1/2;
        // the ROC jumps diagonally from (0,0) to (1,1): AUC = 1/2.
        var curve = Feed(new[] { 0.5, 0.5 }, new[] { true, false });
        Assert.Equal(0.5, curve.AveragePrecision, 15);
        Assert.Equal(0.5, curve.RocAuc, 15);
    }

    [Fact]
    public void Best_f1_is_found_among_the_distinct_thresholds()
    {
        // Descending: 0.9 +, 0.8 +, 0.4 -, 0.3 +. F1 at 0.8 = 2·1·(2/3)/(1+2/3) = 0.8; at 0.3 = 2·(3/4)·1/(7/4) = 6/7 ≈ 0.857.
        var curve = Feed(new[] { 0.9, 0.8, 0.4, 0.3 }, new[] { true, true, false, true });
        Assert.Equal(0.3, curve.BestF1.Threshold);
        Assert.Equal(6.0 / 7.0, curve.BestF1.F1, 15);
    }

    [Fact]
    public void Without_positives_ap_is_zero_and_auc_undefined()
    {
        // scikit-learn 1.2.1 test_precision_recall_curve_toydata: y_true [0, 0], y_score [0.25, 0.75] gives
        // average_precision_score 0 (with a warning); roc_auc_score raises. No negatives: AUC undefined, AP = 1.
        var noPositives = Feed(new[] { 0.25, 0.75 }, new[] { false, false });
        Assert.Equal(0.0, noPositives.AveragePrecision);
        Assert.True(double.IsNaN(noPositives.RocAuc));
        var noNegatives = Feed(new[] { 0.2, 0.7 }, new[] { true, true });
        Assert.Equal(1.0, noNegatives.AveragePrecision);
        Assert.True(double.IsNaN(noNegatives.RocAuc));
    }

    [Fact]
    public void Without_positives_the_best_f1_is_the_point_of_predicting_nothing()
    {
        // Every threshold has F1 0; the highest score (0.75) would be an arbitrary operating point. Predicting
        // nothing: no threshold, TP = FP = 0, FN = 0, TN = 2, precision 1 (nothing predicted), recall 0.
        var noPositives = Feed(new[] { 0.25, 0.75 }, new[] { false, false });
        Assert.Equal(new ThresholdCounts(double.NaN, 0, 0, 0, 2), noPositives.BestF1);
        Assert.Equal(1.0, noPositives.BestF1.Precision);
        Assert.Equal(0.0, noPositives.BestF1.F1);
        // One positive scored 0 (a label the model never scores) is reached only by predicting everything: threshold
        // 0, F1 = 2·1 / (2·1 + 3) = 0.4, a real operating point.
        var neverScored = Feed(new[] { 0.0, 0.0, 0.0, 0.0 }, new[] { true, false, false, false });
        Assert.Equal(new ThresholdCounts(0.0, 1, 3, 0, 0), neverScored.BestF1);
        Assert.Equal(0.4, neverScored.BestF1.F1, 15);
    }

    [Fact]
    public void Feeding_out_of_order_is_refused()
    {
        var curve = new RankingCurve(1, 1, Array.Empty<double>());
        curve.Add(0.5, 1, 0);
        Assert.Throws<InvalidOperationException>(() => curve.Add(0.5, 0, 1));
    }

    // Merged by buckets (pooledBelowPairs 0) with 50 items a column, every bucket holds a few pairs (sorted by
    // insertion); with 2,000, most hold more than 64 (radix-sorted, the digit counts' room reused from bucket to
    // bucket). The default pools as many pairs and sorts them as one list.
    [Theory]
    [InlineData(50, 0L)]
    [InlineData(2000, 0L)]
    [InlineData(50, long.MaxValue)]
    [InlineData(2000, long.MaxValue)]
    public void The_merged_micro_ranking_equals_one_pooled_sort(int items, long pooledBelowPairs)
    {
        var random = new Random(5);
        var columns = new List<SortedColumn>();
        var pooledScores = new List<double>();
        var pooledTruth = new List<bool>();
        for (int c = 0; c < 7; c++)
        {
            // Scores rounded to 2 decimals so that ties happen within and across columns.
            var scores = Enumerable.Range(0, items).Select(_ => Math.Round(random.NextDouble(), 2)).ToArray();
            var truth = scores.Select(s => random.NextDouble() < s).ToArray();
            pooledScores.AddRange(scores);
            pooledTruth.AddRange(truth);
            columns.Add(SortedColumn.Of(scores, truth));
        }
        var pooled = Feed(pooledScores.ToArray(), pooledTruth.ToArray());
        var merged = new RankingCurve(pooledTruth.Count(t => t), pooledTruth.Count(t => !t), Array.Empty<double>());
        SortedColumn.FeedMergedTo(columns, merged, pooledBelowPairs: pooledBelowPairs);
        merged.Finish();
        Assert.Equal(pooled.AveragePrecision, merged.AveragePrecision, 14);
        Assert.Equal(pooled.RocAuc, merged.RocAuc, 14);
    }

    [Fact]
    public void The_micro_ranking_split_over_two_cores_equals_the_single_pass()
    {
        var random = new Random(11);
        var columns = new List<SortedColumn>();
        long positives = 0, negatives = 0;
        for (int c = 0; c < 9; c++)
        {
            // Scores over many magnitudes (many buckets) with ties: 10^-u rounded to 3 significant digits.
            var scores = Enumerable.Range(0, 400).Select(_ => double.Parse(Math.Pow(10, -6 * random.NextDouble()).ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var truth = scores.Select(s => random.NextDouble() < Math.Sqrt(s)).ToArray();
            positives += truth.Count(t => t);
            negatives += truth.Count(t => !t);
            columns.Add(SortedColumn.Of(scores, truth));
        }
        var single = new RankingCurve(positives, negatives, Array.Empty<double>());
        SortedColumn.FeedMergedTo(columns, single, parallelFromPairs: long.MaxValue, pooledBelowPairs: 0);
        single.Finish();
        var split = new RankingCurve(positives, negatives, Array.Empty<double>());
        SortedColumn.FeedMergedTo(columns, split, parallelFromPairs: 0, pooledBelowPairs: 0);
        split.Finish();
        Assert.Equal(single.AveragePrecision, split.AveragePrecision, 14);
        Assert.Equal(single.RocAuc, split.RocAuc, 14);
        Assert.Equal(single.BestF1, split.BestF1);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(63, 5)]
    [InlineData(64, 3)]
    [InlineData(65, 7)]
    [InlineData(4097, 3)]
    [InlineData(9000, 2)]
    public void Every_column_sorted_with_the_others_is_the_column_sorted_alone(int items, int labels)
    {
        // AllOf transposes the row-major scores in tiles of rows and blocks of tiles; sizes on and across both edges.
        var random = new Random((items * 31) + labels);
        var scores = Enumerable.Range(0, items * labels).Select(_ => (double)(float)random.NextDouble()).ToArray();
        var truth = scores.Select(_ => random.Next(3) == 0).ToArray();
        var data = new ClassificationData(
            Enumerable.Range(0, labels).Select(j => "l" + j).ToArray(), Enumerable.Range(0, items).Select(i => "i" + i).ToArray(), scores, truth, isMultiLabel: true);
        foreach (var allowNarrow in new[] { true, false })
        {
            var together = SortedColumn.AllOf(data, allowNarrow);
            for (int j = 0; j < labels; j++)
            {
                var alone = SortedColumn.Of(data, j);
                Assert.Equal(alone.Positives, together[j].Positives);
                Assert.Equal(Groups(alone), Groups(together[j]));
            }
        }
    }

    [Theory]
    [InlineData(1, 300, 6)]
    [InlineData(2, 1, 3)]
    [InlineData(3, 2000, 40)]
    public void Four_byte_keys_of_float32_scores_give_the_same_curves_as_eight_byte_keys(int seed, int items, int labels)
    {
        // float32 scores over many magnitudes, with ties (rounded to 3 significant digits), zeros, ones and -0.0.
        var random = new Random(seed);
        var scores = new double[items * labels];
        var truth = new bool[scores.Length];
        for (int k = 0; k < scores.Length; k++)
        {
            var pick = random.Next(10);
            scores[k] = pick switch
            {
                0 => 0.0,
                1 => -0.0,
                2 => 1.0,
                _ => (float)double.Parse(Math.Pow(10, -8 * random.NextDouble()).ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture),
            };
            truth[k] = random.NextDouble() < Math.Sqrt(Math.Abs(scores[k]));
        }
        var data = new ClassificationData(
            Enumerable.Range(0, labels).Select(j => "l" + j).ToArray(), Enumerable.Range(0, items).Select(i => "i" + i).ToArray(), scores, truth, isMultiLabel: true);
        var narrow = SortedColumn.AllOf(data);
        var wide = SortedColumn.AllOf(data, allowNarrow: false);
        Assert.All(narrow, c => Assert.True(c.IsNarrow));
        Assert.All(wide, c => Assert.False(c.IsNarrow));
        var grid = new[] { 0.0, 1e-5, 0.001, 0.5, 1.0 };
        for (int j = 0; j < labels; j++)
        {
            Assert.Equal(Groups(wide[j]), Groups(narrow[j]));
            var (a, b) = (new RankingCurve(wide[j].Positives, wide[j].Negatives, grid), new RankingCurve(narrow[j].Positives, narrow[j].Negatives, grid));
            wide[j].FeedTo(a);
            narrow[j].FeedTo(b);
            a.Finish();
            b.Finish();
            Assert.Equal((a.AveragePrecision, a.RocAuc, a.BestF1), (b.AveragePrecision, b.RocAuc, b.BestF1));
            Assert.Equal(a.Counts, b.Counts);
        }
        // Split over two cores, by buckets on one, and pooled.
        foreach (var (parallelFromPairs, pooledBelowPairs) in new[] { (0L, 0L), (long.MaxValue, 0L), (long.MaxValue, long.MaxValue) })
        {
            long positives = wide.Sum(c => c.Positives), negatives = wide.Sum(c => c.Negatives);
            var (a, b) = (new RankingCurve(positives, negatives, Array.Empty<double>()), new RankingCurve(positives, negatives, Array.Empty<double>()));
            SortedColumn.FeedMergedTo(wide, a, parallelFromPairs, pooledBelowPairs: pooledBelowPairs);
            SortedColumn.FeedMergedTo(narrow, b, parallelFromPairs, pooledBelowPairs: pooledBelowPairs);
            a.Finish();
            b.Finish();
            Assert.Equal((a.AveragePrecision, a.RocAuc, a.BestF1), (b.AveragePrecision, b.RocAuc, b.BestF1));
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(64, 0)]
    [InlineData(65, 0)]
    [InlineData(524_287, 0)]
    [InlineData(524_288, 0)]
    [InlineData(600_001, 1)]
    [InlineData(600_001, 2)]
    [InlineData(600_001, 3)]
    [InlineData(600_001, 4)]
    public void Columns_of_every_size_and_spread_sort_to_the_groups_a_plain_grouping_gives(int items, int spread)
    {
        // Large columns are scattered by their top digit first and each bucket sorted alone; small ones are not.
        var random = new Random(items + spread);
        var scores = new double[items];
        var truth = new bool[items];
        for (int i = 0; i < items; i++)
        {
            scores[i] = spread switch
            {
                // float32 values over eight magnitudes, rounded to 3 digits (ties), with zeros and ones
                0 => random.Next(10) switch
                {
                    0 => 0.0,
                    1 => 1.0,
                    _ => (float)double.Parse(Math.Pow(10, -8 * random.NextDouble()).ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture),
                },
                1 => 0.375,
                2 => random.Next(2) == 0 ? 0.25 : 0.75,
                // one top digit (all in [0.5, 0.5 + 2^-10)): the buckets order nothing
                3 => (float)(0.5 + (random.NextDouble() / 1024)),
                _ => (float)random.NextDouble(),
            };
            truth[i] = random.NextDouble() < scores[i];
        }
        var expected = scores.Select((score, i) => (Score: score, Truth: truth[i])).GroupBy(p => p.Score).OrderBy(g => g.Key)
            .Select(g => (g.Key, (long)g.Count(p => p.Truth), (long)g.Count(p => !p.Truth))).ToList();
        var data = new ClassificationData(new[] { "a" }, Enumerable.Range(0, items).Select(i => "i" + i).ToArray(), scores, truth, isMultiLabel: true);
        var narrow = SortedColumn.AllOf(data)[0];
        var wide = SortedColumn.Of(scores, truth);
        Assert.True(narrow.IsNarrow);
        Assert.Equal(expected, Groups(narrow));
        Assert.Equal(expected, Groups(wide));
        Assert.Equal(truth.LongCount(t => t), narrow.Positives);
        Assert.Equal(truth.LongCount(t => t), wide.Positives);
    }

    [Fact]
    public void A_score_that_is_no_float32_value_keeps_eight_byte_keys()
    {
        var data = new ClassificationData(new[] { "a", "b" }, new[] { "x", "y" }, new[] { 0.25, 0.75, 0.1, 0.9 }, new[] { true, false, false, true }, isMultiLabel: false);
        // 0.1 is not a float32 value: (double)(float)0.1 is 0.100000001490116…
        Assert.All(SortedColumn.AllOf(data), c => Assert.False(c.IsNarrow));
        var floats = new ClassificationData(new[] { "a", "b" }, new[] { "x", "y" }, new[] { 0.25, 0.75, 0.125, 0.875 }, new[] { true, false, false, true }, isMultiLabel: false);
        Assert.All(SortedColumn.AllOf(floats), c => Assert.True(c.IsNarrow));
    }

    [Fact]
    public void One_score_that_is_no_float32_value_anywhere_in_the_matrix_keeps_eight_byte_keys()
    {
        // 9 scores: whole vectors of doubles and a tail of single values, whatever the vector width; 0.3 is no float32 value.
        for (int at = 0; at < 9; at++)
        {
            var scores = new[] { 0.25, 0.5, 0.25, 0.125, 0.75, 0.125, 0.0, 1.0, 0.0 };
            scores[at] = 0.3;
            var data = new ClassificationData(new[] { "a", "b", "c" }, new[] { "x", "y", "z" }, scores, new[] { true, false, false, false, true, false, false, true, false }, isMultiLabel: true);
            Assert.All(SortedColumn.AllOf(data), c => Assert.False(c.IsNarrow));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.001)]
    [InlineData(0.02)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void A_column_fed_in_runs_of_negatives_gives_the_curve_of_one_group_per_score_bit_for_bit(double positiveRate)
    {
        // Every size from 1 to 70 (whole vectors of keys and tails of each length at both key widths), then larger;
        // scores with many ties (a few levels), few ties and none; thresholds on scores, between, above and below.
        var random = new Random(17);
        var sizes = Enumerable.Range(1, 70).Concat(new[] { 257, 1000, 4099 });
        foreach (var size in sizes)
        {
            foreach (var levels in new[] { 3, 50, 1 << 24 })
            {
                var scores = Enumerable.Range(0, size).Select(_ => (double)(float)(random.Next(levels) / (double)levels)).ToArray();
                var truth = scores.Select(_ => random.NextDouble() < positiveRate).ToArray();
                var grid = new[] { 1.5, 1.0, scores[0], 0.5, 0.25 + 1e-9, 1.0 / levels, 0.0, -1.0 }.Distinct().ToArray();
                var data = new ClassificationData(new[] { "a" }, Enumerable.Range(0, size).Select(i => "i" + i).ToArray(), scores, truth, isMultiLabel: true);
                foreach (var column in new[] { SortedColumn.Of(scores, truth), SortedColumn.AllOf(data)[0] })
                {
                    var runs = new RankingCurve(column.Positives, column.Negatives, grid);
                    column.FeedTo(runs);
                    runs.Finish();
                    var oneByOne = new RankingCurve(column.Positives, column.Negatives, grid);
                    foreach (var (score, positives, negatives) in Enumerable.Reverse(Groups(column))) oneByOne.Add(score, positives, negatives);
                    oneByOne.Finish();
                    Assert.Equal(BitConverter.DoubleToInt64Bits(oneByOne.AveragePrecision), BitConverter.DoubleToInt64Bits(runs.AveragePrecision));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(oneByOne.RocAuc), BitConverter.DoubleToInt64Bits(runs.RocAuc));
                    Assert.Equal(oneByOne.BestF1, runs.BestF1);
                    Assert.Equal(oneByOne.Counts, runs.Counts);
                }
            }
        }
    }

    [Fact]
    public void A_run_of_negatives_that_a_threshold_falls_within_is_refused()
    {
        var curve = new RankingCurve(1, 3, new[] { 0.5 });
        curve.Add(0.9, 1, 0);
        Assert.Throws<InvalidOperationException>(() => curve.AddNegatives(0.8, 0.2, 3));
        var first = new RankingCurve(1, 3, Array.Empty<double>());
        Assert.Throws<InvalidOperationException>(() => first.AddNegatives(0.8, 0.2, 3));
    }

    private static List<(double Score, long Positives, long Negatives)> Groups(SortedColumn column)
    {
        var groups = new List<(double, long, long)>();
        column.ForEachGroupAscending((score, positives, negatives) => groups.Add((score, positives, negatives)));
        return groups;
    }
}
