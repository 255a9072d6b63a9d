namespace AutoMLEval;

/// <summary>
/// How well a single-label model's top-1 confidence matches its accuracy (<c>ModelEvaluation.Calibration</c>):
/// expected and maximum calibration error over 15 equal-width bins, the equal-mass ECE, the multi-class Brier score
/// and the reliability bins. Definitions: the engine's <c>Calibration</c> and docs/decide.md.
/// </summary>
public sealed class ModelCalibration
{
    internal ModelCalibration(double expected, double maximum, double equalMassExpected, double brierScore, ReliabilityBin[] bins, string predictionPath, string slice)
    {
        PredictionPath = predictionPath;
        Slice = slice;
        ExpectedCalibrationError = expected;
        MaximumCalibrationError = maximum;
        EqualMassExpectedCalibrationError = equalMassExpected;
        BrierScore = brierScore;
        Bins = new ResultList<ReliabilityBin>(bins);
    }

    /// <summary>ECE: Σ (items in bin / items)·|accuracy − mean confidence| over 15 equal-width bins (Guo et al. 2017).</summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>MCE: the largest |accuracy − mean confidence| over the non-empty bins (Naeini et al. 2015).</summary>
    public double MaximumCalibrationError { get; }

    /// <summary>ECE over 15 bins holding (nearly) equal numbers of items.</summary>
    public double EqualMassExpectedCalibrationError { get; }

    /// <summary>Multi-class Brier score: (1/N) Σ_i Σ_k (p_ik − y_ik)² over the scores as given.</summary>
    public double BrierScore { get; }

    /// <summary>The 15 equal-width reliability bins, lowest confidence first (empty bins included).</summary>
    // Out of ConvertTo-Json: an evaluation's bins are a level deeper than its default -Depth of 2, which cut them to text
    // with a warning (an error under $WarningPreference = 'Stop'). $eval.Calibration.Bins | ConvertTo-Json writes them.
    [NotInJson]
    public ResultList<ReliabilityBin> Bins { get; }

    /// <summary>
    /// The predictions file of the evaluation: with <see cref="Slice"/>, what tells apart the calibrations of several
    /// evaluations or slices (<c>$slices.Calibration | Format-Table</c>).
    /// </summary>
    public string PredictionPath { get; }

    /// <summary>The evaluation's slice ("camera=b"); empty for a whole evaluation.</summary>
    public string Slice { get; }

    /// <summary>"ECE 0.0312 MCE 0.1250 Brier 0.1520".</summary>
    public override string ToString() =>
        OutputValues.Text("ECE {0} MCE {1} Brier {2}", OutputValues.Metric(ExpectedCalibrationError), OutputValues.Metric(MaximumCalibrationError), OutputValues.Metric(BrierScore));
}

/// <summary>One reliability bin of a <see cref="ModelCalibration"/>: the items whose top-1 confidence is in (Lower, Upper].</summary>
public sealed class ReliabilityBin
{
    internal ReliabilityBin(double lower, double upper, int items, double accuracy, double confidence)
    {
        Lower = lower;
        Upper = upper;
        Items = items;
        Accuracy = OutputValues.Defined(accuracy);
        Confidence = OutputValues.Defined(confidence);
    }

    /// <summary>Lower edge (exclusive; the first bin also holds 0).</summary>
    public double Lower { get; }

    /// <summary>Upper edge (inclusive).</summary>
    public double Upper { get; }

    /// <summary>Items whose top-1 confidence falls in the bin.</summary>
    public int Items { get; }

    /// <summary>Share of them whose top-1 label is right; empty for an empty bin.</summary>
    public double? Accuracy { get; }

    /// <summary>Their mean top-1 confidence; empty for an empty bin.</summary>
    public double? Confidence { get; }

    /// <summary>|Accuracy − Confidence|: the bin's calibration gap; empty for an empty bin.</summary>
    public double? Gap => Accuracy is double a && Confidence is double c ? Math.Abs(a - c) : null;

    /// <summary>"(0.9333, 1.0000]: 312 items, accuracy 0.9872, confidence 0.9801".</summary>
    public override string ToString() =>
        OutputValues.Text("({0}, {1}]: {2} items, accuracy {3}, confidence {4}", OutputValues.Metric(Lower), OutputValues.Metric(Upper), Items, OutputValues.Metric(Accuracy), OutputValues.Metric(Confidence));
}
