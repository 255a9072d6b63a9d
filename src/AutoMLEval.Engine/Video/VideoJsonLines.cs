using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// The line plumbing both video readers share: each non-blank line read by a <see cref="Utf8JsonReader"/> straight
/// from pooled blocks of UTF-8 bytes, blocks parsed in parallel and handed back in file order
/// (<see cref="OrderedJsonLines"/>), every bad line reported with its line number.
/// </summary>
internal static class VideoJsonLines
{
    /// <summary>
    /// Reads one JSON object, the reader on its start, on any thread. It calls <see cref="EndOfLine"/> before it reports
    /// anything to <paramref name="issues"/>: a line that is not valid JSON to its end is one InvalidJson error and no other.
    /// </summary>
    public delegate T? ObjectParser<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, long lineNumber, IIssueSink issues)
        where T : class;

    /// <summary>
    /// Yields every non-blank line with its 1-based number: the record <paramref name="newParser"/>'s parser (one per
    /// block of lines) made of the line's JSON object, or null when the line is not a JSON object (already reported).
    /// Issues the parser reported for a line reach <paramref name="sink"/> just before the line is yielded. The bytes
    /// read are reported to <paramref name="progress"/>; reading stops once <paramref name="cancellationToken"/> is cancelled.
    /// Lines are parsed in blocks of <paramref name="blockBytes"/>.
    /// </summary>
    /// <exception cref="InputFormatException">The first non-blank line is not JSON: the file is not JSON lines at all
    /// (a CSV or binary file given by mistake), which thousands of per-line errors would only obscure.</exception>
    public static IEnumerable<(T? Record, long Line)> Records<T>(
        string path, IIssueSink sink, Func<ObjectParser<T>> newParser, IProgress<WorkProgress>? progress, CancellationToken cancellationToken, int blockBytes = OrderedJsonLines.DefaultBlockBytes,
        string notJsonLinesHint = "a CSV ground truth must be named *.csv or *.csv.gz")
        where T : class
    {
        using var stream = InputFile.OpenRead(path, progress, cancellationToken);
        bool first = true;
        foreach (var (line, lineNumber) in OrderedJsonLines.Parse<ParsedLine<T>>(stream, path, sink, _ => LineParser(newParser(), path), blockBytes))
        {
            if (first && !line.StartsAsObject)
            {
                throw new InputFormatException(VideoIssueCodes.InvalidJson, path, lineNumber, string.Empty,
                    $"The file is not JSON lines (the first line is not a JSON object); {notJsonLinesHint}.");
            }
            first = false;
            if (line.Problem is not null) sink.Report(line.Problem);
            yield return (line.Record, lineNumber);
        }
    }

    /// <summary>
    /// Reads past the end of the line's value: <see cref="Utf8JsonReader"/> throws on anything but white space after
    /// it, with the message <see cref="JsonDocument"/> gives for the same line.
    /// </summary>
    public static void EndOfLine(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException("More than one JSON value on the line.");
    }

    /// <summary>The message for a value that is not a time.</summary>
    public static string NotATime(string raw) =>
        $"'{raw}' is not a time: expected a Duration such as \"1.5s\", seconds such as 1.5, or \"Infinity\".";

    /// <summary>
    /// The string value the reader is on, or null when it is not a string (skipped) or empty. A string holding an
    /// escaped lone surrogate ("\ud800") cannot become a .NET string: it counts as no string.
    /// </summary>
    public static string? String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }
        try
        {
            return reader.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The JSON text of the value the reader is on, as written (a container is skipped to its end).</summary>
    public static string RawText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Utf8Lines.Decode(line.Slice(start, (int)reader.BytesConsumed - start));
    }

    private static OrderedJsonLines.LineParser<ParsedLine<T>> LineParser<T>(ObjectParser<T> parse, string path)
        where T : class =>
        (long lineNumber, ReadOnlySpan<byte> line, IIssueSink issues, out ParsedLine<T> result) => ParseLine(parse, path, lineNumber, line, issues, out result);

    // A line the old text reader saw as blank (white space in Unicode's sense) is no record; a line that is not a JSON
    // object keeps its error in the result, so that the first line can end the read before anything is reported.
    private static bool ParseLine<T>(ObjectParser<T> parse, string path, long lineNumber, ReadOnlySpan<byte> line, IIssueSink issues, out ParsedLine<T> result)
        where T : class
    {
        result = default;
        if (Utf8Lines.IsBlank(line)) return false;
        bool startsAsObject = StartsAsObject(line);
        if (!Utf8Lines.IsText(line))
        {
            result = new ParsedLine<T>(null, InvalidJson(path, lineNumber, "The line is not valid UTF-8 text (save the file as UTF-8); line skipped."), startsAsObject);
            return true;
        }
        var reader = new Utf8JsonReader(line);
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                result = new ParsedLine<T>(parse(ref reader, line, lineNumber, issues), null, startsAsObject);
                return true;
            }
            var kind = ValueKind(reader.TokenType);
            reader.Skip();
            EndOfLine(ref reader);
            result = new ParsedLine<T>(null, InvalidJson(path, lineNumber, $"Expected a JSON object, found {kind}; line skipped."), startsAsObject);
        }
        catch (JsonException e)
        {
            result = new ParsedLine<T>(null, InvalidJson(path, lineNumber, $"Not valid JSON ({JsonLines.FailureReason(e)}); line skipped."), startsAsObject);
        }
        return true;
    }

    private static DataIssue InvalidJson(string path, long line, string message) =>
        new(VideoIssueCodes.InvalidJson, IssueSeverity.Error, path, line, string.Empty, message);

    private static JsonValueKind ValueKind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };

    // As string.TrimStart().StartsWith("{") on the decoded line; only a line starting with other than ASCII is decoded.
    private static bool StartsAsObject(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (Utf8Lines.IsPrintableAscii(b)) return b == (byte)'{';
            if (!Utf8Lines.IsAsciiWhiteSpace(b)) break;
        }
        return Utf8Lines.Decode(line).TrimStart().StartsWith("{", StringComparison.Ordinal);
    }

    /// <summary>A line as parsed: its record, or the error that makes it none; and whether its text starts with "{".</summary>
    private readonly struct ParsedLine<T>
        where T : class
    {
        public ParsedLine(T? record, DataIssue? problem, bool startsAsObject)
        {
            Record = record;
            Problem = problem;
            StartsAsObject = startsAsObject;
        }

        public T? Record { get; }

        public DataIssue? Problem { get; }

        public bool StartsAsObject { get; }
    }
}

/// <summary>
/// A time property as read: absent (or null), a time, or a value that is not one (its text kept for the message).
/// Times are a Duration string ("1.5s"), plain seconds (a string or a JSON number) or "Infinity".
/// </summary>
internal readonly struct VideoTimeValue
{
    private readonly VideoTime _time;
    private readonly string? _notATime;
    private readonly bool _isPresent;

    private VideoTimeValue(VideoTime time, string? notATime)
    {
        _time = time;
        _notATime = notATime;
        _isPresent = true;
    }

    /// <summary>Reads the value the reader is on (a container is skipped).</summary>
    public static VideoTimeValue Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        VideoTime time;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.Number:
                return TryPlain(reader.ValueSpan, out time) ? new VideoTimeValue(time, null) : Parsed(Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped && TryPlain(reader.ValueSpan, out time)) return new VideoTimeValue(time, null);
                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    return new VideoTimeValue(default, VideoJsonLines.RawText(ref reader, line));
                }
                return Parsed(text);
            default:
                return new VideoTimeValue(default, VideoJsonLines.RawText(ref reader, line));
        }
    }

    /// <summary>The time, or <paramref name="absent"/> when there was none; false with the text when it is not a time.</summary>
    public bool TryGet(VideoTime absent, out VideoTime time, out string raw)
    {
        time = _isPresent ? _time : absent;
        raw = _notATime ?? string.Empty;
        return _notATime is null;
    }

    private static VideoTimeValue Parsed(string text) =>
        VideoTime.TryParse(text, out var time) ? new VideoTimeValue(time, null) : new VideoTimeValue(default, text);

    // The common forms ("12s", "1.607s", 2.5: up to nine digits each side) straight from the bytes, exactly as
    // VideoTime.TryParse reads them; anything else goes through it.
    private static bool TryPlain(ReadOnlySpan<byte> text, out VideoTime time)
    {
        time = default;
        if (text.Length > 0 && text[text.Length - 1] == (byte)'s') text = text.Slice(0, text.Length - 1);
        long seconds = 0, fraction = 0;
        int i = 0;
        for (; i < text.Length && i < 9 && IsDigit(text[i]); i++) seconds = (seconds * 10) + (text[i] - '0');
        if (i == 0) return false;
        if (i < text.Length)
        {
            if (text[i] != (byte)'.') return false;
            int start = ++i;
            for (; i < text.Length && i - start < 9 && IsDigit(text[i]); i++) fraction = (fraction * 10) + (text[i] - '0');
            if (i == start || i != text.Length) return false;
            for (int digits = i - start; digits < 9; digits++) fraction *= 10;
        }
        time = VideoTime.FromNanoseconds((seconds * 1_000_000_000L) + fraction);
        return true;
    }

    private static bool IsDigit(byte b) => b >= (byte)'0' && b <= (byte)'9';
}

/// <summary>
/// The strings the lines of a block repeat (labels, prediction types), each made once: a repeat costs a comparison
/// of bytes, not a new string. Lines list labels in the same order, so the string after the last one found is tried first.
/// </summary>
internal sealed class RepeatedStrings
{
    private const int Capacity = 1024;
    private readonly List<(byte[] Utf8, string Text)> _known = new();
    private int _next;

    /// <summary>As <see cref="VideoJsonLines.String"/>.</summary>
    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return VideoJsonLines.String(ref reader);
        var value = reader.ValueSpan;
        for (int k = 0; k < _known.Count; k++)
        {
            int at = (_next + k) % _known.Count;
            if (value.SequenceEqual(_known[at].Utf8))
            {
                _next = at + 1;
                return _known[at].Text;
            }
        }
        var text = VideoJsonLines.String(ref reader);
        if (text is not null && _known.Count < Capacity)
        {
            _known.Add((value.ToArray(), text));
            _next = _known.Count;
        }
        return text;
    }
}
