namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Unsigned LEB128 integers (7 bits a byte, low bits first, the high bit set on every byte but the last): the sorted
/// keys and counts of a partial evaluation are small differences, most of them one or two bytes this way.
/// </summary>
internal static class Varint
{
    /// <summary>The most bytes a 64-bit value takes.</summary>
    public const int MaxBytes = 10;

    /// <summary>Appends <paramref name="value"/> at <paramref name="length"/> of <paramref name="buffer"/>, growing it when full.</summary>
    public static void Write(ref byte[] buffer, ref int length, ulong value)
    {
        if (buffer.Length - length < MaxBytes) Array.Resize(ref buffer, Math.Max(2 * buffer.Length, length + MaxBytes));
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[length++] = (byte)value;
    }

    /// <summary>The value at <paramref name="offset"/>, which moves past it; one that runs past the end or over 64 bits is an <see cref="InvalidDataException"/>.</summary>
    public static ulong Read(byte[] bytes, ref int offset)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if ((uint)offset >= (uint)bytes.Length) throw new InvalidDataException("a number runs past the end of its block");
            byte b = bytes[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("a number longer than 64 bits");
    }

    /// <summary>Sorted, distinct values as the first and then the differences, each a varint.</summary>
    public static byte[] EncodeAscending(ulong[] sorted)
    {
        var buffer = new byte[Math.Max(16, sorted.Length * 8)];
        int length = 0;
        for (int i = 0; i < sorted.Length; i++) Write(ref buffer, ref length, i == 0 ? sorted[0] : sorted[i] - sorted[i - 1]);
        Array.Resize(ref buffer, length);
        return buffer;
    }

    /// <summary>
    /// The <paramref name="count"/> values <see cref="EncodeAscending"/> wrote; a block whose values do not strictly
    /// increase, or that holds more or fewer bytes, is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static ulong[] DecodeAscending(byte[] bytes, int count)
    {
        var values = new ulong[count];
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            var value = Read(bytes, ref offset);
            if (i > 0)
            {
                if (value == 0 || value > ulong.MaxValue - values[i - 1]) throw new InvalidDataException("sorted values that do not increase");
                value += values[i - 1];
            }
            values[i] = value;
        }
        if (offset != bytes.Length) throw new InvalidDataException("a block longer than its values");
        return values;
    }
}
