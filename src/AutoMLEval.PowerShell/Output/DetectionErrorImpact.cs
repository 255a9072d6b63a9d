namespace AutoMLEval;

/// <summary>
/// One TIDE error kind of a <see cref="DetectionModelEvaluation"/> (<c>ErrorImpact</c>): how many errors of that kind
/// the analysis found at IoU 0.5 (background 0.1) and TIDE's dAP, the AP gained by fixing all of them and nothing
/// else (a fraction; TIDE prints it × 100). Definitions: the engine's <c>DetectionErrorAnalysis</c>, equal to tidecv 1.0.1.
/// </summary>
public sealed class DetectionErrorImpact
{
    internal DetectionErrorImpact(MisclassificationKind kind, int errors, double deltaAP)
    {
        Kind = kind;
        Errors = errors;
        DeltaAP = deltaAP;
    }

    /// <summary>MissedDetection, Duplicate, WrongLabel, Localisation, WrongLabelAndLocalisation or Background.</summary>
    public MisclassificationKind Kind { get; }

    /// <summary>Errors of this kind (the objects of <c>Get-MisclassifiedImage -Kind</c> with this kind at IoU 0.5).</summary>
    public int Errors { get; }

    /// <summary>TIDE's dAP: max(TIDE's AP with every error of this kind fixed − TIDE's AP, 0).</summary>
    public double DeltaAP { get; }

    /// <summary>"Kind: N errors, dAP" ("1 error").</summary>
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}: {1} {2}, dAP {3:0.0000}", Kind, Errors, Errors == 1 ? "error" : "errors", DeltaAP);
}
