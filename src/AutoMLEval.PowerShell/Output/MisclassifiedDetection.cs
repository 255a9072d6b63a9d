namespace AutoMLEval;

/// <summary>
/// One detection error (<c>Get-MisclassifiedImage</c> on a <see cref="DetectionModelEvaluation"/>): a ground-truth
/// object no detection matched, or a detection that matched nothing, with its TIDE kind. Definitions: the engine's
/// <c>DetectionErrorAnalysis</c>.
/// </summary>
public sealed class MisclassifiedDetection
{
    internal MisclassifiedDetection(long imageId, string fileName, string label, long categoryId, MisclassificationKind kind, double score, double bestIou, double[] box, long? groundTruthId, (string Label, long CategoryId)? truth, double iouThreshold)
    {
        ImageId = imageId;
        FileName = fileName;
        Label = label;
        CategoryId = categoryId;
        TrueLabel = truth?.Label;
        TrueCategoryId = truth?.CategoryId;
        Kind = kind;
        Score = OutputValues.Defined(score);
        BestIou = bestIou;
        // A segmentation result may carry its mask only: the engine's box is NaN then, and empty here.
        X = OutputValues.Defined(box[0]);
        Y = OutputValues.Defined(box[1]);
        Width = OutputValues.Defined(box[2]);
        Height = OutputValues.Defined(box[3]);
        GroundTruthId = groundTruthId;
        IouThreshold = iouThreshold;
    }

    /// <summary>The predictions file of the evaluation: what tells apart the errors of several evaluations piped in (Group-Object PredictionPath).</summary>
    public string PredictionPath { get; internal set; } = string.Empty;

    /// <summary>The image's id in the ground truth.</summary>
    public long ImageId { get; }

    /// <summary>The image's file name from the ground truth (empty when it has none).</summary>
    public string FileName { get; }

    /// <summary>The detection's label (for a missed detection, the object's).</summary>
    public string Label { get; }

    /// <summary>The category id of <see cref="Label"/>.</summary>
    public long CategoryId { get; }

    /// <summary>MissedDetection, Duplicate, WrongLabel, Localisation, WrongLabelAndLocalisation or Background.</summary>
    public MisclassificationKind Kind { get; }

    /// <summary>The detection's score; empty for a missed detection.</summary>
    public double? Score { get; }

    /// <summary>
    /// A false detection's highest IoU with an object of its label (wrong-label kinds: of the other label); a missed
    /// object's highest IoU with any detection of its label.
    /// </summary>
    public double BestIou { get; }

    /// <summary>Left edge of the detection's (missed object's) box, in pixels; empty for a missed ground-truth segment given without a box.</summary>
    public double? X { get; }

    /// <summary>Top edge of the box, in pixels.</summary>
    public double? Y { get; }

    /// <summary>Width of the box, in pixels.</summary>
    public double? Width { get; }

    /// <summary>Height of the box, in pixels.</summary>
    public double? Height { get; }

    /// <summary>The ground-truth annotation <see cref="BestIou"/> refers to (the missed one itself); empty for background errors.</summary>
    public long? GroundTruthId { get; }

    /// <summary>
    /// The label of the ground-truth object <see cref="GroundTruthId"/> names: another label than <see cref="Label"/>
    /// for the wrong-label kinds (what the object really was), the same for the others; empty for background errors.
    /// </summary>
    public string? TrueLabel { get; }

    /// <summary>The category id of <see cref="TrueLabel"/> (the CLI's <c>errors</c> rows name it <c>otherCategoryId</c> where it differs).</summary>
    public long? TrueCategoryId { get; }

    /// <summary>The IoU a match needed.</summary>
    public double IouThreshold { get; }

    /// <summary>
    /// "Localisation car in 0311.jpg at (365.2, 228.7, 46.3, 38.9)": the box in pixels to one decimal (a tenth of a
    /// pixel is finer than any box is drawn); without a box, "WrongLabel person in 000001.jpg".
    /// </summary>
    public override string ToString() =>
        OutputValues.Text("{0} {1} in {2}", Kind, Label, FileName.Length > 0 ? FileName : "image " + ImageId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        + (X is null ? string.Empty : OutputValues.Text(" at ({0}, {1}, {2}, {3})", OutputValues.Pixels(X), OutputValues.Pixels(Y), OutputValues.Pixels(Width), OutputValues.Pixels(Height)));
}
