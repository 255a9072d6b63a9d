using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>A classification evaluation together with the inputs it was computed from.</summary>
/// <param name="Inputs">The joined inputs (data, summary, ground truth).</param>
/// <param name="Evaluation">The metrics.</param>
public sealed record ClassificationRun(LoadedClassification Inputs, ClassificationEvaluation Evaluation)
{
    /// <summary>
    /// Reads, joins and evaluates; warns where a metric is undefined and when the figures rest on too few items to mean
    /// much. Reading and the bootstrap report to <paramref name="progress"/>; everything stops
    /// (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static ClassificationRun Start(
        string groundTruthPath,
        string predictionPath,
        ClassificationInputOptions inputOptions,
        ClassificationOptions options,
        IIssueSink sink,
        IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var inputs = ClassificationInputs.Load(groundTruthPath, predictionPath, inputOptions, sink, progress, cancellationToken);
        return Of(inputs, options, sink, progress, cancellationToken);
    }

    /// <summary>Evaluates inputs already read and joined, with the warnings of <see cref="Start"/>.</summary>
    public static ClassificationRun Of(
        LoadedClassification inputs, ClassificationOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var evaluation = ClassificationEvaluator.Evaluate(inputs.Data, options, progress, cancellationToken);
        ReportWarnings(evaluation, inputs.GroundTruth.Source, sink);
        return new ClassificationRun(inputs, evaluation);
    }

    /// <summary>
    /// The evaluation's warnings (labels without positives, undefined F1, ...) and <see cref="IndicativeWarnings"/>, all
    /// against the ground truth <paramref name="source"/>: what one pass reports, and a merge of its parts too.
    /// </summary>
    internal static void ReportWarnings(ClassificationEvaluation evaluation, string source, IIssueSink sink)
    {
        foreach (var warning in evaluation.Warnings) sink.Report(warning with { Source = source });
        foreach (var warning in IndicativeWarnings(evaluation, source)) sink.Report(warning);
    }

    /// <summary>
    /// EasyDL's caution, as issues: under <see cref="ClassificationEvaluation.FewItems"/> test items, or a label with
    /// fewer than <see cref="ClassificationEvaluation.FewExamplesPerLabel"/> positives, the figures are only indicative.
    /// </summary>
    private static IEnumerable<DataIssue> IndicativeWarnings(ClassificationEvaluation evaluation, string source)
    {
        if (evaluation.ItemCount < ClassificationEvaluation.FewItems)
        {
            yield return new DataIssue("FewItems", IssueSeverity.Warning, source, 0, string.Empty,
                $"only {Counted.Of(evaluation.ItemCount, "item")} {Counted.Verb(evaluation.ItemCount, "was", "were")} evaluated (fewer than {ClassificationEvaluation.FewItems}); the figures are only indicative");
        }
        foreach (var label in evaluation.PerLabel.Where(l => l.Support < ClassificationEvaluation.FewExamplesPerLabel))
        {
            yield return new DataIssue("FewExamples", IssueSeverity.Warning, source, 0, "LABEL",
                $"the label '{label.Label}' has only {label.Support.ToString(CultureInfo.InvariantCulture)} evaluated example{(label.Support == 1 ? string.Empty : "s")} (fewer than {ClassificationEvaluation.FewExamplesPerLabel}); its figures are only indicative");
        }
    }
}
