using System.Globalization;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// A point in a video, held as whole nanoseconds so that the coverage ("at least half") and midpoint rules are
/// decided exactly: "1.607s" and "0.8035s" are decimal values that binary floating point cannot hold, and a
/// float comparison would put an annotation that covers exactly half of a segment on either side at random.
/// Protobuf Durations carry at most nine fractional digits, so nanoseconds lose nothing.
/// <see cref="End"/> stands for "Infinity" (the end of the video, whatever its length).
/// </summary>
public readonly struct VideoTime : IEquatable<VideoTime>, IComparable<VideoTime>
{
    private const long NanosecondsPerSecond = 1_000_000_000L;

    private VideoTime(long nanoseconds) => Nanoseconds = nanoseconds;

    /// <summary>The end of the video ("Infinity", "inf"): later than every finite time.</summary>
    public static VideoTime End { get; } = new(long.MaxValue);

    /// <summary>The start of the video.</summary>
    public static VideoTime Zero { get; } = new(0);

    /// <summary>Nanoseconds from the start of the video; <see cref="long.MaxValue"/> for <see cref="End"/>.</summary>
    public long Nanoseconds { get; }

    /// <summary>Whether this is the open end of the video rather than a finite time.</summary>
    public bool IsEnd => Nanoseconds == long.MaxValue;

    /// <summary>Seconds from the start (<see cref="double.PositiveInfinity"/> for <see cref="End"/>).</summary>
    public double Seconds => IsEnd ? double.PositiveInfinity : (double)Nanoseconds / NanosecondsPerSecond;

    /// <summary>A finite time from whole nanoseconds (may be negative; the readers reject negative times).</summary>
    public static VideoTime FromNanoseconds(long nanoseconds) =>
        nanoseconds == long.MaxValue ? throw new ArgumentOutOfRangeException(nameof(nanoseconds), "Use VideoTime.End for the end of the video.") : new VideoTime(nanoseconds);

    /// <summary>A finite time from seconds, rounded to the nearest nanosecond.</summary>
    public static VideoTime FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Use VideoTime.End for the end of the video.");
        return FromNanoseconds(checked((long)Math.Round(seconds * NanosecondsPerSecond, MidpointRounding.AwayFromZero)));
    }

    /// <summary>
    /// Parses a protobuf Duration string ("1.607s", "0s"), plain seconds ("1.607", "2e1") or the end of the video
    /// ("Infinity", "inf", with or without "s"; any case), with the invariant culture. Digits beyond the ninth
    /// decimal are rounded to the nearest nanosecond.
    /// </summary>
    /// <returns>False for anything else (empty text, NaN, "-Infinity", units other than seconds, out of range).</returns>
    public static bool TryParse(string? text, out VideoTime time)
    {
        time = default;
        if (text is null) return false;
        var body = text.Trim();
        if (body.EndsWith("s", StringComparison.Ordinal)) body = body.Substring(0, body.Length - 1);
        if (body.Length == 0) return false;
        if (string.Equals(body, "Infinity", StringComparison.OrdinalIgnoreCase)
            || string.Equals(body, "+Infinity", StringComparison.OrdinalIgnoreCase)
            || string.Equals(body, "inf", StringComparison.OrdinalIgnoreCase)
            || string.Equals(body, "+inf", StringComparison.OrdinalIgnoreCase))
        {
            time = End;
            return true;
        }
        if (!decimal.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return false;
        // ±292 years is the range of long nanoseconds; more is no video.
        if (Math.Abs(seconds) > 9_000_000_000m) return false;
        time = new VideoTime((long)decimal.Round(seconds * NanosecondsPerSecond, MidpointRounding.AwayFromZero));
        return true;
    }

    /// <summary>The protobuf Duration form ("1.607s", "0s", "Infinity" for the end), invariant culture.</summary>
    public override string ToString()
    {
        if (IsEnd) return "Infinity";
        var seconds = (decimal)Nanoseconds / NanosecondsPerSecond;
        return seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    /// <inheritdoc />
    public bool Equals(VideoTime other) => Nanoseconds == other.Nanoseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is VideoTime other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Nanoseconds.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(VideoTime other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Equality.</summary>
    public static bool operator ==(VideoTime left, VideoTime right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(VideoTime left, VideoTime right) => !left.Equals(right);

    /// <summary>Earlier than.</summary>
    public static bool operator <(VideoTime left, VideoTime right) => left.Nanoseconds < right.Nanoseconds;

    /// <summary>Later than.</summary>
    public static bool operator >(VideoTime left, VideoTime right) => left.Nanoseconds > right.Nanoseconds;

    /// <summary>Earlier than or equal.</summary>
    public static bool operator <=(VideoTime left, VideoTime right) => left.Nanoseconds <= right.Nanoseconds;

    /// <summary>Later than or equal.</summary>
    public static bool operator >=(VideoTime left, VideoTime right) => left.Nanoseconds >= right.Nanoseconds;
}
