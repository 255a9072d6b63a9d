using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>How a confusion matrix's counts are written: every row up to the dense limit, the non-zero cells above it.</summary>
public class ConfusionCountsJsonTests
{
    private static JsonElement Written(ConfusionMatrix matrix)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteConfusionCounts(matrix);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static ConfusionMatrix Matrix(int labels, params (int True, int Predicted, long Count)[] cells)
    {
        var counts = new long[labels, labels];
        foreach (var (t, p, c) in cells) counts[t, p] = c;
        return new ConfusionMatrix(Enumerable.Range(0, labels).Select(i => $"l{i}").ToArray(), counts);
    }

    [Fact]
    public void Up_to_the_limit_every_row_is_written()
    {
        var written = Written(Matrix(3, (0, 0, 5), (1, 2, 2), (2, 0, 1)));
        Assert.False(written.TryGetProperty("cells", out _));
        var rows = written.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.Equal(new[] { new long[] { 5, 0, 0 }, new long[] { 0, 0, 2 }, new long[] { 1, 0, 0 } }, rows);

        var atLimit = Written(Matrix(ConfusionMatrix.DenseLabelLimit, (7, 9, 1)));
        Assert.Equal(ConfusionMatrix.DenseLabelLimit, atLimit.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public void Above_the_limit_the_non_zero_cells_are_written_row_by_row()
    {
        int labels = ConfusionMatrix.DenseLabelLimit + 1;
        var written = Written(Matrix(labels, (labels - 1, 0, 3), (0, labels - 1, 2), (0, 0, 7)));
        Assert.False(written.TryGetProperty("rows", out _));
        var cells = written.GetProperty("cells").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        Assert.Equal(new[] { new long[] { 0, 0, 7 }, new long[] { 0, labels - 1, 2 }, new long[] { labels - 1, 0, 3 } }, cells);
    }

    [Fact]
    public void Listed_cells_are_every_pair_up_to_the_limit_and_the_counted_ones_above()
    {
        var small = Matrix(2, (0, 1, 4));
        Assert.True(small.ListsEveryCell);
        Assert.Equal(new[] { (0, 0, 0L), (0, 1, 4L), (1, 0, 0L), (1, 1, 0L) }, small.ListedCells());

        int labels = ConfusionMatrix.DenseLabelLimit + 1;
        var large = Matrix(labels, (3, 2, 1), (0, 5, 2));
        Assert.False(large.ListsEveryCell);
        Assert.Equal(new[] { (0, 5, 2L), (3, 2, 1L) }, large.ListedCells());
    }
}
