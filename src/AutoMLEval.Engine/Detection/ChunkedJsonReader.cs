using System.Runtime.CompilerServices;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// Streams a JSON document of any size with <see cref="Utf8JsonReader"/> over a growing window of the file:
/// top-level tokens are read one at a time, and each array element (one image, annotation or detection) is
/// parsed once it is complete in the window. Memory is the largest single element plus the read buffer.
/// gzip input (magic bytes 1f 8b) is decompressed on the fly.
/// </summary>
internal sealed class ChunkedJsonReader : IDisposable
{
    /// <summary>Parses one complete JSON value; the reader is positioned on its first token.</summary>
    public delegate void ValueParser(ref Utf8JsonReader reader);

    /// <summary>
    /// Reads one array element of the plainest form, from its first byte, with the plain scanner; false (nothing
    /// recorded) at anything else, which the <see cref="ValueParser"/> then reads.
    /// </summary>
    public delegate bool PlainParser(ref PlainJson json);

    /// <summary>The initial window: 1 MiB.</summary>
    public const int DefaultBufferSize = 1 << 20;

    private readonly Stream _stream;

    private readonly bool _leaveOpen;
    private readonly string _source;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _final;
    private bool _bomChecked;
    private JsonReaderState _state;

    // Line endings in the bytes Fill moved out of the window, so that a record's line can be told (LineAt).
    private long _lineEndsBefore;

    // LineAt counts on from where it last counted in the window (records are asked about in order: every segmentation
    // record is), not from the window's start; Fill, which moves the bytes, starts it again.
    private int _lineCountedTo;
    private long _lineEndsCounted;

    // Line ends the plain path took: the reader's own line numbers lack them.
    private long _plainLineEnds;

    // The bytes the reader has read on its current line, as it counts them for its messages.
    private long _readerBytesOnLine;

    // For a failure on the reader's current line: the byte of its line that the reader names, less the one it counts.
    // The plain path adds the bytes it took; past a line end, the reader's count before it is no part of the new line.
    private long _uncountedOnLine;

    /// <summary>
    /// Reads <paramref name="stream"/> (UTF-16 or UTF-32 with a byte order mark, as Windows PowerShell's <c>&gt;</c> writes,
    /// is read as its UTF-8 text); <paramref name="bufferSize"/> is the initial window (it grows to the largest element).
    /// Disposing the reader disposes <paramref name="stream"/> unless <paramref name="leaveOpen"/>.
    /// </summary>
    public ChunkedJsonReader(Stream stream, string source, int bufferSize = DefaultBufferSize, bool leaveOpen = false)
    {
        _leaveOpen = leaveOpen;
        _buffer = new byte[Math.Max(bufferSize, 16)];
        _source = source;
        _stream = Utf8Input.Of(stream);
        _state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    }

    /// <summary>The type of the token last read by <see cref="Read"/>.</summary>
    public JsonTokenType TokenType { get; private set; }

    /// <summary>The property name or string value last read by <see cref="Read"/>.</summary>
    public string? Text { get; private set; }

    /// <summary>
    /// Opens a file, decompressing it when it starts with the gzip magic bytes; reading reports the file's bytes read to
    /// <paramref name="progress"/> and throws <see cref="OperationCanceledException"/> once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static ChunkedJsonReader Open(string path, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new(InputFile.OpenRead(path, decompressAhead: true, progress, cancellationToken), path);

    /// <summary>Moves to the next token; false at the end of the document.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _final, _state);
            bool read;
            try
            {
                read = reader.Read();
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
            if (read)
            {
                TokenType = reader.TokenType;
                try
                {
                    Text = reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                }
                catch (InvalidOperationException e)
                {
                    throw new InputFormatException("InvalidJson", _source, 0, string.Empty, $"A name or string is not valid text: {e.Message}");
                }
                Advance(ref reader);
                return true;
            }
            if (_final) return false;
            Fill();
        }
    }

    /// <summary>Reads the next complete value (which may be large) and hands it to <paramref name="parse"/>.</summary>
    public void ReadValue(ValueParser parse)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _final, _state);
            var probe = reader;
            bool complete;
            try
            {
                complete = probe.Read() && probe.TrySkip();
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
            if (complete)
            {
                reader.Read();
                TokenType = reader.TokenType;
                parse(ref reader);
                Advance(ref probe);
                return;
            }
            if (_final) throw new InputFormatException("InvalidJson", _source, 0, string.Empty, "The JSON document ends in the middle of a value.");
            Fill();
        }
    }

    /// <summary>Skips the next value.</summary>
    public void SkipValue() => ReadValue(static (ref Utf8JsonReader _) => { });

    /// <summary>Reads the next token and fails unless it is <paramref name="expected"/>.</summary>
    public void Expect(JsonTokenType expected, string what)
    {
        if (!Read())
        {
            throw new InputFormatException("UnexpectedJson", _source, 0, string.Empty, $"Expected {what}; the file holds no JSON value.");
        }
        if (TokenType != expected)
        {
            throw new InputFormatException("UnexpectedJson", _source, 0, string.Empty, $"Expected {what}; the file holds {Describe(TokenType)} instead.");
        }
    }

    // What a value starting with this token is, for a message.
    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "a JSON object",
        JsonTokenType.StartArray => "a JSON array",
        JsonTokenType.String => "a JSON string",
        JsonTokenType.Number => "a JSON number",
        JsonTokenType.True or JsonTokenType.False => "a JSON boolean",
        JsonTokenType.Null => "a JSON null",
        _ => "another JSON value",
    };

    /// <summary>Fails unless the document ends after <paramref name="what"/>: a second value (two arrays one after the other) would otherwise be dropped without a word.</summary>
    public void ExpectEnd(string what)
    {
        bool more;
        try
        {
            more = Read();
        }
        catch (InputFormatException)
        {
            more = true;
        }
        if (more) throw new InputFormatException("UnexpectedJson", _source, 0, string.Empty, $"More JSON follows {what}; the file must hold one JSON value (join the arrays into one).");
    }

    /// <summary>
    /// Calls <paramref name="parse"/> for each element of the array whose '[' is the next token, or, after the first,
    /// <paramref name="plain"/> where it reads the element; returns the element count.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    public int ReadArray(string what, ValueParser parse, PlainParser? plain = null)
    {
        Expect(JsonTokenType.StartArray, $"'{what}' to be a JSON array");
        int count = 0;
        while ((count > 0 && plain is not null && TryReadPlainElement(plain)) || ReadElement(what, parse)) count++;
        return count;
    }

    // The reader's state after an element is that of a value read in the array, and stays true when the scanner takes
    // the comma and the next element without it (the first element, after the '[', is the reader's). The reader numbers
    // lines and bytes for its messages: the line ends and bytes the scanner takes are counted for them (Malformed), so
    // that a file of one record a line, as many tools write, is read by the scanner too.
    [MethodImpl(JitHints.Optimized)]
    private bool TryReadPlainElement(PlainParser parse)
    {
        var window = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
        var json = new PlainJson(window);
        if (!json.Take((byte)',') || !parse(ref json)) return false;
        var taken = window.Slice(0, json.Position);
        int lastLineEnd = taken.LastIndexOf((byte)'\n');
        if (lastLineEnd < 0)
        {
            _uncountedOnLine += taken.Length;
        }
        else
        {
            _plainLineEnds += LineFeeds(taken);
            _uncountedOnLine = taken.Length - lastLineEnd - 1 - _readerBytesOnLine;
        }
        _start += json.Position;
        return true;
    }

    // Line feeds in the text: the lines Utf8JsonReader counts (a CR alone starts none for it).
    private static int LineFeeds(ReadOnlySpan<byte> text)
    {
#if NET8_0_OR_GREATER
        return text.Count((byte)'\n');
#else
        int count = 0, at;
        while ((at = text.IndexOf((byte)'\n')) >= 0)
        {
            count++;
            text = text.Slice(at + 1);
        }
        return count;
#endif
    }

    /// <summary>
    /// True while an element is parsed straight from the window before it is known to be whole and valid JSON: the
    /// parser must then let every exception through and change nothing before the element's last token is read, as
    /// the element is parsed again, checked whole first, when the parse fails.
    /// </summary>
    public bool Tentative { get; private set; }

    // Parses the next array element, or consumes the closing ']' and returns false.
    [MethodImpl(JitHints.Optimized)]
    private bool ReadElement(string what, ValueParser parse)
    {
        if (TryReadElementInPlace(parse, out bool more)) return more;
        while (true)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), _final, _state);
            var probe = reader;
            bool complete, end;
            try
            {
                complete = probe.Read();
                end = complete && probe.TokenType == JsonTokenType.EndArray;
                complete = complete && (end || probe.TrySkip());
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
            if (complete)
            {
                if (!end)
                {
                    reader.Read();
                    parse(ref reader);
                }
                Advance(ref probe);
                return !end;
            }
            if (_final) throw new InputFormatException("InvalidJson", _source, 0, what, $"The JSON document ends inside '{what}'.");
            Fill();
        }
    }

    // Nearly every element is whole in the window and valid: parsed in place, it is read once, rather than checked
    // whole (TrySkip) and then read again. A reader told that the window is the end of the data throws where an
    // element is cut off, and a parser reads to the element's last token before it records anything; so a parse that
    // ends without an exception read a whole, valid element, and one that throws has changed nothing.
    [MethodImpl(JitHints.Optimized)]
    private bool TryReadElementInPlace(ValueParser parse, out bool more)
    {
        more = false;
        if (_end == _start) return false;
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _start, _end - _start), isFinalBlock: true, _state);
        Tentative = true;
        try
        {
            if (!reader.Read()) return false;
            more = reader.TokenType != JsonTokenType.EndArray;
            if (more)
            {
                // A scalar element is left to the checked path before it is parsed: a parse that does not throw counts as done.
                if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return false;
                int depth = reader.CurrentDepth;
                parse(ref reader);
                if (reader.CurrentDepth != depth || reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                {
                    throw new InvalidOperationException("An element parser stopped before the element's end.");
                }
            }
        }
#pragma warning disable CA1031 // Any failure (a bad record, a cut-off element) is met again, reported as before, by the checked path.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
        finally
        {
            Tentative = false;
        }
        Advance(ref reader);
        return true;
    }

    /// <summary>
    /// The 1-based line of the byte at <paramref name="offset"/> of the window the current parse reads (a
    /// <see cref="Utf8JsonReader.TokenStartIndex"/> of the reader handed to a <see cref="ValueParser"/>, asked before it returns).
    /// </summary>
    public long LineAt(long offset)
    {
        int at = _start + (int)offset;
        if (at < _lineCountedTo)
        {
            _lineCountedTo = 0;
            _lineEndsCounted = 0;
        }
        _lineEndsCounted += JsonLines.CountLineEnds(_buffer.AsSpan(_lineCountedTo, at - _lineCountedTo));
        _lineCountedTo = at;
        return _lineEndsBefore + _lineEndsCounted + 1;
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private void Advance(ref Utf8JsonReader reader)
    {
        int consumed = (int)reader.BytesConsumed;
        int lastLineEnd = new ReadOnlySpan<byte>(_buffer, _start, consumed).LastIndexOf((byte)'\n');
        if (lastLineEnd < 0)
        {
            _readerBytesOnLine += consumed;
        }
        else
        {
            _readerBytesOnLine = consumed - lastLineEnd - 1;
            _uncountedOnLine = 0;
        }
        _start += consumed;
        _state = reader.CurrentState;
    }

    private void Fill()
    {
        int pending = _end - _start;
        if (pending == _buffer.Length)
        {
            if (_buffer.Length >= InputFile.MaxRecordLength)
            {
                throw new InputFormatException("RecordTooLong", _source, 0, string.Empty, $"one JSON value is longer than {InputFile.MaxRecordLength} bytes; this is not a COCO file");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            _lineEndsBefore += JsonLines.CountLineEnds(_buffer, _start);
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }
        _start = 0;
        _end = pending;
        _lineCountedTo = 0;
        _lineEndsCounted = 0;
        while (_end < _buffer.Length)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _final = true;
                break;
            }
            _end += n;
        }
        if (!_bomChecked)
        {
            // A UTF-8 byte order mark (as Windows tools write) is no part of the JSON.
            _bomChecked = true;
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
        }
    }

    private InputFormatException Malformed(JsonException e)
    {
        // A failure on the line where the plain path last took elements is that many bytes off what the reader counted.
        long uncounted = _uncountedOnLine != 0 && e.LineNumber == ReaderLine() ? _uncountedOnLine : 0;
        return new("InvalidJson", _source, (e.LineNumber ?? -1) + 1 + _plainLineEnds, string.Empty, $"Not valid JSON ({JsonLines.FailureReason(e, uncounted)})");
    }

    // The line the reader's state is on, numbered as its exceptions number it: a byte that starts no token makes it say.
    private long? ReaderLine()
    {
        var probe = new Utf8JsonReader("#"u8, isFinalBlock: true, _state);
        try
        {
            probe.Read();
        }
        catch (JsonException e)
        {
            return e.LineNumber;
        }
        return null;
    }
}
