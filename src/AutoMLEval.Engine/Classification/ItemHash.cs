using System.Text;

namespace AutoMLEval.Engine.Classification;

/// <summary>FNV-1a, 64 bits, over UTF-8 text: stable across processes, machines and releases (item identities in partial evaluations and bootstrap streams).</summary>
internal static class ItemHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;

    /// <summary>The hash of <paramref name="text"/>.</summary>
    public static ulong Of(string text) => Continue(OffsetBasis, text);

    /// <summary>The hash of what <paramref name="hash"/> covered followed by <paramref name="text"/>.</summary>
    public static ulong Continue(ulong hash, string text)
    {
        // ASCII is its own UTF-8, so the common path allocates nothing; the rest is encoded from the first other character
        // (a split after an ASCII character never cuts a surrogate pair, so the bytes are the whole text's).
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 0x80)
            {
                foreach (var b in Encoding.UTF8.GetBytes(text.Substring(i))) hash = (hash ^ b) * Prime;
                return hash;
            }
            hash = (hash ^ c) * Prime;
        }
        return hash;
    }

    private const ulong Prime = 1099511628211UL;
}
