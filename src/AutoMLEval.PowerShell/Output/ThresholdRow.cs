namespace AutoMLEval;

/// <summary>
/// One row of a confidence-threshold sweep (<c>Invoke-ThresholdSweep</c>), as Vertex AI's <c>confidenceMetrics</c>:
/// a pair (item, label) is predicted positive when its score ≥ <see cref="Threshold"/>. Micro-averaged rows
/// and per-label rows of an image classification also carry the At1 variants, which count only each item's
/// highest-scored label (as Vertex AI's confidenceMetrics do); rows of a video evaluation carry the temporal IoU instead.
/// A detection evaluation's rows are <see cref="DetectionThresholdRow"/>s. <see cref="PredictionPath"/> and
/// <see cref="Slice"/> tell the rows of several evaluations apart.
/// </summary>
public sealed class ThresholdRow
{
    /// <summary>The <see cref="Label"/> of micro-averaged rows.</summary>
    public const string MicroAverage = "(micro)";

    internal ThresholdRow(string predictionPath, string label, double threshold, long truePositives, long falsePositives, long falseNegatives, long trueNegatives, double precision, double recall, double falsePositiveRate, double f1Score)
    {
        PredictionPath = predictionPath;
        Label = label;
        Threshold = threshold;
        TruePositiveCount = truePositives;
        FalsePositiveCount = falsePositives;
        FalseNegativeCount = falseNegatives;
        TrueNegativeCount = trueNegatives;
        Precision = precision;
        Recall = recall;
        FalsePositiveRate = falsePositiveRate;
        F1Score = f1Score;
    }

    /// <summary>The label, or <see cref="MicroAverage"/> for rows pooled over every label.</summary>
    public string Label { get; }

    /// <summary>The confidence threshold.</summary>
    public double Threshold { get; }

    /// <summary>TP / (TP + FP); 1 when nothing is predicted positive.</summary>
    public double Precision { get; }

    /// <summary>TP / (TP + FN); 0 when there are no positives.</summary>
    public double Recall { get; }

    /// <summary>FP / (FP + TN); 0 when there are no negatives.</summary>
    public double FalsePositiveRate { get; }

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1Score { get; }

    /// <summary>Positive pairs at or above the threshold.</summary>
    public long TruePositiveCount { get; }

    /// <summary>Negative pairs at or above the threshold.</summary>
    public long FalsePositiveCount { get; }

    /// <summary>Positive pairs below the threshold.</summary>
    public long FalseNegativeCount { get; }

    /// <summary>Negative pairs below the threshold.</summary>
    public long TrueNegativeCount { get; }

    /// <summary>Precision counting only each item's top-1 label (image classification rows).</summary>
    public double? PrecisionAt1 { get; internal set; }

    /// <summary>Recall counting only each item's top-1 label (image classification rows).</summary>
    public double? RecallAt1 { get; internal set; }

    /// <summary>False-positive rate counting only each item's top-1 label (image classification rows).</summary>
    public double? FalsePositiveRateAt1 { get; internal set; }

    /// <summary>F1 counting only each item's top-1 label (image classification rows).</summary>
    public double? F1ScoreAt1 { get; internal set; }

    /// <summary>Video only: temporal IoU of the predicted (score ≥ threshold) and true spans, pooled over labels on micro rows; empty for images.</summary>
    public double? TemporalIoU { get; internal set; }

    /// <summary>The predictions file of the evaluation swept (the model of Get-ModelEvaluation -ModelPath): what tells the rows of several evaluations apart.</summary>
    public string PredictionPath { get; }

    /// <summary>The slice of the evaluation swept ("camera=a", as its <see cref="ModelEvaluation.Slice"/>; empty when it is not one): what tells apart the rows of the evaluations of one predictions file that Get-ModelEvaluation -SliceBy writes.</summary>
    public string Slice { get; internal set; } = string.Empty;

    /// <summary>"(micro) at 0.5: precision 0.9284 recall 0.8648".</summary>
    public override string ToString() => OutputValues.Text("{0} at {1}: precision {2} recall {3}", Label, Threshold, OutputValues.Metric(Precision), OutputValues.Metric(Recall));
}
