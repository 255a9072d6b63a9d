namespace AutoMLEval;

/// <summary>One category of two detection evaluations of the same images (<c>Compare-ModelEvaluation -By Label</c>): COCO's AP and AP50 of both; deltas are Difference − Reference.</summary>
public sealed class DetectionLabelComparison
{
    internal DetectionLabelComparison(string label, long categoryId, int groundTruthObjects, double referenceAp, double differenceAp, double referenceAp50, double differenceAp50, ComparisonFiles files)
    {
        Label = label;
        CategoryId = categoryId;
        GroundTruthObjects = groundTruthObjects;
        ReferenceAp = OutputValues.Defined(referenceAp);
        DifferenceAp = OutputValues.Defined(differenceAp);
        ApDelta = OutputValues.Defined(differenceAp - referenceAp);
        ReferenceAp50 = OutputValues.Defined(referenceAp50);
        DifferenceAp50 = OutputValues.Defined(differenceAp50);
        Ap50Delta = OutputValues.Defined(differenceAp50 - referenceAp50);
        ReferencePath = files.ReferencePath;
        DifferencePath = files.DifferencePath;
    }

    /// <summary>The category's name.</summary>
    public string Label { get; }

    /// <summary>The COCO category id.</summary>
    public long CategoryId { get; }

    /// <summary>Its ground-truth objects (crowd included).</summary>
    public int GroundTruthObjects { get; }

    /// <summary>The reference model's AP (IoU .50:.95; empty without ground truth).</summary>
    public double? ReferenceAp { get; }

    /// <summary>The difference model's AP.</summary>
    public double? DifferenceAp { get; }

    /// <summary>DifferenceAp − ReferenceAp.</summary>
    public double? ApDelta { get; }

    /// <summary>The reference model's AP at IoU .5.</summary>
    public double? ReferenceAp50 { get; }

    /// <summary>The difference model's AP at IoU .5.</summary>
    public double? DifferenceAp50 { get; }

    /// <summary>DifferenceAp50 − ReferenceAp50.</summary>
    public double? Ap50Delta { get; }

    /// <summary>The reference evaluation's predictions file.</summary>
    public string ReferencePath { get; }

    /// <summary>The difference evaluation's predictions file.</summary>
    public string DifferencePath { get; }

    /// <summary>"person: AP 0.3957 -> 0.2087 (-0.1870)".</summary>
    public override string ToString() =>
        OutputValues.Text("{0}: AP {1} -> {2} ({3})", Label, OutputValues.Metric(ReferenceAp), OutputValues.Metric(DifferenceAp), OutputValues.Metric(ApDelta));
}
