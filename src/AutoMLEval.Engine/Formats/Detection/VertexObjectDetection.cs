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
        using var stream = Utf8Input.Of(InputFile.OpenRead(path, progress, cancellationToken));
        foreach (var (parsed, line) in OrderedJsonLines.Parse<PredictionLine>(stream, path, sink, () => new PredictionLineParser().Parse))
        {
            try
            {
                var image = parsed.Image ?? throw new FormatException(parsed.Error);
                if (seenImages.TryGetValue(image, out var first))
                {
                    var where = string.Equals(first.Path, path, StringComparison.Ordinal) ? string.Empty : " of " + first.Path;
                    throw new FormatException($"image '{image}' was already predicted on line {first.Line.ToString(CultureInfo.InvariantCulture)}{where}; the first prediction is kept");
                }
                seenImages[image] = (path, line);
                var names = parsed.Names;
                if (!imageIndex.TryGetValue(image, out var imageAt))
                {
                    if (groundTruth.OtherSplitImages.Contains(image))
                    {
                        otherSplit += names.Length;
                        continue;
                    }
                    unknownImage += names.Length;
                    sink.Report(new DataIssue("UnknownImage", IssueSeverity.Warning, path, line, "instance.content", $"image '{image}' is not in the ground truth; its {names.Length} detections are left out."));
                    continue;
                }
                for (int i = 0; i < names.Length; i++)
                {
                    var box = parsed.Boxes.AsSpan(4 * i, 4);
                    var confidence = parsed.Confidences[i];
                    if (!IsFinite(box) || box[1] < box[0] || box[3] < box[2])
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
                    var name = names[i].Text ?? throw new InvalidOperationException(names[i].Error);
                    if (!categoryIndex.TryGetValue(name, out var categoryAt))
                    {
                        unknownCategory++;
                        sink.Report(new DataIssue("UnknownCategory", IssueSeverity.Warning, path, line, $"prediction.displayNames[{i}]", $"label '{name}' is not in the ground truth; the detection is left out."));
                        continue;
                    }
                    // Batch prediction boxes are [xMin, xMax, yMin, yMax].
                    detections.Add((imageAt, categoryAt, box[0], box[2], box[1], box[3], confidence));
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                invalid++;
                sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, string.Empty, e.Message + "; the line is skipped."));
            }
        }
        if (otherSplit > 0)
        {
            sink.Report(new DataIssue("OtherSplit", IssueSeverity.Warning, path, 0, "instance.content",
                $"{otherSplit.ToString(CultureInfo.InvariantCulture)} detections are on images of other splits than the evaluated one; they are left out, as intended."));
        }
        var objects = ToObjects(detections, groundTruth.Images, 1);
        return new CocoDetections(path, objects, firstHasBox: true, unknownImage, unknownCategory, invalid) { OtherSplitCount = otherSplit };
    }

    /// <summary>A display name as <see cref="JsonElement.GetString"/> gives it ("" for a value that is not a string), or the error it throws.</summary>
    private readonly record struct DisplayName(string? Text, string? Error);

    /// <summary>
    /// One batch-prediction line: the image and the three lists (each box as 4 numbers, a box of another length as NaNs,
    /// which the checks reject as they rejected it), or the error that makes the whole line unusable.
    /// </summary>
    private sealed record PredictionLine(string? Image, string? Error, DisplayName[] Names, double[] Confidences, double[] Boxes)
    {
        public static readonly PredictionLine Blank = new(null, null, System.Array.Empty<DisplayName>(), System.Array.Empty<double>(), System.Array.Empty<double>());

        public static PredictionLine Failed(string error) => Blank with { Error = error };
    }

    /// <summary>
    /// Reads batch-prediction lines on a worker thread with a <see cref="Utf8JsonReader"/> straight from the file's bytes
    /// (one parser per block: its lists are reused from line to line). The checks, their order and their messages are
    /// those the reader made on a <see cref="JsonDocument"/> of the line: fields the last of a repeated name, syntax
    /// errors first, then instance.content, prediction and each list in turn.
    /// </summary>
    private sealed class PredictionLineParser
    {
        private readonly List<DisplayName> _names = new();
        private readonly List<double> _confidences = new();
        private readonly List<double> _boxes = new();
        private bool _hasNames, _hasConfidences, _hasBoxes;

        public bool Parse(long lineNumber, ReadOnlySpan<byte> line, IIssueSink issues, out PredictionLine record)
        {
            record = PredictionLine.Blank;
            if (Utf8Lines.IsBlank(line)) return false;
            if (!Utf8Lines.IsText(line))
            {
                record = PredictionLine.Failed("the line is not valid UTF-8 text (save the file as UTF-8)");
                return true;
            }
            try
            {
                record = Read(line);
            }
            catch (JsonException e)
            {
                record = PredictionLine.Failed(e.Message);
            }
            return true;
        }

        private PredictionLine Read(ReadOnlySpan<byte> line)
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            bool isObject = reader.TokenType == JsonTokenType.StartObject;
            string? image = null, imageError = null;
            var prediction = JsonTokenType.None;
            _hasNames = _hasConfidences = _hasBoxes = false;
            if (isObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("instance"u8))
                    {
                        reader.Read();
                        (image, imageError) = (null, null);
                        if (reader.TokenType == JsonTokenType.StartObject) ReadInstance(ref reader, out image, out imageError);
                        else reader.Skip();
                    }
                    else if (reader.ValueTextEquals("prediction"u8))
                    {
                        reader.Read();
                        prediction = reader.TokenType;
                        _hasNames = _hasConfidences = _hasBoxes = false;
                        if (prediction == JsonTokenType.StartObject) ReadPrediction(ref reader);
                        else reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
            // Anything after the value is the syntax error JsonDocument reported before any other.
            if (reader.Read()) throw new JsonException("More than one JSON value on the line.");

            if (imageError is not null) return PredictionLine.Failed(imageError);
            if (image is null) return PredictionLine.Failed("missing instance.content (the image path)");
            if (!isObject || prediction == JsonTokenType.None) return PredictionLine.Failed("missing prediction");
            if (prediction != JsonTokenType.StartObject)
            {
                return PredictionLine.Failed($"The requested operation requires an element of type 'Object', but the target element has type '{KindOf(prediction)}'.");
            }
            if (!_hasNames) return PredictionLine.Failed("prediction.displayNames is missing or not an array");
            if (!_hasConfidences) return PredictionLine.Failed("prediction.confidences is missing or not an array");
            if (!_hasBoxes) return PredictionLine.Failed("prediction.bboxes is missing or not an array");
            if (_names.Count != _confidences.Count || _names.Count * 4 != _boxes.Count) return PredictionLine.Failed("displayNames, confidences and bboxes differ in length");
            return new PredictionLine(image, null, _names.ToArray(), _confidences.ToArray(), _boxes.ToArray());
        }

        private static void ReadInstance(ref Utf8JsonReader reader, out string? image, out string? error)
        {
            (image, error) = (null, null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool content = reader.ValueTextEquals("content"u8);
                reader.Read();
                if (content) (image, error) = StringOf(ref reader);
                else reader.Skip();
            }
        }

        private void ReadPrediction(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("displayNames"u8))
                {
                    reader.Read();
                    _names.Clear();
                    if (!(_hasNames = reader.TokenType == JsonTokenType.StartArray))
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var (text, error) = StringOf(ref reader);
                        _names.Add(new DisplayName(text ?? (error is null ? string.Empty : null), error));
                    }
                }
                else if (reader.ValueTextEquals("confidences"u8))
                {
                    reader.Read();
                    _confidences.Clear();
                    if (!(_hasConfidences = reader.TokenType == JsonTokenType.StartArray))
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) _confidences.Add(NumberOf(ref reader));
                }
                else if (reader.ValueTextEquals("bboxes"u8))
                {
                    reader.Read();
                    _boxes.Clear();
                    if (!(_hasBoxes = reader.TokenType == JsonTokenType.StartArray))
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ReadBox(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        // A box of 4 numbers as they are; anything else (another length, not a list) as 4 NaNs, rejected as before.
        private void ReadBox(ref Utf8JsonReader reader)
        {
            int start = _boxes.Count, count = 0;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var value = NumberOf(ref reader);
                    if (count++ < 4) _boxes.Add(value);
                }
            }
            else
            {
                reader.Skip();
            }
            if (count == 4) return;
            _boxes.RemoveRange(start, _boxes.Count - start);
            for (int k = 0; k < 4; k++) _boxes.Add(double.NaN);
        }

        // A string value, or null (a value of another kind, skipped); GetString's error for a string .NET cannot hold (a lone escaped surrogate).
        private static (string? Text, string? Error) StringOf(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return (null, null);
            }
            try
            {
                return (reader.GetString(), null);
            }
            catch (InvalidOperationException e)
            {
                return (null, e.Message);
            }
        }

        // As Number(JsonElement): a number within double's range, else NaN (a container is skipped).
        private static double NumberOf(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number)) return number;
            reader.Skip();
            return double.NaN;
        }

        private static JsonValueKind KindOf(JsonTokenType token) => token switch
        {
            JsonTokenType.StartArray => JsonValueKind.Array,
            JsonTokenType.String => JsonValueKind.String,
            JsonTokenType.Number => JsonValueKind.Number,
            JsonTokenType.True => JsonValueKind.True,
            JsonTokenType.False => JsonValueKind.False,
            _ => JsonValueKind.Null,
        };
    }

    private static bool IsFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v) || double.IsInfinity(v)) return false;
        }
        return true;
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
