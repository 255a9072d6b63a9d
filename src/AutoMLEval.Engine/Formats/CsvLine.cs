namespace AutoMLEval.Engine.Formats;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting: "a,b" and doubled quotes inside).</summary>
public static class CsvLine
{
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
