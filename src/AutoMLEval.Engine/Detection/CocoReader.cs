using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// Reads COCO ground-truth files (<c>instances_*.json</c>) and COCO results files (a list of detections),
/// plain or gzip-compressed, streaming one record at a time. A bad record (wrong type, missing or non-finite
/// box, negative width or height, unsupported segmentation) is reported through the sink with its file and
/// position (<c>annotations[17].bbox</c>) and skipped; a document that is not JSON, or not COCO-shaped, is an
/// <see cref="InputFormatException"/>.
/// </summary>
public static class CocoReader
{
    /// <summary>Reads a ground-truth file. Only what <paramref name="iouType"/> needs is required of annotations.</summary>
    public static CocoGroundTruth ReadGroundTruth(string path, IouType iouType, IIssueSink? sink = null)
    {
        using var json = ChunkedJsonReader.Open(path);
        using var capped = new CappedIssueSink(sink ?? new IssueLog());
        return ReadGroundTruth(json, path, iouType, capped, CocoRecordLines.OfFile(path), out _);
    }

    /// <summary>Reads a ground-truth document from a stream (gzip not detected here); <paramref name="source"/> names it in messages.</summary>
    public static CocoGroundTruth ReadGroundTruth(Stream stream, string source, IouType iouType, IIssueSink? sink = null) =>
        ReadGroundTruth(stream, source, iouType, sink, ChunkedJsonReader.DefaultBufferSize);

    internal static CocoGroundTruth ReadGroundTruth(Stream stream, string source, IouType iouType, IIssueSink? sink, int bufferSize)
    {
        var lines = CocoRecordLines.OfStream(stream, source, bufferSize);
        using var json = new ChunkedJsonReader(stream, source, bufferSize);
        return ReadGroundTruth(json, source, iouType, sink ?? new IssueLog(), lines, out _);
    }

    /// <summary>Reads a results file against the ground truth its ids refer to.</summary>
    public static CocoDetections ReadDetections(string path, CocoGroundTruth groundTruth, IouType iouType, IIssueSink? sink = null)
    {
        using var json = ChunkedJsonReader.Open(path);
        using var capped = new CappedIssueSink(sink ?? new IssueLog());
        return OfResultsFile(path, () => ReadDetections(json, path, groundTruth, iouType, capped, CocoRecordLines.OfFile(path)));
    }

    /// <summary>
    /// Reads a ground-truth file and a results file at the same time (two threads; the results are checked against
    /// the ground truth once both are read). Issues reach <paramref name="sink"/> file by file, each file's in its
    /// order: the ground truth's as it is read, then the results' (held until then);
    /// both reads report their bytes to <paramref name="progress"/> and stop once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static (CocoGroundTruth GroundTruth, CocoDetections Detections) ReadPair(
        string groundTruthPath, string detectionsPath, IouType iouType, IIssueSink? sink = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadPair(groundTruthPath, new[] { detectionsPath }, detectionsPath, iouType, sink, progress, cancellationToken);

    /// <summary>
    /// Reads a ground-truth file and several results files as one results list (<paramref name="detectionsSource"/> names
    /// the set): the union of their lists in the order given, as if the files were one. Each bad record is reported with
    /// its own file; the counts are summed. Otherwise as the overload with one results file.
    /// </summary>
    public static (CocoGroundTruth GroundTruth, CocoDetections Detections) ReadPair(
        string groundTruthPath, IReadOnlyList<string> detectionsPaths, string detectionsSource, IouType iouType, IIssueSink? sink = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var target = sink ?? new IssueLog();
        var resultIssues = new HeldIssueSink(target);
        using var detectionIssues = new CappedIssueSink(resultIssues);
        var results = System.Threading.Tasks.Task.Run(() =>
        {
            var files = new List<ParsedDetections>(detectionsPaths.Count);
            bool? firstHasBox = null;
            foreach (var path in detectionsPaths)
            {
                using var json = ChunkedJsonReader.Open(path, progress, cancellationToken);
                var file = OfResultsFile(path, () => ParseDetections(json, path, iouType, detectionIssues, firstHasBox, CocoRecordLines.OfFile(path, cancellationToken)));
                firstHasBox = file.FirstHasBox;
                files.Add(file);
            }
            ReportNoDetections(files, detectionsSource, detectionIssues);
            return (Files: files, FirstHasBox: firstHasBox ?? false);
        });
        CocoGroundTruth? groundTruth = null;
        int boxesWithoutMask;
        // Each file's issues are held and written in line order: a mask is checked against its image once the images are
        // read, after the records' own errors were found.
        var groundTruthHeld = new HeldIssueSink(target);
        try
        {
            using var json = ChunkedJsonReader.Open(groundTruthPath, progress, cancellationToken);
            // Capped as a ground truth read alone is: a file of repeated ids, say, warns of the first few and counts the rest.
            using var groundTruthIssues = new CappedIssueSink(groundTruthHeld);
            groundTruth = ReadGroundTruth(json, groundTruthPath, iouType, groundTruthIssues, CocoRecordLines.OfFile(groundTruthPath, cancellationToken), out boxesWithoutMask);
        }
        finally
        {
            // Let the results reader finish (or fail) before returning or rethrowing; what it found follows the ground truth's issues.
            ((IAsyncResult)results).AsyncWaitHandle.WaitOne();
            groundTruthHeld.Release();
            if (groundTruth is null) resultIssues.Release();
        }
        CocoDetections detections;
        (List<ParsedDetections> Files, bool FirstHasBox) read;
        try
        {
            read = results.GetAwaiter().GetResult();
            detections = CocoDetections.Concat(detectionsSource, read.Files.Select(f => f.Resolve(groundTruth, detectionIssues)).ToArray(), read.FirstHasBox);
        }
        finally
        {
            resultIssues.Release();
        }
        if (groundTruth.AnnotationCount == 0 && detections.Count == 0 && groundTruth.InvalidRecords + detections.InvalidCount > 0)
        {
            boxesWithoutMask += read.Files.Sum(f => f.Objects.BoxesWithoutMask.Count);
            throw NothingUsable(groundTruth, detections, boxesWithoutMask);
        }
        return (groundTruth, detections);
    }

    /// <summary>
    /// Neither file has a record to evaluate, and records were rejected: an evaluation of nothing would be a table of
    /// undefined figures, so the pair is not usable (NoItems), and the error says what to do where the records held boxes
    /// read for masks.
    /// </summary>
    private static InputFormatException NothingUsable(CocoGroundTruth groundTruth, CocoDetections detections, int boxesWithoutMask)
    {
        var rejected = $"{Counted.Of(groundTruth.InvalidRecords, "record")} of the ground truth and {Counted.Of(detections.InvalidCount, "result")} of {detections.Source} rejected, each reported as an error";
        var task = boxesWithoutMask > 0 ? "; the records hold boxes and no segmentation: to evaluate them as detection, name the task (--task detection, -Task Detection)" : string.Empty;
        return new InputFormatException("NoItems", groundTruth.Source, 0, string.Empty, $"no usable record in either file ({rejected}){task}.");
    }

    /// <summary>Reads a results document from a stream; <paramref name="source"/> names it in messages.</summary>
    public static CocoDetections ReadDetections(Stream stream, string source, CocoGroundTruth groundTruth, IouType iouType, IIssueSink? sink = null) =>
        ReadDetections(stream, source, groundTruth, iouType, sink, ChunkedJsonReader.DefaultBufferSize);

    internal static CocoDetections ReadDetections(Stream stream, string source, CocoGroundTruth groundTruth, IouType iouType, IIssueSink? sink, int bufferSize)
    {
        var lines = CocoRecordLines.OfStream(stream, source, bufferSize);
        using var json = new ChunkedJsonReader(stream, source, bufferSize);
        return ReadDetections(json, source, groundTruth, iouType, sink ?? new IssueLog(), lines);
    }

    // boxesWithoutMask: the annotations rejected by a segmentation read for having a box and no mask.
    private static CocoGroundTruth ReadGroundTruth(ChunkedJsonReader json, string source, IouType iouType, IIssueSink sink, CocoRecordLines lines, out int boxesWithoutMask)
    {
        var images = new List<CocoImage>();
        var categories = new List<CocoCategory>();
        var annotations = new ObjectsBuilder("annotations", areasFromMasks: true, lines);
        var rejectedImages = new RejectedRecords();
        var rejectedCategories = new RejectedRecords();
        bool sawImages = false, sawCategories = false, sawAnnotations = false;
        json.Expect(JsonTokenType.StartObject, "a COCO ground-truth object ({\"images\": ..., \"annotations\": ..., \"categories\": ...})");
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            switch (json.Text)
            {
                case "images":
                    sawImages = true;
                    ReadRecords(json, "images", "images", sink, source, rejectedImages, (ref Utf8JsonReader r, RecordLocation _) => images.Add(ParseImage(ref r)));
                    break;
                case "categories":
                    sawCategories = true;
                    ReadRecords(json, "categories", "categories", sink, source, rejectedCategories, (ref Utf8JsonReader r, RecordLocation _) => categories.Add(ParseCategory(ref r)));
                    break;
                case "annotations":
                    sawAnnotations = true;
                    ReadRecords(json, "annotations", "annotations", sink, source, annotations.Rejected, (ref Utf8JsonReader r, RecordLocation at) =>
                        ParseObject(ref r, annotations, groundTruth: true, iouType, requireBox: iouType == IouType.BoundingBox, sink, source, at));
                    break;
                default:
                    json.SkipValue();
                    break;
            }
        }
        json.ExpectEnd("the ground-truth object");
        if (!sawImages || !sawCategories || !sawAnnotations)
        {
            var missing = string.Join(", ", new[] { (sawImages, "images"), (sawCategories, "categories"), (sawAnnotations, "annotations") }.Where(p => !p.Item1).Select(p => p.Item2));
            throw new InputFormatException("NotCocoGroundTruth", source, 0, missing, $"A COCO ground-truth file needs 'images', 'categories' and 'annotations'; missing: {missing}.");
        }
        RejectRepeatedIds(images.Select(i => i.Id).ToArray(), "images", rejectedImages, source, lines);
        RejectRepeatedIds(categories.Select(c => c.Id).ToArray(), "categories", rejectedCategories, source, lines);
        annotations.ReportRepeatedIds(sink, source);
        annotations.ReportBoxesWithoutMask(sink, source, "annotation", "the file holds");
        boxesWithoutMask = annotations.BoxesWithoutMask.Count;

        var imageIndex = images.Select((img, i) => (img.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var categoryIndex = categories.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var kept = annotations.Resolve(images, imageIndex, source, categoryIndex, sink, source, "annotation", out int unknownImage, out int unknownCategory, out int invalidMasks);
        int invalid = rejectedImages.Count + rejectedCategories.Count + annotations.Rejected.Count + invalidMasks;
        return new CocoGroundTruth(source, images.ToArray(), categories.ToArray(), kept, invalid + unknownImage + unknownCategory) { InvalidRecords = invalid };
    }

    /// <summary>
    /// Parses a COCO results file; when that fails on a Vertex AI JSON Lines file, the error names what the file is and
    /// what goes with it instead (read as one JSON document it failed with "expected an array" only). The file is looked
    /// at again only then. The reverse (COCO results given as JSON Lines) is <see cref="JsonLines.DocumentStart"/>'s.
    /// </summary>
    private static T OfResultsFile<T>(string path, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InputFormatException)
        {
            if (VertexJsonLinesGiven(path) is { } clearer) throw clearer;
            throw;
        }
    }

    private static InputFormatException? VertexJsonLinesGiven(string path)
    {
        if (JsonLines.FirstRecordProperties(path) is not { } first) return null;
        var (line, properties) = first;
        var what = properties.Contains("instance", StringComparer.Ordinal) ? "Vertex AI batch predictions (JSON Lines: one {\"instance\", \"prediction\"} object a line)"
            : properties.Contains("imageGcsUri", StringComparer.Ordinal) ? "a Vertex AI import file (JSON Lines: one {\"imageGcsUri\", …} object a line)"
            : null;
        if (what is null) return null;
        return new InputFormatException("UnexpectedJson", path, line, string.Empty,
            $"the file is {what}, not a COCO results list (one JSON array of {{\"image_id\", \"category_id\", \"bbox\", \"score\"}} objects); a COCO ground truth takes COCO results, and Vertex AI batch predictions go with a Vertex AI import file (JSON Lines or CSV) as the ground truth");
    }

    private static CocoDetections ReadDetections(ChunkedJsonReader json, string source, CocoGroundTruth groundTruth, IouType iouType, IIssueSink sink, CocoRecordLines lines)
    {
        var parsed = ParseDetections(json, source, iouType, sink, firstHasBox: null, lines);
        ReportNoDetections(new[] { parsed }, source, sink);
        return parsed.Resolve(groundTruth, sink);
    }

    // firstHasBox: whether the first detection of earlier files of the same set had a box (null: no detection yet).
    private static ParsedDetections ParseDetections(ChunkedJsonReader json, string source, IouType iouType, IIssueSink sink, bool? firstHasBox, CocoRecordLines lines)
    {
        var parsed = new ParsedDetections(source, lines);
        // Named with its form: a JSON Lines file (Vertex AI predictions, one object a line) given here holds an object.
        ReadRecords(json, "the results list (COCO results: one JSON array of {\"image_id\", \"category_id\", \"bbox\", \"score\"} objects)", string.Empty, sink, source, parsed.Objects.Rejected, (ref Utf8JsonReader r, RecordLocation at) =>
        {
            // Only how areas are taken depends on the first result (FirstHasBox); a segmentation result without a box gets its mask's at Resolve.
            if (firstHasBox is null) firstHasBox = HasBox(r);
            ParseObject(ref r, parsed.Objects, groundTruth: false, iouType, requireBox: iouType == IouType.BoundingBox, sink, source, at);
        }, iouType == IouType.BoundingBox ? (ref PlainJson p) => TryParsePlainResult(ref p, parsed.Objects) : null);
        json.ExpectEnd("the results list");
        if (parsed.Objects.MasksWithoutBox.Count is var masks and > 0)
        {
            sink.Report(new DataIssue("SegmentationResultsReadAsDetection", IssueSeverity.Warning, source, 0, "segmentation",
                $"{Counted.Of(masks, "result")} {Counted.Verb(masks, "has", "have")} a segmentation and no bbox (the first: {parsed.Objects.MasksWithoutBox.First}), and a detection evaluation needs boxes: the results hold masks; to evaluate them as segmentation, name the task (--task segmentation, -Task Segmentation)."));
        }
        parsed.Objects.ReportBoxesWithoutMask(sink, source, "result", "the results hold");
        parsed.Objects.ReportScoresOutsideConfidences(sink, source);
        parsed.FirstHasBox = firstHasBox;
        return parsed;
    }

    /// <summary>
    /// An empty list is valid COCO and evaluates to AP 0: said, so that an export that wrote nothing is not taken for a
    /// bad model. Of a set of files read as one list, only when the set holds none: an empty file among others is an
    /// empty stretch of the one list, not an AP of 0.
    /// </summary>
    private static void ReportNoDetections(IReadOnlyList<ParsedDetections> files, string source, IIssueSink sink)
    {
        if (files.All(f => f.Objects.Count == 0 && f.Objects.Rejected.Count == 0))
        {
            sink.Report(new DataIssue("NoDetections", IssueSeverity.Warning, source, 0, string.Empty, "The results list holds no detections: every ground-truth object counts as missed (AP 0)."));
        }
    }

    // Detections with raw ids, before they are checked against the ground truth.
    private sealed class ParsedDetections
    {
        public ParsedDetections(string source, CocoRecordLines lines)
        {
            Source = source;
            Objects = new ObjectsBuilder(string.Empty, areasFromMasks: false, lines);
        }

        public string Source { get; }

        public ObjectsBuilder Objects { get; }

        // Null while no detection was read (in this file or the earlier files of its set).
        public bool? FirstHasBox { get; set; }

        public CocoDetections Resolve(CocoGroundTruth groundTruth, IIssueSink sink)
        {
            var kept = Objects.Resolve(groundTruth.Images, groundTruth.ImageIndex, groundTruth.Source, groundTruth.CategoryIndex, sink, Source, "result", out int unknownImage, out int unknownCategory, out int invalidMasks);
            return new CocoDetections(Source, kept, FirstHasBox ?? false, unknownImage, unknownCategory, Objects.Rejected.Count + invalidMasks);
        }
    }

    private delegate void RecordHandler(ref Utf8JsonReader reader, RecordLocation at);

    // Hands each element of an array to handle (or first to plain, where it reads it); a bad record becomes a located
    // DataIssue, is skipped and noted in rejected.
    private static void ReadRecords(ChunkedJsonReader json, string what, string locationPrefix, IIssueSink sink, string source, RejectedRecords rejected, RecordHandler handle, ChunkedJsonReader.PlainParser? plain = null)
    {
        int record = 0;
        ChunkedJsonReader.PlainParser? counted = plain is null ? null : (ref PlainJson p) =>
        {
            if (!plain(ref p)) return false;
            record++;
            return true;
        };
        json.ReadArray(what, (ref Utf8JsonReader r) =>
        {
            // A tentative parse that fails is done again (ChunkedJsonReader.Tentative): its failure is reported then.
            var at = new RecordLocation(locationPrefix, record, json, r.TokenStartIndex);
            try
            {
                handle(ref r, at);
            }
            catch (RecordException e) when (!json.Tentative)
            {
                Report(sink, source, at.Line, at, e);
                rejected.Add(record);
            }
            catch (Exception e) when (!json.Tentative && e is FormatException or InvalidOperationException)
            {
                // A number beyond double's range, a string that is not valid UTF-16 (an escaped lone surrogate).
                Report(sink, source, at.Line, at, new RecordException(string.Empty, e.Message));
                rejected.Add(record);
            }
            record++;
        }, counted);
    }

    // A bad record becomes a DataIssue located by the line it starts on and its place in the file's arrays; the caller skips the record.
    private static void Report(IIssueSink sink, string source, long line, RecordLocation at, RecordException e)
    {
        var field = e.Field.Length == 0 ? at.ToString() : at + "." + e.Field;
        sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, source, line, field, e.Message + "; the record is skipped."));
    }

    private static void RequireObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new RecordException(string.Empty, $"expected an object, got {Describe(reader)}");
    }

    private static bool HasBox(Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        int depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1) continue;
            bool isBox = reader.ValueTextEquals("bbox"u8);
            reader.Read();
            if (isBox) return reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType != JsonTokenType.EndArray;
            reader.TrySkip();
        }
        return false;
    }

    private static CocoImage ParseImage(ref Utf8JsonReader reader)
    {
        RequireObject(ref reader);
        long? id = null;
        int width = 0, height = 0;
        string fileName = string.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) id = ReadId(ref reader, "id");
            else if (reader.ValueTextEquals("width"u8)) width = ReadSize(ref reader, "width");
            else if (reader.ValueTextEquals("height"u8)) height = ReadSize(ref reader, "height");
            else if (reader.ValueTextEquals("file_name"u8)) fileName = ReadString(ref reader, "file_name");
            else Skip(ref reader);
        }
        return new CocoImage(id ?? throw new RecordException("id", "missing"), width, height, fileName);
    }

    private static CocoCategory ParseCategory(ref Utf8JsonReader reader)
    {
        RequireObject(ref reader);
        long? id = null;
        string name = string.Empty, supercategory = string.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) id = ReadId(ref reader, "id");
            else if (reader.ValueTextEquals("name"u8)) name = ReadString(ref reader, "name");
            else if (reader.ValueTextEquals("supercategory"u8)) supercategory = ReadString(ref reader, "supercategory");
            else Skip(ref reader);
        }
        var categoryId = id ?? throw new RecordException("id", "missing");
        return new CocoCategory(categoryId, name.Length > 0 ? name : categoryId.ToString(CultureInfo.InvariantCulture), supercategory);
    }

    [MethodImpl(JitHints.Optimized)]
    private static void ParseObject(ref Utf8JsonReader reader, ObjectsBuilder into, bool groundTruth, IouType iouType, bool requireBox, IIssueSink sink, string source, RecordLocation at)
    {
        RequireObject(ref reader);
        long? imageId = null, categoryId = null;
        long id = 0;
        bool hasId = false;
        double x = double.NaN, y = double.NaN, w = double.NaN, h = double.NaN;
        double area = double.NaN, score = double.NaN;
        bool crowd = false, skippedSegmentation = false;
        CocoSegmentation? segmentation = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (Classify(ref reader))
            {
                case Field.ImageId:
                    imageId = ReadId(ref reader, "image_id");
                    break;
                case Field.CategoryId:
                    categoryId = ReadId(ref reader, "category_id");
                    break;
                case Field.Box:
                    ReadBox(ref reader, out x, out y, out w, out h);
                    break;
                case Field.Area when groundTruth:
                    area = ReadNumber(ref reader, "area");
                    break;
                case Field.Crowd when groundTruth:
                    crowd = ReadFlag(ref reader, "iscrowd");
                    break;
                case Field.Id when groundTruth:
                    id = ReadId(ref reader, "id");
                    hasId = true;
                    break;
                case Field.Score when !groundTruth:
                    score = ReadNumber(ref reader, "score");
                    break;
                case Field.Segmentation when iouType == IouType.Segmentation:
                    segmentation = ReadSegmentation(ref reader);
                    break;
                case Field.Segmentation:
                    skippedSegmentation = true;
                    Skip(ref reader);
                    break;
                default:
                    Skip(ref reader);
                    break;
            }
        }
        if (imageId is null) throw new RecordException("image_id", "missing");
        if (categoryId is null) throw new RecordException("category_id", "missing");
        if (requireBox && double.IsNaN(x))
        {
            if (skippedSegmentation && !groundTruth) into.MasksWithoutBox.Note(at);
            throw new RecordException("bbox", "missing");
        }
        if (iouType == IouType.Segmentation && segmentation is null)
        {
            if (!double.IsNaN(x)) into.BoxesWithoutMask.Note(at);
            throw new RecordException("segmentation", "missing");
        }
        if (!groundTruth && double.IsNaN(score)) throw new RecordException("score", "missing");
        if (groundTruth && double.IsNaN(area))
        {
            // COCO's area is the mask's: a mask evaluation sizes the object by it (taken at Resolve, where the image's size
            // is known, as loadRes takes a result's), a box evaluation by its box.
            if (segmentation is null) area = w * h;
            sink.Report(new DataIssue("MissingArea", IssueSeverity.Warning, source, at.Line, at + ".area", segmentation is null ? "missing; using bbox width × height." : "missing; using the mask's area."));
        }
        into.Add(imageId.Value, categoryId.Value, x, y, w, h, area, score, crowd, groundTruth ? id : into.Count + 1, segmentation);
        if (segmentation is not null) into.LocateSegmentation(at);
        if (groundTruth && !hasId) into.NoteWithoutId();
    }

    /// <summary>
    /// A results record as exporters write it, <c>{"image_id": 1, "category_id": 18, "bbox": [x, y, w, h], "score": 0.9}</c>
    /// (these members in this order, spaced anyhow, nothing else), read by the plain scanner: what <see cref="ParseObject"/>
    /// would record for it, bit for bit, in a fraction of the reader's time. Any other record (another order or field,
    /// an escape, a comment, a negative size or id, a number that is not finite) is left to <see cref="ParseObject"/>.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    private static bool TryParsePlainResult(ref PlainJson json, ObjectsBuilder into)
    {
        Span<double> box = stackalloc double[4];
        if (!json.NextMemberNamed(0, "\"image_id\""u8) || !json.TryReadWholeNumber(out long imageId)
            || !json.NextMemberNamed(1, "\"category_id\""u8) || !json.TryReadWholeNumber(out long categoryId)
            || !json.NextMemberNamed(2, "\"bbox\""u8) || !json.TryReadNumberArray(box)
            || !json.NextMemberNamed(3, "\"score\""u8) || !json.TryReadShortDecimalFirst(out double score)
            || !json.Take((byte)'}'))
        {
            return false;
        }
        // NaN stands for a number no parser converts (out of double's range); ParseObject reports it, and a negative size.
        if (!IsFinite(box[0]) || !IsFinite(box[1]) || !IsFinite(box[2]) || !IsFinite(box[3]) || !IsFinite(score) || box[2] < 0 || box[3] < 0) return false;
        into.Add(imageId, categoryId, box[0], box[1], box[2], box[3], double.NaN, score, false, into.Count + 1, null);
        return true;
    }

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private enum Field
    {
        Other,
        ImageId,
        CategoryId,
        Box,
        Area,
        Crowd,
        Id,
        Score,
        Segmentation,
    }

    // Which annotation or result field the current property name is; compared as raw UTF-8 (one length switch, one
    // comparison) because this runs for every property of hundreds of thousands of records.
    [MethodImpl(JitHints.Optimized)]
    private static Field Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            var name = reader.GetString();
            return name switch
            {
                "image_id" => Field.ImageId,
                "category_id" => Field.CategoryId,
                "bbox" => Field.Box,
                "area" => Field.Area,
                "iscrowd" => Field.Crowd,
                "id" => Field.Id,
                "score" => Field.Score,
                "segmentation" => Field.Segmentation,
                _ => Field.Other,
            };
        }
        var span = reader.ValueSpan;
        return span.Length switch
        {
            2 when span.SequenceEqual("id"u8) => Field.Id,
            4 when span.SequenceEqual("bbox"u8) => Field.Box,
            4 when span.SequenceEqual("area"u8) => Field.Area,
            5 when span.SequenceEqual("score"u8) => Field.Score,
            7 when span.SequenceEqual("iscrowd"u8) => Field.Crowd,
            8 when span.SequenceEqual("image_id"u8) => Field.ImageId,
            11 when span.SequenceEqual("category_id"u8) => Field.CategoryId,
            12 when span.SequenceEqual("segmentation"u8) => Field.Segmentation,
            _ => Field.Other,
        };
    }

    private static CocoSegmentation ReadSegmentation(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var polygons = new List<double[]>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray) throw new RecordException("segmentation", $"a polygon list must hold arrays of numbers, got {Describe(reader)}");
                var polygon = new List<double>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) polygon.Add(Finite(ref reader, "segmentation"));
                if (polygon.Count >= 2 && OutlinePoints(polygon) > MaxOutlinePoints)
                {
                    throw new RecordException("segmentation", $"the polygon's outline is too long to rasterise (more than {MaxOutlinePoints} points at 5× resolution): its coordinates lie far outside any image");
                }
                polygons.Add(polygon.ToArray());
            }
            if (polygons.Count == 0) throw new RecordException("segmentation", "a polygon needs at least 3 points (6 numbers); the list holds none");
            // maskApi's frPyObjects reads every part as a box [x, y, w, h] when the first has 4 numbers, otherwise every part as a polygon.
            bool boxes = polygons[0].Length == 4;
            for (int k = 0; k < polygons.Count; k++)
            {
                int numbers = polygons[k].Length;
                var part = "segmentation[" + k.ToString(CultureInfo.InvariantCulture) + "]";
                if (boxes && numbers != 4) throw new RecordException(part, FormattableString.Invariant($"the first part is a box [x, y, width, height], so every part must be one; this part has {numbers} numbers"));
                if (numbers % 2 != 0) throw new RecordException(part, "a polygon needs an even count of numbers (x, y pairs)");
                if (!boxes && numbers < 6) throw new RecordException(part, FormattableString.Invariant($"a polygon needs at least 3 points (6 numbers); this part has {numbers} numbers"));
            }
            return CocoSegmentation.FromPolygons(polygons);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RecordException("segmentation", $"expected polygons (an array) or an RLE object, got {Describe(reader)}");
        }
        int height = -1, width = -1;
        string? compressed = null;
        List<uint>? counts = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("size"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray) throw new RecordException("segmentation.size", $"expected [height, width], got {Describe(reader)}");
                reader.Read();
                height = ReadSizeValue(ref reader, "segmentation.size");
                reader.Read();
                width = ReadSizeValue(ref reader, "segmentation.size");
                if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) throw new RecordException("segmentation.size", "expected exactly [height, width]");
            }
            else if (reader.ValueTextEquals("counts"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    compressed = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    counts = new List<uint>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt32(out var run)) throw new RecordException("segmentation.counts", $"run lengths must be non-negative whole numbers, got {Describe(reader)}");
                        counts.Add(run);
                    }
                }
                else
                {
                    throw new RecordException("segmentation.counts", $"expected a string (compressed RLE) or a list of run lengths, got {Describe(reader)}");
                }
            }
            else
            {
                Skip(ref reader);
            }
        }
        if (height < 0) throw new RecordException("segmentation.size", "missing");
        if (compressed is not null)
        {
            try
            {
                // Decoded once here so that a corrupt string is reported with its record.
                RequireWholeImage(MaskRle.FromCompressedString(compressed, height, width).Counts, height, width);
            }
            catch (FormatException e)
            {
                throw new RecordException("segmentation.counts", e.Message);
            }
            return CocoSegmentation.FromCompressedRle(compressed, height, width);
        }
        if (counts is null) throw new RecordException("segmentation.counts", "missing");
        RequireWholeImage(counts, height, width);
        return CocoSegmentation.FromUncompressedRle(counts, height, width);
    }

    // maskApi rasterises a polygon's outline at 5× resolution, one point per step along its longer axis.
    private const double MaxOutlinePoints = 1 << 26;

    private static double OutlinePoints(List<double> xy)
    {
        double points = 0;
        int k = xy.Count / 2;
        for (int j = 0; j < k; j++)
        {
            int next = (j + 1) % k;
            points += (5 * Math.Max(Math.Abs(xy[2 * next] - xy[2 * j]), Math.Abs(xy[(2 * next) + 1] - xy[(2 * j) + 1]))) + 1;
        }
        return points;
    }

    // Runs that do not cover the image exactly would make mask overlap loops run past their end (or forever).
    private static void RequireWholeImage(IReadOnlyList<uint> runs, int height, int width)
    {
        ulong pixels = (ulong)height * (ulong)width, covered = 0;
        foreach (var run in runs) covered += run;
        if (pixels > uint.MaxValue) throw new RecordException("segmentation.size", $"{height} × {width} pixels are more than an RLE mask can hold");
        if (covered != pixels) throw new RecordException("segmentation.counts", $"the runs cover {covered} pixels but the size [{height}, {width}] has {pixels}");
    }

    [MethodImpl(JitHints.Optimized)]
    private static void ReadBox(ref Utf8JsonReader reader, out double x, out double y, out double w, out double h)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray) throw new RecordException("bbox", $"expected [x, y, width, height], got {Describe(reader)}");
        Span<double> values = stackalloc double[4];
        int n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (n == 4) throw new RecordException("bbox", "has more than 4 numbers; expected [x, y, width, height]");
            values[n++] = Finite(ref reader, "bbox");
        }
        if (n == 0)
        {
            // pycocotools treats an empty bbox as absent.
            x = y = w = h = double.NaN;
            return;
        }
        if (n != 4) throw new RecordException("bbox", $"has {n} numbers; expected [x, y, width, height]");
        if (values[2] < 0 || values[3] < 0) throw new RecordException("bbox", $"has a negative width or height ({values[2].ToString("R", CultureInfo.InvariantCulture)}, {values[3].ToString("R", CultureInfo.InvariantCulture)})");
        x = values[0];
        y = values[1];
        w = values[2];
        h = values[3];
    }

    private static double ReadNumber(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return Finite(ref reader, field);
    }

    [MethodImpl(JitHints.Optimized)]
    private static double Finite(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new RecordException(field, $"expected a number, got {Describe(reader)}");
        if (!JsonNumbers.TryGetDouble(ref reader, out var value) || double.IsNaN(value) || double.IsInfinity(value)) throw new RecordException(field, "is not a finite number");
        return value;
    }

    [MethodImpl(JitHints.Optimized)]
    private static long ReadId(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var id)) return id;
            var value = reader.GetDouble();
            if (Math.Floor(value) == value && Math.Abs(value) < 9e15) return (long)value;
        }
        throw new RecordException(field, $"expected a whole-number id, got {Describe(reader)}");
    }

    private static int ReadSize(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return ReadSizeValue(ref reader, field);
    }

    private static int ReadSizeValue(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out var size) && size >= 0) return size;
            // A size written as a float (640.0, 6.4e2), as some exporters write every number, is the same whole number (ids are read alike).
            var value = reader.GetDouble();
            if (Math.Floor(value) == value && value >= 0 && value <= int.MaxValue) return (int)value;
        }
        throw new RecordException(field, $"expected a non-negative whole number of pixels, got {Describe(reader)}");
    }

    private static bool ReadFlag(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number => reader.GetDouble() != 0,
            _ => throw new RecordException(field, $"expected 0 or 1, got {Describe(reader)}"),
        };
    }

    private static string ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() ?? string.Empty,
            JsonTokenType.Null => string.Empty,
            JsonTokenType.Number => Encoding(reader),
            _ => throw new RecordException(field, $"expected a string, got {Describe(reader)}"),
        };
    }

    private static string Encoding(Utf8JsonReader reader) => System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray());

    // The whole record is in the window (ChunkedJsonReader checked), so TrySkip always succeeds; Skip would refuse a non-final window.
    private static void Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.TrySkip();
    }

    private static string Describe(Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{reader.GetString()}\"",
        JsonTokenType.Number => $"the number {Encoding(reader)}",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.Null => "null",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => reader.TokenType.ToString(),
    };

    // Images and categories are looked up by id: one given twice stops the read, naming the second and the first.
    private static void RejectRepeatedIds(long[] ids, string member, RejectedRecords rejected, string source, CocoRecordLines lines)
    {
        var first = new Dictionary<long, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            if (!first.TryGetValue(ids[i], out int earlier))
            {
                first.Add(ids[i], i);
                continue;
            }
            var (earlierAt, laterAt) = (new RecordLocation(member, rejected.RecordOf(earlier)), new RecordLocation(member, rejected.RecordOf(i)));
            var found = lines.Find(member, new[] { earlierAt.Index, laterAt.Index });
            throw new InputFormatException("DuplicateId", source, LineOf(found, laterAt), laterAt + ".id",
                $"The id {ids[i].ToString(CultureInfo.InvariantCulture)} appears twice in '{member}': here and at {earlierAt}{AtLine(found, earlierAt)}.");
        }
    }

    // A record's line as CocoRecordLines found it, or 0 (a stream that cannot be read again).
    private static long LineOf(IReadOnlyDictionary<int, long> found, RecordLocation at) => found.TryGetValue(at.Index, out var line) ? line : 0;

    // " (line 7)" after a record named in a message, or nothing where its line is not known.
    private static string AtLine(IReadOnlyDictionary<int, long> found, RecordLocation at) =>
        found.TryGetValue(at.Index, out var line) ? " (line " + line.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty;

    // The records of one array that were rejected, by index in the array, in order: a kept item's place in its list
    // is told back to its record's index from them (messages about kept items found after the read name the record).
    private sealed class RejectedRecords
    {
        private readonly List<int> _records = new();

        public int Count => _records.Count;

        public void Add(int record) => _records.Add(record);

        /// <summary>The index in the file's array of the <paramref name="kept"/>-th kept item (0-based).</summary>
        public int RecordOf(int kept)
        {
            int record = kept;
            foreach (var rejected in _records)
            {
                if (rejected > record) break;
                record++;
            }
            return record;
        }
    }

    // Where a record sits ("annotations[17]", or "[17]" in a results list); formatted only when a problem is reported.
    // Its line is counted only when asked for, and only while the record is parsed (the reader's window moves on).
    private readonly struct RecordLocation
    {
        private readonly string _array;
        private readonly ChunkedJsonReader? _json;
        private readonly long _start;

        public RecordLocation(string array, int index, ChunkedJsonReader? json = null, long start = 0)
        {
            _array = array;
            Index = index;
            _json = json;
            _start = start;
        }

        public int Index { get; }

        public long Line => _json?.LineAt(_start) ?? 0;

        public override string ToString() => _array + "[" + Index.ToString(CultureInfo.InvariantCulture) + "]";
    }

    // Records of one kind noted while they are parsed: their count and where the first sits ("[3]"). A record parsed
    // again after a refill of the read window is noted again: counted once.
    private sealed class NotedRecords
    {
        private int _last = -1;

        public int Count { get; private set; }

        public string? First { get; private set; }

        public void Note(RecordLocation at)
        {
            if (at.Index == _last) return;
            _last = at.Index;
            First ??= at.ToString();
            Count++;
        }
    }

    // Holds the issues of a read until Release, then forwards them in line order, file by file (in the order the files
    // first reported; issues of no line, said of a whole file, after its lines), and every later one as it comes.
    private sealed class HeldIssueSink : IIssueSink
    {
        private readonly IIssueSink _inner;
        private readonly object _gate = new();
        private List<DataIssue>? _held = new();

        public HeldIssueSink(IIssueSink inner) => _inner = inner;

        public void Report(DataIssue issue)
        {
            lock (_gate)
            {
                if (_held is not null)
                {
                    _held.Add(issue);
                    return;
                }
            }
            _inner.Report(issue);
        }

        public void Release()
        {
            List<DataIssue> held;
            lock (_gate)
            {
                held = _held ?? new List<DataIssue>();
                _held = null;
            }
            var files = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var issue in held)
            {
                if (!files.ContainsKey(issue.Source)) files.Add(issue.Source, files.Count);
            }
            // OrderBy is stable: issues of one line stay in the order found.
            foreach (var issue in held.OrderBy(i => files[i.Source]).ThenBy(i => i.Line == 0 ? long.MaxValue : i.Line)) _inner.Report(issue);
        }
    }

    private sealed class RecordException : Exception
    {
        public RecordException(string field, string message)
            : base(message) => Field = field;

        public string Field { get; }
    }

    // Collects records with their raw ids, in columns that grow by doubling; Resolve (once: it hands the columns over)
    // maps the ids to indices and leaves out unknown ones, and records whose mask does not fit their image; records
    // with a mask and no box get their mask's, and (areasFromMasks: ground-truth annotations) with a mask and no area
    // its area.
    private sealed class ObjectsBuilder
    {
        private readonly string _locationPrefix;
        private readonly bool _areasFromMasks;
        private readonly CocoRecordLines _lines;

        // Ground-truth annotations without an id, by object (pycocotools needs one); no id of theirs repeats another.
        private readonly List<int> _withoutId = new();

        // Where each record with a segmentation sits, in object order: its mask is checked against its image only at
        // Resolve (the images may follow the annotations, and results are read before the ground truth is complete).
        private readonly List<(int Object, int Record, long Line)> _segmentationRecords = new();

        private bool _resolved;
        private long[] _imageIds = new long[256];
        private long[] _categoryIds = new long[256];
        private double[] _boxes = new double[4 * 256];
        private double[] _area = new double[256];
        private double[] _score = new double[256];
        private bool[] _crowd = new bool[256];
        private long[] _id = new long[256];
        private CocoSegmentation?[] _segmentation = new CocoSegmentation?[256];

        public ObjectsBuilder(string locationPrefix, bool areasFromMasks, CocoRecordLines lines)
        {
            _locationPrefix = locationPrefix;
            _areasFromMasks = areasFromMasks;
            _lines = lines;
        }

        public int Count { get; private set; }

        /// <summary>The records of the array that were rejected (not added).</summary>
        public RejectedRecords Rejected { get; } = new();

        // The member of the file's top-level object the records are read from; null for a results list (the top-level array).
        private string? Member => _locationPrefix.Length == 0 ? null : _locationPrefix;

        /// <summary>Results with a segmentation and no box read for a box evaluation (each rejected).</summary>
        public NotedRecords MasksWithoutBox { get; } = new();

        /// <summary>Records with a box and no segmentation read for a segmentation evaluation (each rejected).</summary>
        public NotedRecords BoxesWithoutMask { get; } = new();

        /// <summary>
        /// Says once that the records hold boxes where a segmentation evaluation needs masks (a detection file given
        /// with the wrong task), as <c>SegmentationResultsReadAsDetection</c> says the reverse.
        /// </summary>
        public void ReportBoxesWithoutMask(IIssueSink sink, string source, string noun, string holder)
        {
            int boxes = BoxesWithoutMask.Count;
            if (boxes == 0) return;
            sink.Report(new DataIssue("BoxesReadAsSegmentation", IssueSeverity.Warning, source, 0, "segmentation",
                $"{Counted.Of(boxes, noun)} {Counted.Verb(boxes, "has", "have")} a bbox and no segmentation (the first: {BoxesWithoutMask.First}), and a segmentation evaluation needs masks: {holder} boxes; to evaluate them as detection, name the task (--task detection, -Task Detection)."));
        }

        /// <summary>Notes that the ground-truth object just added has no id (it is read as 0).</summary>
        public void NoteWithoutId() => _withoutId.Add(Count - 1);

        /// <summary>
        /// Warns of every annotation whose id an earlier one has (DuplicateId, naming both). Both are kept, as the file
        /// gives them; pycocotools loads annotations by id, the last with the id in place of each.
        /// </summary>
        public void ReportRepeatedIds(IIssueSink sink, string source)
        {
            if (IdsAscending()) return;
            var first = new Dictionary<long, int>(Count);
            var repeats = new List<(int Later, int Earlier)>();
            int withoutId = 0;
            for (int i = 0; i < Count; i++)
            {
                if (withoutId < _withoutId.Count && _withoutId[withoutId] == i)
                {
                    withoutId++;
                    continue;
                }
                if (first.TryGetValue(_id[i], out int earlier)) repeats.Add((i, earlier));
                else first.Add(_id[i], i);
            }
            if (repeats.Count == 0) return;
            var located = repeats.Select(r => (Later: At(r.Later), Earlier: At(r.Earlier))).ToArray();
            var found = _lines.Find(Member, located.SelectMany(r => new[] { r.Later.Index, r.Earlier.Index }));
            for (int k = 0; k < located.Length; k++)
            {
                var (later, earlier) = located[k];
                var id = _id[repeats[k].Later].ToString(CultureInfo.InvariantCulture);
                sink.Report(new DataIssue("DuplicateId", IssueSeverity.Warning, source, LineOf(found, later), later + ".id",
                    $"{earlier}{AtLine(found, earlier)} has the id {id} too; both are kept, as the file gives them, but pycocotools loads annotations by id: it would read the last with id {id} in place of each, so its figures can differ on this file."));
            }
        }

        // Exporters number annotations in order: ids that only rise repeat none, and need no lookup.
        private bool IdsAscending()
        {
            if (_withoutId.Count > 0) return false;
            for (int i = 1; i < Count; i++)
            {
                if (_id[i] <= _id[i - 1]) return false;
            }
            return true;
        }

        // Where the object sits in its file (its index in the file's array).
        private RecordLocation At(int item) => new(_locationPrefix, Rejected.RecordOf(item));

        /// <summary>Notes where the object just added, which has a segmentation, sits in its file.</summary>
        public void LocateSegmentation(RecordLocation at) => _segmentationRecords.Add((Count - 1, at.Index, at.Line));

        [MethodImpl(JitHints.Optimized)]
        public void Add(long imageId, long categoryId, double x, double y, double w, double h, double area, double score, bool crowd, long id, CocoSegmentation? segmentation)
        {
            if (Count == _imageIds.Length) Grow();
            int at = Count++;
            _imageIds[at] = imageId;
            _categoryIds[at] = categoryId;
            _boxes[4 * at] = x;
            _boxes[(4 * at) + 1] = y;
            _boxes[(4 * at) + 2] = w;
            _boxes[(4 * at) + 3] = h;
            _area[at] = area;
            _score[at] = score;
            _crowd[at] = crowd;
            _id[at] = id;
            _segmentation[at] = segmentation;
        }

        /// <summary>
        /// pycocotools ranks any score, and so does the evaluation (AP is the same); but the confidence grid, best F1 and
        /// the galleries read scores as confidences in [0, 1], so results' scores outside it (logits, percentages) are
        /// said once, with their count and the first of them.
        /// </summary>
        public void ReportScoresOutsideConfidences(IIssueSink sink, string source)
        {
            int outside = 0, first = -1;
            for (int i = 0; i < Count; i++)
            {
                if (_score[i] >= 0 && _score[i] <= 1) continue;
                if (outside++ == 0) first = i;
            }
            if (outside == 0) return;
            var firstAt = At(first);
            // The issue's line is the first's; its record is named too (a results list is often one line).
            long line = LineOf(_lines.Find(Member, new[] { firstAt.Index }), firstAt);
            sink.Report(new DataIssue("ScoreOutOfRange", IssueSeverity.Warning, source, line, firstAt + ".score",
                $"{Counted.Of(outside, "detection")} {Counted.Verb(outside, "has", "have")} a score outside [0, 1] (the first: {_score[first].ToString("R", CultureInfo.InvariantCulture)}, at {firstAt}); AP and AR rank them as pycocotools does, but the confidence thresholds (0 to 1) and best F1 take scores as confidences."));
        }

        private void Grow()
        {
            int size = _imageIds.Length * 2;
            Array.Resize(ref _imageIds, size);
            Array.Resize(ref _categoryIds, size);
            Array.Resize(ref _boxes, 4 * size);
            Array.Resize(ref _area, size);
            Array.Resize(ref _score, size);
            Array.Resize(ref _crowd, size);
            Array.Resize(ref _id, size);
            Array.Resize(ref _segmentation, size);
        }

        [MethodImpl(JitHints.Optimized)]
        public CocoObjects Resolve(
            IReadOnlyList<CocoImage> images, Dictionary<long, int> imageIndex, string imagesSource, Dictionary<long, int> categoryIndex, IIssueSink sink, string source, string noun,
            out int unknownImage, out int unknownCategory, out int invalidMasks)
        {
            if (_resolved) throw new InvalidOperationException("The objects were resolved already.");
            _resolved = true;
            var image = new int[Count];
            var category = new int[Count];
            // By id: how many objects have it, and the first of them.
            var missingImages = new Dictionary<long, (int Count, int First)>();
            var missingCategories = new Dictionary<long, (int Count, int First)>();
            // The kept objects are moved down over the left-out ones, in order.
            int kept = 0, segmented = 0;
            invalidMasks = 0;
            for (int i = 0; i < Count; i++)
            {
                if (!categoryIndex.TryGetValue(_categoryIds[i], out var c))
                {
                    Note(missingCategories, _categoryIds[i], i);
                    continue;
                }
                if (!imageIndex.TryGetValue(_imageIds[i], out var m))
                {
                    Note(missingImages, _imageIds[i], i);
                    continue;
                }
                var segmentation = _segmentation[i];
                if (segmentation is not null)
                {
                    while (_segmentationRecords[segmented].Object != i) segmented++;
                    if (MaskProblem(segmentation, images[m], imagesSource) is { } problem)
                    {
                        var record = _segmentationRecords[segmented];
                        Report(sink, source, record.Line, new RecordLocation(_locationPrefix, record.Record), problem);
                        invalidMasks++;
                        continue;
                    }
                }
                image[kept] = m;
                category[kept] = c;
                if (kept != i)
                {
                    Array.Copy(_boxes, 4 * i, _boxes, 4 * kept, 4);
                    _area[kept] = _area[i];
                    _score[kept] = _score[i];
                    _crowd[kept] = _crowd[i];
                    _id[kept] = _id[i];
                    _segmentation[kept] = _segmentation[i];
                }
                // pycocotools' loadRes gives a segmentation result without a bbox its mask's box (maskUtils.toBbox), and
                // a ground-truth mask without one gets the same. Results have no area here: the evaluation takes theirs
                // from box or mask, as loadRes does.
                bool noBox = double.IsNaN(_boxes[4 * kept]), noArea = _areasFromMasks && double.IsNaN(_area[kept]);
                if (segmentation is not null && (noBox || noArea))
                {
                    var mask = segmentation.ToMask(images[m].Height, images[m].Width);
                    if (noBox) mask.WriteBoundingBox(_boxes, 4 * kept);
                    if (noArea) _area[kept] = mask.Area;
                }
                kept++;
            }
            if (missingCategories.Count + missingImages.Count > 0)
            {
                var found = _lines.Find(Member, missingCategories.Values.Concat(missingImages.Values).Select(m => At(m.First).Index));
                ReportUnknown(missingCategories, found, sink, source, noun, "UnknownCategory", "category_id", "category", "categories");
                ReportUnknown(missingImages, found, sink, source, noun, "UnknownImage", "image_id", "image", "images");
            }
            unknownImage = missingImages.Values.Sum(m => m.Count);
            unknownCategory = missingCategories.Values.Sum(m => m.Count);
            return new CocoObjects(
                Exact(image, kept), Exact(category, kept), Exact(_boxes, 4 * kept), Exact(_area, kept), Exact(_score, kept), Exact(_crowd, kept), Exact(_id, kept), Exact(_segmentation, kept));
        }

        // Polygons are drawn at their image's size, which must be known; an RLE has its own, which must be the image's
        // where that is known (pycocotools gives masks of different sizes IoU -1: the detection would match nothing).
        private static RecordException? MaskProblem(CocoSegmentation segmentation, CocoImage image, string imagesSource)
        {
            bool sized = image.Width > 0 && image.Height > 0;
            if (segmentation.Kind == SegmentationKind.Polygons)
            {
                if (sized) return null;
                var missing = image.Width > 0 ? "height" : image.Height > 0 ? "width" : "width and height";
                return new RecordException("segmentation", FormattableString.Invariant($"polygons are drawn at their image's size, and image {image.Id} of {imagesSource} has no {missing} (missing or 0)"));
            }
            if (!sized || (segmentation.Height == image.Height && segmentation.Width == image.Width)) return null;
            return new RecordException("segmentation.size",
                FormattableString.Invariant($"is [{segmentation.Height}, {segmentation.Width}], but image {image.Id} of {imagesSource} is {image.Height} × {image.Width} (height × width)"));
        }

        // One warning an unknown id, located at its first object.
        private void ReportUnknown(
            Dictionary<long, (int Count, int First)> missing, IReadOnlyDictionary<int, long> found, IIssueSink sink, string source, string noun, string code, string field, string kind, string list)
        {
            foreach (var pair in missing.OrderBy(p => p.Key))
            {
                var (count, firstAt) = (pair.Value.Count, At(pair.Value.First));
                var id = pair.Key.ToString(CultureInfo.InvariantCulture);
                sink.Report(new DataIssue(code, IssueSeverity.Warning, source, LineOf(found, firstAt), firstAt + "." + field,
                    $"{Counted.Of(count, noun)} of {kind} {id}{(count > 1 ? " (the first here)" : string.Empty)}, which is not in the ground truth's {list}, {Counted.Verb(count, "is", "are")} left out."));
            }
        }

        private static void Note(Dictionary<long, (int Count, int First)> missing, long id, int item) =>
            missing[id] = missing.TryGetValue(id, out var seen) ? (seen.Count + 1, seen.First) : (1, item);

        private static T[] Exact<T>(T[] items, int count)
        {
            if (items.Length == count) return items;
            var exact = new T[count];
            Array.Copy(items, exact, count);
            return exact;
        }
    }
}
