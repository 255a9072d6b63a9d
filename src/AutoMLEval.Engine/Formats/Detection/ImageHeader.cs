namespace AutoMLEval.Engine.Formats.Detection;

/// <summary>Reads an image's width and height from its file header (PNG, JPEG, GIF, BMP) without decoding it.</summary>
public static class ImageHeader
{
    /// <summary>The size in pixels, or null when the file is not a PNG, JPEG, GIF or BMP, is truncated, or gives a side that is not positive.</summary>
    public static (int Width, int Height)? ReadSize(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var head = new byte[26];
        if (file.Read(head, 0, head.Length) < 10) return null;
        // PNG: signature, then the IHDR chunk with big-endian width and height at bytes 16 and 20.
        if (head[0] == 0x89 && head[1] == (byte)'P' && head[2] == (byte)'N' && head[3] == (byte)'G') return Positive(BigEndian(head, 16), BigEndian(head, 20));
        // GIF: little-endian 16-bit width and height at bytes 6 and 8.
        if (head[0] == (byte)'G' && head[1] == (byte)'I' && head[2] == (byte)'F') return Positive(head[6] | head[7] << 8, head[8] | head[9] << 8);
        // BMP: BITMAPINFOHEADER width and height (height negative for top-down) at bytes 18 and 22.
        if (head[0] == (byte)'B' && head[1] == (byte)'M') return Positive(LittleEndian(head, 18), Math.Abs((long)LittleEndian(head, 22)));
        if (head[0] == 0xFF && head[1] == 0xD8) return JpegSize(file);
        return null;
    }

    // Walks the JPEG segments to the first start-of-frame marker (C0–CF except C4 DHT, C8 JPG, CC DAC).
    private static (int Width, int Height)? JpegSize(FileStream file)
    {
        file.Position = 2;
        var segment = new byte[7];
        while (true)
        {
            int b = file.ReadByte();
            if (b < 0) return null;
            if (b != 0xFF) continue;
            int marker;
            do
            {
                marker = file.ReadByte();
            }
            while (marker == 0xFF);
            if (marker < 0 || marker == 0xD9 || marker == 0xDA) return null;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
            if (file.Read(segment, 0, 2) < 2) return null;
            int length = segment[0] << 8 | segment[1];
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            {
                if (file.Read(segment, 0, 5) < 5) return null;
                return Positive(segment[3] << 8 | segment[4], segment[1] << 8 | segment[2]);
            }
            file.Position += length - 2;
        }
    }

    // A damaged header can give a side of 0 or less (a BMP height of int.MinValue has no int magnitude): no size.
    private static (int Width, int Height)? Positive(long width, long height) =>
        width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue ? ((int)width, (int)height) : null;

    private static int BigEndian(byte[] b, int i) => b[i] << 24 | b[i + 1] << 16 | b[i + 2] << 8 | b[i + 3];

    private static int LittleEndian(byte[] b, int i) => b[i] | b[i + 1] << 8 | b[i + 2] << 16 | b[i + 3] << 24;
}
