namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A partial evaluation to merge, not read yet: <see cref="PartialMerge"/> reads each in its turn, so that reading is
/// counted in the merge's progress and stops, within a long read, once the merge is cancelled.
/// </summary>
public sealed class PartToMerge
{
    private readonly Func<Stream> _open;

    private PartToMerge(string source, string? file, Func<Stream> open)
    {
        Source = source;
        File = file;
        _open = open;
    }

    /// <summary>What errors about the part name: its file, or what the caller calls it (a part object's predictions path).</summary>
    public string Source { get; }

    /// <summary>The part's file (a .eval file), or null for a part held in memory.</summary>
    public string? File { get; }

    /// <summary>The part file at <paramref name="path"/> (opened as every input is: a missing file or a folder is an error naming it).</summary>
    public static PartToMerge OfFile(string path) => new(path, path, () => InputFile.OpenFile(path));

    /// <summary>
    /// A part held in memory, called <paramref name="source"/>; <paramref name="bytes"/> is called when the part is read,
    /// so that decoding them (from base64, say) is the merge's work too, and may throw an
    /// <see cref="Diagnostics.InputFormatException"/> naming <paramref name="source"/> for bytes that are no part.
    /// </summary>
    public static PartToMerge OfBytes(string source, Func<byte[]> bytes) => new(source, null, () => new MemoryStream(bytes(), writable: false));

    /// <summary>Reads the part; every read of its stream first checks <paramref name="cancellationToken"/>.</summary>
    internal IPartialEvaluation Read(CancellationToken cancellationToken)
    {
        using var stream = new ProgressStream(_open(), string.Empty, progress: null, cancellationToken);
        return PartialEvaluation.ReadFrom(stream, Source);
    }
}
