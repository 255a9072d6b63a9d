namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Vertex AI's data split names (<c>ML_USE</c>): training, validation, test, and the legacy upper-case
/// AutoML forms TRAIN, VALIDATION, TEST, UNASSIGNED.
/// </summary>
public static class MlUse
{
    /// <summary>The test split, evaluated unless the user picks another.</summary>
    public const string Test = "test";

    /// <summary>The training split.</summary>
    public const string Training = "training";

    /// <summary>The validation split.</summary>
    public const string Validation = "validation";

    /// <summary>Items not assigned to a split.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>The canonical name of a split as written in a file or typed by a user, or null when it is not one.</summary>
    public static string? Normalize(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "TEST" => Test,
        "TRAINING" or "TRAIN" => Training,
        "VALIDATION" or "VALIDATE" => Validation,
        "UNASSIGNED" => Unassigned,
        _ => null,
    };
}
