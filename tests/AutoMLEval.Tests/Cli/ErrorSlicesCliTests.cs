using System.Text.Json;
using Xunit;

namespace AutoMLEval.Tests.Cli;

public sealed class ErrorSlicesCliTests
{
    [Fact]
    public void Error_slices_name_the_evaluated_items_without_an_embedding()
    {
        // Before: "5 of 540 evaluated items have no embedding", with no word of which.
        var demo = Path.Combine(AppContext.BaseDirectory, "demo", "digits");
        var trimmed = Path.Combine(Path.GetTempPath(), $"automleval-slices-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(trimmed, File.ReadAllLines(Path.Combine(demo, "embeddings.test.jsonl")).Skip(5));
        try
        {
            var (code, _, error) = CliRunner.RunIn(demo, "error-slices", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
                "--embeddings", trimmed, "--ml-use", "test", "--format", "json");
            Assert.True(code == 0, error);
            // In the other embedding verbs' words (EmbeddingSet.LeftOut), with the evaluated items counted; the report's code
            // (was NoEmbedding here), on the ground truth as the report's is.
            Assert.Contains($"warning ItemsWithoutEmbedding: {Path.Combine(demo, "dataset.csv")}: Left out of the search, of 540 evaluated items: 5 items without an embedding (images/test/1193.png, images/test/0223.png, images/test/0537.png and 2 more; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl).", CliRunner.Unwrapped(error), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(trimmed);
        }
    }

    [Theory]
    [InlineData("1000", "warning SkippedSizes: Group size 1000 skipped: above half of the 540 items searched (270; a slice is a minority of them); no group was tested: give --sizes from 2 to 270.")]
    [InlineData("300,10", "warning SkippedSizes: Group size 300 skipped: above half of the 540 items searched (270; a slice is a minority of them); size 10 kept.")]
    public void Error_slices_warn_of_each_size_skipped(string sizes, string warning)
    {
        // Before: --sizes 1000 printed "0 groups tested" and an empty table, and 300 of 300,10 was dropped unsaid.
        var (code, _, error) = CliRunner.Run("error-slices", "--sizes", sizes);
        Assert.True(code == 0, error);
        Assert.Contains(warning, error.ReplaceLineEndings("\n").Split('\n'));
    }

    [Fact]
    public void Error_slices_json_is_an_array_of_slices_with_the_contract_fields()
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "demo", "digits");
        var (code, output, error) = CliRunner.RunIn(demo, "error-slices", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl",
            "--embeddings", "embeddings.test.jsonl", "--embeddings", "embeddings.training.jsonl", "--ml-use", "test", "--format", "json");
        Assert.True(code == 0, error);
        var slices = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
        Assert.NotEmpty(slices);
        foreach (var slice in slices)
        {
            var items = slice.GetProperty("items").EnumerateArray().Select(i => i.GetString()!).ToArray();
            Assert.Equal(items.Length, slice.GetProperty("size").GetInt32());
            Assert.All(items, i => Assert.StartsWith("images/test/", i, StringComparison.Ordinal));
            Assert.Equal(slice.GetProperty("errors").GetInt32() / (double)items.Length, slice.GetProperty("errorRate").GetDouble(), 12);
            // The demo's overall error rate is 56/540.
            Assert.Equal(slice.GetProperty("errorRate").GetDouble() / (56 / 540.0), slice.GetProperty("lift").GetDouble(), 9);
            Assert.False(string.IsNullOrEmpty(slice.GetProperty("description").GetString()));
            var example = slice.GetProperty("examples")[0];
            Assert.Equal(3, example.GetProperty("nearestTraining").GetArrayLength());
            Assert.StartsWith("images/training/", example.GetProperty("nearestTraining")[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Contains("540 items searched, 56 errors", error, StringComparison.Ordinal);
        // The closing summary is wrapped at standard error's width (80 when redirected); it was one line of 154 characters.
        var lines = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.InRange(line.Length, 1, 80));
        Assert.Contains("2 slices after overlaps were suppressed.", string.Join(" ", lines.Select(line => line.Trim())), StringComparison.Ordinal);
    }
}
