using System.CommandLine;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Cli.Commands;

/// <summary>Merges the partial evaluations of shards (evaluate --partial) and prints what evaluate prints for all shards together.</summary>
internal sealed class MergeCommand : ICliCommand
{
    private static readonly string[] PartExtensions = { ".eval" };

    private static readonly Argument<string[]> Parts = new("PART")
    {
        HelpName = "PART",
        Description = "a partial evaluation file, a folder of *.eval files or a quoted wildcard pattern; parts of other ground truths, splits or settings are refused",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public string Name => "merge";

    public string Summary => "Merge partial evaluations of prediction shards (evaluate --partial) into the evaluation of all of them.";

    public IReadOnlyList<Option> Options { get; } = [Vocabulary.Format];

    public IReadOnlyList<Argument> Operands { get; } = [Parts];

    public int Run(ParseResult parse, CliContext context)
    {
        var format = TabularOutput.ReadFormat(parse);
        var operands = parse.GetValue(Parts) ?? [];
        if (operands.Length == 0) throw new CliUsageException("Give the partial evaluations to merge (files written by evaluate --partial).");
        var paths = operands.SelectMany(p => ShardFiles.Expand(context.Resolve(p), PartExtensions)).ToArray();
        IPartialEvaluation Read(string path)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            // As every input: a missing file, a folder or a read failure is an error that names the file.
            using var stream = InputFile.OpenFile(path);
            return PartialEvaluation.ReadFrom(stream, path);
        }
        // Read as merged, one part at a time; the first says the task.
        var first = Read(paths[0]);
        var parts = paths.Skip(1).Select(Read).Prepend(first);
        Rejected rejected;
        try
        {
            switch (first)
            {
                case PartialClassification:
                    rejected = WriteClassification(PartialClassification.Merge(OfTask<PartialClassification>(parts)), format, context);
                    break;
                case PartialDetection:
                    var merged = PartialDetection.Merge(OfTask<PartialDetection>(parts));
                    var evaluation = merged.Evaluate(context);
                    DetectionTask.WriteEvaluation(context.Output, format, evaluation.Params.IouType == IouType.Segmentation ? "segmentation" : "detection", evaluation, context.OutputWidth);
                    // Rejected as evaluate rejects them: unreadable records (errors), not the annotations of unlisted images or
                    // categories nor the detections of unknown images (warnings).
                    rejected = new Rejected(evaluation.Counts.GroundTruthInvalid, evaluation.Counts.DetectionsInvalid);
                    break;
                case PartialVideo:
                    rejected = WriteVideo(PartialVideo.Merge(OfTask<PartialVideo>(parts)), format, context);
                    break;
                default:
                    rejected = new Rejected(0, 0);
                    break;
            }
        }
        catch (ArgumentException e)
        {
            // Parts of other tasks, ground truths, splits or settings (PowerShell's PartialEvaluationsDiffer): name the parts, not the demo.
            throw new InputFormatException("PartialEvaluationsDiffer", string.Join(", ", paths), 0, string.Empty, e.Message);
        }
        ReportRejected(rejected, paths, context);
        return 0;
    }

    /// <summary>Records rejected when the parts were made: ground-truth records (once: every part read the same file) and prediction records (summed).</summary>
    private readonly record struct Rejected(long GroundTruth, long Predictions);

    /// <summary>
    /// A merge holds what its parts held: when records were rejected making them, evaluate exited 3 on each such part,
    /// and the merge says so too, as one error (each record was reported by the evaluate --partial that met it), so
    /// that it exits 3 as one evaluate of all the shards would.
    /// </summary>
    private static void ReportRejected(Rejected rejected, IReadOnlyList<string> paths, CliContext context)
    {
        if (rejected.GroundTruth + rejected.Predictions == 0) return;
        static string Records(long n, string kind) => n == 1 ? $"1 {kind} record" : FormattableString.Invariant($"{n} {kind} records");
        context.Report(new DataIssue("RecordsRejectedInParts", IssueSeverity.Error, string.Join(", ", paths.Select(Path.GetFileName)), 0, string.Empty,
            $"{Records(rejected.GroundTruth, "ground-truth")} and {Records(rejected.Predictions, "prediction")} were rejected when the parts were evaluated "
            + "(each reported then, by evaluate --partial); the merged evaluation holds the other records only"));
    }

    /// <summary>The parts, all of type <typeparamref name="T"/>; an <see cref="ArgumentException"/> when some are of another task.</summary>
    private static IEnumerable<T> OfTask<T>(IEnumerable<IPartialEvaluation> parts) where T : IPartialEvaluation
    {
        string? task = null;
        foreach (var part in parts)
        {
            task ??= part.Task;
            yield return part is T same ? same : throw new ArgumentException($"These partial evaluations cannot be merged: they are of different tasks ({task} and {part.Task}).");
        }
    }

    private static Rejected WriteVideo(PartialVideo merged, OutputFormat format, CliContext context)
    {
        var (evaluation, issueCounts) = merged.Evaluate(context);
        var source = string.Join(", ", merged.Sources);
        foreach (var warning in evaluation.Classification.Warnings) context.Report(warning with { Source = source });
        VideoTask.WriteEvaluation(context.Output, format, evaluation, issueCounts, context.OutputWidth);
        var (truth, predictions) = (evaluation.GroundTruthCounts, evaluation.PredictionCounts);
        return new Rejected(truth.InvalidRecords + truth.InvalidAnnotations, predictions.InvalidLines + predictions.InvalidEntries);
    }

    private static Rejected WriteClassification(PartialClassification merged, OutputFormat format, CliContext context)
    {
        var (evaluation, summary) = merged.Evaluate(context);
        var source = string.Join(", ", merged.Sources);
        foreach (var warning in evaluation.Warnings) context.Report(warning with { Source = source });
        foreach (var warning in ClassificationRun.IndicativeWarnings(evaluation, source)) context.Report(warning);
        ClassificationTask.WriteEvaluation(context.Output, format, evaluation, summary, merged.MlUse, context.OutputWidth);
        return new Rejected(summary.SkippedGroundTruthRecords, summary.SkippedPredictionRecords);
    }
}
