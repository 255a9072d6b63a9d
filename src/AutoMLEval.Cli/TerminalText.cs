using System.Globalization;
using System.Text;

namespace AutoMLEval.Cli;

/// <summary>
/// Makes text from the data (labels, paths, messages quoting them) safe to print: control characters (ESC
/// sequences could recolour, move the cursor or retitle the terminal) and bidirectional overrides (which could
/// make a line read differently from what it holds) are written as visible escapes such as <c>\x1b</c>.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        int first = 0;
        while (first < text.Length && !IsUnsafe(text[first])) first++;
        if (first == text.Length) return text;
        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnsafe(c)) escaped.Append(c);
            else if (c < 0x100) escaped.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return escaped.ToString();
    }

    private static bool IsUnsafe(char c) =>
        c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
