using System.Globalization;
using AutoMLEval.Engine.Comparison;

namespace AutoMLEval;

/// <summary>The outcome of one release gate (<c>Test-ModelEvaluation -Detailed</c>, and the target of each GateFailed error).</summary>
public sealed class ReleaseGateResult
{
    internal ReleaseGateResult(string comparison, ReleaseGate gate, string metric, double value, double baseline, double drop, bool passed, string message, string predictionPath)
    {
        _comparison = comparison;
        _limitIn = gate.FormatLimit;
        Kind = gate.Kind.ToString();
        Metric = metric;
        Limit = gate.Limit;
        IsRelative = gate.Relative;
        Value = OutputValues.Defined(value);
        Baseline = OutputValues.Defined(baseline);
        Drop = OutputValues.Defined(drop);
        Passed = passed;
        Message = message;
        PredictionPath = predictionPath;
    }

    // The condition before its limit: "AuPrc >=", "AuPrc drop <=".
    private readonly string _comparison;

    // The limit in a culture, by the engine's rule (ReleaseGate.FormatLimit, as the CLI shows it); a delegate, not the
    // gate, so that the type loads before the engine does (PowerShell enumerates the module's public types first).
    private readonly Func<IFormatProvider, string> _limitIn;

    /// <summary>
    /// The gate as a condition, its limit in the invariant culture as messages and files write numbers: "AuPrc >= 0.95",
    /// "LogLoss &lt;= 0.4", "AuPrc drop &lt;= 1%".
    /// </summary>
    public string Gate => GateText(CultureInfo.InvariantCulture);

    /// <summary>
    /// The gate as a condition, its limit in <paramref name="culture"/>: the default view gives the session's, so that
    /// in a German session the Gate column reads "AuPrc >= 0,95" beside the Value 0,9580.
    /// </summary>
    public string GateText(IFormatProvider culture) => _comparison + " " + _limitIn(culture);

    /// <summary>Minimum, Maximum or MaxDrop (the parameter that named the gate).</summary>
    public string Kind { get; }

    /// <summary>The metric, as Compare-ModelEvaluation names it (AuPrc, MicroRecall, …).</summary>
    public string Metric { get; }

    /// <summary>The bound; for a relative drop, a fraction of the baseline (0.01 for '1%').</summary>
    public double Limit { get; }

    /// <summary>Whether the drop is measured as a fraction of the baseline value.</summary>
    public bool IsRelative { get; }

    /// <summary>The candidate's value (empty where undefined, which fails the gate).</summary>
    public double? Value { get; }

    /// <summary>The baseline's value on the paired items (MaxDrop only).</summary>
    public double? Baseline { get; }

    /// <summary>How much worse than the baseline (positive is worse; a fraction for relative gates); MaxDrop only.</summary>
    public double? Drop { get; }

    /// <summary>Whether the gate holds.</summary>
    public bool Passed { get; }

    /// <summary>What was checked and, when it failed, by how much.</summary>
    public string Message { get; }

    /// <summary>The candidate evaluation's predictions file.</summary>
    public string PredictionPath { get; }

    /// <summary>The slice of the candidate ("camera=a", as its <see cref="ModelEvaluation.Slice"/>; empty when it is not one): what tells apart the results of the evaluations of one predictions file that Get-ModelEvaluation -SliceBy writes.</summary>
    public string Slice { get; internal set; } = string.Empty;

    /// <summary>"AuPrc >= 0.95: passed", "AuPrc drop &lt;= 0.005: FAILED (auPrc went from … )".</summary>
    public override string ToString() => Passed ? Gate + ": passed" : Gate + ": FAILED (" + Message + ")";
}
