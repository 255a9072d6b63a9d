namespace AutoMLEval;

/// <summary>One label of two evaluations on the same items (<c>Compare-ModelEvaluation -By Label</c>); deltas are Difference − Reference.</summary>
public sealed class LabelComparison
{
    internal LabelComparison(string label, long support, double referenceAuPrc, double differenceAuPrc, double referenceAuRoc, double differenceAuRoc, double referenceF1Score, double differenceF1Score, double? threshold, ComparisonFiles files)
    {
        Label = label;
        Support = support;
        ReferenceAuPrc = OutputValues.Defined(referenceAuPrc);
        DifferenceAuPrc = OutputValues.Defined(differenceAuPrc);
        AuPrcDelta = OutputValues.Defined(differenceAuPrc - referenceAuPrc);
        ReferenceAuRoc = OutputValues.Defined(referenceAuRoc);
        DifferenceAuRoc = OutputValues.Defined(differenceAuRoc);
        AuRocDelta = OutputValues.Defined(differenceAuRoc - referenceAuRoc);
        ReferenceF1Score = OutputValues.Defined(referenceF1Score);
        DifferenceF1Score = OutputValues.Defined(differenceF1Score);
        F1ScoreDelta = OutputValues.Defined(differenceF1Score - referenceF1Score);
        Threshold = threshold;
        ReferencePath = files.ReferencePath;
        DifferencePath = files.DifferencePath;
        ReferenceSlice = files.ReferenceSlice;
        DifferenceSlice = files.DifferenceSlice;
    }

    /// <summary>The label's name.</summary>
    public string Label { get; }

    /// <summary>Paired items whose true labels include this one.</summary>
    public long Support { get; }

    /// <summary>The reference model's average precision for the label (0 without positives).</summary>
    public double? ReferenceAuPrc { get; }

    /// <summary>The difference model's average precision for the label.</summary>
    public double? DifferenceAuPrc { get; }

    /// <summary>DifferenceAuPrc − ReferenceAuPrc.</summary>
    public double? AuPrcDelta { get; }

    /// <summary>The reference model's ROC AUC for the label (empty without positives or negatives).</summary>
    public double? ReferenceAuRoc { get; }

    /// <summary>The difference model's ROC AUC for the label.</summary>
    public double? DifferenceAuRoc { get; }

    /// <summary>DifferenceAuRoc − ReferenceAuRoc.</summary>
    public double? AuRocDelta { get; }

    /// <summary>The reference model's F1 for the label under the evaluation's decision (argmax single-label, threshold multi-label).</summary>
    public double? ReferenceF1Score { get; }

    /// <summary>The difference model's F1 under the same decision.</summary>
    public double? DifferenceF1Score { get; }

    /// <summary>DifferenceF1Score − ReferenceF1Score.</summary>
    public double? F1ScoreDelta { get; }

    /// <summary>
    /// The decision of both F1 scores (and of the fixed and broken items): the threshold (multi-label), or empty when it is
    /// each item's top label (single-label), so that they are the evaluations' ArgMaxF1Score, not their F1Score at the threshold.
    /// </summary>
    public double? Threshold { get; }

    /// <summary>The reference evaluation's predictions file.</summary>
    public string ReferencePath { get; }

    /// <summary>The difference evaluation's predictions file.</summary>
    public string DifferencePath { get; }

    /// <summary>The reference evaluation's metadata slice ("camera=a", as its <see cref="ModelEvaluation.Slice"/>; empty when it is none).</summary>
    public string ReferenceSlice { get; }

    /// <summary>The difference evaluation's metadata slice: what tells apart the rows of the -SliceBy evaluations of one predictions file piped in against one reference.</summary>
    public string DifferenceSlice { get; }

    /// <summary>"eight: AuPRC 0.9079 -> 0.8500 (-0.0579)".</summary>
    public override string ToString() =>
        OutputValues.Text("{0}: AuPRC {1} -> {2} ({3})", Label, OutputValues.Metric(ReferenceAuPrc), OutputValues.Metric(DifferenceAuPrc), OutputValues.Delta(AuPrcDelta));
}
