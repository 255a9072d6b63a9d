namespace AutoMLEval.Engine.Formats;

/// <summary>
/// An output file written under a temporary name in its own folder and moved into place only by <see cref="Commit"/>:
/// a run that fails or is stopped leaves the previous file (or none) under the final name, never a half-written one.
/// Disposing without committing deletes the temporary file.
/// </summary>
public sealed class OutputFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;

    private OutputFile(string path, string temporaryPath, FileStream stream)
    {
        Path = path;
        TemporaryPath = temporaryPath;
        _stream = stream;
    }

    /// <summary>The final name.</summary>
    public string Path { get; }

    /// <summary>Where the content is written until <see cref="Commit"/>: a hidden name beside <see cref="Path"/>, so the move is a rename.</summary>
    public string TemporaryPath { get; }

    /// <summary>The content's stream; closing it early (a writer that owns it) is fine.</summary>
    public Stream Stream => _stream;

    /// <summary>Starts writing <paramref name="path"/> (its folder is created if needed); nothing appears under that name yet.</summary>
    /// <exception cref="IOException"><paramref name="path"/> is a folder, or a folder above it is a file.</exception>
    public static OutputFile Create(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        // Else the work is done and the move at the end fails, saying the "file" already exists.
        if (Directory.Exists(full)) throw new IOException($"'{full}' is a folder; name the file to write (a file in it, or beside it).");
        var folder = System.IO.Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        // Else creating the folder says only "The file '…' already exists", naming neither the output nor what is wrong.
        for (var above = folder; above is not null && !Directory.Exists(above); above = System.IO.Path.GetDirectoryName(above))
        {
            if (File.Exists(above)) throw new IOException($"'{full}' cannot be written: '{above}' is a file, not a folder.");
        }
        Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        return new OutputFile(full, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
    }

    /// <summary>Closes the content and moves it to <see cref="Path"/>, replacing what was there.</summary>
    public void Commit()
    {
        _stream.Dispose();
        if (File.Exists(Path)) File.Replace(TemporaryPath, Path, null);
        else File.Move(TemporaryPath, Path);
        _committed = true;
    }

    /// <summary>Closes the content; without <see cref="Commit"/>, deletes it.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        if (!_committed) File.Delete(TemporaryPath);
    }
}
