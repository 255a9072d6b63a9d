using System.CommandLine;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
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
        var parts = paths.Select(path =>
        {
            context.Cancellation.ThrowIfCancellationRequested();
            using var stream = File.OpenRead(path);
            return PartialEvaluationFile.Read(stream, path);
        }).ToArray();
        try
        {
            if (parts.Any(p => p.GetType() != parts[0].GetType())) throw new ArgumentException("These partial evaluations cannot be merged: they evaluate different tasks.");
            return parts[0] switch
            {
                PartialVideo => MergeVideo(parts.Cast<PartialVideo>(), format, context),
                _ => MergeClassification(parts.Cast<PartialClassification>(), format, context),
            };
        }
        catch (ArgumentException e)
        {
            // Parts of other ground truths, splits, settings or tasks (PowerShell's PartialEvaluationsDiffer): name the parts, not the demo.
            throw new InputFormatException("PartialEvaluationsDiffer", string.Join(", ", paths), 0, string.Empty, e.Message);
        }
    }

    private static int MergeVideo(IEnumerable<PartialVideo> parts, OutputFormat format, CliContext context)
    {
        var merged = PartialVideo.Merge(parts);
        var (evaluation, issueCounts) = merged.Evaluate(context);
        var source = string.Join(", ", merged.Sources);
        foreach (var warning in evaluation.Classification.Warnings) context.Report(warning with { Source = source });
        VideoTask.WriteEvaluation(context.Output, format, evaluation, issueCounts);
        return 0;
    }

    private static int MergeClassification(IEnumerable<PartialClassification> parts, OutputFormat format, CliContext context)
    {
        var merged = PartialClassification.Merge(parts);
        var (evaluation, summary) = merged.Evaluate(context);
        var source = string.Join(", ", merged.Sources);
        foreach (var warning in evaluation.Warnings) context.Report(warning with { Source = source });
        foreach (var warning in ClassificationRun.IndicativeWarnings(evaluation, source)) context.Report(warning);
        ClassificationTask.WriteEvaluation(context.Output, format, evaluation, summary, merged.MlUse);
        return 0;
    }
}
