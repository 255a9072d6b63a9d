using System.Text;

namespace AutoMLEval.Engine.Video;

/// <summary>Splits one CSV line (RFC 4180: comma-separated, fields optionally in double quotes, "" for a quote inside).</summary>
internal static class CsvFields
{
    /// <summary>The fields of <paramref name="line"/>, unquoted and trimmed of surrounding blanks.</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString().Trim());
        return fields;
    }
}
