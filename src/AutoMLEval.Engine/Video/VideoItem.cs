namespace AutoMLEval.Engine.Video;

/// <summary>One evaluated item: a span of a video (a segment, a one-second interval or a shot).</summary>
/// <param name="Video">The video URI.</param>
/// <param name="Segment">The span.</param>
/// <param name="Line">The 1-based line of the prediction file where the item was first scored.</param>
public sealed record VideoItem(string Video, VideoSegment Segment, long Line)
{
    /// <summary>The prediction file of <see cref="Line"/> (one shard of several), when known.</summary>
    public string? File { get; init; }

    /// <summary>"video [start, end)": the item's identifier in the classification data.</summary>
    public override string ToString() => $"{Video} {Segment}";
}
