namespace AutoMLEval.Tasks;

/// <summary>
/// The -Kind values Get-MisclassifiedImage lists for an evaluation of each task: its check of -Kind and the tab
/// completion of -Kind read this one rule.
/// </summary>
internal static class MisclassificationKinds
{
    /// <summary>
    /// The kinds of <paramref name="task"/> (a -Task name, any case), in declaration order: the TIDE kinds for detection
    /// and segmentation, the others for classification, less TruePositive for video (whose engine lists wrong decisions
    /// only); every kind when the task is none of these (a completion before the evaluation is known).
    /// </summary>
    public static IReadOnlyList<MisclassificationKind> Of(string? task)
    {
        var all = (MisclassificationKind[])Enum.GetValues(typeof(MisclassificationKind));
        var known = new[] { EvaluationTasks.Classification, EvaluationTasks.Video, EvaluationTasks.Detection, EvaluationTasks.Segmentation }
            .FirstOrDefault(t => string.Equals(t, task, StringComparison.OrdinalIgnoreCase));
        if (known is null) return all;
        bool detection = EvaluationTasks.IsDetection(known);
        return all.Where(k => DetectionResults.IsDetectionKind(k) == detection && !(known == EvaluationTasks.Video && k == MisclassificationKind.TruePositive)).ToArray();
    }
}
