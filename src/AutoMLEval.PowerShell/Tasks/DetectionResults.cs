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

    /// <summary>The IoU at or below which a false detection is background (TIDE's t_b).</summary>
    public const double BackgroundIouThreshold = 0.1;

    /// <summary>The category of a label name (as -Label matches everywhere: <see cref="LabelLookup"/>), or null.</summary>
    public static (long Id, string Name)? Category(DetectionEvaluation evaluation, string label)
    {
        int index = LabelLookup.IndexOf(LabelNames(evaluation), label);
        return index < 0 ? null : (evaluation.Categories[index].Id, evaluation.Categories[index].Name);
    }

    /// <summary>The label names, in category-id order.</summary>
    public static IReadOnlyList<string> LabelNames(DetectionEvaluation evaluation) => evaluation.Categories.Select(c => c.Name).ToArray();

    /// <summary>
    /// The counts at each confidence threshold at <paramref name="iouThreshold"/>, of every category or one; without
    /// the true negatives and false-positive rate, which a detector does not have.
    /// </summary>
    public static IEnumerable<DetectionThresholdRow> Sweep(DetectionModelEvaluation result, double iouThreshold, IReadOnlyList<double> thresholds, long? categoryId)
    {
        var evaluation = result.Evaluation;
        string label = categoryId is long id ? evaluation.Categories.First(c => c.Id == id).Name : ThresholdRow.MicroAverage;
        return evaluation.Sweep(iouThreshold, thresholds, categoryId).Select(c =>
            new DetectionThresholdRow(result.PredictionPath, label, c.Threshold, iouThreshold, c.TruePositives, c.FalsePositives, c.FalseNegatives, c.Precision, c.Recall, c.F1));
    }

    /// <summary>
    /// The errors of <paramref name="kind"/> at <paramref name="iouThreshold"/> (false detections by descending score,
    /// then missed objects by image), of the named label or of every label. The re-matching this needs reports to
    /// <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static IEnumerable<MisclassifiedDetection> Errors(
        DetectionEvaluation evaluation, MisclassificationKind kind, double iouThreshold, string? label, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var names = evaluation.Categories.ToDictionary(c => c.Id, c => c.Name);
        return DetectionErrorAnalysis.Analyze(evaluation, iouThreshold, Math.Min(BackgroundIouThreshold, iouThreshold), progress, cancellationToken)
            .Where(e => label is null || string.Equals(e.Label, label, StringComparison.Ordinal))
            .Select(e => (Error: e, Kind: ToKind(e.Kind)))
            .Where(e => e.Kind == kind || (kind == MisclassificationKind.FalseDetection && e.Kind != MisclassificationKind.MissedDetection))
            .Select(e => new MisclassifiedDetection(e.Error.ImageId, e.Error.FileName, e.Error.Label, e.Error.CategoryId, e.Kind, e.Error.Score, e.Error.BestIou, e.Error.Box.ToArray(), e.Error.GroundTruthId, Truth(e.Error, names), iouThreshold));
    }

    // The label of the object an error refers to: another one for the wrong-label kinds, none for a background error.
    private static (string Label, long CategoryId)? Truth(DetectionError error, Dictionary<long, string> names) =>
        error.GroundTruthId is null ? null
        : error.OtherCategoryId is long other ? (names[other], other)
        : (error.Label, error.CategoryId);

    /// <summary>The count and TIDE's dAP of each error kind of the evaluation's default analysis (IoU 0.5, background 0.1).</summary>
    public static DetectionErrorImpact[] Impact(DetectionEvaluation evaluation)
    {
        var errors = evaluation.ErrorAnalysis;
        return ((DetectionErrorKind[])Enum.GetValues(typeof(DetectionErrorKind)))
            .Select(k => new DetectionErrorImpact(ToKind(k), errors.CountOf(k), errors.DeltaAp(k)))
            .ToArray();
    }

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
