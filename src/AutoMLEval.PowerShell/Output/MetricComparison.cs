namespace AutoMLEval;

/// <summary>
/// One headline metric of two evaluations on the same items (<c>Compare-ModelEvaluation -By Metric</c>): both values,
/// the delta (Difference − Reference) and its paired 95% bootstrap interval; the Accuracy row also carries McNemar's
/// exact test of the two models' decisions.
/// </summary>
public sealed class MetricComparison
{
    internal MetricComparison(string metric, bool higherIsBetter, double reference, double difference, double ciLower, double ciUpper, ComparisonFiles files)
    {
        Metric = metric;
        HigherIsBetter = higherIsBetter;
        Reference = OutputValues.Defined(reference);
        Difference = OutputValues.Defined(difference);
        Delta = OutputValues.Defined(difference - reference);
        CiLower = OutputValues.Defined(ciLower);
        CiUpper = OutputValues.Defined(ciUpper);
        PairedItems = files.PairedItems;
        ReferencePath = files.ReferencePath;
        DifferencePath = files.DifferencePath;
        ReferenceSlice = files.ReferenceSlice;
        DifferenceSlice = files.DifferenceSlice;
    }

    /// <summary>The metric: the evaluate JSON's name with a capital (AuPrc, LogLoss, MicroRecall, ExpectedCalibrationError, …); Test-ModelEvaluation takes the same names.</summary>
    public string Metric { get; }

    /// <summary>False for losses and errors (LogLoss, ExpectedCalibrationError, BrierScore), where a rise is a change for the worse.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The reference model's value on the paired items (empty where undefined).</summary>
    public double? Reference { get; }

    /// <summary>The difference (candidate) model's value on the paired items.</summary>
    public double? Difference { get; }

    /// <summary>Difference − Reference.</summary>
    public double? Delta { get; }

    /// <summary>2.5th percentile of the paired bootstrap deltas; empty with -BootstrapSamples 0.</summary>
    public double? CiLower { get; }

    /// <summary>97.5th percentile of the paired bootstrap deltas.</summary>
    public double? CiUpper { get; }

    /// <summary>Whether the 95% interval of the delta excludes 0 (false without bootstrap).</summary>
    public bool IsSignificant => CiLower > 0 || CiUpper < 0;

    /// <summary>Accuracy row only: McNemar's exact two-sided p-value over the items one model gets right and the other wrong.</summary>
    public double? PValue { get; internal set; }

    /// <summary>Accuracy row only: items the reference gets wrong and the difference right.</summary>
    public int? Fixed { get; internal set; }

    /// <summary>Accuracy row only: items the reference gets right and the difference wrong.</summary>
    public int? Broken { get; internal set; }

    /// <summary>Items on both sides: the ones compared.</summary>
    public int PairedItems { get; }

    /// <summary>The reference evaluation's predictions file.</summary>
    public string ReferencePath { get; }

    /// <summary>The difference evaluation's predictions file (tells the rows of several candidates apart).</summary>
    public string DifferencePath { get; }

    /// <summary>The reference evaluation's metadata slice ("camera=a", as its <see cref="ModelEvaluation.Slice"/>; empty when it is none).</summary>
    public string ReferenceSlice { get; }

    /// <summary>The difference evaluation's metadata slice: what tells apart the rows of the -SliceBy evaluations of one predictions file piped in against one reference.</summary>
    public string DifferenceSlice { get; }

    /// <summary>"Accuracy: 0.8963 -> 0.8500, delta -0.0463 [-0.0650, -0.0280]".</summary>
    public override string ToString() =>
        OutputValues.Text("{0}: {1} -> {2}, delta {3} [{4}, {5}]", Metric, OutputValues.Metric(Reference), OutputValues.Metric(Difference), OutputValues.Delta(Delta), OutputValues.Delta(CiLower), OutputValues.Delta(CiUpper));
}

/// <summary>What every row of one comparison shares: the paired item count, the two predictions files and their metadata slices (empty for whole evaluations).</summary>
internal sealed record ComparisonFiles(int PairedItems, string ReferencePath, string DifferencePath, string ReferenceSlice = "", string DifferenceSlice = "");
