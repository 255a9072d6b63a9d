namespace AutoMLEval.Engine.Formats;

/// <summary>
/// An output file written under a temporary name in its own folder and moved into place only by <see cref="Commit"/>:
/// a run that fails or is stopped leaves the previous file (or none) under the final name, never a half-written one.
/// Disposing without committing deletes the temporary file. A link to a file writes that file (the link stays); a
/// device, pipe or socket (<c>/dev/stdout</c>, <c>/dev/null</c>, a FIFO) is written through, as it is: a rename would
/// replace it by a regular file (<see cref="OutputPaths.Locate"/>).
/// </summary>
public sealed class OutputFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _target;
    private bool _committed;

    private OutputFile(string path, string target, string temporaryPath, FileStream stream)
    {
        Path = path;
        _target = target;
        TemporaryPath = temporaryPath;
        _stream = stream;
    }

    /// <summary>The final name, as given (made absolute).</summary>
    public string Path { get; }

    /// <summary>
    /// Where the content is written until <see cref="Commit"/>: a hidden name beside the file, so the move is a rename;
    /// <see cref="Path"/> itself when it is written through (<see cref="WritesThrough"/>).
    /// </summary>
    public string TemporaryPath { get; }

    /// <summary>Whether the content goes straight to <see cref="Path"/> (a device, pipe or socket), with no temporary file to move.</summary>
    public bool WritesThrough => ReferenceEquals(TemporaryPath, Path);

    /// <summary>The content's stream; closing it early (a writer that owns it) is fine.</summary>
    public Stream Stream => _stream;

    /// <summary>Starts writing <paramref name="path"/> (its folder is created if needed); nothing appears under that name yet.</summary>
    /// <exception cref="IOException">
    /// <paramref name="path"/> cannot be written: it is a folder, a folder above it is a file, or the system refuses it
    /// (no permission, a read-only file system); the message names <paramref name="path"/> and the reason.
    /// </exception>
    public static OutputFile Create(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        // Else the work is done and the move at the end fails, saying the "file" already exists.
        if (Directory.Exists(full)) throw new IOException($"'{full}' is a folder; name the file to write (a file in it, or beside it).");
        var (target, writeThrough) = OutputPaths.Locate(full);
        if (writeThrough) return new OutputFile(full, full, full, Open(full, full, full, () => OpenStream(full)));
        var folder = System.IO.Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        // Else creating the folder says only "The file '…' already exists", naming neither the output nor what is wrong.
        for (var above = folder; above is not null && !Directory.Exists(above); above = System.IO.Path.GetDirectoryName(above))
        {
            if (File.Exists(above)) throw new IOException($"'{full}' cannot be written: '{above}' is a file, not a folder.");
        }
        var temporary = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        var stream = Open(full, folder, temporary, () =>
        {
            Directory.CreateDirectory(folder);
            return new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        });
        return new OutputFile(full, target, temporary, stream);
    }

    /// <summary>Closes the content and moves it to <see cref="Path"/> (or the file it links to), replacing what was there.</summary>
    public void Commit()
    {
        _stream.Dispose();
        if (!WritesThrough)
        {
            try
            {
                if (File.Exists(_target)) File.Replace(TemporaryPath, _target, null);
                else File.Move(TemporaryPath, _target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CannotWrite(Path, System.IO.Path.GetDirectoryName(_target)!, TemporaryPath, e);
            }
        }
        _committed = true;
    }

    /// <summary>Closes the content; without <see cref="Commit"/>, deletes it (what went through to a device or pipe stays sent).</summary>
    public void Dispose()
    {
        _stream.Dispose();
        if (!_committed && !WritesThrough) File.Delete(TemporaryPath);
    }

    /// <summary>
    /// A device, pipe or socket, opened for writing as a shell's <c>&gt;&gt;</c> would: a regular file reached through a
    /// process's descriptor (<c>/dev/stdout</c> redirected to a file) is written after what it holds.
    /// </summary>
    private static FileStream OpenStream(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
        if (stream.CanSeek) stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    /// <summary>Runs <paramref name="open"/>; the system's refusal is said of the path the user gave, not of the temporary file.</summary>
    private static FileStream Open(string path, string where, string opened, Func<FileStream> open)
    {
        try
        {
            return open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, where, opened, e);
        }
    }

    /// <summary>
    /// "'…/r2.html' cannot be written: no permission to write in '…/ro'", as the other output-path errors say it; the
    /// system's reason names the path given where it named <paramref name="opened"/> (the temporary file).
    /// </summary>
    private static IOException CannotWrite(string path, string where, string opened, Exception e)
    {
        var reason = e is UnauthorizedAccessException
            ? (where == path ? "no permission to write it" : $"no permission to write in '{where}'")
            : e.Message.Replace(opened, path).TrimEnd('.');
        return new IOException($"'{path}' cannot be written: {reason}.", e);
    }
}
