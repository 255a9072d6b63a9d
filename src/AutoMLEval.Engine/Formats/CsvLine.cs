using System.Text;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>One non-blank line of a CSV text: its 1-based number and fields, or why it could not be split.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Fields">The fields, unquoted (empty when <paramref name="Error"/> is set).</param>
/// <param name="Error">Why the line could not be split (an unclosed quote), or null.</param>
public readonly record struct CsvRecord(long Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>
/// Splits CSV text into records of fields (RFC 4180 quoting: "a,b", doubled quotes and line breaks inside quotes).
/// Surrounding white space is no part of a field, quoted or not (<see cref="InputText.Trimmed"/>).
/// </summary>
public static class CsvLine
{
    /// <summary>
    /// The records of <paramref name="reader"/>, each numbered by its first line (from <paramref name="firstLine"/>);
    /// blank lines are passed over. Lines end with LF, CRLF or a lone CR; a quoted field may hold line breaks (each read
    /// as an LF), so that a record ends at the first line end outside quotes. A record that is not valid text (see
    /// <see cref="InputFile.TextReader"/>), or whose quoted field is still open at the end of the file, is a record with
    /// an error: its whole text is that one record.
    /// </summary>
    /// <exception cref="InputFormatException">A record is longer than <see cref="InputFile.MaxRecordLength"/>; <paramref name="source"/> names the file.</exception>
    public static IEnumerable<CsvRecord> ReadRecords(TextReader reader, string source, long firstLine = 1)
    {
        var lines = new LineReader(reader, source, firstLine);
        var fields = new List<string>();
        while (Next(lines, source, fields, out long number, out string? error))
        {
            yield return new CsvRecord(number, error is null ? fields.ToArray() : Array.Empty<string>(), error);
        }
    }

    // The next record's first line number and fields (or why it could not be split); false at the end. A record of
    // one line is split from the reader's buffer, so that only the fields become strings.
    private static bool Next(LineReader lines, string source, List<string> fields, out long number, out string? error)
    {
        error = null;
        ReadOnlySpan<char> line;
        do
        {
            if (!lines.TryNext(out line))
            {
                number = lines.Number;
                return false;
            }
        }
        while (line.Trim().IsEmpty);
        number = lines.Number;
        fields.Clear();
        if (TrySplit(line, fields))
        {
            // The decoder turns bytes that are not UTF-8 into U+FFFD: a record built from them would hold a wrong path or label.
            if (line.IndexOf('\uFFFD') >= 0) error = NotUtf8;
            return true;
        }
        // Only a line that ends inside quotes comes here: the field goes on past the line break.
        var record = new StringBuilder(line.Length * 2);
        Append(record, line);
        bool open = true;
        while (open && lines.TryNext(out line))
        {
            Append(record.Append('\n'), line);
            if (record.Length > InputFile.MaxRecordLength)
            {
                throw new InputFormatException("RecordTooLong", source, number, string.Empty, $"the record is longer than {InputFile.MaxRecordLength} characters (a quoted field opened on its first line is not closed)");
            }
            open = EndsInsideQuotes(line);
        }
        fields.Clear();
        var text = record.ToString();
        if (open) error = $"a quoted field is not closed: the record runs from here to the end of the file (line {lines.Number - 1})";
        else if (text.IndexOf('\uFFFD') >= 0) error = NotUtf8;
        else if (!TrySplit(text.AsSpan(), fields)) throw new InvalidOperationException("A record whose quotes close did not split.");
        return true;
    }

    private static void Append(StringBuilder text, ReadOnlySpan<char> line)
    {
#if NET8_0_OR_GREATER
        text.Append(line);
#else
        text.Append(line.ToString());
#endif
    }

    private const string NotUtf8 = "the line is not valid UTF-8 text (save the file as UTF-8)";

    /// <summary>
    /// Whether a line that continues a quoted field leaves a quoted field open at its end: the field closes at a lone
    /// quote, and a later field that starts with a quote opens again (as <see cref="TrySplit"/> reads them).
    /// </summary>
    private static bool EndsInsideQuotes(ReadOnlySpan<char> line)
    {
        bool inside = true;
        int i = 0;
        while (i < line.Length)
        {
            if (inside)
            {
                int quote = line.Slice(i).IndexOf('"');
                if (quote < 0) return true;
                i += quote + 1;
                if (i < line.Length && line[i] == '"') i++;
                else inside = false;
                continue;
            }
            int comma = line.Slice(i).IndexOf(',');
            if (comma < 0) return false;
            i += comma + 1;
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"')
            {
                inside = true;
                i++;
            }
        }
        return inside;
    }

    /// <summary>Why a row of <paramref name="fields"/> fields does not fit a header of <paramref name="headerColumns"/> columns.</summary>
    public static string FieldCountMismatch(int fields, int headerColumns) =>
        $"the row has {fields} field{(fields == 1 ? string.Empty : "s")}; the header has {headerColumns}";

    /// <summary>
    /// What a header of one field says of its separator: "; its fields are separated by ';', not commas …" when the one
    /// field holds semicolons (Excel's CSV in many locales) or tabs (a .tsv file), else nothing.
    /// </summary>
    public static string SeparatorHint(IReadOnlyList<string> header)
    {
        if (header.Count != 1) return string.Empty;
        var separator = header[0].IndexOf('\t') >= 0 ? "tabs" : header[0].IndexOf(';') >= 0 ? "';'" : null;
        return separator is null ? string.Empty : $"; its fields are separated by {separator}, not commas (save it as comma-separated CSV, with '.' as the decimal point)";
    }

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
    /// Adds the fields of <paramref name="line"/> to <paramref name="fields"/>, unquoted and trimmed. False when a quoted
    /// field is not closed.
    /// </summary>
    private static bool TrySplit(ReadOnlySpan<char> line, List<string> fields)
    {
        // Most lines quote nothing: their fields need no builder.
        var field = line.IndexOf('"') < 0 ? null : new StringBuilder();
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
                fields.Add(InputText.Trimmed(field.ToString()));
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
