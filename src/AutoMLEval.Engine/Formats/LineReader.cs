using System.Text;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Reads lines as <see cref="TextReader.ReadLine"/> does (LF, CRLF or a lone CR ends a line), but fails on a line
/// longer than <see cref="InputFile.MaxRecordLength"/> instead of filling memory.
/// </summary>
internal sealed class LineReader
{
    private readonly TextReader _reader;
    private readonly string _source;
    private readonly char[] _buffer = new char[1 << 14];
    private readonly StringBuilder _line = new();
    private int _at;
    private int _filled;
    private bool _started;

    public LineReader(TextReader reader, string source, long firstLine)
    {
        _reader = reader;
        _source = source;
        Number = firstLine - 1;
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public long Number { get; private set; }

    /// <summary>
    /// The next line without its ending, or false at the end. The characters are valid until the next call: a line
    /// within the buffer is handed out in place, so that a reader that keeps only some of its fields makes no string
    /// of the whole line.
    /// </summary>
    public bool TryNext(out ReadOnlySpan<char> line)
    {
        Number++;
        if (_at == _filled && !Fill())
        {
            line = default;
            return false;
        }
        int start = _at;
        int end = _buffer.AsSpan(start, _filled - start).IndexOfAny('\n', '\r');
        // A CR at the buffer's end needs the next read to see whether an LF follows, which overwrites the buffer.
        // (A line within the buffer is far shorter than InputFile.MaxRecordLength.)
        if (end >= 0 && (_buffer[start + end] == '\n' || start + end + 1 < _filled))
        {
            _at = start + end + 1;
            if (_buffer[start + end] == '\r' && _buffer[_at] == '\n') _at++;
            line = _buffer.AsSpan(start, end);
            return true;
        }
        line = Accumulated().AsSpan();
        return true;
    }

    // A line that runs past the buffer (or ends with a CR at its end), gathered across reads.
    private string Accumulated()
    {
        _line.Clear();
        while (true)
        {
            if (_at == _filled && !Fill()) return _line.ToString();
            int start = _at;
            while (_at < _filled && _buffer[_at] != '\n' && _buffer[_at] != '\r') _at++;
            _line.Append(_buffer, start, _at - start);
            if (_line.Length > InputFile.MaxRecordLength)
            {
                throw new InputFormatException("RecordTooLong", _source, Number, string.Empty, $"the line is longer than {InputFile.MaxRecordLength} characters; this is not a text file of records");
            }
            if (_at == _filled) continue;
            if (_buffer[_at++] == '\r' && (_at < _filled || Fill()) && _buffer[_at] == '\n') _at++;
            return _line.ToString();
        }
    }

    private bool Fill()
    {
        _filled = _reader.Read(_buffer, 0, _buffer.Length);
        // A BOM the decoder did not take (it saw too few bytes at once) is no part of the first line.
        _at = !_started && _filled > 0 && _buffer[0] == '\uFEFF' ? 1 : 0;
        _started = true;
        return _filled > _at || (_filled > 0 && Fill());
    }
}
