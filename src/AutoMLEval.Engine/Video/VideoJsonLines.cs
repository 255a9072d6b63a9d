using AutoMLEval.Engine.Formats;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Video;

/// <summary>The line plumbing both video readers share: non-blank lines, one <see cref="JsonDocument"/> per line, located errors.</summary>
internal static class VideoJsonLines
{
    /// <summary>
    /// Yields every non-blank line with its 1-based number: the JSON object, or an undefined element when the line
    /// is not a JSON object (already reported). An element is valid only until the next one is asked for.
    /// </summary>
    /// <exception cref="InputFormatException">The first non-blank line is not JSON: the file is not JSON lines at all
    /// (a CSV or binary file given by mistake), which thousands of per-line errors would only obscure.</exception>
    public static IEnumerable<(JsonElement Record, long Line)> Objects(string path, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        bool first = true;
        foreach (var (text, lineNumber) in NonBlankLines(path, progress, cancellationToken))
        {
            if (first && !text.TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                throw new InputFormatException(VideoIssueCodes.InvalidJson, path, lineNumber, string.Empty,
                    "The file is not JSON lines (the first line is not a JSON object); a CSV ground truth must be named *.csv.");
            }
            first = false;
            var document = text.IndexOf('\uFFFD') >= 0 ? NotText(path, lineNumber, sink) : TryParse(text, path, lineNumber, sink);
            if (document is null)
            {
                yield return (default, lineNumber);
                continue;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    sink.Report(new DataIssue(VideoIssueCodes.InvalidJson, IssueSeverity.Error, path, lineNumber, string.Empty, $"Expected a JSON object, found {document.RootElement.ValueKind}; line skipped."));
                    yield return (default, lineNumber);
                    continue;
                }
                yield return (document.RootElement, lineNumber);
            }
        }
    }

    /// <summary>
    /// Every line of a UTF-8 text file (gzip too) that is not blank, with its 1-based number; one line in memory at a
    /// time. The bytes read are reported to <paramref name="progress"/>; reading stops once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static IEnumerable<(string Text, long Line)> NonBlankLines(string path, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var reader = InputFile.TextReader(InputFile.OpenRead(path, progress, cancellationToken));
        var lines = new LineReader(reader, path, 1);
        string? text;
        while ((text = lines.Next()) != null)
        {
            if (!string.IsNullOrWhiteSpace(text)) yield return (text, lines.Number);
        }
    }

    private static JsonDocument? NotText(string path, long line, IIssueSink sink)
    {
        sink.Report(new DataIssue(VideoIssueCodes.InvalidJson, IssueSeverity.Error, path, line, string.Empty, "The line is not valid UTF-8 text (save the file as UTF-8); line skipped."));
        return null;
    }

    private static JsonDocument? TryParse(string text, string path, long line, IIssueSink sink)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            sink.Report(new DataIssue(VideoIssueCodes.InvalidJson, IssueSeverity.Error, path, line, string.Empty, $"Not valid JSON ({e.Message}); line skipped."));
            return null;
        }
    }

    /// <summary>The message for a value that is not a time.</summary>
    public static string NotATime(string raw) =>
        $"'{raw}' is not a time: expected a Duration such as \"1.5s\", seconds such as 1.5, or \"Infinity\".";

    /// <summary>A string property, or null when it is absent, not a string, or empty.</summary>
    public static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Text(value) is { Length: > 0 } text
            ? text
            : null;

    // A string holding an escaped lone surrogate ("\ud800") cannot become a .NET string: it counts as no string.
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// A time property: a Duration string ("1.5s"), plain seconds (a string or a JSON number) or "Infinity".
    /// Absent or null gives <paramref name="absent"/>; anything else unreadable gives false and the raw text.
    /// </summary>
    public static bool TryTime(JsonElement parent, string name, VideoTime absent, out VideoTime time, out string raw)
    {
        raw = string.Empty;
        time = absent;
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return true;
        raw = value.ValueKind == JsonValueKind.String ? Text(value) ?? value.GetRawText() : value.GetRawText();
        return value.ValueKind is JsonValueKind.String or JsonValueKind.Number && VideoTime.TryParse(raw, out time);
    }
}
