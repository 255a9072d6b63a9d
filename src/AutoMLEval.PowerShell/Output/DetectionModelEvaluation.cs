using System.Management.Automation;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Tasks;

namespace AutoMLEval;

/// <summary>
/// An object-detection or instance-segmentation evaluation as <c>Get-ModelEvaluation -Task Detection|Segmentation</c>
/// writes it: COCO's 12 statistics as flat properties, EasyDL's precision and recall at the best-F1 threshold, the
/// input accounting, and the per-label slices (with a joined-string twin). <c>Invoke-ThresholdSweep</c> and
/// <c>Get-MisclassifiedImage</c> take it from the pipeline. Definitions: the engine's <see cref="DetectionEvaluation"/>,
/// equal to pycocotools' COCOeval.
/// </summary>
public sealed class DetectionModelEvaluation : EvaluationResult
{
    // Engine objects are held through an internal type, so that loading this public type never needs the engine.
    private readonly DetectionSource _source;
    private readonly Lazy<ResultList<ConfusionMatrixCell>> _confusionMatrix;

    internal DetectionModelEvaluation(DetectionSource source, DetectionLabelEvaluation[] labels)
    {
        _source = source;
        Labels = new ResultList<DetectionLabelEvaluation>(labels);
        // Matching every image again at the operating point: computed when first read, as the error analysis is.
        _confusionMatrix = new Lazy<ResultList<ConfusionMatrixCell>>(() =>
        {
            var confidence = DetectionConfusion.OperatingConfidence(Evaluation);
            var matrix = DetectionConfusion.Compute(Evaluation, DetectionConfusion.DefaultIou, confidence);
            return new ResultList<ConfusionMatrixCell>(ConfusionMatrixCell.ByIouAndConfidence(matrix, DetectionConfusion.DefaultIou, confidence));
        });
    }

    /// <summary>The evaluation task ("Detection" or "Segmentation").</summary>
    public override string Task => _source.Task;

    /// <summary>The split evaluated of a Vertex AI import file; empty for COCO ground truth, which has no split (every image is evaluated).</summary>
    public override string? MlUse => _source.MlUse;

    /// <summary>Images in the ground truth (the evaluated items).</summary>
    public override int Items => Counts.Images;

    /// <summary>Images in the ground truth.</summary>
    public int Images => Counts.Images;

    /// <summary>Ground-truth objects evaluated, crowd regions included (the labels' <c>GroundTruthObjects</c> leave them out).</summary>
    public int GroundTruthObjects => Counts.GroundTruthObjects;

    /// <summary>Detections evaluated.</summary>
    public int Detections => Counts.Detections;

    /// <summary>Detections left out (unknown image or category, unreadable, beyond maxDets), each reported.</summary>
    public int DetectionsSkipped => Counts.DetectionsSkipped;

    /// <summary>Ground-truth annotations left out (unreadable, or of an image or category the file does not list), each reported.</summary>
    public int GroundTruthSkipped => Counts.GroundTruthSkipped;

    /// <summary>
    /// Records that could not be used, each reported as an error: the ground truth's unreadable records and unreadable
    /// detections (the <c>SkippedRecords</c> of classification and video evaluations; not the annotations of unlisted
    /// images or categories, which <see cref="GroundTruthSkipped"/> counts too and which are warnings).
    /// </summary>
    public int SkippedRecords => Counts.GroundTruthInvalid + Counts.DetectionsInvalid;

    /// <summary>AP averaged over IoU .50:.05:.95 (COCO's headline number; Vertex AI's boundingBoxMeanAveragePrecision).</summary>
    public double? AP => CocoStats.Defined(Stats.Ap);

    /// <summary>AP at IoU .50.</summary>
    public double? AP50 => CocoStats.Defined(Stats.Ap50);

    /// <summary>AP at IoU .75.</summary>
    public double? AP75 => CocoStats.Defined(Stats.Ap75);

    /// <summary>AP of small objects (area ≤ 32²); empty when undefined (COCO's -1).</summary>
    public double? APSmall => CocoStats.Defined(Stats.ApSmall);

    /// <summary>AP of medium objects; empty when undefined (COCO's -1).</summary>
    public double? APMedium => CocoStats.Defined(Stats.ApMedium);

    /// <summary>AP of large objects (area ≥ 96²); empty when undefined (COCO's -1).</summary>
    public double? APLarge => CocoStats.Defined(Stats.ApLarge);

    /// <summary>Recall with at most 1 detection per image and category.</summary>
    public double? AR1 => CocoStats.Defined(Stats.Ar1);

    /// <summary>Recall with at most 10 detections.</summary>
    public double? AR10 => CocoStats.Defined(Stats.Ar10);

    /// <summary>Recall with at most 100 detections.</summary>
    public double? AR100 => CocoStats.Defined(Stats.Ar100);

    /// <summary>AR100 of small objects; empty when undefined (COCO's -1).</summary>
    public double? ARSmall => CocoStats.Defined(Stats.ArSmall);

    /// <summary>AR100 of medium objects; empty when undefined (COCO's -1).</summary>
    public double? ARMedium => CocoStats.Defined(Stats.ArMedium);

    /// <summary>AR100 of large objects; empty when undefined (COCO's -1).</summary>
    public double? ARLarge => CocoStats.Defined(Stats.ArLarge);

    /// <summary>The best F1 over confidence thresholds at IoU .50, all labels' detections pooled (the CLI's <c>bestF1.f1Score</c>).</summary>
    public double BestF1Score => Evaluation.BestF1Counts.F1;

    /// <summary>The confidence threshold of <see cref="BestF1Score"/> (EasyDL's operating point); empty without detections.</summary>
    public double? BestF1Threshold => OutputValues.Defined(Evaluation.BestF1Counts.Threshold);

    /// <summary>Precision at <see cref="BestF1Threshold"/>.</summary>
    public double PrecisionAtBestF1 => Evaluation.BestF1Counts.Precision;

    /// <summary>Recall at <see cref="BestF1Threshold"/>.</summary>
    public double RecallAtBestF1 => Evaluation.BestF1Counts.Recall;

    /// <summary>
    /// TIDE's error analysis at IoU 0.5 (background 0.1), one row per kind: how many errors and the AP fixing them
    /// would gain (TIDE's dAP). The errors themselves: <c>Get-MisclassifiedImage</c>.
    /// </summary>
    [Hidden, NotInJson]
    public DetectionErrorImpact[] ErrorImpact => DetectionResults.Impact(Evaluation);

    /// <summary>The rows of <see cref="ErrorImpact"/>, joined by ";" (its CSV-friendly twin).</summary>
    public string ErrorImpactText => string.Join(MisclassifiedImage.LabelSeparator, ErrorImpact.Select(i => i.ToString()));

    /// <summary>The label names, joined by ";" (the CSV-friendly twin of <see cref="Labels"/>).</summary>
    public string LabelNames => string.Join(MisclassifiedImage.LabelSeparator, Labels.Select(l => l.Label));

    /// <summary>The ground-truth file.</summary>
    public override string GroundTruthPath => _source.GroundTruthPath;

    /// <summary>The predictions file.</summary>
    public override string PredictionPath => _source.PredictionPath;

    /// <summary>Per-label slices, in category-id order.</summary>
    public ResultList<DetectionLabelEvaluation> Labels { get; }

    /// <summary>
    /// The confusion matrix in long form, as the CLI's JSON and the report count it: true label × predicted label with
    /// a background row (detections that cover no object) and column (objects nobody found), at IoU 0.5 and
    /// <see cref="BestF1Threshold"/> (0.5 without detections).
    /// </summary>
    public ResultList<ConfusionMatrixCell> ConfusionMatrix => _confusionMatrix.Value;

    /// <summary>The engine's result, with the full precision and recall arrays.</summary>
    // It holds the evaluated data (all scores, COCO's precision arrays: 179 MB of JSON for 5,000 images at -Depth 4).
    [Hidden, NotInJson]
    public DetectionEvaluation Evaluation => _source.Evaluation;

    /// <inheritdoc/>
    internal override bool IsMerged => Evaluation.IsMerged;

    /// <summary>"Detection: AP 0.4109 AP50 0.7525 on 2 images (dt.json)".</summary>
    public override string ToString() => OutputValues.Text("{0}: AP {1} AP50 {2} on {3} images ({4})", Task, OutputValues.Metric(AP), OutputValues.Metric(AP50), Images, PredictionFileName);

    private CocoStats Stats => Evaluation.Stats;

    private DetectionCounts Counts => Evaluation.Counts;
}

/// <summary>One category's slice of a <see cref="DetectionModelEvaluation"/> (empty where COCO reports -1: no ground truth of the category).</summary>
public sealed class DetectionLabelEvaluation
{
    internal DetectionLabelEvaluation(string label, long categoryId, double ap, double ap50, double ap75, double ar100, int groundTruthObjects, int detections, double bestF1, double bestF1Threshold, double precisionAtBestF1, double recallAtBestF1)
    {
        Label = label;
        CategoryId = categoryId;
        AP = CocoStats.Defined(ap);
        AP50 = CocoStats.Defined(ap50);
        AP75 = CocoStats.Defined(ap75);
        AR100 = CocoStats.Defined(ar100);
        GroundTruthObjects = groundTruthObjects;
        Detections = detections;
        BestF1Score = OutputValues.Defined(bestF1);
        BestF1Threshold = OutputValues.Defined(bestF1Threshold);
        PrecisionAtBestF1 = OutputValues.Defined(precisionAtBestF1);
        RecallAtBestF1 = OutputValues.Defined(recallAtBestF1);
    }

    /// <summary>The category's name.</summary>
    public string Label { get; }

    /// <summary>The category's id in the ground truth.</summary>
    public long CategoryId { get; }

    /// <summary>AP averaged over IoU .50:.95.</summary>
    public double? AP { get; }

    /// <summary>AP at IoU .50.</summary>
    public double? AP50 { get; }

    /// <summary>AP at IoU .75.</summary>
    public double? AP75 { get; }

    /// <summary>Recall at 100 detections, averaged over IoU thresholds.</summary>
    public double? AR100 { get; }

    /// <summary>Ground-truth objects of the category that recall counts (crowd regions left out: COCO ignores them).</summary>
    public int GroundTruthObjects { get; }

    /// <summary>Detections of the category evaluated.</summary>
    public int Detections { get; }

    /// <summary>
    /// The best F1 over confidence thresholds at IoU .50, named as on every evaluation (its former name BestF1 is an
    /// alias in AutoMLEval.Types.ps1xml).
    /// </summary>
    public double? BestF1Score { get; }

    /// <summary>The confidence threshold of <see cref="BestF1Score"/>.</summary>
    public double? BestF1Threshold { get; }

    /// <summary>Precision at <see cref="BestF1Threshold"/>.</summary>
    public double? PrecisionAtBestF1 { get; }

    /// <summary>Recall at <see cref="BestF1Threshold"/>.</summary>
    public double? RecallAtBestF1 { get; }

    /// <summary>"person: AP 0.4683 AP50 0.7525".</summary>
    public override string ToString() => OutputValues.Text("{0}: AP {1} AP50 {2}", Label, OutputValues.Metric(AP), OutputValues.Metric(AP50));
}

/// <summary>The engine result behind a <see cref="DetectionModelEvaluation"/> and the files it read.</summary>
internal sealed class DetectionSource
{
    public DetectionSource(string task, DetectionEvaluation evaluation, string groundTruthPath, string predictionPath, string? mlUse)
    {
        Task = task;
        Evaluation = evaluation;
        GroundTruthPath = groundTruthPath;
        PredictionPath = predictionPath;
        MlUse = mlUse;
    }

    public string Task { get; }

    /// <summary>The split evaluated (Vertex AI files), or null (COCO files have none).</summary>
    public string? MlUse { get; }

    public DetectionEvaluation Evaluation { get; }

    public string GroundTruthPath { get; }

    public string PredictionPath { get; }
}
