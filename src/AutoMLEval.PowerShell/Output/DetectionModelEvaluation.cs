using System.Management.Automation;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Tasks;

namespace AutoMLEval;

/// <summary>
/// An object-detection or instance-segmentation evaluation as <c>Get-ModelEvaluation -Task Detection|Segmentation</c>
/// writes it: COCO's 12 statistics as flat properties, EasyDL's precision and recall at the best-F1 threshold, the
/// input accounting, and (hidden, with a joined-string twin) the per-label slices. <c>Invoke-ThresholdSweep</c> and
/// <c>Get-MisclassifiedImage</c> take it from the pipeline. Definitions: the engine's <see cref="DetectionEvaluation"/>,
/// equal to pycocotools' COCOeval.
/// </summary>
public sealed class DetectionModelEvaluation : EvaluationResult
{
    /// <summary>The <see cref="MlUse"/> of every detection evaluation: COCO files have no split, so all images are evaluated.</summary>
    public const string AllImages = "all";

    // Engine objects are held through an internal type, so that loading this public type never needs the engine.
    private readonly DetectionSource _source;

    internal DetectionModelEvaluation(DetectionSource source, DetectionLabelEvaluation[] labels)
    {
        _source = source;
        Labels = labels;
    }

    /// <summary>The evaluation task ("Detection" or "Segmentation").</summary>
    public override string Task => _source.Task;

    /// <summary>Always "all": COCO ground truth has no split.</summary>
    public override string MlUse => AllImages;

    /// <summary>Images in the ground truth (the evaluated items).</summary>
    public override int Items => Counts.Images;

    /// <summary>Images in the ground truth.</summary>
    public int Images => Counts.Images;

    /// <summary>Ground-truth objects evaluated (crowd regions included).</summary>
    public int GroundTruthObjects => Counts.GroundTruthObjects;

    /// <summary>Detections evaluated.</summary>
    public int Detections => Counts.Detections;

    /// <summary>Detections left out (unknown image or category, unreadable, beyond maxDets), each reported.</summary>
    public int DetectionsSkipped => Counts.DetectionsSkipped;

    /// <summary>AP averaged over IoU .50:.05:.95 (COCO's headline number; Vertex AI's boundingBoxMeanAveragePrecision).</summary>
    public double AP => Stats.Ap;

    /// <summary>AP at IoU .50.</summary>
    public double AP50 => Stats.Ap50;

    /// <summary>AP at IoU .75.</summary>
    public double AP75 => Stats.Ap75;

    /// <summary>AP of small objects (area ≤ 32²); -1 when undefined.</summary>
    public double APSmall => Stats.ApSmall;

    /// <summary>AP of medium objects; -1 when undefined.</summary>
    public double APMedium => Stats.ApMedium;

    /// <summary>AP of large objects (area ≥ 96²); -1 when undefined.</summary>
    public double APLarge => Stats.ApLarge;

    /// <summary>Recall with at most 1 detection per image and category.</summary>
    public double AR1 => Stats.Ar1;

    /// <summary>Recall with at most 10 detections.</summary>
    public double AR10 => Stats.Ar10;

    /// <summary>Recall with at most 100 detections.</summary>
    public double AR100 => Stats.Ar100;

    /// <summary>AR100 of small objects; -1 when undefined.</summary>
    public double ARSmall => Stats.ArSmall;

    /// <summary>AR100 of medium objects; -1 when undefined.</summary>
    public double ARMedium => Stats.ArMedium;

    /// <summary>AR100 of large objects; -1 when undefined.</summary>
    public double ARLarge => Stats.ArLarge;

    /// <summary>The confidence threshold of best F1 at IoU .50 (EasyDL's operating point).</summary>
    public double BestF1Threshold => Evaluation.BestF1Counts.Threshold;

    /// <summary>Precision at <see cref="BestF1Threshold"/>.</summary>
    public double PrecisionAtBestF1 => Evaluation.BestF1Counts.Precision;

    /// <summary>Recall at <see cref="BestF1Threshold"/>.</summary>
    public double RecallAtBestF1 => Evaluation.BestF1Counts.Recall;

    /// <summary>
    /// TIDE's error analysis at IoU 0.5 (background 0.1), one row per kind: how many errors and the AP fixing them
    /// would gain (TIDE's dAP). The errors themselves: <c>Get-MisclassifiedImage</c>.
    /// </summary>
    [Hidden]
    public DetectionErrorImpact[] ErrorImpact => DetectionResults.Impact(Evaluation);

    /// <summary>The rows of <see cref="ErrorImpact"/>, joined by ";" (its CSV-friendly twin).</summary>
    public string ErrorImpactText => string.Join(MisclassifiedImage.LabelSeparator, ErrorImpact.Select(i => i.ToString()));

    /// <summary>The label names, joined by ";" (the CSV-friendly twin of <see cref="Labels"/>).</summary>
    public string LabelNames => string.Join(MisclassifiedImage.LabelSeparator, Labels.Select(l => l.Label));

    /// <summary>The ground-truth file.</summary>
    public string GroundTruthPath => _source.GroundTruthPath;

    /// <summary>The predictions file.</summary>
    public string PredictionPath => _source.PredictionPath;

    /// <summary>Per-label slices, in category-id order.</summary>
    [Hidden]
    public DetectionLabelEvaluation[] Labels { get; }

    /// <summary>The engine's result, with the full precision and recall arrays.</summary>
    [Hidden]
    public DetectionEvaluation Evaluation => _source.Evaluation;

    private CocoStats Stats => Evaluation.Stats;

    private DetectionCounts Counts => Evaluation.Counts;
}

/// <summary>One category's slice of a <see cref="DetectionModelEvaluation"/> (-1 where COCO reports -1).</summary>
public sealed class DetectionLabelEvaluation
{
    internal DetectionLabelEvaluation(string label, long categoryId, double ap, double ap50, double ap75, double ar100, int groundTruthObjects, int detections, double bestF1, double bestF1Threshold, double precisionAtBestF1, double recallAtBestF1)
    {
        Label = label;
        CategoryId = categoryId;
        AP = ap;
        AP50 = ap50;
        AP75 = ap75;
        AR100 = ar100;
        GroundTruthObjects = groundTruthObjects;
        Detections = detections;
        BestF1 = bestF1;
        BestF1Threshold = bestF1Threshold;
        PrecisionAtBestF1 = precisionAtBestF1;
        RecallAtBestF1 = recallAtBestF1;
    }

    /// <summary>The category's name.</summary>
    public string Label { get; }

    /// <summary>The category's id in the ground truth.</summary>
    public long CategoryId { get; }

    /// <summary>AP averaged over IoU .50:.95.</summary>
    public double AP { get; }

    /// <summary>AP at IoU .50.</summary>
    public double AP50 { get; }

    /// <summary>AP at IoU .75.</summary>
    public double AP75 { get; }

    /// <summary>Recall at 100 detections, averaged over IoU thresholds.</summary>
    public double AR100 { get; }

    /// <summary>Ground-truth objects of the category.</summary>
    public int GroundTruthObjects { get; }

    /// <summary>Detections of the category evaluated.</summary>
    public int Detections { get; }

    /// <summary>The best F1 over confidence thresholds at IoU .50.</summary>
    public double BestF1 { get; }

    /// <summary>The confidence threshold of <see cref="BestF1"/>.</summary>
    public double BestF1Threshold { get; }

    /// <summary>Precision at <see cref="BestF1Threshold"/>.</summary>
    public double PrecisionAtBestF1 { get; }

    /// <summary>Recall at <see cref="BestF1Threshold"/>.</summary>
    public double RecallAtBestF1 { get; }
}

/// <summary>The engine result behind a <see cref="DetectionModelEvaluation"/> and the files it read.</summary>
internal sealed class DetectionSource
{
    public DetectionSource(string task, DetectionEvaluation evaluation, string groundTruthPath, string predictionPath)
    {
        Task = task;
        Evaluation = evaluation;
        GroundTruthPath = groundTruthPath;
        PredictionPath = predictionPath;
    }

    public string Task { get; }

    public DetectionEvaluation Evaluation { get; }

    public string GroundTruthPath { get; }

    public string PredictionPath { get; }
}
