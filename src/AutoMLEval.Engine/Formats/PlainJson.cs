namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A forward-only scanner over one line of JSON that reads only its plainest forms: strings without escapes or control
/// characters, numbers, literals, arrays and objects nested a few levels. Every method returns false at anything else
/// (an escape, a syntax error, deeper nesting, a byte order mark), and the caller then reads the line with a
/// <see cref="System.Text.Json.Utf8JsonReader"/>, whose results and messages are the reference. What the scanner
/// accepts is valid JSON that the reader reads the same way, so a caller needs no checks of its own beyond the shape it
/// expects. It costs a fraction of the reader's time per token: a detection line holds about nine tokens a detection.
/// </summary>
internal ref struct PlainJson
{
    // Deeper values are left to the reader (its own limit is 64).
    private const int MaxDepth = 16;

    private readonly ReadOnlySpan<byte> _text;
    private int _at;

    public PlainJson(ReadOnlySpan<byte> text)
    {
        _text = text;
        _at = 0;
    }

    /// <summary>Whether only white space is left.</summary>
    public bool AtEnd()
    {
        SkipWhiteSpace();
        return _at == _text.Length;
    }

    /// <summary>Whether the next byte after white space is <paramref name="token"/> (not taken).</summary>
    public bool Sees(byte token)
    {
        SkipWhiteSpace();
        return _at < _text.Length && _text[_at] == token;
    }

    /// <summary>Takes <paramref name="token"/> (after white space) if it is next.</summary>
    public bool Take(byte token)
    {
        if (!Sees(token)) return false;
        _at++;
        return true;
    }

    /// <summary>A string without escapes or control characters: its bytes between the quotes.</summary>
    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Take((byte)'"')) return false;
        int start = _at;
        while (_at < _text.Length)
        {
            byte b = _text[_at];
            if (b == (byte)'"')
            {
                value = _text.Slice(start, _at - start);
                _at++;
                return true;
            }
            if (b == (byte)'\\' || b < 0x20) return false;
            _at++;
        }
        return false;
    }

    /// <summary>An object member's name and the colon after it.</summary>
    public bool TryReadName(out ReadOnlySpan<byte> name) => TryReadString(out name) && Take((byte)':');

    /// <summary>A number in JSON's grammar (<c>-? int frac? exp?</c>): its bytes. What follows it is the caller's to check.</summary>
    public bool TryReadNumber(out ReadOnlySpan<byte> value)
    {
        value = default;
        SkipWhiteSpace();
        int start = _at;
        if (Next() == (byte)'-') _at++;
        if (Next() == (byte)'0') _at++;
        else if (!TakeDigits()) return false;
        if (Next() == (byte)'.')
        {
            _at++;
            if (!TakeDigits()) return false;
        }
        if (Next() is (byte)'e' or (byte)'E')
        {
            _at++;
            if (Next() is (byte)'+' or (byte)'-') _at++;
            if (!TakeDigits()) return false;
        }
        value = _text.Slice(start, _at - start);
        return true;
    }

    /// <summary>Skips one value of any kind.</summary>
    public bool TrySkipValue() => TrySkipValue(0);

    private bool TrySkipValue(int depth)
    {
        SkipWhiteSpace();
        switch (Next())
        {
            case (byte)'"':
                return TryReadString(out _);
            case (byte)'[':
                if (depth >= MaxDepth) return false;
                _at++;
                if (Take((byte)']')) return true;
                do
                {
                    if (!TrySkipValue(depth + 1)) return false;
                }
                while (Take((byte)','));
                return Take((byte)']');
            case (byte)'{':
                if (depth >= MaxDepth) return false;
                _at++;
                if (Take((byte)'}')) return true;
                do
                {
                    if (!TryReadName(out _) || !TrySkipValue(depth + 1)) return false;
                }
                while (Take((byte)','));
                return Take((byte)'}');
            case (byte)'t':
                return TakeLiteral("true"u8);
            case (byte)'f':
                return TakeLiteral("false"u8);
            case (byte)'n':
                return TakeLiteral("null"u8);
            default:
                return TryReadNumber(out _);
        }
    }

    // The byte at the position, or -1 at the end.
    private int Next() => _at < _text.Length ? _text[_at] : -1;

    private bool TakeDigits()
    {
        int start = _at;
        while (_at < _text.Length && (uint)(_text[_at] - '0') <= 9) _at++;
        return _at > start;
    }

    // A literal must not run into a letter or digit ("nullx"): the caller's next Take fails on that, as the reader does.
    private bool TakeLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_text.Slice(_at).StartsWith(literal)) return false;
        _at += literal.Length;
        return true;
    }

    // JSON's white space: space, tab, line feed, carriage return.
    private void SkipWhiteSpace()
    {
        while (_at < _text.Length && _text[_at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') _at++;
    }
}
