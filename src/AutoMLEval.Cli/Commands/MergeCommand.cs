using System.CommandLine;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Detection;

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
        var parts = operands.SelectMany(p => ShardFiles.Expand(context.Resolve(p), PartExtensions)).Select(PartToMerge.OfFile).ToArray();
        try
        {
            // A part that cannot be read stops the merge (as every unusable input does); the engine reports progress and issues.
            switch (PartialMerge.Run(parts, context, skipUnreadable: false, progress: context.Progress, cancellationToken: context.Cancellation))
            {
                case MergedClassification classification:
                    ClassificationTask.WriteEvaluation(context.Output, format, classification.Evaluation, classification.Summary, classification.Part.MlUse, context.OutputWidth);
                    // evaluate refuses --bootstrap with --format csv; here the resamples come with the parts, not an option: said, not refused.
                    if (format == OutputFormat.Csv && classification.Part.Options.BootstrapSamples is int resamples and > 0)
                    {
                        context.WriteNote($"note: the parts carry {Counted.Of(resamples, "bootstrap resample")}, whose intervals the CSV's per-label rows cannot show: merge them with --format json (or table) to see the intervals.");
                    }
                    break;
                case MergedDetection detection:
                    var boxes = detection.Evaluation;
                    DetectionTask.WriteEvaluation(context.Output, format, boxes.Params.IouType == IouType.Segmentation ? "segmentation" : "detection", boxes, context.OutputWidth);
                    break;
                case MergedVideo video:
                    VideoTask.WriteEvaluation(context.Output, format, video.Evaluation, video.IssueCounts, context.OutputWidth);
                    break;
            }
        }
        catch (ArgumentException e)
        {
            // Parts of other tasks, ground truths, splits or settings (PowerShell's PartialEvaluationsDiffer): name the parts, not the demo.
            throw new InputFormatException("PartialEvaluationsDiffer", string.Join(", ", parts.Select(p => p.Source)), 0, string.Empty, e.Message);
        }
        return 0;
    }
}
