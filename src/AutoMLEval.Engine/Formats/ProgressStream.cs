using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A read-only view of an input file (or of bytes in memory) that reports how many of its bytes were read and stops the read with
/// <see cref="OperationCanceledException"/> once cancelled: every reader that streams a file through it can be
/// followed and stopped between two reads, without a token in its parsing loops.
/// </summary>
internal sealed class ProgressStream : Stream
{
    private readonly Stream _inner;
    private readonly IProgress<WorkProgress>? _progress;
    private readonly string _step;
    private readonly long _length;
    private readonly CancellationToken _cancellationToken;
    private long _done;

    /// <summary>Wraps <paramref name="file"/> (owned: disposed with this stream); <paramref name="step"/> names the read in reports.</summary>
    public ProgressStream(Stream file, string step, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        _inner = file;
        _step = step;
        _progress = progress;
        _cancellationToken = cancellationToken;
        // A pipe or FIFO has no length: its reads are counted against an unknown total.
        _length = file.CanSeek ? file.Length : 0;
    }

    /// <summary>"Reading NAME": the step of reading the file at <paramref name="path"/>.</summary>
    public static string ReadingStep(string path) => "Reading " + Path.GetFileName(path);

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        int read = _inner.Read(buffer, offset, count);
        _done += read;
        _progress?.Report(new WorkProgress(_step, _done, _length, WorkUnit.Bytes));
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
