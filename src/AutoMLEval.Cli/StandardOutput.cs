using System.Text;

namespace AutoMLEval.Cli;

/// <summary>
/// Standard output that says so when it cannot be written: closed (<c>automl-eval evaluate … &gt;&amp;-</c>), a pipe whose
/// reader is gone, a full disk. The system's own error named no stream ("Access to the path is denied.").
/// </summary>
internal sealed class StandardOutput : TextWriter
{
    private readonly TextWriter _inner;

    public StandardOutput(TextWriter inner) => _inner = inner;

    public override Encoding Encoding => _inner.Encoding;

    // Static lambdas with the value passed in: no delegate allocated for every write.
    public override void Write(char value) => Guarded(value, static (writer, c) => writer.Write(c));

    public override void Write(char[] buffer, int index, int count) => Guarded((buffer, index, count), static (writer, b) => writer.Write(b.buffer, b.index, b.count));

    public override void Write(string? value) => Guarded(value, static (writer, text) => writer.Write(text));

    public override void WriteLine(string? value) => Guarded(value, static (writer, text) => writer.WriteLine(text));

    public override void Flush() => Guarded(0, static (writer, _) => writer.Flush());

    private void Guarded<T>(T value, Action<TextWriter, T> write)
    {
        try
        {
            write(_inner, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            throw new StandardOutputException(e);
        }
    }
}

/// <summary>Standard output could not be written; the message says so, with the system's reason.</summary>
internal sealed class StandardOutputException : IOException
{
    public StandardOutputException(Exception inner)
        : base($"standard output could not be written (it is closed, or what read it is gone): {inner.Message}", inner)
    {
    }
}
