namespace AutoMLEval.Tests;

/// <summary>A fresh folder for files a test writes, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "automleval-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="text"/> to a file under the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Root, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Makes a FIFO (a named pipe, Linux) under the folder and returns its path.</summary>
    public string Fifo(string name)
    {
        var path = System.IO.Path.Combine(Root, name);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path)) mkfifo.WaitForExit();
        return path;
    }

    /// <summary>
    /// Fills the FIFO at <paramref name="path"/> with <paramref name="content"/> as a shell pipe's writer does: it blocks
    /// until a reader opens the FIFO, and ends when the reader has read everything or closes it early (a broken pipe).
    /// </summary>
    public static Task WriteToFifo(string path, byte[] content) => Task.Run(() =>
    {
        try
        {
            File.WriteAllBytes(path, content);
        }
        catch (IOException)
        {
        }
    });

    /// <summary>
    /// What <paramref name="read"/> gives of a new FIFO that a writer fills with <paramref name="content"/>, as a shell pipe
    /// would. The FIFO is named without an extension, as <c>/dev/fd/63</c> is, so that every look at the content is made.
    /// </summary>
    public T FromFifo<T>(byte[] content, Func<string, T> read)
    {
        var path = Fifo($"pipe{Guid.NewGuid():N}");
        var writer = WriteToFifo(path, content);
        var result = read(path);
        Xunit.Assert.True(writer.Wait(TimeSpan.FromMinutes(1)), "the writer of the FIFO did not finish");
        return result;
    }

    /// <summary>Whether <paramref name="writer"/> (<see cref="WriteToFifo"/>) ends within a minute.</summary>
    public static async Task<bool> Ends(Task writer) => await Task.WhenAny(writer, Task.Delay(TimeSpan.FromMinutes(1))) == writer;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
