namespace AutoMLEval.Tasks;

/// <summary>The tasks <c>Get-ModelEvaluation</c> knows, by their -Task name.</summary>
internal static class EvaluationTasks
{
    /// <summary>Image classification, single- and multi-label (the default).</summary>
    public const string Classification = "Classification";

    /// <summary>Video classification at segment, one-second or shot level.</summary>
    public const string Video = "Video";

    /// <summary>The -Unit of video evaluations when none is given (what AutoML Video evaluates).</summary>
    public const string DefaultVideoUnit = "Segment";

    private static readonly IModelEvaluationTask[] All = { new ClassificationEvaluationTask(), new VideoEvaluationTask() };

    /// <summary>The task named <paramref name="name"/> (case-insensitive, as PowerShell binds -Task).</summary>
    public static IModelEvaluationTask Find(string name) =>
        All.First(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
