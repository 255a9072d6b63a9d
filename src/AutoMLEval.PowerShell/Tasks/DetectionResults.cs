using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Tasks;

/// <summary>
/// What Invoke-ThresholdSweep and Get-MisclassifiedImage read from a <see cref="DetectionModelEvaluation"/>: the
/// engine's sweep and error analysis, with label names turned into category ids and error kinds into -Kind values.
/// </summary>
internal static class DetectionResults
{
    /// <summary>The IoU a detection needs to match when none is given (COCO's AP50, TIDE's t_f).</summary>
    public const double DefaultIouThreshold = 0.5;

    /// <summary>The IoU below which a false detection is background (TIDE's t_b).</summary>
    public const double BackgroundIouThreshold = 0.1;

    /// <summary>The category id of a label name (ordinal, as labels are matched everywhere), or null.</summary>
    public static long? CategoryId(DetectionEvaluation evaluation, string label) =>
        evaluation.Categories.FirstOrDefault(c => string.Equals(c.Name, label, StringComparison.Ordinal))?.Id;

    /// <summary>The label names, in category-id order.</summary>
    public static IReadOnlyList<string> LabelNames(DetectionEvaluation evaluation) => evaluation.Categories.Select(c => c.Name).ToArray();

    /// <summary>The counts at each confidence threshold at <paramref name="iouThreshold"/>, of every category or one.</summary>
    public static IEnumerable<ThresholdRow> Sweep(DetectionEvaluation evaluation, double iouThreshold, IReadOnlyList<double> thresholds, long? categoryId)
    {
        string label = categoryId is long id ? evaluation.Categories.First(c => c.Id == id).Name : ThresholdRow.MicroAverage;
        return evaluation.Sweep(iouThreshold, thresholds, categoryId).Select(c =>
            new ThresholdRow(label, c.Threshold, c.TruePositives, c.FalsePositives, c.FalseNegatives, c.TrueNegatives, c.Precision, c.Recall, c.FalsePositiveRate, c.F1));
    }

    /// <summary>
    /// The errors of <paramref name="kind"/> at <paramref name="iouThreshold"/> (false detections by descending score,
    /// then missed objects by image), of the named label or of every label. The re-matching this needs reports to
    /// <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static IEnumerable<MisclassifiedDetection> Errors(
        DetectionEvaluation evaluation, MisclassificationKind kind, double iouThreshold, string? label, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DetectionErrorAnalysis.Analyze(evaluation, iouThreshold, Math.Min(BackgroundIouThreshold, iouThreshold), progress, cancellationToken)
            .Where(e => label is null || string.Equals(e.Label, label, StringComparison.Ordinal))
            .Select(e => (Error: e, Kind: ToKind(e.Kind)))
            .Where(e => e.Kind == kind || (kind == MisclassificationKind.FalseDetection && e.Kind != MisclassificationKind.MissedDetection))
            .Select(e => new MisclassifiedDetection(e.Error.ImageId, e.Error.FileName, e.Error.Label, e.Error.CategoryId, e.Kind, e.Error.Score, e.Error.BestIou, e.Error.Box.ToArray(), e.Error.GroundTruthId, iouThreshold));

    /// <summary>Whether <paramref name="kind"/> names detection errors (rather than classification outcomes).</summary>
    public static bool IsDetectionKind(MisclassificationKind kind) =>
        kind is not (MisclassificationKind.FalsePositive or MisclassificationKind.FalseNegative or MisclassificationKind.TruePositive);

    private static MisclassificationKind ToKind(DetectionErrorKind kind) => kind switch
    {
        DetectionErrorKind.Missed => MisclassificationKind.MissedDetection,
        DetectionErrorKind.Duplicate => MisclassificationKind.Duplicate,
        DetectionErrorKind.WrongLabel => MisclassificationKind.WrongLabel,
        DetectionErrorKind.Localisation => MisclassificationKind.Localisation,
        DetectionErrorKind.WrongLabelAndLocalisation => MisclassificationKind.WrongLabelAndLocalisation,
        _ => MisclassificationKind.Background,
    };
}
