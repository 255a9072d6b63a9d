using System.Buffers.Text;
using System.Text.Json;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// JSON numbers as doubles, straight from their UTF-8 digits: detection files hold hundreds of numbers a line (boxes,
/// confidences), and most are plain decimals such as <c>0.123456789</c> that need no general parser.
/// </summary>
internal static class JsonNumbers
{
    // Every power of ten a double holds exactly.
    private static readonly double[] PowersOfTen =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    private const ulong MaxExactInteger = 1UL << 53;

    /// <summary>
    /// <see cref="Utf8JsonReader.TryGetDouble"/>'s answer, bit for bit, for the number token the reader is on; a plain
    /// decimal is converted without it.
    /// </summary>
    public static bool TryGetDouble(ref Utf8JsonReader reader, out double value) =>
        (!reader.HasValueSequence && TryParsePlainDecimal(reader.ValueSpan, out value)) || reader.TryGetDouble(out value);

    /// <summary>
    /// <see cref="Utf8JsonReader.TryGetDouble"/>'s answer, bit for bit, for <paramref name="number"/>, the bytes of a JSON
    /// number (checked as one by the caller): a plain decimal is converted without a parser, any other by the parser
    /// the reader calls (<see cref="Utf8Parser"/>) without a reader around it; a number out of double's range, which
    /// readers of different versions answer differently, by a reader.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> number, out double value)
    {
        if (TryParsePlainDecimal(number, out value)) return true;
        if (Utf8Parser.TryParse(number, out value, out int consumed) && consumed == number.Length && !double.IsNaN(value) && !double.IsInfinity(value)) return true;
        var reader = new Utf8JsonReader(number);
        reader.Read();
        return reader.TryGetDouble(out value);
    }

    /// <summary>
    /// A JSON number without an exponent whose digits, read as an integer, are at most 2^53 and that has at most 22
    /// digits after the point; false for any other. Such a number is an exact integer divided by an exact power of
    /// ten, and one IEEE division rounds that quotient correctly: the double a correctly rounding parser gives.
    /// </summary>
    public static bool TryParsePlainDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int at = 0;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative) at++;
        ulong digits = 0;
        int significant = 0, fraction = -1;
        for (; at < text.Length; at++)
        {
            uint digit = (uint)(text[at] - '0');
            if (digit <= 9)
            {
                // Sixteen significant digits cannot overflow a ulong; more cannot be at most 2^53.
                if (significant > 0 || digit != 0) significant++;
                if (significant > 16) return false;
                digits = (digits * 10) + digit;
                if (fraction >= 0) fraction++;
            }
            else if (text[at] == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits > MaxExactInteger || fraction > 22) return false;
        double quotient = fraction > 0 ? digits / PowersOfTen[fraction] : digits;
        value = negative ? -quotient : quotient;
        return true;
    }
}
