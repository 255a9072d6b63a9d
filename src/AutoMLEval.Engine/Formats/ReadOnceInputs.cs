namespace AutoMLEval.Engine.Formats;

/// <summary>
/// The owner of the pipes one run looked at and has not read yet (<see cref="ReadOnceInput"/>). A front end makes one a
/// run (the CLI a command line, a cmdlet its pipeline), uses it around the run's engine calls (<see cref="Use"/>) and
/// disposes it when the run ends, closing what is still unread: a pipe looked at, then an error before its reader. A
/// later run on the same path (a FIFO, <c>/dev/stdin</c>) then reads its own input, not this run's kept bytes.
/// </summary>
public sealed class ReadOnceInputs : IDisposable
{
    // The engine called outside any run (a test, a program using the readers itself): the process owns its looks.
    private static readonly ReadOnceInputs Process = new();

    private static readonly AsyncLocal<ReadOnceInputs?> InUse = new();

    /// <summary>The owner of the looks made now: the run in use on this thread or the work that it started.</summary>
    internal static ReadOnceInputs Current => InUse.Value ?? Process;

    /// <summary>The inputs looked at and not read yet, by full path (locked while used).</summary>
    internal Dictionary<string, ReadOnceInput> Looked { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes this the owner of what the engine calls of this thread look at, and of the work they start (tasks and
    /// threads take it with them), until the result is disposed.
    /// </summary>
    public IDisposable Use()
    {
        var previous = InUse.Value;
        InUse.Value = this;
        return new InUseUntil(previous);
    }

    /// <summary>Closes the pipes looked at and not read.</summary>
    public void Dispose()
    {
        lock (Looked)
        {
            foreach (var input in Looked.Values) input.Close();
            Looked.Clear();
        }
    }

    private sealed class InUseUntil : IDisposable
    {
        private readonly ReadOnceInputs? _previous;

        public InUseUntil(ReadOnceInputs? previous) => _previous = previous;

        public void Dispose() => InUse.Value = _previous;
    }
}
