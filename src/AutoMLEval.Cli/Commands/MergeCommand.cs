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
        // Read as merged, one part at a time; the first says the task. The parts that rejected records are named by the error.
        var rejecting = new List<string>();
        IPartialEvaluation ReadNoting(string path)
        {
            var part = Read(path);
            if (part.Rejected.Any) rejecting.Add(path);
            return part;
        }
        var first = ReadNoting(paths[0]);
        var parts = paths.Skip(1).Select(ReadNoting).Prepend(first);
        IPartialEvaluation merged;
        try
        {
            switch (first)
            {
                case PartialClassification:
                    var classification = PartialClassification.Merge(OfTask<PartialClassification>(parts));
                    var (evaluation, summary) = classification.Evaluate(context);
                    ClassificationTask.WriteEvaluation(context.Output, format, evaluation, summary, classification.MlUse, context.OutputWidth);
                    merged = classification;
                    break;
                case PartialDetection:
                    var detection = PartialDetection.Merge(OfTask<PartialDetection>(parts));
                    var boxes = detection.Evaluate(context);
                    DetectionTask.WriteEvaluation(context.Output, format, boxes.Params.IouType == IouType.Segmentation ? "segmentation" : "detection", boxes, context.OutputWidth);
                    merged = detection;
                    break;
                default:
                    var video = PartialVideo.Merge(OfTask<PartialVideo>(parts));
                    var (videos, issueCounts) = video.Evaluate(context);
                    VideoTask.WriteEvaluation(context.Output, format, videos, issueCounts, context.OutputWidth);
                    merged = video;
                    break;
            }
        }
        catch (ArgumentException e)
        {
            // Parts of other tasks, ground truths, splits or settings (PowerShell's PartialEvaluationsDiffer): name the parts, not the demo.
            throw new InputFormatException("PartialEvaluationsDiffer", string.Join(", ", paths), 0, string.Empty, e.Message);
        }
        // Each record was reported by the evaluate --partial that met it, which exited 3: the merge exits 3 too.
        if (RecordsRejectedInParts.Of(merged.Rejected, rejecting.Select(p => Path.GetFileName(p))) is { } rejected) context.Report(rejected);
        return 0;
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
}
