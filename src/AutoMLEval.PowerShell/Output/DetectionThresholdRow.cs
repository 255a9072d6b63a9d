namespace AutoMLEval;

/// <summary>
/// One row of a detection evaluation's confidence-threshold sweep (<c>Invoke-ThresholdSweep</c> on a
/// <see cref="DetectionModelEvaluation"/>): detections scored ≥ <see cref="Threshold"/>, matched to objects at
/// <see cref="IouThreshold"/>. A detector has no countable negatives, so unlike a <see cref="ThresholdRow"/> it has no
/// true-negative count nor false-positive rate: absent rather than empty, since <c>Measure-Object</c> averages an
/// empty property as 0 and leaves an absent one out.
/// </summary>
public sealed class DetectionThresholdRow
{
    internal DetectionThresholdRow(string predictionPath, string label, double threshold, double iouThreshold, long truePositives, long falsePositives, long falseNegatives, double precision, double recall, double f1Score)
    {
        PredictionPath = predictionPath;
        Label = label;
        Threshold = threshold;
        IouThreshold = iouThreshold;
        TruePositiveCount = truePositives;
        FalsePositiveCount = falsePositives;
        FalseNegativeCount = falseNegatives;
        Precision = precision;
        Recall = recall;
        F1Score = f1Score;
    }

    /// <summary>The label, or <see cref="ThresholdRow.MicroAverage"/> for rows pooled over every label.</summary>
    public string Label { get; }

    /// <summary>The confidence threshold.</summary>
    public double Threshold { get; }

    /// <summary>The IoU a detection needed to match an object (-IouThreshold): what tells apart the rows of sweeps at several.</summary>
    public double IouThreshold { get; }

    /// <summary>TP / (TP + FP); 1 when nothing is detected.</summary>
    public double Precision { get; }

    /// <summary>TP / (TP + FN); 0 when there are no objects.</summary>
    public double Recall { get; }

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1Score { get; }

    /// <summary>Detections at or above the threshold that matched an object.</summary>
    public long TruePositiveCount { get; }

    /// <summary>Detections at or above the threshold that matched none.</summary>
    public long FalsePositiveCount { get; }

    /// <summary>Objects no detection at or above the threshold matched.</summary>
    public long FalseNegativeCount { get; }

    /// <summary>The predictions file of the evaluation swept: what tells the rows of several evaluations apart.</summary>
    public string PredictionPath { get; }

    /// <summary>"(micro) at 0.5: precision 0.6667 recall 0.8000".</summary>
    public override string ToString() => OutputValues.Text("{0} at {1}: precision {2} recall {3}", Label, Threshold, OutputValues.Metric(Precision), OutputValues.Metric(Recall));
}
