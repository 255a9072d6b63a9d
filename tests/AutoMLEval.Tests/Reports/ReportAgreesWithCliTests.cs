using System.Text.Json;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Reports;

/// <summary>
/// One story in every view: what the report embeds (and so shows) is what the CLI prints for the same data, decided by
/// the same named rule (single-label confusion matrix and galleries by top label; detection errors at IoU 0.5; the
/// detection confusion matrix at IoU 0.5 and the best-F1 confidence).
/// </summary>
public class ReportAgreesWithCliTests
{
    private static string DetectionFixture(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "coco", "random_bbox", file);

    private static JsonElement Json(params string[] arguments)
    {
        var (code, output, error) = CliRunner.Run(arguments);
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    /// <summary>Writes the report of <paramref name="arguments"/> and returns its embedded data.</summary>
    private static JsonElement ReportData(params string[] arguments)
    {
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-agree-{Guid.NewGuid():N}.html");
        try
        {
            var (code, _, error) = CliRunner.Run(new[] { "report", "--output", path }.Concat(arguments).ToArray());
            Assert.True(code == 0, error);
            using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(path)));
            return document.RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Demo_ConfusionMatrixAndGalleries_AreTheClisByTopLabel()
    {
        var cli = Json("evaluate", "--format", "json");
        var report = ReportData().GetProperty("classification");
        var labels = report.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        int eight = Array.IndexOf(labels, "eight");

        // The matrix: named topLabel in both; the report's shown block (all 10 demo labels) is the CLI's rows.
        var cliMatrix = cli.GetProperty("confusionMatrix");
        Assert.Equal("topLabel", cliMatrix.GetProperty("decision").GetString());
        var confusion = report.GetProperty("confusion");
        Assert.Equal("topLabel", confusion.GetProperty("decision").GetString());
        Assert.False(confusion.GetProperty("other").GetBoolean());
        var rows = cliMatrix.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.Equal(rows.SelectMany(r => r), confusion.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));
        // Issue 16's numbers: by top label the digit eight is right 31 times and missed 21 times (52 images).
        Assert.Equal(31, rows[eight][eight]);
        Assert.Equal(21, rows[eight].Sum() - rows[eight][eight]);

        // The galleries: the CLI's errors without --threshold, in the same order, and their full counts.
        Assert.Equal("topLabel", report.GetProperty("galleryDecision").GetString());
        var items = report.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToArray();
        foreach (var (kind, key) in new[] { ("false-negative", "fn"), ("false-positive", "fp"), ("true-positive", "tp") })
        {
            var errors = Json("errors", "--label", "eight", "--kind", kind, "--format", "json").EnumerateArray().ToArray();
            Assert.All(errors, e => Assert.Equal("topLabel", e.GetProperty("decision").GetString()));
            Assert.All(errors, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("threshold").ValueKind));
            var gallery = report.GetProperty("galleries")[eight].GetProperty(key).EnumerateArray().Select(p => items[p[0].GetInt32()]);
            Assert.Equal(errors.Select(e => e.GetProperty("content").GetString()), gallery);
            Assert.Equal(errors.Length, report.GetProperty("galleryTotals")[eight].GetProperty(key).GetInt32());
        }
        Assert.Equal(21, report.GetProperty("galleryTotals")[eight].GetProperty("fn").GetInt32());
    }

    [Fact]
    public void Browser_SliceTable_IsTheClisEvaluateSliceBy_WorstAccuracyFirst()
    {
        using var folder = new TempFolder();
        // The multi-label fixture with a camera label on every item but every 50th: a, b or c by line number.
        var lines = File.ReadAllLines(Fixture.Path("multilabel", "ground_truth.jsonl")).Select((line, i) =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            if (i % 50 != 0) node["dataItemResourceLabels"]!["camera"] = "abc"[i % 3].ToString();
            return node.ToJsonString();
        });
        var groundTruth = folder.Write("gt.jsonl", string.Join("\n", lines));
        var predictions = Fixture.Path("multilabel", "predictions.jsonl");
        var cli = Json("evaluate", "--ground-truth", groundTruth, "--predictions", predictions, "--slice-by", "camera", "--format", "json").GetProperty("slices").EnumerateArray().ToArray();
        var path = Path.Combine(folder.Root, "report.html");
        var (code, _, error) = CliRunner.Run("report", "--ground-truth", groundTruth, "--predictions", predictions, "--slice-by", "camera", "--output", path);
        Assert.True(code == 0, error);
        var seen = ReportBrowser.Check(path);
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        Assert.Equal("Slices by camera", seen.GetProperty("sliceTitle").GetString());
        static string Shown(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "—" : value.GetDouble().ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
        var expected = cli.OrderBy(s => s.GetProperty("accuracy").GetDouble()).Select(s => new[]
        {
            s.GetProperty("value").ValueKind == JsonValueKind.Null ? "(none)" : s.GetProperty("value").GetString()!,
            s.GetProperty("items").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Shown(s.GetProperty("accuracy")), Shown(s.GetProperty("auPrc")), Shown(s.GetProperty("auRoc")), Shown(s.GetProperty("logLoss")), Shown(s.GetProperty("macroF1")),
        });
        Assert.Equal(expected, seen.GetProperty("sliceRows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()));
    }

    [Fact]
    public void Detection_ErrorAnalysis_IsTheClisAtIouHalf()
    {
        var gt = DetectionFixture("gt.json");
        var dt = DetectionFixture("dt.json");
        var cli = Json("errors", "--task", "detection", "--ground-truth", gt, "--predictions", dt, "--format", "json").EnumerateArray().ToArray();
        var report = ReportData("--task", "detection", "--ground-truth", gt, "--predictions", dt).GetProperty("detection");
        var kinds = report.GetProperty("errorKinds").EnumerateArray().Select(k => k.GetString()!).ToArray();
        var analysis = report.GetProperty("errorAnalyses")[0];
        Assert.Equal(0.5, analysis.GetProperty("iou").GetDouble());
        Assert.Equal(cli.Length, analysis.GetProperty("total").GetInt32());
        var counts = analysis.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        // Per kind, the report's count is the number of CLI rows of that kind (the CLI names kinds in kebab case).
        var cliKinds = cli.GroupBy(e => e.GetProperty("kind").GetString()!.Replace("-", string.Empty, StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        for (int k = 0; k < kinds.Length; k++) Assert.Equal(cliKinds.GetValueOrDefault(kinds[k]), counts[k]);
        // The listed errors, in order: same image, label, kind and box.
        var listed = analysis.GetProperty("errors").EnumerateArray().ToArray();
        Assert.True(listed.Length > 100);
        for (int i = 0; i < listed.Length; i++)
        {
            Assert.Equal(cli[i].GetProperty("imageId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), listed[i].GetProperty("image").GetString());
            Assert.Equal(cli[i].GetProperty("label").GetString(), listed[i].GetProperty("label").GetString());
            Assert.Equal(cli[i].GetProperty("kind").GetString()!.Replace("-", string.Empty, StringComparison.Ordinal), kinds[listed[i].GetProperty("kind").GetInt32()], StringComparer.OrdinalIgnoreCase);
            Assert.Equal(cli[i].GetProperty("box").EnumerateArray().Select(v => v.GetDouble()), listed[i].GetProperty("box").EnumerateArray().Select(v => v.GetDouble()));
        }
    }

    [Fact]
    public void Browser_DetectionConfusionMatrix_IsTheClis_AndACellOpensItsImages()
    {
        var gt = DetectionFixture("gt.json");
        var dt = DetectionFixture("dt.json");
        var cli = Json("evaluate", "--task", "detection", "--ground-truth", gt, "--predictions", dt, "--format", "json").GetProperty("confusionMatrix");
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-detconfusion-{Guid.NewGuid():N}.html");
        try
        {
            var (code, _, error) = CliRunner.Run("report", "--output", path, "--task", "detection", "--ground-truth", gt, "--predictions", dt);
            Assert.True(code == 0, error);
            using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(path)));
            var report = document.RootElement.GetProperty("detection");
            var confusion = report.GetProperty("confusion");

            // The same rule, named: IoU 0.5 and the CLI's confidence; random_bbox's 10 labels and background all shown.
            Assert.Equal(cli.GetProperty("iouThreshold").GetDouble(), confusion.GetProperty("iou").GetDouble());
            Assert.Equal(cli.GetProperty("confidenceThreshold").GetDouble(), confusion.GetProperty("confidence").GetDouble());
            var labels = confusion.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
            Assert.Equal(cli.GetProperty("labels").EnumerateArray().Select(l => l.GetString()), labels);
            Assert.False(confusion.GetProperty("other").GetBoolean());
            var rows = cli.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
            Assert.Equal(rows.SelectMany(r => r), confusion.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));

            // The first confusion of the first label's row: its cell opens its images, the first drawn at once.
            int column = Array.FindIndex(rows[0], 1, n => n > 0);
            var cell = confusion.GetProperty("cells")[column];
            var ids = cell.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToArray();
            Assert.NotEmpty(ids);
            var seen = ReportBrowser.Check(path, "--confusion-cell", column.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
            Assert.Equal(rows, seen.GetProperty("confusionCounts").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray());
            Assert.Contains("IoU 0.50", seen.GetProperty("confusionHelp").GetString(), StringComparison.Ordinal);

            var view = seen.GetProperty("cellImages");
            Assert.Equal($"{rows[0][column]} objects of true \u201c{labels[0]}\u201d detected as \u201c{labels[column]}\u201d in {cell.GetProperty("images").GetInt32()} images.",
                view.GetProperty("status").GetString());
            Assert.Equal("confusion-status", view.GetProperty("focused").GetString());
            Assert.Equal(ids, view.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
            var images = report.GetProperty("images");
            Assert.StartsWith(images.GetProperty(ids[0]).GetProperty("file").GetString()!, view.GetProperty("heading").GetString(), StringComparison.Ordinal);
            // The image holds the cell's objects: a ground truth of the row's label and a detection of the column's.
            var tags = view.GetProperty("tags").EnumerateArray().Select(t => (Kind: t[0].GetString(), Text: t[1].GetString()!)).ToArray();
            Assert.Contains(tags, t => t.Kind == "tag truth" && t.Text == labels[0]);
            Assert.Contains(tags, t => t.Kind == "tag detection" && t.Text.StartsWith(labels[column] + " ", StringComparison.Ordinal));
            Assert.StartsWith(images.GetProperty(ids[^1]).GetProperty("file").GetString()!, seen.GetProperty("cellImagesLast").GetProperty("heading").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
