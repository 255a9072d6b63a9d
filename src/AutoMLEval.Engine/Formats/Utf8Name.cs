namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A name's UTF-8 bytes where a <see cref="Utf8NameStore"/> keeps them, with their <see cref="Utf8Names"/> hash, taken
/// on the thread that read the name.
/// </summary>
internal readonly record struct Utf8Name(byte[] Bytes, int Start, int Length, int Hash)
{
    public ReadOnlySpan<byte> Span => Bytes.AsSpan(Start, Length);

    public override string ToString() => Utf8Lines.Decode(Span);
}

/// <summary>
/// A parser's copies of the names it reads, in a few large arrays rather than a string each: a table of many names
/// (an import's 200,000 images) is then a few objects that the garbage collector neither copies nor walks. Names
/// stay where they were written (a full array is left as it is for the names in it, and the next one started).
/// </summary>
internal sealed class Utf8NameStore
{
    private readonly int _chunkBytes;
    private byte[] _bytes = Array.Empty<byte>();
    private int _used;

    public Utf8NameStore(int chunkBytes) => _chunkBytes = Math.Max(chunkBytes, 256);

    /// <summary>A copy of <paramref name="utf8"/> (valid UTF-8) with its hash.</summary>
    public Utf8Name Keep(ReadOnlySpan<byte> utf8)
    {
        if (_bytes.Length - _used < utf8.Length)
        {
            _bytes = new byte[Math.Max(_chunkBytes, utf8.Length)];
            _used = 0;
        }
        utf8.CopyTo(_bytes.AsSpan(_used));
        var name = new Utf8Name(_bytes, _used, utf8.Length, Utf8Names.Hash(utf8));
        _used += utf8.Length;
        return name;
    }

    /// <summary>The UTF-8 form of <paramref name="text"/> (a string .NET decoded, so without lone surrogates) with its hash.</summary>
    public Utf8Name Keep(string text) => Keep(System.Text.Encoding.UTF8.GetBytes(text));
}
