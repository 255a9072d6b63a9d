namespace AutoMLEval.Engine.Classification;

/// <summary>
/// How a label is named on the command line and in the cmdlets (<c>--label</c>, <c>-Label</c>), the same in every
/// front end and task: the exact name, else the one name that matches ignoring case (so that EIGHT finds "eight",
/// while with "Cat" and "cat" both present each stays exact).
/// </summary>
public static class LabelLookup
{
    /// <summary>The position of <paramref name="name"/> in <paramref name="labels"/>: exact, else the only case-insensitive match; -1 when none or ambiguous.</summary>
    public static int IndexOf(IReadOnlyList<string> labels, string name)
    {
        int ignoringCase = -1;
        bool ambiguous = false;
        for (int j = 0; j < labels.Count; j++)
        {
            if (string.Equals(labels[j], name, StringComparison.Ordinal)) return j;
            if (!string.Equals(labels[j], name, StringComparison.OrdinalIgnoreCase)) continue;
            // Not returned at once: an exact match may come later.
            ambiguous |= ignoringCase >= 0;
            ignoringCase = j;
        }
        return ambiguous ? -1 : ignoringCase;
    }
}
