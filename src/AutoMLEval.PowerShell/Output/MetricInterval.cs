namespace AutoMLEval;

/// <summary>A 95% percentile bootstrap interval of one headline metric (<c>Get-ModelEvaluation -ConfidenceInterval</c>).</summary>
public sealed class MetricInterval
{
    internal MetricInterval(string metric, double lower, double upper, int samples)
    {
        Metric = metric;
        Lower = lower;
        Upper = upper;
        Samples = samples;
    }

    /// <summary>
    /// The metric's property name on <see cref="ModelEvaluation"/> (AuPrc, AuRoc, LogLoss, MacroAuPrc, MacroAuRoc, Accuracy,
    /// MacroF1, Precision, Recall, F1Score) or on its <see cref="ModelEvaluation.Calibration"/> (ExpectedCalibrationError, BrierScore).
    /// </summary>
    public string Metric { get; }

    /// <summary>2.5th percentile of the resampled metric.</summary>
    public double Lower { get; }

    /// <summary>97.5th percentile of the resampled metric.</summary>
    public double Upper { get; }

    /// <summary>Number of bootstrap resamples.</summary>
    public int Samples { get; }

    /// <summary>"AuPrc [0.9501, 0.9652]".</summary>
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} [{1:0.0000}, {2:0.0000}]", Metric, Lower, Upper);
}
