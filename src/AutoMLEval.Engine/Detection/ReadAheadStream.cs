using AutoMLEval.Engine.Formats;
using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// A read-only stream that fills chunks from an inner stream on a background task, so that decompression
/// (gzip) and JSON parsing run at the same time. Holds at most <c>depth</c> chunks ahead.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private const int ChunkSize = 1 << 20;
    private readonly Stream _inner;
    private readonly BlockingCollection<(byte[] Data, int Length)> _chunks;
    private readonly Task _producer;
    private readonly CancellationTokenSource _cancel = new();

    // Chunks the reader is done with, filled again rather than allocated anew (each is a large-object-heap array).
    private readonly ConcurrentQueue<byte[]> _spare = new();
    private byte[] _current = Array.Empty<byte>();
    private int _currentLength;
    private int _offset;
    private bool _ended;

    public ReadAheadStream(Stream inner, int depth = 4)
    {
        _inner = inner;
        _chunks = new BlockingCollection<(byte[], int)>(depth);
        _producer = Task.Run(Produce);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_offset == _currentLength)
        {
            if (_ended) return 0;
            if (!_chunks.TryTake(out var chunk, Timeout.Infinite))
            {
                _ended = true;
                // Surface a failure of the inner stream (corrupt gzip) to the reader.
                _producer.GetAwaiter().GetResult();
                return 0;
            }
            if (_current.Length == ChunkSize) _spare.Enqueue(_current);
            _current = chunk.Data;
            _currentLength = chunk.Length;
            _offset = 0;
        }
        int n = Math.Min(count, _currentLength - _offset);
        Buffer.BlockCopy(_current, _offset, buffer, offset, n);
        _offset += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancel.Cancel();
            try
            {
                _producer.Wait();
            }
            catch (AggregateException)
            {
                // The reader has stopped; a failure of the inner stream no longer matters.
            }
            _inner.Dispose();
            _chunks.Dispose();
            _cancel.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Produce()
    {
        try
        {
            while (true)
            {
                if (!_spare.TryDequeue(out var data)) data = new byte[ChunkSize];
                int length = 0;
                while (length < ChunkSize)
                {
                    int n = _inner.Read(data, length, ChunkSize - length);
                    if (n == 0) break;
                    length += n;
                }
                if (length == 0) return;
                _chunks.Add((data, length), _cancel.Token);
                if (length < ChunkSize) return;
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Disposed before the end: nothing more to read. A cancellation of the file read itself (Ctrl+C) is not
            // caught: taken for the end it would make a .gz file look truncated; the reader rethrows it instead.
        }
        finally
        {
            _chunks.CompleteAdding();
        }
    }
}
