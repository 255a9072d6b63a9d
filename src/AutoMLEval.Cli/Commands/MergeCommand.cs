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
        DataIssue? rejected;
        try
        {
            switch (first)
            {
                case PartialClassification:
                    rejected = WriteClassification(PartialClassification.Merge(OfTask<PartialClassification>(parts)), format, context, PartNames(paths));
                    break;
                case PartialDetection:
                    var merged = PartialDetection.Merge(OfTask<PartialDetection>(parts));
                    var evaluation = merged.Evaluate(context);
                    DetectionTask.WriteEvaluation(context.Output, format, evaluation.Params.IouType == IouType.Segmentation ? "segmentation" : "detection", evaluation, context.OutputWidth);
                    rejected = RecordsRejectedInParts.Of(evaluation, PartNames(paths));
                    break;
                case PartialVideo:
                    rejected = WriteVideo(PartialVideo.Merge(OfTask<PartialVideo>(parts)), format, context, PartNames(paths));
                    break;
                default:
                    rejected = null;
                    break;
            }
        }
        catch (ArgumentException e)
        {
            // Parts of other tasks, ground truths, splits or settings (PowerShell's PartialEvaluationsDiffer): name the parts, not the demo.
            throw new InputFormatException("PartialEvaluationsDiffer", string.Join(", ", paths), 0, string.Empty, e.Message);
        }
        // Each record was reported by the evaluate --partial that met it, which exited 3: the merge exits 3 too.
        if (rejected is not null) context.Report(rejected);
        return 0;
    }

    /// <summary>The part files as the merge's errors name them.</summary>
    private static string PartNames(IReadOnlyList<string> paths) => string.Join(", ", paths.Select(Path.GetFileName));

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

    private static DataIssue? WriteVideo(PartialVideo merged, OutputFormat format, CliContext context, string partNames)
    {
        var (evaluation, issueCounts) = merged.Evaluate(context);
        var source = string.Join(", ", merged.Sources);
        foreach (var warning in evaluation.Classification.Warnings) context.Report(warning with { Source = source });
        VideoTask.WriteEvaluation(context.Output, format, evaluation, issueCounts, context.OutputWidth);
        return RecordsRejectedInParts.Of(evaluation, partNames);
    }

    private static DataIssue? WriteClassification(PartialClassification merged, OutputFormat format, CliContext context, string partNames)
    {
        var (evaluation, summary) = merged.Evaluate(context);
        var source = string.Join(", ", merged.Sources);
        foreach (var warning in evaluation.Warnings) context.Report(warning with { Source = source });
        foreach (var warning in ClassificationRun.IndicativeWarnings(evaluation, source)) context.Report(warning);
        ClassificationTask.WriteEvaluation(context.Output, format, evaluation, summary, merged.MlUse, context.OutputWidth);
        return RecordsRejectedInParts.Of(summary, partNames);
    }
}
