using AutoMLEval.Engine.Formats.Classification;
using System.CommandLine;
using System.Globalization;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Inference.Imaging;
using AutoMLEval.Inference.Model;
using AutoMLEval.Inference.Output;

namespace AutoMLEval.Cli.Commands;

/// <summary><c>predict</c>: runs an ONNX image classifier over a data set or image files and writes Vertex AI JSONL.</summary>
internal sealed class PredictCommand : ICliCommand
{
    public string Name => "predict";

    public string Summary => "Run an ONNX image classifier locally; write Vertex AI batch-prediction (and embedding) JSONL.";

    private static readonly Option<string> Model = CliOption.Text("--model", "FILE", "the ONNX model (needed with --ground-truth or --images; with neither, the bundled demo model runs on the demo's test split)");

    private static readonly Option<string[]> Images = CliOption.Repeatable("--images", "DIR|FILE",
        "images to predict instead of a ground truth (folders are searched recursively; an image over " + ImageDecoder.MaxPixels.ToString("N0", CultureInfo.InvariantCulture) + " pixels, 16384 x 16384, is an ImageTooLarge error: scale it down first)");

    private static readonly Option<string> Labels = CliOption.Text("--labels", "FILE", "class names, one per line (default: the model's 'labels' metadata, else indices)");

    private static readonly Option<string> Output = CliOption.Text("--output", "FILE", "predictions JSONL (default: standard output, unless it is a terminal)");

    private static readonly Option<string> Format = CliOption.Choice("--format",
        "table: predicted images per label; jsonl (json is the same): the predictions (default: table on a terminal without --output)",
        "table", "jsonl", "json");

    private static readonly Option<string> EmbeddingOutput = CliOption.Text("--embedding-output", "NAME", "the model output holding embeddings");

    private static readonly Option<string> EmbeddingsFile = CliOption.Text("--embeddings", "FILE", "write the embeddings JSONL here (needs --embedding-output)");

    private static readonly Option<string> ScoresOutput = CliOption.Text("--scores-output", "NAME", "the model output holding class scores (default: the first output)");

    private static readonly Option<int?> BatchSize = CliOption.Integer("--batch-size", "N", "images per inference run (default 32)", 1, 4096);

    private static readonly Option<int?> Width = CliOption.Integer("--width", "N", "input width when the model's is dynamic", 1, 65536);

    private static readonly Option<int?> Height = CliOption.Integer("--height", "N", "input height when the model's is dynamic", 1, 65536);

    private static readonly Option<string> Resize = CliOption.Choice("--resize", "how images reach the input size (default stretch)", "stretch", "crop", "pad");

    private static readonly Option<double?> Scale = CliOption.Number("--scale", "X", "pixel multiplier (default 1/255)");

    private static readonly Option<string> Mean = CliOption.Text("--mean", "A[,B,C]", "per-channel mean subtracted after scaling (default 0)");

    private static readonly Option<string> Std = CliOption.Text("--std", "A[,B,C]", "per-channel divisor after the mean (default 1)");

    private static readonly Option<string> ChannelOrderOption = CliOption.Choice("--channel-order", "(default rgb)", "rgb", "bgr");

    private static readonly Option<string> Layout = CliOption.Choice("--layout", "(default: from the model's input shape)", "auto", "nchw", "nhwc");

    private static readonly Option<string> Softmax = CliOption.Choice("--softmax", "(default auto: applied when the scores are not probabilities)", "auto", "always", "never");

    public IReadOnlyList<Option> Options { get; } =
    [
        Model, Vocabulary.GroundTruth, Vocabulary.MlUseOrEverySplit, Images, Labels, Output, Format, EmbeddingOutput, EmbeddingsFile, ScoresOutput,
        BatchSize, Width, Height, Resize, Scale, Mean, Std, ChannelOrderOption, Layout, Softmax,
    ];

    public IReadOnlyList<Option> OutputFiles { get; } = [Output, EmbeddingsFile];

    public int Run(ParseResult parse, CliContext context)
    {
        var images = parse.GetValue(Images) ?? [];
        var useDemo = !parse.Given(Model) && !parse.Given(Vocabulary.GroundTruth) && images.Length == 0;
        var modelPath = useDemo ? Path.Combine(CliContext.DemoDirectory, "model.onnx") : context.Resolve(parse.GetValue(Model) ?? throw new CliUsageException("Option --model is required with --ground-truth or --images (the demo model runs only on the demo, with neither)."));
        var groundTruth = useDemo ? Path.Combine(CliContext.DemoDirectory, "dataset.csv") : parse.GetValue(Vocabulary.GroundTruth) is { } csv ? context.Resolve(csv) : null;
        var mlUse = parse.Choice(Vocabulary.MlUseOrEverySplit, useDemo ? "test" : string.Empty, "training", "validation", "test", "unassigned");
        var labelsPath = parse.GetValue(Labels) is { } labels ? context.Resolve(labels) : useDemo ? Path.Combine(CliContext.DemoDirectory, "labels.txt") : null;
        var output = parse.GetValue(Output);
        var embeddingsPath = parse.GetValue(EmbeddingsFile);
        var summary = (parse.GetValue(Format) ?? (output is null && context.OutputIsTerminal ? "table" : "jsonl")) == "table"
            ? new PredictionSummary()
            : null;
        var options = ReadOptions(parse, labelsPath);
        if (groundTruth is not null && images.Length > 0) throw new CliUsageException("Give either --ground-truth or --images, not both.");
        if (groundTruth is null && images.Length == 0) throw new CliUsageException("Give the images: --ground-truth dataset.csv or --images DIR|FILE.");
        if (embeddingsPath is not null && options.EmbeddingOutput is null) throw new CliUsageException("--embeddings needs --embedding-output NAME (the model output holding the embedding).");

        var issues = new IssueLog(context);
        var items = groundTruth is not null
            ? ImageItem.FromGroundTruth(GroundTruthReader.Read(groundTruth, issues, context.Progress, context.Cancellation), mlUse.Length == 0 ? null : mlUse)
            : images.SelectMany(i => ListImages(i, context)).ToList();
        var progress = new ImageProgress(context.Progress);
        var written = 0;
        try
        {
            using var classifier = new ImageClassifier(modelPath, options);
            // Files are written beside their final names and moved there once complete: a cancelled run leaves none half-written.
            using var predictionFile = output is null ? null : OutputFile.Create(context.Resolve(output));
            using var embeddingFile = embeddingsPath is null ? null : OutputFile.Create(context.Resolve(embeddingsPath));
            using (var predictions = predictionFile is not null ? PredictionJsonWriter.Create(predictionFile.Stream) : summary is null ? new PredictionJsonWriter(context.Output) : null)
            using (var embeddings = embeddingFile is null ? null : PredictionJsonWriter.Create(embeddingFile.Stream))
            {
                foreach (var prediction in classifier.Predict(items, issues, progress, context.Cancellation))
                {
                    predictions?.WritePrediction(prediction);
                    embeddings?.WriteEmbedding(prediction);
                    summary?.Add(prediction);
                    written++;
                }
            }
            predictionFile?.Commit();
            embeddingFile?.Commit();
        }
        catch (ModelUnusableException e)
        {
            // A model that does not fit, found as it loads or at its first run (ModelLoadFailed, ModelRunFailed), as
            // Invoke-ModelPrediction's errors: the message names the model.
            context.WriteMessage($"automl-eval predict: error {e.Code}: {TerminalText.Escape(e.Message)}");
            return ExitCodes.UnusableInput;
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.ClearProgress();
            var notWritten = string.Join(" and ", new[] { output, embeddingsPath }.Where(f => f is not null));
            context.Error.WriteLine($"automl-eval predict: cancelled after {written} of {items.Count} predictions{(notWritten.Length == 0 ? string.Empty : "; not written: " + notWritten)}.");
            return Program.CancelledExitCode;
        }
        context.ClearProgress();
        summary?.Write(context.Output, context.OutputWidth);
        var destination = output is not null ? " -> " + output : summary is not null ? " (not written: --output FILE or --format jsonl writes them)" : string.Empty;
        context.Error.WriteLine($"automl-eval predict: {written} images predicted, {progress.Last.Skipped}{destination}.");
        return 0;
    }

    private static InferenceOptions ReadOptions(ParseResult parse, string? labelsPath)
    {
        var defaults = new PreprocessingOptions();
        var preprocessing = new PreprocessingOptions
        {
            Width = parse.GetValue(Width),
            Height = parse.GetValue(Height),
            ResizeMode = parse.GetValue(Resize) switch { "crop" => ResizeMode.CenterCrop, "pad" => ResizeMode.Pad, _ => ResizeMode.Stretch },
            Scale = (float)(parse.GetValue(Scale) ?? defaults.Scale),
            Mean = Floats(parse, Mean) ?? defaults.Mean,
            Std = Floats(parse, Std) ?? defaults.Std,
            ChannelOrder = parse.GetValue(ChannelOrderOption) == "bgr" ? ChannelOrder.Bgr : ChannelOrder.Rgb,
            Layout = parse.GetValue(Layout) switch { "nchw" => TensorLayout.Nchw, "nhwc" => TensorLayout.Nhwc, _ => TensorLayout.Auto },
        };
        if (preprocessing.Problem() is { } problem) throw new CliUsageException($"Pre-processing options (--width, --height, --scale, --mean, --std): {problem}.");
        return new InferenceOptions
        {
            Preprocessing = preprocessing,
            BatchSize = parse.GetValue(BatchSize) ?? 32,
            Softmax = parse.GetValue(Softmax) switch { "always" => SoftmaxMode.Always, "never" => SoftmaxMode.Never, _ => SoftmaxMode.Auto },
            ScoresOutput = parse.GetValue(ScoresOutput),
            EmbeddingOutput = parse.GetValue(EmbeddingOutput),
            Labels = labelsPath is null ? null : LabelSource.ReadFile(labelsPath),
            LabelsPath = labelsPath,
        };
    }

    private static float[]? Floats(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option);
        if (text is null) return null;
        var values = text.Split(',').Select(t => float.TryParse(t.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : float.NaN).ToArray();
        if (values.Any(float.IsNaN) || values.Length is not (1 or 3)) throw new CliUsageException($"Option {option.Name} needs one number or three separated by commas, got '{text}'.");
        return values;
    }

    /// <summary>
    /// A file as given, or a folder's image files (recursively, in ordinal order; what the folder walk leaves out is one
    /// FilesLeftOut warning), named as the user would write them.
    /// </summary>
    private static IEnumerable<ImageItem> ListImages(string given, CliContext context)
    {
        var full = context.Resolve(given);
        if (File.Exists(full)) return new[] { new ImageItem(given, full) };
        if (!Directory.Exists(full)) throw new IOException($"No file or folder '{given}'.");
        var images = ImageItem.FromFolder(given, full, context);
        // As Invoke-ModelPrediction's NoImagesInFolder: a folder given for images that holds none is a mistake, not 0 predictions.
        return images.Count > 0 ? images : throw new IOException($"The folder '{given}' holds no image files ({string.Join(", ", ImageFolders.ImageExtensions)}).");
    }

    /// <summary>What a terminal shows instead of every JSON line: how many images each label tops, and their mean top score.</summary>
    private sealed class PredictionSummary
    {
        private readonly Dictionary<string, (int Images, double ScoreSum)> _byLabel = new(StringComparer.Ordinal);

        public void Add(ImagePrediction prediction)
        {
            if (prediction.Confidences.Count == 0) return;
            var top = 0;
            for (var i = 1; i < prediction.Confidences.Count; i++) if (prediction.Confidences[i] > prediction.Confidences[top]) top = i;
            var label = prediction.DisplayNames[top];
            var (images, scoreSum) = _byLabel.GetValueOrDefault(label);
            _byLabel[label] = (images + 1, scoreSum + prediction.Confidences[top]);
        }

        public void Write(TextWriter output, int width) =>
            TabularOutput.WriteTable(output, ["predictedLabel", "images", "meanScore"],
                _byLabel.OrderByDescending(l => l.Value.Images).ThenBy(l => l.Key, StringComparer.Ordinal)
                    .Select(l => (IReadOnlyList<object?>)[l.Key, l.Value.Images, l.Value.ScoreSum / l.Value.Images]), null, width);
    }

    /// <summary>
    /// The images done (predicted or skipped) of the images in all, on every verb's progress line (when standard error
    /// is a terminal); the last progress is kept for the summary line's skipped images.
    /// </summary>
    private sealed class ImageProgress(IProgress<WorkProgress>? line) : IProgress<InferenceProgress>
    {
        /// <summary>The last progress reported: after the run, its skipped images by why.</summary>
        public InferenceProgress Last { get; private set; }

        public void Report(InferenceProgress value)
        {
            Last = value;
            line?.Report(new WorkProgress("Predicting images", value.Done, value.Total ?? 0));
        }
    }
}
