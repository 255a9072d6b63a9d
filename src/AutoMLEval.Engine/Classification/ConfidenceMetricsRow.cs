namespace AutoMLEval.Engine.Classification;

/// <summary>
/// One row of Vertex AI's <c>confidenceMetrics</c>: micro-averaged over every (item, label) pair, a pair
/// predicted positive when its score ≥ the threshold (<see cref="All"/>); and the same counting only each
/// item's top-1 label as a candidate (<see cref="AtTop1"/>: the <c>…At1</c> fields).
/// </summary>
/// <param name="Threshold">The confidence threshold.</param>
/// <param name="All">Counts over all pairs.</param>
/// <param name="AtTop1">Counts when only each item's highest-scored label may be predicted.</param>
public sealed record ConfidenceMetricsRow(double Threshold, ThresholdCounts All, ThresholdCounts AtTop1);
