using System.Globalization;
using System.Text.Json;
using AutoMLEval.Cli;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Reports;

/// <summary>The report's comparison with a baseline is the CLI's <c>compare</c> on the same data: embedded as its JSON, and shown.</summary>
public class ComparisonReportTests
{
    private static string Demo(string file) => Path.Combine(CliContext.DemoDirectory, file);

    private static string Shown(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "\u2014" : value.GetDouble().ToString("0.0000", CultureInfo.InvariantCulture);

    [Fact]
    public void DemoReportWithBaseline_EmbedsAndShowsTheClisComparison_WithItsFixedAndBrokenImages()
    {
        var (code, output, error) = CliRunner.Run("compare", "--ground-truth", Demo("dataset.csv"), "--predictions", Demo("predictions.test.jsonl"),
            "--reference-predictions", Demo("predictions.test.baseline.jsonl"), "--format", "json");
        Assert.True(code == 0, error);
        using var cliDocument = JsonDocument.Parse(output);
        var cli = cliDocument.RootElement;
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-comparison-report-{Guid.NewGuid():N}.html");
        try
        {
            (code, _, error) = CliRunner.Run("report", "--baseline-predictions", Demo("predictions.test.baseline.jsonl"), "--output", path);
            Assert.True(code == 0, error);
            using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(path)));
            // The demo's 18 fixed and 27 broken items are under the galleries' 96, so nothing is cut: the whole CLI output.
            Assert.Equal(JsonSerializer.Serialize(cli), JsonSerializer.Serialize(document.RootElement.GetProperty("classification").GetProperty("comparison").GetProperty("result")));

            var seen = ReportBrowser.Check(path, "--enlarge-comparison", "true");
            Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("requests").EnumerateArray());
            var rows = seen.GetProperty("comparisonRows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToArray();
            var metrics = cli.GetProperty("metrics").EnumerateArray().ToArray();
            Assert.Equal(metrics.Length, rows.Length);
            for (int i = 0; i < metrics.Length; i++)
            {
                var m = metrics[i];
                Assert.Equal(m.GetProperty("name").GetString(), rows[i][0]);
                Assert.Equal(Shown(m.GetProperty("reference")), rows[i][1]);
                Assert.Equal(Shown(m.GetProperty("candidate")), rows[i][2]);
                Assert.Equal(Shown(m.GetProperty("delta")), rows[i][3].TrimStart('+'));
                Assert.StartsWith($"{Shown(m.GetProperty("ciLower"))} to {Shown(m.GetProperty("ciUpper"))}", rows[i][4], StringComparison.Ordinal);
            }
            var mcnemar = cli.GetProperty("mcnemar");
            Assert.Contains($"{mcnemar.GetProperty("fixed").GetInt32()} fixed, {mcnemar.GetProperty("broken").GetInt32()} broken", seen.GetProperty("comparisonSummary").GetString(), StringComparison.Ordinal);
            Assert.Contains($"McNemar\u2019s p-value {Shown(mcnemar.GetProperty("pValue"))}", seen.GetProperty("comparisonSummary").GetString(), StringComparison.Ordinal);
            var galleries = seen.GetProperty("comparisonGalleries").EnumerateArray().ToArray();
            var changes = cli.GetProperty("changes").EnumerateArray().ToArray();
            foreach (var (gallery, kind) in galleries.Zip(new[] { "fixed", "broken" }))
            {
                var expected = changes.Where(c => c.GetProperty("change").GetString() == kind).Select(c => c.GetProperty("content").GetString()).ToArray();
                Assert.Equal(expected, gallery.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
                // The demo's images are small PNGs: every card shows its thumbnail.
                Assert.Equal(expected.Length, gallery.GetProperty("images").GetInt32());
            }

            // The first fixed card opens a larger view with the keyboard, as a gallery card does: four times the card's image,
            // the true labels and both models' top labels and scores (the right one in bold); Escape closes it, focus back on the card.
            var firstFixed = changes.First(c => c.GetProperty("change").GetString() == "fixed");
            var enlarged = seen.GetProperty("comparisonEnlarged");
            Assert.True(enlarged.GetProperty("open").GetBoolean());
            Assert.Equal(firstFixed.GetProperty("content").GetString(), enlarged.GetProperty("title").GetString());
            Assert.Equal($"Enlarge {firstFixed.GetProperty("content").GetString()} with both models\u2019 top labels", enlarged.GetProperty("openerLabel").GetString());
            Assert.Equal(384, enlarged.GetProperty("imageWidth").GetDouble());
            Assert.Equal("True: " + string.Join(", ", firstFixed.GetProperty("trueLabels").EnumerateArray().Select(l => l.GetString())), enlarged.GetProperty("firstLine").GetString());
            var expectedRows = new[]
            {
                new[] { "Baseline", firstFixed.GetProperty("referenceLabel").GetString()!, Shown(firstFixed.GetProperty("referenceScore")), string.Empty },
                new[] { "This model", firstFixed.GetProperty("candidateLabel").GetString()!, Shown(firstFixed.GetProperty("candidateScore")), "true-label" },
            };
            Assert.Equal(expectedRows, enlarged.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()));
            Assert.False(enlarged.GetProperty("openAfterEscape").GetBoolean());
            Assert.Equal(firstFixed.GetProperty("content").GetString(), enlarged.GetProperty("focusAfterEscape").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReportBootstrapWithoutBaseline_IsRefused()
    {
        var (code, _, error) = CliRunner.Run("report", "--bootstrap", "10", "--output", Path.Combine(Path.GetTempPath(), $"automl-eval-never-{Guid.NewGuid():N}.html"));
        Assert.NotEqual(0, code);
        Assert.Contains("--bootstrap", error, StringComparison.Ordinal);
    }
}
