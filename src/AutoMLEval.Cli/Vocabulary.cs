using System.CommandLine;
using AutoMLEval.Cli.Commands;

namespace AutoMLEval.Cli;

/// <summary>
/// The options that mean the same in every verb and task, declared once and added to each verb that takes them
/// (docs/cli.md, "One option vocabulary"). An option only one verb or task takes is declared there.
/// </summary>
internal static class Vocabulary
{
    public static readonly Option<string> Task = TaskOption();

    public static readonly Option<string> GroundTruth = CliOption.Text("--ground-truth", "FILE|DIR",
        "the ground truth: Vertex AI import file, CSV, folder per label or COCO JSON");

    public static readonly Option<string> Predictions = CliOption.Text("--predictions", "FILE",
        "the model's predictions: Vertex AI batch prediction JSONL, CSV or COCO results");

    public static readonly Option<string> MlUse = SplitOption("the split (Vertex AI's ML_USE): test (default), validation, training, ...");

    /// <summary>--ml-use of the verbs that read every split when it is not given: predict, label-issues, outliers, duplicates.</summary>
    public static readonly Option<string> MlUseOrEverySplit = SplitOption("only the items of this split (Vertex AI's ML_USE): test, validation, training, ...; default every split");

    public static readonly Option<double?> Threshold = CliOption.Number("--threshold", "T",
        "the decision threshold for precision, recall and F1 (default 0.5)", 0, 1);

    public static readonly Option<string> Thresholds = CliOption.Text("--thresholds", "LIST|A:B:STEP",
        "the confidence grid (default Vertex AI's 0, 0.05 .. 0.95, 0.96 .. 1)");

    /// <summary>Video's earlier spelling: <c>--step S</c> is <c>--thresholds 0:1:S</c> (<see cref="ThresholdGrid"/>).</summary>
    public static readonly Option<string> Step = CliOption.EarlierName(Thresholds, "--step");

    public static readonly Option<double?> IouThreshold = CliOption.Number("--iou-threshold", "T",
        "the IoU at which a detection matches (default 0.5; sweep: one of COCO's 0.5, 0.55, ..., 0.95)", 0, 1);

    public static readonly Option<string> Label = CliOption.Text("--label", "NAME",
        "one label (detection: a category name or id)");

    public static readonly Option<string> Kind = CliOption.Text("--kind", "KIND",
        "which errors: false-positive (default), false-negative or true-positive (classification); all (default), false or "
        + "a TIDE kind (detection); all (default), false-positive or false-negative (video)");

    public static readonly Option<int?> Top = CliOption.Integer("--top", "N", "at most N results (default all; similar: N query items, each with its --count neighbours)", 1);

    /// <summary>Detection's earlier spelling of <see cref="Top"/>.</summary>
    public static readonly Option<int?> Limit = CliOption.EarlierName(Top, "--limit");

    public static readonly Option<string> Format = CliOption.Choice("--format", "the output form (default table)", "table", "json", "csv");

    /// <summary>The output form of the verbs whose results are not rows (compare, check, error-slices): no CSV.</summary>
    public static readonly Option<string> TableOrJson = CliOption.Choice("--format", "the output form (default table)", "table", "json");

    public static readonly Option<bool> MultiLabel = CliOption.Flag("--multi-label", "read the ground truth as multi-label (default: what it holds)");

    public static readonly Option<bool> SingleLabel = CliOption.Flag("--single-label", "read the ground truth as single-label (default: what it holds)");

    public static readonly Option<bool> Strict = CliOption.Flag("--strict", "an item on only one side is an error");

    public static readonly Option<int?> Bootstrap = CliOption.Integer("--bootstrap", "N", "bootstrap resamples for the 95% intervals", 0, 100000);

    public static readonly Option<string> Partial = CliOption.Text("--partial", "FILE",
        "write a partial evaluation of this shard, for automl-eval merge (classification, detection, segmentation, video; classification: no --slice-by, and with --bootstrap N the merge has the intervals of one evaluation; docs/partial-evaluations.md)");

    public static readonly Option<string[]> Embeddings = CliOption.Repeatable("--embeddings", "FILE",
        "embeddings, JSONL {content, embedding} or CSV path,e0,e1,...");

    public static readonly Option<string> SliceBy = CliOption.Text("--slice-by", "KEY",
        "also every value of a metadata key alone (dataItemResourceLabels, --metadata)");

    public static readonly Option<string> Metadata = CliOption.Text("--metadata", "FILE",
        "item metadata: a CSV path,key1,key2,... (or path,key,value)");

    public static readonly Option<string> BaselinePredictions = CliOption.Text("--baseline-predictions", "FILE",
        "a baseline model's predictions on the same ground truth");

    public static readonly Option<string> Images = CliOption.Text("--images", "DIR",
        "detection: the images (Vertex AI: pixel sizes; report: errors drawn)");

    /// <summary>Every verb's: an error's details (the stack trace).</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "with an error, also its details (the stack trace)",
        Arity = ArgumentArity.Zero,
        Recursive = true,
    };

    /// <summary>What <c>--task</c> means in a verb that takes the tasks <paramref name="names"/> (its help row).</summary>
    public static string TaskDescription(IReadOnlyList<string> names) =>
        $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]} (default: what the ground truth holds)";

    // The task names are checked by the verb (TaskOptions), which knows its tasks and names them in its help; a shell
    // completes them all.
    private static Option<string> TaskOption()
    {
        var option = CliOption.Text("--task", "TASK", TaskDescription(["classification", "detection", "segmentation", "video"]));
        option.CompletionSources.Add(_ => TaskCommand.Tasks.SelectMany(t => t.Names));
        return option;
    }

    private static Option<string> SplitOption(string description)
    {
        var option = CliOption.Text("--ml-use", "SPLIT", description);
        // The split names files use are taken too: AutoML's TRAIN and VALIDATE are training and validation.
        var text = option.CustomParser!;
        option.CustomParser = result => text(result) is { } split ? Engine.Formats.Classification.MlUse.Normalize(split) ?? split : null;
        option.CompletionSources.Add("test", "validation", "training", "unassigned", "all");
        return option;
    }
}
