using System.Globalization;
using System.Text.Json;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>The CLI contract of <c>evaluate|sweep|errors --task detection|segmentation</c>.</summary>
public class DetectionCliTests
{
    [Fact]
    public void EvaluatePrintsOneJsonObjectWithTheContractFields()
    {
        var (code, output, _) = Run("evaluate", "--task", "detection", "--ground-truth", Fixture("edge_empty_and_unknown", "gt.json"),
            "--predictions", Fixture("edge_empty_and_unknown", "dt.json"), "--format", "json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        var expected = CocoParityTests.Expected("edge_empty_and_unknown");
        var stats = expected.GetProperty("stats").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var names = new[] { "ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge", "ar1", "ar10", "ar100", "arSmall", "arMedium", "arLarge" };
        for (int i = 0; i < names.Length; i++) Assert.Equal(stats[i], root.GetProperty("cocoStats").GetProperty(names[i]).GetDouble(), 10);
        Assert.Equal(stats[0], root.GetProperty("boundingBoxMeanAveragePrecision").GetDouble(), 10);

        var perLabel = root.GetProperty("perLabel").EnumerateArray().ToArray();
        var expectedLabels = expected.GetProperty("per_category").EnumerateArray().ToArray();
        Assert.Equal(expectedLabels.Length, perLabel.Length);
        foreach (var (e, a) in expectedLabels.Zip(perLabel, (e, a) => (e, a)))
        {
            Assert.Equal(e.GetProperty("category_id").GetInt64(), a.GetProperty("categoryId").GetInt64());
            Assert.Equal(e.GetProperty("name").GetString(), a.GetProperty("displayName").GetString());
            Assert.Equal(e.GetProperty("ap").GetDouble(), a.GetProperty("ap").GetDouble(), 10);
            Assert.Equal(e.GetProperty("ap50").GetDouble(), a.GetProperty("ap50").GetDouble(), 10);
            // A category COCO reports as -1 (no non-ignored GT) has no best-F1 point: null, as every undefined best-F1 value.
            if (e.GetProperty("ap").GetDouble() == -1) Assert.Equal(JsonValueKind.Null, a.GetProperty("precisionAtBestF1").ValueKind);
        }

        var metrics = root.GetProperty("boundingBoxMetrics").EnumerateArray().ToArray();
        Assert.Equal(10, metrics.Length);
        Assert.Equal(0.5, metrics[0].GetProperty("iouThreshold").GetDouble());
        var rows = metrics[0].GetProperty("confidenceMetrics").EnumerateArray().ToArray();
        Assert.Equal(23, rows.Length);
        Assert.Equal(0.05, rows[0].GetProperty("confidenceThreshold").GetDouble());
        Assert.Equal(0.99, rows[22].GetProperty("confidenceThreshold").GetDouble());
        foreach (var field in new[] { "recall", "precision", "f1Score" }) Assert.True(rows[0].TryGetProperty(field, out _), field);

        // Five labels plus the background row and column.
        Assert.Equal(6, root.GetProperty("confusionMatrix").GetProperty("labels").GetArrayLength());
        Assert.Equal("background", root.GetProperty("confusionMatrix").GetProperty("labels")[5].GetString());

        var counts = root.GetProperty("counts");
        var expectedCounts = expected.GetProperty("counts");
        Assert.Equal(expectedCounts.GetProperty("images").GetInt32(), counts.GetProperty("images").GetInt32());
        Assert.Equal(expectedCounts.GetProperty("gt_annotations").GetInt32(), counts.GetProperty("groundTruthObjects").GetInt32());
        Assert.Equal(expectedCounts.GetProperty("detections_with_known_category").GetInt32(), counts.GetProperty("detections").GetInt32());
        Assert.Equal(expectedCounts.GetProperty("detections").GetInt32() - expectedCounts.GetProperty("detections_with_known_category").GetInt32(),
            counts.GetProperty("detectionsSkipped").GetInt32());
    }

    [Fact]
    public void A_labels_objects_in_json_and_csv_leave_crowd_regions_out_and_the_all_row_sums_them()
    {
        // edge_crowd: person 3 objects and 2 crowd regions, car 2 and 1 (8 annotations, 3 crowd). A label's objects are
        // those its recall counts; counts.groundTruthObjects keeps every annotation, counts.crowdObjects the regions.
        string[] Args(string format) => new[] { "evaluate", "--task", "detection", "--ground-truth", Fixture("edge_crowd", "gt.json"),
            "--predictions", Fixture("edge_crowd", "dt.json"), "--format", format };
        var root = JsonDocument.Parse(Run(Args("json")).Output).RootElement;
        var csv = Run(Args("csv")).Output.ReplaceLineEndings("\n").Split('\n');

        Assert.Equal(new[] { 3, 2 }, root.GetProperty("perLabel").EnumerateArray().Select(l => l.GetProperty("groundTruthObjects").GetInt32()));
        Assert.Equal((8, 3), (root.GetProperty("counts").GetProperty("groundTruthObjects").GetInt32(), root.GetProperty("counts").GetProperty("crowdObjects").GetInt32()));
        // groundTruthObjects is the tenth column; (all) is the last row.
        Assert.Equal(new[] { "3", "2", "5" }, csv.Skip(1).Where(r => r.Length > 0).Select(r => r.Split(',')[9]));
    }

    [Fact]
    public void SegmentationTaskEvaluatesMasks()
    {
        var (code, output, _) = Run("evaluate", "--task", "segmentation", "--ground-truth", Fixture("segm_polygons", "gt.json"),
            "--predictions", Fixture("segm_polygons", "dt.json"), "--format", "json");
        Assert.Equal(0, code);
        var ap = JsonDocument.Parse(output).RootElement.GetProperty("cocoStats").GetProperty("ap").GetDouble();
        Assert.Equal(CocoParityTests.Expected("segm_polygons").GetProperty("stats")[0].GetDouble(), ap, 10);
    }

    [Fact]
    public void SweepPrintsTheConfidenceRowsAtTheChosenIou()
    {
        var (code, output, _) = Run("sweep", "--task", "detection", "--ground-truth", Fixture("tiny_bbox", "gt.json"),
            "--predictions", Fixture("tiny_bbox", "dt.json"), "--iou-threshold", "0.75", "--format", "json");
        Assert.Equal(0, code);
        var first = JsonDocument.Parse(output).RootElement[0];
        // At IoU .75 two of the seven detections are TPs (see TinyBboxTests).
        Assert.Equal((2, 5, 3), (first.GetProperty("truePositiveCount").GetInt32(), first.GetProperty("falsePositiveCount").GetInt32(), first.GetProperty("falseNegativeCount").GetInt32()));
    }

    [Fact]
    public void SweepRefusesAnIouThatWasNotEvaluated_BeforeReadingTheFiles()
    {
        // Files that do not exist: the option is refused before they are looked at, so no read error and no input warning.
        var (code, _, error) = Run("sweep", "--task", "detection", "--ground-truth", Fixture("tiny_bbox", "no-such-gt.json"),
            "--predictions", Fixture("tiny_bbox", "no-such-dt.json"), "--iou-threshold", "0.52");
        Assert.Equal(2, code);
        // The engine's words after the option, without .NET's "(Parameter 'iouThreshold')" or "Actual value was".
        Assert.Contains("--iou-threshold 0.52: Not an evaluated IoU threshold; use one of 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsListsKindsAsCsv()
    {
        var (code, output, _) = Run("errors", "--task", "detection", "--ground-truth", Fixture("tiny_bbox", "gt.json"),
            "--predictions", Fixture("tiny_bbox", "dt.json"), "--format", "csv", "--kind", "duplicate");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.StartsWith("kind,imageId,fileName,label", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("duplicate,1,000000000001.jpg,dog,2,300,50,20,20,0.6,1,3,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenInputIsExitCodeOneWithTheFileNamed()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"automl-eval-{Guid.NewGuid():N}.json");
        File.WriteAllText(broken, "[{\"image_id\": 1,");
        try
        {
            var (code, _, error) = Run("evaluate", "--task", "detection", "--ground-truth", Fixture("tiny_bbox", "gt.json"), "--predictions", broken);
            Assert.Equal(1, code);
            Assert.Contains(broken, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void An_empty_results_list_exits_0_with_a_warning_naming_the_file()
    {
        // Before: AP 0 and exit 0 with nothing on standard error.
        using var folder = new TempFolder();
        var predictions = folder.Write("dt.json", "[]");
        var (code, _, error) = Run("evaluate", "--task", "detection", "--ground-truth", Fixture("tiny_bbox", "gt.json"), "--predictions", predictions);
        Assert.Equal(0, code);
        Assert.Contains($"warning NoDetections: {predictions}:", error, StringComparison.Ordinal);
    }

    [Theory]
    // No detections at all; two detections, both far from every object (0 true positives at any confidence).
    [InlineData("[]", 0)]
    [InlineData("[{\"image_id\":1,\"category_id\":1,\"bbox\":[600,600,10,10],\"score\":0.9},{\"image_id\":2,\"category_id\":2,\"bbox\":[600,600,10,10],\"score\":0.4}]", 1)]
    public void Best_f1_of_no_true_positive_is_predicting_nothing_in_every_form(string detections, int perLabelDetections)
    {
        // No confidence gives F1 above 0, so the best-F1 point (highest confidence on ties) is above every score:
        // nothing predicted, no confidence to name (null, empty, '-'), precision 1 by Vertex AI's convention
        // (ThresholdCounts, docs/metrics.md: defined, not undefined), recall 0 of tiny_bbox's 3 cats and 2 dogs.
        using var folder = new TempFolder();
        var predictions = folder.Write("dt.json", detections);
        string[] Args(string format) => ["evaluate", "--task", "detection", "--ground-truth", Fixture("tiny_bbox", "gt.json"), "--predictions", predictions, "--format", format];

        var json = JsonDocument.Parse(Run(Args("json")).Output).RootElement;
        var csv = Run(Args("csv")).Output.ReplaceLineEndings("\n");
        var table = Run(Args("table")).Output;

        var best = json.GetProperty("bestF1");
        Assert.Equal(JsonValueKind.Null, best.GetProperty("confidenceThreshold").ValueKind);
        Assert.Equal(1, best.GetProperty("precision").GetDouble());
        Assert.Equal(0, best.GetProperty("recall").GetDouble());
        foreach (var label in json.GetProperty("perLabel").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, label.GetProperty("bestF1Threshold").ValueKind);
            Assert.Equal(1, label.GetProperty("precisionAtBestF1").GetDouble());
            Assert.Equal(0, label.GetProperty("recallAtBestF1").GetDouble());
        }
        Assert.Equal(
            "displayName,categoryId,ap,ap50,ap75,ar100,precisionAtBestF1,recallAtBestF1,bestF1Threshold,groundTruthObjects,detections\n" +
            $"cat,1,0,0,0,0,1,0,,3,{perLabelDetections}\ndog,2,0,0,0,0,1,0,,2,{perLabelDetections}\n" +
            $"(all),,0,0,0,0,1,0,,5,{2 * perLabelDetections}\n",
            csv);
        Assert.Contains("bestF1Threshold    : -\n", table.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("precisionAtBestF1  : 1.0000\n", table.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("recallAtBestF1     : 0.0000\n", table.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_category_without_ground_truth_has_a_null_best_F1_point_and_COCO_s_minus_1_only_for_AP_and_AR()
    {
        // h111's h1: cat has two objects and one exact detection, dog one object and no detection, emu no object at all.
        using var folder = new TempFolder();
        var groundTruth = folder.Write("gt.json",
            "{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\",\"width\":100,\"height\":100}],"
            + "\"categories\":[{\"id\":1,\"name\":\"cat\"},{\"id\":2,\"name\":\"dog\"},{\"id\":3,\"name\":\"emu\"}],"
            + "\"annotations\":[{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,10,10],\"area\":100,\"iscrowd\":0},"
            + "{\"id\":2,\"image_id\":1,\"category_id\":1,\"bbox\":[50,50,10,10],\"area\":100,\"iscrowd\":0},"
            + "{\"id\":3,\"image_id\":1,\"category_id\":2,\"bbox\":[20,20,10,10],\"area\":100,\"iscrowd\":0}]}");
        var predictions = folder.Write("dt.json", "[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,10,10],\"score\":0.9}]");
        string[] Args(string format) => ["evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", predictions, "--format", format];

        var perLabel = JsonDocument.Parse(Run(Args("json")).Output).RootElement.GetProperty("perLabel").EnumerateArray().ToDictionary(l => l.GetProperty("displayName").GetString()!);
        var csv = Run(Args("csv")).Output.ReplaceLineEndings("\n").Split('\n');

        string?[] BestF1(JsonElement label) => new[] { "bestF1Threshold", "precisionAtBestF1", "recallAtBestF1" }
            .Select(p => label.GetProperty(p).ValueKind == JsonValueKind.Null ? null : label.GetProperty(p).GetDouble().ToString(CultureInfo.InvariantCulture)).ToArray();
        // cat: found one of two at 0.9 (precision 1, recall 0.5); dog: nothing to name, precision 1 by convention, recall 0.
        Assert.Equal(new[] { "0.9", "1", "0.5" }, BestF1(perLabel["cat"]));
        Assert.Equal(new[] { null, "1", "0" }, BestF1(perLabel["dog"]));
        Assert.Equal(new string?[] { null, null, null }, BestF1(perLabel["emu"]));
        Assert.Equal(-1, perLabel["emu"].GetProperty("ap").GetDouble());
        Assert.Equal("emu,3,,,,,,,,0,0", csv[3]);
    }

    [Fact]
    public void Detections_beyond_max_dets_are_said_once_with_the_first_image_and_the_counts_are_those_evaluated()
    {
        // edge_maxdets: 150 detections of label a on image 1, the last 50 beyond maxDets 100 (pycocotools cuts them);
        // images 2 and 3 stay under the cut. Before: nothing on standard error, and only JSON's detectionsBeyondMaxDets told why.
        var predictions = Fixture("edge_maxdets", "dt.json");
        var (code, output, error) = Run("evaluate", "--task", "detection", "--ground-truth", Fixture("edge_maxdets", "gt.json"), "--predictions", predictions, "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(
            $"warning DetectionsBeyondMaxDets: {predictions}: 50 detections below the 100 highest-scoring of their image and label are left out, as pycocotools' maxDets leaves them, the first in image 1 (000000000001.jpg), label 'a'; detections, in total and per label, count those evaluated.\n",
            error.ReplaceLineEndings("\n"));
        var json = JsonDocument.Parse(output).RootElement;
        // 150 + 3 × 45 + 12 = 297 in the file; label a: 100 of image 1 and 45 of image 2 evaluated.
        Assert.Equal((247, 50, 50), (json.GetProperty("counts").GetProperty("detections").GetInt32(), json.GetProperty("counts").GetProperty("detectionsSkipped").GetInt32(),
            json.GetProperty("counts").GetProperty("detectionsBeyondMaxDets").GetInt32()));
        Assert.Equal(145, json.GetProperty("perLabel")[0].GetProperty("detections").GetInt32());
    }

    private static string Fixture(string name, string file) => Path.Combine(CocoParityTests.CaseDirectory(name), file);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Program.Run(args, new CliContext(output, error, Directory.GetCurrentDirectory()));
        return (code, output.ToString(), error.ToString());
    }
}
