using System.Globalization;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

public class VideoTimeAndRuleTests
{
    private static VideoTime T(string text) => VideoTime.TryParse(text, out var time) ? time : throw new ArgumentException(text);

    private static VideoSegment S(string start, string end) => new(T(start), T(end));

    [Theory]
    [InlineData("1.607s", 1_607_000_000L)]
    [InlineData("1.607", 1_607_000_000L)]
    [InlineData("0s", 0L)]
    [InlineData(" 12s ", 12_000_000_000L)]
    [InlineData("1e1", 10_000_000_000L)]
    [InlineData("0.000000001s", 1L)]
    [InlineData("-1s", -1_000_000_000L)]
    public void ParsesDurationsAndSecondsToExactNanoseconds(string text, long nanoseconds)
    {
        Assert.True(VideoTime.TryParse(text, out var time));
        Assert.Equal(nanoseconds, time.Nanoseconds);
        Assert.False(time.IsEnd);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("inf")]
    [InlineData("INF")]
    [InlineData("Infinitys")]
    public void ParsesTheEndOfTheVideo(string text)
    {
        Assert.True(VideoTime.TryParse(text, out var time));
        Assert.True(time.IsEnd);
        Assert.Equal(double.PositiveInfinity, time.Seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("abc")]
    [InlineData("1.5m")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("1,5s")]
    [InlineData(null)]
    public void RejectsWhatIsNotATime(string? text) => Assert.False(VideoTime.TryParse(text, out _));

    [Fact]
    public void ParsesWithTheInvariantCultureWhateverTheCurrentOne()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // German writes 0,5 for a half; the files always say 0.5.
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(500_000_000L, T("0.5s").Nanoseconds);
            Assert.Equal("0.5s", T("0.5").ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("1.607s", "1.607s")]
    [InlineData("2", "2s")]
    [InlineData("inf", "Infinity")]
    public void FormatsAsProtobufDuration(string text, string expected) => Assert.Equal(expected, T(text).ToString());

    [Theory]
    // Item [0, 2): the annotation [1, 5) overlaps it by 1 s, exactly half of 2 s: covered.
    [InlineData("1", "5", true)]
    // One nanosecond less than half: 2 × 0.999999999 < 2, not covered.
    [InlineData("1.000000001", "5", false)]
    // Covers all of it.
    [InlineData("0", "inf", true)]
    // Disjoint: [2, 3) starts where the item ends, so the overlap is 0.
    [InlineData("2", "3", false)]
    public void CoverageRuleCountsExactlyHalf(string start, string end, bool covers) =>
        Assert.Equal(covers, S(start, end).CoversAtLeastHalfOf(S("0", "2")));

    [Fact]
    public void CoverageRuleIsExactWhereBinaryFloatingPointIsNot()
    {
        // Item [0.1, 0.3) and annotation [0.2, 1): overlap 0.1 s, half of 0.2 s. In doubles the overlap is
        // 0.3 − 0.2 = 0.09999999999999998 and half the length 0.09999999999999999, so a float rule says "not covered".
        Assert.True(0.3 - 0.2 < 0.5 * (0.3 - 0.1));
        Assert.True(S("0.2", "1").CoversAtLeastHalfOf(S("0.1", "0.3")));
    }

    [Theory]
    // Interval [3, 4) has its midpoint at 3.5. An annotation starting there contains it (start is inclusive) ...
    [InlineData("3.5", "10", "3", "4", true)]
    // ... one ending there does not (end is exclusive).
    [InlineData("0", "3.5", "3", "4", false)]
    // The last, short interval [23, 23.4) has its midpoint at 23.2.
    [InlineData("0", "Infinity", "23", "23.4", true)]
    [InlineData("23.2", "24", "23", "23.4", true)]
    [InlineData("0", "23.2", "23", "23.4", false)]
    // An annotation inside the interval but not over its midpoint: [3.6, 3.9) misses 3.5.
    [InlineData("3.6", "3.9", "3", "4", false)]
    public void MidpointRuleIsHalfOpen(string annotationStart, string annotationEnd, string itemStart, string itemEnd, bool contains) =>
        Assert.Equal(contains, S(annotationStart, annotationEnd).ContainsMidpointOf(S(itemStart, itemEnd)));

    [Fact]
    public void RulesNeedABoundedItem()
    {
        Assert.Throws<ArgumentException>(() => S("0", "1").CoversAtLeastHalfOf(S("0", "inf")));
        Assert.Throws<ArgumentException>(() => S("0", "1").ContainsMidpointOf(S("0", "inf")));
    }

    [Fact]
    public void UnitsMapToVertexPredictionTypes()
    {
        Assert.Equal("segment-classification", VideoUnits.PredictionType(VideoUnit.Segment));
        Assert.Equal("one-sec-interval-classification", VideoUnits.PredictionType(VideoUnit.OneSecond));
        Assert.Equal("shot-classification", VideoUnits.PredictionType(VideoUnit.Shot));
        // Annotation [1, 5) on item [0, 2): half covered (segment rule: true), midpoint 1 inside (midpoint rule: true);
        // on item [0, 1.5): 0.5 of 1.5 covered (false), midpoint 0.75 outside (false).
        Assert.True(VideoUnits.LabelsItem(VideoUnit.Segment, S("1", "5"), S("0", "2")));
        Assert.True(VideoUnits.LabelsItem(VideoUnit.Shot, S("1", "5"), S("0", "2")));
        Assert.False(VideoUnits.LabelsItem(VideoUnit.Segment, S("1", "5"), S("0", "1.5")));
        Assert.False(VideoUnits.LabelsItem(VideoUnit.OneSecond, S("1", "5"), S("0", "1.5")));
    }
}
