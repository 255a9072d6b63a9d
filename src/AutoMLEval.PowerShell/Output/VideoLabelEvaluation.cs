namespace AutoMLEval;

/// <summary>One label's slice of a <see cref="VideoEvaluation"/>, one-vs-rest over the unit's items, with the label's temporal IoU.</summary>
public sealed class VideoLabelEvaluation
{
    internal VideoLabelEvaluation(string label, long support, double auPrc, double auRoc, double precision, double recall, double f1Score, double threshold, double temporalIoU, int predictedSpans, int trueSpans)
    {
        Label = label;
        Support = support;
        AuPrc = OutputValues.Defined(auPrc);
        AuRoc = OutputValues.Defined(auRoc);
        Precision = precision;
        Recall = recall;
        F1Score = f1Score;
        Threshold = threshold;
        TemporalIoU = OutputValues.Defined(temporalIoU);
        PredictedSpans = predictedSpans;
        TrueSpans = trueSpans;
    }

    /// <summary>The label's name.</summary>
    public string Label { get; }

    /// <summary>Items whose true labels include this one.</summary>
    public long Support { get; }

    /// <summary>Average precision of the label's scores over the items (0 without positives, as scikit-learn's; docs/metrics.md).</summary>
    public double? AuPrc { get; }

    /// <summary>ROC AUC of the label's scores (empty without positives or negatives).</summary>
    public double? AuRoc { get; }

    /// <summary>Precision of score ≥ <see cref="Threshold"/>.</summary>
    public double Precision { get; }

    /// <summary>Recall of score ≥ <see cref="Threshold"/>.</summary>
    public double Recall { get; }

    /// <summary>F1 of score ≥ <see cref="Threshold"/>.</summary>
    public double F1Score { get; }

    /// <summary>The evaluation's decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>Seconds covered by both the predicted (score ≥ threshold) and the true spans, over the seconds covered by either (empty when neither covers any).</summary>
    public double? TemporalIoU { get; }

    /// <summary>Predicted spans of the label (merged runs of items at or above the threshold).</summary>
    public int PredictedSpans { get; }

    /// <summary>Ground-truth spans of the label in the evaluated videos.</summary>
    public int TrueSpans { get; }

    /// <summary>"walk: precision 1.0000 recall 1.0000 temporal IoU 1.0000".</summary>
    public override string ToString() => OutputValues.Text("{0}: precision {1} recall {2} temporal IoU {3}", Label, OutputValues.Metric(Precision), OutputValues.Metric(Recall), OutputValues.Metric(TemporalIoU));
}
