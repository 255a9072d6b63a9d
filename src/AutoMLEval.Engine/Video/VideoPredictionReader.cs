using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// Streams a Vertex AI video-classification batch prediction file (JSON lines): each line an
/// <c>instance</c> {content, timeSegmentStart, timeSegmentEnd} and a <c>prediction</c> list of
/// {id, displayName, type, timeSegmentStart, timeSegmentEnd, confidence}. One line is parsed at a time; a bad line
/// or entry is reported with its line and field, counted, and skipped. The counts are complete once the
/// enumeration has finished.
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
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        _target = sink ?? throw new ArgumentNullException(nameof(sink));
        _sink = _target;
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The prediction file.</summary>
    public string Path { get; }

    /// <summary>Non-blank lines read so far.</summary>
    public long Lines { get; private set; }

    /// <summary>Lines skipped as a whole (bad JSON, no <c>instance.content</c>, no <c>prediction</c> list, malformed instance span).</summary>
    public long InvalidLines { get; private set; }

    /// <summary>Entries skipped (no label or type, a confidence outside [0, 1], a malformed span).</summary>
    public long InvalidEntries { get; private set; }

    /// <summary>The well-formed instances, one per usable line, in file order.</summary>
    public IEnumerable<VideoPredictionInstance> Read()
    {
        var capped = new CappedIssueSink(_target);
        _sink = capped;
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
        foreach (var (record, line) in VideoJsonLines.Objects(Path, _sink, _progress, _cancellationToken))
        {
            Lines++;
            if (record.ValueKind == JsonValueKind.Undefined)
            {
                InvalidLines++;
                continue;
            }
            var instance = ReadInstance(record, line);
            if (instance is null)
            {
                InvalidLines++;
                continue;
            }
            yield return instance;
        }
    }

    private VideoPredictionInstance? ReadInstance(JsonElement record, long line)
    {
        if (!record.TryGetProperty("instance", out var instance) || instance.ValueKind != JsonValueKind.Object)
        {
            return Skip(line, "instance", "The instance object is missing.");
        }
        var video = VideoJsonLines.String(instance, "content");
        if (video is null) return Skip(line, "instance.content", "The video URI is missing or not a non-empty string.");
        if (!VideoJsonLines.TryTime(instance, "timeSegmentStart", VideoTime.Zero, out var start, out var rawStart)) return SkipTime(line, "instance.timeSegmentStart", rawStart);
        if (!VideoJsonLines.TryTime(instance, "timeSegmentEnd", VideoTime.End, out var end, out var rawEnd)) return SkipTime(line, "instance.timeSegmentEnd", rawEnd);
        var segment = new VideoSegment(start, end);
        if (!VideoSegmentCheck.IsValid(segment, mustBeBounded: false, _sink, Path, line, "instance.timeSegmentStart,timeSegmentEnd")) return null;
        if (!record.TryGetProperty("prediction", out var prediction) || prediction.ValueKind != JsonValueKind.Array)
        {
            return Skip(line, "prediction", "The prediction list is missing or not a list.");
        }
        var scores = new List<VideoLabelScore>(prediction.GetArrayLength());
        int index = 0;
        foreach (var entry in prediction.EnumerateArray())
        {
            var score = ReadEntry(entry, index, segment, line);
            if (score is null) InvalidEntries++;
            else scores.Add(score);
            index++;
        }
        return new VideoPredictionInstance(video, segment, line, scores);
    }

    private VideoLabelScore? ReadEntry(JsonElement entry, int index, VideoSegment instanceSegment, long line)
    {
        var field = $"prediction[{index}]";
        var label = VideoJsonLines.String(entry, "displayName");
        if (label is null) return Report<VideoLabelScore>(VideoIssueCodes.MissingField, line, field + ".displayName", "The label is missing or not a non-empty string; entry skipped.");
        var type = VideoJsonLines.String(entry, "type");
        if (type is null) return Report<VideoLabelScore>(VideoIssueCodes.MissingField, line, field + ".type", "The prediction type is missing; entry skipped.");
        if (!entry.TryGetProperty("confidence", out var confidenceElement) || confidenceElement.ValueKind != JsonValueKind.Number
            || !confidenceElement.TryGetDouble(out var confidence) || !(confidence >= 0.0 && confidence <= 1.0))
        {
            var raw = entry.TryGetProperty("confidence", out var c) ? c.GetRawText() : "nothing";
            return Report<VideoLabelScore>(VideoIssueCodes.InvalidScore, line, field + ".confidence", $"Expected a number in [0, 1], found {raw}; entry skipped.");
        }
        if (!VideoJsonLines.TryTime(entry, "timeSegmentStart", instanceSegment.Start, out var start, out var rawStart)) return SkipEntryTime(line, field + ".timeSegmentStart", rawStart);
        if (!VideoJsonLines.TryTime(entry, "timeSegmentEnd", instanceSegment.End, out var end, out var rawEnd)) return SkipEntryTime(line, field + ".timeSegmentEnd", rawEnd);
        var segment = new VideoSegment(start, end);
        if (!VideoSegmentCheck.IsValid(segment, mustBeBounded: false, _sink, Path, line, field + ".timeSegmentStart,timeSegmentEnd")) return null;
        return new VideoLabelScore(label, type, segment, confidence, index);
    }

    private VideoPredictionInstance? Skip(long line, string field, string message) =>
        Report<VideoPredictionInstance>(VideoIssueCodes.MissingField, line, field, message + " Line skipped.");

    private VideoPredictionInstance? SkipTime(long line, string field, string raw) =>
        Report<VideoPredictionInstance>(VideoIssueCodes.InvalidTime, line, field, VideoJsonLines.NotATime(raw) + " Line skipped.");

    private VideoLabelScore? SkipEntryTime(long line, string field, string raw) =>
        Report<VideoLabelScore>(VideoIssueCodes.InvalidTime, line, field, VideoJsonLines.NotATime(raw) + " Entry skipped.");

    private T? Report<T>(string code, long line, string field, string message)
        where T : class
    {
        _sink.Report(new DataIssue(code, IssueSeverity.Error, Path, line, field, message));
        return null;
    }
}
