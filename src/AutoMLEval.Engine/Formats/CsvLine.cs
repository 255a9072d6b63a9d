namespace AutoMLEval.Engine.Formats;

/// <summary>One non-blank line of a CSV text: its 1-based number and fields, or why it could not be split.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Fields">The fields, unquoted (empty when <paramref name="Error"/> is set).</param>
/// <param name="Error">Why the line could not be split (an unclosed quote), or null.</param>
public readonly record struct CsvRecord(long Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>Splits CSV lines into fields (RFC 4180 quoting: "a,b" and doubled quotes inside; one line per record).</summary>
public static class CsvLine
{
    /// <summary>The non-blank lines of <paramref name="reader"/> as records, numbered from <paramref name="firstLine"/>.</summary>
    public static IEnumerable<CsvRecord> ReadRecords(TextReader reader, long firstLine = 1)
    {
        long lineNumber = firstLine - 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            IReadOnlyList<string> fields;
            string? error = null;
            try
            {
                fields = Split(line);
            }
            catch (FormatException e)
            {
                fields = Array.Empty<string>();
                error = e.Message;
            }
            yield return new CsvRecord(lineNumber, fields, error);
        }
    }

    /// <summary>The fields of <paramref name="line"/>, unquoted; surrounding white space of unquoted fields is trimmed.</summary>
    /// <exception cref="FormatException">A quoted field is not closed.</exception>
    public static IReadOnlyList<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new FormatException("a quoted field is not closed");
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
                int comma = line.IndexOf(',', i);
                int end = comma < 0 ? line.Length : comma;
                fields.Add(line.Substring(i, end - i).Trim());
                i = end;
            }
            if (i >= line.Length) return fields;
            i++;
        }
    }
}
