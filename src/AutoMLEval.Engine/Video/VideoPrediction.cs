namespace AutoMLEval.Engine.Video;

/// <summary>
/// One line of a Vertex AI video-classification batch prediction: the instance (a video and the span that was
/// asked about) and the label scores the model returned for it.
/// </summary>
/// <param name="Video">The video URI (<c>instance.content</c>), matched ordinally against the ground truth's <c>videoGcsUri</c>.</param>
/// <param name="Segment">The span asked about (<c>instance.timeSegmentStart/End</c>; absent means the whole video).</param>
/// <param name="Line">The 1-based line of the prediction file.</param>
/// <param name="Scores">The well-formed entries of <c>prediction</c>, in file order.</param>
public sealed record VideoPredictionInstance(string Video, VideoSegment Segment, long Line, IReadOnlyList<VideoLabelScore> Scores)
{
    /// <summary>The file the line is in (one shard of several); null when the instance was not read from a file.</summary>
    public string? File { get; init; }
}

/// <summary>One entry of a prediction line's <c>prediction</c> list.</summary>
/// <param name="Label">The label's display name.</param>
/// <param name="Type">The kind of span: <c>segment-classification</c>, <c>shot-classification</c> or <c>one-sec-interval-classification</c>.</param>
/// <param name="Segment">The span the score is for (the entry's own times; the instance's when absent).</param>
/// <param name="Confidence">The score, in [0, 1].</param>
/// <param name="Index">The entry's position in the <c>prediction</c> list, for error locations.</param>
public sealed record VideoLabelScore(string Label, string Type, VideoSegment Segment, double Confidence, int Index);
