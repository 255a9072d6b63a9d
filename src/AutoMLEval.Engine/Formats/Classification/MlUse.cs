namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Vertex AI's data split names (<c>ML_USE</c>): training, validation, test, and the legacy upper-case
/// AutoML forms TRAIN, VALIDATION, TEST, UNASSIGNED.
/// </summary>
public static class MlUse
{
    /// <summary>The key of the split in a Vertex AI import record's <c>dataItemResourceLabels</c>.</summary>
    public const string ResourceLabelKey = "aiplatform.googleapis.com/ml_use";

    /// <summary>The test split, evaluated unless the user picks another.</summary>
    public const string Test = "test";

    /// <summary>The training split.</summary>
    public const string Training = "training";

    /// <summary>The validation split.</summary>
    public const string Validation = "validation";

    /// <summary>Items not assigned to a split.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>What a user types for every record whatever its split (the embedding verbs, video): <see cref="SplitOrAll"/> makes it null.</summary>
    public const string All = "all";

    /// <summary>The split a user's choice names, or null for <see cref="All"/> (every record), as the readers take it.</summary>
    public static string? SplitOrAll(string choice) => string.Equals(choice, All, StringComparison.OrdinalIgnoreCase) ? null : choice;

    /// <summary>The canonical name of a split as written in a file or typed by a user, or null when it is not one.</summary>
    public static string? Normalize(string? text)
    {
        // Compared in place: every row of a ground-truth CSV asks this of its first field, mostly a path.
        if (text is null) return null;
        var name = text.AsSpan().Trim();
        return Is(name, "TEST") ? Test
            : Is(name, "TRAINING") || Is(name, "TRAIN") ? Training
            : Is(name, "VALIDATION") || Is(name, "VALIDATE") ? Validation
            : Is(name, "UNASSIGNED") ? Unassigned
            : null;
    }

    private static bool Is(ReadOnlySpan<char> name, string upperCase) => name.Equals(upperCase.AsSpan(), StringComparison.OrdinalIgnoreCase);
}
