using System.Runtime.InteropServices;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Arrays of numbers written and read as their little-endian bytes in blocks: a partial evaluation holds tens of
/// millions of scores and counts, which BinaryWriter and BinaryReader would move one call per number.
/// </summary>
internal static class BinaryArrays
{
    // A multiple of every element size, so that a block holds whole elements.
    private const int BlockBytes = 1 << 16;

    /// <summary>Writes the elements of <paramref name="values"/> little-endian, without a count.</summary>
    public static void Write<T>(BinaryWriter writer, T[] values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        var block = new byte[Math.Min(BlockBytes, bytes.Length)];
        for (int at = 0; at < bytes.Length; at += block.Length)
        {
            int n = Math.Min(block.Length, bytes.Length - at);
            bytes.Slice(at, n).CopyTo(block);
            ToLittleEndian<T>(block.AsSpan(0, n));
            writer.Write(block, 0, n);
        }
    }

    /// <summary>Reads <paramref name="count"/> elements written by <see cref="Write{T}"/>; a stream that ends first is an <see cref="EndOfStreamException"/>.</summary>
    public static T[] Read<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        var block = new byte[Math.Min(BlockBytes, bytes.Length)];
        for (int at = 0; at < bytes.Length;)
        {
            int wanted = Math.Min(block.Length, bytes.Length - at), got = 0;
            while (got < wanted)
            {
                int n = reader.Read(block, got, wanted - got);
                if (n == 0) throw new EndOfStreamException($"the stream ends {bytes.Length - at - got} bytes before the end of an array");
                got += n;
            }
            ToLittleEndian<T>(block.AsSpan(0, wanted));
            block.AsSpan(0, wanted).CopyTo(bytes.Slice(at));
            at += wanted;
        }
        return values;
    }

    /// <summary>Turns whole elements between native and little-endian order (a no-op on little-endian machines; the swap is its own inverse).</summary>
    private static void ToLittleEndian<T>(Span<byte> elements)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian) return;
        int size = Marshal.SizeOf<T>();
        for (int at = 0; at < elements.Length; at += size) elements.Slice(at, size).Reverse();
    }
}
