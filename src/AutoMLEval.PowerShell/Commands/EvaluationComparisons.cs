using System.Globalization;
using System.Management.Automation;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// What Compare-ModelEvaluation and Test-ModelEvaluation share: the metric names as shown (the one table of
/// <see cref="HeadlineMetrics"/>, capitalised), and the paired
/// comparison of two classification evaluations run through <see cref="EngineCmdlet.RunEngine{T}"/>.
/// </summary>
internal static class EvaluationComparisons
{
    /// <summary>The default of -BootstrapSamples: as <c>automl-eval compare</c>.</summary>
    public const int DefaultBootstrapSamples = 1000;

    /// <summary>The name PowerShell output shows for a metric: the evaluate JSON's name with a capital (auPrc → AuPrc).</summary>
    public static string DisplayName(string metric) => char.ToUpperInvariant(metric[0]) + metric.Substring(1);

    /// <summary>
    /// The ModelEvaluation property (or its Calibration's) that holds a headline metric: its alias when it has one
    /// (microPrecision is Precision, microF1 F1Score), else its name, capitalised (auPrc is AuPrc).
    /// </summary>
    public static string PropertyName(string metric) =>
        DisplayName(HeadlineMetrics.Aliases.FirstOrDefault(a => a.Metric == metric).Alias ?? metric);

    /// <summary>A COCO statistic as the DetectionModelEvaluation property of it: ap50 is AP50, apSmall APSmall.</summary>
    public static string DetectionDisplayName(string metric)
    {
        var letters = metric.ToCharArray();
        letters[0] = char.ToUpperInvariant(letters[0]);
        letters[1] = char.ToUpperInvariant(letters[1]);
        return new string(letters);
    }

    /// <summary>Every name a gate takes (<see cref="HeadlineMetrics.TryFind"/>), as PowerShell shows them, for error messages.</summary>
    public static string KnownMetrics => HeadlineMetrics.NameList(DisplayName);

    /// <summary>The error for an evaluation of a task that cannot be compared or gated here (video; detection against classification, or in a gate).</summary>
    public static ErrorRecord NotClassification(EvaluationResult evaluation, string parameter) => new(
        new ArgumentException($"-{parameter}: a {evaluation.Task.ToLowerInvariant()} evaluation cannot be taken here: comparisons take two classification or two detection evaluations, and gates a classification or detection one with a baseline of its task."),
        "TaskNotComparable",
        ErrorCategory.InvalidArgument,
        evaluation);

    /// <summary>
    /// Compares <paramref name="difference"/> with <paramref name="reference"/> on the items both evaluated (paired by
    /// path), at the difference's threshold, with <paramref name="bootstrapSamples"/> paired resamples (progress shown,
    /// stopped by Ctrl+C). Warns about unpaired items; null after writing an error (a merged evaluation, different thresholds, labels or truths).
    /// </summary>
    public static ModelComparison? Compare(EngineCmdlet cmdlet, ModelEvaluation reference, ModelEvaluation difference, int bootstrapSamples, int seed)
    {
        if (MergedEvaluations.Refuse(cmdlet, "pairing its items with another evaluation's", reference, difference)) return null;
        if (reference.Threshold != difference.Threshold)
        {
            cmdlet.WriteError(new ErrorRecord(
                new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The evaluations have different thresholds ({0} and {1}); evaluate both at one threshold (Get-ModelEvaluation -Threshold).", reference.Threshold, difference.Threshold)),
                "ThresholdsDiffer",
                ErrorCategory.InvalidArgument,
                difference));
            return null;
        }
        var options = new ComparisonOptions { Evaluation = difference.Evaluation.Options with { BootstrapSamples = 0 }, BootstrapSamples = bootstrapSamples, Seed = seed };
        ModelComparison comparison;
        try
        {
            comparison = cmdlet.RunEngine(calls => ModelComparer.Compare(reference.Evaluation.Data, difference.Evaluation.Data, options, calls.Progress, calls.Cancellation));
        }
        catch (ArgumentException e)
        {
            cmdlet.WriteError(new ErrorRecord(e, "EvaluationsNotComparable", ErrorCategory.InvalidData, difference));
            return null;
        }
        var matching = comparison.Matching;
        if (matching.OnlyInReference + matching.OnlyInCandidate > 0)
        {
            cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                "{0} {1} compared; {2} only in the reference ({3}) and {4} only in the difference ({5}) were left out.",
                Counted.Of(matching.PairedItems, "item"), Counted.Verb(matching.PairedItems, "was", "were"), matching.OnlyInReference, Path.GetFileName(reference.PredictionPath), matching.OnlyInCandidate, Path.GetFileName(difference.PredictionPath)));
        }
        return comparison;
    }
}
