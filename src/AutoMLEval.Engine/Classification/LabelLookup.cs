using AutoMLEval.Engine.Diagnostics;

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

    /// <summary>How many of the labels <see cref="NotFound"/> lists (a data set may have thousands); the near names come after them.</summary>
    private const int LabelsListed = 10;

    /// <summary>
    /// What the CLI and the cmdlets say of a <paramref name="name"/> that is not <paramref name="what"/> of the
    /// evaluation: its labels (the first few) and the near ones, found ignoring case as <see cref="IndexOf"/> matches.
    /// The evaluation's, not the ground truth's: a classification's labels take in those only the predictions score.
    /// </summary>
    public static string NotFound(string name, IReadOnlyList<string> labels, string what = "a label")
    {
        var listed = string.Join(", ", labels.Take(LabelsListed)) + (labels.Count > LabelsListed ? ", …" : string.Empty);
        return $"'{name}' is not {what} of the evaluation (its {labels.Count} label{(labels.Count == 1 ? string.Empty : "s")}: {listed}).{NearNames.Sentence(NearNames.Of(name, labels, ignoringCase: true))}";
    }
}
