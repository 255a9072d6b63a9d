namespace AutoMLEval;

/// <summary>One label's slice of a <see cref="ModelEvaluation"/>, one-vs-rest (what Vertex AI shows per label).</summary>
public sealed class LabelEvaluation
{
    internal LabelEvaluation(string label, long support, double auPrc, double auRoc, double precision, double recall, double f1Score, double threshold, double bestF1Score, double bestF1Threshold, double? argMaxPrecision = null, double? argMaxRecall = null, double? argMaxF1Score = null)
    {
        ArgMaxPrecision = argMaxPrecision;
        ArgMaxRecall = argMaxRecall;
        ArgMaxF1Score = argMaxF1Score;
        Label = label;
        Support = support;
        AuPrc = OutputValues.Defined(auPrc);
        AuRoc = OutputValues.Defined(auRoc);
        Precision = precision;
        Recall = recall;
        F1Score = f1Score;
        Threshold = threshold;
        BestF1Score = bestF1Score;
        BestF1Threshold = OutputValues.Defined(bestF1Threshold);
    }

    /// <summary>The label's name.</summary>
    public string Label { get; }

    /// <summary>Evaluated items whose true labels include this one.</summary>
    public long Support { get; }

    /// <summary>Average precision of the label's scores (0 without positives, as scikit-learn's; docs/metrics.md).</summary>
    public double? AuPrc { get; }

    /// <summary>ROC AUC of the label's scores (empty without positives or negatives).</summary>
    public double? AuRoc { get; }

    /// <summary>Precision when the label is predicted for items whose score for it ≥ <see cref="Threshold"/> (the CLI's <c>perLabel[].precision</c>).</summary>
    public double Precision { get; }

    /// <summary>Recall of the same decision.</summary>
    public double Recall { get; }

    /// <summary>F1 of the same decision.</summary>
    public double F1Score { get; }

    /// <summary>The evaluation's decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>Single-label only: precision when the label is predicted for items whose highest score it has (argmax).</summary>
    public double? ArgMaxPrecision { get; }

    /// <summary>Single-label only: recall of the argmax decision.</summary>
    public double? ArgMaxRecall { get; }

    /// <summary>Single-label only: F1 of the argmax decision (their mean is <c>MacroF1</c>).</summary>
    public double? ArgMaxF1Score { get; }

    /// <summary>The highest F1 over the label's own score thresholds.</summary>
    public double BestF1Score { get; }

    /// <summary>The score threshold of <see cref="BestF1Score"/> (empty when no threshold gives a true positive).</summary>
    public double? BestF1Threshold { get; }

    /// <summary>"eight: precision 1.0000 recall 0.4231".</summary>
    public override string ToString() => OutputValues.Text("{0}: precision {1} recall {2}", Label, OutputValues.Metric(Precision), OutputValues.Metric(Recall));
}
