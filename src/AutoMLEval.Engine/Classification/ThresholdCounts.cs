namespace AutoMLEval.Engine.Classification;

/// <summary>
/// The confusion counts of a binary decision "score ≥ threshold" over a set of (score, is-positive) pairs,
/// and the rates that follow from them.
/// Conventions (as Vertex AI's <c>confidenceMetrics</c>): precision with nothing predicted positive is 1,
/// recall with no positives is 0, false-positive rate with no negatives is 0, F1 is 0 when precision and
/// recall are both 0.
/// </summary>
/// <param name="Threshold">The confidence threshold; a pair is predicted positive when its score ≥ it.</param>
/// <param name="TruePositives">Positive pairs at or above the threshold.</param>
/// <param name="FalsePositives">Negative pairs at or above the threshold.</param>
/// <param name="FalseNegatives">Positive pairs below the threshold.</param>
/// <param name="TrueNegatives">Negative pairs below the threshold.</param>
public readonly record struct ThresholdCounts(double Threshold, long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>TP / (TP + FP); 1 when nothing is predicted positive.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when there are no positives.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0.0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>FP / (FP + TN); 0 when there are no negatives.</summary>
    public double FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? 0.0 : (double)FalsePositives / (FalsePositives + TrueNegatives);

    /// <summary>Harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1 => HarmonicMean(Precision, Recall);

    internal static double HarmonicMean(double precision, double recall) =>
        precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
}
