using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Comparison;

/// <summary>What a release gate bounds (TensorFlow Model Analysis' value and change thresholds).</summary>
public enum GateKind
{
    /// <summary>The metric must be at least the limit.</summary>
    Minimum,

    /// <summary>The metric must be at most the limit.</summary>
    Maximum,

    /// <summary>The metric may get worse than the baseline by at most the limit (absolute, or relative with <see cref="ReleaseGate.Relative"/>).</summary>
    MaxDrop,
}

/// <summary>One release gate on one headline metric.</summary>
/// <param name="Kind">Minimum, maximum or largest drop against a baseline.</param>
/// <param name="Metric">The evaluate JSON name of the metric.</param>
/// <param name="Limit">The bound; for a relative drop, a fraction of the baseline (0.01 for 1%).</param>
/// <param name="Relative">Whether a drop is measured as a fraction of the baseline value.</param>
public sealed record ReleaseGate(GateKind Kind, string Metric, double Limit, bool Relative = false)
{
    /// <summary>
    /// Reads <c>NAME=VALUE</c> (a drop may be written <c>NAME=VALUE%</c>, relative to the baseline); the metric must
    /// be one of <see cref="HeadlineMetrics.All"/>. Throws a <see cref="FormatException"/> that says what is wrong.
    /// </summary>
    public static ReleaseGate Parse(GateKind kind, string text) => Parse(kind, text, name => HeadlineMetrics.Find(name).Name);

    /// <summary>
    /// Reads <c>NAME=VALUE</c> as <see cref="Parse(GateKind, string)"/> does, for a detection or segmentation evaluation:
    /// the metric is one of <see cref="DetectionMetric"/>'s.
    /// </summary>
    public static ReleaseGate ParseDetection(GateKind kind, string text) => Parse(kind, text, name => DetectionMetric(kind, name));

    /// <summary>
    /// The detection metric <paramref name="name"/> means in a gate of <paramref name="kind"/>: a COCO statistic, named as
    /// the evaluate JSON's <c>cocoStats</c> fields (<c>ap</c>, <c>ap50</c>, …, <c>arLarge</c>) or as pycocotools prints it
    /// (<c>AP</c>, <c>APs</c>, …), ignoring case; a drop only of <c>ap</c>, <c>ap50</c> or <c>ap75</c>, which a comparison
    /// of two detectors measures on their paired images. Throws an <see cref="ArgumentException"/> that says what is wrong.
    /// </summary>
    public static string DetectionMetric(GateKind kind, string name)
    {
        int index = CocoStats.IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException($"There is no detection metric '{name}'; the metrics are: {string.Join(", ", CocoStats.JsonNames)} (or pycocotools' names: {string.Join(", ", CocoStats.Names)}).");
        }
        var metric = CocoStats.JsonNames[index];
        if (kind == GateKind.MaxDrop && !DetectionComparer.MetricNames.Contains(metric))
        {
            throw new ArgumentException($"A drop of {metric} cannot be measured: a comparison of two detectors pairs their images for {string.Join(", ", DetectionComparer.MetricNames)} only.");
        }
        return metric;
    }

    private static ReleaseGate Parse(GateKind kind, string text, Func<string, string> metricOf)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0) throw new FormatException($"'{text}' is not NAME=VALUE.");
        var name = text.Substring(0, equals).Trim();
        var value = text.Substring(equals + 1).Trim();
        string metric;
        try
        {
            metric = metricOf(name);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
        bool relative = kind == GateKind.MaxDrop && value.EndsWith("%", StringComparison.Ordinal);
        if (relative) value = value.Substring(0, value.Length - 1);
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) || double.IsNaN(limit) || double.IsInfinity(limit))
        {
            throw new FormatException($"'{text}': '{value}' is not a number.");
        }
        if (kind == GateKind.MaxDrop && limit < 0) throw new FormatException($"'{text}': a drop limit cannot be negative.");
        return new ReleaseGate(kind, metric, relative ? limit / 100 : limit, relative) { LimitText = value };
    }

    /// <summary>The limit as the user wrote it (without a relative drop's %): names and messages show it so, not rounded.</summary>
    public string? LimitText { get; init; }

    /// <summary>
    /// The limit as shown in <paramref name="culture"/>, a relative drop's with its %: the one rule for the CLI's check
    /// table and messages, the gate files and the cmdlet's Gate column. In the invariant culture (names, messages, files)
    /// as the user wrote it (<see cref="LimitText"/>, invariant digits); else, or when not written (a cmdlet's hashtable
    /// gives a number), the number in full: the gate at a boundary must say which (a relative drop's percentage, a product
    /// of the division by 100, to six decimals). In another culture (the cmdlet's view, beside values in the session's
    /// culture) the number in that culture: "0,95", not the "0.95" written.
    /// </summary>
    public string FormatLimit(IFormatProvider culture)
    {
        var written = ReferenceEquals(culture, CultureInfo.InvariantCulture) ? LimitText : null;
        return (written ?? (Relative ? (Limit * 100).ToString("0.######", culture) : Limit.ToString("R", culture))) + (Relative ? "%" : string.Empty);
    }

    /// <summary>The gate as the user would write it, e.g. <c>max-drop auPrc=0.005</c>.</summary>
    public override string ToString() => Kind switch
    {
        GateKind.Minimum => $"min {Metric}={FormatLimit(CultureInfo.InvariantCulture)}",
        GateKind.Maximum => $"max {Metric}={FormatLimit(CultureInfo.InvariantCulture)}",
        _ => $"max-drop {Metric}={FormatLimit(CultureInfo.InvariantCulture)}",
    };

    internal static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>The outcome of one gate.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Value">The candidate's value of the metric (NaN when undefined).</param>
/// <param name="Baseline">The baseline's value for a drop gate; NaN otherwise.</param>
/// <param name="Drop">How much worse than the baseline (positive is worse; relative gates: as a fraction); NaN for value gates.</param>
/// <param name="Passed">Whether the gate holds.</param>
/// <param name="Finding">What was found of the metric, to follow its name: its value against the limit and, when it failed, by how much.</param>
public sealed record GateResult(ReleaseGate Gate, double Value, double Baseline, double Drop, bool Passed, string Finding)
{
    /// <summary>
    /// One line saying what was checked and, when it failed, by how much, the metric under the engine's (JSON) name; a
    /// front end that names metrics otherwise puts its own name before <see cref="Finding"/>.
    /// </summary>
    public string Message => $"{Gate.Metric} {Finding}";
}

/// <summary>Checks release gates against an evaluation and, for drop gates, a comparison with a baseline.</summary>
public static class ReleaseGates
{
    /// <summary>
    /// Checks every gate. A value gate is measured on <paramref name="candidate"/>, the whole evaluation, and fails when
    /// the metric is undefined or beyond its limit. A drop gate needs <paramref name="comparison"/> (candidate against
    /// baseline on the paired items, so that a drop compares like with like); the drop is baseline − candidate for
    /// metrics where higher is better and candidate − baseline for losses. With <paramref name="onlySignificant"/>, a
    /// drop beyond its limit fails only when the paired bootstrap interval of the delta excludes 0.
    /// </summary>
    /// <exception cref="ArgumentException">A drop gate without a comparison, or <paramref name="onlySignificant"/> without bootstrap intervals.</exception>
    public static IReadOnlyList<GateResult> Check(
        IEnumerable<ReleaseGate> gates, ClassificationEvaluation candidate, ModelComparison? comparison = null, bool onlySignificant = false)
    {
        RequireIntervals(onlySignificant, comparison?.BootstrapSamples);
        return Check(gates, ValueOf(candidate), comparison?.Metrics, onlySignificant);
    }

    /// <summary>
    /// Checks every gate (each of <see cref="ReleaseGate.ParseDetection"/>'s metrics) on a detection or segmentation
    /// evaluation as <see cref="Check(IEnumerable{ReleaseGate}, ClassificationEvaluation, ModelComparison?, bool)"/> does
    /// on a classification one: value gates on the whole <paramref name="candidate"/> (a statistic COCO leaves undefined,
    /// -1, fails), drops on <paramref name="comparison"/>, which pairs the two detectors' images.
    /// </summary>
    /// <exception cref="ArgumentException">A drop gate without a comparison, or <paramref name="onlySignificant"/> without bootstrap intervals.</exception>
    public static IReadOnlyList<GateResult> Check(
        IEnumerable<ReleaseGate> gates, DetectionEvaluation candidate, DetectionComparison? comparison = null, bool onlySignificant = false)
    {
        RequireIntervals(onlySignificant, comparison?.BootstrapSamples);
        var stats = candidate.Stats.ToArray();
        return Check(gates, name => CocoStats.Defined(stats[CocoStats.IndexOf(name)]) ?? double.NaN, comparison?.Metrics, onlySignificant);
    }

    private static void RequireIntervals(bool onlySignificant, int? bootstrapSamples)
    {
        if (onlySignificant && bootstrapSamples == 0) throw new ArgumentException("A drop can pass as not significant only with the paired bootstrap intervals, and this comparison drew no resamples.", nameof(onlySignificant));
    }

    private static Func<string, double> ValueOf(ClassificationEvaluation candidate) => name => HeadlineMetrics.Find(name).Value(candidate);

    /// <summary>
    /// Checks every gate as <see cref="Check(IEnumerable{ReleaseGate}, ClassificationEvaluation, ModelComparison?, bool)"/>,
    /// drop gates against a saved evaluation: the whole candidate's headline metrics against the saved ones (no
    /// pairing, no significance: a saved evaluation has no items).
    /// </summary>
    /// <exception cref="InputFormatException">The saved evaluation cannot be compared with the candidate (<see cref="SavedEvaluation.Against(ClassificationEvaluation)"/>).</exception>
    public static IReadOnlyList<GateResult> Check(IEnumerable<ReleaseGate> gates, ClassificationEvaluation candidate, SavedEvaluation baseline) =>
        Check(gates, ValueOf(candidate), baseline.Against(candidate), onlySignificant: false);

    /// <summary>
    /// Checks every gate on a saved evaluation (its headline metrics): value gates as on a whole evaluation, drop gates
    /// against the saved <paramref name="baseline"/>'s headline metrics (no pairing, no significance: neither has items).
    /// </summary>
    /// <exception cref="ArgumentException">A drop gate without a baseline.</exception>
    /// <exception cref="InputFormatException">The baseline cannot be compared with the candidate (<see cref="SavedEvaluation.Against(SavedEvaluation)"/>).</exception>
    public static IReadOnlyList<GateResult> Check(IEnumerable<ReleaseGate> gates, SavedEvaluation candidate, SavedEvaluation? baseline = null) =>
        Check(gates, name => candidate.Value(HeadlineMetrics.Find(name)), baseline?.Against(candidate), onlySignificant: false);

    /// <summary>The gates' results: <paramref name="candidateValue"/> reads a metric by its name, <paramref name="baseline"/> holds a row per metric a drop can be measured of.</summary>
    private static List<GateResult> Check(IEnumerable<ReleaseGate> gates, Func<string, double> candidateValue, IReadOnlyList<MetricDelta>? baseline, bool onlySignificant)
    {
        var results = new List<GateResult>();
        foreach (var gate in gates)
        {
            if (gate.Kind != GateKind.MaxDrop)
            {
                results.Add(CheckValue(gate, candidateValue(gate.Metric)));
                continue;
            }
            if (baseline is null) throw new ArgumentException($"The gate '{gate}' needs a baseline to compare with.", nameof(baseline));
            results.Add(CheckDrop(gate, baseline.First(row => row.Name == gate.Metric), onlySignificant));
        }
        return results;
    }

    private static GateResult CheckValue(ReleaseGate gate, double value)
    {
        bool passed = !double.IsNaN(value) && (gate.Kind == GateKind.Minimum ? value >= gate.Limit : value <= gate.Limit);
        var relation = gate.Kind == GateKind.Minimum ? "at least" : "at most";
        // A failed value that rounds to its limit (a one-box detector's AP, 0.9999999999999998, as pycocotools gives it,
        // against 1) is shown in full, and the gap in significant digits: "is 1 ... short by 0" said nothing.
        bool alike = !passed && ReleaseGate.Format(value) == ReleaseGate.Format(gate.Limit);
        double gap = Math.Abs(value - gate.Limit);
        var finding = double.IsNaN(value)
            ? $"is undefined for this evaluation; it must be {relation} {gate.FormatLimit(CultureInfo.InvariantCulture)}"
            : $"is {(alike ? value.ToString("R", CultureInfo.InvariantCulture) : ReleaseGate.Format(value))}; it must be {relation} {gate.FormatLimit(CultureInfo.InvariantCulture)}"
              + (passed ? string.Empty : $" ({(gate.Kind == GateKind.Minimum ? "short" : "over")} by {(alike ? gap.ToString("G3", CultureInfo.InvariantCulture) : ReleaseGate.Format(gap))})");
        return new GateResult(gate, value, double.NaN, double.NaN, passed, finding);
    }

    private static GateResult CheckDrop(ReleaseGate gate, MetricDelta row, bool onlySignificant)
    {
        // Reference − candidate, not −Delta: an unchanged metric drops by 0, where −0 printed as "a drop of -0".
        var worsening = row.HigherIsBetter ? row.Reference - row.Candidate : row.Delta;
        // Relative to a baseline of 0, no change is no drop (0/0 was NaN, "undefined"), and any worsening an unbounded one.
        var drop = !gate.Relative ? worsening
            : row.Reference != 0 ? worsening / Math.Abs(row.Reference)
            : worsening == 0 ? 0 : worsening > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        bool beyond = double.IsNaN(drop) || Exceeds(drop, gate.Limit, gate.Relative ? Math.Abs(gate.Limit) : Math.Max(Math.Abs(row.Reference), Math.Abs(row.Candidate)));
        bool passed = !beyond || (onlySignificant && !double.IsNaN(drop) && !row.IsSignificant);
        string Shown(double d) => gate.Relative ? ReleaseGate.Format(d * 100) + "%" : ReleaseGate.Format(d);
        var finding = double.IsNaN(drop)
            ? $"is undefined for the candidate or the baseline; a drop cannot be measured"
            : $"went from {ReleaseGate.Format(row.Reference)} to {ReleaseGate.Format(row.Candidate)}: a drop of {Shown(drop)} (at most {gate.FormatLimit(CultureInfo.InvariantCulture)} allowed)"
              + (beyond && passed ? "; not significant (the 95% interval of the delta includes 0), so it passes" : string.Empty);
        return new GateResult(gate, row.Candidate, row.Reference, drop, passed, finding);
    }

    // Whether a drop is beyond its limit by more than the rounding of the subtraction that measured it (a few units in
    // the last place of values the size of scale): 0.91 − 0.90 is 0.010000000000000009, and a drop exactly at its limit passes.
    private static bool Exceeds(double drop, double limit, double scale) => drop - limit > 8 * DoubleEpsilon * Math.Max(1.0, scale);

    // The distance from 1 to the next double (2^-52).
    private const double DoubleEpsilon = 2.220446049250313e-16;
}
