namespace AutoMLEval;

/// <summary>
/// One category of two detection evaluations of the same images (<c>Compare-ModelEvaluation -By Label</c>): COCO's AP and AP50
/// of both, named as <see cref="DetectionLabelEvaluation"/> names them; deltas are Difference − Reference.
/// </summary>
public sealed class DetectionLabelComparison
{
    internal DetectionLabelComparison(string label, long categoryId, int groundTruthObjects, double referenceAp, double differenceAp, double referenceAp50, double differenceAp50, ComparisonFiles files)
    {
        Label = label;
        CategoryId = categoryId;
        GroundTruthObjects = groundTruthObjects;
        ReferenceAP = OutputValues.Defined(referenceAp);
        DifferenceAP = OutputValues.Defined(differenceAp);
        APDelta = OutputValues.Defined(differenceAp - referenceAp);
        ReferenceAP50 = OutputValues.Defined(referenceAp50);
        DifferenceAP50 = OutputValues.Defined(differenceAp50);
        AP50Delta = OutputValues.Defined(differenceAp50 - referenceAp50);
        ReferencePath = files.ReferencePath;
        DifferencePath = files.DifferencePath;
    }

    /// <summary>The category's name.</summary>
    public string Label { get; }

    /// <summary>The COCO category id.</summary>
    public long CategoryId { get; }

    /// <summary>Its ground-truth objects that recall counts (crowd regions left out: COCO ignores them).</summary>
    public int GroundTruthObjects { get; }

    /// <summary>The reference model's AP (IoU .50:.95; empty without ground truth).</summary>
    public double? ReferenceAP { get; }

    /// <summary>The difference model's AP.</summary>
    public double? DifferenceAP { get; }

    /// <summary>DifferenceAP − ReferenceAP.</summary>
    public double? APDelta { get; }

    /// <summary>The reference model's AP at IoU .5.</summary>
    public double? ReferenceAP50 { get; }

    /// <summary>The difference model's AP at IoU .5.</summary>
    public double? DifferenceAP50 { get; }

    /// <summary>DifferenceAP50 − ReferenceAP50.</summary>
    public double? AP50Delta { get; }

    /// <summary>The reference evaluation's predictions file.</summary>
    public string ReferencePath { get; }

    /// <summary>The difference evaluation's predictions file.</summary>
    public string DifferencePath { get; }

    /// <summary>"person: AP 0.3957 -> 0.2087 (-0.1870)".</summary>
    public override string ToString() =>
        OutputValues.Text("{0}: AP {1} -> {2} ({3})", Label, OutputValues.Metric(ReferenceAP), OutputValues.Metric(DifferenceAP), OutputValues.Delta(APDelta));
}
