using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Reports;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Reports;

/// <summary>The report's error slices are the CLI's <c>error-slices</c> on the same data: embedded as its JSON, and shown.</summary>
public class ErrorSlicesReportTests
{
    private static JsonElement CliSlices()
    {
        var (code, output, error) = CliRunner.Run("error-slices", "--format", "json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    [Fact]
    public void DemoReport_EmbedsTheClisErrorSlices_AndShowsEachSlicesSizeRateAndImages()
    {
        var cli = CliSlices();
        // The demo's errors cluster (the bundled model confuses look-alike digits), so the search finds slices to compare.
        Assert.True(cli.GetArrayLength() > 0);
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-slices-report-{Guid.NewGuid():N}.html");
        try
        {
            var (code, _, error) = CliRunner.Run("report", "--output", path);
            Assert.True(code == 0, error);
            using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(path)));
            var embedded = document.RootElement.GetProperty("classification").GetProperty("errorSlices");
            Assert.Equal(JsonSerializer.Serialize(cli), JsonSerializer.Serialize(embedded.GetProperty("slices")));

            var seen = ReportBrowser.Check(path, "--enlarge-slice", "true");
            Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("requests").EnumerateArray());
            var shown = seen.GetProperty("errorSlices").EnumerateArray().ToArray();
            var expected = cli.EnumerateArray().ToArray();
            Assert.Equal(expected.Length, shown.Length);
            // Counted in words as the rest of the page counts ("1 slice", "2 slices"), over the 540 evaluated items.
            Assert.StartsWith($"{expected.Length} slice{(expected.Length == 1 ? string.Empty : "s")} (540 items with an embedding, overall error rate ", seen.GetProperty("errorSliceSummary").GetString(), StringComparison.Ordinal);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].GetProperty("size").GetInt32().ToString("N0", CultureInfo.InvariantCulture), shown[i].GetProperty("size").GetString());
                Assert.Equal(expected[i].GetProperty("errorRate").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture), shown[i].GetProperty("errorRate").GetString());
                var interval = $"{expected[i].GetProperty("errorRateLower").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture)}\u2013{expected[i].GetProperty("errorRateUpper").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture)}";
                Assert.Equal(interval, shown[i].GetProperty("interval").GetString());
                var examples = expected[i].GetProperty("examples").EnumerateArray().ToArray();
                Assert.Equal(examples.Select(e => e.GetProperty("content").GetString()), shown[i].GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
                var neighbours = examples.SelectMany(e => e.GetProperty("nearestTraining").EnumerateArray().Select(n => n.GetString())).ToArray();
                Assert.Equal(neighbours, shown[i].GetProperty("nearestTraining").EnumerateArray().Select(e => e.GetString()));
                // The demo's images are small PNGs: every example and training neighbour shows its thumbnail.
                Assert.Equal(examples.Length + neighbours.Length, shown[i].GetProperty("images").GetInt32());
            }

            // The first slice's first example opens a larger view with the keyboard, as a gallery card does, with its nearest
            // training images; Escape closes it and focus returns to the example.
            var first = expected[0].GetProperty("examples")[0];
            var enlarged = seen.GetProperty("sliceEnlarged");
            Assert.True(enlarged.GetProperty("open").GetBoolean());
            Assert.Equal(first.GetProperty("content").GetString(), enlarged.GetProperty("title").GetString());
            Assert.Equal(384, enlarged.GetProperty("imageWidth").GetDouble());
            Assert.Equal((first.GetProperty("isError").GetBoolean() ? "An error" : "Right") + " in slice 1: " + expected[0].GetProperty("description").GetString(), enlarged.GetProperty("firstLine").GetString());
            Assert.Equal(first.GetProperty("nearestTraining").EnumerateArray().Select(n => n.GetString()), enlarged.GetProperty("nearestTraining").EnumerateArray().Select(n => n.GetString()));
            Assert.False(enlarged.GetProperty("openAfterEscape").GetBoolean());
            Assert.Equal(first.GetProperty("content").GetString(), enlarged.GetProperty("focusAfterEscape").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReportWithoutSlices_SaysNoGroupFailsMoreThanOverall()
    {
        // Six items: every candidate size (10 and up) is above half of them, so the search tests no group and finds no slice.
        var run = ReportRuns.Hostile();
        var ids = run.Evaluation.Data.ItemIds;
        var embeddings = new EmbeddingSet(ids, ids.SelectMany((_, i) => new[] { 1f, i }).ToArray(), 2);
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-no-slices-report-{Guid.NewGuid():N}.html");
        try
        {
            File.WriteAllText(path, ReportRuns.Html(run, new ReportOptions { Embeddings = embeddings }));
            var seen = ReportBrowser.Check(path);
            Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("errorSlices").EnumerateArray());
            // Hostile(): only b.png (truth label 1, top label 0) is wrong: 1 error in 6.
            Assert.Equal("No group of items fails significantly more than overall (6 items with an embedding, overall error rate 0.1667, 0 groups tested).", seen.GetProperty("errorSliceSummary").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
