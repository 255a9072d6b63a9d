using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A forward-only scanner over a line of JSON (or a COCO file's read window) that reads only its plainest forms: strings
/// without escapes or control characters (valid UTF-8 without U+FFFD), numbers, literals, arrays and objects nested a
/// few levels. Every method returns false at anything else (an escape, a syntax error, deeper nesting, a byte order mark, bytes that are not
/// text), and the caller then reads the line with a <see cref="System.Text.Json.Utf8JsonReader"/>, whose results and
/// messages are the reference. What the scanner accepts is valid JSON that the reader reads the same way, so a caller
/// needs no checks of its own beyond the shape it expects. It costs a fraction of the reader's time per token: a detection line holds about nine tokens a detection.
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

    /// <summary>How many bytes of the text the scanner has taken.</summary>
    public int Position => _at;

    /// <summary>Whether only white space is left.</summary>
    public bool AtEnd()
    {
        _at = SkipWhiteSpace(_text, _at);
        return _at == _text.Length;
    }

    /// <summary>Takes <paramref name="token"/> (after white space) if it is next.</summary>
    public bool Take(byte token)
    {
        // The position is kept in a local in the loops here: the scanner is passed by reference, and its fields
        // would be read and written in memory at every byte.
        var text = _text;
        int at = SkipWhiteSpace(text, _at);
        bool taken = at < text.Length && text[at] == token;
        _at = taken ? at + 1 : at;
        return taken;
    }

    /// <summary>
    /// A string without escapes or control characters, whose bytes are text (<see cref="Utf8Lines.IsText"/>): its bytes
    /// between the quotes. Strings are the only place a byte above 0x7F can be taken (<see cref="TryTakeString"/> takes
    /// only the bytes of a known string), so a line the scanner reads is text without a pass of its own over the line.
    /// </summary>
    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Take((byte)'"')) return false;
        var text = _text;
        int start = _at, end = StringEnd(text, start);
        if (end < 0) return false;
        value = text.Slice(start, end - start);
        _at = end + 1;
        return true;
    }

    // Where the plain string whose bytes start at start ends (its closing quote), or -1 where it is not one: an escape,
    // a control character, bytes that are not text, no closing quote.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StringEnd(ReadOnlySpan<byte> text, int start)
    {
        int at = PastPlainAscii(text, start);
        bool ascii = true;
        for (; at < text.Length; at++)
        {
            byte b = text[at];
            if (b == (byte)'"') return ascii || Utf8Lines.IsText(text.Slice(start, at - start)) ? at : -1;
            if (b == (byte)'\\' || b < 0x20) return -1;
            if (b > 0x7F) ascii = false;
        }
        return -1;
    }

    /// <summary>
    /// Where the run of plain ASCII bytes (0x20–0x7F but a quote or a backslash) from <paramref name="at"/> ends, found
    /// eight bytes at a time up to the last eight bytes of <paramref name="text"/>: the byte there, and those after, are
    /// for the caller to read one at a time. Names and skipped ids were about 15% of a prediction file's read; an id
    /// took 25 ns byte by byte, 18 this way.
    /// </summary>
    private static int PastPlainAscii(ReadOnlySpan<byte> text, int at)
    {
        const ulong Ones = 0x0101010101010101, HighBits = 0x8080808080808080;
        for (; text.Length - at >= 8; at += 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(text.Slice(at));
            // Each term flags its bytes exactly up to its first one (borrows only run upwards), so the lowest flag is the
            // first byte that is a quote, a backslash, a control character or not ASCII.
            ulong quote = word ^ (Ones * '"'), backslash = word ^ (Ones * '\\');
            ulong flags = ((quote - Ones) & ~quote) | ((backslash - Ones) & ~backslash) | ((word - (Ones * 0x20)) & ~word) | word;
            flags &= HighBits;
            if (flags != 0) return at + (JsonNumbers.TrailingZeroCount(flags) >> 3);
        }
        return at;
    }

    /// <summary>
    /// Takes the string whose bytes with their quotes are <paramref name="quoted"/> if it is next: one comparison where
    /// <see cref="TryReadString"/> scans for the closing quote. The caller makes sure the bytes between the quotes are
    /// <see cref="IsPlainString">plain</see>, so that what is taken is a string.
    /// </summary>
    public bool TryTakeString(ReadOnlySpan<byte> quoted)
    {
        int at = SkipWhiteSpace(_text, _at);
        if (!_text.Slice(at).StartsWith(quoted)) return false;
        _at = at + quoted.Length;
        return true;
    }

    /// <summary>
    /// Takes the array element at <paramref name="index"/> as <see cref="NextElement"/> and <see cref="TryTakeString"/>
    /// would, the '[' or ',' before it and the string <paramref name="quoted"/>, if that is what follows; otherwise false,
    /// nothing taken, for <see cref="NextElement"/> to step to it. A list whose strings the caller foresees is read by one
    /// comparison a string with the scanner's position in a local.
    /// </summary>
    public bool TryTakeElement(int index, ReadOnlySpan<byte> quoted)
    {
        var text = _text;
        int at = ElementStart(text, _at, index);
        if (at < 0 || !text.Slice(at).StartsWith(quoted)) return false;
        _at = at + quoted.Length;
        return true;
    }

    // Where the array element at index starts: past the '[' (index 0) or ',' before it and white space; -1 where that is not next.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ElementStart(ReadOnlySpan<byte> text, int at, int index)
    {
        at = SkipWhiteSpace(text, at);
        return At(text, at) == (index == 0 ? (byte)'[' : (byte)',') ? SkipWhiteSpace(text, at + 1) : -1;
    }

    /// <summary>Whether <paramref name="bytes"/> are a string's bytes as <see cref="TryReadString"/> reads them: text without a quote, backslash or control character.</summary>
    public static bool IsPlainString(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'"' || b == (byte)'\\' || b < 0x20) return false;
        }
        return Utf8Lines.IsText(bytes);
    }

    /// <summary>An object member's name and the colon after it.</summary>
    public bool TryReadName(out ReadOnlySpan<byte> name) => TryReadString(out name) && Take((byte)':');

    /// <summary>
    /// Steps into and through an array: with <paramref name="index"/> 0 it takes the '[', after that the ',' before the
    /// element at <paramref name="index"/>; true when an element follows, for the caller to read. False at the ']'
    /// (taken; <paramref name="closed"/> true) and at anything else (<paramref name="closed"/> false).
    /// </summary>
    public bool NextElement(int index, out bool closed) => Next(index, (byte)'[', (byte)']', out closed);

    /// <summary>The same through an object's members: true with the next member's <paramref name="name"/> and its colon taken.</summary>
    public bool NextMember(int index, out ReadOnlySpan<byte> name, out bool closed)
    {
        name = default;
        return Next(index, (byte)'{', (byte)'}', out closed) && TryReadName(out name);
    }

    /// <summary>
    /// Steps to the next member as <see cref="NextMember"/> does if its name is the one the caller expects there
    /// (<paramref name="quotedName"/>, with its quotes and without escapes: <c>"\"xMin\""u8</c>), its colon taken;
    /// otherwise false, the scanner left where it was, for <see cref="NextMember"/> to read the member. A file that
    /// writes its keys in one order has each one matched by one comparison instead of being read as a string.
    /// </summary>
    public bool NextMemberNamed(int index, ReadOnlySpan<byte> quotedName)
    {
        var text = _text;
        int at = SkipWhiteSpace(text, _at);
        if (At(text, at) != (index == 0 ? (byte)'{' : (byte)',')) return false;
        at = SkipWhiteSpace(text, at + 1);
        if (!text.Slice(at).StartsWith(quotedName)) return false;
        at = SkipWhiteSpace(text, at + quotedName.Length);
        if (At(text, at) != (byte)':') return false;
        _at = at + 1;
        return true;
    }

    /// <summary>
    /// A number in JSON's grammar (<c>-? int frac? exp?</c>): its value, NaN where no parser converts it (out of double's
    /// range). What follows it is the caller's to check.
    /// </summary>
    public bool TryReadNumber(out double value) => TryReadAnyNumber(out value, shortDecimalsFirst: false);

    /// <summary>
    /// <see cref="TryReadNumber"/> for the numbers of detection files, mostly short decimals such as <c>0.734521</c>
    /// (<see cref="JsonNumbers.ReadShortFirst"/>): the same value, bit for bit, in about half the time.
    /// </summary>
    public bool TryReadShortDecimalFirst(out double value) => TryReadAnyNumber(out value, shortDecimalsFirst: true);

    // Inlined into the two above, so that each keeps one way of reading.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadAnyNumber(out double value, bool shortDecimalsFirst)
    {
        var text = _text;
        int at = SkipWhiteSpace(text, _at);
        int length = shortDecimalsFirst ? JsonNumbers.ReadShortFirst(text.Slice(at), out value) : JsonNumbers.Read(text.Slice(at), out value);
        _at = at + length;
        return length > 0;
    }

    /// <summary>
    /// An array of exactly <paramref name="values"/>.Length numbers, at least one (a box's four corners), into
    /// <paramref name="values"/>, read as <see cref="TryReadShortDecimalFirst"/> reads them; false at any other value.
    /// The position is kept in a local from the '[' to the ']', not read and written in the scanner at every token.
    /// </summary>
    public bool TryReadNumberArray(scoped Span<double> values)
    {
        var text = _text;
        int at = SkipWhiteSpace(text, _at);
        if (At(text, at) != (byte)'[') return false;
        for (int k = 0; k < values.Length; k++)
        {
            at = SkipWhiteSpace(text, at + 1);
            int length = JsonNumbers.ReadShortFirst(text.Slice(at), out values[k]);
            if (length == 0) return false;
            at = SkipWhiteSpace(text, at + length);
            if (At(text, at) != (k < values.Length - 1 ? (byte)',' : (byte)']')) return false;
        }
        _at = at + 1;
        return true;
    }

    /// <summary>
    /// A whole number of at most 19 digits that a long holds, bare (<c>7</c>) or as a string of digits (<c>"007"</c>,
    /// Vertex AI's 19-digit label ids): its value, in one pass. False, nothing taken, at anything else: a sign, a
    /// fraction, an exponent, more digits or a value beyond <see cref="long.MaxValue"/>, a bare leading zero.
    /// </summary>
    public bool TryReadDigits(out long value)
    {
        int end = ReadDigits(_text, SkipWhiteSpace(_text, _at), out value);
        if (end < 0) return false;
        _at = end;
        return true;
    }

    /// <summary>
    /// A whole array of numbers as <see cref="TryReadNumber"/> reads each (a classification line's confidences), appended
    /// to <paramref name="values"/> as <see cref="TryReadArray"/> does.
    /// </summary>
    public bool TryReadNumberList(List<double> values, out int count) => TryReadArray<double, NumberElement>(values, out count);

    /// <summary>
    /// A whole array of whole numbers as <see cref="TryReadDigits"/> reads each (Vertex AI's label ids), appended to
    /// <paramref name="values"/> as <see cref="TryReadArray"/> does.
    /// </summary>
    public bool TryReadDigitList(List<long?> values, out int count) => TryReadArray<long?, DigitsElement>(values, out count);

    /// <summary>
    /// The array that starts here, each element read by <typeparamref name="TElement"/> and appended to
    /// <paramref name="values"/>, with the position and the count in locals from the '[' to the ']': a hundred numbers a
    /// line read an element at a time wrote and read the scanner's position in memory at each. False, some perhaps
    /// appended, at anything else.
    /// </summary>
    private bool TryReadArray<T, TElement>(List<T> values, out int count)
        where TElement : struct, IElementReader<T>
    {
        count = 0;
        var text = _text;
        int at = SkipWhiteSpace(text, _at);
        if (At(text, at) != (byte)'[') return false;
        at = SkipWhiteSpace(text, at + 1);
        if (At(text, at) == (byte)']')
        {
            _at = at + 1;
            return true;
        }
        int read = 0;
        while (true)
        {
            at = default(TElement).Read(text, at, out var value);
            if (at < 0) return false;
            values.Add(value);
            read++;
            at = SkipWhiteSpace(text, at);
            int next = At(text, at);
            if (next == (byte)',')
            {
                at = SkipWhiteSpace(text, at + 1);
                continue;
            }
            if (next != (byte)']') return false;
            _at = at + 1;
            count = read;
            return true;
        }
    }

    // An array element's reader: where the element at at ends, or -1 where none of its kind is there. A struct type
    // argument, so that TryReadArray is compiled for each with the read inlined.
    private interface IElementReader<T>
    {
        int Read(ReadOnlySpan<byte> text, int at, out T value);
    }

    private struct NumberElement : IElementReader<double>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Read(ReadOnlySpan<byte> text, int at, out double value)
        {
            int length = JsonNumbers.Read(text.Slice(at), out value);
            return length > 0 ? at + length : -1;
        }
    }

    private struct DigitsElement : IElementReader<long?>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Read(ReadOnlySpan<byte> text, int at, out long? value)
        {
            int end = ReadDigits(text, at, out long digits);
            value = digits;
            return end;
        }
    }

    // TryReadDigits's number from at, white space skipped: where it ends, or -1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadDigits(ReadOnlySpan<byte> text, int at, out long value)
    {
        value = 0;
        bool quoted = At(text, at) == (byte)'"';
        if (quoted) at++;
        int start = at;
        ulong number = 0;
        for (uint digit; at < text.Length && at - start < 19 && (digit = (uint)(text[at] - '0')) <= 9; at++) number = (number * 10) + digit;
        if (at == start || number > long.MaxValue) return -1;
        if (quoted)
        {
            if (At(text, at) != (byte)'"') return -1;
            at++;
        }
        else if ((text[start] == (byte)'0' && at - start > 1) || At(text, at) is (byte)'.' or (byte)'e' or (byte)'E' or (>= '0' and <= '9'))
        {
            return -1;
        }
        value = (long)number;
        return at;
    }

    /// <summary>A whole number as <see cref="TryReadDigits"/> reads it, but bare only (<c>7</c>, not <c>"7"</c>), as a JSON number token is.</summary>
    public bool TryReadWholeNumber(out long value)
    {
        value = 0;
        return At(_text, SkipWhiteSpace(_text, _at)) != (byte)'"' && TryReadDigits(out value);
    }

    /// <summary>Skips one value of any kind.</summary>
    public bool TrySkipValue() => TrySkipValue(0);

    private bool TrySkipValue(int depth)
    {
        _at = SkipWhiteSpace(_text, _at);
        switch (At(_text, _at))
        {
            case (byte)'"':
                return TryReadString(out _);
            case (byte)'[':
                return depth < MaxDepth && TrySkipArray(depth);
            case (byte)'{':
                if (depth >= MaxDepth) return false;
                bool closed;
                for (int i = 0; NextMember(i, out _, out closed); i++)
                {
                    if (!TrySkipValue(depth + 1)) return false;
                }
                return closed;
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

    // The array at the scanner's position skipped, its strings (a prediction line's hundred ids) with the position in a
    // local: through NextElement and TrySkipValue an id wrote and read the scanner's position in memory four times.
    private bool TrySkipArray(int depth)
    {
        var text = _text;
        int at = SkipWhiteSpace(text, _at + 1);
        if (At(text, at) == (byte)']')
        {
            _at = at + 1;
            return true;
        }
        while (true)
        {
            if (At(text, at) == (byte)'"')
            {
                at = StringEnd(text, at + 1);
                if (at < 0) return false;
                at++;
            }
            else
            {
                _at = at;
                if (!TrySkipValue(depth + 1)) return false;
                at = _at;
            }
            at = SkipWhiteSpace(text, at);
            if (At(text, at) == (byte)']')
            {
                _at = at + 1;
                return true;
            }
            if (At(text, at) != (byte)',') return false;
            at = SkipWhiteSpace(text, at + 1);
        }
    }

    private bool Next(int index, byte open, byte close, out bool closed)
    {
        closed = false;
        if (index == 0)
        {
            if (!Take(open)) return false;
            closed = Take(close);
            return !closed;
        }
        if (Take((byte)',')) return true;
        closed = Take(close);
        return false;
    }

    // The byte at a position, or -1 at the end.
    private static int At(ReadOnlySpan<byte> text, int at) => at < text.Length ? text[at] : -1;

    // A literal must not run into a letter or digit ("nullx"): the caller's next Take fails on that, as the reader does.
    private bool TakeLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_text.Slice(_at).StartsWith(literal)) return false;
        _at += literal.Length;
        return true;
    }

    // JSON's white space: space, tab, line feed, carriage return. The common cases, the next token right here or one
    // space on (", "), are inlined: as a call before every token it was 6% of a Vertex file's whole evaluation.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhiteSpace(ReadOnlySpan<byte> text, int at)
    {
        if (at < text.Length && text[at] == (byte)' ') at++;
        return at < text.Length && text[at] > (byte)' ' ? at : SkipAnyWhiteSpace(text, at);
    }

    private static int SkipAnyWhiteSpace(ReadOnlySpan<byte> text, int at)
    {
        while (at < text.Length && text[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') at++;
        return at;
    }
}
