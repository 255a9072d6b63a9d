using System.Text;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// What the byte-level JSON Lines readers need to see a line as the text readers they replaced saw it: blank in
/// Unicode's sense, valid UTF-8 without U+FFFD, decoded the same way.
/// </summary>
internal static class Utf8Lines
{
    private static readonly byte[] ReplacementCharacter = { 0xEF, 0xBF, 0xBD };

    public static bool IsAsciiWhiteSpace(byte b) => b == (byte)' ' || (b >= 9 && b <= 13);

    public static bool IsPrintableAscii(byte b) => b > 0x20 && b < 0x7F;

    /// <summary>Whether a text reader would see the line as blank (white space in Unicode's sense).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line)
    {
        bool other = false;
        foreach (var b in line)
        {
            if (IsPrintableAscii(b)) return false;
            other |= !IsAsciiWhiteSpace(b);
        }
        return !other || string.IsNullOrWhiteSpace(Decode(line));
    }

    // Valid UTF-8 without U+FFFD: the text reader made U+FFFD of bytes that are not UTF-8, so a U+FFFD in the file itself
    // could not be told from them either.
    public static bool IsText(ReadOnlySpan<byte> line)
    {
#if NET8_0_OR_GREATER
        int nonAscii = line.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (nonAscii < 0) return true;
#else
        int nonAscii = 0;
        while (nonAscii < line.Length && line[nonAscii] < 0x80) nonAscii++;
        if (nonAscii == line.Length) return true;
#endif
        var rest = line.Slice(nonAscii);
        if (rest.IndexOf(ReplacementCharacter) >= 0) return false;
#if NET8_0_OR_GREATER
        return System.Text.Unicode.Utf8.IsValid(rest);
#else
        try
        {
            StrictUtf8.GetCharCount(rest.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
#endif
    }

#if !NET8_0_OR_GREATER
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
#endif

    /// <summary>The line decoded as a text reader decodes it (bytes that are not UTF-8 become U+FFFD).</summary>
#if NET8_0_OR_GREATER
    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
#else
    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());
#endif
}
