using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>
/// A histogram is held as encoded runs that a merge only collects; every reader takes the groups from a k-way merge of
/// the runs. They must be the groups (and curves) of the pooled counts, and the encoding must round-trip.
/// </summary>
public sealed class ScoreHistogramTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 3)]
    [InlineData(10, 4)]
    [InlineData(37, 5)]
    public void The_k_way_pooled_curve_is_the_curve_of_the_pooled_counts(int histograms, int seed)
    {
        // Scores on a grid of 0.05 so that many are equal across histograms (one group when pooled); some histograms empty.
        var random = new Random(seed);
        var parts = Enumerable.Range(0, histograms).Select(_ =>
        {
            var scores = Enumerable.Range(0, 21).Where(_ => random.Next(3) > 0).Select(i => i * 0.05).ToArray();
            return new ScoreHistogram(scores, scores.Select(_ => (long)random.Next(4)).ToArray(), scores.Select(_ => (long)random.Next(4)).ToArray());
        }).ToArray();
        var thresholds = new[] { 0.0, 0.25, 0.5, 0.95 };
        var pooled = PooledByHand(parts);

        var curve = ScoreHistogram.PooledCurve(parts, thresholds);
        var merged = BalancedMerge.Of(parts, ScoreHistogram.Merge) ?? ScoreHistogram.Empty;

        Assert.Equal(pooled, GroupsOf(merged));
        var expected = new ScoreHistogram(pooled.Select(g => g.Score).Reverse().ToArray(), pooled.Select(g => g.Positives).Reverse().ToArray(), pooled.Select(g => g.Negatives).Reverse().ToArray()).Curve(thresholds);
        Assert.Equal(expected.AveragePrecision, curve.AveragePrecision);
        Assert.Equal(expected.RocAuc, curve.RocAuc);
        Assert.Equal(expected.BestF1, curve.BestF1);
        Assert.Equal(expected.AveragePrecision, merged.Curve(thresholds).AveragePrecision);
        // Written, the runs become one histogram of the pooled groups.
        var read = RoundTrip(merged);
        Assert.Equal(pooled.Length, read.Groups);
        Assert.Equal(pooled, GroupsOf(read));
    }

    [Fact]
    public void Float32_scores_take_4_byte_keys_and_consecutive_ones_3_bytes_a_group()
    {
        // 1000 consecutive float32 values from 0.5 up, one pair each. Highest first: the first key is 0.5f's bits
        // (0x3F000000 + 999) with the sign bit set, 5 varint bytes; each next key is 1 below, a difference-less-1 of 0
        // (1 byte); the counts (0, 1) or (1, 0) are 1 byte each. Layout: int32 groups, byte width, int32 length, bytes.
        var scores = Enumerable.Range(0, 1000).Select(i => (double)BitConverter.Int32BitsToSingle(0x3F000000 + i)).ToArray();
        var positives = scores.Select((_, i) => (long)(i % 2)).ToArray();
        var histogram = new ScoreHistogram(scores, positives, positives.Select(p => 1 - p).ToArray());

        var bytes = Bytes(histogram);

        Assert.Equal(4 + 1 + 4 + 5 + 999 + 2000, bytes.Length);
        Assert.Equal(1000, BitConverter.ToInt32(bytes, 0));
        Assert.Equal(32, bytes[4]);
        Assert.Equal(5 + 999 + 2000, BitConverter.ToInt32(bytes, 5));
        Assert.Equal(GroupsOf(histogram), GroupsOf(RoundTrip(histogram)));
        Assert.Equal((500, 500), (histogram.TotalPositives, histogram.TotalNegatives));
    }

    [Fact]
    public void A_score_float32_cannot_hold_makes_8_byte_keys_and_keeps_its_value()
    {
        var scores = new[] { -1e300, -0.5, 0.1, 1.0 / 3, 2.5 };
        var histogram = new ScoreHistogram(scores, new long[] { 1, 0, 2, 0, 1 }, new long[] { 0, 3, 0, 1, 1 });

        Assert.Equal(64, Bytes(histogram)[4]);
        Assert.Equal(scores.Reverse(), GroupsOf(RoundTrip(histogram)).Select(g => g.Score));
    }

    [Fact]
    public void Runs_of_float32_and_float64_keys_and_of_minus_and_plus_0_pool_equal_scores_into_one_group()
    {
        var narrow = new ScoreHistogram(new[] { -0.0, 0.25, 0.5 }, new long[] { 1, 1, 0 }, new long[] { 0, 2, 1 });
        var wide = new ScoreHistogram(new[] { 0.0, 0.1, 0.25 }, new long[] { 2, 0, 1 }, new long[] { 1, 1, 1 });

        var merged = ScoreHistogram.Merge(narrow, wide);

        var expected = new[] { (0.5, 0L, 1L), (0.25, 2L, 3L), (0.1, 0L, 1L), (0.0, 3L, 1L) };
        Assert.Equal(expected, GroupsOf(merged));
        Assert.Equal(expected, GroupsOf(RoundTrip(merged)));
        Assert.Equal(64, Bytes(merged)[4]);
    }

    [Theory]
    [InlineData(9, 0x7F)]
    [InlineData(10, 0xFF)]
    public void A_damaged_run_is_refused_when_read(int at, byte value)
    {
        // Byte 9 is the first key's first byte: 0x7F ends the key there (a key below the next one's); byte 10 onward,
        // set to 0xFF, makes a varint run past its block.
        var bytes = Bytes(new ScoreHistogram(new[] { 0.25, 0.5 }, new long[] { 1, 0 }, new long[] { 0, 1 }));
        for (int i = at; i < bytes.Length && (value == 0xFF || i == at); i++) bytes[i] = value;

        Assert.Throws<InvalidDataException>(() => ScoreHistogram.ReadFrom(new BinaryReader(new MemoryStream(bytes)), 1));
    }

    private static (double Score, long Positives, long Negatives)[] PooledByHand(IEnumerable<ScoreHistogram> parts) =>
        parts.SelectMany(GroupsOf).GroupBy(g => g.Score).OrderByDescending(g => g.Key)
            .Select(g => (g.Key, g.Sum(x => x.Positives), g.Sum(x => x.Negatives))).ToArray();

    private static (double Score, long Positives, long Negatives)[] GroupsOf(ScoreHistogram histogram)
    {
        var groups = histogram.Descending();
        var all = new List<(double, long, long)>();
        while (groups.Next(out var score, out var positives, out var negatives)) all.Add((score, positives, negatives));
        return all.ToArray();
    }

    private static byte[] Bytes(ScoreHistogram histogram)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory)) histogram.WriteTo(writer);
        return memory.ToArray();
    }

    private static ScoreHistogram RoundTrip(ScoreHistogram histogram) => ScoreHistogram.ReadFrom(new BinaryReader(new MemoryStream(Bytes(histogram))), 1).Single();
}
