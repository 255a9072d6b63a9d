using System.IO.Compression;

namespace AutoMLEval.Engine.Formats;

/// <summary>Opens input files for streaming: gzip-compressed files (by their magic bytes) are decompressed on the fly.</summary>
public static class InputFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>Opens <paramref name="path"/> for sequential reading, decompressing it when it is gzip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (message names it).</exception>
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file not found: {path}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        var first = file.ReadByte();
        var second = file.ReadByte();
        file.Position = 0;
        return first == 0x1f && second == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
