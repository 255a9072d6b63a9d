using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>
/// Detection predictions given as a folder or wildcard pattern of shards (issue 17): read as one set, in ordinal order of
/// the paths, the set evaluates exactly as the files concatenated (every figure and count evaluate prints).
/// </summary>
public sealed class DetectionShardsTests
{
    [Theory]
    [InlineData("random_bbox", IouType.BoundingBox)]
    [InlineData("segm_polygons", IouType.Segmentation)]
    [InlineData("segm_polygons_nobbox", IouType.Segmentation)]
    public void Coco_results_split_by_element_evaluate_as_the_whole_file_through_a_glob_and_a_folder(string name, IouType iouType)
    {
        using var folder = new TempFolder();
        var detections = Detections(name);
        // An unknown image in the first and last thirds and an unknown category in the middle: their counts are summed.
        var template = detections[0]!;
        detections.Insert(1, WithId(template, "image_id", 987654));
        detections.Insert(detections.Count / 2, WithId(template, "category_id", 987654));
        detections.Add(WithId(template, "image_id", 987655));
        var whole = folder.Write("whole.json", ResultsList(detections));
        // Three files of consecutive elements: an image's detections are spread over several of them.
        WriteThirds(folder, detections, k => $"shards/part-{k}.json", ResultsList);
        var groundTruth = Path.Combine(CocoParityTests.CaseDirectory(name), "gt.json");

        var expected = DetectionInputs.Evaluate(groundTruth, whole, iouType, null, new IssueLog());
        var globbed = DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "shards", "part-*.json"), iouType, null, new IssueLog());
        var fromFolder = DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "shards"), iouType, null, new IssueLog());

        Assert.True(expected.Stats.Ap > 0);
        Assert.Equal((2, 1), (expected.Counts.DetectionsUnknownImage, expected.Counts.DetectionsUnknownCategory));
        Assert.Equal(expected.Counts, globbed.Counts);
        Assert.Equal(PartialDetectionTests.Json(expected), PartialDetectionTests.Json(globbed));
        Assert.Equal(PartialDetectionTests.Json(expected), PartialDetectionTests.Json(fromFolder));
    }

    [Fact]
    public void An_empty_file_among_the_shards_is_no_AP_0_warning_while_an_empty_set_is()
    {
        // random_bbox in two files with an empty list between them: the set's AP is the whole file's, not 0.
        using var folder = new TempFolder();
        var detections = Detections("random_bbox");
        var groundTruth = Path.Combine(CocoParityTests.CaseDirectory("random_bbox"), "gt.json");
        folder.Write("shards/part-0.json", ResultsList(detections.Take(detections.Count / 2).ToList()));
        folder.Write("shards/part-1.json", "[]");
        folder.Write("shards/part-2.json", ResultsList(detections.Skip(detections.Count / 2).ToList()));
        folder.Write("empty/part-0.json", "[]");
        folder.Write("empty/part-1.json", "[]");
        var log = new IssueLog();

        var evaluation = DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "shards"), IouType.BoundingBox, null, log);

        Assert.True(evaluation.Stats.Ap > 0);
        Assert.DoesNotContain(log.Issues, i => i.Code == "NoDetections");
        var empty = new IssueLog();
        DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "empty"), IouType.BoundingBox, null, empty);
        var warning = Assert.Single(empty.Issues, i => i.Code == "NoDetections");
        Assert.Equal(Path.Combine(folder.Root, "empty"), warning.Source);
    }

    [Fact]
    public void How_areas_are_taken_is_decided_by_the_first_detection_of_all_files()
    {
        using var folder = new TempFolder();
        var detections = Detections("segm_polygons");
        // The first detection has a box, so (pycocotools' loadRes) every detection's area is its box's w·h: the first of
        // the second file, without its box, has its mask's box and is kept, as it is in the whole file; read alone, that
        // file would take its areas from the masks.
        var firstOfSecondFile = detections[detections.Count / 3]!.AsObject();
        Assert.True(firstOfSecondFile.Remove("bbox"));
        var whole = folder.Write("whole.json", ResultsList(detections));
        WriteThirds(folder, detections, k => $"part-{k}.json", ResultsList);
        var groundTruth = Path.Combine(CocoParityTests.CaseDirectory("segm_polygons"), "gt.json");

        var expected = DetectionInputs.Evaluate(groundTruth, whole, IouType.Segmentation, null, new IssueLog());
        var globbed = DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "part-*.json"), IouType.Segmentation, null, new IssueLog());

        Assert.Equal(0, expected.Counts.DetectionsInvalid);
        Assert.True(expected.Detections.FirstHasBox);
        Assert.Equal(PartialDetectionTests.Json(expected), PartialDetectionTests.Json(globbed));
    }

    [Fact]
    public void Vertex_prediction_lines_split_over_files_evaluate_as_the_whole_file_through_a_glob_and_a_folder()
    {
        using var folder = new TempFolder();
        var (import, lines) = VertexCase();
        var groundTruth = folder.Write("import.csv", import);
        var whole = folder.Write("predictions.jsonl", string.Join("\n", lines) + "\n");
        WriteThirds(folder, lines, k => $"shards/predictions.results-0000{k}-of-00003.jsonl", items => string.Join("\n", items) + "\n");

        var expected = DetectionInputs.Evaluate(groundTruth, whole, IouType.BoundingBox, null, new IssueLog());
        var log = new IssueLog();
        var globbed = DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "shards", "predictions.results-*.jsonl"), IouType.BoundingBox, null, log);
        var fromFolder = DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "shards"), IouType.BoundingBox, null, new IssueLog());

        Assert.True(expected.Stats.Ap > 0);
        // VertexCase: 2 detections on an unknown image, 1 of an unknown label, 3 on the validation image; the first line
        // of the last third repeats image 0 (skipped, as within one file).
        Assert.Equal((2, 1, 3, 1), (expected.Counts.DetectionsUnknownImage, expected.Counts.DetectionsUnknownCategory, expected.Counts.DetectionsOtherSplit, expected.Counts.DetectionsInvalid));
        Assert.Equal(expected.Counts, globbed.Counts);
        Assert.Equal(PartialDetectionTests.Json(expected), PartialDetectionTests.Json(globbed));
        Assert.Equal(PartialDetectionTests.Json(expected), PartialDetectionTests.Json(fromFolder));
        var repeat = Assert.Single(log.Issues, i => i.Message.Contains("already predicted", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(folder.Root, "shards", "predictions.results-00002-of-00003.jsonl"), repeat.Source);
        Assert.Contains("on line 1 of " + Path.Combine(folder.Root, "shards", "predictions.results-00000-of-00003.jsonl"), repeat.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_coco_record_in_the_second_file_is_reported_with_that_file_and_element()
    {
        using var folder = new TempFolder();
        folder.Write("part-0.json", """[{"image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 100], "score": 0.9}]""");
        var second = folder.Write("part-1.json", """[{"image_id": 2, "category_id": 1, "bbox": [50, 50, 80, 40], "score": 0.85}, {"image_id": 1, "category_id": 2, "bbox": "wide", "score": 0.5}]""");
        var log = new IssueLog();

        var evaluation = DetectionInputs.Evaluate(Path.Combine(CocoParityTests.CaseDirectory("tiny_bbox"), "gt.json"), Path.Combine(folder.Root, "part-*.json"), IouType.BoundingBox, null, log);

        var issue = Assert.Single(log.Issues, i => i.Code == "InvalidRecord");
        Assert.Equal((second, "[1].bbox"), (issue.Source, issue.Field));
        Assert.Equal((2, 1), (evaluation.Counts.Detections, evaluation.Counts.DetectionsInvalid));
    }

    [Fact]
    public void A_bad_vertex_line_in_the_second_file_is_reported_with_that_file_and_line()
    {
        using var folder = new TempFolder();
        var (import, lines) = VertexCase();
        var groundTruth = folder.Write("import.csv", import);
        folder.Write("p-0.jsonl", lines[0] + "\n" + lines[1] + "\n");
        var second = folder.Write("p-1.jsonl", lines[2] + "\n{\"instance\": {\"content\": \"gs://b/x.png\"}, \"prediction\": \n");
        var log = new IssueLog();

        var evaluation = DetectionInputs.Evaluate(groundTruth, Path.Combine(folder.Root, "p-*.jsonl"), IouType.BoundingBox, null, log);

        var issue = Assert.Single(log.Issues, i => i.Code == "InvalidJson");
        Assert.Equal((second, 2L), (issue.Source, issue.Line));
        Assert.Equal(1, evaluation.Counts.DetectionsInvalid);
    }

    [Fact]
    public void A_folder_without_prediction_files_is_an_error_naming_it()
    {
        using var folder = new TempFolder();
        folder.Write("shards/notes.txt", "not predictions");

        var e = Assert.Throws<InputFormatException>(() => DetectionInputs.Evaluate(
            Path.Combine(CocoParityTests.CaseDirectory("tiny_bbox"), "gt.json"), Path.Combine(folder.Root, "shards"), IouType.BoundingBox, null, new IssueLog()));

        Assert.Equal(("NoFiles", Path.Combine(folder.Root, "shards")), (e.Issue.Code, e.Issue.Source));
    }

    /// <summary>
    /// A Vertex AI import CSV of 9 test images and a validation image (a cat and a dog each), and prediction lines: each
    /// test image found with the boxes shifted a little, scores tied across images; an unknown image (2 detections), an
    /// unknown label, the validation image (3 detections); the line at the start of the last third predicts image 0 again.
    /// </summary>
    internal static (string Import, List<string> Lines) VertexCase()
    {
        var import = new StringBuilder();
        var lines = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            double x = 0.05 * (i % 4);
            var split = i == 9 ? "VALIDATION" : "TEST";
            import.Append(CultureInfo.InvariantCulture, $"{split},gs://b/{i}.png,cat,{x},0.1,,,{x + 0.3},0.5,,\n");
            import.Append(CultureInfo.InvariantCulture, $"{split},gs://b/{i}.png,dog,0.5,0.5,,,0.9,0.9,,\n");
            var shift = 0.02 * (i % 3);
            var catLabel = i % 5 == 0 ? "dog" : i == 3 ? "bird" : "cat";
            lines.Add(FormattableString.Invariant(
                $"{{\"instance\":{{\"content\":\"gs://b/{i}.png\"}},\"prediction\":{{\"displayNames\":[\"{catLabel}\",\"dog\",\"cat\"],\"confidences\":[{0.9 - (0.1 * (i % 3))},0.7,0.4],\"bboxes\":[[{x + shift},{x + 0.3 + shift},0.1,0.5],[0.5,{0.9 - shift},0.5,0.9],[0.0,0.1,0.8,0.95]]}}}}"));
        }
        lines.Insert(4, "{\"instance\":{\"content\":\"gs://b/unknown.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.5,0.5],\"bboxes\":[[0,1,0,1],[0,1,0,1]]}}");
        lines.Insert(8, "{\"instance\":{\"content\":\"gs://b/0.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.99],\"bboxes\":[[0,1,0,1]]}}");
        return (import.ToString(), lines);
    }

    /// <summary>Writes consecutive thirds of <paramref name="items"/> (4 + 4 + rest of 12 for the Vertex case) as three files.</summary>
    private static void WriteThirds<T>(TempFolder folder, IReadOnlyList<T> items, Func<int, string> name, Func<IEnumerable<T>, string> text)
    {
        int third = items.Count / 3;
        for (int k = 0; k < 3; k++) folder.Write(name(k), text(items.Skip(k * third).Take(k == 2 ? items.Count : third)));
    }

    private static JsonNode WithId(JsonNode detection, string field, long id)
    {
        var copy = detection.DeepClone();
        copy[field] = id;
        return copy;
    }

    /// <summary>The detections of a reference case's results file, each its own copy.</summary>
    internal static List<JsonNode> Detections(string caseName) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CocoParityTests.CaseDirectory(caseName), "dt.json")))!.AsArray().Select(d => d!.DeepClone()).ToList();

    /// <summary>A COCO results file's text: the detections as a JSON array.</summary>
    internal static string ResultsList(IEnumerable<JsonNode> detections) => new JsonArray(detections.Select(d => (JsonNode?)d.DeepClone()).ToArray()).ToJsonString();
}
