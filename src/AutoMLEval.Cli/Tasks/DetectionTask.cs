using AutoMLEval.Engine.Formats;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;

namespace AutoMLEval.Cli.Tasks;

/// <summary>
/// <c>--task detection|segmentation</c>: COCO evaluation of a COCO results file against a COCO ground-truth file
/// (boxes or masks), with Vertex AI's and EasyDL's views and TIDE error analysis.
/// </summary>
internal sealed class DetectionTask : IEvaluationTask
{
    // The kinds are the engine's, named as its JSON names them; "false" is every kind but a missed object.
    private static readonly string[] ErrorKinds = ["all", "false", .. Enum.GetValues<DetectionErrorKind>().Select(DetectionJson.KindName)];

    public IReadOnlyList<string> Names { get; } = new[] { "detection", "segmentation" };

    public string Title => "detection, segmentation";

    /// <summary>What every detection verb reads to evaluate: COCO (or Vertex AI) files; for Vertex AI, the images (pixel sizes) and the split.</summary>
    internal static readonly Option[] InputOptions = { Vocabulary.GroundTruth, Vocabulary.Predictions, Vocabulary.Images, Vocabulary.MlUse };

    private static readonly Option<double?> BackgroundThreshold = CliOption.Number("--background-threshold", "T",
        "the IoU below which a false detection is background (default 0.1)", 0, 1);

    public IReadOnlyList<Option> Options(string verb) => InputOptions.Concat(verb switch
    {
        "evaluate" => new Option[] { Vocabulary.Partial },
        "sweep" => ThresholdGrid.Options.Prepend(Vocabulary.IouThreshold).Append(Vocabulary.Label),
        _ => new Option[] { Vocabulary.IouThreshold, BackgroundThreshold, Vocabulary.Label, Vocabulary.Kind, Vocabulary.Top, Vocabulary.Limit },
    }).ToArray();

    public int Evaluate(string task, ParseResult parse, CliContext context)
    {
        if (parse.GetValue(Vocabulary.Partial) is { } partialPath) return WritePartial(task, parse, context, partialPath);
        var (evaluation, format) = Load(task, parse, context);
        WriteEvaluation(context.Output, format, task, evaluation, context.OutputWidth);
        return 0;
    }

    /// <summary>Evaluates one shard of the detections into a partial evaluation file (written under a temporary name, then moved).</summary>
    private static int WritePartial(string task, ParseResult parse, CliContext context, string partialPath)
    {
        var groundTruthPath = GroundTruthPathOf(task, parse, context);
        // The look comes before the read: after it, a piped ground truth is gone (looked at again, a hang or no data).
        var mlUse = DetectionInputs.IsVertex(groundTruthPath) ? parse.Choice(Vocabulary.MlUse, MlUse.Test, MlUse.Test, MlUse.Validation, MlUse.Training, MlUse.Unassigned) : string.Empty;
        var evaluation = Read(task, parse, context, imagesForReport: false).Evaluation;
        var predictionPath = context.Resolve(parse.GetValue(Vocabulary.Predictions)!);
        var partial = PartialDetection.Of(evaluation, groundTruthPath, predictionPath, mlUse, context.Progress, context.Cancellation);
        using (var file = OutputFile.Create(context.Resolve(partialPath)))
        {
            partial.WriteTo(file.Stream);
            file.Commit();
        }
        new PartialWritten(context.Resolve(partialPath), task, mlUse, partial.Images, partial.GroundTruthImages, groundTruthPath, predictionPath,
                $"Partial evaluation of {Counted.Of(partial.Images, "image")} ({Counted.Of(partial.GroundTruthImages, "ground-truth image")} in all) written to {partialPath}; merge the parts with: automl-eval merge PART...")
            .WriteTo(context.Output, TabularOutput.ReadFormat(parse));
        return 0;
    }

    /// <summary>Writes an evaluation as evaluate prints it (table, JSON or CSV): the merge verb prints the same.</summary>
    internal static void WriteEvaluation(TextWriter output, OutputFormat format, string task, DetectionEvaluation evaluation, int width)
    {
        var stats = evaluation.Stats;
        switch (format)
        {
            case OutputFormat.Json:
                TabularOutput.WriteJson(output, w => DetectionJson.Write(w, task, evaluation));
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(output, LabelHeaders, LabelRows(evaluation).Append(AllRow(evaluation)));
                break;
            default:
                // An undefined statistic (COCO's -1: no object of that size) is '-', as in the per-label table.
                TabularOutput.WriteProperties(output, CocoStats.Names.Zip(stats.ToArray(), (n, v) => (n, (object?)CocoStats.Defined(v)))
                    .Concat(new (string, object?)[]
                    {
                        ("bestF1Threshold", evaluation.BestF1Counts.Threshold),
                        ("precisionAtBestF1", evaluation.BestF1Counts.Precision),
                        ("recallAtBestF1", evaluation.BestF1Counts.Recall),
                        ("images", evaluation.Counts.Images),
                        ("groundTruthObjects", evaluation.Counts.GroundTruthObjects),
                        // Left out of the ground truth: unreadable records (errors) and annotations of unlisted images (warnings).
                        ("groundTruthSkipped", $"{evaluation.Counts.GroundTruthSkipped} ({evaluation.Counts.GroundTruthInvalid} unreadable)"),
                        ("detections", evaluation.Counts.Detections),
                        ("detectionsSkipped", evaluation.Counts.DetectionsSkipped),
                    }), width);
                output.WriteLine();
                TabularOutput.WriteTable(output, LabelHeaders, LabelRows(evaluation), [["precisionAtBestF1", "recallAtBestF1", "bestF1Threshold"], ["ar100"], ["ap75"]], width);
                output.WriteLine();
                var errors = evaluation.ErrorAnalysis;
                TabularOutput.WriteTable(output, ErrorKindHeaders,
                    Enum.GetValues<DetectionErrorKind>().Select(k => (IReadOnlyList<object?>)new object?[] { DetectionJson.KindName(k), errors.CountOf(k), errors.DeltaAp(k) }), null, width);
                break;
        }
    }

    public int Sweep(string task, ParseResult parse, CliContext context)
    {
        double iou = parse.GetValue(Vocabulary.IouThreshold) ?? 0.5;
        try
        {
            // Every evaluation matches at COCO's ten thresholds, whatever the files: another is refused before they are read.
            CocoParams.Default(IouType.BoundingBox).IouIndex(iou);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliUsageException($"--iou-threshold {iou.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
        }
        var grid = ThresholdGrid.Read(parse);
        var (evaluation, format) = Load(task, parse, context);
        var category = ReadLabel(parse, evaluation);
        var rows = evaluation.Sweep(iou, grid, category);
        var displayName = category is long id ? evaluation.Categories.First(c => c.Id == id).Name : ClassificationTask.MicroRowName;
        var headers = new[] { "displayName", "confidenceThreshold", "precision", "recall", "f1Score", "truePositiveCount", "falsePositiveCount", "falseNegativeCount" };
        var cells = rows.Select(r => (IReadOnlyList<object?>)new object?[] { displayName, r.Threshold, r.Precision, r.Recall, r.F1, r.TruePositives, r.FalsePositives, r.FalseNegatives });
        WriteRows(context, format, headers, cells, [], w =>
        {
            foreach (var r in rows) DetectionJson.WriteConfidenceRow(w, r, displayName);
        });
        return 0;
    }

    public int Errors(string task, ParseResult parse, CliContext context)
    {
        double iou = parse.GetValue(Vocabulary.IouThreshold) ?? 0.5;
        double background = parse.GetValue(BackgroundThreshold) ?? 0.1;
        var kind = parse.Choice(Vocabulary.Kind, "all", ErrorKinds);
        int top = parse.EitherName(Vocabulary.Top, Vocabulary.Limit) ?? int.MaxValue;
        if (background > iou) throw new CliUsageException("--background-threshold must not exceed --iou-threshold.");
        var (evaluation, format) = Load(task, parse, context);
        var category = ReadLabel(parse, evaluation);
        var errors = DetectionErrorAnalysis.Analyze(evaluation, iou, background, context.Progress, context.Cancellation)
            .Where(e => category is null || e.CategoryId == category.Value)
            .Where(e => kind switch
            {
                "all" => true,
                "false" => e.Kind != DetectionErrorKind.Missed,
                _ => string.Equals(DetectionJson.KindName(e.Kind), kind, StringComparison.Ordinal),
            })
            .Take(top)
            .ToArray();
        var headers = new[] { "kind", "imageId", "fileName", "label", "categoryId", "x", "y", "width", "height", "score", "bestIou", "groundTruthId", "otherCategoryId" };
        var cells = errors.Select(e => (IReadOnlyList<object?>)new object?[]
        {
            DetectionJson.KindName(e.Kind), e.ImageId, e.FileName, e.Label, e.CategoryId, e.Box[0], e.Box[1], e.Box[2], e.Box[3], e.Score, e.BestIou, e.GroundTruthId, e.OtherCategoryId,
        });
        // The table tells errors apart by kind, image, label and score; the ids and the box first give way to 80 columns.
        string[][] leaveOut = [["otherCategoryId"], ["groundTruthId"], ["categoryId"], ["x", "y", "width", "height"], ["imageId"]];
        WriteRows(context, format, headers, cells, leaveOut, w =>
        {
            foreach (var e in errors)
            {
                w.WriteStartObject();
                w.WriteString("kind", DetectionJson.KindName(e.Kind));
                w.WriteNumber("imageId", e.ImageId);
                w.WriteString("fileName", e.FileName);
                w.WriteString("label", e.Label);
                w.WriteNumber("categoryId", e.CategoryId);
                w.WriteStartArray("box");
                foreach (var v in e.Box)
                {
                    if (double.IsNaN(v)) w.WriteNullValue();
                    else w.WriteNumberValue(v);
                }
                w.WriteEndArray();
                w.WriteNumberOrNull("score", e.Score);
                w.WriteNumberOrNull("bestIou", e.BestIou);
                if (e.GroundTruthId is null) w.WriteNull("groundTruthId");
                else w.WriteNumber("groundTruthId", e.GroundTruthId.Value);
                if (e.OtherCategoryId is null) w.WriteNull("otherCategoryId");
                else w.WriteNumber("otherCategoryId", e.OtherCategoryId.Value);
                w.WriteEndObject();
            }
        });
        return 0;
    }

    // Rows as a JSON array (each element written by writeElements), CSV or a table.
    private static void WriteRows(CliContext context, OutputFormat format, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> cells, IReadOnlyList<string[]> leaveOut, Action<Utf8JsonWriter> writeElements)
    {
        switch (format)
        {
            case OutputFormat.Json:
                TabularOutput.WriteJson(context.Output, w =>
                {
                    w.WriteStartArray();
                    writeElements(w);
                    w.WriteEndArray();
                });
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(context.Output, headers, cells);
                break;
            default:
                TabularOutput.WriteTable(context.Output, headers, cells, leaveOut, context.OutputWidth);
                break;
        }
    }

    private static readonly string[] ErrorKindHeaders = { "errorKind", "count", "deltaAp" };

    private static readonly string[] LabelHeaders =
        { "displayName", "categoryId", "ap", "ap50", "ap75", "ar100", "precisionAtBestF1", "recallAtBestF1", "bestF1Threshold", "groundTruthObjects", "detections" };

    // A category without ground truth has COCO's -1 for every figure: undefined, so '-' in a table and empty in CSV
    // (the JSON keeps COCO's -1, docs/detection.md).
    private static IEnumerable<IReadOnlyList<object?>> LabelRows(DetectionEvaluation evaluation) =>
        evaluation.Labels.Select(l => (IReadOnlyList<object?>)new object?[]
        {
            l.DisplayName, l.CategoryId, CocoStats.Defined(l.Ap), CocoStats.Defined(l.Ap50), CocoStats.Defined(l.Ap75), CocoStats.Defined(l.Ar100),
            CocoStats.Defined(l.PrecisionAtBestF1), CocoStats.Defined(l.RecallAtBestF1), CocoStats.Defined(l.BestF1Threshold), l.GroundTruthCount, l.DetectionCount,
        });

    /// <summary>
    /// The CSV's last row, "(all)", as classification's "(micro)" row: COCO's AP, AP50, AP75 and AR100 over all
    /// categories, the best-F1 point over all detections, and the totals of objects (those recall counts, as the labels'
    /// column) and detections, so the one table also carries the headlines.
    /// </summary>
    private static IReadOnlyList<object?> AllRow(DetectionEvaluation evaluation) =>
    [
        "(all)", null, CocoStats.Defined(evaluation.Stats.Ap), CocoStats.Defined(evaluation.Stats.Ap50), CocoStats.Defined(evaluation.Stats.Ap75),
        CocoStats.Defined(evaluation.Stats.Ar100), evaluation.BestF1Counts.Precision, evaluation.BestF1Counts.Recall, evaluation.BestF1Counts.Threshold,
        evaluation.Labels.Sum(l => l.GroundTruthCount), evaluation.Counts.Detections,
    ];

    private static string GroundTruthPathOf(string task, ParseResult parse, CliContext context) =>
        context.Resolve(parse.GetValue(Vocabulary.GroundTruth) ?? throw new CliUsageException($"--task {task} needs --ground-truth FILE (COCO ground truth)."));

    private static (DetectionEvaluation Evaluation, OutputFormat Format) Load(string task, ParseResult parse, CliContext context) =>
        (Read(task, parse, context, imagesForReport: false).Evaluation, TabularOutput.ReadFormat(parse));

    /// <summary>
    /// Reads --ground-truth, --predictions (or the option <paramref name="predictionsOption"/> names: compare's
    /// reference) and --images and evaluates them. With <paramref name="imagesForReport"/>, the images folder of COCO
    /// files locates the images a report draws (COCO files carry their sizes); Vertex AI files need it for both.
    /// </summary>
    internal static (DetectionEvaluation Evaluation, string? ImagesDirectory) Read(string task, ParseResult parse, CliContext context, bool imagesForReport, Option<string>? predictionsOption = null)
    {
        predictionsOption ??= Vocabulary.Predictions;
        var groundTruthPath = GroundTruthPathOf(task, parse, context);
        var predictions = parse.GetValue(predictionsOption) ?? throw new CliUsageException($"--task {task} needs {predictionsOption.Name} FILE (COCO results).");
        var iouType = string.Equals(task, "segmentation", StringComparison.Ordinal) ? IouType.Segmentation : IouType.BoundingBox;
        var images = parse.GetValue(Vocabulary.Images) is { } folder ? context.Resolve(folder) : null;
        // A mistyped folder would otherwise only show as every image "not found" (as the cmdlets' PathNotFound says).
        if (images is not null && !Directory.Exists(images)) throw new DirectoryNotFoundException($"The images folder '{images}' does not exist (--images).");
        var evaluationImages = imagesForReport && !DetectionInputs.IsVertex(groundTruthPath) ? null : images;
        var mlUse = parse.Choice(Vocabulary.MlUse, MlUse.Test, MlUse.Test, MlUse.Validation, MlUse.Training, MlUse.Unassigned);
        if (parse.Given(Vocabulary.MlUse) && !DetectionInputs.IsVertex(groundTruthPath))
        {
            throw new CliUsageException("--ml-use is for Vertex AI import files; COCO files have no splits.");
        }
        try
        {
            return (DetectionInputs.Evaluate(groundTruthPath, context.Resolve(predictions), iouType, evaluationImages, context, mlUse, context.Progress, context.Cancellation), images);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new CliUsageException(e.Message);
        }
    }

    private static long? ReadLabel(ParseResult parse, DetectionEvaluation evaluation)
    {
        var label = parse.GetValue(Vocabulary.Label);
        if (label is null) return null;
        var names = evaluation.Categories.Select(c => c.Name).ToArray();
        int byName = LabelLookup.IndexOf(names, label);
        if (byName >= 0) return evaluation.Categories[byName].Id;
        if (long.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && evaluation.Categories.Any(c => c.Id == id)) return id;
        throw LabelOption.NotFound(label, names, "a category name or id");
    }
}
