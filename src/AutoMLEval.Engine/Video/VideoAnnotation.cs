namespace AutoMLEval.Engine.Video;

/// <summary>One ground-truth label on a span of a video (a Vertex AI <c>timeSegmentAnnotations</c> entry).</summary>
/// <param name="Label">The label's display name.</param>
/// <param name="Segment">Where the label applies; the end may be <see cref="VideoTime.End"/>.</param>
/// <param name="Line">The 1-based line of the ground-truth file it came from.</param>
public sealed record VideoAnnotation(string Label, VideoSegment Segment, long Line);
