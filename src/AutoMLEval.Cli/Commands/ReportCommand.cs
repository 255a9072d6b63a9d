using System.CommandLine;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Slices;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Reports;
using AutoMLEval.Inference.Imaging;

namespace AutoMLEval.Cli.Commands;

/// <summary><c>automl-eval report</c>: the evaluation as one self-contained HTML file.</summary>
internal sealed class ReportCommand : ICliCommand
{
    public string Name => "report";

    public string Summary => "The evaluation as one self-contained HTML page (summary, threshold slider, curves, confusion matrix, galleries; video: timelines; detection: COCO statistics, PR curves per IoU, false and missed detections).";

    private const string DefaultOutput = "report.html";

    private static readonly Option<string> Output = CliOption.Text("--output", "FILE", $"the HTML file to write (default {DefaultOutput} in the current directory)");

    private static readonly Option<string> Title = CliOption.Text("--title", "TEXT", "the page title (default from the ground-truth file name)");

    private static readonly Option<bool> AllowOutsideImages = CliOption.Flag("--allow-outside-images",
        "also embed images outside the data's folder (absolute paths, ../); by default only those under it");

    private static readonly TaskOptions TaskOptions = new(
        [Output, Title, AllowOutsideImages],
        [
            new(["classification"], "classification (the default)", ClassificationTask.InputOptions.Concat(
                [Vocabulary.Embeddings, Vocabulary.BaselinePredictions, Vocabulary.Bootstrap, Vocabulary.SliceBy, Vocabulary.Metadata]).ToArray()),
            new(["video"], "video", VideoTask.Request.Options),
            new(["detection", "segmentation"], "detection, segmentation", DetectionTask.InputOptions),
        ]);

    public IReadOnlyList<Option> Options => TaskOptions.All;

    public IReadOnlyList<Option> OutputFiles { get; } = [Output];

    public string? DefaultOutputFile(Option output) => output == Output ? DefaultOutput : null;

    public IReadOnlyList<OptionGroup> Usage(ParseResult parse, CliContext context, bool help) => TaskOptions.Groups(parse, context, help);

    public int Run(ParseResult parse, CliContext context)
    {
        var output = context.Resolve(parse.GetValue(Output) ?? DefaultOutput);
        var options = new ReportOptions
        {
            Title = parse.GetValue(Title),
            Thumbnails = new LibvipsThumbnails(),
            AllowImagesOutsideData = parse.GetValue(AllowOutsideImages),
            Issues = context,
            Progress = context.Progress,
            CancellationToken = context.Cancellation,
        };
        Action<Stream> write;
        // Without --task, the ground truth says what it is, as for evaluate.
        var task = TaskOptions.Select(parse, context);
        if (task is "detection" or "segmentation")
        {
            var (evaluation, images) = DetectionTask.Read(task, parse, context, imagesForReport: true);
            write = file => EvaluationReport.Write(evaluation, file, options, images);
        }
        else if (task == "video")
        {
            var request = VideoTask.Request.Read(parse);
            var evaluation = request.Run(context, context);
            write = file => EvaluationReport.Write(evaluation, file, options);
        }
        else
        {
            var embeddingFiles = (parse.GetValue(Vocabulary.Embeddings) ?? []).Select(context.Resolve).ToList();
            if (embeddingFiles.Count == 0 && !parse.Given(Vocabulary.GroundTruth) && !parse.Given(Vocabulary.Predictions))
            {
                embeddingFiles = Directory.GetFiles(CliContext.DemoDirectory, "embeddings.*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToList();
            }
            var sliceBy = parse.GetValue(Vocabulary.SliceBy);
            var metadataPath = parse.GetValue(Vocabulary.Metadata);
            if (metadataPath is not null && sliceBy is null) throw new CliUsageException("--metadata goes with --slice-by KEY.");
            var baseline = parse.GetValue(Vocabulary.BaselinePredictions);
            if (baseline is null && parse.Given(Vocabulary.Bootstrap)) throw new CliUsageException("--bootstrap resamples the comparison with a baseline: it goes with --baseline-predictions.");
            var bootstrap = parse.GetValue(Vocabulary.Bootstrap) ?? new ComparisonOptions().BootstrapSamples;
            var request = ClassificationTask.ReadRequest(parse, context);
            var run = ClassificationTask.Run(parse, context);
            if (baseline is not null)
            {
                // The baseline is the reference, so differences are this model's gains, as in compare.
                var reference = ClassificationInputs.Load(request.GroundTruthPath, context.Resolve(baseline), request.InputOptions, context, context.Progress, context.Cancellation);
                var comparison = Comparisons.Paired(reference.Data, run.Evaluation.Data, new ComparisonOptions { Evaluation = request.Options, BootstrapSamples = bootstrap }, request.PredictionPath, context);
                options = options with { Comparison = comparison };
            }
            if (sliceBy is not null) options = options with { Slices = MetadataSlices.Evaluate(run, sliceBy, metadataPath is null ? null : context.Resolve(metadataPath), context, context.Cancellation).Slices };
            if (embeddingFiles.Count > 0) options = options with { Embeddings = EmbeddingReader.ReadFiles(embeddingFiles, context, DistanceMetric.Cosine, context.Progress, context.Cancellation), EmbeddingsOption = Vocabulary.Embeddings.Name };
            write = file => EvaluationReport.Write(run, file, options);
        }
        // Written beside the final name and moved there once complete: a cancelled or failed run leaves no half page.
        using (var file = OutputFile.Create(output))
        {
            write(file.Stream);
            file.Commit();
        }
        context.WriteMessage($"report written to {output}");
        return 0;
    }
}
