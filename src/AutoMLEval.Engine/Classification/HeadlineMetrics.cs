namespace AutoMLEval.Engine.Classification;

/// <summary>A headline metric of a classification evaluation, named as in the evaluate JSON.</summary>
/// <param name="Name">The evaluate JSON field (<c>auPrc</c>, <c>logLoss</c>, …).</param>
/// <param name="HigherIsBetter">False for losses and errors, where a drop in quality is a rise in value.</param>
/// <param name="Value">Reads the metric; NaN when undefined for that evaluation.</param>
public sealed record HeadlineMetric(string Name, bool HigherIsBetter, Func<ClassificationEvaluation, double> Value);

/// <summary>
/// The headline metrics that comparisons, release gates and slices speak of: one table, so that every front end uses
/// the same names and the same reading of each metric.
/// </summary>
public static class HeadlineMetrics
{
    /// <summary>Every headline metric, in the order the evaluate JSON writes them.</summary>
    public static IReadOnlyList<HeadlineMetric> All { get; } = new HeadlineMetric[]
    {
        new("auPrc", true, e => e.MicroAuPrc),
        new("auRoc", true, e => e.MicroAuRoc),
        new("logLoss", false, e => e.LogLoss),
        new("macroAuPrc", true, e => e.MacroAuPrc),
        new("macroAuRoc", true, e => e.MacroAuRoc),
        new("accuracy", true, e => e.Accuracy),
        new("macroF1", true, e => e.MacroF1),
        new("microPrecision", true, e => e.MicroAtThreshold.Precision),
        new("microRecall", true, e => e.MicroAtThreshold.Recall),
        new("microF1", true, e => e.MicroAtThreshold.F1),
        new("expectedCalibrationError", false, e => e.Calibration?.ExpectedCalibrationError ?? double.NaN),
        new("brierScore", false, e => e.Calibration?.BrierScore ?? double.NaN),
    };

    /// <summary>
    /// Other names of the micro metrics at the threshold: how the PowerShell ModelEvaluation names them (Precision,
    /// Recall, F1Score), so that a gate written against its properties means the same in the CLI.
    /// </summary>
    public static IReadOnlyList<(string Alias, string Metric)> Aliases { get; } = new[]
    {
        ("precision", "microPrecision"),
        ("recall", "microRecall"),
        ("f1Score", "microF1"),
    };

    /// <summary>The metric <paramref name="name"/> means, ignoring case: a metric's name or an alias; null otherwise.</summary>
    public static HeadlineMetric? TryFind(string name)
    {
        var aliased = Aliases.FirstOrDefault(a => string.Equals(a.Alias, name, StringComparison.OrdinalIgnoreCase)).Metric ?? name;
        return All.FirstOrDefault(m => string.Equals(m.Name, aliased, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The metric <paramref name="name"/> means (as <see cref="TryFind"/>); throws an <see cref="ArgumentException"/> that lists the names otherwise.</summary>
    public static HeadlineMetric Find(string name) =>
        TryFind(name) ?? throw new ArgumentException($"There is no metric '{name}'; the metrics are: {NameList()}.");

    /// <summary>
    /// Every name <see cref="TryFind"/> knows, for messages: "auPrc, …, brierScore; also precision (= microPrecision), …",
    /// each name shown through <paramref name="shown"/> (PowerShell capitalises them).
    /// </summary>
    public static string NameList(Func<string, string>? shown = null)
    {
        shown ??= name => name;
        return string.Join(", ", All.Select(m => shown(m.Name))) + "; also " + string.Join(", ", Aliases.Select(a => $"{shown(a.Alias)} (= {shown(a.Metric)})"));
    }
}
