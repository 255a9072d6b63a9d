using System.Globalization;

namespace AutoMLEval.Engine.Comparison;

/// <summary>
/// How a difference of two models' metrics is written for a reader: signed, four decimals ("+0.0094", "-0.0579"), so
/// that a gain and a loss read apart at a glance; "0.0000" for no change. The CLI's comparison tables and the cmdlets'
/// ToString write it with this; the module's views give <see cref="Format"/> as their FormatString.
/// </summary>
public static class DeltaText
{
    /// <summary>The custom numeric format: a value that rounds to zero takes the third section, unsigned.</summary>
    public const string Format = "+0.0000;-0.0000;0.0000";

    /// <summary>The delta as text, invariant.</summary>
    public static string Of(double delta) => delta.ToString(Format, CultureInfo.InvariantCulture);
}
