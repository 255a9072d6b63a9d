using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

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
    private static readonly char[] PathSeparators = { '/', '\\' };

    /// <summary>
    /// Reads an import file (JSONL, or CSV when the name ends in .csv), keeping the images of split
    /// <paramref name="mlUse"/> and those without a split (as Vertex AI's classification splits do); images of other
    /// splits are left out, counted, and their predictions are left out as intended rather than counted as misses.
    /// </summary>
    /// <remarks>Reading reports to <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled.</remarks>
    /// <exception cref="InputFormatException">No image is in the split.</exception>
    public static CocoGroundTruth ReadImport(
        string path, string? imageDirectory = null, IIssueSink? sink = null, string mlUse = MlUse.Test, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var capped = new CappedIssueSink(sink ?? new IssueLog());
        sink = capped;
        var split = MlUse.Normalize(mlUse) ?? throw new ArgumentException($"'{mlUse}' is not a split (training, validation, test, unassigned).", nameof(mlUse));
        var rows = new ImportRows(path, sink);
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) ReadImportCsv(path, rows, progress, cancellationToken);
        else ReadImportJsonl(path, rows, progress, cancellationToken);

        var images = rows.Images.Where(i => rows.SplitOf[i] is null || rows.SplitOf[i] == split).ToList();
        var otherSplit = new HashSet<string>(rows.Images.Where(i => rows.SplitOf[i] is not null && rows.SplitOf[i] != split), StringComparer.Ordinal);
        if (images.Count == 0)
        {
            var found = string.Join(", ", rows.Images.GroupBy(i => rows.SplitOf[i] ?? "(none)").Select(g => $"{g.Key} {g.Count()}"));
            throw new InputFormatException("EmptySplit", path, 0, "ML_USE", $"no image is in the '{split}' split (found: {found})");
        }
        var imageIndex = images.Select((uri, i) => (uri, i)).ToDictionary(p => p.uri, p => p.i, StringComparer.Ordinal);
        var boxes = rows.Boxes.Where(b => imageIndex.ContainsKey(b.Image)).ToList();
        var labels = rows.Boxes.Select(b => b.Label).Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var categories = labels.Select((l, i) => new CocoCategory(i + 1, l, string.Empty)).ToArray();
        var cocoImages = images.Select((uri, i) => ImageOf(uri, i + 1, imageDirectory)).ToArray();
        var categoryIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var objects = ToObjects(boxes.Select(b => (imageIndex[b.Image], categoryIndex[b.Label], b.XMin, b.YMin, b.XMax, b.YMax, 0.0)).ToList(), cocoImages, (long)0);
        return new CocoGroundTruth(path, cocoImages, categories, objects, rows.Invalid) { OtherSplitImages = otherSplit };
    }

    /// <summary>Reads a batch-prediction JSONL file against the ground truth its paths and display names refer to; reading reports to <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled.</summary>
    public static CocoDetections ReadBatchPredictions(string path, CocoGroundTruth groundTruth, IIssueSink? sink = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadBatchPredictions(path, groundTruth, new Dictionary<string, (string Path, long Line)>(StringComparer.Ordinal), sink, progress, cancellationToken);

    /// <summary>
    /// Reads one file of a set of batch-prediction shards: <paramref name="seenImages"/> holds where each image was
    /// predicted in the earlier files (and gains this file's), so that an image predicted again in a later file is a
    /// repeat, first prediction kept, as within one file.
    /// </summary>
    internal static CocoDetections ReadBatchPredictions(
        string path, CocoGroundTruth groundTruth, Dictionary<string, (string Path, long Line)> seenImages, IIssueSink? sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        using var capped = new CappedIssueSink(sink ?? new IssueLog());
        sink = capped;
        var imageIndex = groundTruth.Images.Select((img, i) => (img.FileName, i)).ToDictionary(p => p.FileName, p => p.i, StringComparer.Ordinal);
        var categoryIndex = groundTruth.Categories.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var detections = new List<(int, int, double, double, double, double, double)>();
        int invalid = 0, unknownImage = 0, unknownCategory = 0, otherSplit = 0;
        ForEachJsonLine(path, sink, (root, line) =>
        {
            var image = Text(root, "instance", "content") ?? throw new FormatException("missing instance.content (the image path)");
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("prediction", out var prediction)) throw new FormatException("missing prediction");
            var names = Array(prediction, "displayNames");
            var confidences = Array(prediction, "confidences");
            var bboxes = Array(prediction, "bboxes");
            if (names.Length != confidences.Length || names.Length != bboxes.Length) throw new FormatException("displayNames, confidences and bboxes differ in length");
            if (seenImages.TryGetValue(image, out var first))
            {
                var where = string.Equals(first.Path, path, StringComparison.Ordinal) ? string.Empty : " of " + first.Path;
                throw new FormatException($"image '{image}' was already predicted on line {first.Line.ToString(CultureInfo.InvariantCulture)}{where}; the first prediction is kept");
            }
            seenImages[image] = (path, line);
            if (!imageIndex.TryGetValue(image, out var imageAt))
            {
                if (groundTruth.OtherSplitImages.Contains(image))
                {
                    otherSplit += names.Length;
                    return;
                }
                unknownImage += names.Length;
                sink.Report(new DataIssue("UnknownImage", IssueSeverity.Warning, path, line, "instance.content", $"image '{image}' is not in the ground truth; its {names.Length} detections are left out."));
                return;
            }
            for (int i = 0; i < names.Length; i++)
            {
                var box = bboxes[i].ValueKind == JsonValueKind.Array ? bboxes[i].EnumerateArray().Select(Number).ToArray() : System.Array.Empty<double>();
                var confidence = Number(confidences[i]);
                if (box.Length != 4 || box.Any(v => double.IsNaN(v) || double.IsInfinity(v)) || box[1] < box[0] || box[3] < box[2])
                {
                    invalid++;
                    sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, $"prediction.bboxes[{i}]", "expected [xMin, xMax, yMin, yMax] as finite numbers with xMin ≤ xMax and yMin ≤ yMax; the detection is skipped."));
                    continue;
                }
                if (!(confidence >= 0.0 && confidence <= 1.0))
                {
                    invalid++;
                    sink.Report(new DataIssue("InvalidScore", IssueSeverity.Error, path, line, $"prediction.confidences[{i}]", "expected a number in [0, 1]; the detection is skipped."));
                    continue;
                }
                var name = names[i].ValueKind == JsonValueKind.String ? names[i].GetString() ?? string.Empty : string.Empty;
                if (!categoryIndex.TryGetValue(name, out var categoryAt))
                {
                    unknownCategory++;
                    sink.Report(new DataIssue("UnknownCategory", IssueSeverity.Warning, path, line, $"prediction.displayNames[{i}]", $"label '{name}' is not in the ground truth; the detection is left out."));
                    continue;
                }
                // Batch prediction boxes are [xMin, xMax, yMin, yMax].
                detections.Add((imageAt, categoryAt, box[0], box[2], box[1], box[3], confidence));
            }
        }, () => invalid++, progress, cancellationToken);
        if (otherSplit > 0)
        {
            sink.Report(new DataIssue("OtherSplit", IssueSeverity.Warning, path, 0, "instance.content",
                $"{otherSplit.ToString(CultureInfo.InvariantCulture)} detections are on images of other splits than the evaluated one; they are left out, as intended."));
        }
        var objects = ToObjects(detections, groundTruth.Images, 1);
        return new CocoDetections(path, objects, firstHasBox: true, unknownImage, unknownCategory, invalid) { OtherSplitCount = otherSplit };
    }

    // A JSON number as a double; anything else (or a number beyond double's range) is NaN, which the callers reject.
    private static double Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : double.NaN;

    /// <summary>An import file's boxes, images in file order, and each image's split, as read.</summary>
    private sealed class ImportRows
    {
        public ImportRows(string path, IIssueSink sink)
        {
            Path = path;
            Sink = sink;
        }

        public string Path { get; }

        public IIssueSink Sink { get; }

        public List<(string Image, string Label, double XMin, double YMin, double XMax, double YMax)> Boxes { get; } = new();

        public List<string> Images { get; } = new();

        public Dictionary<string, string?> SplitOf { get; } = new(StringComparer.Ordinal);

        public int Invalid { get; set; }

        /// <summary>Records an image's row; false (reported) when the image was listed before under another split.</summary>
        public bool AddImage(string image, string? split, long line)
        {
            if (!SplitOf.TryGetValue(image, out var known))
            {
                SplitOf[image] = split;
                Images.Add(image);
                return true;
            }
            if (known == split) return true;
            Reject(line, "ML_USE", $"image '{image}' is listed in split '{known ?? "(none)"}' earlier and in '{split ?? "(none)"}' here; the row is skipped.");
            return false;
        }

        public void Reject(long line, string field, string message)
        {
            Invalid++;
            Sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, Path, line, field, message));
        }
    }

    private static void ReadImportJsonl(string path, ImportRows rows, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        ForEachJsonLine(path, rows.Sink, (root, line) =>
        {
            var image = Text(root, "imageGcsUri") ?? throw new FormatException("missing imageGcsUri");
            string? split = null;
            if (Text(root, "dataItemResourceLabels", "aiplatform.googleapis.com/ml_use") is string text)
            {
                split = MlUse.Normalize(text) ?? throw new FormatException($"dataItemResourceLabels: '{text}' is not a split (training, validation, test, unassigned)");
            }
            var parsed = new List<(string, string, double, double, double, double)>();
            if (root.TryGetProperty("boundingBoxAnnotations", out var annotations))
            {
                if (annotations.ValueKind != JsonValueKind.Array) throw new FormatException("boundingBoxAnnotations must be an array");
                foreach (var a in annotations.EnumerateArray())
                {
                    var label = Text(a, "displayName") ?? throw new FormatException("a bounding box has no displayName");
                    double Coordinate(string name) => a.TryGetProperty(name, out var v) && Number(v) is var x && x >= 0 && x <= 1
                        ? x
                        : throw new FormatException($"boundingBoxAnnotations: '{name}' is missing or not a number in [0, 1]");
                    double xMin = Coordinate("xMin"), yMin = Coordinate("yMin"), xMax = Coordinate("xMax"), yMax = Coordinate("yMax");
                    if (xMax < xMin || yMax < yMin) throw new FormatException("boundingBoxAnnotations: xMax < xMin or yMax < yMin");
                    parsed.Add((image, label, xMin, yMin, xMax, yMax));
                }
            }
            if (rows.AddImage(image, split, line)) rows.Boxes.AddRange(parsed);
        }, () => rows.Invalid++, progress, cancellationToken);
    }

    private static void ReadImportCsv(string path, ImportRows rows, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        using var reader = InputFile.TextReader(InputFile.OpenRead(path, progress, cancellationToken));
        foreach (var (line, fields, error) in CsvLine.ReadRecords(reader, path))
        {
            if (error is not null)
            {
                rows.Reject(line, string.Empty, error + "; the row is skipped.");
                continue;
            }
            var cells = fields.ToList();
            var split = MlUse.Normalize(cells[0]);
            if (split is not null) cells.RemoveAt(0);
            if (cells.Count < 2 || cells[0].Length == 0)
            {
                rows.Reject(line, "PATH", "expected [ML_USE,]PATH,LABEL,coordinates; the row is skipped.");
                continue;
            }
            var image = cells[0];
            // An image listed without a label has no objects.
            if (cells[1].Length == 0)
            {
                rows.AddImage(image, split, line);
                continue;
            }
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
                rows.Reject(line, "X_MIN", "expected two vertices (X_MIN,Y_MIN,,,X_MAX,Y_MAX,,) or four, as numbers in [0, 1]; the row is skipped.");
                continue;
            }
            if (!rows.AddImage(image, split, line)) continue;
            var xs = numbers.Where((_, i) => i % 2 == 0).ToArray();
            var ys = numbers.Where((_, i) => i % 2 == 1).ToArray();
            rows.Boxes.Add((image, cells[1], xs.Min(), ys.Min(), xs.Max(), ys.Max()));
        }
    }

    private static void ForEachJsonLine(string path, IIssueSink sink, Action<JsonElement, long> handle, Action onInvalid, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        using var reader = InputFile.TextReader(InputFile.OpenRead(path, progress, cancellationToken));
        var lines = new LineReader(reader, path, 1);
        string? text;
        while ((text = lines.Next()) is not null)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                if (text.IndexOf('\uFFFD') >= 0) throw new FormatException("the line is not valid UTF-8 text (save the file as UTF-8)");
                using var document = JsonDocument.Parse(text);
                handle(document.RootElement, lines.Number);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                onInvalid();
                sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, lines.Number, string.Empty, e.Message + "; the line is skipped."));
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
