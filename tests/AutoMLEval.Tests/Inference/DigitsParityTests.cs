using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Model;
using AutoMLEval.Inference.Output;
using Xunit;

namespace AutoMLEval.Tests.Inference;

/// <summary>
/// Parity with the reference run (PyTorch-exported model, ONNX Runtime in Python, pixel/255 on the PNG's grey values):
/// Fixtures/digits-inference holds its predictions.test.jsonl, embeddings.test.jsonl and expected.test.json copied
/// from shared/reference/digits; the images and model.onnx are the bundled demo copy (demo/digits in the output).
/// </summary>
public sealed class DigitsParityTests
{
    private static readonly string Demo = Path.Combine(AppContext.BaseDirectory, "demo", "digits");
    private static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "Fixtures", "digits-inference");

    [Theory]
    [InlineData(32)]
    [InlineData(7)]
    [InlineData(1)]
    public void Confidences_and_embeddings_match_the_reference_at_any_batch_size(int batchSize)
    {
        var reference = ReadJsonLines("predictions.test.jsonl");
        var referenceEmbeddings = ReadJsonLines("embeddings.test.jsonl").ToDictionary(e => e.GetProperty("content").GetString()!, StringComparer.Ordinal);
        var log = new IssueLog();

        var predictions = Predict(reference.Select(Content), batchSize, log);

        Assert.Empty(log.Issues);
        Assert.Equal(540, predictions.Count);
        for (int i = 0; i < reference.Count; i++)
        {
            var expected = reference[i].GetProperty("prediction");
            var actual = predictions[i];
            Assert.Equal(Content(reference[i]), actual.Item.Content);
            var expectedByLabel = new double[10];
            var ids = expected.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var confidences = expected.GetProperty("confidences").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int rank = 0; rank < ids.Length; rank++) expectedByLabel[ids[rank]] = confidences[rank];
            var actualByLabel = actual.ConfidencesByLabel();
            for (int label = 0; label < 10; label++) Assert.InRange(actualByLabel[label] - expectedByLabel[label], -1e-5, 1e-5);
            Assert.Equal(ids[0], actual.Ids[0]);
            Assert.Equal(expected.GetProperty("displayNames")[0].GetString(), actual.DisplayNames[0]);

            var expectedEmbedding = referenceEmbeddings[actual.Item.Content].GetProperty("embedding").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(32, actual.Embedding!.Count);
            for (int d = 0; d < 32; d++) Assert.InRange(actual.Embedding[d] - expectedEmbedding[d], -1e-4, 1e-4);
        }
    }

    [Fact]
    public void Predicting_then_evaluating_gives_the_reference_metrics()
    {
        var truth = File.ReadLines(Path.Combine(Demo, "dataset.csv"))
            .Select(l => l.Split(','))
            .Where(f => f[0] == "test")
            .ToDictionary(f => f[1], f => f[2], StringComparer.Ordinal);
        var predictions = Predict(truth.Keys, 32, new IssueLog());
        var labels = LabelSource.ReadFile(Path.Combine(Demo, "labels.txt"));
        var scores = predictions.SelectMany(p => p.ConfidencesByLabel().Select(c => (double)c)).ToArray();
        var isTrue = predictions.SelectMany(p => labels.Select(l => l == truth[p.Item.Content])).ToArray();

        var evaluation = ClassificationEvaluator.Evaluate(new ClassificationData(labels, predictions.Select(p => p.Item.Content).ToArray(), scores, isTrue, isMultiLabel: false));

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "expected.test.json")));
        var root = expected.RootElement;
        Assert.Equal(root.GetProperty("items").GetInt32(), evaluation.ItemCount);
        Assert.Equal(root.GetProperty("accuracy").GetDouble(), evaluation.Accuracy, 1e-6);
        Assert.Equal(root.GetProperty("microAuPrc").GetDouble(), evaluation.MicroAuPrc, 1e-6);
        Assert.Equal(root.GetProperty("macroAuPrc").GetDouble(), evaluation.MacroAuPrc, 1e-6);
        Assert.Equal(root.GetProperty("microAuRoc").GetDouble(), evaluation.MicroAuRoc, 1e-6);
        Assert.Equal(root.GetProperty("macroAuRoc").GetDouble(), evaluation.MacroAuRoc, 1e-6);
        Assert.Equal(root.GetProperty("logLoss").GetDouble(), evaluation.LogLoss, 1e-6);
        Assert.Equal(root.GetProperty("macroF1").GetDouble(), evaluation.MacroF1, 1e-6);
    }

    [Fact]
    public void Unreadable_images_are_reported_counted_and_skipped()
    {
        var images = Path.Combine(AppContext.BaseDirectory, "Fixtures", "images");
        var items = new[]
        {
            new ImageItem("images/test/1193.png", Path.Combine(Demo, "images", "test", "1193.png")),
            new ImageItem("empty.png", Path.Combine(images, "empty.png")),
            new ImageItem("truncated.jpg", Path.Combine(images, "truncated.jpg")),
            new ImageItem("images/test/0223.png", Path.Combine(Demo, "images", "test", "0223.png")),
        };
        var log = new IssueLog();
        var reports = new List<InferenceProgress>();
        using var classifier = new ImageClassifier(Path.Combine(Demo, "model.onnx"), new InferenceOptions { BatchSize = 32 });

        var predictions = classifier.Predict(items, log, new SynchronousProgress(reports)).ToList();

        Assert.Equal(new[] { "images/test/1193.png", "images/test/0223.png" }, predictions.Select(p => p.Item.Content));
        var unreadable = log.Issues.Where(i => i.Code == SkippedImages.UnreadableImageCode);
        Assert.Equal(new[] { Path.Combine(images, "empty.png"), Path.Combine(images, "truncated.jpg") }, unreadable.Select(i => i.Source));
        Assert.Equal(new InferenceProgress(2, new SkippedImages(Unreadable: 2, TooLarge: 0, NonFiniteOutput: 0), 4), reports[reports.Count - 1]);
        // No labels given and none in the model's metadata: the indices stand in, said once, first, as a warning.
        Assert.Equal("0", predictions[0].DisplayNames[0]);
        Assert.Equal((ImageClassifier.IndexLabelsCode, IssueSeverity.Warning), (log.Issues[0].Code, log.Issues[0].Severity));
        Assert.Equal(3, log.Issues.Count);
    }

    [Fact]
    public void Predictions_and_unreadable_images_come_in_input_order()
    {
        // Batches of two, one running while the one before is handed over: g0 g1 | g2 g3 | g4, with unreadable images
        // before, between and after. Their decoding fails a batch or more ahead; they are reported in input order.
        var missing = Path.Combine(Path.GetTempPath(), "automl-eval-missing-" + Guid.NewGuid().ToString("N"));
        var good = Directory.EnumerateFiles(Path.Combine(Demo, "images", "test")).OrderBy(f => f, StringComparer.Ordinal).Take(5).ToArray();
        ImageItem Good(int i) => new("g" + i, good[i]);
        ImageItem Bad(string name) => new(name, Path.Combine(missing, name + ".png"));
        var items = new[] { Bad("A"), Good(0), Good(1), Bad("B"), Good(2), Bad("C"), Good(3), Bad("D"), Good(4), Bad("E") };
        var events = new List<string>();
        var issues = new RecordingSink(events);
        using var classifier = new ImageClassifier(Path.Combine(Demo, "model.onnx"), new InferenceOptions { BatchSize = 2, Labels = Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray() });

        foreach (var prediction in classifier.Predict(items, issues)) events.Add(prediction.Item.Content);

        Assert.Equal(items.Select(i => i.Content), events);
    }

    private sealed class RecordingSink : IIssueSink
    {
        private readonly List<string> _events;

        public RecordingSink(List<string> events) => _events = events;

        public void Report(DataIssue issue) => _events.Add(issue.Code == SkippedImages.UnreadableImageCode ? Path.GetFileNameWithoutExtension(issue.Source) : issue.Code);
    }

    [Fact]
    public void Cancelling_stops_the_run_with_an_OperationCanceledException()
    {
        using var classifier = new ImageClassifier(Path.Combine(Demo, "model.onnx"), new InferenceOptions { BatchSize = 4 });
        using var cancel = new CancellationTokenSource();
        var items = Directory.EnumerateFiles(Path.Combine(Demo, "images", "test")).Select(ImageItem.FromPath);
        var seen = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var prediction in classifier.Predict(items, new IssueLog(), null, cancel.Token))
            {
                if (++seen == 5) cancel.Cancel();
            }
        });
        Assert.InRange(seen, 5, 8);
    }

    [Fact]
    public void The_writers_produce_vertex_batch_prediction_and_embedding_lines()
    {
        var item = new ImageItem("images/test/1193.png", Path.Combine(Demo, "images", "test", "1193.png"));
        var prediction = new ImagePrediction(item, new[] { "a", "b", "c" }, new[] { 0.25f, 0.5f, 0.25f }, new[] { 1.5f, -2f });
        using var buffer = new StringWriter();

        using (var writer = new PredictionJsonWriter(buffer))
        {
            writer.WritePrediction(prediction);
            writer.WriteEmbedding(prediction);
        }

        // Ranked by confidence, ties by label index: b (0.5), then a and c (0.25 each).
        Assert.Equal(
            "{\"instance\":{\"content\":\"images/test/1193.png\",\"mimeType\":\"image/png\"},\"prediction\":{\"ids\":[1,0,2],\"displayNames\":[\"b\",\"a\",\"c\"],\"confidences\":[0.5,0.25,0.25]}}\n"
            + "{\"content\":\"images/test/1193.png\",\"embedding\":[1.5,-2]}\n",
            buffer.ToString());
    }

    private static List<ImagePrediction> Predict(IEnumerable<string> contents, int batchSize, IIssueSink issues)
    {
        var options = new InferenceOptions
        {
            BatchSize = batchSize,
            EmbeddingOutput = "embedding",
            ScoresOutput = "probabilities",
            Labels = LabelSource.ReadFile(Path.Combine(Demo, "labels.txt")),
        };
        using var classifier = new ImageClassifier(Path.Combine(Demo, "model.onnx"), options);
        return classifier.Predict(contents.Select(c => new ImageItem(c, Path.Combine(Demo, c))).ToList(), issues).ToList();
    }

    private static string Content(JsonElement line) => line.GetProperty("instance").GetProperty("content").GetString()!;

    private static List<JsonElement> ReadJsonLines(string file) =>
        File.ReadLines(Path.Combine(Reference, file)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    /// <summary>IProgress that records on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(List<InferenceProgress> reports) : IProgress<InferenceProgress>
    {
        public void Report(InferenceProgress value) => reports.Add(value);
    }
}
