namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// The names a mistyped one was probably meant to be (an item path, an option): those that end with it as a whole path
/// segment ("0223.png" for "images/test/0223.png"), else those within a few edits of it, nearest first. In the engine so
/// that the CLI's and the cmdlets' messages suggest the same names.
/// </summary>
public static class NearNames
{
    /// <summary>
    /// At most <paramref name="count"/> of <paramref name="names"/> close to <paramref name="typed"/>, nearest first;
    /// letters compared <paramref name="ignoringCase"/> where the names are matched so (labels), else exactly (paths, options).
    /// </summary>
    public static IReadOnlyList<string> Of(string typed, IEnumerable<string> names, int count = 3, bool ignoringCase = false)
    {
        if (ignoringCase) typed = typed.ToLowerInvariant();
        var comparison = ignoringCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var candidates = names.Distinct(StringComparer.Ordinal).ToArray();
        var endings = candidates.Where(n => n.EndsWith("/" + typed, comparison) || n.EndsWith("\\" + typed, comparison)).ToArray();
        if (endings.Length > 0) return endings.OrderBy(n => n, StringComparer.Ordinal).Take(count).ToArray();
        // A fifth of the name's characters, at least 2: "0223.pgn" finds "0223.png", "--treshold" finds "--threshold".
        int allowed = Math.Max(2, typed.Length / 5);
        return candidates
            .Select(n => (Name: n, Edits: Distance(typed, ignoringCase ? n.ToLowerInvariant() : n, allowed)))
            .Where(c => c.Edits <= allowed)
            .OrderBy(c => c.Edits)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToArray();
    }

    /// <summary>" Near names: a, b." or nothing, for the end of an error message.</summary>
    public static string Sentence(IReadOnlyList<string> near) =>
        near.Count == 0 ? string.Empty : $" Near name{(near.Count > 1 ? "s" : string.Empty)}: {string.Join(", ", near)}.";

    /// <summary>The edit (Levenshtein) distance, or <paramref name="limit"/> + 1 as soon as it must exceed the limit.</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowBest = current[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
                rowBest = Math.Min(rowBest, current[j]);
            }
            // Every later row is at least this row's best: stop once it is past the limit.
            if (rowBest > limit) return limit + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
