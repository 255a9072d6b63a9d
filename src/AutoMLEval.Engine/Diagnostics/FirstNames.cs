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
        return names.Count == 0 ? string.Empty : " (" + Of(names, names.Count) + ")";
    }

    /// <summary>
    /// "a, b, c and 2 more": the first <see cref="Shown"/> of <paramref name="first"/> and how many more of the
    /// <paramref name="count"/> there are; for a list of which only the first few names are kept.
    /// </summary>
    public static string Of(IEnumerable<string> first, long count)
    {
        if (first is null) throw new ArgumentNullException(nameof(first));
        var shown = first.Take(Shown).ToArray();
        var more = count > shown.Length ? string.Format(CultureInfo.InvariantCulture, " and {0} more", count - shown.Length) : string.Empty;
        return string.Join(", ", shown) + more;
    }
}
