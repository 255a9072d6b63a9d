using System.Globalization;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// Reads the ground truth of a video-classification data set in Vertex AI's import forms, keeping one ML_USE split:
/// JSON lines <c>{"videoGcsUri", "timeSegmentAnnotations":[{"displayName","startTime","endTime"}],
/// "dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use"}}</c>, or CSV lines
/// <c>[ML_USE,]VIDEO_URI,LABEL,START,END</c> (an empty LABEL lists a video without labels).
/// Times are Duration strings ("1.607s"), plain seconds, or "Infinity"/"inf" for the end of the video; an absent
/// start is 0 and an absent end is the end of the video. Bad records and annotations are reported and counted.
/// A video listed on several lines gets the annotations of all of them.
/// </summary>
public static class VideoGroundTruthReader
{
    /// <summary>The video URI's field in the JSON-lines form.</summary>
    public const string JsonVideoField = "videoGcsUri";

    /// <summary>The video URI's column in the CSV form.</summary>
    public const string CsvVideoField = "VIDEO_URI";

    /// <summary>The ML_USE key of Vertex AI's data item labels.</summary>
    public const string MlUseKey = MlUse.ResourceLabelKey;

    /// <summary>
    /// Reads CSV or JSON lines as the name tells, or of another name (a pipe's <c>/dev/fd/63</c>) the content
    /// (<see cref="InputFile.IsCsv"/>).
    /// </summary>
    /// <param name="path">The ground-truth file.</param>
    /// <param name="split">The ML_USE split to keep (case-insensitive), or null to keep every record.</param>
    /// <param name="sink">Where bad records are reported.</param>
    /// <param name="progress">The bytes read, as they are read.</param>
    /// <param name="cancellationToken">Stops the reading (<see cref="OperationCanceledException"/>).</param>
    /// <exception cref="InputFormatException">No record of the split could be read.</exception>
    public static VideoGroundTruth Read(string path, string? split, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var capped = new CappedIssueSink(sink);
        return InputFile.IsCsv(path)
            ? ReadCsv(path, split, capped, progress, cancellationToken)
            : ReadJsonLines(path, split, capped, progress, cancellationToken);
    }

    /// <summary>
    /// The video URI's field of the ground truth at <paramref name="path"/> told by its name only: what a partial evaluation
    /// of format version 6 or older, which keeps the path and not the field, names (a CSV of another name as JSON Lines).
    /// Newer parts carry the field as read (<see cref="PartialVideo.VideoField"/>).
    /// </summary>
    public static string VideoFieldOf(string path) => InputFile.HasExtension(path, ".csv") ? CsvVideoField : JsonVideoField;

    /// <summary>Reads the JSON-lines form.</summary>
    /// <inheritdoc cref="Read"/>
    public static VideoGroundTruth ReadJsonLines(string path, string? split, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ReadJsonLines(path, split, sink, Formats.OrderedJsonLines.DefaultBlockBytes, progress, cancellationToken);

    /// <summary>Reads the JSON-lines form in blocks of <paramref name="blockBytes"/> (tests use tiny blocks to cross block boundaries).</summary>
    internal static VideoGroundTruth ReadJsonLines(string path, string? split, IIssueSink sink, int blockBytes, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var builder = new Builder(path, split, sink, JsonVideoField);
        foreach (var (record, line) in VideoJsonLines.Records<JsonRecord>(path, sink, () => new JsonRecordParser().Parse, progress, cancellationToken, blockBytes))
        {
            builder.Records++;
            if (record is null)
            {
                builder.InvalidRecords++;
                continue;
            }
            foreach (var misspelt in record.Misspelt) builder.MisspeltField(line, misspelt);
            if (record.Video is null)
            {
                builder.InvalidRecord(line, JsonVideoField, "The video URI is missing or not a non-empty string; record skipped.");
                continue;
            }
            if (builder.StartVideo(record.Video, record.MlUse, line, JsonSplitField, wholeVideo: true) is not bool inSplit) continue;
            if (!record.HasAnnotations) continue;
            if (record.Annotations is null)
            {
                builder.InvalidAnnotation(line, "timeSegmentAnnotations", "Expected a list of annotations.");
                continue;
            }
            int index = 0;
            foreach (var annotation in record.Annotations)
            {
                var field = $"timeSegmentAnnotations[{index++}]";
                if (annotation.Label is null)
                {
                    builder.InvalidAnnotation(line, field + ".displayName", "The label is missing or not a non-empty string.");
                    continue;
                }
                if (!annotation.Start.TryGet(VideoTime.Zero, out var start, out var rawStart))
                {
                    builder.InvalidTime(line, field + ".startTime", rawStart);
                    continue;
                }
                if (!annotation.End.TryGet(VideoTime.End, out var end, out var rawEnd))
                {
                    builder.InvalidTime(line, field + ".endTime", rawEnd);
                    continue;
                }
                builder.AddAnnotation(record.Video, inSplit, annotation.Label, new VideoSegment(start, end), line, field);
            }
        }
        return builder.Build();
    }

    /// <summary>
    /// A JSON-lines record's fields as read (the last of a repeated name wins): <see cref="Annotations"/> is null when
    /// <c>timeSegmentAnnotations</c> is there but not a list (<see cref="HasAnnotations"/>: there and not null);
    /// <see cref="Misspelt"/>, the keys near a field's name.
    /// </summary>
    private sealed record JsonRecord(string? Video, string? MlUse, bool HasAnnotations, List<AnnotationFields>? Annotations, IReadOnlyList<MisspeltKey> Misspelt);

    private static readonly string[] RecordFields = { "videoGcsUri", "timeSegmentAnnotations", "dataItemResourceLabels" };
    private static readonly string[] AnnotationFieldNames = { "displayName", "startTime", "endTime" };
    private static readonly string[] ResourceLabelFields = { MlUseKey };

    private const string JsonSplitField = "dataItemResourceLabels." + MlUseKey;

    // What a record read without the field means, for the warning on a key near its name.
    private static readonly Dictionary<string, string> WithoutField = new(StringComparer.Ordinal)
    {
        ["videoGcsUri"] = "the record has no video URI",
        ["timeSegmentAnnotations"] = "the video is read as one without annotations, where no label is true",
        ["dataItemResourceLabels"] = "the video has no split, so it is in every split",
        [MlUseKey] = "the video has no split, so it is in every split",
        ["displayName"] = "the annotation has no label",
        ["startTime"] = "the span starts at 0s",
        ["endTime"] = "the span runs to the end of the video",
    };

    /// <summary>One entry of <c>timeSegmentAnnotations</c> as read; an entry that is not an object has no label.</summary>
    private readonly record struct AnnotationFields(string? Label, VideoTimeValue Start, VideoTimeValue End);

    /// <summary>Reads the records of one block of lines (on a worker thread); the builder then checks them in file order.</summary>
    private sealed class JsonRecordParser
    {
        private readonly RepeatedStrings _labels = new();
        private readonly MisspeltKeyNotes _misspelt = new();

        public JsonRecord? Parse(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, long lineNumber, IIssueSink issues)
        {
            _misspelt.Clear();
            long recordStart = reader.TokenStartIndex;
            string? video = null, mlUse = null;
            bool hasAnnotations = false;
            List<AnnotationFields>? annotations = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("videoGcsUri"u8))
                {
                    reader.Read();
                    video = VideoJsonLines.String(ref reader);
                }
                else if (reader.ValueTextEquals("dataItemResourceLabels"u8))
                {
                    reader.Read();
                    mlUse = ReadMlUse(ref reader);
                }
                else if (reader.ValueTextEquals("timeSegmentAnnotations"u8))
                {
                    reader.Read();
                    hasAnnotations = reader.TokenType != JsonTokenType.Null;
                    annotations = reader.TokenType == JsonTokenType.StartArray ? ReadAnnotations(ref reader, line) : null;
                    if (annotations is null) reader.Skip();
                }
                else
                {
                    SkipOther(ref reader, RecordFields, recordStart, parent: string.Empty);
                }
            }
            VideoJsonLines.EndOfLine(ref reader);
            return new JsonRecord(video, mlUse, hasAnnotations, annotations, _misspelt.Take(line));
        }

        /// <summary>
        /// Skips the value of a key that is none of <paramref name="fields"/>, noting it when it is near one; the key is
        /// a member of <paramref name="parent"/> ("" for the record), or of its entry <paramref name="index"/>, the
        /// object that starts at <paramref name="objectStart"/>.
        /// </summary>
        private void SkipOther(ref Utf8JsonReader reader, string[] fields, long objectStart, string parent, int index = -1)
        {
            _misspelt.NoteIfNear(ref reader, fields, objectStart, parent, index);
            reader.Read();
            reader.Skip();
        }

        private string? ReadMlUse(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }
            long labelsStart = reader.TokenStartIndex;
            string? mlUse = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(MlUseKeyUtf8))
                {
                    reader.Read();
                    mlUse = VideoJsonLines.String(ref reader);
                }
                else
                {
                    SkipOther(ref reader, ResourceLabelFields, labelsStart, "dataItemResourceLabels.");
                }
            }
            return mlUse;
        }

        private List<AnnotationFields> ReadAnnotations(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            var annotations = new List<AnnotationFields>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    annotations.Add(default);
                    continue;
                }
                long annotationStart = reader.TokenStartIndex;
                string? label = null;
                VideoTimeValue start = default, end = default;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("displayName"u8))
                    {
                        reader.Read();
                        label = _labels.Read(ref reader);
                    }
                    else if (reader.ValueTextEquals("startTime"u8))
                    {
                        reader.Read();
                        start = VideoTimeValue.Read(ref reader, line);
                    }
                    else if (reader.ValueTextEquals("endTime"u8))
                    {
                        reader.Read();
                        end = VideoTimeValue.Read(ref reader, line);
                    }
                    else
                    {
                        SkipOther(ref reader, AnnotationFieldNames, annotationStart, "timeSegmentAnnotations", annotations.Count);
                    }
                }
                annotations.Add(new AnnotationFields(label, start, end));
            }
            return annotations;
        }
    }

    private static readonly byte[] MlUseKeyUtf8 = System.Text.Encoding.UTF8.GetBytes(MlUseKey);

    /// <summary>
    /// The column a row of the wrong length is at fault in, so that the error names a field as every other does: the first
    /// one missing (after a split or without one: "test,a.mp4,cooking" lacks START), or END when fields follow it.
    /// </summary>
    private static string ColumnAtFault(IReadOnlyList<string> fields)
    {
        string[] columns = fields.Count > 0 && MlUse.Normalize(fields[0]) is not null
            ? new[] { "ML_USE", CsvVideoField, "LABEL", "START", "END" }
            : new[] { CsvVideoField, "LABEL", "START", "END" };
        return fields.Count < columns.Length ? columns[fields.Count] : "END";
    }

    /// <summary>Reads the CSV form (no header; fields may be quoted).</summary>
    /// <inheritdoc cref="Read"/>
    public static VideoGroundTruth ReadCsv(string path, string? split, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var builder = new Builder(path, split, sink, CsvVideoField);
        using var reader = InputFile.TextReader(InputFile.OpenRead(path, progress, cancellationToken));
        foreach (var (line, fields, error) in CsvLine.ReadRecords(reader, path))
        {
            builder.Records++;
            if (error is not null)
            {
                builder.InvalidRecord(line, string.Empty, $"The line is not valid CSV ({error}); line skipped.", VideoIssueCodes.FieldCount);
                continue;
            }
            if (fields.Count is not (4 or 5))
            {
                builder.InvalidRecord(line, ColumnAtFault(fields), $"Expected [ML_USE,]VIDEO_URI,LABEL,START,END (4 or 5 fields), found {Counted.Of(fields.Count, "field")}; line skipped.", VideoIssueCodes.FieldCount);
                continue;
            }
            int offset = fields.Count - 4;
            var mlUse = offset == 1 && fields[0].Length > 0 ? fields[0] : null;
            var video = fields[offset];
            if (video.Length == 0)
            {
                builder.InvalidRecord(line, CsvVideoField, "The video URI is empty; line skipped.");
                continue;
            }
            if (builder.StartVideo(video, mlUse, line, "ML_USE", wholeVideo: false) is not bool inSplit) continue;
            var label = fields[offset + 1];
            if (label.Length == 0) continue;
            if (!ParseCsvTime(fields[offset + 2], VideoTime.Zero, out var start))
            {
                builder.InvalidTime(line, "START", fields[offset + 2]);
                continue;
            }
            if (!ParseCsvTime(fields[offset + 3], VideoTime.End, out var end))
            {
                builder.InvalidTime(line, "END", fields[offset + 3]);
                continue;
            }
            builder.AddAnnotation(video, inSplit, label, new VideoSegment(start, end), line, "START,END");
        }
        return builder.Build();
    }

    private static bool ParseCsvTime(string text, VideoTime absent, out VideoTime time)
    {
        time = absent;
        return text.Trim().Length == 0 || VideoTime.TryParse(text, out time);
    }

    /// <summary>Collects videos and annotations and keeps the counts, for both file forms.</summary>
    private sealed class Builder
    {
        private readonly string _path;
        private readonly string? _split;
        private readonly IIssueSink _sink;
        private readonly string _videoField;
        private readonly Dictionary<string, List<VideoAnnotation>> _videos = new(StringComparer.Ordinal);

        // Every video read, of any split: its split (null: none) and the line it was first listed on.
        private readonly Dictionary<string, (string? Split, long Line)> _listed = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _labels = new(StringComparer.Ordinal);

        public Builder(string path, string? split, IIssueSink sink, string videoField)
        {
            _path = path;
            _split = split;
            _videoField = videoField;
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        }

        public long Records { get; set; }

        public long InvalidRecords { get; set; }

        private long OtherSplitRecords { get; set; }

        private long NoSplitRecords { get; set; }

        private long Annotations { get; set; }

        private long InvalidAnnotations { get; set; }

        /// <summary>
        /// Registers a video record; returns whether it belongs to the chosen split, or null for a record skipped
        /// (reported): the video was listed earlier under another split (<c>ConflictingSplit</c>), which would evaluate
        /// it twice or leak a training video into the test split. A record without an ML_USE value belongs to every
        /// split, as an image without one does, so a file without splits is evaluated whole. A JSON line lists all of a
        /// video's annotations (<paramref name="wholeVideo"/>), so one of the chosen split listed again is warned of
        /// (<c>DuplicateItem</c>) and its annotations merged; a CSV row holds one annotation, and a video has many.
        /// </summary>
        public bool? StartVideo(string video, string? mlUse, long line, string splitField, bool wholeVideo)
        {
            // The legacy AutoML names (TRAIN, VALIDATE) are the splits a user names training and validation.
            var split = mlUse is null ? null : MlUse.Normalize(mlUse) ?? mlUse;
            bool repeated = _listed.TryGetValue(video, out var first);
            if (!repeated)
            {
                _listed.Add(video, (split, line));
            }
            else if (!string.Equals(first.Split, split, StringComparison.OrdinalIgnoreCase))
            {
                InvalidRecord(line, splitField,
                    $"'{video}' was listed in split '{first.Split ?? "(none)"}' on line {first.Line.ToString(CultureInfo.InvariantCulture)}; here it is in '{split ?? "(none)"}'; the record is skipped.",
                    VideoIssueCodes.ConflictingSplit);
                return null;
            }
            if (mlUse is null && _split is not null) NoSplitRecords++;
            if (_split is null || split is null || string.Equals(split, _split, StringComparison.OrdinalIgnoreCase))
            {
                if (!_videos.ContainsKey(video)) _videos[video] = new List<VideoAnnotation>();
                if (repeated && wholeVideo)
                {
                    _sink.Report(new DataIssue(VideoIssueCodes.DuplicateItem, IssueSeverity.Warning, _path, line, _videoField,
                        $"'{video}' was already listed on line {first.Line.ToString(CultureInfo.InvariantCulture)}; the annotations of both lines are kept."));
                }
                return true;
            }
            OtherSplitRecords++;
            return false;
        }

        public void AddAnnotation(string video, bool inSplit, string label, VideoSegment segment, long line, string field)
        {
            if (!VideoSegmentCheck.IsValid(segment, mustBeBounded: false, _sink, _path, line, field))
            {
                InvalidAnnotations++;
                return;
            }
            // Labels of every split form the vocabulary: a label absent from the test split is still one the model knows.
            _labels.Add(label);
            if (!inSplit) return;
            _videos[video].Add(new VideoAnnotation(label, segment, line));
            Annotations++;
        }

        public void InvalidRecord(long line, string field, string message, string code = VideoIssueCodes.MissingField)
        {
            InvalidRecords++;
            _sink.Report(new DataIssue(code, IssueSeverity.Error, _path, line, field, message));
        }

        public void InvalidAnnotation(long line, string field, string message)
        {
            InvalidAnnotations++;
            _sink.Report(new DataIssue(VideoIssueCodes.MissingField, IssueSeverity.Error, _path, line, field, message + " Annotation skipped."));
        }

        public void MisspeltField(long line, MisspeltKey misspelt) =>
            _sink.Report(MisspeltFields.Warning(_path, line, misspelt, WithoutField[misspelt.Intended]));

        public void InvalidTime(long line, string field, string raw)
        {
            InvalidAnnotations++;
            _sink.Report(new DataIssue(VideoIssueCodes.InvalidTime, IssueSeverity.Error, _path, line, field,
                VideoJsonLines.NotATime(raw) + " Annotation skipped."));
        }

        public VideoGroundTruth Build()
        {
            if (_videos.Count == 0)
            {
                var which = _split is null ? string.Empty : $" in split '{_split}'";
                throw new InputFormatException(VideoIssueCodes.NoItems, _path, 0, string.Empty,
                    $"No video{which} could be read ({Counted.Of(Records, "record")}: {OtherSplitRecords} of other splits, {InvalidRecords} invalid).");
            }
            var videos = _videos.ToDictionary(v => v.Key, v => (IReadOnlyList<VideoAnnotation>)v.Value.ToArray(), StringComparer.Ordinal);
            var counts = new VideoGroundTruthCounts(Records, OtherSplitRecords, NoSplitRecords, InvalidRecords, Annotations, InvalidAnnotations);
            return new VideoGroundTruth(_path, _split, videos, _labels.ToArray(), counts, _videoField)
            {
                OtherSplitVideos = new HashSet<string>(_listed.Keys.Where(video => !_videos.ContainsKey(video)), StringComparer.Ordinal),
            };
        }
    }
}
