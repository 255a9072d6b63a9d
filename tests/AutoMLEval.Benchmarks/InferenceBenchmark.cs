using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Model;
using AutoMLEval.Inference.Output;
using Microsoft.ML.OnnxRuntime;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// Images per second of the whole prediction path (read, decode, resize, normalise, infer, write JSONL) at batch
/// 1 and 32, beside a bare loop of InferenceSession.Run on pre-made tensors, the limit for the model on this
/// machine. Target (issue 13): the full path at least 90% of bare at batch 32; peak memory under 1 GB.
/// </summary>
internal sealed class InferenceBenchmark : IBenchmark
{
    public string Name => "inference";

    public string Description => "images/s, full path vs bare InferenceSession.Run; args: PHOTO_DIR MODEL.onnx";

    public void Run(IReadOnlyList<string> args)
    {
        if (args.Count < 2) throw new ArgumentException("Usage: inference PHOTO_DIR MODEL.onnx (for example ../shared/reference/photos ../shared/reference/models/resnet18-random.onnx)");
        var photos = Directory.EnumerateFiles(args[0]).OrderBy(f => f, StringComparer.Ordinal).Select(ImageItem.FromPath).ToList();
        var model = args[1];
        var output = Path.Combine(Path.GetTempPath(), "automl-eval-bench-" + Guid.NewGuid().ToString("N") + ".jsonl");
        Console.WriteLine($"{photos.Count} images, model {Path.GetFileName(model)}");
        try
        {
            foreach (var batchSize in new[] { 1, 32 })
            {
                // Alternated rounds, medians compared: one pass of 200 photos takes a few seconds, and this machine's
                // speed drifts by several percent from one pass to the next.
                var bare = new List<double>();
                var full = new List<double>();
                for (int round = 1; round <= Rounds; round++)
                {
                    bare.Add(BareInference(model, batchSize, photos.Count));
                    full.Add(FullPath(model, batchSize, photos, output));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  batch {batchSize,2}, round {round}: full path {full[^1],7:F1} images/s   bare Run {bare[^1],7:F1} images/s   full/bare {full[^1] / bare[^1]:P0}"));
                }
                var (fullMedian, bareMedian) = (Statistics.Median(full), Statistics.Median(bare));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batchSize,2}: full path {fullMedian,7:F1} images/s   bare Run {bareMedian,7:F1} images/s   full/bare {fullMedian / bareMedian:P0} (medians of {Rounds})"));
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    private const int Rounds = 5;

    private static double FullPath(string model, int batchSize, List<ImageItem> photos, string output)
    {
        using var classifier = new ImageClassifier(model, new InferenceOptions { BatchSize = batchSize, Preprocessing = PreprocessingOptions.ImageNet });
        // Warm-up with one full batch, as the bare loop warms up with its tensor: the first Run of a shape plans and
        // allocates ORT's arenas for it, the first decode starts libvips.
        Drain(classifier, photos.Take(batchSize).ToList(), output);
        var clock = Stopwatch.StartNew();
        var written = Drain(classifier, photos, output);
        return written / clock.Elapsed.TotalSeconds;
    }

    private static int Drain(ImageClassifier classifier, List<ImageItem> items, string output)
    {
        var issues = new IssueLog();
        var written = 0;
        using (var writer = PredictionJsonWriter.Create(output))
        {
            foreach (var prediction in classifier.Predict(items, issues))
            {
                writer.WritePrediction(prediction);
                written++;
            }
        }
        if (issues.ErrorCount > 0) Console.WriteLine($"  {issues.ErrorCount} unreadable images");
        return written;
    }

    /// <summary>
    /// The same runs as the full path makes, on ready tensors: full batches, then one of the images left over (200 at
    /// batch 32: six of 32 and one of 8), each warmed up as the full path is, with one full batch.
    /// </summary>
    private static double BareInference(string model, int batchSize, int images)
    {
        _ = OnnxRuntimeEnvironment.Instance;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        var input = session.InputMetadata.First();
        var inputNames = new[] { input.Key };
        var outputNames = session.OutputMetadata.Keys.Take(1).ToArray();
        using var full = RandomTensor(input.Value, batchSize);
        using var leftOver = images % batchSize == 0 ? null : RandomTensor(input.Value, images % batchSize);
        using var runOptions = new RunOptions();
        session.Run(runOptions, inputNames, new[] { full }, outputNames).Dispose();
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < images / batchSize; r++) session.Run(runOptions, inputNames, new[] { full }, outputNames).Dispose();
        if (leftOver is not null) session.Run(runOptions, inputNames, new[] { leftOver }, outputNames).Dispose();
        return images / clock.Elapsed.TotalSeconds;
    }

    private static OrtValue RandomTensor(NodeMetadata input, int rows)
    {
        var shape = input.Dimensions.Select(d => d > 0 ? (long)d : 224L).ToArray();
        shape[0] = rows;
        var random = new Random(1);
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble();
        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }
}
