using System.Globalization;
using System.Text.Json;
using Xunit;
using AutoMLEval.Cli;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Reports;

namespace AutoMLEval.Tests.Reports;

public class DetectionReportTests
{
    private static string Fixture(string name, string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "coco", name, file);

    private static DetectionEvaluation Evaluate(string name) =>
        DetectionInputs.Evaluate(Fixture(name, "gt.json"), Fixture(name, "dt.json"), IouType.BoundingBox, null, new IssueLog());

    private static string Html(DetectionEvaluation evaluation, string? imagesDirectory = null)
    {
        using var writer = new StringWriter();
        EvaluationReport.Write(evaluation, writer, null, imagesDirectory);
        return writer.ToString();
    }

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();

    [Theory]
    [InlineData("tiny_bbox")]
    [InlineData("random_bbox")]
    public void Data_IsTheEngines_Stats_Labels_Sweeps_AndErrors(string name)
    {
        var evaluation = Evaluate(name);
        using var document = JsonDocument.Parse(ReportRuns.DataJson(Html(evaluation)));
        var d = document.RootElement.GetProperty("detection");

        Assert.Equal(evaluation.Stats.ToArray(), Numbers(d.GetProperty("stats")));
        Assert.Equal(CocoStats.Names, d.GetProperty("statNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(evaluation.Counts.Detections, d.GetProperty("counts").GetProperty("detections").GetInt32());
        Assert.Equal(evaluation.Counts.DetectionsSkipped, d.GetProperty("counts").GetProperty("detectionsSkipped").GetInt32());

        var labels = d.GetProperty("labels").EnumerateArray().ToArray();
        Assert.Equal(evaluation.Labels.Count, labels.Length);
        for (int k = 0; k < labels.Length; k++)
        {
            var label = evaluation.Labels[k];
            Assert.Equal(label.DisplayName, labels[k].GetProperty("name").GetString());
            Assert.Equal(new[] { label.Ap, label.Ap50, label.Ap75, label.Ar100, label.PrecisionAtBestF1, label.RecallAtBestF1 },
                new[] { "ap", "ap50", "ap75", "ar100", "precision", "recall" }.Select(p => labels[k].GetProperty(p).ValueKind == JsonValueKind.Null ? double.NaN : labels[k].GetProperty(p).GetDouble()));
        }

        // The slider's grid is 0, 0.01 … 1; each IoU's rows are the engine's sweep on it.
        var thresholds = Numbers(d.GetProperty("thresholds"));
        Assert.Equal(101, thresholds.Length);
        var sweeps = d.GetProperty("sweeps").EnumerateArray().ToArray();
        Assert.Equal(evaluation.Params.IouThresholds.Count, sweeps.Length);
        foreach (var (sweep, t) in sweeps.Select((s, t) => (s, t)))
        {
            double iou = evaluation.Params.IouThresholds[t];
            var rows = evaluation.Sweep(iou, thresholds);
            Assert.Equal(iou, sweep.GetProperty("iou").GetDouble());
            Assert.Equal(evaluation.BoundingBoxMetrics[t].MeanAveragePrecision, sweep.GetProperty("ap").GetDouble());
            Assert.Equal(rows.Select(r => r.Precision), Numbers(sweep.GetProperty("precision")));
            Assert.Equal(rows.Select(r => r.Recall), Numbers(sweep.GetProperty("recall")));
            Assert.Equal(rows.Select(r => (double)r.FalsePositives), Numbers(sweep.GetProperty("fp")));
        }

        // One analysis per IoU the selector offers alone: 0.5 and 0.75.
        var kinds = Enum.GetValues<DetectionErrorKind>();
        var analyses = d.GetProperty("errorAnalyses").EnumerateArray().ToArray();
        Assert.Equal(new[] { 0.5, 0.75 }, analyses.Select(a => a.GetProperty("iou").GetDouble()));
        foreach (var analysis in analyses)
        {
            var atIou = DetectionErrorAnalysis.Analyze(evaluation, analysis.GetProperty("iou").GetDouble(), 0.1);
            Assert.Equal(atIou.Count, analysis.GetProperty("total").GetInt32());
            Assert.Equal(kinds.Select(k => (double)atIou.Count(e => e.Kind == k)), Numbers(analysis.GetProperty("counts")));
            var listed = analysis.GetProperty("errors").EnumerateArray().ToArray();
            Assert.Equal(atIou.Count, listed.Length);
            Assert.True(atIou.Count > 0);
            Assert.Equal(atIou.Select(e => e.Label), listed.Select(e => e.GetProperty("label").GetString()));
            Assert.Equal(atIou.Select(e => e.BestIou), listed.Select(e => e.GetProperty("iou").GetDouble()));
            Assert.Equal(atIou[0].Box, Numbers(listed[0].GetProperty("box")));
        }
        var errors = DetectionErrorAnalysis.Analyze(evaluation, 0.5, 0.1);
        // Without an images folder no image is embedded, but the boxes of each error's image are.
        var firstImage = d.GetProperty("images").GetProperty(errors[0].ImageId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(JsonValueKind.Null, firstImage.GetProperty("src").ValueKind);
        Assert.True(firstImage.GetProperty("truth").GetArrayLength() + firstImage.GetProperty("detections").GetArrayLength() > 0);
    }

    [Fact]
    public void ImagesFolder_EmbedsTheImageOfAnError()
    {
        var evaluation = Evaluate("tiny_bbox");
        var first = DetectionErrorAnalysis.Analyze(evaluation)[0];
        var directory = Directory.CreateTempSubdirectory("automl-eval-detreport-").FullName;
        try
        {
            // A 1×1 PNG under the error image's file name: embedded as it is (EmbeddedImageFiles).
            var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
            var path = Path.Combine(directory, first.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, png);
            using var document = JsonDocument.Parse(ReportRuns.DataJson(Html(evaluation, directory)));
            var d = document.RootElement.GetProperty("detection");
            var image = d.GetProperty("images").GetProperty(first.ImageId.ToString(CultureInfo.InvariantCulture));
            Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), image.GetProperty("src").GetString());
            Assert.Equal(1, d.GetProperty("imageCounts").GetProperty("embedded").GetInt32());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Browser_ShowsTheEngineAp_AndTheSliderAtPointEightShowsTheEnginesPrecisionAndRecallAtIouHalf()
    {
        var evaluation = Evaluate("random_bbox");
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-detection-report-{Guid.NewGuid():N}.html");
        JsonElement seen;
        try
        {
            File.WriteAllText(path, Html(evaluation));
            seen = ReportBrowser.Check(path, "--threshold", "0.8");
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("requests").EnumerateArray());
        Assert.Equal(0, seen.GetProperty("foreignElements").GetInt32());
        Assert.Equal(Fixed(evaluation.Stats.Ap), seen.GetProperty("summary").GetProperty("AP").GetString());
        Assert.Equal(Fixed(evaluation.Stats.Ap50), seen.GetProperty("summary").GetProperty("AP50").GetString());

        Assert.Equal("0.80", seen.GetProperty("threshold").GetString());
        var atPointEight = evaluation.Sweep(0.5, new[] { 0.8 })[0];
        var live = seen.GetProperty("atThreshold");
        Assert.Equal("0.50", live.GetProperty("iou").GetString());
        Assert.Equal(Fixed(atPointEight.Precision), live.GetProperty("precision").GetString());
        Assert.Equal(Fixed(atPointEight.Recall), live.GetProperty("recall").GetString());
        Assert.Equal(atPointEight.FalsePositives.ToString("N0", CultureInfo.InvariantCulture), live.GetProperty("fp").GetString());

        // The label table starts worst first, as classification's and video's do: lowest AP first (person 0.3957 last).
        Assert.Equal(evaluation.Labels.OrderBy(l => l.Ap).Select(l => l.DisplayName), seen.GetProperty("labelTableOrder").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("ascending", seen.GetProperty("labelTableSort")[3].GetString());
    }

    [Fact]
    public void Browser_VertexAiReport_FindsImagesByFileNameAsEvaluateDoes_CountsEveryImage_AndEverySkippedDetection()
    {
        // Vertex AI files name gs:// URIs; the images folder holds img1.png and img2.png (32×24) but not img4.png. img3 is a
        // training image: its one detection is left out as of another split.
        using var data = new TempFolder();
        string Image(int n, string split, string boxes) =>
            $"{{\"imageGcsUri\":\"gs://b/img{n}.png\",\"boundingBoxAnnotations\":[{boxes}],\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"{split}\"}}}}\n";
        const string Cat = "{\"displayName\":\"cat\",\"xMin\":0.1,\"yMin\":0.1,\"xMax\":0.5,\"yMax\":0.5}";
        const string Dog = "{\"displayName\":\"dog\",\"xMin\":0.6,\"yMin\":0.6,\"xMax\":0.9,\"yMax\":0.9}";
        data.Write("gt.jsonl", Image(1, "test", Cat + "," + Dog) + Image(2, "test", Dog) + Image(3, "training", Cat) + Image(4, "test", Cat));
        string Prediction(int n, string names, string confidences, string boxes) =>
            $"{{\"instance\":{{\"content\":\"gs://b/img{n}.png\"}},\"prediction\":{{\"displayNames\":[{names}],\"confidences\":[{confidences}],\"bboxes\":[{boxes}]}}}}\n";
        data.Write("pred.jsonl", Prediction(1, "\"cat\",\"dog\",\"cat\"", "0.9,0.8,0.3", "[0.1,0.5,0.1,0.5],[0.6,0.9,0.6,0.9],[0.6,0.9,0.6,0.9]")
            + Prediction(2, "\"dog\",\"cat\"", "0.7,0.6", "[0.3,0.7,0.2,0.6],[0,0.1,0,0.1]") + Prediction(3, "\"cat\"", "0.95", "[0.1,0.5,0.1,0.5]"));
        var images = Path.Combine(data.Root, "imgs");
        Directory.CreateDirectory(images);
        var quadrants = Path.Combine(AppContext.BaseDirectory, "Fixtures", "images", "quadrants.png");
        File.Copy(quadrants, Path.Combine(images, "img1.png"));
        File.Copy(quadrants, Path.Combine(images, "img2.png"));

        // evaluate reads the sizes of the two images it finds, by file name.
        var evaluation = DetectionInputs.Evaluate(Path.Combine(data.Root, "gt.jsonl"), Path.Combine(data.Root, "pred.jsonl"), IouType.BoundingBox, images, new IssueLog());
        Assert.Equal(new[] { 32, 32, 0 }, evaluation.GroundTruth.Images.Select(i => i.Width));

        var error = new StringWriter();
        Assert.Equal(0, Program.Run(new[] { "report", "--ground-truth", "gt.jsonl", "--predictions", "pred.jsonl", "--images", "imgs", "--output", "v.html" },
            new CliContext(new StringWriter(), error, data.Root)));
        var path = Path.Combine(data.Root, "v.html");
        using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(path)));
        var d = document.RootElement.GetProperty("detection");
        // The report draws the same two images (the errors are on all three test images) and counts the third as not found.
        var drawn = d.GetProperty("images").EnumerateObject().ToDictionary(i => i.Value.GetProperty("file").GetString()!, i => i.Value.GetProperty("src").GetString());
        Assert.Equal(new[] { "gs://b/img1.png", "gs://b/img2.png", "gs://b/img4.png" }, drawn.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("data:image/", drawn["gs://b/img1.png"], StringComparison.Ordinal);
        Assert.StartsWith("data:image/", drawn["gs://b/img2.png"], StringComparison.Ordinal);
        Assert.Null(drawn["gs://b/img4.png"]);
        var counts = d.GetProperty("imageCounts");
        Assert.Equal((2, 1, 1), (counts.GetProperty("embedded").GetInt32(), counts.GetProperty("notShown").GetInt32(), counts.GetProperty("notFound").GetInt32()));
        Assert.Contains($"ImagesNotFound: {images}: 1 of 3 images was not found (the first: {Path.Combine(images, "img4.png")})", error.ToString(), StringComparison.Ordinal);

        var seen = ReportBrowser.Check(path);
        Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        var summary = seen.GetProperty("summary");
        Assert.Equal("2 shown, 1 by name (1 not found), 0 unreadable", summary.GetProperty("errorImages").GetString());
        // "Detections skipped" is the sum of its breakdown: here the training image's one detection.
        Assert.Equal(("1", "1"), (summary.GetProperty("detectionsSkipped").GetString(), summary.GetProperty("otherSplit").GetString()));
    }

    [Fact]
    public void Browser_At400PixelsWide_TheErrorListFitsThePage_AndItsImageNamesStayReadable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-detection-report-{Guid.NewGuid():N}.html");
        JsonElement seen;
        try
        {
            File.WriteAllText(path, Html(Evaluate("random_bbox")));
            seen = ReportBrowser.Check(path, "--width", "400");
        }
        finally
        {
            File.Delete(path);
        }
        // The error list and image beside it stack in one column as wide as the page; the list scrolls inside it, and its
        // image names (000000000020.jpg) are not broken one character per line.
        var layout = seen.GetProperty("layout");
        Assert.Equal(0, layout.GetProperty("horizontalOverflow").GetDouble());
        Assert.True(layout.GetProperty("narrowestFirstColumn").GetDouble() >= 70, $"first column {layout.GetProperty("narrowestFirstColumn")} px wide");
    }

    [Fact]
    public void Command_PicksDetectionFromCocoGroundTruth_AndWritesTheReport()
    {
        var directory = Directory.CreateTempSubdirectory("automl-eval-report-").FullName;
        try
        {
            var context = new CliContext(new StringWriter(), new StringWriter(), directory);
            Assert.Equal(0, Program.Run(new[]
            {
                "report", "--ground-truth", Fixture("tiny_bbox", "gt.json"), "--predictions", Fixture("tiny_bbox", "dt.json"),
                "--images", directory, "--output", "detection.html",
            }, context));
            var html = File.ReadAllText(Path.Combine(directory, "detection.html"));
            using var document = JsonDocument.Parse(ReportRuns.DataJson(html));
            var d = document.RootElement.GetProperty("detection");
            Assert.Equal("detection", d.GetProperty("iouType").GetString());
            // detectionsInvalid counts rejected records, a Vertex AI image predicted again among them: not "unreadable" (h111).
            Assert.Contains("'\\u2026 rejected (invalid or repeated)', 'detectionsInvalid'", html, StringComparison.Ordinal);
            Assert.Equal(Evaluate("tiny_bbox").Stats.Ap, d.GetProperty("stats")[0].GetDouble());
            // The images folder holds none of the images: each is counted as not shown.
            Assert.Equal(0, d.GetProperty("imageCounts").GetProperty("embedded").GetInt32());
            Assert.True(d.GetProperty("imageCounts").GetProperty("notShown").GetInt32() > 0);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Segmentation_WithoutBoxes_WritesTheMasksBoxes_AndTheEnginesStats()
    {
        var evaluation = DetectionInputs.Evaluate(Fixture("segm_polygons_nobbox", "gt.json"), Fixture("segm_polygons_nobbox", "dt.json"),
            IouType.Segmentation, null, new IssueLog());
        using var document = JsonDocument.Parse(ReportRuns.DataJson(Html(evaluation)));
        var d = document.RootElement.GetProperty("detection");
        Assert.Equal("segmentation", d.GetProperty("iouType").GetString());
        Assert.Equal(evaluation.Stats.ToArray(), Numbers(d.GetProperty("stats")));
        // Detections given as segments only have their masks' boxes, as pycocotools' loadRes gives them.
        var detections = d.GetProperty("images").EnumerateObject().SelectMany(i => i.Value.GetProperty("detections").EnumerateArray()).ToArray();
        Assert.NotEmpty(detections);
        Assert.All(detections, b => Assert.Equal(JsonValueKind.Number, b[1].ValueKind));
    }

    [Fact]
    public void HostileLabelAndFileName_AreEscaped()
    {
        var directory = Directory.CreateTempSubdirectory("automl-eval-detreport-").FullName;
        try
        {
            var gt = Path.Combine(directory, "gt.json");
            var dt = Path.Combine(directory, "dt.json");
            var label = JsonSerializer.Serialize(ReportRuns.ScriptLabel);
            var file = JsonSerializer.Serialize(ReportRuns.HostilePath);
            File.WriteAllText(gt, $$"""
                {"images": [{"id": 1, "width": 100, "height": 100, "file_name": {{file}}}],
                 "categories": [{"id": 1, "name": {{label}}}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0}]}
                """);
            File.WriteAllText(dt, """[{"image_id": 1, "category_id": 1, "bbox": [60, 60, 20, 20], "score": 0.9}]""");
            var evaluation = DetectionInputs.Evaluate(gt, dt, IouType.BoundingBox, null, new IssueLog());
            var html = Html(evaluation, directory);
            Assert.DoesNotContain(ReportRuns.ScriptLabel, html, StringComparison.Ordinal);
            Assert.DoesNotContain(ReportRuns.HostilePath, html, StringComparison.Ordinal);
            using var document = JsonDocument.Parse(ReportRuns.DataJson(html));
            var d = document.RootElement.GetProperty("detection");
            Assert.Equal(ReportRuns.ScriptLabel, d.GetProperty("labels")[0].GetProperty("name").GetString());
            // One background false detection and one missed ground truth, both in the hostile image.
            Assert.Equal(new[] { ReportRuns.HostilePath, ReportRuns.HostilePath }, d.GetProperty("errorAnalyses")[0].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("file").GetString()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The error view (first error drawn) of a report on a COCO ground truth and detections given as JSON text.</summary>
    private static JsonElement ErrorViewOf(string groundTruthJson, string detectionsJson)
    {
        var directory = Directory.CreateTempSubdirectory("automl-eval-detreport-").FullName;
        try
        {
            var gt = Path.Combine(directory, "gt.json");
            var dt = Path.Combine(directory, "dt.json");
            File.WriteAllText(gt, groundTruthJson);
            File.WriteAllText(dt, detectionsJson);
            var path = Path.Combine(directory, "report.html");
            File.WriteAllText(path, Html(DetectionInputs.Evaluate(gt, dt, IouType.BoundingBox, null, new IssueLog()), directory));
            return ReportBrowser.Check(path).GetProperty("errorView");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Browser_TagsHoldTheirWholeLabel_InsideTheImage_WhateverItsLetters()
    {
        // Wide letters and markup characters: wider than the average glyph a tag's band was once sized by.
        var label = JsonSerializer.Serialize("<b>W</b>&\"M\" WWMM");
        var view = ErrorViewOf($$"""
            {"images": [{"id": 1, "width": 200, "height": 100, "file_name": "a.jpg"}],
             "categories": [{"id": 1, "name": {{label}}}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0}]}
            """, """[{"image_id": 1, "category_id": 1, "bbox": [160, 60, 20, 20], "score": 0.9}]""");
        // The selected error, the ground truth and the detection: three tags, each text within its band, each band within the image.
        Assert.Equal(3, view.GetProperty("tags").GetArrayLength());
        Assert.Equal(0, view.GetProperty("tagsNotFitting").GetInt32());
    }

    [Fact]
    public void Browser_TagsOfBoxesOnTopOfEachOther_DoNotOverlap_AndStayInsideTheImage()
    {
        // Four objects a few pixels apart, three found: every tag's first choice (over its box's top-left corner,
        // detections under the box) is where the next one's is, and the selected error's (the missed person) is its box's.
        // Before tags were placed, 13 pairs of these 8 tags overlapped.
        var view = ErrorViewOf("""
            {"images": [{"id": 1, "width": 200, "height": 100, "file_name": "crowded.jpg"}],
             "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}, {"id": 3, "name": "bird"}, {"id": 4, "name": "person"}],
             "annotations": [
              {"id": 1, "image_id": 1, "category_id": 1, "bbox": [20, 40, 50, 30], "area": 1500, "iscrowd": 0},
              {"id": 2, "image_id": 1, "category_id": 2, "bbox": [24, 42, 50, 30], "area": 1500, "iscrowd": 0},
              {"id": 3, "image_id": 1, "category_id": 3, "bbox": [28, 44, 50, 30], "area": 1500, "iscrowd": 0},
              {"id": 4, "image_id": 1, "category_id": 4, "bbox": [32, 46, 50, 30], "area": 1500, "iscrowd": 0}]}
            """, """
            [{"image_id": 1, "category_id": 1, "bbox": [21, 41, 50, 30], "score": 0.9},
             {"image_id": 1, "category_id": 3, "bbox": [24, 42, 50, 30], "score": 0.8},
             {"image_id": 1, "category_id": 2, "bbox": [27, 45, 50, 30], "score": 0.7}]
            """);
        // Four ground-truth tags, three detection tags and the selected error's: each readable, none over another.
        Assert.Equal("crowded.jpg · Missed · person", view.GetProperty("heading").GetString());
        Assert.Contains("background at or below IoU 0.10: 1 error.", view.GetProperty("help").GetString(), StringComparison.Ordinal);
        Assert.Equal(8, view.GetProperty("tags").GetArrayLength());
        Assert.Equal(0, view.GetProperty("tagsOverlapping").GetInt32());
        Assert.Equal(0, view.GetProperty("tagsNotFitting").GetInt32());
    }

    [Fact]
    public void Browser_TagsOfRightToLeftAndOverlongLabels_KeepTheScoreRightOfTheLabel_AndFitTheImage()
    {
        // An Arabic label (its detection found nothing: a background error, the first, tagged with score and IoU) and a
        // label of 300 letters, missed: wider than the 200-unit image.
        var arabic = "\u0643\u0644\u0628 \u0623\u0633\u0648\u062f";
        var word = string.Concat(Enumerable.Repeat("Supercalifragilisticexpialidocious", 9));
        var view = ErrorViewOf($$"""
            {"images": [{"id": 1, "width": 200, "height": 100, "file_name": "a.jpg"}],
             "categories": [{"id": 1, "name": {{JsonSerializer.Serialize(arabic)}}}, {"id": 2, "name": {{JsonSerializer.Serialize(word)}}}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0},
                             {"id": 2, "image_id": 1, "category_id": 2, "bbox": [60, 40, 20, 20], "area": 400, "iscrowd": 0}]}
            """, """[{"image_id": 1, "category_id": 1, "bbox": [160, 60, 20, 20], "score": 0.9}]""");
        Assert.Equal("a.jpg · Background · " + arabic, view.GetProperty("heading").GetString());
        var tags = view.GetProperty("tags").EnumerateArray().Select(t => t[1].GetString()!).ToArray();
        Assert.Contains(arabic + " 0.90 IoU 0.00", tags);
        Assert.Contains(arabic + " 0.90", tags);
        // The score after the Arabic label is drawn right of it, as it is written (not moved left by the bidi algorithm).
        Assert.Equal(0, view.GetProperty("tagsScoreLeftOfRtlLabel").GetInt32());
        // The long label's tag is cut with an ellipsis to fit the image; its title has it whole.
        Assert.Contains(tags, t => t.StartsWith("Supercalifragilistic", StringComparison.Ordinal) && t.EndsWith('\u2026'));
        Assert.Contains(word, view.GetProperty("tagTitles").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(0, view.GetProperty("tagsNotFitting").GetInt32());
        Assert.Equal(0, view.GetProperty("tagsOverlapping").GetInt32());
    }

    [Fact]
    public void Browser_EachErrorsShowButton_NamesItsImageKindAndLabel()
    {
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-detection-report-{Guid.NewGuid():N}.html");
        JsonElement view;
        try
        {
            File.WriteAllText(path, Html(Evaluate("tiny_bbox")));
            view = ReportBrowser.Check(path).GetProperty("errorView");
        }
        finally
        {
            File.Delete(path);
        }
        // Tabbing through the list, a screen reader reads each button's name: the same heading the drawn image gets, never
        // one "Show" after another.
        var names = view.GetProperty("showButtons").EnumerateArray().Select(b => b.GetString()!).ToArray();
        Assert.Equal(4, names.Length);
        Assert.Equal("Show " + view.GetProperty("heading").GetString(), names[0]);
        Assert.Equal("Show 000000000001.jpg · Background · cat", names[0]);
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Browser_ErrorsFollowTheIouSelector_BoxesAreTagged_KindsFit_AndMissingImagesAreCountedAndWarned()
    {
        var evaluation = Evaluate("random_bbox");
        var directory = Directory.CreateTempSubdirectory("automl-eval-detreport-").FullName;
        try
        {
            // The images folder holds none of the images: the CLI warns with their count and the page shows it.
            var error = new StringWriter();
            Assert.Equal(0, Program.Run(new[]
            {
                "report", "--ground-truth", Fixture("random_bbox", "gt.json"), "--predictions", Fixture("random_bbox", "dt.json"),
                "--images", directory, "--output", "detection.html",
            }, new CliContext(new StringWriter(), error, directory)));
            var path = Path.Combine(directory, "detection.html");
            using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(path)));
            var counts = document.RootElement.GetProperty("detection").GetProperty("imageCounts");
            var notFound = counts.GetProperty("notFound").GetInt32();
            Assert.True(notFound > 0);
            Assert.Equal(notFound, counts.GetProperty("notShown").GetInt32());
            Assert.Contains("ImagesNotFound", error.ToString(), StringComparison.Ordinal);
            Assert.Contains($"{notFound} of {notFound} images were not found", error.ToString(), StringComparison.Ordinal);

            var seen = ReportBrowser.Check(path, "--iou", "0.75");
            Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
            Assert.Equal($"0 shown, {notFound} by name ({notFound} not found), 0 unreadable", seen.GetProperty("summary").GetProperty("errorImages").GetString());

            var kinds = Enum.GetValues<DetectionErrorKind>();
            foreach (var (view, iou) in new[] { ("errorView", 0.5), ("errorViewAfterIou", 0.75) })
            {
                var shown = seen.GetProperty(view);
                var errors = DetectionErrorAnalysis.Analyze(evaluation, iou, 0.1);
                Assert.Contains($"at IoU {iou.ToString("0.00", CultureInfo.InvariantCulture)}, background at or below IoU 0.10: {errors.Count:N0} errors", shown.GetProperty("help").GetString(), StringComparison.Ordinal);
                // Kind names as words (they wrap), each card within its box.
                Assert.StartsWith(errors.CountOf(DetectionErrorKind.WrongLabelAndLocalisation).ToString("N0", CultureInfo.InvariantCulture) + " · dAP",
                    shown.GetProperty("counts").GetProperty("Wrong label and localisation").GetString(), StringComparison.Ordinal);
                Assert.Equal(kinds.Length, shown.GetProperty("counts").EnumerateObject().Count());
                Assert.Equal(0, shown.GetProperty("countsOverflow").GetInt32());
                // The first error, listed and drawn: its box tagged with label, score and best IoU.
                var first = errors[0];
                Assert.Equal(first.Label, shown.GetProperty("firstRow")[1].GetString());
                var tags = shown.GetProperty("tags").EnumerateArray().Select(t => (t[0].GetString(), t[1].GetString())).ToArray();
                var score = first.Score is double s ? " " + s.ToString("0.00", CultureInfo.InvariantCulture) : string.Empty;
                Assert.Contains(("tag selected", $"{first.Label}{score} IoU {first.BestIou.ToString("0.00", CultureInfo.InvariantCulture)}"), tags);
                Assert.Contains(tags, t => t.Item1 == "tag truth");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("segm_polygons")]
    [InlineData("segm_polygons_nobbox")]
    public void Browser_SegmentationMasksAreDrawn_PolygonsAsShapes_RlesAsImages_ColouredByErrorKind(string fixture)
    {
        var evaluation = DetectionInputs.Evaluate(Fixture(fixture, "gt.json"), Fixture(fixture, "dt.json"), IouType.Segmentation, null, new IssueLog());
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-segm-report-{Guid.NewGuid():N}.html");
        JsonElement seen;
        try
        {
            File.WriteAllText(path, Html(evaluation));
            seen = ReportBrowser.Check(path);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        // The first error's image: one mask per ground-truth object and per detection of that image.
        var first = DetectionErrorAnalysis.Analyze(evaluation, 0.5, 0.1)[0];
        var image = evaluation.GroundTruth.ImageIndex[first.ImageId];
        int objects = Enumerable.Range(0, evaluation.GroundTruth.Annotations.Count).Count(i => evaluation.GroundTruth.Annotations.Image[i] == image)
            + Enumerable.Range(0, evaluation.Detections.Objects.Count).Count(i => evaluation.Detections.Objects.Image[i] == image);
        var masks = seen.GetProperty("errorView").GetProperty("masks").EnumerateArray().Select(m => (m[0].GetString(), m[1].GetString())).ToArray();
        Assert.Equal(objects, masks.Length);
        // The fixtures' ground truth mixes polygons and RLEs, their detections are RLEs (boxless in segm_polygons_nobbox):
        // polygons are drawn as SVG shapes, RLEs painted into an image.
        Assert.Contains(masks, m => m.Item1 == "g" && m.Item2!.EndsWith("(ground truth)", StringComparison.Ordinal));
        Assert.Contains(masks, m => m.Item1 == "image" && m.Item2!.Contains("(detection", StringComparison.Ordinal));
        // The selected error's mask takes its kind's colour, named in the legend.
        var kindTitle = System.Text.RegularExpressions.Regex.Replace(first.Kind.ToString(), "(?<=[a-z])([A-Z])", m => " " + m.Value.ToLowerInvariant());
        Assert.Contains(kindTitle, seen.GetProperty("errorView").GetProperty("maskLegend").EnumerateArray().Select(k => k.GetString()));
    }

    private static string Fixed(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
