using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
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
    /// <summary>
    /// Vertex AI's names of an import CSV's eight coordinate columns: the corners clockwise from the top left (the
    /// two-vertex form leaves the third, fourth, seventh and eighth empty).
    /// </summary>
    private static readonly string[] CoordinateColumns = { "X_MIN", "Y_MIN", "X_MAX", "Y_MIN", "X_MAX", "Y_MAX", "X_MIN", "Y_MAX" };

    // The split's field in import JSONL and CSV, as issues name them.
    private const string ImportSplitField = "dataItemResourceLabels.aiplatform.googleapis.com/ml_use";
    private const string ImportSplitColumn = "ML_USE";

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
        bool isCsv = DetectionInputs.IsVertexCsv(path) ?? false;
        var splitField = isCsv ? ImportSplitColumn : ImportSplitField;
        var rows = new ImportRows(path, split, splitField, sink);
        if (isCsv) ReadImportCsv(path, rows, progress, cancellationToken);
        else ReadImportJsonl(path, rows, progress, cancellationToken);

        if (rows.Kept.Count == 0 && rows.Splits.Count == 0)
        {
            // Not one row read (a classification CSV has no boxes): "no image in the split (found: )" would hide that.
            throw new InputFormatException("NoItems", path, 0, string.Empty,
                FormattableString.Invariant($"no usable ground-truth row ({rows.Rejections} skipped, each reported as an error): a Vertex AI object detection import has [ML_USE,]PATH,LABEL and a box's coordinates on each row"));
        }
        if (rows.Kept.Count == 0)
        {
            var found = string.Join(", ", rows.Splits.GroupBy(s => s ?? "(none)").Select(g => $"{g.Key} {g.Count()}"));
            throw new InputFormatException("EmptySplit", path, 0, splitField, $"no image is in the '{split}' split (found: {found})");
        }
        // Categories are the labels of every split, in ordinal order; the objects were gathered with the labels' order as met.
        var labels = rows.Labels.OrderBy(l => l, StringComparer.Ordinal).ToArray();
        var categoryIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var categoryOfLabel = rows.Labels.Select(l => categoryIndex[l]).ToArray();
        var categories = labels.Select((l, i) => new CocoCategory(i + 1, l, string.Empty)).ToArray();
        // Without an images folder, the images' names and records are made only when asked for (VertexImages).
        var sizedImages = imageDirectory is null ? null : rows.Kept.Select((place, i) => ImageOf(rows.ImageName(place), i + 1, imageDirectory)).ToArray();
        var objects = rows.ToObjects(sizedImages, categoryOfLabel);
        IReadOnlyList<CocoImage> cocoImages = sizedImages is null ? rows.KeptImages() : sizedImages;
        return new CocoGroundTruth(path, cocoImages, categories, objects, rows.Invalid) { InvalidRecords = rows.Invalid, ImageNames = rows.ImagesByName(), ImagesByFileName = true };
    }

    /// <summary>
    /// Reads a batch-prediction JSONL file against the ground truth its paths and display names refer to; reading reports to
    /// <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled. Boxes outside [0, 1]
    /// are kept and said by <see cref="DetectionInputs.Evaluate(string, string, IouType, string?, IIssueSink, string, IProgress{WorkProgress}?, CancellationToken)"/>
    /// after the evaluation, which decides which detections are evaluated.
    /// </summary>
    public static CocoDetections ReadBatchPredictions(string path, CocoGroundTruth groundTruth, IIssueSink? sink = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadBatchPredictions(path, groundTruth, new PredictedImages(groundTruth.ImageNames), sink, progress, cancellationToken);

    /// <summary>
    /// Reads one file of a set of batch-prediction shards: <paramref name="seenImages"/> holds where each image was
    /// predicted in the earlier files (and gains this file's), so that an image predicted again in a later file is a
    /// repeat, first prediction kept, as within one file. Tests read in tiny blocks (<paramref name="blockBytes"/>).
    /// </summary>
    internal static CocoDetections ReadBatchPredictions(
        string path, CocoGroundTruth groundTruth, PredictedImages seenImages, IIssueSink? sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken,
        int blockBytes = OrderedJsonLines.DefaultBlockBytes)
    {
        using var capped = new CappedIssueSink(sink ?? new IssueLog());
        sink = capped;
        var categories = new Utf8Names(groundTruth.Categories.Select(c => c.Name));
        var detections = new ClaimedObjects();
        int invalid = 0, unknownImage = 0, unknownCategory = 0, otherSplit = 0;
        var outsideImage = new BoxesOutsideImage(path);
        var imageNames = groundTruth.ImageNames;
        int file = seenImages.StartFile(path);
        using var stream = InputFile.OpenRead(path, progress, cancellationToken);
        var lines = OrderedJsonLines.Parse<PredictionLine>(stream, path, sink, bytes => new PredictionLineParser(imageNames, categories, bytes).Parse, blockBytes);
        foreach (var (parsed, line) in lines)
        {
            var field = string.Empty;
            // The detections a rejected line loses: those it holds, or one where they cannot be told (a line that is not JSON).
            int lost = Math.Max(parsed.Count, 1);
            if (parsed.Error is { } error)
            {
                invalid += lost;
                sink.Report(new DataIssue(error.Code, IssueSeverity.Error, path, line, error.Field, Skipped(error.Message, "line")));
                continue;
            }
            try
            {
                if (!seenImages.TryAdd(parsed.Place, parsed.Image, file, line, out var first))
                {
                    field = PredictionImageField;
                    lost = parsed.Count;
                    var where = string.Equals(first.Path, path, StringComparison.Ordinal) ? string.Empty : " of " + first.Path;
                    throw new FormatException($"image '{ImageOf(parsed)}' was already predicted on line {first.Line.ToString(CultureInfo.InvariantCulture)}{where}; the first prediction is kept");
                }
                if (parsed.ImageAt == PredictionLine.OtherSplit)
                {
                    otherSplit += parsed.Count;
                    continue;
                }
                if (parsed.ImageAt == PredictionLine.UnknownImage)
                {
                    unknownImage += parsed.Count;
                    sink.Report(new DataIssue("UnknownImage", IssueSeverity.Warning, path, line, PredictionImageField, $"image '{parsed.Image}' is not in the ground truth; its {Counted.Of(parsed.Count, "detection")} {Counted.Verb(parsed.Count, "is", "are")} left out."));
                    continue;
                }
                var found = parsed.Detections!;
                NoteOutsideImage(outsideImage, parsed, line, detections.Count);
                if (parsed.AllUsable)
                {
                    detections.ClaimAll(found, parsed.First, parsed.Count, parsed.ImageAt);
                    continue;
                }
                for (int i = 0; i < parsed.Count; i++)
                {
                    int at = parsed.First + i;
                    switch (found.Label[at])
                    {
                        case Detection.InvalidBox:
                            invalid++;
                            sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, $"prediction.bboxes[{i}]", "expected [xMin, xMax, yMin, yMax] as finite numbers with xMin ≤ xMax and yMin ≤ yMax; the detection is skipped."));
                            break;
                        case Detection.InvalidScore:
                            invalid++;
                            sink.Report(new DataIssue("InvalidScore", IssueSeverity.Error, path, line, $"prediction.confidences[{i}]", "expected a number in [0, 1]; the detection is skipped."));
                            break;
                        case Detection.UnreadableName:
                            field = $"prediction.displayNames[{i}]";
                            lost = parsed.Count - i;
                            throw new InvalidOperationException(parsed.Notes![i]);
                        case Detection.UnknownCategory:
                            unknownCategory++;
                            sink.Report(new DataIssue("UnknownCategory", IssueSeverity.Warning, path, line, $"prediction.displayNames[{i}]", $"label '{parsed.Notes![i]}' is not in the ground truth; the detection is left out."));
                            break;
                        default:
                            detections.Claim(found, at, parsed.ImageAt, found.Label[at]);
                            break;
                    }
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                invalid += lost;
                sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, line, field, Skipped(e.Message, "line")));
            }
        }
        if (otherSplit > 0)
        {
            sink.Report(new DataIssue("OtherSplit", IssueSeverity.Warning, path, 0, PredictionImageField,
                $"{Counted.Of(otherSplit, "detection")} {Counted.Verb(otherSplit, "is", "are")} on images of other splits than the evaluated one; {Counted.Verb(otherSplit, "it is", "they are")} left out, as intended."));
        }
        // Where no image has a size the boxes stay normalised, and a Vertex AI import's images are not made only to say so.
        var sizedImages = groundTruth.ImagesWithoutSize == groundTruth.Images.Count ? null : groundTruth.Images;
        return new CocoDetections(path, detections.ToObjects(sizedImages, firstId: 1), firstHasBox: true, unknownImage, unknownCategory, invalid)
        {
            OtherSplitCount = otherSplit,
            OutsideImage = outsideImage.IsEmpty ? Array.Empty<BoxesOutsideImage>() : new[] { outsideImage },
        };

        // The line's image name, for a message: the plain path makes none for an image the ground truth lists.
        string ImageOf(in PredictionLine parsed) => parsed.Image ?? imageNames.NameAt(parsed.Place);
    }

    // Notes the detections of a line to be evaluated (the first of them to be the set's firstDetection) whose box is
    // outside [0, 1]: the parsers count them per line, so a line without one is passed over.
    private static void NoteOutsideImage(BoxesOutsideImage outside, in PredictionLine parsed, long line, int firstDetection)
    {
        if (parsed.OutsideImage == 0) return;
        var found = parsed.Detections!;
        var corners = found.Corners;
        int detection = firstDetection;
        for (int i = 0; i < parsed.Count; i++)
        {
            int at = parsed.First + i;
            int label = found.Label[at];
            // The reader ends a line at an unreadable name, and skips the detections that have no category.
            if (label == Detection.UnreadableName) break;
            if (label < 0) continue;
            double xMin = corners[4 * at], yMin = corners[(4 * at) + 1], xMax = corners[(4 * at) + 2], yMax = corners[(4 * at) + 3];
            if (IsOutsideImage(xMin, yMin, xMax, yMax)) outside.Add(detection, line, i, xMin, xMax, yMin, yMax);
            detection++;
        }
    }

    // Whether a normalised box (min ≤ max) reaches outside [0, 1].
    private static bool IsOutsideImage(double xMin, double yMin, double xMax, double yMax) => xMin < 0 || yMin < 0 || xMax > 1 || yMax > 1;

    /// <summary>
    /// Why a detection of a batch-prediction line cannot be used, kept in place of its category's index in the ground
    /// truth: the first check it fails, in the order the reader checks.
    /// </summary>
    private static class Detection
    {
        public const int InvalidBox = -1;
        public const int InvalidScore = -2;
        public const int UnknownCategory = -3;

        // A display name .NET cannot hold (a lone escaped surrogate): the line ends there.
        public const int UnreadableName = -4;
    }

    /// <summary>
    /// One batch-prediction line, checked on a worker thread: the image (its place among the ground truth's
    /// <see cref="ImageNames"/>, -1 for one not listed; its name, made only when not listed or read by the reader) and
    /// its index in the ground truth (or <see cref="UnknownImage"/>, <see cref="OtherSplit"/>), where its detections are in its parser's columns (each
    /// one's category, or a <see cref="Detection"/> code), and for each unknown or unreadable display name the name or
    /// the error, whether every detection has a category (none to check one by one), and how many of those with one have
    /// a box outside [0, 1]; or the error that makes the whole line unusable.
    /// </summary>
    private readonly record struct PredictionLine(string? Image, int Place, int ImageAt, FieldError? Error, ObjectColumns? Detections, int First, int Count, string?[]? Notes, bool AllUsable, int OutsideImage)
    {
        public const int UnknownImage = ImageNames.Unknown;
        public const int OtherSplit = ImageNames.OtherSplit;

        public static PredictionLine Failed(string field, string message) => new(null, -1, UnknownImage, new FieldError(field, message), null, 0, 0, null, false, 0);

        // A line that is not JSON or not text fails as a whole: no field is at fault.
        public static PredictionLine NotJson(string message) => new(null, -1, UnknownImage, FieldError.NotJson(message), null, 0, 0, null, false, 0);
    }

    /// <summary>
    /// Reads batch-prediction lines on a worker thread with a <see cref="Utf8JsonReader"/> straight from the file's bytes
    /// (one parser per block: its lists are reused from line to line, and its columns hold the block's detections), and
    /// checks each detection there: display names are found by their bytes among the ground truth's. The checks, their
    /// order and their messages are those the
    /// reader made on a <see cref="JsonDocument"/> of the line: fields the last of a repeated name, syntax errors
    /// first, then instance.content, prediction and each list in turn. A line of the plain form Vertex AI writes is
    /// read by a <see cref="PlainJson"/> scanner into the same fields at a fraction of the reader's cost per token (a
    /// detection is about nine); any other line by the reader.
    /// </summary>
    private sealed class PredictionLineParser
    {
        private readonly ImageNames _images;
        private readonly Utf8Names _categories;

        // Each display name as its category's index, or a Detection code with the name or error in _nameNotes.
        private readonly List<int> _names = new();
        private readonly List<string?> _nameNotes = new();
        private readonly LineNumbers _confidences = new();
        private readonly LineNumbers _boxes = new();
        private readonly ObjectColumns _detections;
        private readonly FieldReader _readField;
        private bool _hasNames, _hasConfidences, _hasBoxes, _hasNotes;

        // The line's fields as read so far (the last of a repeated name counts); the plain path finds the image's
        // place among the ground truth's names by its bytes and makes its text only for a name not listed (place -1).
        private (string? Text, string? Error) _image;
        private int _imagePlace;
        private JsonTokenType _prediction;

        // A detection takes about 70 bytes as Vertex AI writes them.
        public PredictionLineParser(ImageNames images, Utf8Names categories, int blockBytes)
        {
            _images = images;
            _categories = categories;
            _detections = new ObjectColumns(blockBytes / 64, scored: true);
            _readField = ReadField;
        }

        public bool Parse(long lineNumber, ReadOnlySpan<byte> line, IIssueSink issues, out PredictionLine record) =>
            ParseLine(line, Read, PredictionLine.NotJson, out record);

        private PredictionLine Read(ReadOnlySpan<byte> line)
        {
            bool isObject = true;
            bool plain = ReadPlain(line);
            if (!plain)
            {
                if (!Utf8Lines.IsText(line)) return PredictionLine.NotJson(NotText);
                var reader = new Utf8JsonReader(line);
                _image = default;
                _prediction = JsonTokenType.None;
                _hasNames = _hasConfidences = _hasBoxes = false;
                isObject = ReadLineValue(ref reader, _readField);
                _imagePlace = _image.Text is null ? -1 : _images.PlaceOf(Encoding.UTF8.GetBytes(_image.Text));
            }
            var (image, imageError) = _image;
            var prediction = _prediction;
            if (imageError is not null) return PredictionLine.Failed(PredictionImageField, imageError);
            if (!HasImage) return PredictionLine.Failed(PredictionImageField, "missing instance.content (the image path)");
            if (!isObject || prediction == JsonTokenType.None) return PredictionLine.Failed("prediction", "missing prediction");
            if (prediction != JsonTokenType.StartObject)
            {
                return PredictionLine.Failed("prediction", $"The requested operation requires an element of type 'Object', but the target element has type '{KindOf(prediction)}'.");
            }
            if (!_hasNames) return PredictionLine.Failed("prediction.displayNames", "prediction.displayNames is missing or not an array");
            if (!_hasConfidences) return PredictionLine.Failed("prediction.confidences", "prediction.confidences is missing or not an array");
            if (!_hasBoxes) return PredictionLine.Failed("prediction.bboxes", "prediction.bboxes is missing or not an array");
            if (_names.Count != _confidences.Count || _names.Count * 4 != _boxes.Count)
            {
                // Counted as the longest list's detections.
                int longest = Math.Max(_names.Count, Math.Max(_confidences.Count, (_boxes.Count + 3) / 4));
                return PredictionLine.Failed("prediction", "displayNames, confidences and bboxes differ in length") with { Count = longest };
            }
            int first = _detections.Count;
            bool allUsable = AddDetections(out int outsideImage);
            return new PredictionLine(image, _imagePlace, _images.ImageAt(_imagePlace), null, _detections, first, _names.Count, _hasNotes ? _nameNotes.ToArray() : null, allUsable, outsideImage);
        }

        private bool HasImage => _image.Text is not null || _imagePlace >= 0;

        private bool ReadField(ref Utf8JsonReader reader)
        {
            if (reader.ValueTextEquals("instance"u8))
            {
                reader.Read();
                _image = default;
                if (reader.TokenType == JsonTokenType.StartObject) _image = StringMemberOf(ref reader, "content"u8);
                else reader.Skip();
                return true;
            }
            if (!reader.ValueTextEquals("prediction"u8)) return false;
            reader.Read();
            _prediction = reader.TokenType;
            _hasNames = _hasConfidences = _hasBoxes = false;
            if (_prediction == JsonTokenType.StartObject) ReadPrediction(ref reader);
            else reader.Skip();
            return true;
        }

        // The line's detections into the columns, each with its category or why it cannot be used (false when one
        // cannot), and how many usable ones reach outside the image; batch prediction boxes are [xMin, xMax, yMin, yMax].
        private bool AddDetections(out int outsideImage)
        {
            bool allUsable = true, counting = true;
            outsideImage = 0;
            for (int i = 0; i < _names.Count; i++)
            {
                double xMin = _boxes[4 * i], xMax = _boxes[(4 * i) + 1], yMin = _boxes[(4 * i) + 2], yMax = _boxes[(4 * i) + 3], confidence = _confidences[i];
                int category = !IsFinite(xMin) || !IsFinite(xMax) || !IsFinite(yMin) || !IsFinite(yMax) || xMax < xMin || yMax < yMin ? Detection.InvalidBox
                    : !(confidence >= 0.0 && confidence <= 1.0) ? Detection.InvalidScore
                    : _names[i];
                allUsable &= category >= 0;
                // The reader ends a line at an unreadable name: the detections after it are not evaluated.
                counting &= category != Detection.UnreadableName;
                if (counting && category >= 0 && IsOutsideImage(xMin, yMin, xMax, yMax)) outsideImage++;
                _detections.Add(category, xMin, yMin, xMax, yMax, confidence);
            }
            return allUsable;
        }

        private void ReadPrediction(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("displayNames"u8))
                {
                    reader.Read();
                    _names.Clear();
                    _nameNotes.Clear();
                    _hasNotes = false;
                    if (!(_hasNames = reader.TokenType == JsonTokenType.StartArray))
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ReadName(ref reader);
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

        /// <summary>
        /// Reads a line of the plain form Vertex AI writes (<see cref="PlainJson"/>: no escapes; instance.content a
        /// string; prediction's displayNames strings, confidences numbers, bboxes lists of four numbers; none of these
        /// fields repeated) into the fields as <see cref="ReadLineValue"/> would; false, fields in any state, for any
        /// other line, which the reader then reads.
        /// </summary>
        private bool ReadPlain(ReadOnlySpan<byte> line)
        {
            _image = default;
            _imagePlace = -1;
            _prediction = JsonTokenType.None;
            _hasNames = _hasConfidences = _hasBoxes = false;
            var json = new PlainJson(line);
            bool closed;
            for (int i = 0; json.NextMember(i, out var name, out closed); i++)
            {
                bool read = name.SequenceEqual("instance"u8) ? !HasImage && ReadPlainInstance(ref json)
                    : name.SequenceEqual("prediction"u8) ? _prediction == JsonTokenType.None && ReadPlainPrediction(ref json)
                    : json.TrySkipValue();
                if (!read) return false;
            }
            return closed && json.AtEnd();
        }

        private bool ReadPlainInstance(ref PlainJson json)
        {
            bool closed;
            for (int i = 0; json.NextMember(i, out var name, out closed); i++)
            {
                if (!name.SequenceEqual("content"u8))
                {
                    if (!json.TrySkipValue()) return false;
                }
                else if (HasImage || !json.TryReadString(out var content))
                {
                    return false;
                }
                else
                {
                    _imagePlace = _images.PlaceOf(content);
                    if (_imagePlace < 0) _image = (Utf8Lines.Decode(content), null);
                }
            }
            return closed && HasImage;
        }

        private bool ReadPlainPrediction(ref PlainJson json)
        {
            _prediction = JsonTokenType.StartObject;
            bool closed;
            for (int i = 0; json.NextMember(i, out var name, out closed); i++)
            {
                bool read = name.SequenceEqual("displayNames"u8) ? !_hasNames && ReadPlainNames(ref json)
                    : name.SequenceEqual("confidences"u8) ? !_hasConfidences && ReadPlainConfidences(ref json)
                    : name.SequenceEqual("bboxes"u8) ? !_hasBoxes && ReadPlainBoxes(ref json)
                    : json.TrySkipValue();
                if (!read) return false;
            }
            return closed;
        }

        private bool ReadPlainNames(ref PlainJson json)
        {
            _names.Clear();
            _nameNotes.Clear();
            _hasNotes = false;
            _hasNames = true;
            bool closed;
            for (int i = 0; json.NextElement(i, out closed); i++)
            {
                if (!json.TryReadString(out var name)) return false;
                int category = _categories.IndexOf(name);
                AddName(category, category < 0 ? Utf8Lines.Decode(name) : null);
            }
            return closed;
        }

        private bool ReadPlainConfidences(ref PlainJson json)
        {
            _confidences.Clear();
            _hasConfidences = true;
            bool closed;
            for (int i = 0; json.NextElement(i, out closed); i++)
            {
                if (!json.TryReadShortDecimalFirst(out var number)) return false;
                _confidences.Add(number);
            }
            return closed;
        }

        // Each box a list of exactly four numbers (any other length is left to the reader).
        private bool ReadPlainBoxes(ref PlainJson json)
        {
            _boxes.Clear();
            _hasBoxes = true;
            bool closed;
            for (int i = 0; json.NextElement(i, out closed); i++)
            {
                if (!json.TryReadNumberArray(_boxes.Next(4))) return false;
            }
            return closed;
        }

        // A display name as its category (a value that is not a string as the name "", as JsonElement.GetString gave it).
        private void ReadName(ref Utf8JsonReader reader)
        {
            int category;
            string? note = null;
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                category = _categories.IndexOf(ReadOnlySpan<byte>.Empty);
                note = string.Empty;
            }
            else
            {
                try
                {
                    category = _categories.IndexOf(ref reader, out note);
                }
                catch (InvalidOperationException e)
                {
                    category = Detection.UnreadableName;
                    note = e.Message;
                }
            }
            AddName(category, note);
        }

        // A display name's category index, or -1 for a name not in the ground truth (the name in note), or a Detection code (the error in note).
        private void AddName(int category, string? note)
        {
            if (category == -1) category = Detection.UnknownCategory;
            if (category < 0) _hasNotes = true;
            _names.Add(category);
            _nameNotes.Add(category < 0 ? note : null);
        }

        // A box of 4 numbers as they are; anything else (another length, not a list) as 4 NaNs, rejected as before.
        private void ReadBox(ref Utf8JsonReader reader)
        {
            var box = _boxes.Next(4);
            int count = 0;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var value = NumberOf(ref reader);
                    if (count < 4) box[count] = value;
                    count++;
                }
            }
            else
            {
                reader.Skip();
            }
            if (count != 4) box.Fill(double.NaN);
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

    // A batch-prediction line's image, as issues name it.
    private const string PredictionImageField = "instance.content";

    private delegate T LineRead<T>(ReadOnlySpan<byte> line);

    // Reads the field whose name the reader is on (its value too), or returns false for a field it does not read.
    private delegate bool FieldReader(ref Utf8JsonReader reader);

    // The line's one JSON value: each field of an object handed to readField (a field it does not read skipped), any
    // other value skipped; true when it was an object. Text after the value is the syntax error JsonDocument reported
    // before any other.
    private static bool ReadLineValue(ref Utf8JsonReader reader, FieldReader readField)
    {
        reader.Read();
        bool isObject = reader.TokenType == JsonTokenType.StartObject;
        if (isObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (readField(ref reader)) continue;
                reader.Read();
                reader.Skip();
            }
        }
        else
        {
            reader.Skip();
        }
        if (reader.Read()) throw new JsonException("More than one JSON value on the line.");
        return isObject;
    }

    // A line that is not UTF-8 text is a failed one, before any syntax error. The plain scanner takes only text, so a
    // line is checked only when the scanner declines it, not in a pass of its own over every line.
    private const string NotText = "the line is not valid UTF-8 text (save the file as UTF-8)";

    // What both JSON Lines readers did before a line's fields, as the text reader they replaced did: a blank line holds
    // no record; a line that is not JSON (or not text: NotText) is a failed one, InvalidJson, in the words of the
    // classification readers. So is a line with a key the reader cannot compare with a field's name (a lone escaped
    // surrogate among other characters: "ima\ud800eGcsUri"), which Utf8JsonReader.ValueTextEquals throws for; it ended
    // the whole read, naming no line.
    private static bool ParseLine<T>(ReadOnlySpan<byte> line, LineRead<T> read, Func<string, T> notJson, out T record)
    {
        record = default!;
        if (Utf8Lines.IsBlank(line)) return false;
        try
        {
            record = read(line);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            record = notJson($"the line is not valid JSON ({JsonLines.FailureReason(e)})");
        }
        return true;
    }

    // The string member `name` of the object the reader is at the start of (the last, when repeated), read to its end.
    private static (string? Text, string? Error) StringMemberOf(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        (string? Text, string? Error) value = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool wanted = reader.ValueTextEquals(name);
            reader.Read();
            if (wanted) value = StringOf(ref reader);
            else reader.Skip();
        }
        return value;
    }

    // A string value, or null (a value of another kind, skipped); GetString's error for a string .NET cannot hold (a
    // lone escaped surrogate).
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

    // As JsonElement's TryGetDouble gave it: a number within double's range, else NaN, which the callers reject (a container is skipped).
    private static double NumberOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && JsonNumbers.TryGetDouble(ref reader, out var number)) return number;
        reader.Skip();
        return double.NaN;
    }

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    /// <summary>
    /// A line's numbers as they are read (confidences, boxes' corners), reused from line to line: a box's four corners
    /// are read straight into their places, where a list took them one by one from a box read aside.
    /// </summary>
    private sealed class LineNumbers
    {
        private double[] _values = new double[512];

        public int Count { get; private set; }

        public double this[int index] => _values[index];

        public void Clear() => Count = 0;

        public void Add(double value) => Next(1)[0] = value;

        /// <summary>The next <paramref name="count"/> places, for the caller to write.</summary>
        public Span<double> Next(int count)
        {
            if (_values.Length - Count < count) System.Array.Resize(ref _values, Math.Max(2 * _values.Length, Count + count));
            var places = _values.AsSpan(Count, count);
            Count += count;
            return places;
        }
    }

    /// <summary>
    /// An array whose every element the caller writes before it is read (a parser's columns up to their count, the
    /// objects' columns in full), so that the runtime need not clear it first: the columns of a read are about as large
    /// as the file, and clearing them was a twentieth of its time.
    /// </summary>
    private static T[] Unzeroed<T>(int length)
    {
#if NET5_0_OR_GREATER
        return GC.AllocateUninitializedArray<T>(length);
#else
        return new T[length];
#endif
    }

    /// <summary>
    /// An import file's rows as they are read: the images in the order first listed with their splits, and the boxes
    /// of those in the split asked for, claimed in the parsers' columns while the parse goes on (not copied, and not
    /// in a pass after the parse on one thread).
    /// </summary>
    private sealed class ImportRows
    {
        private readonly string _split, _splitField;

        // The images listed, each at its place, by their UTF-8 bytes: their strings are made once the read is done.
        private readonly Utf8Names _images = new();
        private readonly List<int> _keptAt = new();

        // The line each image was first listed on, by its place.
        private readonly List<long> _firstLine = new();
        private readonly Dictionary<string, int> _labelOfText = new(StringComparer.Ordinal);

        private readonly ClaimedObjects _objects = new();

        // What TouchImages read, kept so that its reads are not optimised away.
        private int _touched;

        // The latest parser's labels, and each one's number (-1: not met yet).
        private Utf8Names? _latestLabels;
        private int[] _labelOfLatest = System.Array.Empty<int>();

        public ImportRows(string path, string split, string splitField, IIssueSink sink)
        {
            Path = path;
            _split = split;
            _splitField = splitField;
            Sink = sink;
        }

        public string Path { get; }

        public IIssueSink Sink { get; }

        /// <summary>The splits of the images, in the order first listed (null: none).</summary>
        public List<string?> Splits { get; } = new();

        /// <summary>The places of the images of the split asked for (and of those without a split), in the order first listed.</summary>
        public List<int> Kept { get; } = new();

        /// <summary>The labels of every split's boxes, in the order first met; objects name them by this order.</summary>
        public List<string> Labels { get; } = new();

        /// <summary>The annotations rejected: those of the boxes, rows and lines reported as errors.</summary>
        public int Invalid { get; private set; }

        /// <summary>The errors reported, one a rejected box, row or line.</summary>
        public int Rejections { get; private set; }

        /// <summary>
        /// Makes room for the images of a file of <paramref name="fileBytes"/> at <paramref name="images"/> in the first
        /// <paramref name="bytes"/>: grown as it fills, the image table was rehashed and its entries copied at each
        /// doubling on the consuming thread. A gzip file's size underestimates; the table then grows as before.
        /// </summary>
        public void Reserve(long fileBytes, int bytes, int images)
        {
            if (bytes == 0 || fileBytes <= bytes) return;
            int expected = (int)Math.Min(OrderedJsonLines.ExpectedInFile(fileBytes, bytes, images), int.MaxValue / 4);
            _images.Reserve(expected);
            Splits.Capacity = Math.Max(Splits.Capacity, expected);
            _keptAt.Capacity = Math.Max(_keptAt.Capacity, expected);
            _firstLine.Capacity = Math.Max(_firstLine.Capacity, expected);
        }

        /// <summary>
        /// Touches the image table where the images of <paramref name="count"/> records of <paramref name="block"/> from
        /// <paramref name="first"/> will be looked up (<see cref="Utf8Names.Touch"/>): 200,000 names' lookups, one cache
        /// miss after another, were a sixth of the consuming thread.
        /// </summary>
        public void TouchImages(OrderedJsonLines.ParsedBlock<ImportLine> block, int first, int count)
        {
            int touched = 0;
            for (int i = first; i < Math.Min(first + count, block.RecordCount); i++)
            {
                if (block.RecordAt(i).Image is { } image) touched ^= _images.Touch(image.Hash);
            }
            _touched = touched;
        }

        /// <summary>
        /// Records an image's line: its place among the images listed, or -1 (reported) when it was listed before under
        /// another split. A line lists all of an image's boxes, so an image of the evaluated split listed again is warned
        /// of (<c>DuplicateItem</c>): the boxes of both lines are kept, as Vertex AI merges an image's annotations.
        /// </summary>
        public int AddImage(in Utf8Name image, string? split, long line, int annotations)
        {
            int place = AddImage(_images.IndexOfOrAdd(image), split, line, annotations);
            if (place >= 0 && _firstLine[place] != line && _keptAt[place] >= 0)
            {
                Sink.Report(new DataIssue("DuplicateItem", IssueSeverity.Warning, Path, line, ImportLineParser.ImportImageField,
                    $"image '{_images[place]}' was already listed on line {_firstLine[place].ToString(CultureInfo.InvariantCulture)}; the boxes of both lines are kept (a box listed on both counts twice)."));
            }
            return place;
        }

        /// <summary>As <see cref="AddImage(in Utf8Name, string?, long, int)"/>, for an image read as a string (CSV, a row a box: an image's rows are not repeats).</summary>
        public int AddImage(string image, string? split, long line) => AddImage(_images.Add(image), split, line, annotations: 1);

        /// <summary>The name of the image at <paramref name="place"/>.</summary>
        public string ImageName(int place) => _images[place];

        // The image at place was listed before unless it is the latest; a row that lists it in another split is
        // rejected with its annotations.
        private int AddImage(int place, string? split, long line, int annotations)
        {
            if (place == Splits.Count)
            {
                Splits.Add(split);
                _firstLine.Add(line);
                var kept = split is null || split == _split;
                _keptAt.Add(kept ? Kept.Count : -1);
                if (kept) Kept.Add(place);
                return place;
            }
            var known = Splits[place];
            if (known == split) return place;
            Reject(line, _splitField, $"image '{_images[place]}' is listed in split '{known ?? "(none)"}' on line {_firstLine[place].ToString(CultureInfo.InvariantCulture)} and in '{split ?? "(none)"}' here; the row is skipped.", annotations);
            return -1;
        }

        /// <summary>The kept images without their pixel sizes, each made when first asked for.</summary>
        public VertexImages KeptImages() => new(_images, Kept.ToArray());

        /// <summary>Every image listed, by its name: a kept one's index, or ImageNames.OtherSplit for one of another split.</summary>
        public ImageNames ImagesByName()
        {
            var imageAt = _keptAt.ToArray();
            for (int place = 0; place < imageAt.Length; place++)
            {
                if (imageAt[place] < 0) imageAt[place] = Formats.Detection.ImageNames.OtherSplit;
            }
            return new ImageNames(_images, imageAt);
        }

        /// <summary>
        /// A row's boxes, <paramref name="count"/> from <paramref name="first"/> in <paramref name="boxes"/>, labelled
        /// by their parser's <paramref name="labels"/>, for the image at <paramref name="place"/>: their labels count
        /// whatever the split; the boxes are kept only in the split asked for. Rows come in file order, so each
        /// parser's rows come one after the other.
        /// </summary>
        public void AddBoxes(int place, ObjectColumns boxes, Utf8Names labels, int first, int count)
        {
            if (!ReferenceEquals(labels, _latestLabels))
            {
                _latestLabels = labels;
                _labelOfLatest = System.Array.Empty<int>();
            }
            // A CSV file's one parser gains labels as it is read.
            if (_labelOfLatest.Length < labels.Count)
            {
                int known = _labelOfLatest.Length;
                System.Array.Resize(ref _labelOfLatest, Math.Max(labels.Count, 2 * known));
                _labelOfLatest.AsSpan(known).Fill(-1);
            }
            var at = _keptAt[place];
            for (int i = first; i < first + count; i++)
            {
                ref var label = ref _labelOfLatest[boxes.Label[i]];
                if (label < 0) label = LabelOf(labels[boxes.Label[i]]);
                if (at >= 0) _objects.Claim(boxes, i, at, label);
            }
        }

        /// <summary>
        /// Reports a rejected row, or box, as an error, and counts the annotations it loses in <see cref="Invalid"/>:
        /// one where it lists none or they cannot be told (a line that is not JSON), as the prediction reader counts a
        /// rejected line's detections.
        /// </summary>
        public void Reject(long line, string field, string message, int annotations = 1, string code = "InvalidRecord")
        {
            Invalid += Math.Max(annotations, 1);
            Rejections++;
            Sink.Report(new DataIssue(code, IssueSeverity.Error, Path, line, field, message));
        }

        /// <summary>
        /// The boxes kept, in file order, in pixels of <paramref name="images"/> (null: every size unknown);
        /// <paramref name="categoryOf"/> maps the labels' order as met to the categories'.
        /// </summary>
        public CocoObjects ToObjects(IReadOnlyList<CocoImage>? images, int[] categoryOf) => _objects.ToObjects(images, firstId: 0, categoryOf);

        private int LabelOf(string text)
        {
            if (!_labelOfText.TryGetValue(text, out var label))
            {
                label = Labels.Count;
                _labelOfText.Add(text, label);
                Labels.Add(text);
            }
            return label;
        }
    }

    /// <summary>
    /// Objects as one parser reads them (a block of lines, or a CSV file), in columns rather than an object per box or
    /// per line, so that millions of boxes are a few arrays the garbage collector neither copies nor walks: a label
    /// (the parser's own number for it, or a category), normalised corners, a score in files that have them, and the
    /// image each object is claimed for by the consuming thread (-1 until then, and for good when it is not used).
    /// </summary>
    private sealed class ObjectColumns
    {
        private int[] _label, _image;
        private double[] _corners;
        private double[]? _score;

        public ObjectColumns(int capacity, bool scored)
        {
            capacity = Math.Max(capacity, 16);
            _label = Unzeroed<int>(capacity);
            _image = Unzeroed<int>(capacity);
            _corners = Unzeroed<double>(4 * capacity);
            _score = scored ? Unzeroed<double>(capacity) : null;
        }

        public int Count { get; private set; }

        public int[] Label => _label;

        public int[] Image => _image;

        /// <summary>xMin, yMin, xMax, yMax of each object.</summary>
        public double[] Corners => _corners;

        public double[]? Score => _score;

        public void Add(int label, double xMin, double yMin, double xMax, double yMax, double score = 0.0)
        {
            if (Count == _label.Length)
            {
                System.Array.Resize(ref _label, Count * 2);
                System.Array.Resize(ref _image, Count * 2);
                System.Array.Resize(ref _corners, Count * 8);
                if (_score is not null) System.Array.Resize(ref _score, Count * 2);
            }
            _label[Count] = label;
            _image[Count] = -1;
            _corners[4 * Count] = xMin;
            _corners[(4 * Count) + 1] = yMin;
            _corners[(4 * Count) + 2] = xMax;
            _corners[(4 * Count) + 3] = yMax;
            if (_score is not null) _score[Count] = score;
            Count++;
        }

        /// <summary>Drops the objects from <paramref name="count"/> on (those of a line that failed, or is read again).</summary>
        public void Truncate(int count) => Count = count;
    }

    /// <summary>
    /// The objects claimed in the parsers' columns, which the consuming thread meets in file order: each one's image
    /// and final label are written in place, and nothing is copied until the evaluator's columns are made.
    /// </summary>
    private sealed class ClaimedObjects
    {
        private readonly List<ObjectColumns> _columns = new();
        private int _count;

        public int Count => _count;

        public void Claim(ObjectColumns columns, int at, int image, int label)
        {
            if (_columns.Count == 0 || !ReferenceEquals(_columns[_columns.Count - 1], columns)) _columns.Add(columns);
            columns.Image[at] = image;
            columns.Label[at] = label;
            _count++;
        }

        /// <summary>Claims <paramref name="count"/> objects from <paramref name="first"/> for <paramref name="image"/>, each with the label it has.</summary>
        public void ClaimAll(ObjectColumns columns, int first, int count, int image)
        {
            if (count == 0) return;
            if (_columns.Count == 0 || !ReferenceEquals(_columns[_columns.Count - 1], columns)) _columns.Add(columns);
            columns.Image.AsSpan(first, count).Fill(image);
            _count += count;
        }

        // Normalised corners → COCO [x, y, w, h] in pixels when the image size is known (images null: none is),
        // otherwise normalised; categoryOf, when given, maps the labels as claimed to the categories.
        public CocoObjects ToObjects(IReadOnlyList<CocoImage>? images, long firstId, int[]? categoryOf = null)
        {
            var imageOf = Unzeroed<int>(_count);
            var category = Unzeroed<int>(_count);
            var boxes = Unzeroed<double>(_count * 4);
            var area = Unzeroed<double>(_count);
            // Import files have no scores.
            var score = _columns.Count > 0 && _columns[0].Score is not null ? Unzeroed<double>(_count) : null;
            // Each block's objects go to their own stretch of the output, so blocks are copied in parallel: most of the
            // copy's time is the first touch of the new arrays' pages, which the kernel zeroes page by page.
            var starts = new int[_columns.Count];
            for (int b = 1; b < starts.Length; b++) starts[b] = starts[b - 1] + ClaimedIn(_columns[b - 1]);
            Parallel.For(0, _columns.Count, b =>
            {
                var columns = _columns[b];
                var corners = columns.Corners;
                int o = starts[b];
                for (int i = 0; i < columns.Count; i++)
                {
                    int image = columns.Image[i];
                    if (image < 0) continue;
                    double sx = 1, sy = 1;
                    if (images is not null)
                    {
                        var size = images[image];
                        if (size.Width > 0) sx = size.Width;
                        if (size.Height > 0) sy = size.Height;
                    }
                    imageOf[o] = image;
                    category[o] = categoryOf is null ? columns.Label[i] : categoryOf[columns.Label[i]];
                    boxes[o * 4] = corners[4 * i] * sx;
                    boxes[(o * 4) + 1] = corners[(4 * i) + 1] * sy;
                    boxes[(o * 4) + 2] = (corners[(4 * i) + 2] - corners[4 * i]) * sx;
                    boxes[(o * 4) + 3] = (corners[(4 * i) + 3] - corners[(4 * i) + 1]) * sy;
                    area[o] = boxes[(o * 4) + 2] * boxes[(o * 4) + 3];
                    if (score is not null) score[o] = columns.Score![i];
                    o++;
                }
            });
            return new CocoObjects(imageOf, category, boxes, area, score, firstId);
        }

        private static int ClaimedIn(ObjectColumns columns)
        {
            int claimed = 0;
            for (int i = 0; i < columns.Count; i++)
            {
                if (columns.Image[i] >= 0) claimed++;
            }
            return claimed;
        }
    }

    private static void ReadImportJsonl(string path, ImportRows rows, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        using var stream = InputFile.OpenRead(path, progress, cancellationToken);
        long fileBytes = new FileInfo(path).Length;
        bool first = true;
        foreach (var block in OrderedJsonLines.ParseRecordBlocks<ImportLine>(stream, path, blockBytes => new ImportLineParser(blockBytes).Parse))
        {
            if (first) rows.Reserve(fileBytes, block.Bytes, ImagesIn(block));
            first = false;
            int at = 0;
            foreach (var (parsed, line) in block.Replay(rows.Sink))
            {
                if (at % TouchedAhead == 0) rows.TouchImages(block, at, TouchedAhead);
                at++;
                foreach (var misspelt in parsed.Misspelt) rows.Sink.Report(MisspeltFields.Warning(path, line, misspelt, WithoutImportField[misspelt.Intended]));
                if (parsed.Error is { } error)
                {
                    rows.Reject(line, error.Field, LineSkipped(error.Message, parsed.Annotations), parsed.Annotations, error.Code);
                    continue;
                }
                var place = rows.AddImage(parsed.Image!.Value, parsed.Split, line, parsed.Annotations);
                if (place < 0) continue;
                if (parsed.BadBoxes is { } badBoxes)
                {
                    foreach (var bad in badBoxes) rows.Reject(line, bad.Field, Skipped(bad.Message, "annotation"));
                }
                if (parsed.BoxCount > 0) rows.AddBoxes(place, parsed.Boxes!, parsed.Labels!, parsed.FirstBox, parsed.BoxCount);
            }
        }
    }

    // Why an import line is rejected whole, and the annotations it takes with it.
    private static string LineSkipped(string reason, int annotations) =>
        annotations == 0 ? Skipped(reason, "line") : $"{reason.TrimEnd('.')}; the line and its {Counted.Of(annotations, "annotation")} are skipped.";

    // Records whose images are touched in the image table before they are looked up: their buckets and entries (two
    // cache lines each) stay well within a core's L2 cache until then.
    private const int TouchedAhead = 512;

    // The lines of the block that name an image: a failed line adds none, so a block of them does not swell the table.
    private static int ImagesIn(OrderedJsonLines.ParsedBlock<ImportLine> block)
    {
        int images = 0;
        for (int i = 0; i < block.RecordCount; i++)
        {
            if (block.RecordAt(i).Image is not null) images++;
        }
        return images;
    }

    /// <summary>
    /// One import line as read on a worker thread: the image (its bytes, kept by the parser), its split (null without
    /// one), where its good boxes are in its parser's columns, labelled by the parser's labels, and why each bad one
    /// cannot be used; or the error that makes the line unusable.
    /// </summary>
    private readonly record struct ImportLine(Utf8Name? Image, string? Split, FieldError? Error, ObjectColumns? Boxes, Utf8Names? Labels, int FirstBox, int BoxCount)
    {
        public static ImportLine Failed(string field, string message) => new(null, null, new FieldError(field, message), null, null, 0, 0);

        /// <summary>The line's keys near the name of a field (each reported as a warning).</summary>
        public IReadOnlyList<MisspeltKey> Misspelt { get; init; } = Array.Empty<MisspeltKey>();

        /// <summary>The boxes that cannot be used, each skipped on its own (null: none).</summary>
        public FieldError[]? BadBoxes { get; init; }

        /// <summary>
        /// The annotations the line lists, good or bad, as far as it was read (0 when not known: a line that is not
        /// JSON): those it loses when it is rejected.
        /// </summary>
        public int Annotations { get; init; }

        // A line that is not JSON or not text fails as a whole: no field is at fault, and its annotations are not known.
        public static ImportLine NotJson(string message) => new(null, null, FieldError.NotJson(message), null, null, 0, 0);
    }

    /// <summary>
    /// Why a line (or one of its boxes) is unusable, the field at fault as a path into the line (empty for the whole
    /// line), and the issue's code.
    /// </summary>
    private readonly record struct FieldError(string Field, string Message, string Code = "InvalidRecord")
    {
        // As every JSON Lines reader reports a line that is not JSON (or not text).
        public static FieldError NotJson(string message) => new(string.Empty, message, "InvalidJson");
    }

    /// <summary>
    /// A reason and what becomes of the record, as one sentence: the reason's own full stop, which System.Text.Json's
    /// messages end with, is dropped before the semicolon.
    /// </summary>
    private static string Skipped(string reason, string record) => reason.TrimEnd('.') + "; the " + record + " is skipped.";

    private static readonly string[] ImportFields = { "imageGcsUri", "boundingBoxAnnotations", "dataItemResourceLabels" };
    private static readonly string[] ImportSplitKeys = { MlUse.ResourceLabelKey };

    // What an import line read without the field means, for the warning on a key near its name.
    private static readonly Dictionary<string, string> WithoutImportField = new(StringComparer.Ordinal)
    {
        ["imageGcsUri"] = "the line has no image",
        ["boundingBoxAnnotations"] = "the image is read as one without objects, where every detection is a false positive",
        ["dataItemResourceLabels"] = "the image has no split, so it is in every split",
        [MlUse.ResourceLabelKey] = "the image has no split, so it is in every split",
    };

    /// <summary>
    /// Reads import lines with a <see cref="Utf8JsonReader"/> straight from the file's bytes (one parser per block; labels
    /// interned from their bytes). The checks, their order and their messages are those the reader made on a
    /// <see cref="JsonDocument"/> of the line: fields the last of a repeated name, syntax errors first, then
    /// imageGcsUri and the split, which fail the line; then the boxes in order, a bad one skipped on its own (as the
    /// COCO reader skips an annotation), the image and its other boxes kept.
    /// </summary>
    private sealed class ImportLineParser
    {
        private static readonly string[] Corners = { "xMin", "yMin", "xMax", "yMax" };
        private static readonly uint[] CornerWords = Corners.Select(c => BinaryPrimitives.ReadUInt32LittleEndian(Encoding.ASCII.GetBytes(c))).ToArray();

        // The fields at fault as issues name them: paths into the line, as the classification reader's.
        public const string ImportImageField = "imageGcsUri";
        private const string AnnotationsField = "boundingBoxAnnotations";

        private readonly ObjectColumns _boxes;
        private readonly Utf8NameStore _imageNames;
        private readonly Utf8Names _labels = new();
        private readonly double[] _corners = new double[4];
        private readonly FieldReader _readField;

        // Split texts, interned as read, and the split the latest one names (a block names the same one or two).
        private readonly Utf8Names _splitTexts = new();
        private string? _latestSplitText, _latestSplit;

        // Where the line being read starts in _boxes.
        private int _lineStart;

        // The line's fields as read so far (the last of a repeated name counts).
        private (Utf8Name? Name, string? Error) _image;
        private (string? Text, string? Error) _split;
        private bool _hasAnnotations, _annotationsAreArray;
        // The line's boxes that cannot be used, each skipped on its own.
        private readonly List<FieldError> _badBoxes = new();
        private readonly MisspeltKeyNotes _misspelt = new();

        // The plain path leaves a line with a key near a field's name to the reader, which notes it (it reports nothing).
        private readonly KeysNearFields _keysNearFields = new(ImportFields), _keysNearSplitKey = new(ImportSplitKeys);

        // A box takes 58 bytes of JSON at the least, and about a hundred as Vertex AI writes them; an image's name
        // (with its key) less than a line's sixteenth, which holds its boxes too.
        public ImportLineParser(int blockBytes)
        {
            _boxes = new ObjectColumns(blockBytes / 64, scored: false);
            _imageNames = new Utf8NameStore(blockBytes / 16);
            _readField = ReadField;
        }

        public bool Parse(long lineNumber, ReadOnlySpan<byte> line, IIssueSink issues, out ImportLine record) =>
            ParseLine(line, Read, ImportLine.NotJson, out record);

        private bool ReadField(ref Utf8JsonReader reader)
        {
            if (reader.ValueTextEquals("imageGcsUri"u8))
            {
                reader.Read();
                var (text, error) = StringOf(ref reader);
                _image = (text is null ? null : _imageNames.Keep(text), error);
            }
            else if (reader.ValueTextEquals("dataItemResourceLabels"u8))
            {
                reader.Read();
                _split = default;
                if (reader.TokenType == JsonTokenType.StartObject) _split = ReadSplit(ref reader);
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("boundingBoxAnnotations"u8))
            {
                reader.Read();
                _hasAnnotations = true;
                _annotationsAreArray = reader.TokenType == JsonTokenType.StartArray;
                _boxes.Truncate(_lineStart);
                _badBoxes.Clear();
                if (_annotationsAreArray) ReadAnnotations(ref reader);
                else reader.Skip();
            }
            else
            {
                // The line's object starts the line (white space aside).
                _misspelt.NoteIfNear(ref reader, ImportFields, objectStart: 0, parent: string.Empty);
                return false;
            }
            return true;
        }

        // The split of dataItemResourceLabels (the reader at its start; the last, when repeated), its other keys noted when near the split's.
        private (string? Text, string? Error) ReadSplit(ref Utf8JsonReader reader)
        {
            long labelsStart = reader.TokenStartIndex;
            (string? Text, string? Error) split = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isSplit = reader.ValueTextEquals("aiplatform.googleapis.com/ml_use"u8);
                if (!isSplit) _misspelt.NoteIfNear(ref reader, ImportSplitKeys, labelsStart, "dataItemResourceLabels.");
                reader.Read();
                if (isSplit) split = StringOf(ref reader);
                else reader.Skip();
            }
            return split;
        }

        // The line's record; a failed line leaves no boxes behind.
        private ImportLine Read(ReadOnlySpan<byte> line)
        {
            _lineStart = _boxes.Count;
            try
            {
                var read = ReadFields(line) with { Misspelt = _misspelt.Take(line) };
                if (read.Error is not null) _boxes.Truncate(_lineStart);
                return read;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                _boxes.Truncate(_lineStart);
                throw;
            }
        }

        private ImportLine ReadFields(ReadOnlySpan<byte> line)
        {
            if (!ReadPlain(line))
            {
                if (!Utf8Lines.IsText(line)) return ImportLine.NotJson(NotText);
                var reader = new Utf8JsonReader(line);
                ClearFields();
                ReadLineValue(ref reader, _readField);
            }
            if (_image.Error is not null) return Failed(ImportImageField, _image.Error);
            if (_image.Name is null) return Failed(ImportImageField, "missing imageGcsUri");
            if (_split.Error is not null) return Failed(ImportSplitField, _split.Error);
            string? mlUse = null;
            if (_split.Text is not null)
            {
                if (!ReferenceEquals(_split.Text, _latestSplitText)) (_latestSplitText, _latestSplit) = (_split.Text, MlUse.Normalize(_split.Text));
                mlUse = _latestSplit;
                if (mlUse is null) return Failed(ImportSplitField, $"'{_split.Text}' is not a split (training, validation, test, unassigned)");
            }
            if (_hasAnnotations && !_annotationsAreArray) return Failed(AnnotationsField, "boundingBoxAnnotations must be an array");
            // An array only for a line with a bad box: a line of good ones allocates nothing.
            var badBoxes = _badBoxes.Count == 0 ? null : _badBoxes.ToArray();
            return new ImportLine(_image.Name, mlUse, null, _boxes, _labels, _lineStart, _boxes.Count - _lineStart) { BadBoxes = badBoxes, Annotations = AnnotationsRead };
        }

        // A line that cannot be used, with the annotations it lists, which are lost with it.
        private ImportLine Failed(string field, string message) => ImportLine.Failed(field, message) with { Annotations = AnnotationsRead };

        private int AnnotationsRead => _boxes.Count - _lineStart + _badBoxes.Count;

        private void ClearFields()
        {
            _image = default;
            _split = default;
            _hasAnnotations = _annotationsAreArray = false;
            _boxes.Truncate(_lineStart);
            _badBoxes.Clear();
            _misspelt.Clear();
        }

        /// <summary>
        /// Reads a line of the plain form Vertex AI writes (<see cref="PlainJson"/>: no escapes; imageGcsUri a string;
        /// dataItemResourceLabels an object; boundingBoxAnnotations a list of objects whose corners are numbers and
        /// displayName a string; none of these fields repeated) into the fields as <see cref="ReadLineValue"/> would;
        /// false, fields in any state, for any other line, which the reader then reads.
        /// </summary>
        private bool ReadPlain(ReadOnlySpan<byte> line)
        {
            ClearFields();
            var json = new PlainJson(line);
            bool closed = false, hasSplit = false;
            for (int i = 0; ; i++)
            {
                // Vertex AI's own order first (imageGcsUri, boundingBoxAnnotations, dataItemResourceLabels): one
                // comparison a key, where a key read as a string was then compared with each field's name.
                ReadOnlySpan<byte> name = default;
                int field = i < 3 && json.NextMemberNamed(i, ExpectedLineKey(i)) ? i
                    : json.NextMember(i, out name, out closed) ? LineFieldOf(name)
                    : NoMember;
                if (field == NoMember) break;
                bool read = field switch
                {
                    ImageKey => _image.Name is null && ReadPlainImage(ref json),
                    AnnotationsKey => !_hasAnnotations && ReadPlainAnnotations(ref json),
                    SplitKey => !hasSplit && (hasSplit = ReadPlainSplit(ref json)),
                    _ => !_keysNearFields.IsNear(name) && json.TrySkipValue(),
                };
                if (!read) return false;
            }
            return closed && json.AtEnd();
        }

        // An import line's fields by their places in the order Vertex AI writes them.
        private const int ImageKey = 0, AnnotationsKey = 1, SplitKey = 2, OtherKey = 3, NoMember = -1;

        // The key Vertex AI writes at position index of a line, with its quotes.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ReadOnlySpan<byte> ExpectedLineKey(int index) => index switch
        {
            ImageKey => "\"imageGcsUri\""u8,
            AnnotationsKey => "\"boundingBoxAnnotations\""u8,
            _ => "\"dataItemResourceLabels\""u8,
        };

        private static int LineFieldOf(ReadOnlySpan<byte> name) =>
            name.SequenceEqual("imageGcsUri"u8) ? ImageKey
            : name.SequenceEqual("boundingBoxAnnotations"u8) ? AnnotationsKey
            : name.SequenceEqual("dataItemResourceLabels"u8) ? SplitKey
            : OtherKey;

        // The image's bytes as they are: a plain string has no escapes.
        private bool ReadPlainImage(ref PlainJson json)
        {
            if (!json.TryReadString(out var value)) return false;
            _image.Name = _imageNames.Keep(value);
            return true;
        }

        private bool ReadPlainSplit(ref PlainJson json)
        {
            bool closed = false;
            for (int i = 0; ; i++)
            {
                // The split's key as Vertex AI writes it, alone: one comparison.
                ReadOnlySpan<byte> name = default;
                bool isSplit = i == 0 && json.NextMemberNamed(0, "\"aiplatform.googleapis.com/ml_use\""u8);
                if (!isSplit && !json.NextMember(i, out name, out closed)) break;
                isSplit = isSplit || name.SequenceEqual("aiplatform.googleapis.com/ml_use"u8);
                bool read = isSplit ? _split.Text is null && ReadPlainSplitText(ref json)
                    : !_keysNearSplitKey.IsNear(name) && json.TrySkipValue();
                if (!read) return false;
            }
            return closed;
        }

        private bool ReadPlainSplitText(ref PlainJson json)
        {
            if (!json.TryReadString(out var text)) return false;
            _split.Text = _splitTexts[_splitTexts.IndexOfOrAdd(text)];
            return true;
        }

        private bool ReadPlainAnnotations(ref PlainJson json)
        {
            _hasAnnotations = _annotationsAreArray = true;
            _boxes.Truncate(_lineStart);
            _badBoxes.Clear();
            bool closed;
            for (int i = 0; json.NextElement(i, out closed); i++)
            {
                if (!ReadPlainAnnotation(ref json, i)) return false;
            }
            return closed;
        }

        // A box's corners numbers and its displayName a string, none repeated (anything else is left to the reader).
        private bool ReadPlainAnnotation(ref PlainJson json, int index)
        {
            const int LabelSeen = 1 << 4;
            int label = -1;
            _corners.AsSpan().Fill(double.NaN);
            int seen = 0;
            bool closed = false;
            for (int i = 0; ; i++)
            {
                // Vertex AI's own order first (displayName, xMin, yMin, xMax, yMax): one comparison a key.
                int corner;
                if (i < 5 && json.NextMemberNamed(i, ExpectedKey(i)))
                {
                    corner = i - 1;
                }
                else if (json.NextMember(i, out var name, out closed))
                {
                    corner = CornerOf(name);
                    if (corner < 0 && name.SequenceEqual("displayName"u8)) corner = -1;
                    else if (corner < 0) corner = -2;
                }
                else
                {
                    break;
                }
                int field = corner >= 0 ? 1 << corner : corner == -1 ? LabelSeen : 0;
                if ((seen & field) != 0) return false;
                seen |= field;
                if (corner >= 0)
                {
                    if (!json.TryReadShortDecimalFirst(out var number)) return false;
                    _corners[corner] = number;
                }
                else if (field == LabelSeen)
                {
                    if (!json.TryReadString(out var text)) return false;
                    label = _labels.IndexOfOrAdd(text);
                }
                else if (!json.TrySkipValue())
                {
                    return false;
                }
            }
            if (!closed) return false;
            AddBox(index, label, null);
            return true;
        }

        // The key Vertex AI writes at position index of a box, with its quotes (inlined: a call was 1% of a read).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ReadOnlySpan<byte> ExpectedKey(int index) => index switch
        {
            0 => "\"displayName\""u8,
            1 => "\"xMin\""u8,
            2 => "\"yMin\""u8,
            3 => "\"xMax\""u8,
            _ => "\"yMax\""u8,
        };

        // Each name's four bytes as one number: four comparisons of spans were 2% of a read.
        private static int CornerOf(ReadOnlySpan<byte> name)
        {
            if (name.Length != 4) return -1;
            uint word = BinaryPrimitives.ReadUInt32LittleEndian(name);
            for (int corner = 0; corner < CornerWords.Length; corner++)
            {
                if (word == CornerWords[corner]) return corner;
            }
            return -1;
        }

        // The boxes in order, each good one kept and each bad one noted.
        private void ReadAnnotations(ref Utf8JsonReader reader)
        {
            for (int index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++) ReadAnnotation(ref reader, index);
        }

        private void ReadAnnotation(ref Utf8JsonReader reader, int index)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                _badBoxes.Add(new FieldError(BoxField(index), "a bounding box has no displayName"));
                return;
            }
            (string? Text, string? Error) label = default;
            _corners.AsSpan().Fill(double.NaN);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int corner = reader.ValueTextEquals("xMin"u8) ? 0 : reader.ValueTextEquals("yMin"u8) ? 1 : reader.ValueTextEquals("xMax"u8) ? 2 : reader.ValueTextEquals("yMax"u8) ? 3 : -1;
                bool isLabel = corner < 0 && reader.ValueTextEquals("displayName"u8);
                reader.Read();
                if (corner >= 0) _corners[corner] = NumberOf(ref reader);
                else if (isLabel) label = StringOf(ref reader);
                else reader.Skip();
            }
            AddBox(index, label.Text is null ? -1 : _labels.Add(label.Text), label.Error);
        }

        // The box at index of the label (its index in the boxes' labels, -1 for none) and corners read: kept, or noted with why it is not used.
        private void AddBox(int index, int label, string? labelError)
        {
            double xMin = _corners[0], yMin = _corners[1], xMax = _corners[2], yMax = _corners[3];
            // Six comparisons hold exactly when every corner is a number in [0, 1] (NaN fails them) and the box is not
            // reversed: a good box is kept without the checks one by one, which were 2% of a read.
            if (labelError is null && label >= 0 && xMin >= 0 && yMin >= 0 && xMax <= 1 && yMax <= 1 && xMax >= xMin && yMax >= yMin)
            {
                _boxes.Add(label, xMin, yMin, xMax, yMax);
            }
            else
            {
                _badBoxes.Add(WhyUnusable(index, label, labelError));
            }
        }

        // Why the box at index cannot be used (AddBox's check failed): the first fault in the order checked.
        private FieldError WhyUnusable(int index, int label, string? labelError)
        {
            if (labelError is not null) return new FieldError(BoxField(index) + ".displayName", labelError);
            if (label < 0) return new FieldError(BoxField(index) + ".displayName", "a bounding box has no displayName");
            for (int k = 0; k < 4; k++)
            {
                if (!(_corners[k] >= 0 && _corners[k] <= 1)) return new FieldError(BoxField(index) + "." + Corners[k], $"'{Corners[k]}' is missing or not a number in [0, 1]");
            }
            return new FieldError(BoxField(index), "xMax < xMin or yMax < yMin");
        }

        private static string BoxField(int index) => AnnotationsField + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
    }

    private static void ReadImportCsv(string path, ImportRows rows, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        using var reader = InputFile.TextReader(InputFile.OpenRead(path, progress, cancellationToken));
        var boxes = new ObjectColumns(1024, scored: false);
        var labels = new Utf8Names();
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
            if (cells.Count == 0 || cells[0].Length == 0)
            {
                rows.Reject(line, "PATH", "expected [ML_USE,]PATH,LABEL,coordinates, or [ML_USE,]PATH,,,,,,,,, (or [ML_USE,]PATH) for an image with no objects; the row is skipped.");
                continue;
            }
            var image = cells[0];
            if (ListsImageWithoutObjects(cells, pathColumn: 0))
            {
                rows.AddImage(image, split, line);
                continue;
            }
            var numbers = new List<double>();
            int bad = -1;
            for (int i = 2; i < cells.Count && bad < 0; i++)
            {
                if (cells[i].Length == 0) continue;
                if (double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= 1) numbers.Add(v);
                else bad = i;
            }
            // A row of a box's shape (two vertices X_MIN,Y_MIN,,,X_MAX,Y_MAX,, or four X1,Y1,...,X4,Y4 read, or the eight
            // coordinate columns) lists its image even when its box is bad: the box is skipped and the image kept, as a
            // JSON Lines import keeps an image with a bad box. Any other row is skipped whole: it may be no Vertex AI
            // detection import at all (a classification one has no coordinates). A bad number is named by its column.
            bool boxShaped = bad < 0 ? numbers.Count is 4 or 8 : cells.Count - 2 == CoordinateColumns.Length;
            if (!boxShaped)
            {
                if (bad >= 0 && bad - 2 < CoordinateColumns.Length) rows.Reject(line, CoordinateColumns[bad - 2], $"'{cells[bad]}' is not a number in [0, 1]; the row is skipped.");
                else rows.Reject(line, "X_MIN", "expected two vertices (X_MIN,Y_MIN,,,X_MAX,Y_MAX,,) or four, as numbers in [0, 1]; the row is skipped.");
                continue;
            }
            var place = rows.AddImage(image, split, line);
            if (place < 0) continue;
            if (bad >= 0)
            {
                rows.Reject(line, CoordinateColumns[bad - 2], $"'{cells[bad]}' is not a number in [0, 1]; the box is skipped.");
                continue;
            }
            if (ReversedBox(numbers) is { } reversed)
            {
                rows.Reject(line, reversed.Field, reversed.Reason + "; the box is skipped.");
                continue;
            }
            var xs = numbers.Where((_, i) => i % 2 == 0).ToArray();
            var ys = numbers.Where((_, i) => i % 2 == 1).ToArray();
            boxes.Add(labels.Add(cells[1]), xs.Min(), ys.Min(), xs.Max(), ys.Max());
            rows.AddBoxes(place, boxes, labels, boxes.Count - 1, 1);
        }
    }

    /// <summary>
    /// Whether an import CSV row (its PATH at <paramref name="pathColumn"/>, 1 after an ML_USE) lists an image without
    /// objects: a PATH and no LABEL, as <c>PATH,,,,,,,,,</c> or <c>PATH</c> alone (Vertex AI's LABEL and box are optional).
    /// </summary>
    internal static bool ListsImageWithoutObjects(IReadOnlyList<string> cells, int pathColumn) =>
        cells.Count > pathColumn && cells[pathColumn].Length > 0 && (cells.Count == pathColumn + 1 || cells[pathColumn + 1].Length == 0);

    // A box whose bottom-right vertex is left of or above its top-left one (the first two of two vertices, the first
    // and third of four, clockwise from the top left), as the JSON Lines import and the batch predictions reject it
    // (min ≤ max): the max column at fault and why; null for a box the right way round. It was swapped and used.
    private static (string Field, string Reason)? ReversedBox(List<double> numbers)
    {
        int bottomRight = numbers.Count == 4 ? 2 : 4;
        for (int axis = 0; axis < 2; axis++)
        {
            double min = numbers[axis], max = numbers[bottomRight + axis];
            if (max < min)
            {
                var name = axis == 0 ? "X" : "Y";
                return (name + "_MAX", FormattableString.Invariant($"{name}_MAX {max} is less than {name}_MIN {min}: the box is reversed (are the columns in Vertex AI's order?)"));
            }
        }
        return null;
    }

    private static CocoImage ImageOf(string uri, long id, string? imageDirectory)
    {
        var local = imageDirectory is null ? null : Path.Combine(imageDirectory, CocoGroundTruth.FileNameOf(uri));
        var size = local is not null && File.Exists(local) ? ImageHeader.ReadSize(local) : null;
        return new CocoImage(id, size?.Width ?? 0, size?.Height ?? 0, uri);
    }
}
