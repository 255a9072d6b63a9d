using System.Globalization;

namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// A count with its noun in the number the count takes ("1 query", "0 queries", "2 queries"), for every note and
/// warning that counts something. In the engine so that the CLI's notes, the cmdlets' warnings and the engine's own
/// issues agree: "1 queries" is what a message built with a fixed plural says of one.
/// </summary>
public static class Counted
{
    /// <summary>"1 item", "3 items": <paramref name="count"/> (invariant digits) and <paramref name="singular"/>, or <paramref name="plural"/> (default: singular + "s") unless the count is 1.</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + Noun(count, singular, plural);

    /// <summary>The noun alone in the number <paramref name="count"/> takes ("2 of 3 items", where the count is not the noun's).</summary>
    public static string Noun(long count, string singular, string? plural = null) =>
        count == 1 ? singular : plural ?? singular + "s";

    /// <summary>The verb in the number <paramref name="count"/> takes: <paramref name="singular"/> for 1 ("has", "was"), else <paramref name="plural"/> ("have", "were").</summary>
    public static string Verb(long count, string singular, string plural) => count == 1 ? singular : plural;
}
