using System.Globalization;
using System.Text;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A double as the shortest invariant text that reads back as the same double, the text .NET (Core 3.0 and later)
/// writes for "R", on every runtime. .NET Framework's "R" (Windows PowerShell 5.1 runs the netstandard2.0 build on it)
/// tries 15 significant digits and else writes 17, and drops the sign of -0: 0.8999999999999999, the ninth of COCO's
/// IoU thresholds, is 0.89999999999999991 there. Text hashed into a fingerprint must not depend on the runtime.
/// </summary>
internal static class RoundTripText
{
    /// <summary>The shortest text of <paramref name="value"/> that reads back as it, as .NET writes it for "R".</summary>
    public static string Of(double value)
    {
#if NET8_0_OR_GREATER
        return value.ToString("R", CultureInfo.InvariantCulture);
#else
        if (double.IsNaN(value) || double.IsInfinity(value)) return value.ToString(CultureInfo.InvariantCulture);
        if (value == 0) return BitConverter.DoubleToInt64Bits(value) < 0 ? "-0" : "0";
        // The nearest decimal of 15 significant digits reads back whenever a shorter one does, except for subnormal
        // numbers, whose precision is lower. The engine's own reader decides: .NET Framework's does not always round right.
        const double smallestNormal = 2.2250738585072014E-308;
        for (int digits = Math.Abs(value) < smallestNormal ? 1 : 15; ; digits++)
        {
            var scientific = value.ToString("E" + (digits - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (digits == 17 || (JsonNumbers.TryParse(Encoding.ASCII.GetBytes(scientific), out var read) && read == value)) return AsRoundTripFormat(scientific);
        }
#endif
    }

#if !NET8_0_OR_GREATER
    // "-1.2300E+005" as "R" writes it: its digits without trailing zeros, in fixed point for exponents -4 to 16, else as -1.23E+05.
    private static string AsRoundTripFormat(string scientific)
    {
        int mark = scientific.IndexOf('E');
        int start = scientific[0] == '-' ? 1 : 0;
        var digits = scientific.Substring(start, mark - start).Replace(".", string.Empty).TrimEnd('0');
        int exponent = int.Parse(scientific.Substring(mark + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string text;
        if (exponent > -5 && exponent < 17)
        {
            text = exponent < 0 ? "0." + new string('0', -exponent - 1) + digits
                : digits.Length <= exponent + 1 ? digits + new string('0', exponent + 1 - digits.Length)
                : digits.Substring(0, exponent + 1) + "." + digits.Substring(exponent + 1);
        }
        else
        {
            text = digits.Substring(0, 1) + (digits.Length > 1 ? "." + digits.Substring(1) : string.Empty)
                + (exponent < 0 ? "E-" : "E+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        return scientific.Substring(0, start) + text;
    }
#endif
}
