using System.Text;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

public class ItemHashTests
{
    // Text mixing ASCII, two- and three-byte characters, surrogate pairs and lone surrogates (which UTF-8 turns into U+FFFD).
    private static readonly string[] Pieces = { "a", "images/0.png", "é", "日本", "\uD83D\uDE00", "\uD800", "\uDC00", "\t", " ", "\u001f", "" };

    private static string RandomText(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    /// <summary>FNV-1a 64 over the UTF-8 bytes, written out from its definition.</summary>
    private static ulong Fnv1a(string text) => Fnv1a(Encoding.UTF8.GetBytes(text));

    private static ulong Fnv1a(IEnumerable<byte> bytes) =>
        bytes.Aggregate(14695981039346656037UL, (hash, b) => unchecked((hash ^ b) * 1099511628211UL));

    [Fact]
    public void Hash_is_FNV_1a_of_the_UTF8_bytes_whatever_the_characters()
    {
        // Published FNV-1a 64 test vectors: "" and "a".
        Assert.Equal(0xcbf29ce484222325UL, ItemHash.Of(string.Empty));
        Assert.Equal(0xaf63dc4c8601ec8cUL, ItemHash.Of("a"));
        var random = new Random(7);
        for (int n = 0; n < 2000; n++)
        {
            var (head, tail) = (RandomText(random), RandomText(random));
            Assert.Equal(Fnv1a(head), ItemHash.Of(head));
            // Each text's own bytes: a surrogate pair split between the two stays two lone halves.
            Assert.Equal(Fnv1a(Encoding.UTF8.GetBytes(head).Concat(Encoding.UTF8.GetBytes(tail))), ItemHash.Continue(ItemHash.Of(head), tail));
        }
    }

    [Fact]
    public void Fingerprint_term_hashes_the_path_a_tab_and_the_labels_joined_by_unit_separators()
    {
        var random = new Random(11);
        for (int n = 0; n < 2000; n++)
        {
            var itemId = RandomText(random);
            var labels = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomText(random)).ToArray();
            var position = random.Next(1000);
            var state = unchecked(Fnv1a(itemId + "\t" + string.Join("\u001f", labels)) + ((ulong)position * 0x9E3779B97F4A7C15UL));
            Assert.Equal(PoissonResamples.SplitMix64(ref state), GroundTruthSplit.FingerprintTerm(position, itemId, labels));
        }
    }
}
