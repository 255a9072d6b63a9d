using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// What the cmdlets say when a merge of partial evaluations (Merge-ModelEvaluation) is given work that needs the items
/// or detections it does not keep: one non-terminating error for that input, instead of the engine's exception.
/// </summary>
internal static class MergedEvaluations
{
    /// <summary>The ErrorId for a merged classification or video evaluation.</summary>
    public const string NoItemsErrorId = "MergedEvaluationHasNoItems";

    /// <summary>The ErrorId for a merged detection or segmentation evaluation (documented in docs/partial-evaluations.md).</summary>
    public const string NoDetectionsErrorId = "MergedEvaluationHasNoDetections";

    /// <summary>
    /// Writes the error for the first merged one of <paramref name="evaluations"/>, which <paramref name="work"/>
    /// ("listing errors") cannot be done on; whether there was one.
    /// </summary>
    public static bool Refuse(Cmdlet cmdlet, string work, params EvaluationResult[] evaluations) =>
        RefuseOrOffer(cmdlet, work, null, evaluations);

    /// <summary>
    /// As <see cref="Refuse"/>, the message naming also <paramref name="otherWay"/>: what the command can do with a merge
    /// instead ("measure the drop against a saved baseline").
    /// </summary>
    public static bool RefuseOrOffer(Cmdlet cmdlet, string work, string? otherWay, params EvaluationResult[] evaluations)
    {
        if (evaluations.FirstOrDefault(e => e.IsMerged) is not { } merged) return false;
        bool detection = merged is DetectionModelEvaluation;
        var instead = otherWay is null ? string.Empty : $"; or {otherWay}";
        cmdlet.WriteError(new ErrorRecord(
            new InvalidOperationException($"'{merged}' is a merge of partial evaluations, which keeps the figures, not the {(detection ? "detections" : "items")}: {work} needs an evaluation of the files themselves (Get-ModelEvaluation){instead}."),
            detection ? NoDetectionsErrorId : NoItemsErrorId,
            ErrorCategory.InvalidOperation,
            merged));
        return true;
    }
}
