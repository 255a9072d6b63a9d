using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// Streams a Vertex AI video-classification batch prediction file (JSON lines): each line an
/// <c>instance</c> {content, timeSegmentStart, timeSegmentEnd} and a <c>prediction</c> list of
/// {id, displayName, type, timeSegmentStart, timeSegmentEnd, confidence}. Blocks of lines are parsed in parallel and
/// handed on in file order (<see cref="VideoJsonLines"/>); a bad line or entry is reported with its file, line and
/// field, counted, and skipped. Several files (shards) are read one after another as one set. The counts are complete
/// once the enumeration has finished.
/// </summary>
public sealed class VideoPredictionReader
{
    private readonly IIssueSink _target;
    private readonly IProgress<WorkProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private IIssueSink _sink;

    /// <summary>
    /// Creates a reader of <paramref name="path"/> reporting bad records to <paramref name="sink"/> (at most
    /// <see cref="CappedIssueSink.PerCode"/> issues of a code one by one, then their count) and the bytes read to
    /// <paramref name="progress"/>; reading stops once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public VideoPredictionReader(string path, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
        : this(new[] { path ?? throw new ArgumentNullException(nameof(path)) }, path, sink, progress, cancellationToken)
    {
    }

    /// <summary>
    /// Creates a reader of the shards <paramref name="files"/>, read in the order given as if they were one file
    /// (<paramref name="source"/> names the set, as a pattern does); otherwise as the one-file constructor.
    /// </summary>
    public VideoPredictionReader(IReadOnlyList<string> files, string source, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Files = files ?? throw new ArgumentNullException(nameof(files));
        Path = source ?? throw new ArgumentNullException(nameof(source));
        _target = sink ?? throw new ArgumentNullException(nameof(sink));
        _sink = _target;
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Bytes of the blocks of lines parsed at once (tests use tiny blocks to cross block boundaries).</summary>
    internal int BlockBytes { get; init; } = Formats.OrderedJsonLines.DefaultBlockBytes;

    /// <summary>When set, counts every issue by code before the cap (a partial evaluation merges these to what one reader would report).</summary>
    internal Dictionary<string, long>? UncappedIssueCounts { get; init; }

    /// <summary>The files a folder of video prediction shards is read for: JSON lines, optionally gzipped.</summary>
    public static IReadOnlyList<string> PredictionExtensions { get; } = new[] { ".jsonl", ".jsonl.gz" };

    /// <summary>The prediction file, or the folder or pattern naming the shards.</summary>
    public string Path { get; }

    /// <summary>The files read, in order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Non-blank lines read so far.</summary>
    public long Lines { get; private set; }

    /// <summary>Lines skipped as a whole (bad JSON, no <c>instance.content</c>, no <c>prediction</c> list, malformed instance span).</summary>
    public long InvalidLines { get; private set; }

    /// <summary>Entries skipped (no label or type, a confidence outside [0, 1], a malformed span or one outside its instance's).</summary>
    public long InvalidEntries { get; private set; }

    /// <summary>The well-formed instances, one per usable line, in file order.</summary>
    public IEnumerable<VideoPredictionInstance> Read()
    {
        var capped = new CappedIssueSink(_target);
        _sink = UncappedIssueCounts is null ? capped : new IssueCounter(capped, UncappedIssueCounts);
        try
        {
            foreach (var instance in ReadInstances()) yield return instance;
        }
        finally
        {
            // Reports how many issues of each code went beyond the cap.
            capped.Dispose();
            _sink = _target;
        }
    }

    private IEnumerable<VideoPredictionInstance> ReadInstances()
    {
        foreach (var file in Files)
        {
            bool firstRecord = true;
            foreach (var (parsed, line) in VideoJsonLines.Records<ParsedInstance>(file, _sink, () => new LineParser(file).Parse, _progress, _cancellationToken, BlockBytes,
                "video batch predictions hold one JSON object per line (a COCO or CSV file is not video predictions)"))
            {
                Lines++;
                var record = parsed;
                if (ReferenceEquals(record, ParsedInstance.OfAnImageModel))
                {
                    // A file whose first record is an image model's is all of that task: one error for it, not one a line.
                    if (firstRecord)
                    {
                        throw new InputFormatException("UnexpectedJson", file, line, "prediction",
                            "the file is an image model's batch predictions (the prediction is an object, with displayNames and confidences "
                            + "or bboxes), not a video model's (a prediction list of time segments with their displayName, type and confidence); "
                            + "evaluate it against its image ground truth with --task classification or --task detection (-Task Classification, -Task Detection)");
                    }
                    record = new Reporter(file, line, _sink).SkipLine("prediction", LineParser.NoPredictionList);
                }
                firstRecord = false;
                if (record is null)
                {
                    InvalidLines++;
                    continue;
                }
                InvalidEntries += record.InvalidEntries;
                yield return record.Instance;
            }
        }
    }

    /// <summary>A usable line: its instance and how many of its entries were skipped.</summary>
    private sealed record ParsedInstance(VideoPredictionInstance Instance, int InvalidEntries)
    {
        /// <summary>
        /// A line whose prediction is an object, as an image model writes it, told apart by reference: skipped and
        /// reported by the reader in file order, which ends the read with one error when it is the file's first record.
        /// </summary>
        public static readonly ParsedInstance OfAnImageModel = new(null!, 0);
    }

    /// <summary>
    /// Reads the lines of one block (on a worker thread): the fields first, the last of a repeated name winning, then
    /// the checks in a fixed order (instance, its span, then each entry), whatever order the fields were written in.
    /// </summary>
    private sealed class LineParser
    {
        public const string NoPredictionList = "The prediction list is missing or not a list.";

        private readonly string _path;
        private readonly RepeatedStrings _labels = new();
        private readonly RepeatedStrings _types = new();
        private readonly List<EntryFields> _entries = new();
        private readonly MisspeltKeyNotes _misspelt = new();

        public LineParser(string path) => _path = path;

        public ParsedInstance? Parse(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, long lineNumber, IIssueSink issues)
        {
            _misspelt.Clear();
            long lineStart = reader.TokenStartIndex;
            bool hasInstance = false, hasPrediction = false, predictionIsObject = false;
            string? video = null;
            VideoTimeValue start = default, end = default;
            _entries.Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("instance"u8))
                {
                    reader.Read();
                    hasInstance = reader.TokenType == JsonTokenType.StartObject;
                    (video, start, end) = hasInstance ? ReadInstance(ref reader, line) : (null, default, default);
                    if (!hasInstance) reader.Skip();
                }
                else if (reader.ValueTextEquals("prediction"u8))
                {
                    reader.Read();
                    hasPrediction = reader.TokenType == JsonTokenType.StartArray;
                    predictionIsObject = reader.TokenType == JsonTokenType.StartObject;
                    _entries.Clear();
                    if (hasPrediction) ReadEntries(ref reader, line);
                    else reader.Skip();
                }
                else
                {
                    SkipOther(ref reader, LineFields, lineStart, string.Empty);
                }
            }
            VideoJsonLines.EndOfLine(ref reader);
            foreach (var misspelt in _misspelt.Take(line)) issues.Report(MisspeltFields.Warning(_path, lineNumber, misspelt, WithoutField(misspelt)));

            var report = new Reporter(_path, lineNumber, issues);
            if (!hasInstance) return report.SkipLine("instance", "The instance object is missing.");
            if (video is null) return report.SkipLine("instance.content", "The video URI is missing or not a non-empty string.");
            if (!start.TryGet(VideoTime.Zero, out var startTime, out var rawStart)) return report.SkipLineTime("instance.timeSegmentStart", rawStart);
            if (!end.TryGet(VideoTime.End, out var endTime, out var rawEnd)) return report.SkipLineTime("instance.timeSegmentEnd", rawEnd);
            var segment = new VideoSegment(startTime, endTime);
            if (!VideoSegmentCheck.IsValid(segment, mustBeBounded: false, issues, _path, lineNumber, "instance.timeSegmentStart,timeSegmentEnd")) return null;
            if (predictionIsObject) return ParsedInstance.OfAnImageModel;
            if (!hasPrediction) return report.SkipLine("prediction", NoPredictionList);
            var scores = new List<VideoLabelScore>(_entries.Count);
            for (int index = 0; index < _entries.Count; index++)
            {
                if (_entries[index].Check(index, segment, report) is { } score) scores.Add(score);
            }
            return new ParsedInstance(new VideoPredictionInstance(video, segment, lineNumber, scores) { File = _path }, _entries.Count - scores.Count);
        }

        private (string? Video, VideoTimeValue Start, VideoTimeValue End) ReadInstance(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            long instanceStart = reader.TokenStartIndex;
            string? video = null;
            VideoTimeValue start = default, end = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    video = VideoJsonLines.String(ref reader);
                }
                else if (reader.ValueTextEquals("timeSegmentStart"u8))
                {
                    reader.Read();
                    start = VideoTimeValue.Read(ref reader, line);
                }
                else if (reader.ValueTextEquals("timeSegmentEnd"u8))
                {
                    reader.Read();
                    end = VideoTimeValue.Read(ref reader, line);
                }
                else if (reader.ValueTextEquals("mimeType"u8))
                {
                    reader.Read();
                    reader.Skip();
                }
                else
                {
                    SkipOther(ref reader, InstanceFields, instanceStart, "instance.");
                }
            }
            return (video, start, end);
        }

        private void ReadEntries(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var entry = new EntryFields { NotAConfidence = "nothing" };
                long entryStart = reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    // Not an object: it has no label, the first thing checked.
                    reader.Skip();
                    _entries.Add(entry);
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("displayName"u8))
                    {
                        reader.Read();
                        entry.Label = _labels.Read(ref reader);
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        entry.Type = _types.Read(ref reader);
                    }
                    else if (reader.ValueTextEquals("confidence"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var confidence) && confidence >= 0.0 && confidence <= 1.0)
                        {
                            entry.Confidence = confidence;
                            entry.NotAConfidence = null;
                        }
                        else
                        {
                            entry.NotAConfidence = VideoJsonLines.RawText(ref reader, line);
                        }
                    }
                    else if (reader.ValueTextEquals("timeSegmentStart"u8))
                    {
                        reader.Read();
                        entry.Start = VideoTimeValue.Read(ref reader, line);
                    }
                    else if (reader.ValueTextEquals("timeSegmentEnd"u8))
                    {
                        reader.Read();
                        entry.End = VideoTimeValue.Read(ref reader, line);
                    }
                    else if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        reader.Skip();
                    }
                    else
                    {
                        SkipOther(ref reader, EntryFieldNames, entryStart, "prediction", _entries.Count);
                    }
                }
                _entries.Add(entry);
            }
        }

        // Skips the value of a key that is no field, noting it when it is near one.
        private void SkipOther(ref Utf8JsonReader reader, string[] fields, long objectStart, string parent, int index = -1)
        {
            _misspelt.NoteIfNear(ref reader, fields, objectStart, parent, index);
            reader.Read();
            reader.Skip();
        }
    }

    // The fields of a line, its instance and an entry of its prediction list; the keys Vertex AI writes beside them
    // (the instance's mimeType, an entry's id) are passed by before these are looked at, costing no search for near names.
    private static readonly string[] LineFields = { "instance", "prediction" };
    private static readonly string[] InstanceFields = { "content", "timeSegmentStart", "timeSegmentEnd" };
    private static readonly string[] EntryFieldNames = { "displayName", "type", "confidence", "timeSegmentStart", "timeSegmentEnd" };

    // What a line read without the field means, for the warning on a key near its name.
    private static string WithoutField(MisspeltKey key) => key.Intended switch
    {
        "instance" => "the line has no instance",
        "prediction" => "the line has no prediction list",
        "content" => "the instance has no video URI",
        "timeSegmentStart" when key.Field.StartsWith("instance.", StringComparison.Ordinal) => "the instance starts at 0s",
        "timeSegmentEnd" when key.Field.StartsWith("instance.", StringComparison.Ordinal) => "the instance runs to the end of the video",
        "timeSegmentStart" => "the entry's span starts where the instance's does",
        "timeSegmentEnd" => "the entry's span ends where the instance's does",
        "displayName" => "the entry has no label",
        "type" => "the entry has no prediction type",
        _ => "the entry has no confidence",
    };

    /// <summary>One entry of the prediction list as read, checked once the whole line is known to be valid JSON.</summary>
    private struct EntryFields
    {
        public string? Label;
        public string? Type;
        public double Confidence;
        public string? NotAConfidence;
        public VideoTimeValue Start;
        public VideoTimeValue End;

        public readonly VideoLabelScore? Check(int index, VideoSegment instanceSegment, Reporter report)
        {
            var field = $"prediction[{index}]";
            if (Label is null) return report.SkipEntry(VideoIssueCodes.MissingField, field + ".displayName", "The label is missing or not a non-empty string; entry skipped.");
            if (Type is null) return report.SkipEntry(VideoIssueCodes.MissingField, field + ".type", "The prediction type is missing; entry skipped.");
            if (NotAConfidence is not null) return report.SkipEntry(VideoIssueCodes.InvalidScore, field + ".confidence", $"Expected a number in [0, 1], found {NotAConfidence}; entry skipped.");
            if (!Start.TryGet(instanceSegment.Start, out var start, out var rawStart)) return report.SkipEntry(VideoIssueCodes.InvalidTime, field + ".timeSegmentStart", VideoJsonLines.NotATime(rawStart) + " Entry skipped.");
            if (!End.TryGet(instanceSegment.End, out var end, out var rawEnd)) return report.SkipEntry(VideoIssueCodes.InvalidTime, field + ".timeSegmentEnd", VideoJsonLines.NotATime(rawEnd) + " Entry skipped.");
            var segment = new VideoSegment(start, end);
            if (!report.IsValid(segment, field + ".timeSegmentStart,timeSegmentEnd")) return null;
            // An entry is one of its instance's intervals; one beyond the instance would stretch the video the temporal
            // IoU is measured over. A span running to "Infinity" is the builder's to report (UnboundedSegment).
            if (segment.Start < instanceSegment.Start || (segment.IsBounded && segment.End > instanceSegment.End))
            {
                return report.SkipEntry(VideoIssueCodes.OutsideInstance, field + ".timeSegmentStart,timeSegmentEnd",
                    $"The span {segment} is not within its instance's span {instanceSegment}; entry skipped.");
            }
            return new VideoLabelScore(Label, Type, segment, Confidence, index);
        }
    }

    /// <summary>Reports the problems of one line.</summary>
    private readonly struct Reporter
    {
        private readonly string _path;
        private readonly long _line;
        private readonly IIssueSink _issues;

        public Reporter(string path, long line, IIssueSink issues)
        {
            _path = path;
            _line = line;
            _issues = issues;
        }

        public ParsedInstance? SkipLine(string field, string message) => Report<ParsedInstance>(VideoIssueCodes.MissingField, field, message + " Line skipped.");

        public ParsedInstance? SkipLineTime(string field, string raw) => Report<ParsedInstance>(VideoIssueCodes.InvalidTime, field, VideoJsonLines.NotATime(raw) + " Line skipped.");

        public VideoLabelScore? SkipEntry(string code, string field, string message) => Report<VideoLabelScore>(code, field, message);

        public bool IsValid(VideoSegment segment, string field) => VideoSegmentCheck.IsValid(segment, mustBeBounded: false, _issues, _path, _line, field);

        private T? Report<T>(string code, string field, string message)
            where T : class
        {
            _issues.Report(new DataIssue(code, IssueSeverity.Error, _path, _line, field, message));
            return null;
        }
    }
}
