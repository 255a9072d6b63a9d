namespace AutoMLEval.Tests.Video;

/// <summary>A fresh directory for one test's input files, deleted afterwards.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "automleval-video-" + Guid.NewGuid().ToString("N"));

    public TempFiles() => Directory.CreateDirectory(_directory);

    /// <summary>Writes <paramref name="lines"/> to a file named <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
