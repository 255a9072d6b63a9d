using System.Globalization;
using System.Text;

namespace AutoMLEval.Cli;

/// <summary>
/// Makes text from the data (labels, paths, messages quoting them) safe to print: control characters (ESC
/// sequences could recolour, move the cursor or retitle the terminal) and bidirectional overrides (which could
/// make a line read differently from what it holds) are written as visible escapes such as <c>\x1b</c>; and measures
/// it in terminal cells, which tables are aligned by.
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

    /// <summary>
    /// The terminal cells <paramref name="text"/> takes: two for an East Asian wide or fullwidth character (CJK, kana,
    /// Hangul, fullwidth forms, most emoji), none for a combining mark or format character, one for the rest. Tables
    /// are aligned by it: labels in Chinese or Japanese padded by characters pushed every column after them out of line.
    /// (.NET has no wcwidth; the ranges are Unicode's East Asian Width W and F blocks.)
    /// </summary>
    public static int Width(string text)
    {
        int width = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int code = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) code = char.ConvertToUtf32(text[i], text[++i]);
            width += Cells(code);
        }
        return width;
    }

    /// <summary><paramref name="text"/> padded with spaces to <paramref name="width"/> cells, on the left for a right-aligned cell.</summary>
    public static string Pad(string text, int width, bool alignRight)
    {
        var padding = new string(' ', Math.Max(0, width - Width(text)));
        return alignRight ? padding + text : text + padding;
    }

    /// <summary>
    /// <paramref name="text"/> in at most <paramref name="width"/> cells: when longer, its middle is left out for '…'
    /// ("Reading predictions_of_the…shard_all.jsonl"), so that both the start and the end (a file's extension) still show.
    /// </summary>
    public static string ShortenMiddle(string text, int width)
    {
        if (Width(text) <= width) return text;
        if (width <= 1) return width == 1 ? "…" : string.Empty;
        var runes = text.EnumerateRunes().ToArray();
        int headCells = width / 2, tailCells = width - 1 - headCells;
        int head = 0, cells = 0;
        while (head < runes.Length && cells + Cells(runes[head].Value) <= headCells) cells += Cells(runes[head++].Value);
        int tail = runes.Length;
        cells = 0;
        while (tail > head && cells + Cells(runes[tail - 1].Value) <= tailCells) cells += Cells(runes[--tail].Value);
        return string.Concat(runes[..head].Select(r => r.ToString())) + "…" + string.Concat(runes[tail..].Select(r => r.ToString()));
    }

    /// <summary>
    /// <paramref name="text"/> in lines of at most <paramref name="width"/> cells: broken at a space, or, for a table
    /// cell, inside a word longer than the line (a 300-letter label). Prose (<paramref name="keepWordsWhole"/>: help,
    /// notes) keeps such a word whole on a longer line of its own, so that a path in it can be copied. Nothing is
    /// dropped but the spaces the lines break at.
    /// </summary>
    public static List<string> Wrap(string text, int width, bool keepWordsWhole = false)
    {
        var lines = new List<string>();
        int start = 0, cells = 0, lastSpace = -1;
        for (int i = 0; i < text.Length;)
        {
            int length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            int code = length == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            int next = Cells(code);
            if (cells + next > width && i > start && (code == ' ' || lastSpace > start || !keepWordsWhole))
            {
                // At this space (which no line keeps), else at the line's last one, else inside the word.
                int end = code == ' ' ? i : lastSpace > start ? lastSpace : i;
                lines.Add(text[start..end]);
                start = end == i && code != ' ' ? i : end + 1;
                i = Math.Max(i, start);
                cells = Width(text[start..i]);
                lastSpace = i > start ? text.LastIndexOf(' ', i - 1, i - start) : -1;
                continue;
            }
            if (code == ' ') lastSpace = i;
            cells += next;
            i += length;
        }
        lines.Add(text[start..]);
        return lines;
    }

    private static int Cells(int code)
    {
        if (code < 0x300) return 1;
        if (CharUnicodeInfo.GetUnicodeCategory(code) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) return 0;
        bool wide = code is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF) or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F)
            or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    private static bool IsUnsafe(char c) =>
        c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
