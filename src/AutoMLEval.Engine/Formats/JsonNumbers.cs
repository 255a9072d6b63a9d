using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
#if NET8_0_OR_GREATER
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// JSON numbers as doubles, straight from their UTF-8 digits: detection files hold hundreds of numbers a line (boxes,
/// confidences), and most are plain decimals such as <c>0.123456789</c> that need no general parser; classification
/// files hold a hundred float32 scores a line printed with 17 digits, which the general parser takes about 60 ns each
/// to convert (a second of CPU for a 200,000 × 100 file).
/// </summary>
internal static class JsonNumbers
{
    // Every power of ten a double holds exactly. The tables are constant data, not arrays: a method compiled optimised
    // at once checks at every use that an array's class has been initialised, a call that spilled the scan's registers.
    private static ReadOnlySpan<double> PowersOfTen => new double[]
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    private static ReadOnlySpan<ulong> WholePowersOfTen => new ulong[]
    {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000,
        1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000,
    };

    // Digits below 10^15 (at most 15 of them, all exact in a double) are converted by one IEEE operation; more go to
    // Eisel–Lemire even where they are below 2^53 and the operation would do. A classification file's scores have 16 or
    // 17 digits, and with the split at 2^53 about half went each way: the branch mispredicted on every other score
    // (32.4 → 27.3 ns a score).
    private const ulong ExactPathDigitsBelow = 1_000_000_000_000_000;

    /// <summary>
    /// <see cref="Utf8JsonReader.TryGetDouble"/>'s answer, bit for bit, for the number token the reader is on; a decimal
    /// of at most 19 significant digits is converted without it.
    /// </summary>
    public static bool TryGetDouble(ref Utf8JsonReader reader, out double value) =>
        (!reader.HasValueSequence && TryParseDecimal(reader.ValueSpan, out value)) || reader.TryGetDouble(out value);

    /// <summary>
    /// <see cref="Utf8JsonReader.TryGetDouble"/>'s answer, bit for bit, for <paramref name="number"/>, the bytes of a JSON
    /// number (checked as one by the caller): a decimal of at most 19 significant digits is converted without a parser,
    /// any other by the parser the reader calls (<see cref="Utf8Parser"/>) without a reader around it; a number out of
    /// double's range, which readers of different versions answer differently, by a reader.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> number, out double value) => TryParseDecimal(number, out value) || TryParseGeneral(number, out value);

    /// <summary>
    /// Reads the JSON number at the start of <paramref name="text"/> (<c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>)
    /// and returns its length, 0 where none starts there; what follows it is the caller's to check. <paramref name="value"/>
    /// is <see cref="TryParse"/>'s answer for its bytes, NaN where that is false. One pass takes the digits and
    /// converts them: scanning a number and then converting it read each digit twice, and scores have 17.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> text, out double value)
    {
        int length = Scan(text, out value, out bool converted);
        if (length > 0 && !converted && !TryParseGeneral(text.Slice(0, length), out value)) value = double.NaN;
        return length;
    }

    /// <summary>
    /// The double nearest a JSON number (checked as one by the caller) of at most 19 significant digits, with or without
    /// a fraction and an exponent; false for any other, and for results that are zero after rounding, subnormal or
    /// infinite, which the general parser converts. Up to 15 digits times or divided by a power of ten of at most 10^22
    /// are exact doubles, and one IEEE operation rounds their product or quotient correctly; any other number is
    /// converted by the Eisel–Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per Second", 2021, as in
    /// fast_float and Rust's core library), which declines the rare numbers whose rounding its 128-bit product leaves in doubt.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out double value) => Scan(text, out value, out bool converted) == text.Length && converted;

    private static bool TryParseGeneral(ReadOnlySpan<byte> number, out double value)
    {
        if (Utf8Parser.TryParse(number, out value, out int consumed) && consumed == number.Length && !double.IsNaN(value) && !double.IsInfinity(value)) return true;
        var reader = new Utf8JsonReader(number);
        reader.Read();
        return reader.TryGetDouble(out value);
    }

    /// <summary>
    /// <see cref="Read"/>, bit for bit, with a first inlined try at the short decimals detection files are made of
    /// (<see cref="TryReadShortDecimal"/>). A detection holds five numbers, a box's corners (<c>0.734521</c>) and a
    /// confidence (<c>0.123456789</c>), which were about a third of a prediction file's read; a confidence took 27 ns
    /// through the general scan and takes 15 this way. Classification scores (17 significant digits) would pay for the
    /// try and gain nothing, so their reader calls <see cref="Read"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadShortFirst(ReadOnlySpan<byte> text, out double value) =>
        TryReadShortDecimal(text, out value, out int length) ? length : Read(text, out value);

    /// <summary>
    /// The number at the start of <paramref name="text"/> if it is a zero, a point and 1 to 15 digits not followed by an
    /// exponent, converted as <see cref="Scan"/> converts it (the digits, below 10^15 and so exact, over the power of
    /// ten: one correctly rounded division), eight digits at a time; false for anything else, and where fewer than eight
    /// bytes follow the digits read so far (a line's last number).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadShortDecimal(ReadOnlySpan<byte> text, out double value, out int length)
    {
        value = 0;
        length = 0;
        if (text.Length < 10 || text[0] != (byte)'0' || text[1] != (byte)'.') return false;
        int count = ReadLeadingDigits(text.Slice(2), out uint high);
        ulong digits = high;
        if (count == 8)
        {
            if (text.Length < 18) return false;
            int more = ReadLeadingDigits(text.Slice(10), out uint low);
            if (more == 8) return false;
            digits = (digits * WholePowersOfTen[more]) + low;
            count += more;
        }
        if (count == 0 || (text[2 + count] | 0x20) == (byte)'e') return false;
        value = (long)digits / PowersOfTen[count];
        length = 2 + count;
        return true;
    }

    /// <summary>The length of the JSON number at the start of <paramref name="text"/> (0: none), and its value where <see cref="TryParseDecimal"/> converts it.</summary>
    // Optimised at once: a reader calls it for every number, and in tier-0 code its inlined helpers are calls.
    [MethodImpl(JitHints.Optimized)]
    private static int Scan(ReadOnlySpan<byte> text, out double value, out bool converted)
    {
        value = 0;
        converted = false;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        int at = negative ? 1 : 0, digitsStart = at;
        ulong digits = 0;
        // Leading zeros ("0.000123") are not significant: the integer part's 0 and the fraction's zeros before its first other digit.
        int leadingZeros = 0;
        if (at < text.Length && text[at] == (byte)'0') leadingZeros = ++at - digitsStart;
        else at = ReadDigits(text, at, ref digits);
        if (at == digitsStart) return 0;
        int digitCount = at - digitsStart, fraction = 0;
        if (at < text.Length && text[at] == (byte)'.')
        {
            int fractionStart = ++at;
            if (leadingZeros > 0) at = SkipZeros(text, at);
            leadingZeros += at - fractionStart;
            at = ReadDigits(text, at, ref digits);
            fraction = at - fractionStart;
            if (fraction == 0) return 0;
            digitCount += fraction;
        }
        // Nineteen significant digits cannot overflow a ulong.
        bool convertible = digitCount - leadingZeros <= 19;
        long exponent = 0;
        if (at < text.Length && (text[at] | 0x20) == (byte)'e')
        {
            at++;
            bool negativeExponent = at < text.Length && text[at] == (byte)'-';
            if (at < text.Length && (text[at] == (byte)'-' || text[at] == (byte)'+')) at++;
            int exponentStart = at;
            for (; at < text.Length && (uint)(text[at] - '0') <= 9; at++)
            {
                if (at - exponentStart < 6) exponent = (exponent * 10) + (uint)(text[at] - '0');
                else convertible = false;
            }
            if (at == exponentStart) return 0;
            if (negativeExponent) exponent = -exponent;
        }
        if (convertible) converted = TryConvert(negative, digits, exponent - fraction, out value);
        return at;
    }

    /// <summary>
    /// Appends the digits from <paramref name="at"/> to <paramref name="digits"/> (the caller counts them: past 19 the
    /// sum wraps, unused) and returns where they end. Up to 16 at a time on x86 (net8.0) where 16 bytes are left, else
    /// up to eight: one at a time is a chain of dependent multiply-adds, and scores have 17 digits, box corners 6 to 9;
    /// one at a time only in a line's last 7 bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadDigits(ReadOnlySpan<byte> text, int at, ref ulong digits)
    {
#if NET8_0_OR_GREATER
        if (Ssse3.IsSupported)
        {
            while (text.Length - at >= 16)
            {
                int count = ReadLeadingSixteenDigits(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), at), out ulong taken);
                digits = (digits * WholePowersOfTen[count]) + taken;
                at += count;
                if (count < 16) return at;
            }
        }
#endif
        while (text.Length - at >= 8)
        {
            int count = ReadLeadingDigits(text.Slice(at), out uint taken);
            digits = (digits * WholePowersOfTen[count]) + taken;
            at += count;
            if (count < 8) return at;
        }
        for (; at < text.Length && (uint)(text[at] - '0') <= 9; at++) digits = (digits * 10) + (uint)(text[at] - '0');
        return at;
    }

    // The exact case inlined into the scan: as a call it was a tenth of a detection file's read.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryConvert(bool negative, ulong digits, long power, out double value)
    {
        if (digits < ExactPathDigitsBelow && power >= -22 && power <= 22)
        {
            // Through long: below 10^15, and the signed conversion is one instruction.
            double exact = (long)digits;
            double magnitude = power < 0 ? exact / PowersOfTen[(int)-power] : exact * PowersOfTen[(int)power];
            value = negative ? -magnitude : magnitude;
            return true;
        }
        return TryConvertByEiselLemire(negative, digits, power, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryConvertByEiselLemire(bool negative, ulong digits, long power, out double value)
    {
        value = 0;
        if (!TryRoundToDouble(digits, power, out var bits)) return false;
        value = BitConverter.Int64BitsToDouble(negative ? bits | long.MinValue : bits);
        return true;
    }

    /// <summary>Where the run of '0' digits from <paramref name="at"/> ends; eight bytes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipZeros(ReadOnlySpan<byte> text, int at)
    {
        while (text.Length - at >= 8)
        {
            ulong notZeros = BinaryPrimitives.ReadUInt64LittleEndian(text.Slice(at)) ^ 0x3030303030303030;
            if (notZeros != 0) return at + (TrailingZeroCount(notZeros) >> 3);
            at += 8;
        }
        while (at < text.Length && text[at] == (byte)'0') at++;
        return at;
    }

    /// <summary>
    /// How many of the first eight bytes of <paramref name="text"/> (at least eight long) are ASCII digits before the first
    /// byte that is not one (0–8), and the number they make: fast_float's eight-digit conversion, with the digits
    /// shifted to the top so that the bytes after them count as leading zeros.
    /// </summary>
    // Inlined: the JIT left it a call for every eight digits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadLeadingDigits(ReadOnlySpan<byte> text, out uint value)
    {
        // A digit's byte XOR '0' is 0–9; adding 0x76 sets the top bit of any greater byte. A byte of 0x8A or more carries
        // into the byte after it, which is after the first byte that is not a digit and so never counted.
        ulong bytes = BinaryPrimitives.ReadUInt64LittleEndian(text) ^ 0x3030303030303030;
        ulong notDigits = ((bytes + 0x7676767676767676) | bytes) & 0x8080808080808080;
        int count = TrailingZeroCount(notDigits) >> 3;
        value = 0;
        if (count == 0) return 0;
        bytes <<= 8 * (8 - count);
        bytes = (bytes * 10) + (bytes >> 8);
        value = (uint)((((bytes & 0x000000FF000000FF) * (100 + (1_000_000UL << 32))) + (((bytes >> 16) & 0x000000FF000000FF) * (1 + (10_000UL << 32)))) >> 32);
        return count;
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// How many of the 16 bytes at <paramref name="text"/> are ASCII digits before the first byte that is not one (0–16),
    /// and the number they make, in one 128-bit register (simdjson's and fast_float's multiply-adds): the digits are
    /// shuffled to the register's end behind zeros, then pairs, fours and eights of them are joined.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadLeadingSixteenDigits(ref byte text, out ulong value)
    {
        var values = Vector128.LoadUnsafe(ref text) - Vector128.Create((byte)'0');
        uint notDigits = ~Vector128.LessThan(values, Vector128.Create((byte)10)).ExtractMostSignificantBits();
        int count = System.Numerics.BitOperations.TrailingZeroCount(notDigits);
        var aligned = Ssse3.Shuffle(values, Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(AlignDigits), (nuint)count));
        var pairs = Ssse3.MultiplyAddAdjacent(aligned, Vector128.Create((short)0x010A).AsSByte());
        var fours = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create(0x0001_0064).AsInt16());
        var eights = Sse2.MultiplyAddAdjacent(Sse2.PackSignedSaturate(fours, fours), Vector128.Create(0x0001_2710).AsInt16());
        ulong both = eights.AsUInt64().ToScalar();
        value = ((ulong)(uint)both * 100_000_000) + (both >> 32);
        return count;
    }

    /// <summary>
    /// The shuffle that moves a register's first n bytes to its end behind 16 - n zeros, at offset n: 0x80 zeroes a byte.
    /// </summary>
    private static ReadOnlySpan<byte> AlignDigits => new byte[]
    {
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    };
#endif

    /// <summary>
    /// The bits of the double nearest <paramref name="digits"/> × 10^<paramref name="power"/> (Eisel–Lemire), or false
    /// where a 128-bit product cannot decide the rounding (never for the tie cases, whose powers of five are exact).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryRoundToDouble(ulong digits, long power, out long bits)
    {
        bits = 0;
        if (digits == 0 || power < PowersOfFive.SmallestPower || power > PowersOfFive.LargestPower) return false;
        int leadingZeros = LeadingZeroCount(digits);
        ulong normalized = digits << leadingZeros;
        int index = 2 * (int)(power - PowersOfFive.SmallestPower);
        ulong high = MultiplyHigh(normalized, PowersOfFive.Table[index], out ulong low);
        // The first product decides unless the bits below the 55 kept are all ones; then the power's low word may carry.
        const ulong belowKept = ulong.MaxValue >> 55;
        if ((high & belowKept) == belowKept)
        {
            ulong carry = MultiplyHigh(normalized, PowersOfFive.Table[index + 1], out _);
            low += carry;
            if (carry > low) high++;
        }
        // The power itself is truncated: outside [-27, 55] a product whose low word is all ones may be just below a
        // rounding boundary or just above it.
        if (low == ulong.MaxValue && (power < -27 || power > 55)) return false;
        int upperBit = (int)(high >> 63);
        int shift = upperBit + 64 - 52 - 3;
        ulong mantissa = high >> shift;
        long exponent = ((power * (152_170 + 65_536)) >> 16) + 63 + upperBit - leadingZeros + 1023;
        if (exponent <= 0) return false;
        // Exactly halfway (an exact product with nothing below the rounding bit) rounds to even, not up.
        if (low <= 1 && power >= -4 && power <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == high) mantissa &= ~1UL;
        mantissa += mantissa & 1;
        mantissa >>= 1;
        if (mantissa >= 2UL << 52)
        {
            mantissa = 1UL << 52;
            exponent++;
        }
        if (exponent >= 0x7FF) return false;
        bits = (long)((mantissa & ~(1UL << 52)) | ((ulong)exponent << 52));
        return true;
    }

    private static ulong MultiplyHigh(ulong a, ulong b, out ulong low)
    {
#if NET8_0_OR_GREATER
        return Math.BigMul(a, b, out low);
#else
        ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
        ulong lowLow = aLow * bLow, lowHigh = aLow * bHigh, highLow = aHigh * bLow;
        ulong middle = (lowLow >> 32) + (uint)lowHigh + (uint)highLow;
        low = (middle << 32) | (uint)lowLow;
        return (aHigh * bHigh) + (lowHigh >> 32) + (highLow >> 32) + (middle >> 32);
#endif
    }

    // 64 for 0.
    internal static int TrailingZeroCount(ulong value)
    {
#if NET8_0_OR_GREATER
        return System.Numerics.BitOperations.TrailingZeroCount(value);
#else
        int count = 0;
        for (; count < 64 && (value & (1UL << count)) == 0; count++)
        {
        }
        return count;
#endif
    }

    private static int LeadingZeroCount(ulong value)
    {
#if NET8_0_OR_GREATER
        return System.Numerics.BitOperations.LeadingZeroCount(value);
#else
        int count = 0;
        for (ulong bit = 1UL << 63; (value & bit) == 0; bit >>= 1) count++;
        return count;
#endif
    }
}
