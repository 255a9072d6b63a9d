using AutoMLEval.Engine.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>
/// The order every detection stage sorts by (descending score, ties by ascending item) against LINQ's stable sort, on
/// inputs made of sorted runs (a category's or an image's detections, as the evaluation hands them over), on shuffled
/// ones, with many ties and with items that are not in ascending order.
/// </summary>
public sealed class ScoreOrderTests
{
    public static TheoryData<int, int, int, bool> Shapes() => new()
    {
        // items, runs, distinct scores, items shuffled
        { 5, 1, 3, false },
        { 33, 2, 4, false },
        { 1000, 80, 50, false },
        { 5000, 700, 20, false },
        { 4096, 1, 1, false },
        { 3001, 3001, 100000, false },
        { 2000, 5, 10, true },
        { 777, 40, 1000000, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SortsAsAStableSortByDescendingScore(int count, int runs, int distinct, bool shuffled)
    {
        var random = new Random(count * 31 + runs);
        // Scores of few distinct values (many ties), each run sorted descending as the stages hand them over.
        var scores = Enumerable.Range(0, count).Select(_ => random.Next(distinct) / (double)distinct).ToArray();
        for (int r = 0; r < runs; r++)
        {
            int start = (int)((long)count * r / runs), end = (int)((long)count * (r + 1) / runs);
            Array.Sort(scores, start, end - start);
            Array.Reverse(scores, start, end - start);
        }
        var items = Enumerable.Range(0, count).ToArray();
        if (shuffled) items = items.OrderBy(_ => random.Next()).ToArray();
        var expected = items.OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();

        // Sorted within a larger array, as the per-image sorts are: the items outside the range stay put.
        var padded = new[] { -7 }.Concat(items).Concat(new[] { -9 }).ToArray();
        ScoreOrder.SortDescending(padded, 1, count, scores);

        Assert.Equal(new[] { -7 }.Concat(expected).Concat(new[] { -9 }), padded);
    }

    [Fact]
    public void BreaksTiesByItemAcrossRuns()
    {
        // Two runs with ties inside and across them: 0.5 is held by items 1, 2 (first run) and 4 (second run); -0.0
        // and 0.0 tie as the comparison has them.
        double[] scores = { 0.9, 0.5, 0.5, 0.7, 0.5, 0.0, -0.0 };
        int[] items = { 0, 1, 2, 3, 4, 5, 6 };
        var large = Enumerable.Range(0, 40).Select(i => i < 7 ? items[i] : i).ToArray();
        var allScores = scores.Concat(Enumerable.Repeat(-1.0, 33)).ToArray();

        ScoreOrder.SortDescending(large, 0, 40, allScores);

        Assert.Equal(new[] { 0, 3, 1, 2, 4, 5, 6 }, large.Take(7));
        Assert.Equal(Enumerable.Range(7, 33), large.Skip(7));
    }
}
