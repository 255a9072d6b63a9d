using System.IO.Compression;
using System.Text;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Opens input files for streaming: gzip-compressed files (by their magic bytes) are decompressed on the fly;
/// pipes and FIFOs are read like files; a damaged or truncated gzip stream or a read failure ends the read with an
/// <see cref="InputFormatException"/> naming the file, never a raw exception.
/// </summary>
public static class InputFile
{
    /// <summary>
    /// The longest record a reader accepts (bytes of a JSON Lines line or of one element of a JSON array,
    /// characters of a CSV line): longer means the file is not the text it should be (a binary file,
    /// <c>/dev/zero</c>), and reading on would only exhaust memory.
    /// </summary>
    public const int MaxRecordLength = 1 << 28;

    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Whether the name of <paramref name="path"/>, less a final <c>.gz</c>, ends in <paramref name="extension"/> (case
    /// ignored): the form of a file is told by its name, and a gzipped file (read whatever its name) keeps its form's name
    /// before the <c>.gz</c>.
    /// </summary>
    public static bool HasExtension(string path, string extension)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 3) : path;
        return name.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Opens <paramref name="path"/> for sequential reading, decompressing it when it is gzip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (message names it).</exception>
    /// <exception cref="InputFormatException">The path is a folder, or the file cannot be opened.</exception>
    public static Stream OpenRead(string path) => OpenRead(path, decompressAhead: false);

    /// <summary>
    /// As <see cref="OpenRead(string)"/>; each read reports the bytes of the file read so far to
    /// <paramref name="progress"/> and throws <see cref="OperationCanceledException"/> once
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static Stream OpenRead(string path, IProgress<WorkProgress>? progress, CancellationToken cancellationToken) =>
        OpenRead(path, decompressAhead: false, progress, cancellationToken);

    /// <summary>As <see cref="OpenRead(string, IProgress{WorkProgress}, CancellationToken)"/>; with <paramref name="decompressAhead"/>, gzip is inflated on a background task while the caller parses.</summary>
    internal static Stream OpenRead(string path, bool decompressAhead, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Open(path, look: false, decompressAhead, progress, cancellationToken);

    /// <summary>
    /// The most bytes (decompressed) a look reads. Past them an input ends for the look, however many blank lines came
    /// first: of a pipe, a look then never reads further than is kept for the reader (<see cref="ReadOnceInput"/>'s 1 MiB),
    /// and a pipe is told as the same file would be.
    /// </summary>
    internal const int LookBytes = 1 << 18;

    /// <summary>
    /// As <see cref="OpenRead(string)"/>, for a look at the first bytes before the input is read, its first
    /// <see cref="LookBytes"/> only: of a pipe, what the look reads is kept for the read that follows (<see cref="ReadOnceInput"/>).
    /// </summary>
    internal static Stream OpenToLook(string path) => new LookWindow(Open(path, look: true, decompressAhead: false));

    /// <summary>As <see cref="OpenToLook"/>, the bytes as they are (not decompressed).</summary>
    internal static Stream OpenRawToLook(string path) => ReadOnceInput.Open(path, look: true, () => OpenFile(path));

    internal static Stream Open(string path, bool look, bool decompressAhead, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var file = ReadOnceInput.Open(path, look, () => OpenFile(path));
        var raw = new RawInput(new ProgressStream(file, ProgressStream.ReadingStep(path), progress, cancellationToken));
        var input = new CheckedInput(raw, path);
        var magic = new byte[2];
        int got = 0, n;
        while (got < 2 && (n = input.Read(magic, got, 2 - got)) > 0) got += n;
        raw.PutBack(magic, got);
        if (got < 2 || magic[0] != 0x1f || magic[1] != 0x8b) return input;
        raw.KeepTail = true;
        Stream inflated = new GZipStream(raw, CompressionMode.Decompress);
        if (decompressAhead) inflated = new ReadAheadStream(inflated);
        return new CheckedInput(inflated, path, raw);
    }

    /// <summary>
    /// The file at <paramref name="path"/> as it is (seekable, not decompressed: a binary input such as a partial
    /// evaluation), opened as every input is.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist (message names it).</exception>
    /// <exception cref="InputFormatException">The path is a folder, or the file cannot be opened.</exception>
    public static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path)) throw new InputFormatException("NotAFile", path, 0, string.Empty, "this is a folder; a file is expected");
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file not found: {path}", path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException("Unreadable", path, 0, string.Empty, $"the file cannot be opened ({e.Message})");
        }
    }

    /// <summary>
    /// Of an input that is CSV or JSON Lines, whether it is CSV: its name tells (<c>.csv</c>; <c>.jsonl</c>, <c>.json</c>;
    /// a final <c>.gz</c> passed over); an input of another name (a pipe's <c>/dev/fd/63</c>) is JSON Lines when its
    /// first non-blank character is <c>{</c> (<see cref="StartsWithBrace"/>), else CSV.
    /// </summary>
    internal static bool IsCsv(string path)
    {
        if (HasExtension(path, ".csv")) return true;
        if (HasExtension(path, ".jsonl") || HasExtension(path, ".json")) return false;
        return File.Exists(path) && !StartsWithBrace(path);
    }

    /// <summary>
    /// Refuses a file that is not text before it is read as lines, where a binary file given by mistake (an image of
    /// another name, told CSV by its content) became an error a line and stray items: a NUL byte in its first 64 KiB
    /// (<see cref="FirstNulLine"/>) is the error <paramref name="code"/> at that line, naming <paramref name="source"/>;
    /// <paramref name="expected"/> says what the file should be.
    /// </summary>
    internal static void RefuseBinary(string path, string source, string code, string expected)
    {
        if (FirstNulLine(path) is long line) throw new InputFormatException(code, source, line, string.Empty, NotText(expected));
    }

    /// <summary>The message of a file that holds NUL bytes, which no text does; <paramref name="expected"/> says what it should be.</summary>
    internal static string NotText(string expected) =>
        "the file is not text (it holds NUL bytes): a binary file (an image, a model, an archive?) or UTF-16 text without a byte order mark; " + expected;

    /// <summary>
    /// The 1-based line of a NUL byte in the first 64 KiB of the file, or null: none there, or the file is gzip or
    /// UTF-16 or UTF-32 text (its first bytes say so), whose bytes are not read as they stand.
    /// </summary>
    private static long? FirstNulLine(string path)
    {
        var head = new byte[1 << 16];
        int got = 0, n;
        using (var file = OpenRawToLook(path))
        {
            while (got < head.Length && (n = file.Read(head, got, head.Length - got)) > 0) got += n;
        }
        bool encoded = got >= 2 && ((head[0] == 0x1F && head[1] == 0x8B) || (head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0 && head[1] == 0));
        return encoded ? null : JsonLines.FirstNulLine(head, got, 1);
    }

    /// <summary>
    /// Whether the first non-blank character of the text at <paramref name="path"/> (a BOM passed over) is <c>{</c>: a
    /// look (<see cref="OpenToLook"/>), so a pipe keeps what it reads for the reader.
    /// </summary>
    internal static bool StartsWithBrace(string path)
    {
        using var reader = TextReader(OpenToLook(path));
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
        {
        }
        return c == '{';
    }

    /// <summary>
    /// A text reader over an opened input: UTF-8, or the encoding its BOM names (the BOM is skipped). Bytes that are
    /// not text become U+FFFD, which <see cref="CsvLine.ReadRecords"/> reports as an error of that line.
    /// </summary>
    public static TextReader TextReader(Stream stream) => new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, BufferSize);

    /// <summary>The first <see cref="LookBytes"/> of an input, then its end.</summary>
    private sealed class LookWindow : ReadOnlyStream
    {
        private readonly Stream _inner;
        private int _left = LookBytes;

        public LookWindow(Stream inner) => _inner = inner;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0) return 0;
            int n = _inner.Read(buffer, offset, Math.Min(count, _left));
            _left -= n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>The file as read: bytes put back after a peek come first; with <see cref="KeepTail"/>, the last 8 bytes are kept (gzip's trailer).</summary>
    private sealed class RawInput : ReadOnlyStream
    {
        private readonly Stream _inner;
        private byte[] _putBack = Array.Empty<byte>();
        private int _putBackAt;

        public RawInput(Stream inner) => _inner = inner;

        public bool KeepTail { get; set; }

        /// <summary>The last 8 bytes read (fewer when the stream was shorter), oldest first.</summary>
        public List<byte> Tail { get; } = new(16);

        public void PutBack(byte[] bytes, int count)
        {
            _putBack = bytes.AsSpan(0, count).ToArray();
            _putBackAt = 0;
            Tail.Clear();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n;
            if (_putBackAt < _putBack.Length)
            {
                // Fill the rest from the file too: a reader that looks for a BOM looks at its first read only.
                n = Math.Min(count, _putBack.Length - _putBackAt);
                Buffer.BlockCopy(_putBack, _putBackAt, buffer, offset, n);
                _putBackAt += n;
                if (n < count) n += _inner.Read(buffer, offset + n, count - n);
            }
            else
            {
                n = _inner.Read(buffer, offset, count);
            }
            if (KeepTail)
            {
                for (int k = Math.Max(0, n - 8); k < n; k++) Tail.Add(buffer[offset + k]);
                if (Tail.Count > 8) Tail.RemoveRange(0, Tail.Count - 8);
            }
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Turns read failures into located errors and, for gzip, checks at the end that the stream was whole.</summary>
    private sealed class CheckedInput : ReadOnlyStream
    {
        private readonly Stream _inner;
        private readonly string _path;
        private readonly RawInput? _compressed;
        private long _produced;

        public CheckedInput(Stream inner, string path, RawInput? compressed = null)
        {
            _inner = inner;
            _path = path;
            _compressed = compressed;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n;
            try
            {
                n = _inner.Read(buffer, offset, count);
            }
            catch (InvalidDataException e)
            {
                throw new InputFormatException("InvalidGzip", _path, 0, string.Empty, $"the gzip data is damaged ({e.Message})");
            }
            catch (IOException e)
            {
                throw new InputFormatException("Unreadable", _path, 0, string.Empty, $"the file cannot be read ({e.Message})");
            }
            _produced += n;
            if (n == 0 && count > 0 && _compressed is not null && !EndsWithSize()) throw Truncated();
            return n;
        }

        // gzip ends with the uncompressed size (mod 2^32); GZipStream itself reports a cut-off stream as a normal end.
        private bool EndsWithSize()
        {
            var tail = _compressed!.Tail;
            if (tail.Count < 8) return false;
            uint size = (uint)(tail[4] | (tail[5] << 8) | (tail[6] << 16) | (tail[7] << 24));
            return size == (uint)_produced;
        }

        private InputFormatException Truncated() => new("TruncatedGzip", _path, 0, string.Empty,
            "the gzip data ends before its end marker (a truncated download?), or joins several gzip members; decompress it (gunzip) to check, and read the plain file");

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>The members every forward-only, read-only stream of the engine answers the same way.</summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
