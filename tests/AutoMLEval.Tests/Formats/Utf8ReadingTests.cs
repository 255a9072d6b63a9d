using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>The byte-level pieces the JSON Lines readers share: numbers and names read without decoding to strings, and the ordered parallel parse.</summary>
public sealed class Utf8ReadingTests
{
    [Fact]
    public void Decimals_are_the_doubles_the_general_parser_gives_bit_for_bit()
    {
        // A property over 200,000 seeded numbers in the forms files hold (9 and 17 significant digits, short ones,
        // long fractions, integers, negatives, leading zeros, exponents): whatever the fast path takes must equal
        // double.Parse, the correctly rounded answer; what it declines (more than 19 significant digits) is left to the
        // reader's parser; and a number's bytes read without a reader give the reader's answer bit for bit.
        var random = new Random(13);
        int taken = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = random.NextDouble() * Math.Pow(10, random.Next(-8, 8)) * (random.Next(4) == 0 ? -1 : 1);
            var text = (i % 7) switch
            {
                0 => x.ToString("R", CultureInfo.InvariantCulture),
                1 => x.ToString("0.#########", CultureInfo.InvariantCulture),
                2 => x.ToString("F" + random.Next(0, 23).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                3 => ((long)(x * 1e6)).ToString(CultureInfo.InvariantCulture),
                4 => "0.000" + random.NextInt64(0, 10_000_000_000_000).ToString(CultureInfo.InvariantCulture),
                5 => x.ToString("G17", CultureInfo.InvariantCulture),
                _ => x.ToString("E" + random.Next(0, 20).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            };
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            var reader = new Utf8JsonReader(Encoding.ASCII.GetBytes(text));
            reader.Read();
            Assert.True(JsonNumbers.TryGetDouble(ref reader, out var read));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(read));
            Assert.True(JsonNumbers.TryParse(Encoding.ASCII.GetBytes(text), out var fromBytes));
            Assert.Equal(BitConverter.DoubleToInt64Bits(read), BitConverter.DoubleToInt64Bits(fromBytes));
            if (JsonNumbers.TryParseDecimal(Encoding.ASCII.GetBytes(text), out _)) taken++;
        }
        // Most of them take the fast path, or the test would not test it.
        Assert.InRange(taken, 150_000, 200_000);
    }

    [Fact]
    public void A_number_followed_by_any_byte_ends_there_whatever_follows_within_eight_bytes()
    {
        // Digits are taken up to eight at a time where eight bytes are left: whatever byte ends the number (one beside
        // '0' or '9' in ASCII, a byte of 0x8A or more, whose test carries into the next byte) must end it, at every
        // position within the eight, and the value must be what the number's bytes alone give (read one digit at a time).
        var random = new Random(31);
        var enders = new byte[] { (byte)',', (byte)']', (byte)'}', (byte)' ', (byte)'/', (byte)':', (byte)'"', 0x00, 0x7F, 0x80, 0x89, 0x8A, 0xC3, 0xFF };
        for (int i = 0; i < 100_000; i++)
        {
            int fraction = random.Next(0, 21), whole = random.Next(0, 13);
            var number = new StringBuilder(random.Next(3) == 0 ? "-" : string.Empty).Append(whole == 0 ? '0' : (char)('1' + random.Next(9)));
            for (int d = 1; d < whole; d++) number.Append((char)('0' + random.Next(10)));
            if (fraction > 0) number.Append('.');
            for (int d = 0; d < fraction; d++) number.Append((char)('0' + random.Next(10)));
            var bytes = Encoding.ASCII.GetBytes(number.ToString());
            var text = new byte[bytes.Length + 1 + random.Next(8, 12)];
            bytes.CopyTo(text, 0);
            for (int at = bytes.Length; at < text.Length; at++) text[at] = (byte)random.Next(256);
            text[bytes.Length] = enders[random.Next(enders.Length)];
            Assert.Equal(bytes.Length, JsonNumbers.Read(text, out var value));
            Assert.Equal(bytes.Length, JsonNumbers.Read(bytes, out var alone));
            var expected = double.Parse(number.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{number}: {value:R}, not {expected:R}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(alone), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Fact]
    public void Numbers_of_every_form_and_length_read_as_the_general_parser_reads_them_and_never_past_the_span()
    {
        // A property over 1,000,000 seeded numbers of 1 to 25 digits, split anyhow between the whole part and the
        // fraction (leading zeros, runs of 9s and 0s), with or without a sign and an exponent (from 1e-400 to 1e400, with
        // leading zeros as "E-05"), followed by any bytes or by nothing: the length read must be the grammar's (a
        // reference read byte by byte), the value the reader's (Utf8JsonReader, NaN where it declines), and double.Parse's
        // wherever the scan converts the number itself. Every tenth number is also read cut at every length, with digits beyond
        // the cut: a scan that read past the span's end would count them. The fast paths take 16 digits, 8 digits or one
        // at a time depending on the bytes left, so the cuts and tails reach each of them at each place in a number.
        var random = new Random(67);
        var tails = new byte[] { (byte)',', (byte)']', (byte)' ', (byte)'}', (byte)'.', (byte)'e', (byte)'-', (byte)'0', (byte)'9', 0x80, 0xFF };
        int scanned = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            var number = RandomNumber(random);
            var text = new byte[number.Length + random.Next(0, 24)];
            number.CopyTo(text, 0);
            for (int at = number.Length; at < text.Length; at++) text[at] = random.Next(2) == 0 ? tails[random.Next(tails.Length)] : (byte)random.Next(256);
            if (CheckRead(text)) scanned++;
            if (i % 10 != 0) continue;
            var cut = new byte[number.Length + 24];
            number.CopyTo(cut, 0);
            cut.AsSpan(number.Length).Fill((byte)'7');
            for (int length = 0; length <= number.Length; length++) CheckRead(cut.AsSpan(0, length));
        }
        // Most of them are converted by the scan itself, or the test would not test its values.
        Assert.InRange(scanned, 500_000, 1_000_000);

        static bool CheckRead(ReadOnlySpan<byte> text)
        {
            int expectedLength = GrammarLength(text);
            int length = JsonNumbers.Read(text, out var value);
            var number = Encoding.ASCII.GetString(text.Slice(0, expectedLength));
            Assert.True(expectedLength == length, $"{Encoding.ASCII.GetString(text)}: length {length}, not {expectedLength}");
            if (length == 0) return false;
            var reader = new Utf8JsonReader(text.Slice(0, length));
            reader.Read();
            var expected = reader.TryGetDouble(out var read) ? read : double.NaN;
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{number}: {value:R}, not {expected:R}");
            // What the scan converts itself must be the correctly rounded double; the reader's parser, which takes numbers of more
            // than 19 digits, was a unit in the last place off double.Parse for some of them here.
            if (!JsonNumbers.TryParseDecimal(text.Slice(0, length), out var scanned)) return false;
            var parsed = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(parsed) == BitConverter.DoubleToInt64Bits(scanned), $"{number}: {scanned:R}, not {parsed:R}");
            return true;
        }

        // JSON's grammar, -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, read a byte at a time: 0 where a point or
        // an exponent lacks its digits, as the scan answers.
        static int GrammarLength(ReadOnlySpan<byte> text)
        {
            int at = 0;
            if (at < text.Length && text[at] == (byte)'-') at++;
            if (!Digit(text, at)) return 0;
            if (text[at++] != (byte)'0') while (Digit(text, at)) at++;
            if (at < text.Length && text[at] == (byte)'.')
            {
                if (!Digit(text, ++at)) return 0;
                while (Digit(text, at)) at++;
            }
            if (at < text.Length && (text[at] == (byte)'e' || text[at] == (byte)'E'))
            {
                at++;
                if (at < text.Length && (text[at] == (byte)'+' || text[at] == (byte)'-')) at++;
                if (!Digit(text, at)) return 0;
                while (Digit(text, at)) at++;
            }
            return at;
        }

        static bool Digit(ReadOnlySpan<byte> text, int at) => at < text.Length && text[at] >= (byte)'0' && text[at] <= (byte)'9';
    }

    /// <summary>A JSON number of 1 to 25 digits in any of the forms <see cref="JsonNumbers"/> meets, as ASCII bytes.</summary>
    private static byte[] RandomNumber(Random random)
    {
        int digits = random.Next(1, 26);
        // Digits drawn from 0-9, or from 0 and 9 alone, whose runs put roundings and carries at every place.
        bool extremes = random.Next(5) == 0;
        char Digit() => extremes ? (random.Next(2) == 0 ? '0' : '9') : (char)('0' + random.Next(10));
        var number = new StringBuilder(random.Next(4) == 0 ? "-" : string.Empty);
        int whole = random.Next(3) == 0 ? 0 : random.Next(1, digits + 1);
        if (whole == 0)
        {
            number.Append('0');
            if (digits > 1) number.Append('.');
            // "0.000123": up to all of the fraction's digits are leading zeros.
            int zeros = random.Next(0, digits);
            for (int d = 1; d < digits; d++) number.Append(d <= zeros ? '0' : Digit());
        }
        else
        {
            number.Append((char)('1' + random.Next(9)));
            for (int d = 1; d < whole; d++) number.Append(Digit());
            if (whole < digits) number.Append('.');
            for (int d = whole; d < digits; d++) number.Append(Digit());
        }
        if (random.Next(3) == 0)
        {
            number.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty });
            int exponent = random.Next(4) == 0 ? random.Next(0, 401) : random.Next(0, 30);
            number.Append(exponent.ToString(random.Next(4) == 0 ? "D2" : "D", CultureInfo.InvariantCulture));
        }
        return Encoding.ASCII.GetBytes(number.ToString());
    }

    [Fact]
    public void Short_decimals_read_first_are_what_the_general_read_gives_bit_for_bit_whatever_follows()
    {
        // ReadShortFirst converts "0." and up to 15 digits itself, eight digits at a time, where eight bytes are left to
        // read; everything else goes to Read. Whatever the number (0 to 18 digits after the point, an exponent or not)
        // and whatever follows it (a separator, any byte, nothing at all), the length and the bits must be Read's, and
        // the value double.Parse's.
        var random = new Random(47);
        var enders = new byte[] { (byte)',', (byte)']', (byte)'}', (byte)' ', (byte)'e', (byte)'E', (byte)'.', (byte)'-', (byte)'0', 0x80, 0x8A, 0xFF };
        int shortForm = 0;
        for (int i = 0; i < 200_000; i++)
        {
            var number = new StringBuilder(random.Next(20) == 0 ? "1." : "0.");
            int digits = random.Next(0, 19);
            for (int d = 0; d < digits; d++) number.Append((char)('0' + random.Next(10)));
            if (random.Next(10) == 0) number.Append(random.Next(2) == 0 ? "e-3" : "E2");
            var bytes = Encoding.ASCII.GetBytes(number.ToString());
            var text = new byte[bytes.Length + random.Next(0, 20)];
            bytes.CopyTo(text, 0);
            for (int at = bytes.Length; at < text.Length; at++) text[at] = random.Next(2) == 0 ? enders[random.Next(enders.Length)] : (byte)random.Next(256);
            int expectedLength = JsonNumbers.Read(text, out var expected);
            Assert.Equal(expectedLength, JsonNumbers.ReadShortFirst(text, out var value));
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{Encoding.ASCII.GetString(text)}: {value:R}, not {expected:R}");
            if (expectedLength > 0)
            {
                var parsed = double.Parse(Encoding.ASCII.GetString(text, 0, expectedLength), NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.Equal(BitConverter.DoubleToInt64Bits(parsed), BitConverter.DoubleToInt64Bits(value));
            }
            if (number[0] == '0' && digits is > 0 and <= 15 && text.Length >= 2 + digits + 8 && expectedLength == bytes.Length) shortForm++;
        }
        // Most of them are of the short form, or the test would not test it.
        Assert.InRange(shortForm, 60_000, 200_000);
    }

    [Theory]
    [InlineData("[0.1,0.734521,0.2,0.9]", true)]
    [InlineData(" [ 0.1 , 0.734521 ,0.2, 0.9 ] ", true)]
    [InlineData("[1,2e-1,-0.5,0.123456789012345678]", true)]
    [InlineData("[0.1,0.2,0.3]", false)]
    [InlineData("[0.1,0.2,0.3,0.4,0.5]", false)]
    [InlineData("[0.1,0.2,0.3,0.4", false)]
    [InlineData("[0.1,0.2,\"0.3\",0.4]", false)]
    [InlineData("[0.1,0.2,0.3,[0.4]]", false)]
    [InlineData("[0.1,,0.3,0.4]", false)]
    [InlineData("0.1,0.2,0.3,0.4", false)]
    public void An_array_of_four_numbers_is_read_into_place_as_each_number_alone_is(string json, bool taken)
    {
        var values = new double[4];
        var scanner = new PlainJson(Encoding.ASCII.GetBytes(json));
        Assert.Equal(taken, scanner.TryReadNumberArray(values) && scanner.AtEnd());
        if (!taken) return;
        var numbers = json.Trim().Trim('[', ']').Split(',');
        for (int k = 0; k < 4; k++)
        {
            var expected = double.Parse(numbers[k].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(values[k]));
        }
    }

    [Theory]
    [InlineData("{\"xMin\":1}", 0, "\"xMin\"", true)]
    [InlineData(" { \"xMin\" : 1}", 0, "\"xMin\"", true)]
    [InlineData(",\"xMin\":1}", 1, "\"xMin\"", true)]
    [InlineData("{\"xMinimum\":1}", 0, "\"xMin\"", false)]
    [InlineData("{\"yMin\":1}", 0, "\"xMin\"", false)]
    [InlineData("{\"x\\u004Din\":1}", 0, "\"xMin\"", false)]
    [InlineData("{\"xMin\" 1}", 0, "\"xMin\"", false)]
    [InlineData(",\"xMin\":1}", 0, "\"xMin\"", false)]
    [InlineData("{}", 0, "\"xMin\"", false)]
    public void A_member_named_as_expected_is_stepped_to_and_any_other_left_for_NextMember(string json, int index, string quotedName, bool named)
    {
        // Where the name is not the one expected (another, a longer one, an escaped one, no colon), the scanner stays
        // where it was, so that NextMember reads the member as it would have without the guess.
        var bytes = Encoding.ASCII.GetBytes(json);
        var guessed = new PlainJson(bytes);
        var plain = new PlainJson(bytes);
        Assert.Equal(named, guessed.NextMemberNamed(index, Encoding.ASCII.GetBytes(quotedName)));
        bool member = plain.NextMember(index, out var name, out _);
        if (named)
        {
            Assert.True(member && name.SequenceEqual(Encoding.ASCII.GetBytes(quotedName.Trim('"'))));
        }
        else
        {
            Assert.Equal(member, guessed.NextMember(index, out var again, out _));
            Assert.True(again.SequenceEqual(name));
        }
        Assert.True(guessed.TryReadNumber(out var value) == plain.TryReadNumber(out var expected) && value.Equals(expected));
    }

    [Fact]
    public void A_string_ends_at_its_first_quote_and_is_declined_at_an_escape_a_control_character_or_bytes_that_are_not_text()
    {
        // Plain ASCII is skipped eight bytes at a time: a quote, a backslash, a control character or a byte above 0x7F at
        // any place within or across those eight bytes, and strings of any length, must end or decline the string as a
        // byte-by-byte reading does (the reference below).
        var random = new Random(53);
        var specials = new byte[] { (byte)'"', (byte)'\\', 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xFF, (byte)' ', (byte)'!', (byte)'#', (byte)'[', (byte)']' };
        for (int i = 0; i < 100_000; i++)
        {
            var body = new byte[random.Next(0, 30)];
            for (int at = 0; at < body.Length; at++) body[at] = random.Next(4) == 0 ? specials[random.Next(specials.Length)] : (byte)random.Next(0x20, 0x7F);
            var text = new byte[body.Length + 2 + random.Next(0, 12)];
            text[0] = (byte)'"';
            body.CopyTo(text, 1);
            text[body.Length + 1] = (byte)'"';
            for (int at = body.Length + 2; at < text.Length; at++) text[at] = (byte)random.Next(256);

            int end = Array.IndexOf(text, (byte)'"', 1);
            var content = text.AsSpan(1, end - 1);
            bool expected = content.IndexOf((byte)'\\') < 0 && !content.ToArray().Any(b => b < 0x20) && Utf8Lines.IsText(content);
            var scanner = new PlainJson(text);
            Assert.Equal(expected, scanner.TryReadString(out var value));
            if (expected) Assert.True(value.SequenceEqual(content));
        }
    }

    [Fact]
    public void Long_decimals_round_to_nearest_even_across_the_whole_range()
    {
        // Where the 128-bit products decide: every double's shortest form and its 17-digit form, from the smallest
        // normal to the largest; the exact midpoints between neighbouring doubles, which must round to the even one,
        // and the numbers one unit in the 19th digit either side of them, which must not; and 19-digit integers with
        // any exponent. Each one taken must be double.Parse's answer bit for bit.
        var random = new Random(29);
        int taken = 0, tested = 0;
        void Check(string text)
        {
            tested++;
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!JsonNumbers.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var value)) return;
            taken++;
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{text}: {value:R}, not {expected:R}");
        }
        for (int i = 0; i < 100_000; i++)
        {
            var x = BitConverter.Int64BitsToDouble(random.NextInt64(0x0010_0000_0000_0000, 0x7FF0_0000_0000_0000));
            Check(x.ToString("R", CultureInfo.InvariantCulture));
            Check(x.ToString("E16", CultureInfo.InvariantCulture));
            Check("-" + random.NextInt64(1_000_000_000_000_000_000, long.MaxValue).ToString(CultureInfo.InvariantCulture) + "e" + random.Next(-340, 290).ToString(CultureInfo.InvariantCulture));
            // The midpoint of x and the next double up, (2m + 1) × 2^(e - 1), written out in decimal when short enough.
            long bits = BitConverter.DoubleToInt64Bits(x);
            int exponent = (int)(bits >> 52) - 1075 - 1;
            var midpoint = (new BigInteger((bits & 0xF_FFFF_FFFF_FFFF) | 0x10_0000_0000_0000) * 2) + 1;
            if (exponent < -60 || exponent > 10) continue;
            var digits = exponent >= 0 ? (midpoint << exponent) : midpoint * BigInteger.Pow(5, -exponent);
            if (digits > ulong.MaxValue / 10) continue;
            var scale = exponent >= 0 ? string.Empty : "e-" + (-exponent).ToString(CultureInfo.InvariantCulture);
            foreach (var neighbour in new[] { digits, digits - 1, digits + 1 }) Check(neighbour.ToString(CultureInfo.InvariantCulture) + scale);
        }
        Assert.InRange(taken, tested * 9 / 10, tested);
    }

    [Theory]
    // Well-formed or not by the Unicode Standard's table of well-formed UTF-8 byte sequences (chapter 3, table 3-7).
    [InlineData("7B 7D", true)]
    [InlineData("C3 A9", true)]
    [InlineData("E4 B8 AD", true)]
    [InlineData("F0 9F 98 80", true)]
    [InlineData("F4 8F BF BF", true)]
    [InlineData("EF BF BD", false)]
    [InlineData("80", false)]
    [InlineData("C3", false)]
    [InlineData("E4 B8", false)]
    [InlineData("C0 AF", false)]
    [InlineData("E0 80 AF", false)]
    [InlineData("ED A0 80", false)]
    [InlineData("F4 90 80 80", false)]
    [InlineData("FF", false)]
    public void A_line_is_text_when_it_is_well_formed_utf8_without_a_replacement_character(string hex, bool text)
    {
        // Each sequence after ASCII too: the check skips the ASCII prefix and must still see what follows it.
        var bytes = hex.Split(' ').Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(text, Utf8Lines.IsText(bytes));
        Assert.Equal(text, Utf8Lines.IsText(Encoding.ASCII.GetBytes("{\"a\":\"").Concat(bytes).ToArray()));
    }

    [Theory]
    [InlineData("-0", true)]
    [InlineData("0.1", true)]
    // Up to 15 digits by one IEEE operation, 16 and more by Eisel–Lemire, below 2^53 or not: each side of both splits.
    [InlineData("999999999999999", true)]
    [InlineData("1000000000000000", true)]
    [InlineData("0.4450560212135315", true)]
    [InlineData("9007199254740992", true)]
    [InlineData("9007199254740993", true)]
    [InlineData("0.0000000000000000000001", true)]
    [InlineData("0.00000000000000000000001", true)]
    [InlineData("1e5", true)]
    [InlineData("-1.5E+3", true)]
    [InlineData("12345678901234567", true)]
    [InlineData("0.024918576702475548", true)]
    [InlineData("1234567890123456789", true)]
    [InlineData("0.000000000000000000001234567890123456789", true)]
    [InlineData("12345678901234567890", false)]
    // 2^64: its digits wrap to 0 in the ulong, so only a leading 0 itself makes the fraction's zeros insignificant.
    [InlineData("18446744073709551616.5", false)]
    [InlineData("18446744073709551616.000000000000000001", false)]
    [InlineData("-0.0000000000000000000000000000001234567890123456789", true)]
    [InlineData("0.0000000", true)]
    [InlineData("0.000000000000000", true)]
    [InlineData("100.0000000000000001", true)]
    [InlineData("100.00000000000000001", false)]
    [InlineData("0.12345678901234567890", false)]
    [InlineData("2.2250738585072014e-308", true)]
    [InlineData("4.9e-324", false)]
    [InlineData("1.7976931348623157e308", true)]
    [InlineData("1.7976931348623159e308", false)]
    [InlineData("1e400", false)]
    [InlineData("0e50", false)]
    [InlineData("1e1234567", false)]
    public void The_fast_path_takes_only_what_it_converts_exactly(string text, bool taken)
    {
        // At most 19 significant digits fit a ulong; subnormal, infinite and zero results (outside the exact range of
        // 2^53 and 10^22) are left to the general parser.
        Assert.Equal(taken, JsonNumbers.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var value));
        if (taken) Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-0.5e-3", true)]
    [InlineData("1E+400", true)]
    [InlineData(" [ 1 , \"a\" , true , false , null , { \"k\" : [ ] } ]\t\r\n", true)]
    [InlineData("\"é\"", true)]
    [InlineData("[0.12345678901234567, 12345678901234567.5e-17, 123456780]", true)]
    [InlineData("0.1234567x9", false)]
    [InlineData("0.12345678e", false)]
    [InlineData("123456780123456781.", false)]
    [InlineData("01", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("-", false)]
    [InlineData("1e", false)]
    [InlineData("1e+", false)]
    [InlineData("+1", false)]
    [InlineData("nul", false)]
    [InlineData("nullx", false)]
    [InlineData("[1,]", false)]
    [InlineData("[\"17\",\"42\", \"é\" ,1,[\"a\"],{\"k\":\"v\"}]", true)]
    [InlineData("[ ]", true)]
    [InlineData("[\"17\",]", false)]
    [InlineData("[\"17\" \"42\"]", false)]
    [InlineData("[\"17\",\"4\\u00322\"]", false)]
    [InlineData("[\"17\",\"42\"", false)]
    [InlineData("[\"17\",\"42", false)]
    [InlineData("[,\"17\"]", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("[1 2]", false)]
    [InlineData("\"a\\u0041\"", false)]
    [InlineData("\"a\u0001\"", false)]
    [InlineData("\fnull", false)]
    [InlineData("\uFEFFnull", false)]
    public void The_plain_scanner_takes_only_valid_JSON_without_escapes_and_declines_the_rest(string json, bool taken)
    {
        // Declined (an escape, a byte order mark, a control character, a form feed, a syntax error) is left to the
        // reader, so whatever the scanner takes must be a document Utf8JsonReader reads too.
        var bytes = Encoding.UTF8.GetBytes(json);
        var scanner = new PlainJson(bytes);
        Assert.Equal(taken, scanner.TrySkipValue() && scanner.AtEnd());
        if (taken)
        {
            using var document = JsonDocument.Parse(bytes);
        }
    }

    [Theory]
    [InlineData("7", 7L)]
    [InlineData(" 42 ", 42L)]
    [InlineData("0", 0L)]
    [InlineData("\"007\"", 7L)]
    [InlineData("123456789012345678", 123456789012345678L)]
    [InlineData("\"123456789012345678\"", 123456789012345678L)]
    [InlineData("007", null)]
    [InlineData("-1", null)]
    [InlineData("1.5", null)]
    [InlineData("1e2", null)]
    [InlineData("1234567890123456789", 1234567890123456789L)]
    [InlineData("\"7940209837593608192\"", 7940209837593608192L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("\"9223372036854775808\"", null)]
    [InlineData("9999999999999999999", null)]
    [InlineData("12345678901234567890", null)]
    [InlineData("\"\"", null)]
    [InlineData("\" 7\"", null)]
    [InlineData("\"7", null)]
    [InlineData("true", null)]
    public void Whole_numbers_are_read_bare_or_as_strings_of_up_to_nineteen_digits_within_a_long(string json, long? expected)
    {
        var scanner = new PlainJson(Encoding.ASCII.GetBytes(json));
        bool read = scanner.TryReadDigits(out var value);
        Assert.Equal(expected, read ? value : null);
        if (read) Assert.True(scanner.AtEnd());
    }

    [Theory]
    [InlineData("[38, 96,\"7\" ,0]", "38 96 7 0", true)]
    [InlineData(" [ ]", "", true)]
    [InlineData("[ 5 ]", "5", true)]
    [InlineData("[1, 007]", "1", false)]
    [InlineData("[1, x]", "1", false)]
    [InlineData("[1,]", "1", false)]
    [InlineData("[1 2]", "1", false)]
    [InlineData("[1", "1", false)]
    [InlineData("{1}", "", false)]
    public void A_list_of_ids_is_read_element_by_element_as_whole_numbers_are(string json, string expected, bool taken)
    {
        // Each element as TryReadDigits reads it; true only at the closing ']', false at anything else with the
        // elements before it appended.
        var scanner = new PlainJson(Encoding.ASCII.GetBytes(json));
        var ids = new List<long?> { -1 };
        Assert.Equal(taken, scanner.TryReadDigitList(ids, out int count));
        Assert.Equal(expected, string.Join(" ", ids.Skip(1)));
        if (!taken) return;
        Assert.Equal(ids.Count - 1, count);
        Assert.True(scanner.AtEnd());
    }

    [Theory]
    [InlineData("[0.4450560212135315, 0.03311578929424286,1e-3 , 0]", "0.4450560212135315 0.03311578929424286 0.001 0", true)]
    [InlineData(" [ ]", "", true)]
    [InlineData("[-2.5E+3]", "-2500", true)]
    [InlineData("[0.5, ]", "0.5", false)]
    [InlineData("[0.5 0.5]", "0.5", false)]
    [InlineData("[0.5, \"1\"]", "0.5", false)]
    [InlineData("[01]", "0", false)]
    [InlineData("[.5]", "", false)]
    [InlineData("[0.5", "0.5", false)]
    [InlineData("0.5", "", false)]
    public void A_list_of_numbers_is_read_element_by_element_as_each_number_alone_is(string json, string expected, bool taken)
    {
        var scanner = new PlainJson(Encoding.ASCII.GetBytes(json));
        var values = new List<double> { -1 };
        Assert.Equal(taken, scanner.TryReadNumberList(values, out int count));
        Assert.Equal(expected, string.Join(" ", values.Skip(1).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        if (!taken) return;
        Assert.Equal(values.Count - 1, count);
        Assert.True(scanner.AtEnd());
    }

    [Fact]
    public void A_foreseen_string_is_taken_with_the_separator_before_it_or_nothing_is_taken()
    {
        // ["cat", "dog"]: the first element with its '[', the second with its comma; a wrong guess (or the first element's
        // string guessed at the second) takes nothing, and the element is then read the ordinary way.
        var scanner = new PlainJson(Encoding.ASCII.GetBytes("[\"cat\", \"dog\"]"));
        Assert.False(scanner.TryTakeElement(0, "\"ca\""u8));
        Assert.True(scanner.TryTakeElement(0, "\"cat\""u8));
        Assert.False(scanner.TryTakeElement(1, "\"cat\""u8));
        Assert.False(scanner.TryTakeElement(1, "\"dogs\""u8));
        Assert.True(scanner.NextElement(1, out _));
        Assert.True(scanner.TryTakeString("\"dog\""u8));
        Assert.False(scanner.NextElement(2, out bool closed));
        Assert.True(closed && scanner.AtEnd());
    }

    [Fact]
    public void The_plain_scanner_declines_values_nested_deeper_than_sixteen()
    {
        static bool Takes(int depth)
        {
            var scanner = new PlainJson(Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth)));
            return scanner.TrySkipValue() && scanner.AtEnd();
        }

        Assert.True(Takes(16));
        Assert.False(Takes(17));
    }

    [Theory]
    [InlineData("0.25")]
    [InlineData("1e-1")]
    [InlineData("0.12345678901234567891")]
    [InlineData("5e-324")]
    [InlineData("-0")]
    [InlineData("1e400")]
    [InlineData("-1.5E+308")]
    [InlineData("2.2250738585072011e-308")]
    public void Numbers_from_their_bytes_are_what_the_reader_gives_bit_for_bit(string text)
    {
        // 1e400 is out of double's range: whatever the reader answers (readers of different versions differ), the bytes' parse answers too.
        var reader = new Utf8JsonReader(Encoding.ASCII.GetBytes(text));
        reader.Read();
        bool read = reader.TryGetDouble(out var expected);
        Assert.Equal(read, JsonNumbers.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        if (read) Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("0.5,", 3)]
    [InlineData("-12.25e-1]", 9)]
    [InlineData("0.12345678901234567}", 19)]
    [InlineData("0.000000000000000000001234567890123456789 ", 41)]
    [InlineData("12345678901234567890.5", 22)]
    [InlineData("1E+400", 6)]
    [InlineData("1e1234567", 9)]
    [InlineData("01", 1)]
    [InlineData("-0", 2)]
    [InlineData("-", 0)]
    [InlineData("1.", 0)]
    [InlineData("1.e5", 0)]
    [InlineData("1e+", 0)]
    [InlineData(".5", 0)]
    [InlineData("+1", 0)]
    [InlineData("x", 0)]
    public void A_number_is_read_to_its_end_and_converted_as_its_bytes_are(string text, int length)
    {
        // One pass scans and converts; the value is what TryParse gives the number's bytes (NaN where it gives none).
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(length, JsonNumbers.Read(bytes, out var value));
        if (length == 0) return;
        var expected = JsonNumbers.TryParse(bytes.AsSpan(0, length), out var parsed) ? parsed : double.NaN;
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        // Out of double's range readers of different versions answer differently; within it, the value is double.Parse's.
        var reference = double.Parse(text.AsSpan(0, length), CultureInfo.InvariantCulture);
        if (!double.IsInfinity(reference)) Assert.Equal(BitConverter.DoubleToInt64Bits(reference), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void Names_are_found_by_their_bytes_whether_escaped_or_not()
    {
        var names = new Utf8Names(new[] { "cat", "é", "😀", string.Empty });
        foreach (var (json, index) in new[] { ("\"cat\"", 0), ("\"c\\u0061t\"", 0), ("\"é\"", 1), ("\"\\u00e9\"", 1), ("\"\\ud83d\\ude00\"", 2), ("\"\"", 3) })
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            Assert.Equal(index, names.IndexOf(ref reader, out var decoded));
            Assert.Null(decoded);
        }
        var unknown = new Utf8JsonReader(Encoding.UTF8.GetBytes("\"z\\u0065bra\""));
        unknown.Read();
        Assert.Equal(-1, names.IndexOf(ref unknown, out var zebra));
        Assert.Equal("zebra", zebra);
        // A name is added once, whether met as bytes or as a decoded string, and keeps its index.
        var labels = new Utf8Names();
        Assert.Equal(0, labels.IndexOfOrAdd("dog"u8));
        Assert.Equal(1, labels.IndexOfOrAdd("é"u8));
        Assert.Equal(0, labels.Add("dog"));
        Assert.Equal(1, labels.IndexOfOrAdd("é"u8));
        Assert.Equal(2, labels.Count);
        Assert.Equal("é", labels[1]);
        // Past the first table size, every name is still found at its place.
        var many = new Utf8Names(Enumerable.Range(0, 1000).Select(i => "label_" + i.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(0, 1000), Enumerable.Range(0, 1000).Select(i => many.IndexOf(Encoding.UTF8.GetBytes("label_" + i.ToString(CultureInfo.InvariantCulture)))));
    }

    [Fact]
    public void A_table_made_room_for_keeps_its_names_and_finds_those_added_after()
    {
        // Room made for 5,000 names when 3 are in (the buckets go from 16 to 16,384, the 3 rehashed), then less (nothing
        // changes), then 5,000 added: every name is at its place, and a name not added is not found.
        var store = new Utf8NameStore(256);
        var names = Enumerable.Range(0, 5000).Select(i => "gs://b/image_" + i.ToString(CultureInfo.InvariantCulture) + ".jpg").ToArray();
        var images = new Utf8Names();
        Assert.Equal(new[] { 0, 1, 2 }, names.Take(3).Select(n => images.IndexOfOrAdd(store.Keep(n))));
        images.Reserve(names.Length);
        images.Reserve(10);
        Assert.Equal(Enumerable.Range(0, names.Length), names.Select(n => images.IndexOfOrAdd(store.Keep(n))));
        Assert.Equal(names.Length, images.Count);
        Assert.Equal(Enumerable.Range(0, names.Length), names.Select(n => images.IndexOf(Encoding.UTF8.GetBytes(n))));
        Assert.Equal(names, Enumerable.Range(0, names.Length).Select(i => images[i]));
        Assert.Equal(-1, images.IndexOf("gs://b/image_5000.jpg"u8));
    }

    [Fact]
    public void Names_kept_as_bytes_keep_their_places_and_are_decoded_when_asked_for()
    {
        // Chunks of 256 bytes: 100 names of 9 or 10 bytes fill several, and a name longer than a chunk takes one of its own.
        var store = new Utf8NameStore(256);
        var images = new Utf8Names();
        var names = Enumerable.Range(0, 100).Select(i => "image_" + i.ToString(CultureInfo.InvariantCulture) + ".png")
            .Append(new string('x', 300)).Append("é.png").Append(string.Empty).ToArray();
        var kept = names.Select(n => store.Keep(Encoding.UTF8.GetBytes(n))).ToArray();
        Assert.Equal(Enumerable.Range(0, names.Length), kept.Select(k => images.IndexOfOrAdd(k)));
        Assert.Equal(names.Length, images.Count);
        // Met again as bytes, as a string a reader decoded (an escaped name), or added as a string: the same place.
        Assert.Equal(Enumerable.Range(0, names.Length), names.Select(n => images.IndexOfOrAdd(store.Keep(Encoding.UTF8.GetBytes(n)))));
        Assert.Equal(Enumerable.Range(0, names.Length), names.Select(n => images.IndexOfOrAdd(store.Keep(n))));
        Assert.Equal(Enumerable.Range(0, names.Length), names.Select(images.Add));
        Assert.Equal(names.Length, images.Count);
        Assert.Equal(names, Enumerable.Range(0, names.Length).Select(i => images[i]));
        Assert.Equal(names, kept.Select(k => k.ToString()));
        Assert.Equal(-1, images.IndexOf("image_100.png"u8));
    }

    [Fact]
    public void A_read_that_fails_gives_every_record_before_the_failing_wave_in_order_then_the_failure()
    {
        // 400 lines of 20 bytes in blocks of 64 bytes: 3 lines a block, waves of 2 × cores blocks. The stream fails
        // after 5,000 bytes (250 lines), when the 84th block is read: as a read of one wave after the other, the
        // records handed on are lines 1, 2, 3, … of every whole wave among the 83 blocks read, and then the error.
        var text = string.Concat(Enumerable.Range(1, 400).Select(i => $"{{\"n\":{i,13}}}\n"));
        using var stream = new FailingStream(Encoding.ASCII.GetBytes(text), failAfter: 5000);
        var lines = new List<long>();
        var error = Assert.Throws<IOException>(() =>
        {
            foreach (var (record, line) in OrderedJsonLines.Parse<long>(stream, "t.jsonl", new IssueLog(), _ => ParseNumber, blockBytes: 64)) lines.Add(line);
        });
        Assert.Equal("the disk went away", error.Message);
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(i => (long)i), lines);
        int wave = Math.Max(2, Environment.ProcessorCount * 2);
        Assert.Equal(3 * wave * (83 / wave), lines.Count);

        // A caller that stops early leaves nothing running and no error behind.
        using var whole = new MemoryStream(Encoding.ASCII.GetBytes(text));
        Assert.Equal(new[] { 1L, 2, 3 }, OrderedJsonLines.Parse<long>(whole, "t.jsonl", new IssueLog(), _ => ParseNumber, blockBytes: 64).Take(3).Select(r => r.Record));
    }

    [Fact]
    public void A_block_that_fails_throws_after_the_waves_before_it_and_the_earliest_failure_wins()
    {
        // Lines of 20 bytes in blocks of 64 bytes: 3 lines a block, block k starts at line 3k + 1. The first two blocks
        // of the second wave fail, the first of them after the second has failed: the caller gets every block of the
        // first wave in order, then the first block's failure, whichever finished first.
        int wave = Math.Max(2, Environment.ProcessorCount * 2);
        var text = string.Concat(Enumerable.Range(1, 3 * (wave + 3)).Select(i => $"{{\"n\":{i,13}}}\n"));
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(text));
        using var secondFailed = new ManualResetEventSlim();
        var firstLines = new List<long>();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var firstLine in OrderedJsonLines.ParseBlocks(stream, "t.jsonl", 64, block =>
            {
                long index = (block.FirstLine - 1) / 3;
                if (index == wave)
                {
                    secondFailed.Wait(TimeSpan.FromSeconds(5));
                    throw new InvalidDataException($"block {index}");
                }
                if (index == wave + 1)
                {
                    secondFailed.Set();
                    throw new InvalidDataException($"block {index}");
                }
                return block.FirstLine;
            }))
            {
                firstLines.Add(firstLine);
            }
        });
        Assert.Equal($"block {wave}", error.Message);
        Assert.Equal(Enumerable.Range(0, wave).Select(k => (3L * k) + 1), firstLines);
    }

    private static bool ParseNumber(long lineNumber, ReadOnlySpan<byte> line, IIssueSink issues, out long record)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        reader.Read();
        reader.Read();
        record = reader.GetInt64();
        return true;
    }

    private sealed class FailingStream : MemoryStream
    {
        private readonly int _failAfter;

        public FailingStream(byte[] bytes, int failAfter)
            : base(bytes) => _failAfter = failAfter;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= _failAfter) throw new IOException("the disk went away");
            return base.Read(buffer, offset, Math.Min(count, _failAfter - (int)Position));
        }
    }
}
