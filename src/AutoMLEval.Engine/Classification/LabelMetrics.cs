namespace AutoMLEval.Engine.Classification;

/// <summary>
/// One label's slice of the evaluation, one-vs-rest.
/// </summary>
/// <param name="Label">The label's name.</param>
/// <param name="Index">The label's column.</param>
/// <param name="Support">Items whose true labels include this one.</param>
/// <param name="AuPrc">Average precision (step sum over distinct thresholds); NaN without positives.</param>
/// <param name="AuRoc">ROC AUC; NaN without positives or without negatives.</param>
/// <param name="AtThreshold">Counts when the label is predicted for items whose score for it ≥ the threshold.</param>
/// <param name="ArgMax">Counts when the label is predicted for items whose highest score is this label (single-label decision rule); null for multi-label.</param>
/// <param name="BestF1">The operating point of highest F1 over this label's distinct score thresholds.</param>
public sealed record LabelMetrics(
    string Label,
    int Index,
    long Support,
    double AuPrc,
    double AuRoc,
    ThresholdCounts AtThreshold,
    ThresholdCounts? ArgMax,
    ThresholdCounts BestF1);
