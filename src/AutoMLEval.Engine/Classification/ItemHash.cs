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
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
