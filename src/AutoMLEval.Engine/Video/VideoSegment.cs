namespace AutoMLEval.Engine.Video;

/// <summary>
/// A half-open time span [<see cref="Start"/>, <see cref="End"/>) of one video. The two rules that turn
/// annotations into true labels are defined here, in exact integer arithmetic on nanoseconds.
/// </summary>
/// <param name="Start">The first instant of the span.</param>
/// <param name="End">The instant just after the span; <see cref="VideoTime.End"/> for "to the end of the video".</param>
public readonly record struct VideoSegment(VideoTime Start, VideoTime End)
{
    /// <summary>Whether the end is a finite time (a segment running to "Infinity" has no known length).</summary>
    public bool IsBounded => !End.IsEnd;

    /// <summary>Length in nanoseconds; only meaningful when <see cref="IsBounded"/>.</summary>
    public long LengthNanoseconds => End.Nanoseconds - Start.Nanoseconds;

    /// <summary>Length of the overlap of this segment and <paramref name="other"/>, in nanoseconds (0 when disjoint).</summary>
    public long OverlapNanoseconds(VideoSegment other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return end > start ? end.Nanoseconds - start.Nanoseconds : 0;
    }

    /// <summary>
    /// The segment-level rule: this (annotated) segment covers at least half of the bounded <paramref name="item"/>,
    /// that is 2·|this ∩ item| ≥ |item|. Exactly half counts.
    /// </summary>
    public bool CoversAtLeastHalfOf(VideoSegment item)
    {
        if (!item.IsBounded) throw new ArgumentException("The coverage rule needs a segment with a finite end.", nameof(item));
        var overlap = OverlapNanoseconds(item);
        return overlap >= item.LengthNanoseconds - overlap;
    }

    /// <summary>
    /// The one-second (and shot) rule: this (annotated) segment contains the midpoint m = (s + e) / 2 of the
    /// bounded <paramref name="item"/>, that is Start ≤ m &lt; End (half-open: a midpoint on End is outside).
    /// </summary>
    public bool ContainsMidpointOf(VideoSegment item)
    {
        if (!item.IsBounded) throw new ArgumentException("The midpoint rule needs a segment with a finite end.", nameof(item));
        // Start ≤ (s + e)/2  ⇔  Start − s ≤ e − Start, and (s + e)/2 < End  ⇔  e − End < End − s: differences cannot overflow.
        var s = item.Start.Nanoseconds;
        var e = item.End.Nanoseconds;
        bool afterStart = Start.Nanoseconds - s <= e - Start.Nanoseconds;
        bool beforeEnd = End.IsEnd || e - End.Nanoseconds < End.Nanoseconds - s;
        return afterStart && beforeEnd;
    }

    /// <summary>"[1.607s, 8.693s)".</summary>
    public override string ToString() => $"[{Start}, {End})";
}
