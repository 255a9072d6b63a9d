using AutoMLEval.Engine.Formats.Classification;
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

    public string Usage => """
          --model FILE              the ONNX model (default: the bundled demo model, on the demo's test split)
          --ground-truth FILE       a data-set CSV [ML_USE,]PATH,LABEL; paths are relative to the CSV's folder
          --ml-use SPLIT            only rows of this split (training, validation, test)
          --images DIR|FILE         images to predict instead of a CSV (repeatable; folders are searched recursively)
          --labels FILE             class names, one per line (default: the model's 'labels' metadata, else indices)
          --output FILE             predictions JSONL (default: standard output, unless it is a terminal)
          --format table|jsonl|json table: predicted images per label, not the predictions themselves; jsonl (json
                                    is the same): the predictions' JSON lines (default: table when standard output
                                    is a terminal and no --output is given, else jsonl)
          --embedding-output NAME   the model output holding embeddings
          --embeddings FILE         embeddings JSONL (needs --embedding-output)
          --scores-output NAME      the model output holding class scores (default: the first output)
          --batch-size N            images per inference run (default 32)
          --width N --height N      input size when the model's is dynamic
          --resize stretch|crop|pad how images reach the input size (default stretch)
          --scale X                 pixel multiplier (default 1/255)
          --mean A[,B,C] --std A[,B,C]  per-channel normalisation after scaling (default 0 and 1)
          --channel-order rgb|bgr   (default rgb)
          --layout auto|nchw|nhwc   (default: from the model's input shape)
          --softmax auto|always|never  (default auto: applied when the scores are not probabilities)
        """;

    public int Run(CliArguments arguments, CliContext context)
    {
        var useDemo = arguments.Value("model") is null && arguments.Value("ground-truth") is null && arguments.Values("images").Count == 0;
        var modelPath = useDemo ? Path.Combine(CliContext.DemoDirectory, "model.onnx") : context.Resolve(Required(arguments, "model"));
        var groundTruth = useDemo ? Path.Combine(CliContext.DemoDirectory, "dataset.csv") : arguments.Value("ground-truth") is { } csv ? context.Resolve(csv) : null;
        var mlUse = arguments.Choice("ml-use", useDemo ? "test" : string.Empty, "training", "validation", "test", "unassigned");
        var images = arguments.Values("images");
        var labelsPath = arguments.Value("labels") is { } labels ? context.Resolve(labels) : useDemo ? Path.Combine(CliContext.DemoDirectory, "labels.txt") : null;
        var output = arguments.Value("output");
        var embeddingsPath = arguments.Value("embeddings");
        var summary = arguments.Choice("format", output is null && context.OutputIsTerminal ? "table" : "jsonl", "table", "jsonl", "json") == "table"
            ? new PredictionSummary()
            : null;
        var options = ReadOptions(arguments, labelsPath);
        arguments.RejectUnknown();
        if (groundTruth is not null && images.Count > 0) throw new CliUsageException("Give either --ground-truth or --images, not both.");
        if (groundTruth is null && images.Count == 0) throw new CliUsageException("Give the images: --ground-truth dataset.csv or --images DIR|FILE.");
        if (embeddingsPath is not null && options.EmbeddingOutput is null) throw new CliUsageException("--embeddings needs --embedding-output NAME (the model output holding the embedding).");

        var issues = new IssueLog(context);
        var items = groundTruth is not null
            ? ImageItem.FromGroundTruth(GroundTruthReader.Read(groundTruth, issues, context.Progress, context.Cancellation), mlUse.Length == 0 ? null : mlUse)
            : images.SelectMany(i => ListImages(i, context)).ToList();
        using var classifier = new ImageClassifier(modelPath, options);
        var progress = context.ErrorIsTerminal ? new ProgressBar(context.Error) : null;
        var written = 0;
        try
        {
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
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            progress?.Finish();
            var notWritten = string.Join(" and ", new[] { output, embeddingsPath }.Where(f => f is not null));
            context.Error.WriteLine($"automl-eval predict: cancelled after {written} of {items.Count} predictions{(notWritten.Length == 0 ? string.Empty : "; not written: " + notWritten)}.");
            return Program.CancelledExitCode;
        }
        progress?.Finish();
        var unreadable = issues.CountsByCode.TryGetValue(ImageClassifier.UnreadableImageCode, out var n) ? n : 0;
        summary?.Write(context.Output);
        var destination = output is not null ? " -> " + output : summary is not null ? " (not written: --output FILE or --format jsonl writes them)" : string.Empty;
        context.Error.WriteLine($"automl-eval predict: {written} images predicted, {unreadable} unreadable{destination}.");
        return 0;
    }

    private static InferenceOptions ReadOptions(CliArguments arguments, string? labelsPath)
    {
        var defaults = new PreprocessingOptions();
        var preprocessing = new PreprocessingOptions
        {
            Width = OptionalInteger(arguments, "width"),
            Height = OptionalInteger(arguments, "height"),
            ResizeMode = arguments.Choice("resize", "stretch", "stretch", "crop", "pad") switch { "crop" => ResizeMode.CenterCrop, "pad" => ResizeMode.Pad, _ => ResizeMode.Stretch },
            Scale = (float)arguments.Number("scale", defaults.Scale),
            Mean = Floats(arguments, "mean") ?? defaults.Mean,
            Std = Floats(arguments, "std") ?? defaults.Std,
            ChannelOrder = arguments.Choice("channel-order", "rgb", "rgb", "bgr") == "bgr" ? ChannelOrder.Bgr : ChannelOrder.Rgb,
            Layout = arguments.Choice("layout", "auto", "auto", "nchw", "nhwc") switch { "nchw" => TensorLayout.Nchw, "nhwc" => TensorLayout.Nhwc, _ => TensorLayout.Auto },
        };
        return new InferenceOptions
        {
            Preprocessing = preprocessing,
            BatchSize = arguments.Integer("batch-size", 32, 1, 4096),
            Softmax = arguments.Choice("softmax", "auto", "auto", "always", "never") switch { "always" => SoftmaxMode.Always, "never" => SoftmaxMode.Never, _ => SoftmaxMode.Auto },
            ScoresOutput = arguments.Value("scores-output"),
            EmbeddingOutput = arguments.Value("embedding-output"),
            Labels = labelsPath is null ? null : LabelSource.ReadFile(labelsPath),
        };
    }

    private static string Required(CliArguments arguments, string name) =>
        arguments.Value(name) ?? throw new CliUsageException($"Option --{name} is required.");

    private static int? OptionalInteger(CliArguments arguments, string name) =>
        arguments.Value(name) is null ? null : arguments.Integer(name, 0, 1, 65536);

    private static float[]? Floats(CliArguments arguments, string name)
    {
        var text = arguments.Value(name);
        if (text is null) return null;
        var values = text.Split(',').Select(t => float.TryParse(t.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : float.NaN).ToArray();
        if (values.Any(float.IsNaN) || values.Length is not (1 or 3)) throw new CliUsageException($"Option --{name} needs one number or three separated by commas, got '{text}'.");
        return values;
    }

    /// <summary>A file as given, or a folder's image files (recursively, in ordinal order), named as the user would write them.</summary>
    private static IEnumerable<ImageItem> ListImages(string given, CliContext context)
    {
        var full = context.Resolve(given);
        if (File.Exists(full)) return new[] { new ImageItem(given, full) };
        if (!Directory.Exists(full)) throw new IOException($"No file or folder '{given}'.");
        return ImageItem.FromFolder(given, full);
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

        public void Write(TextWriter output) =>
            TabularOutput.WriteTable(output, ["predictedLabel", "images", "meanScore"],
                _byLabel.OrderByDescending(l => l.Value.Images).ThenBy(l => l.Key, StringComparer.Ordinal)
                    .Select(l => (IReadOnlyList<object?>)[l.Key, l.Value.Images, l.Value.ScoreSum / l.Value.Images]));
    }

    /// <summary>A one-line progress bar on standard error, redrawn in place; used only when it is a terminal.</summary>
    private sealed class ProgressBar(TextWriter error) : IProgress<InferenceProgress>
    {
        private const int Width = 30;

        public void Report(InferenceProgress value)
        {
            var done = value.Completed + value.Failed;
            var bar = value.Total is > 0 ? new string('#', Width * done / value.Total.Value).PadRight(Width, '.') : string.Empty;
            var of = value.Total is int total ? "/" + total.ToString(CultureInfo.InvariantCulture) : string.Empty;
            error.Write($"\r[{bar}] {done.ToString(CultureInfo.InvariantCulture)}{of} images, {value.Failed.ToString(CultureInfo.InvariantCulture)} unreadable");
        }

        public void Finish() => error.WriteLine();
    }
}
