using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Slices;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Reports;
using AutoMLEval.Inference.Imaging;

namespace AutoMLEval.Cli.Commands;

/// <summary><c>automl-eval report</c>: the evaluation as one self-contained HTML file.</summary>
internal sealed class ReportCommand : ICliCommand
{
    public string Name => "report";

    public string Summary => "The evaluation as one self-contained HTML page (summary, threshold slider, curves, confusion matrix, galleries; video: timelines; detection: COCO statistics, PR curves per IoU, false and missed detections).";

    public string Usage => """
          --task classification|video|detection|segmentation   what the inputs are (default: what the ground truth holds)
          --output FILE             the HTML file to write (default report.html in the current directory)
          --title TEXT              the page title (default from the ground-truth file name)
          --allow-outside-images    also embed images outside the data's folder (absolute paths, ../); by default a report
                                    made to be shared embeds only images under the ground truth's (or --images) folder
          --ground-truth FILE|DIR   classification ground truth; with --predictions (with neither: the bundled demo)
          --predictions FILE        classification predictions
          --ml-use SPLIT            split to evaluate: test (default), validation, training, unassigned
          --threshold T             the slider's starting threshold and the summary's (default 0.5)
          --multi-label | --single-label   force the kind (default: detected from the ground truth)
          --strict                  an item on only one side is an error
          --embeddings FILE         embeddings (JSONL or CSV) of the evaluated and the training items, repeatable: each gallery
                                    card offers its 4 nearest training images (with the demo: the demo's embeddings)
          --baseline-predictions FILE   a baseline model's predictions for the same ground truth: a section comparing this
                                    model with it (as compare --reference-predictions): metric differences with paired
                                    intervals, McNemar's test, fixed and broken images; --bootstrap N resamples (default 1000)
          --slice-by KEY [--metadata FILE]   a table of every value of a metadata key evaluated alone (as evaluate --slice-by)
          video: --ground-truth FILE --predictions FILE [--unit segment|one-second|shot] [--ml-use …] [--threshold T]
          detection|segmentation: --ground-truth FILE --predictions FILE [--images DIR] [--ml-use …]   COCO (or Vertex AI)
                                    files; with
                                    --images, the errors' images (file_name under DIR) are drawn with their boxes
        """;

    public int Run(CliArguments arguments, CliContext context)
    {
        var output = context.Resolve(arguments.Value("output") ?? "report.html");
        var options = new ReportOptions
        {
            Title = arguments.Value("title"),
            Thumbnails = new LibvipsThumbnails(),
            AllowImagesOutsideData = arguments.Flag("allow-outside-images"),
            Issues = context,
            Progress = context.Progress,
            CancellationToken = context.Cancellation,
        };
        Action<Stream> write;
        // Without --task, the ground truth says what it is, as for evaluate.
        var groundTruth = arguments.Value("ground-truth");
        var detected = groundTruth is null ? GroundTruthKind.Classification : GroundTruthKinds.Detect(context.Resolve(groundTruth));
        var task = arguments.Choice("task", detected.ToString().ToLowerInvariant(), "classification", "video", "detection", "segmentation");
        if (task is "detection" or "segmentation")
        {
            var (evaluation, images) = DetectionTask.Read(task, arguments, context, imagesForReport: true);
            arguments.RejectUnknown();
            write = file => EvaluationReport.Write(evaluation, file, options, images);
        }
        else if (task == "video")
        {
            var request = VideoTask.Request.Read(arguments);
            arguments.RejectUnknown();
            var evaluation = request.Run(context, context);
            write = file => EvaluationReport.Write(evaluation, file, options);
        }
        else
        {
            var embeddingFiles = arguments.Values("embeddings").Select(context.Resolve).ToList();
            if (embeddingFiles.Count == 0 && arguments.Value("ground-truth") is null && arguments.Value("predictions") is null)
            {
                embeddingFiles = Directory.GetFiles(CliContext.DemoDirectory, "embeddings.*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToList();
            }
            var sliceBy = arguments.Value("slice-by");
            var metadataPath = arguments.Value("metadata");
            if (metadataPath is not null && sliceBy is null) throw new CliUsageException("--metadata goes with --slice-by KEY.");
            var baseline = arguments.Value("baseline-predictions");
            var bootstrap = baseline is null ? 0 : arguments.Integer("bootstrap", new ComparisonOptions().BootstrapSamples, 0, 100000);
            var request = ClassificationTask.ReadRequest(arguments, context);
            var run = ClassificationTask.Run(arguments, context);
            if (baseline is not null)
            {
                // The baseline is the reference, so differences are this model's gains, as in compare.
                var reference = ClassificationInputs.Load(request.GroundTruthPath, context.Resolve(baseline), request.InputOptions, context, context.Progress, context.Cancellation);
                var comparison = ModelComparer.Compare(reference.Data, run.Evaluation.Data, new ComparisonOptions { Evaluation = request.Options, BootstrapSamples = bootstrap }, context.Progress, context.Cancellation);
                options = options with { Comparison = comparison };
            }
            if (sliceBy is not null) options = options with { Slices = MetadataSlices.Evaluate(run, sliceBy, metadataPath is null ? null : context.Resolve(metadataPath), context, context.Cancellation) };
            if (embeddingFiles.Count > 0) options = options with { Embeddings = EmbeddingReader.ReadFiles(embeddingFiles, context, context.Progress, context.Cancellation) };
            write = file => EvaluationReport.Write(run, file, options);
        }
        // Written beside the final name and moved there once complete: a cancelled or failed run leaves no half page.
        using (var file = OutputFile.Create(output))
        {
            write(file.Stream);
            file.Commit();
        }
        context.Error.WriteLine($"report written to {output}");
        return 0;
    }
}
