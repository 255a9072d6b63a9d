using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Video;

/// <summary>The one check every time span read from a file goes through, so annotations and predictions agree on what is malformed.</summary>
internal static class VideoSegmentCheck
{
    /// <summary>
    /// Whether [start, end) is usable; if not, reports why (negative or infinite start, reversed, empty, and, when
    /// <paramref name="mustBeBounded"/>, an "Infinity" end) against <paramref name="field"/> and returns false.
    /// </summary>
    public static bool IsValid(VideoSegment segment, bool mustBeBounded, IIssueSink sink, string source, long line, string field)
    {
        string? code = null;
        string message = string.Empty;
        if (segment.Start.Nanoseconds < 0 || segment.End.Nanoseconds < 0)
        {
            code = VideoIssueCodes.NegativeTime;
            message = $"The span {segment} has a time before the start of the video.";
        }
        else if (segment.Start.IsEnd)
        {
            code = VideoIssueCodes.NegativeTime;
            message = $"The span {segment} starts at the end of the video.";
        }
        else if (segment.End < segment.Start)
        {
            code = VideoIssueCodes.ReversedSegment;
            message = $"The span {segment} ends before it starts.";
        }
        else if (segment.End == segment.Start)
        {
            code = VideoIssueCodes.EmptySegment;
            message = $"The span {segment} is empty (it ends where it starts).";
        }
        else if (mustBeBounded && !segment.IsBounded)
        {
            code = VideoIssueCodes.UnboundedSegment;
            message = $"The span {segment} runs to the end of an unknown-length video; a predicted span needs a finite end.";
        }
        if (code is null) return true;
        sink.Report(new DataIssue(code, IssueSeverity.Error, source, line, field, message + " Skipped."));
        return false;
    }
}
