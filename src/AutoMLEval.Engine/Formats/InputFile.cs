using System.IO.Compression;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>Opens input files for streaming: gzip-compressed files (by their magic bytes) are decompressed on the fly.</summary>
public static class InputFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>Opens <paramref name="path"/> for sequential reading, decompressing it when it is gzip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (message names it).</exception>
    public static Stream OpenRead(string path) => OpenRead(path, null, CancellationToken.None);

    /// <summary>
    /// Opens <paramref name="path"/> for sequential reading, decompressing it when it is gzip; each read reports the
    /// bytes of the file read so far to <paramref name="progress"/> and throws <see cref="OperationCanceledException"/>
    /// once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist (message names it).</exception>
    public static Stream OpenRead(string path, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file not found: {path}", path);
        var file = OpenFollowed(path, BufferSize, FileOptions.SequentialScan, progress, cancellationToken);
        var first = file.ReadByte();
        var second = file.ReadByte();
        file.Position = 0;
        return IsGzip(first, second) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The lines of <paramref name="path"/> (decompressed when gzip), read as <see cref="OpenRead(string, IProgress{WorkProgress}, CancellationToken)"/> reads.</summary>
    public static IEnumerable<string> ReadLines(string path, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(OpenRead(path, progress, cancellationToken));
        while (reader.ReadLine() is { } line) yield return line;
    }

    /// <summary>Whether a file's first two bytes are gzip's magic bytes.</summary>
    internal static bool IsGzip(int first, int second) => first == 0x1f && second == 0x8b;

    /// <summary>The file at <paramref name="path"/>, read through a <see cref="ProgressStream"/> that reports and checks for cancellation.</summary>
    internal static Stream OpenFollowed(string path, int bufferSize, FileOptions options, IProgress<WorkProgress>? progress, CancellationToken cancellationToken) =>
        new ProgressStream(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options),
            ProgressStream.ReadingStep(path),
            progress,
            cancellationToken);
}
