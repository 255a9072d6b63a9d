using System.IO.Compression;
using System.Text;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>Malformed COCO inputs give located errors; unknown ids are counted and left out; gzip and tiny read windows change nothing.</summary>
public class CocoReaderTests
{
    private const string GroundTruth = """
        {"images": [{"id": 1, "width": 100, "height": 80, "file_name": "a.jpg"}],
         "categories": [{"id": 1, "name": "cat"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0}]}
        """;

    [Fact]
    public void BrokenJsonNamesTheFileAndLine()
    {
        var e = Assert.Throws<InputFormatException>(() => ReadGroundTruth("{\"images\": [\n{\"id\": 1,,}]}"));
        Assert.Equal("InvalidJson", e.Issue.Code);
        Assert.Equal("gt.json", e.Issue.Source);
        Assert.Equal(2, e.Issue.Line);
    }

    [Fact]
    public void BareNaNIsNotJson()
    {
        var e = Assert.Throws<InputFormatException>(() => ReadDetections("""[{"image_id": 1, "category_id": 1, "bbox": [NaN, 0, 1, 1], "score": 0.5}]""", out _));
        Assert.Equal("InvalidJson", e.Issue.Code);
    }

    [Fact]
    public void DamagedGzipIsAnInputError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-{Guid.NewGuid():N}.json.gz");
        // The gzip magic bytes and method, then garbage.
        File.WriteAllBytes(path, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0x00, 0x12, 0x34 });
        try
        {
            var e = Assert.Throws<InputFormatException>(() => CocoReader.ReadGroundTruth(path, IouType.BoundingBox));
            Assert.Equal(("InvalidGzip", path), (e.Issue.Code, e.Issue.Source));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingSectionsAreNotCoco()
    {
        var e = Assert.Throws<InputFormatException>(() => ReadGroundTruth("""{"images": [], "categories": []}"""));
        Assert.Equal("NotCocoGroundTruth", e.Issue.Code);
        Assert.Contains("annotations", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"image_id": 1, "category_id": 1, "bbox": [0, 0, -5, 10], "score": 0.5}""", "[1].bbox", "negative")]
    [InlineData("""{"image_id": 1, "category_id": 1, "bbox": ["NaN", 0, 5, 10], "score": 0.5}""", "[1].bbox", "expected a number")]
    [InlineData("""{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5], "score": 0.5}""", "[1].bbox", "3 numbers")]
    [InlineData("""{"image_id": 1, "category_id": 1, "score": 0.5}""", "[1].bbox", "missing")]
    [InlineData("""{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5]}""", "[1].score", "missing")]
    [InlineData("""{"image_id": "one", "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""", "[1].image_id", "whole-number id")]
    [InlineData("""[1, 2]""", "[1]", "expected an object")]
    public void BadDetectionIsReportedWithItsRecordAndSkipped(string record, string field, string message)
    {
        var log = new IssueLog();
        var detections = ReadDetections($$"""[{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9}, {{record}}]""", out _, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("InvalidRecord", IssueSeverity.Error, "dt.json", field), (issue.Code, issue.Severity, issue.Source, issue.Field));
        Assert.Contains(message, issue.Message, StringComparison.Ordinal);
        Assert.Equal((1, 1), (detections.Count, detections.InvalidCount));
    }

    [Fact]
    public void AnEmptyResultsListIsAWarningNamingTheFile()
    {
        // Valid COCO (AP 0, exit 0), but an export that wrote nothing must not pass for a model that finds nothing.
        var log = new IssueLog();
        var detections = ReadDetections("[]", out _, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("NoDetections", IssueSeverity.Warning, "dt.json"), (issue.Code, issue.Severity, issue.Source));
        Assert.Equal((0, 0), (detections.Count, detections.InvalidCount));
    }

    [Fact]
    public void ScoresOutsideZeroToOneAreKeptAndSaidOnce()
    {
        // pycocotools ranks any score (logits, percentages), so the detections count; the sweep's grid reads confidences.
        var log = new IssueLog();
        // The first is named by its record and line: a results list is mostly one line a result.
        var detections = ReadDetections("""
            [
            {"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5},
            {"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 2},
            {"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": -0.5}
            ]
            """, out _, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("ScoreOutOfRange", IssueSeverity.Warning, "dt.json", 3L, "[1].score"), (issue.Code, issue.Severity, issue.Source, issue.Line, issue.Field));
        Assert.StartsWith("2 detections have a score outside [0, 1] (the first: 2, at [1]);", issue.Message, StringComparison.Ordinal);
        Assert.Equal((3, 0), (detections.Count, detections.InvalidCount));
    }

    [Fact]
    public void AResultsListOfOnlyBadRecordsIsNoEmptyList()
    {
        // Its records are errors already: no warning on top.
        var log = new IssueLog();
        ReadDetections("""[{"image_id": 1, "category_id": 1, "score": 0.5}]""", out _, log);
        Assert.Equal(new[] { "InvalidRecord" }, log.Issues.Select(i => i.Code));
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(16)]
    public void BadRecordsAreReportedWithTheLineTheyStartOn(int bufferSize)
    {
        // One record a line after the '[' (LF, CRLF and a lone CR alike), the third spread over lines 4-5: the bad ones
        // start on lines 3 and 6. A 16-byte window moves the bytes read out of it many times (their line ends are kept).
        const string results = "[\n"
            + "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [10, 10, 20, 20], \"score\": 0.9},\r\n"
            + "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 5], \"score\": 0.5},\r"
            + "{\"image_id\": 1, \"category_id\": 1,\n \"bbox\": [1, 1, 5, 5], \"score\": 0.4},\n"
            + "{\"image_id\": \"one\", \"category_id\": 1, \"bbox\": [0, 0, 5, 5], \"score\": 0.5}\n]\n";
        var log = new IssueLog();
        var gt = ReadGroundTruth(GroundTruth);
        var detections = CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes(results)), "dt.json", gt, IouType.BoundingBox, log, bufferSize);
        Assert.Equal(new[] { (3L, "[1].bbox"), (6L, "[3].image_id") }, log.Issues.Select(i => (i.Line, i.Field)));
        Assert.Equal((2, 2), (detections.Count, detections.InvalidCount));
    }

    [Theory]
    [InlineData("5", "expected polygons (an array) or an RLE object")]
    [InlineData("\"abc\"", "expected polygons (an array) or an RLE object")]
    [InlineData("[[1, 2]]", "at least 3 points")]
    [InlineData("[[1, 2, 3, 4, 5, 6, 7]]", "even count")]
    [InlineData("{\"size\": [80, 100], \"counts\": 5}", "expected a string (compressed RLE) or a list")]
    [InlineData("{\"size\": [80, 100], \"counts\": [1, -2]}", "non-negative whole numbers")]
    [InlineData("{\"counts\": [1, 2]}", "missing")]
    [InlineData("{\"size\": [80, 100], \"counts\": \"\u007f\"}", "alphabet")]
    public void WrongSegmentationTypeIsReported(string segmentation, string message)
    {
        var log = new IssueLog();
        var gt = ReadGroundTruth($$"""
            {"images": [{"id": 1, "width": 100, "height": 80}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "area": 4, "segmentation": {{segmentation}}}]}
            """, IouType.Segmentation, log);
        var issue = Assert.Single(log.Issues);
        Assert.StartsWith("annotations[0].segmentation", issue.Field, StringComparison.Ordinal);
        Assert.Contains(message, issue.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), (gt.AnnotationCount, gt.SkippedAnnotations));
    }

    [Theory]
    [InlineData("\"height\": 80", "width")]
    [InlineData("\"width\": 0, \"height\": 80", "width")]
    [InlineData("\"width\": 100, \"height\": 0", "height")]
    [InlineData("\"file_name\": \"a.jpg\"", "width and height")]
    public void PolygonsOnAnImageWithoutASizeAreRejected_RlesCarryTheirOwn(string size, string missing)
    {
        // Polygons are rasterised at the image's size: at 0 × 80 every polygon mask was silently empty (AP wrong, exit 0).
        // The rejected annotation and result start on lines 2 and 3 of their files.
        var log = new IssueLog();
        var gt = ReadGroundTruth($$$"""
            {"images": [{"id": 1, {{{size}}}}], "categories": [{"id": 1, "name": "cat"}], "annotations": [
             {"id": 1, "image_id": 1, "category_id": 1, "area": 1600, "segmentation": [[10, 10, 50, 10, 50, 50, 10, 50]]},
             {"id": 2, "image_id": 1, "category_id": 1, "area": 4, "segmentation": {"size": [80, 100], "counts": [0, 4, 7996]}}]}
            """, IouType.Segmentation, log);
        var detections = CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes("""
            [
            {"image_id": 1, "category_id": 1, "score": 0.9, "segmentation": {"size": [80, 100], "counts": [0, 4, 7996]}},
            {"image_id": 1, "category_id": 1, "score": 0.8, "bbox": [10, 10, 40, 40], "segmentation": [[10, 10, 50, 10, 50, 50, 10, 50]]}]
            """)), "dt.json", gt, IouType.Segmentation, log);
        Assert.Equal(
            new[] { ("gt.json", 2L, "annotations[0].segmentation"), ("dt.json", 3L, "[1].segmentation") },
            log.Issues.Select(i => (i.Source, i.Line, i.Field)));
        Assert.All(log.Issues, i => Assert.Equal(("InvalidRecord", IssueSeverity.Error), (i.Code, i.Severity)));
        Assert.All(log.Issues, i => Assert.Contains($"image 1 of gt.json has no {missing} (missing or 0); the record is skipped.", i.Message, StringComparison.Ordinal));
        Assert.Equal((1, 1, 1), (gt.AnnotationCount, gt.SkippedAnnotations, gt.InvalidRecords));
        Assert.Equal((1, 1), (detections.Count, detections.InvalidCount));
    }

    [Fact]
    public void AnRleOfAnotherSizeThanItsImageIsRejected()
    {
        // pycocotools gives masks of different sizes IoU -1: such a detection matched nothing, silently (AP 0).
        var log = new IssueLog();
        var gt = ReadGroundTruth("""
            {"images": [{"id": 1, "width": 100, "height": 80}], "categories": [{"id": 1, "name": "cat"}], "annotations": [
             {"id": 1, "image_id": 1, "category_id": 1, "area": 4, "segmentation": {"size": [80, 100], "counts": [0, 4, 7996]}},
             {"id": 2, "image_id": 1, "category_id": 1, "area": 4, "segmentation": {"size": [100, 80], "counts": [0, 4, 7996]}}]}
            """, IouType.Segmentation, log);
        var detections = CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes("""
            [{"image_id": 1, "category_id": 1, "score": 0.9, "segmentation": {"size": [40, 200], "counts": [0, 8000]}},
             {"image_id": 1, "category_id": 1, "score": 0.8, "segmentation": {"size": [80, 100], "counts": [0, 4, 7996]}}]
            """)), "dt.json", gt, IouType.Segmentation, log);
        Assert.Equal(
            new[]
            {
                ("gt.json", 3L, "annotations[1].segmentation.size", "is [100, 80], but image 1 of gt.json is 80 × 100 (height × width); the record is skipped."),
                ("dt.json", 1L, "[0].segmentation.size", "is [40, 200], but image 1 of gt.json is 80 × 100 (height × width); the record is skipped."),
            },
            log.Issues.Select(i => (i.Source, i.Line, i.Field, i.Message)));
        Assert.All(log.Issues, i => Assert.Equal(("InvalidRecord", IssueSeverity.Error), (i.Code, i.Severity)));
        Assert.Equal((1, 1, 1), (gt.AnnotationCount, gt.SkippedAnnotations, gt.InvalidRecords));
        Assert.Equal((1, 1), (detections.Count, detections.InvalidCount));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SegmentationResultsWithoutABoxGetTheirMasksBox_InAnyOrder(bool boxFirst)
    {
        // pycocotools' loadRes gives a segm result without bbox the box of its mask (toBbox). The polygon covers pixels
        // 10-49 in x and y (maskApi's rasterisation of the square 10..50): [10, 10, 40, 40]. The RLE covers rows 0-3 of
        // column 0: [0, 0, 1, 4]. The first record's box used to make a box required of every other record.
        const string withBox = """{"image_id": 1, "category_id": 1, "score": 0.9, "bbox": [0, 0, 5, 5], "segmentation": [[0, 0, 5, 0, 5, 5]]}""";
        var withoutBox = new[]
        {
            """{"image_id": 1, "category_id": 1, "score": 0.8, "segmentation": [[10, 10, 50, 10, 50, 50, 10, 50]]}""",
            """{"image_id": 1, "category_id": 1, "score": 0.7, "segmentation": {"size": [80, 100], "counts": [0, 4, 7996]}}""",
        };
        var records = boxFirst ? withoutBox.Prepend(withBox) : withoutBox.Append(withBox);
        var log = new IssueLog();
        var gt = ReadGroundTruth(GroundTruth, IouType.Segmentation);
        var detections = CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes("[" + string.Join(",\n", records) + "]")), "dt.json", gt, IouType.Segmentation, log);
        Assert.Empty(log.Issues);
        double[] own = { 0, 0, 5, 5 }, fromMasks = { 10, 10, 40, 40, 0, 0, 1, 4 };
        Assert.Equal(boxFirst ? own.Concat(fromMasks) : fromMasks.Concat(own), detections.Objects.Boxes);
    }

    [Theory]
    [InlineData("[[1, 2]]", "annotations[0].segmentation[0]", "a polygon needs at least 3 points (6 numbers); this part has 2 numbers")]
    [InlineData("[[10, 10, 50, 10, 50, 50], [1, 2]]", "annotations[0].segmentation[1]", "a polygon needs at least 3 points (6 numbers); this part has 2 numbers")]
    [InlineData("[[10, 10, 50, 10, 50, 50], []]", "annotations[0].segmentation[1]", "a polygon needs at least 3 points (6 numbers); this part has 0 numbers")]
    // A later part of 4 numbers is a polygon of 2 points (maskApi's frPoly); only a first part of 4 makes boxes.
    [InlineData("[[10, 10, 50, 10, 50, 50], [1, 2, 3, 4]]", "annotations[0].segmentation[1]", "a polygon needs at least 3 points (6 numbers); this part has 4 numbers")]
    [InlineData("[[10, 10, 5, 5], [1, 2]]", "annotations[0].segmentation[1]", "the first part is a box [x, y, width, height], so every part must be one; this part has 2 numbers")]
    [InlineData("[[10, 10, 5, 5], [10, 10, 50, 10, 50, 50]]", "annotations[0].segmentation[1]", "the first part is a box [x, y, width, height], so every part must be one; this part has 6 numbers")]
    public void EveryPartOfAPolygonSegmentationIsChecked(string segmentation, string field, string message)
    {
        var log = new IssueLog();
        var gt = ReadGroundTruth($$"""
            {"images": [{"id": 1, "width": 100, "height": 80}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "area": 4, "segmentation": {{segmentation}}},
                             {"id": 2, "image_id": 1, "category_id": 1, "area": 4, "segmentation": [[10, 10, 5, 5], [20, 20, 5, 5]]}]}
            """, IouType.Segmentation, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("InvalidRecord", field, message + "; the record is skipped."), (issue.Code, issue.Field, issue.Message));
        Assert.Equal((1, 1), (gt.AnnotationCount, gt.SkippedAnnotations));
    }

    [Fact]
    public void SegmentationResultsWithoutABoxGetTheBoxesPycocotoolsGives()
    {
        // segm_polygons/dt.json holds the masks of segm_polygons_nobbox/dt.json with pycocotools' maskUtils.toBbox boxes.
        var gt = CocoReader.ReadGroundTruth(Path.Combine(CocoParityTests.CaseDirectory("segm_polygons"), "gt.json"), IouType.Segmentation);
        var withBoxes = CocoReader.ReadDetections(Path.Combine(CocoParityTests.CaseDirectory("segm_polygons"), "dt.json"), gt, IouType.Segmentation);
        var withoutBoxes = CocoReader.ReadDetections(Path.Combine(CocoParityTests.CaseDirectory("segm_polygons_nobbox"), "dt.json"), gt, IouType.Segmentation);
        Assert.Equal(186, withoutBoxes.Count);
        Assert.Equal(withBoxes.Objects.Boxes, withoutBoxes.Objects.Boxes);
    }

    [Fact]
    public void SegmentationResultsReadForBoxesAreSaidOnce()
    {
        // Masks without boxes evaluated as detection: each record is rejected (bbox missing), and one warning names the task.
        var log = new IssueLog();
        var detections = ReadDetections("""
            [{"image_id": 1, "category_id": 1, "score": 0.9, "segmentation": [[10, 10, 50, 10, 50, 50, 10, 50]]},
             {"image_id": 1, "category_id": 1, "score": 0.8, "bbox": [10, 10, 20, 20], "segmentation": [[10, 10, 50, 10, 50, 50, 10, 50]]},
             {"image_id": 1, "category_id": 1, "score": 0.7, "segmentation": {"size": [80, 100], "counts": [0, 4, 7996]}}]
            """, out _, log);
        Assert.Equal(
            new[] { ("InvalidRecord", IssueSeverity.Error, "[0].bbox"), ("InvalidRecord", IssueSeverity.Error, "[2].bbox"), ("SegmentationResultsReadAsDetection", IssueSeverity.Warning, "segmentation") },
            log.Issues.Select(i => (i.Code, i.Severity, i.Field)));
        Assert.Equal(
            "2 results have a segmentation and no bbox (the first: [0]), and a detection evaluation needs boxes: the results hold masks; to evaluate them as segmentation, name the task (--task segmentation, -Task Segmentation).",
            log.Issues[2].Message);
        Assert.Equal((1, 2), (detections.Count, detections.InvalidCount));
    }

    [Fact]
    public void A_box_only_pair_read_for_masks_is_said_to_hold_boxes_and_no_usable_record_is_NoItems_naming_the_task()
    {
        // tiny_bbox: 5 annotations and 7 results, every one with a bbox and no segmentation.
        var directory = CocoParityTests.CaseDirectory("tiny_bbox");
        string gt = Path.Combine(directory, "gt.json"), dt = Path.Combine(directory, "dt.json");
        var log = new IssueLog();

        var error = Assert.Throws<InputFormatException>(() => CocoReader.ReadPair(gt, dt, IouType.Segmentation, log));

        Assert.Equal(("NoItems", gt, 0L), (error.Issue.Code, error.Issue.Source, error.Issue.Line));
        Assert.Equal(
            $"no usable record in either file (5 records of the ground truth and 7 results of {dt} rejected, each reported as an error); the records hold boxes and no segmentation: to evaluate them as detection, name the task (--task detection, -Task Detection).",
            error.Issue.Message);
        // Each record rejected, and one warning a file after its errors.
        Assert.Equal(14, log.Issues.Count);
        Assert.Equal(12, log.Issues.Count(i => i.Code == "InvalidRecord"));
        var warnings = log.Issues.Where(i => i.Code == "BoxesReadAsSegmentation").ToArray();
        Assert.Equal(new[] { (gt, 5), (dt, 13) }, warnings.Select(w => (w.Source, log.Issues.ToList().IndexOf(w))));
        Assert.Equal(
            "5 annotations have a bbox and no segmentation (the first: annotations[0]), and a segmentation evaluation needs masks: the file holds boxes; to evaluate them as detection, name the task (--task detection, -Task Detection).",
            warnings[0].Message);
        Assert.Equal(
            "7 results have a bbox and no segmentation (the first: [0]), and a segmentation evaluation needs masks: the results hold boxes; to evaluate them as detection, name the task (--task detection, -Task Detection).",
            warnings[1].Message);
    }

    [Fact]
    public void Box_results_read_for_masks_against_a_usable_ground_truth_are_said_once_and_evaluated_as_rejected()
    {
        using var folder = new TempFolder();
        var gt = folder.Write("gt.json", """
            {"images": [{"id": 1, "width": 100, "height": 80}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[10, 10, 50, 10, 50, 50, 10, 50]], "area": 1600, "bbox": [10, 10, 40, 40]}]}
            """);
        var dt = folder.Write("dt.json", """
            [{"image_id": 1, "category_id": 1, "bbox": [10, 10, 40, 40], "score": 0.9},
             {"image_id": 1, "category_id": 1, "score": 0.8}]
            """);
        var log = new IssueLog();

        var (truth, detections) = CocoReader.ReadPair(gt, dt, IouType.Segmentation, log);

        // The record with neither is rejected but holds no box: the warning counts the one with a box.
        Assert.Equal((1, 0, 2), (truth.AnnotationCount, detections.Count, detections.InvalidCount));
        Assert.Equal(new[] { ("InvalidRecord", "[0].segmentation"), ("InvalidRecord", "[1].segmentation"), ("BoxesReadAsSegmentation", "segmentation") }, log.Issues.Select(i => (i.Code, i.Field)));
        Assert.StartsWith("1 result has a bbox and no segmentation (the first: [0])", log.Issues[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownImagesAndCategoriesAreCountedReportedAndLeftOut()
    {
        var log = new IssueLog();
        var detections = ReadDetections("""
            [{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9},
             {"image_id": 9, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9},
             {"image_id": 1, "category_id": 77, "bbox": [10, 10, 20, 20], "score": 0.9},
             {"image_id": 1, "category_id": 77, "bbox": [10, 10, 20, 20], "score": 0.8}]
            """, out var gt, log);
        Assert.Equal((1, 1, 2), (detections.Count, detections.UnknownImageCount, detections.UnknownCategoryCount));
        // One warning an id, at its first record (line and index).
        Assert.Equal(
            new[]
            {
                ("UnknownCategory", 3L, "[2].category_id", "2 results of category 77 (the first here), which is not in the ground truth's categories, are left out."),
                ("UnknownImage", 2L, "[1].image_id", "1 result of image 9, which is not in the ground truth's images, is left out."),
            },
            log.Issues.Select(i => (i.Code, i.Line, i.Field, i.Message)));
        var evaluation = DetectionEvaluator.Evaluate(gt, detections);
        Assert.Equal((1, 3), (evaluation.Counts.Detections, evaluation.Counts.DetectionsSkipped));
        // The one known detection is exact: AP 1 (up to pycocotools' eps).
        Assert.Equal(1.0, evaluation.Stats.Ap, 12);
    }

    [Fact]
    public void UnknownIdsOfTheGroundTruthNameTheirFirstAnnotation_PastRejectedRecords()
    {
        // annotations[1] is rejected (no box), so the kept objects' places are not the records': the first annotation of
        // category 7 is annotations[2] on line 5, that of image 99 annotations[4] on line 7.
        var log = new IssueLog();
        var gt = ReadGroundTruth("""
            {"images": [{"id": 1, "width": 100, "height": 80}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [
              {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 20, 30], "area": 600},
              {"id": 2, "image_id": 1, "category_id": 1, "area": 600},
              {"id": 3, "image_id": 1, "category_id": 7, "bbox": [0, 0, 20, 30], "area": 600},
              {"id": 4, "image_id": 1, "category_id": 7, "bbox": [0, 0, 20, 30], "area": 600},
              {"id": 5, "image_id": 99, "category_id": 1, "bbox": [0, 0, 20, 30], "area": 600}]}
            """, IouType.BoundingBox, log);
        Assert.Equal(
            new[]
            {
                ("InvalidRecord", 4L, "annotations[1].bbox", "missing; the record is skipped."),
                ("UnknownCategory", 5L, "annotations[2].category_id", "2 annotations of category 7 (the first here), which is not in the ground truth's categories, are left out."),
                ("UnknownImage", 7L, "annotations[4].image_id", "1 annotation of image 99, which is not in the ground truth's images, is left out."),
            },
            log.Issues.Select(i => (i.Code, i.Line, i.Field, i.Message)));
        Assert.Equal((1, 4, 1), (gt.AnnotationCount, gt.SkippedAnnotations, gt.InvalidRecords));
    }

    [Fact]
    public void UnknownIdsOfAResultsFileInASetNameTheirOwnFilesLine()
    {
        // Read by path (ReadPair, two results files as one set): each file is read again for its own line.
        using var folder = new TempFolder();
        var gt = folder.Write("gt.json", GroundTruth);
        var first = folder.Write("a.json", "[\n" + """{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9}""" + "]");
        var second = folder.Write("b.json", "[\n" + """{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9},""" + "\n\n"
            + """{"image_id": 5, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.8}""" + "]");
        var log = new IssueLog();
        var (_, detections) = CocoReader.ReadPair(gt, new[] { first, second }, "*.json", IouType.BoundingBox, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal((second, 4L, "[1].image_id", "1 result of image 5, which is not in the ground truth's images, is left out."), (issue.Source, issue.Line, issue.Field, issue.Message));
        Assert.Equal((2, 1), (detections.Count, detections.UnknownImageCount));
    }

    [Fact]
    public void RepeatedAnnotationIdsAreKeptAndWarnedOf_NamingBothRecords()
    {
        // Id 10 on image 1 and again on image 2 (annotations[3], after a rejected record and one without an id, which
        // repeats nothing): both objects are kept, so the two detections, one on each, are both matched (AP 1), where
        // pycocotools would load the second annotation twice.
        var log = new IssueLog();
        var gt = ReadGroundTruth("""
            {"images": [{"id": 1, "width": 100, "height": 80}, {"id": 2, "width": 100, "height": 80}],
             "categories": [{"id": 1, "name": "cat"}],
             "annotations": [
              {"id": 10, "image_id": 1, "category_id": 1, "bbox": [0, 0, 20, 30], "area": 600},
              {"id": 11, "image_id": 1, "category_id": 1, "bbox": [0, 0, -20, 30], "area": 600},
              {"image_id": 2, "category_id": 1, "bbox": [50, 50, 20, 30], "area": 600},
              {"id": 10, "image_id": 2, "category_id": 1, "bbox": [0, 0, 20, 30], "area": 600}]}
            """, IouType.BoundingBox, log);
        Assert.Equal(
            new[]
            {
                ("InvalidRecord", IssueSeverity.Error, 5L, "annotations[1].bbox"),
                ("DuplicateId", IssueSeverity.Warning, 7L, "annotations[3].id"),
            },
            log.Issues.Select(i => (i.Code, i.Severity, i.Line, i.Field)));
        Assert.Equal(
            "annotations[0] (line 4) has the id 10 too; both are kept, as the file gives them, but pycocotools loads annotations by id: it would read the last with id 10 in place of each, so its figures can differ on this file.",
            log.Issues[1].Message);
        Assert.Equal((3, 1), (gt.AnnotationCount, gt.SkippedAnnotations));
        var detections = CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes("""
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 20, 30], "score": 0.9},
             {"image_id": 2, "category_id": 1, "bbox": [0, 0, 20, 30], "score": 0.8},
             {"image_id": 2, "category_id": 1, "bbox": [50, 50, 20, 30], "score": 0.7}]
            """)), "dt.json", gt, IouType.BoundingBox);
        Assert.Equal(1.0, DetectionEvaluator.Evaluate(gt, detections).Stats.Ap, 12);
    }

    [Fact]
    public void RepeatedAnnotationIdsPastTheCapAreCounted()
    {
        // Ids restarting at 1 on each image, as some exporters write them: 25 repeats, 20 warned of one by one (each
        // naming the first annotation with its id) and the rest counted.
        using var folder = new TempFolder();
        var annotations = string.Join(",\n", Enumerable.Range(0, 26).Select(i => $$"""{"id": 1, "image_id": 1, "category_id": 1, "bbox": [{{i}}, 0, 5, 5], "area": 25}"""));
        var path = folder.Write("gt.json", $$"""
            {"images": [{"id": 1, "width": 100, "height": 80}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [
            {{annotations}}]}
            """);
        var log = new IssueLog();
        var gt = CocoReader.ReadGroundTruth(path, IouType.BoundingBox, log);
        Assert.Equal(26, gt.AnnotationCount);
        Assert.Equal(21, log.Issues.Count(i => i.Code == "DuplicateId"));
        Assert.Equal((4L, "annotations[1].id"), (log.Issues[0].Line, log.Issues[0].Field));
        Assert.StartsWith("annotations[0] (line 3) has the id 1 too;", log.Issues[19].Message, StringComparison.Ordinal);
        Assert.Equal("5 more 'DuplicateId' issues like those above are not listed (25 in all)", log.Issues[20].Message);
    }

    [Fact]
    public void IdsOfResultsAreNotRead_LoadResNumbersThem()
    {
        // pycocotools' loadRes gives results the ids 1, 2, … whatever the file holds: repeated ids are no issue.
        var log = new IssueLog();
        var detections = ReadDetections("""
            [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9},
             {"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}]
            """, out _, log);
        Assert.Empty(log.Issues);
        Assert.Equal(new long[] { 1, 2 }, detections.Objects.Id);
    }

    [Fact]
    public void ARepeatedImageIdStopsTheRead_NamingBothRecords()
    {
        // images[1] is rejected, so the repeat, the third image kept, is images[3] (line 5).
        var e = Assert.Throws<InputFormatException>(() => ReadGroundTruth("""
            {"images": [
              {"id": 1, "width": 100, "height": 80},
              5,
              {"id": 2},
              {"id": 1}],
             "categories": [{"id": 1, "name": "cat"}], "annotations": []}
            """));
        Assert.Equal(("DuplicateId", 5L, "images[3].id"), (e.Issue.Code, e.Issue.Line, e.Issue.Field));
        Assert.Equal("The id 1 appears twice in 'images': here and at images[0] (line 2).", e.Issue.Message);
    }

    [Fact]
    public void ARepeatedCategoryIdStopsTheRead_NamingBothRecords()
    {
        var e = Assert.Throws<InputFormatException>(() => ReadGroundTruth("""
            {"images": [{"id": 1, "width": 100, "height": 80}], "annotations": [],
             "categories": [{"id": 1, "name": "cat"},
              {"id": 1, "name": "dog"}]}
            """));
        Assert.Equal(("DuplicateId", 3L, "categories[1].id"), (e.Issue.Code, e.Issue.Line, e.Issue.Field));
        Assert.Equal("The id 1 appears twice in 'categories': here and at categories[0] (line 2).", e.Issue.Message);
    }

    [Fact]
    public void SizesWrittenAsFloatsAreTheirWholeNumbers()
    {
        // Exporters that write every number as a float give "width": 100.0 and an RLE "size": [80.0, 100.0]; these were
        // rejected as not whole numbers, which left the image out and made every detection on it an unknown image.
        var log = new IssueLog();
        var gt = ReadGroundTruth("""
            {"images": [{"id": 1.0, "width": 100.0, "height": 8e1}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "area": 4, "segmentation": {"size": [80.0, 100.0], "counts": [0, 4, 7996]}}]}
            """, IouType.Segmentation, log);
        Assert.Empty(log.Issues);
        Assert.Equal(new CocoImage(1, 100, 80, string.Empty), Assert.Single(gt.Images));
        Assert.Equal((1, 0), (gt.AnnotationCount, gt.SkippedAnnotations));
    }

    [Fact]
    public void MissingAreaFallsBackToTheBoxWithAWarning()
    {
        var log = new IssueLog();
        var gt = ReadGroundTruth("""
            {"images": [{"id": 1, "width": 100, "height": 80}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 20, 30]}]}
            """, IouType.BoundingBox, log);
        Assert.Equal(("MissingArea", IssueSeverity.Warning, 2L, "annotations[0].area"), (log.Issues[0].Code, log.Issues[0].Severity, log.Issues[0].Line, log.Issues[0].Field));
        Assert.Equal(1, gt.AnnotationCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AMaskWithoutAreaIsSizedByTheMask_AndWithoutABoxGetsTheMasksBox(bool withBox)
    {
        // The mask is columns 0 and 99 of a 100 × 100 image (column-major runs 0, 100, 9800, 100): 200 pixels, a small
        // object (< 32²), in a box [0, 0, 100, 100] whose 10,000 would make it large (> 96²). COCO's area is the mask's.
        var box = withBox ? "\"bbox\": [0, 0, 100, 100], " : string.Empty;
        var log = new IssueLog();
        var gt = ReadGroundTruth($$$"""
            {"images": [{"id": 1, "width": 100, "height": 100}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, {{{box}}}"segmentation": {"size": [100, 100], "counts": [0, 100, 9800, 100]}}]}
            """, IouType.Segmentation, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("MissingArea", IssueSeverity.Warning, "annotations[0].area", "missing; using the mask's area."), (issue.Code, issue.Severity, issue.Field, issue.Message));
        Assert.Equal(new double[] { 200 }, gt.Annotations.Area);
        Assert.Equal(new double[] { 0, 0, 100, 100 }, gt.Annotations.Boxes);

        // A result of the same mask finds it: AP and AR 1 over all and small objects; no object is medium or large, so
        // those are undefined (-1). Sized by its box, the object was large: APs -1, APl 1.
        var detections = CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes("""
            [{"image_id": 1, "category_id": 1, "score": 0.9, "segmentation": {"size": [100, 100], "counts": [0, 100, 9800, 100]}}]
            """)), "dt.json", gt, IouType.Segmentation);
        var stats = DetectionEvaluator.Evaluate(gt, detections, CocoParams.Default(IouType.Segmentation)).Stats.ToArray();
        // A mean over 101 recall thresholds of 1 is 1 to rounding.
        Assert.Equal(new double[] { 1, 1, 1, 1, -1, -1, 1, 1, 1, 1, -1, -1 }, stats.Select(s => Math.Round(s, 12)));
    }

    [Fact]
    public void GzipAndTinyReadWindowsGiveTheSameEvaluation()
    {
        var directory = CocoParityTests.CaseDirectory("edge_mix");
        var plain = CocoParityTests.Evaluate("edge_mix", out _);

        var gzipped = Path.Combine(Path.GetTempPath(), $"automl-eval-{Guid.NewGuid():N}.json.gz");
        try
        {
            using (var output = new GZipStream(File.Create(gzipped), CompressionLevel.Fastest))
            {
                var bytes = File.ReadAllBytes(Path.Combine(directory, "dt.json"));
                output.Write(bytes, 0, bytes.Length);
            }
            // A 16-byte initial window makes every record straddle a refill.
            using var gtStream = File.OpenRead(Path.Combine(directory, "gt.json"));
            var gt = CocoReader.ReadGroundTruth(gtStream, "gt.json", IouType.BoundingBox, null, bufferSize: 16);
            var dt = CocoReader.ReadDetections(gzipped, gt, IouType.BoundingBox);
            Assert.Equal(plain.Stats, DetectionEvaluator.Evaluate(gt, dt).Stats);
            using var dtStream = File.OpenRead(Path.Combine(directory, "dt.json"));
            var small = CocoReader.ReadDetections(dtStream, "dt.json", gt, IouType.BoundingBox, null, bufferSize: 16);
            Assert.Equal(plain.Precision, DetectionEvaluator.Evaluate(gt, small).Precision);
        }
        finally
        {
            File.Delete(gzipped);
        }
    }

    [Fact]
    public void RecordsParsedInPlaceOrAfterARefillGiveTheSameObjectsAndIssues()
    {
        // A record whole in the read window is parsed straight from it; one the window cuts, or a bad one, is parsed
        // again, checked whole first (ChunkedJsonReader.Tentative). Every window size must give what one window
        // holding the whole file gives: each bad record reported once, with its own index, and the same objects (a
        // string in a field the reader skips is not decoded, so its lone surrogate is no error).
        var records = new[]
        {
            """{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9}""",
            """{"image_id": "one", "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""",
            """{"image_\u0069d": 1, /* a comment */ "category_id": 1, "bbox": [1.25, 2.5, 3, 4e0], "score": 0.123456789}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 1e999}""",
            """[1, 2]""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.25, "note": {"deep": [[["\udc00"]]]}}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.75, "note": "\udc00"}""",
        };
        var json = "[" + string.Join(",\n", records) + "]";
        string Read(int window)
        {
            var log = new IssueLog();
            var gt = ReadGroundTruth(GroundTruth);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
            var detections = CocoReader.ReadDetections(stream, "dt.json", gt, IouType.BoundingBox, log, window);
            return string.Join("\n", log.Issues.Select(i => $"{i.Field}: {i.Message}"))
                + "\n" + string.Join(" ", detections.Objects.Score.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
                + "\n" + string.Join(" ", detections.Objects.Boxes.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var whole = Read(1 << 20);
        Assert.Equal(
            """
            [1].image_id: expected a whole-number id, got the string "one"; the record is skipped.
            [3].score: is not a finite number; the record is skipped.
            [4]: expected an object, got an array; the record is skipped.
            0.9 0.123456789 0.25 0.75
            10 10 20 20 1.25 2.5 3 4 0 0 5 5 0 0 5 5
            """.ReplaceLineEndings("\n"),
            whole);
        for (int window = 16; window < json.Length + 16; window += 5) Assert.Equal(whole, Read(window));

        // A record with a bad id before broken syntax: the syntax error ends the read, and the id is not reported.
        var broken = "[" + records[0] + """, {"image_id": "one", "category_id": 1, "bbox": [0, 0, 5, 5], "x": [1, 2}]""";
        foreach (var window in new[] { 16, 40, 1 << 20 })
        {
            var log = new IssueLog();
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(broken));
            var error = Assert.Throws<InputFormatException>(() => CocoReader.ReadDetections(stream, "dt.json", ReadGroundTruth(GroundTruth), IouType.BoundingBox, log, window));
            Assert.Equal("InvalidJson", error.Issue.Code);
            Assert.Empty(log.Issues);
        }
    }

    [Fact]
    public void PlainRecordsReadAsTheReaderReadsThem()
    {
        // A record after the first in {"image_id", "category_id", "bbox", "score"} order is read by the plain scanner
        // (ChunkedJsonReader.PlainParser), on one line or one a line; a comment before each record leaves every one to
        // Utf8JsonReader. All must give the same objects, bit for bit, and the same issues: the scanner declines whatever
        // is not plain.
        var random = new Random(13);
        string Number() => random.Next(9) switch
        {
            0 => random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => "0." + random.NextInt64(1, 1_000_000_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => "0.0" + random.Next(1, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            3 => random.Next(1000) + "." + random.Next(100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
            4 => random.Next(1, 9) + "." + random.Next(10) + "e" + random.Next(-5, 5),
            5 => "0.12345678901234567890123",
            6 => "0." + random.Next(10),
            7 => (random.NextDouble() * 500).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => "0",
        };
        string Plain() => $$"""{"image_id": 1, "category_id": 1, "bbox": [{{Number()}}, {{Number()}}, {{Number()}}, {{Number()}}], "score": {{Number()}}}""";
        var declined = new[]
        {
            """{"image_id": "1", "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""",
            """{"image_id": 1.0, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""",
            """{"image_id": 12345678901234567890, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""",
            """{"image_id": 9223372036854775807, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""",
            """{"image_id": -1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""",
            """{"category_id": 1, "image_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5, "extra": [1]}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, -1e-9, 5], "score": 0.5}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5, 5], "score": 0.5}""",
            """{"image_id": 1, "category_id": 1, "bbox": [], "score": 0.5}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 1e999}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": "0.5"}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "sc\u006fre": 0.25}""",
            """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "score": 0.5 /* a comment */}""",
            """{ "image_id" :1,"category_id"	: 1 ,"bbox":[ 0,0 ,5, 5 ] , "score" :0.5 }""",
            """{"image_id": 1, "category_id": 1, "bbox": [-0.0, 0, 5, 5], "score": -0.5}""",
        };
        var records = Enumerable.Range(0, 300).Select(_ => Plain()).Concat(declined).OrderBy(_ => random.Next()).ToArray();
        string Read(string separator, int window)
        {
            var log = new IssueLog();
            var gt = ReadGroundTruth(GroundTruth);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes("[" + string.Join(separator, records) + "]"));
            var detections = CocoReader.ReadDetections(stream, "dt.json", gt, IouType.BoundingBox, log, window).Objects;
            return string.Join("\n", log.Issues.Select(i => $"{i.Code} {i.Field}: {i.Message}"))
                + "\n" + string.Join(" ", detections.Score.Concat(detections.Boxes).Select(v => BitConverter.DoubleToInt64Bits(v).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                + "\n" + string.Join(" ", detections.Image.Concat(detections.Category).Concat(detections.Id.Select(v => (int)v)));
        }

        var byReader = Read(",/* */\n", 1 << 20);
        // Of the declined: a quoted id, an id beyond a long, a negative width, 5 numbers, an empty box, 1e999 and a quoted
        // score are errors; ids 9223372036854775807 and -1 are unknown images.
        Assert.Equal((7, 2), (Count(byReader, "InvalidRecord "), Count(byReader, "UnknownImage ")));
        foreach (var separator in new[] { ", ", ",\n", "\n,", ",\r\n\n  " })
        {
            foreach (var window in new[] { 1 << 20, 100, 16 }) Assert.Equal(byReader, Read(separator, window));
        }
    }

    [Theory]
    [InlineData(" ", ", ", ", ")]
    [InlineData("\n", ", ", ", ")]
    [InlineData("\n", "\n", "\n")]
    [InlineData("\n", "\r\n\n  ", " ")]
    [InlineData(" /* the reader's */ ", "\n", " ")]
    [InlineData("\n /* the reader's */ ", " ", "\n")]
    public void BrokenJsonAfterPlainRecordsNamesItsLineAndByte(string first, string second, string third)
    {
        // Plain records are taken without Utf8JsonReader, which numbers lines and counts the bytes of a line for its
        // message: the line and byte named are those System.Text.Json names reading the whole text itself, whether the
        // scanner took line ends or not, and whether the reader read part of the line (a comment it skips) or not.
        const string Plain = """{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9}""";
        var json = "[" + Plain + "," + first + Plain + "," + second + Plain + "," + third + Plain + """, {"image_id": 1, "category_id": 1,, "score": 0.5}]""";
        var expected = Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip }));
        var e = Assert.Throws<InputFormatException>(() => ReadDetections(json, out _));
        Assert.Equal(("InvalidJson", expected.LineNumber + 1), (e.Issue.Code, (long?)e.Issue.Line));
        Assert.Contains($"(byte {expected.BytePositionInLine + 1}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPairEqualsReadingOneAfterTheOther()
    {
        var directory = CocoParityTests.CaseDirectory("random_bbox");
        var (gt, dt) = CocoReader.ReadPair(Path.Combine(directory, "gt.json"), Path.Combine(directory, "dt.json"), IouType.BoundingBox);
        Assert.Equal(CocoParityTests.Evaluate("random_bbox", out _).Stats, DetectionEvaluator.Evaluate(gt, dt).Stats);
    }

    [Fact]
    public void ReadPairReportsTheGroundTruthsIssuesThenTheResults_EachInOrder()
    {
        // The two files are read on two threads: the results' bad record (their first) is found long before the ground
        // truth's (its last annotation, after 50,000 images) when the results' reader gets a thread at once (in xunit the
        // pool may be busy; StopAndProgress.Tests.ps1 checks it in pwsh, where it is not), yet comes out after it.
        using var folder = new TempFolder();
        var images = string.Join(",\n", Enumerable.Range(1, 50_000).Select(i => $"{{\"id\": {i}, \"width\": 100, \"height\": 80}}"));
        var gt = folder.Write("gt.json", $$"""
            {"images": [{{images}}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400},
                             {"id": 2, "image_id": 1, "category_id": 1, "bbox": [10, 10, -20, 20], "area": 400}]}
            """);
        var dt = folder.Write("dt.json", """
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 5], "score": 0.5},
             {"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9},
             {"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20]}]
            """);
        var log = new IssueLog();
        CocoReader.ReadPair(gt, dt, IouType.BoundingBox, log);
        Assert.Equal(new[] { ("gt.json", "annotations[1].bbox"), ("dt.json", "[0].bbox"), ("dt.json", "[2].score") }, log.Issues.Select(i => (Path.GetFileName(i.Source), i.Field)));
    }

    [Fact]
    public void Mask_errors_found_once_the_images_are_read_are_written_in_line_order_among_the_records_own()
    {
        // Line 3's polygon is on an image without a size, line 1's RLE is 20 × 20 on a 10 × 10 image: both are found on
        // resolving, after the read found line 4's and line 2's polygons of an odd count of numbers. Before: lines 4, 3, then 2, 1.
        using var folder = new TempFolder();
        var gt = folder.Write("gt.json", """
            {"images": [{"id": 1, "width": 10, "height": 10}, {"id": 2}], "categories": [{"id": 1, "name": "cat"}],
             "annotations": [
              {"id": 1, "image_id": 2, "category_id": 1, "segmentation": [[0, 0, 5, 0, 5, 5]], "area": 12},
              {"id": 2, "image_id": 1, "category_id": 1, "segmentation": [[0, 0, 5, 0, 5]], "area": 12},
              {"id": 3, "image_id": 1, "category_id": 1, "segmentation": [[0, 0, 5, 0, 5, 5]], "area": 12}]}
            """);
        var dt = folder.Write("dt.json", """
            [{"image_id": 1, "category_id": 1, "segmentation": {"size": [20, 20], "counts": [0, 400]}, "score": 0.8},
             {"image_id": 1, "category_id": 1, "segmentation": [[0, 0, 5, 0, 5]], "score": 0.9}]
            """);
        var log = new IssueLog();

        CocoReader.ReadPair(gt, dt, IouType.Segmentation, log);

        Assert.Equal(
            new[] { ("gt.json", 3L, "annotations[0].segmentation"), ("gt.json", 4L, "annotations[1].segmentation[0]"), ("dt.json", 1L, "[0].segmentation.size"), ("dt.json", 2L, "[1].segmentation[0]") },
            log.Issues.Select(i => (Path.GetFileName(i.Source), i.Line, i.Field)));
    }

    [Fact]
    public void ImageOrderInTheResultsFileDoesNotMatter()
    {
        // pycocotools visits images in ascending id order, so moving whole images around in dt.json changes nothing
        // (the order within an image and category, which breaks score ties, is kept).
        var directory = CocoParityTests.CaseDirectory("edge_mix");
        var records = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "dt.json"))).RootElement.EnumerateArray()
            .Select(e => (Image: e.GetProperty("image_id").GetInt64(), Text: e.GetRawText()))
            .ToArray();
        var reordered = "[" + string.Join(",", records.GroupBy(r => r.Image).OrderByDescending(g => g.Key).SelectMany(g => g).Select(r => r.Text)) + "]";
        using var gtStream = File.OpenRead(Path.Combine(directory, "gt.json"));
        var gt = CocoReader.ReadGroundTruth(gtStream, "gt.json", IouType.BoundingBox);
        var dt = CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes(reordered)), "dt.json", gt, IouType.BoundingBox);
        Assert.Equal(CocoParityTests.Evaluate("edge_mix", out _).Precision, DetectionEvaluator.Evaluate(gt, dt).Precision);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static CocoGroundTruth ReadGroundTruth(string json, IouType iouType = IouType.BoundingBox, IIssueSink? sink = null) =>
        CocoReader.ReadGroundTruth(new MemoryStream(Encoding.UTF8.GetBytes(json)), "gt.json", iouType, sink);

    private static CocoDetections ReadDetections(string json, out CocoGroundTruth gt, IIssueSink? sink = null)
    {
        gt = ReadGroundTruth(GroundTruth);
        return CocoReader.ReadDetections(new MemoryStream(Encoding.UTF8.GetBytes(json)), "dt.json", gt, IouType.BoundingBox, sink);
    }
}
