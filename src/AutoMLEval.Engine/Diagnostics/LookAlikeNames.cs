using System.Text;

namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// Names that differ from another only in how they are written: letter case, surrounding spaces, or Unicode
/// normalisation ("é" as one character, NFC, against "e" and a combining accent, NFD, as macOS file names come). Such
/// names print alike, so a warning that names one says what it looks like on the other side. In the engine so that
/// the CLI's and the cmdlets' messages say it one way.
/// </summary>
public static class LookAlikeNames
{
    /// <summary>For each of <paramref name="names"/> that looks like one of <paramref name="others"/>, that other name.</summary>
    public static Dictionary<string, string> Pairs(IReadOnlyCollection<string> names, IEnumerable<string> others)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        // Others may be every label of a file (a million, say): not keyed when no name is to be matched.
        if (names.Count == 0) return pairs;
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var other in others)
        {
            var key = KeyOf(other);
            if (!byKey.ContainsKey(key)) byKey[key] = other;
        }
        if (byKey.Count == 0) return pairs;
        foreach (var name in names)
        {
            if (byKey.TryGetValue(KeyOf(name), out var other) && !string.Equals(name, other, StringComparison.Ordinal)) pairs[name] = other;
        }
        return pairs;
    }

    /// <summary>Whether <paramref name="name"/> and <paramref name="other"/> are two names that print alike.</summary>
    public static bool AreLookAlike(string name, string other) =>
        !string.Equals(name, other, StringComparison.Ordinal) && string.Equals(KeyOf(name), KeyOf(other), StringComparison.Ordinal);

    /// <summary>
    /// "; it looks like 'x' of the predictions: they differ only in Unicode normalisation ('é' is NFD here, NFC there)",
    /// for the end of a warning about <paramref name="name"/>; <paramref name="otherSide"/> names where <paramref name="other"/> is.
    /// </summary>
    public static string Clause(string name, string other, string otherSide)
    {
        var differences = new List<string>();
        if (!string.Equals(name.Trim(), name, StringComparison.Ordinal) || !string.Equals(other.Trim(), other, StringComparison.Ordinal))
        {
            differences.Add("surrounding spaces");
        }
        string nameC = name.Trim().Normalize(NormalizationForm.FormC), otherC = other.Trim().Normalize(NormalizationForm.FormC);
        if (!string.Equals(nameC, otherC, StringComparison.Ordinal)) differences.Add("letter case");
        if (!string.Equals(FormOf(name), FormOf(other), StringComparison.Ordinal))
        {
            differences.Add($"Unicode normalisation ({FormOf(name)} here, {FormOf(other)} there)");
        }
        return $"; it looks like '{other}' of {otherSide}: they differ only in {string.Join(" and ", differences)}";
    }

    // Case folded after composing, so that "É" (NFD) and "é" (NFC) meet.
    private static string KeyOf(string name) => name.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();

    private static string FormOf(string name) =>
        name.IsNormalized(NormalizationForm.FormC) ? (name.IsNormalized(NormalizationForm.FormD) ? "either form" : "NFC")
        : name.IsNormalized(NormalizationForm.FormD) ? "NFD" : "mixed";
}
