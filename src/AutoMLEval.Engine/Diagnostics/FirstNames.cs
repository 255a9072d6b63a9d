using System.Globalization;

namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// The first few names of a list, for a message: " (a, b, c and 2 more)". In the engine so that the CLI's notes and the
/// cmdlets' warnings name the same items the same way.
/// </summary>
public static class FirstNames
{
    /// <summary>How many names a message gives before it counts the rest.</summary>
    public const int Shown = 3;

    /// <summary>" (a, b, c and 2 more)": the first <see cref="Shown"/> names and how many more there are; nothing when there are none.</summary>
    public static string InParentheses(IReadOnlyCollection<string> names)
    {
        if (names is null) throw new ArgumentNullException(nameof(names));
        if (names.Count == 0) return string.Empty;
        var more = names.Count > Shown ? string.Format(CultureInfo.InvariantCulture, " and {0} more", names.Count - Shown) : string.Empty;
        return " (" + string.Join(", ", names.Take(Shown)) + more + ")";
    }
}
