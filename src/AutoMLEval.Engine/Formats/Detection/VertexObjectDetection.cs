using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Detection;

/// <summary>
/// Vertex AI object-detection files turned into the COCO model the evaluator works on:
/// <list type="bullet">
/// <item>import JSONL: <c>{"imageGcsUri": ..., "boundingBoxAnnotations": [{"displayName", "xMin", "yMin", "xMax", "yMax"}]}</c>;</item>
/// <item>import CSV: <c>[ML_USE,]PATH,LABEL,X_MIN,Y_MIN,,,X_MAX,Y_MAX,,</c> or four vertices <c>X1,Y1,X2,Y2,X3,Y3,X4,Y4</c>;</item>
/// <item>batch-prediction JSONL: <c>{"instance": {"content": PATH}, "prediction": {"displayNames", "confidences", "bboxes"}}</c>,
/// each box <b>[xMin, xMax, yMin, yMax]</b> (not the import order).</item>
/// </list>
/// Coordinates are normalised to [0, 1]. Images are identified by their path; categories by display name (ids 1…n in
/// name order). Pixel sizes come from the image headers when <c>imageDirectory</c> holds the files (looked up by file
/// name); without them boxes stay normalised — IoU does not change under scaling, so every metric except the
/// small/medium/large ones is exact, and <see cref="CocoGroundTruth.HasImageSizes"/> is false.
/// </summary>
public static class VertexObjectDetection
{
    private static readonly string[] MlUses = { "TRAINING", "TRAIN", "VALIDATION", "TEST", "UNASSIGNED" };
    private static readonly char[] PathSeparators = { '/', '\\' };

    /// <summary>Reads an import file (JSONL, or CSV when the name ends in .csv); reading reports to <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled.</summary>
    public static CocoGroundTruth ReadImport(string path, string? imageDirectory = null, IIssueSink? sink = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        sink ??= new IssueLog();
        var boxes = new List<(string Image, string Label, double XMin, double YMin, double XMax, double YMax)>();
        var images = new List<string>();
        var lines = InputFile.ReadLines(path, progress, cancellationToken);
        int invalid = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadImportCsv(path, lines, boxes, images, sink) : ReadImportJsonl(path, lines, boxes, images, sink);

        var labels = boxes.Select(b => b.Label).Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var categories = labels.Select((l, i) => new CocoCategory(i + 1, l, string.Empty)).ToArray();
        var cocoImages = images.Select((uri, i) => ImageOf(uri, i + 1, imageDirectory)).ToArray();
        var imageIndex = images.Select((uri, i) => (uri, i)).ToDictionary(p => p.uri, p => p.i, StringComparer.Ordinal);
        var categoryIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var objects = ToObjects(boxes.Select(b => (imageIndex[b.Image], categoryIndex[b.Label], b.XMin, b.YMin, b.XMax, b.YMax, 0.0)).ToList(), cocoImages, (long)0);
        return new CocoGroundTruth(path, cocoImages, categories, objects, invalid);
    }

    /// <summary>Reads a batch-prediction JSONL file against the ground truth its paths and display names refer to; reading reports to <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled.</summary>
    public static CocoDetections ReadBatchPredictions(string path, CocoGroundTruth groundTruth, IIssueSink? sink = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        sink ??= new IssueLog();
        var imageIndex = groundTruth.Images.Select((img, i) => (img.FileName, i)).ToDictionary(p => p.FileName, p => p.i, StringComparer.Ordinal);
        var categoryIndex = groundTruth.Categories.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var detections = new List<(int, int, double, double, double, double, double)>();
        int invalid = 0, unknownImage = 0, unknownCategory = 0;
        ForEachJsonLine(path, InputFile.ReadLines(path, progress, cancellationToken), sink, (root, line) =>
        {
            var image = Text(root, "instance", "content") ?? throw new FormatException("missing instance.content (the image path)");
            if (!root.TryGetProperty("prediction", out var prediction)) throw new FormatException("missing prediction");
            var names = Array(prediction, "displayNames");
            var confidences = Array(prediction, "confidences");
            var bboxes = Array(prediction, "bboxes");
            if (names.Length != confidences.Length || names.Length != bboxes.Length) throw new FormatException("displayNames, confidences and bboxes differ in length");
            if (!imageIndex.TryGetValue(image, out var imageAt))
            {
                unknownImage += names.Length;
                sink.Report(new DataIssue("UnknownImage", IssueSeverity.Warning, path, line, "instance.content", $"image '{image}' is not in the ground truth; its {names.Length} detections are left out."));
                return;
            }
            for (int i = 0; i < names.Length; i++)
            {
                var box = bboxes[i].EnumerateArray().Select(v => v.GetDouble()).ToArray();
                if (box.Length != 4 || box.Any(v => double.IsNaN(v)) || box[1] < box[0] || box[3] < box[2])
                {
                    invalid++;
                    sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, $"prediction.bboxes[{i}]", "expected [xMin, xMax, yMin, yMax] with xMin ≤ xMax and yMin ≤ yMax; the detection is skipped."));
                    continue;
                }
                var name = names[i].GetString() ?? string.Empty;
                if (!categoryIndex.TryGetValue(name, out var categoryAt))
                {
                    unknownCategory++;
                    sink.Report(new DataIssue("UnknownCategory", IssueSeverity.Warning, path, line, $"prediction.displayNames[{i}]", $"label '{name}' is not in the ground truth; the detection is left out."));
                    continue;
                }
                // Batch prediction boxes are [xMin, xMax, yMin, yMax].
                detections.Add((imageAt, categoryAt, box[0], box[2], box[1], box[3], confidences[i].GetDouble()));
            }
        }, () => invalid++);
        var objects = ToObjects(detections, groundTruth.Images, 1);
        return new CocoDetections(path, objects, firstHasBox: true, unknownImage, unknownCategory, invalid);
    }

    private static int ReadImportJsonl(string path, IEnumerable<string> lines, List<(string, string, double, double, double, double)> boxes, List<string> images, IIssueSink sink)
    {
        int invalid = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ForEachJsonLine(path, lines, sink, (root, line) =>
        {
            var image = Text(root, "imageGcsUri") ?? throw new FormatException("missing imageGcsUri");
            var parsed = new List<(string, string, double, double, double, double)>();
            if (root.TryGetProperty("boundingBoxAnnotations", out var annotations))
            {
                foreach (var a in annotations.EnumerateArray())
                {
                    var label = Text(a, "displayName") ?? throw new FormatException("a bounding box has no displayName");
                    double Coordinate(string name) => a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
                        ? v.GetDouble()
                        : throw new FormatException($"boundingBoxAnnotations: '{name}' is missing or not a number");
                    double xMin = Coordinate("xMin"), yMin = Coordinate("yMin"), xMax = Coordinate("xMax"), yMax = Coordinate("yMax");
                    if (xMax < xMin || yMax < yMin) throw new FormatException("boundingBoxAnnotations: xMax < xMin or yMax < yMin");
                    parsed.Add((image, label, xMin, yMin, xMax, yMax));
                }
            }
            if (seen.Add(image)) images.Add(image);
            boxes.AddRange(parsed);
        }, () => invalid++);
        return invalid;
    }

    private static int ReadImportCsv(string path, IEnumerable<string> lines, List<(string, string, double, double, double, double)> boxes, List<string> images, IIssueSink sink)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long line = 0;
        int invalid = 0;
        foreach (var text in lines)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            var cells = text.Split(',').Select(c => c.Trim().Trim('"')).ToList();
            if (MlUses.Contains(cells[0].ToUpperInvariant())) cells.RemoveAt(0);
            if (cells.Count < 2 || cells[0].Length == 0)
            {
                sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, "PATH", "expected [ML_USE,]PATH,LABEL,coordinates; the row is skipped."));
                invalid++;
                continue;
            }
            var image = cells[0];
            if (seen.Add(image)) images.Add(image);
            // An image listed without a label has no objects.
            if (cells[1].Length == 0) continue;
            var numbers = new List<double>();
            bool ok = true;
            foreach (var cell in cells.Skip(2).Where(c => c.Length > 0))
            {
                ok &= double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= 1;
                numbers.Add(v);
            }
            // Two vertices (X_MIN,Y_MIN,,,X_MAX,Y_MAX,,) or four (X1,Y1,...,X4,Y4).
            if (!ok || (numbers.Count != 4 && numbers.Count != 8))
            {
                sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, "X_MIN",
                    "expected two vertices (X_MIN,Y_MIN,,,X_MAX,Y_MAX,,) or four, as numbers in [0, 1]; the row is skipped."));
                invalid++;
                continue;
            }
            var xs = numbers.Where((_, i) => i % 2 == 0).ToArray();
            var ys = numbers.Where((_, i) => i % 2 == 1).ToArray();
            boxes.Add((image, cells[1], xs.Min(), ys.Min(), xs.Max(), ys.Max()));
        }
        return invalid;
    }

    private static void ForEachJsonLine(string path, IEnumerable<string> lines, IIssueSink sink, Action<JsonElement, long> handle, Action onInvalid)
    {
        long line = 0;
        foreach (var text in lines)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            try
            {
                using var document = JsonDocument.Parse(text);
                handle(document.RootElement, line);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                onInvalid();
                sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, string.Empty, e.Message + "; the line is skipped."));
            }
        }
    }

    private static string? Text(JsonElement element, params string[] pathParts)
    {
        foreach (var part in pathParts)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static JsonElement[] Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToArray()
            : throw new FormatException($"prediction.{name} is missing or not an array");

    private static CocoImage ImageOf(string uri, long id, string? imageDirectory)
    {
        var name = uri.Substring(uri.LastIndexOfAny(PathSeparators) + 1);
        var local = imageDirectory is null ? null : Path.Combine(imageDirectory, name);
        var size = local is not null && File.Exists(local) ? ImageHeader.ReadSize(local) : null;
        return new CocoImage(id, size?.Width ?? 0, size?.Height ?? 0, uri);
    }

    // Normalised corners → COCO [x, y, w, h] in pixels when the image size is known, otherwise normalised.
    private static CocoObjects ToObjects(List<(int Image, int Category, double XMin, double YMin, double XMax, double YMax, double Score)> items, IReadOnlyList<CocoImage> images, long firstId)
    {
        int n = items.Count;
        var boxes = new double[n * 4];
        var area = new double[n];
        for (int i = 0; i < n; i++)
        {
            var (image, _, xMin, yMin, xMax, yMax, _) = items[i];
            double sx = images[image].Width > 0 ? images[image].Width : 1, sy = images[image].Height > 0 ? images[image].Height : 1;
            boxes[i * 4] = xMin * sx;
            boxes[i * 4 + 1] = yMin * sy;
            boxes[i * 4 + 2] = (xMax - xMin) * sx;
            boxes[i * 4 + 3] = (yMax - yMin) * sy;
            area[i] = boxes[i * 4 + 2] * boxes[i * 4 + 3];
        }
        return new CocoObjects(
            items.Select(t => t.Image).ToArray(), items.Select(t => t.Category).ToArray(), boxes, area,
            items.Select(t => t.Score).ToArray(), new bool[n], Enumerable.Range(0, n).Select(i => firstId + i).ToArray(), new CocoSegmentation?[n]);
    }
}
