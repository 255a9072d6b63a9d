using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>One non-blank line of a CSV text: its 1-based number and fields, or why it could not be split.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Fields">The fields, unquoted (empty when <paramref name="Error"/> is set).</param>
/// <param name="Error">Why the line could not be split (an unclosed quote), or null.</param>
public readonly record struct CsvRecord(long Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>Splits CSV lines into fields (RFC 4180 quoting: "a,b" and doubled quotes inside; one line per record).</summary>
public static class CsvLine
{
    /// <summary>
    /// The non-blank lines of <paramref name="reader"/> as records, numbered from <paramref name="firstLine"/>.
    /// Lines end with LF, CRLF or a lone CR. A line that is not valid text (see <see cref="InputFile.TextReader"/>) is a record with an error.
    /// </summary>
    /// <exception cref="InputFormatException">A line is longer than <see cref="InputFile.MaxRecordLength"/>; <paramref name="source"/> names the file.</exception>
    public static IEnumerable<CsvRecord> ReadRecords(TextReader reader, string source, long firstLine = 1)
    {
        var lines = new LineReader(reader, source, firstLine);
        var fields = new List<string>();
        while (Next(lines, fields, out string? error))
        {
            yield return new CsvRecord(lines.Number, error is null ? fields.ToArray() : Array.Empty<string>(), error);
        }
    }

    // The next non-blank line's fields (or why it could not be split); false at the end. Split from the reader's
    // buffer, so that only the fields become strings.
    private static bool Next(LineReader lines, List<string> fields, out string? error)
    {
        error = null;
        ReadOnlySpan<char> line;
        do
        {
            if (!lines.TryNext(out line)) return false;
        }
        while (line.Trim().IsEmpty);
        fields.Clear();
        // The decoder turns bytes that are not UTF-8 into U+FFFD: a record built from them would hold a wrong path or label.
        if (line.IndexOf('\uFFFD') >= 0) error = "the line is not valid UTF-8 text (save the file as UTF-8)";
        else if (!TrySplit(line, fields)) error = "a quoted field is not closed";
        return true;
    }

    /// <summary>Why a row of <paramref name="fields"/> fields does not fit a header of <paramref name="headerColumns"/> columns.</summary>
    public static string FieldCountMismatch(int fields, int headerColumns) =>
        $"the row has {fields} field{(fields == 1 ? string.Empty : "s")}; the header has {headerColumns}";

    /// <summary>Fails when a header names one column twice (after trimming, ignoring case): its values would overwrite each other.</summary>
    /// <exception cref="InputFormatException">A column is repeated.</exception>
    public static void RejectRepeatedColumns(IReadOnlyList<string> header, string source, long line)
    {
        var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int c = 0; c < header.Count; c++)
        {
            if (first.TryGetValue(header[c], out var earlier))
            {
                throw new InputFormatException("DuplicateColumn", source, line, header[c],
                    $"the header names '{header[c]}' twice (columns {earlier + 1} and {c + 1}); each column must have its own name");
            }
            first[header[c]] = c;
        }
    }

    /// <summary>
    /// Adds the fields of <paramref name="line"/> to <paramref name="fields"/>, unquoted; surrounding white space of
    /// unquoted fields is trimmed. False when a quoted field is not closed.
    /// </summary>
    private static bool TrySplit(ReadOnlySpan<char> line, List<string> fields)
    {
        // Most lines quote nothing: their fields need no builder.
        var field = line.IndexOf('"') < 0 ? null : new System.Text.StringBuilder();
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] == ' ') i++;
            if (field is not null && i < line.Length && line[i] == '"')
            {
                field.Clear();
                i++;
                while (true)
                {
                    if (i >= line.Length) return false;
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                while (i < line.Length && line[i] != ',') i++;
                fields.Add(field.ToString());
            }
            else
            {
                int comma = line.Slice(i).IndexOf(',');
                int end = comma < 0 ? line.Length : i + comma;
                fields.Add(line.Slice(i, end - i).Trim().ToString());
                i = end;
            }
            if (i >= line.Length) return true;
            i++;
        }
    }
}
