using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// An input that can be read only once: a pipe, a FIFO, <c>/dev/stdin</c>, bash's <c>&lt;(…)</c>. Its format is told
/// from its first bytes (<see cref="GroundTruthKinds.Detect"/>, a reader's check for binary data) before the reader
/// reads it, and opening it again would start where those looks stopped. So the bytes the looks read are kept (up to
/// <see cref="MaxKept"/>), and every later open of the same path replays them and then goes on with the pipe. A look
/// leaves the input with the run's <see cref="ReadOnceInputs"/> for the next open; the reader's open takes it away, and
/// keeps nothing more.
/// </summary>
internal sealed class ReadOnceInput
{
    /// <summary>The most bytes kept for a reader after the looks: far more than any look reads.</summary>
    private const int MaxKept = 1 << 20;

    private readonly object _gate = new();
    private readonly FileStream _pipe;
    private readonly string _path;
    private byte[] _kept = new byte[1 << 16];
    private int _keptLength;
    private long _consumed;
    private bool _taken;

    private ReadOnceInput(FileStream pipe, string path)
    {
        _pipe = pipe;
        _path = path;
    }

    /// <summary>
    /// The input at <paramref name="path"/> from its first byte: a regular file as <paramref name="open"/> opens it; a pipe
    /// replayed from what earlier looks read. A look (<paramref name="look"/>) leaves a pipe for the next open.
    /// </summary>
    public static Stream Open(string path, bool look, Func<FileStream> open)
    {
        var key = Path.GetFullPath(path);
        var looked = ReadOnceInputs.Current.Looked;
        lock (looked)
        {
            if (!looked.TryGetValue(key, out var input))
            {
                var file = open();
                if (file.CanSeek) return file;
                input = new ReadOnceInput(file, path);
                if (look) looked[key] = input;
            }
            else if (!look)
            {
                looked.Remove(key);
            }
            if (!look) input._taken = true;
            return new Replay(input, ownsPipe: !look);
        }
    }

    /// <summary>Closes the pipe of an input looked at and never read (its run ended first).</summary>
    internal void Close()
    {
        lock (_gate) _pipe.Dispose();
    }

    private int Read(ref long position, byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            int n = 0;
            if (position < _keptLength)
            {
                n = (int)Math.Min(count, _keptLength - position);
                Buffer.BlockCopy(_kept, (int)position, buffer, offset, n);
                position += n;
                // Fill the rest from the pipe too: a reader that looks for a BOM looks at its first read only.
                if (n == count || position < _consumed) return n;
            }
            if (position < _consumed)
            {
                throw new InputFormatException("ReadOnce", _path, 0, string.Empty,
                    "the input is a pipe, which can be read only once, and it was read further than is kept; save it to a file and give the file");
            }
            int read = _pipe.Read(buffer, offset + n, count - n);
            if (!_taken && _keptLength == _consumed && _keptLength + read <= MaxKept)
            {
                if (_keptLength + read > _kept.Length) Array.Resize(ref _kept, Math.Min(MaxKept, Math.Max(_kept.Length * 2, _keptLength + read)));
                Buffer.BlockCopy(buffer, offset + n, _kept, _keptLength, read);
                _keptLength += read;
            }
            _consumed += read;
            position += read;
            return n + read;
        }
    }

    /// <summary>One open of the input: its own place in it.</summary>
    private sealed class Replay : ReadOnlyStream
    {
        private readonly ReadOnceInput _input;
        private readonly bool _ownsPipe;
        private long _position;

        public Replay(ReadOnceInput input, bool ownsPipe)
        {
            _input = input;
            _ownsPipe = ownsPipe;
        }

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(ref _position, buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing && _ownsPipe) _input._pipe.Dispose();
            base.Dispose(disposing);
        }
    }
}
