namespace AutoMLEval;

/// <summary>One label's slice of a <see cref="ModelEvaluation"/>, one-vs-rest (what Vertex AI shows per label).</summary>
public sealed class LabelEvaluation
{
    internal LabelEvaluation(string label, long support, double auPrc, double auRoc, double precision, double recall, double f1Score, double threshold, double bestF1Score, double bestF1Threshold)
    {
        Label = label;
        Support = support;
        AuPrc = auPrc;
        AuRoc = auRoc;
        Precision = precision;
        Recall = recall;
        F1Score = f1Score;
        Threshold = threshold;
        BestF1Score = bestF1Score;
        BestF1Threshold = bestF1Threshold;
    }

    /// <summary>The label's name.</summary>
    public string Label { get; }

    /// <summary>Evaluated items whose true labels include this one.</summary>
    public long Support { get; }

    /// <summary>Average precision of the label's scores (NaN without positives).</summary>
    public double AuPrc { get; }

    /// <summary>ROC AUC of the label's scores (NaN without positives or negatives).</summary>
    public double AuRoc { get; }

    /// <summary>Precision of the label's decision: argmax for single-label, score ≥ <see cref="Threshold"/> for multi-label.</summary>
    public double Precision { get; }

    /// <summary>Recall of the same decision.</summary>
    public double Recall { get; }

    /// <summary>F1 of the same decision.</summary>
    public double F1Score { get; }

    /// <summary>The evaluation's decision threshold (used by multi-label decisions).</summary>
    public double Threshold { get; }

    /// <summary>The highest F1 over the label's own score thresholds.</summary>
    public double BestF1Score { get; }

    /// <summary>The score threshold of <see cref="BestF1Score"/>.</summary>
    public double BestF1Threshold { get; }
}
