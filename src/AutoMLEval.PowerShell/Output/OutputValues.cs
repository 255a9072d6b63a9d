using System.Globalization;
using AutoMLEval.Engine.Comparison;

namespace AutoMLEval;

/// <summary>How output types turn the engine's undefined values into $null and their values into text.</summary>
internal static class OutputValues
{
    /// <summary>The value, or null where the engine says undefined with NaN (AuPRC without positives, no score).</summary>
    public static double? Defined(double value) => double.IsNaN(value) ? null : value;

    /// <summary>A metric as ToString() shows it: four decimals, invariant; "n/a" when undefined.</summary>
    public static string Metric(double? value) => value is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A pixel coordinate as ToString() shows it: at most one decimal, invariant ("365.2", "10"); "n/a" when undefined.</summary>
    public static string Pixels(double? value) => value is double v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A difference as ToString() shows it: signed, as the comparison views show it ("+0.0094", "-0.0579"); "n/a" when undefined.</summary>
    public static string Delta(double? value) => value is double v ? DeltaText.Of(v) : "n/a";

    /// <summary>Invariant-culture composite formatting for ToString().</summary>
    public static string Text(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
