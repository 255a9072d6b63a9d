using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Formats.Video;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// A ground truth read from a pipe (a FIFO here; bash's <c>&lt;(…)</c> and <c>/dev/stdin</c> alike) is evaluated as the
/// file is. Its kind and form are told from its first bytes before it is read, and a pipe can be read once: those first
/// 64 KiB were lost to the reader, whose "line 1" was then the middle of a record (79 wrong items of 540). The FIFOs
/// are named without an extension, as <c>/dev/fd/63</c> is, so that every look at the content is made. Linux only.
/// </summary>
public sealed class PipedGroundTruthTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_classification_csv_from_a_pipe_is_evaluated_as_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var file = Fixture.Path("digits", "dataset.csv");
        // Far longer than the 64 KiB a look reads: the loss was the first 64 KiB.
        Assert.True(new FileInfo(file).Length > 1 << 16);
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");

        var piped = _folder.FromFifo(File.ReadAllBytes(file), path => ClassificationEvaluationJson(path, predictions, out _));

        var expected = ClassificationEvaluationJson(file, predictions, out var evaluated);
        Assert.Equal(540, evaluated);
        Assert.Equal(expected, piped);
    }

    [Fact]
    public void A_classification_jsonl_from_a_pipe_is_evaluated_as_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The digits CSV (ML_USE,PATH,LABEL rows) as Vertex AI JSON Lines.
        var lines = File.ReadAllLines(Fixture.Path("digits", "dataset.csv")).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(f => $"{{\"imageGcsUri\":\"{f[1]}\",\"classificationAnnotation\":{{\"displayName\":\"{f[2]}\"}},\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"{f[0]}\"}}}}");
        var content = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var file = _folder.Write("dataset.jsonl", Encoding.UTF8.GetString(content));
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");

        var piped = _folder.FromFifo(content, path => ClassificationEvaluationJson(path, predictions, out _));

        var expected = ClassificationEvaluationJson(file, predictions, out var evaluated);
        Assert.Equal(540, evaluated);
        Assert.Equal(expected, piped);
    }

    [Fact]
    public void A_coco_ground_truth_from_a_pipe_is_evaluated_as_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var file = Fixture.Path("coco", "random_bbox", "gt.json");
        Assert.True(new FileInfo(file).Length > 1 << 16);
        var results = Fixture.Path("coco", "random_bbox", "dt.json");

        var piped = _folder.FromFifo(File.ReadAllBytes(file), path =>
        {
            Assert.Equal(GroundTruthKind.Detection, GroundTruthKinds.Detect(path));
            Assert.False(DetectionInputs.IsVertex(path));
            return DetectionEvaluationJson(path, results);
        });

        Assert.Equal(DetectionEvaluationJson(file, results), piped);
    }

    [Theory]
    [InlineData("import.jsonl")]
    [InlineData("import.csv")]
    public void A_vertex_detection_import_from_a_pipe_is_evaluated_as_the_file(string name)
    {
        if (!OperatingSystem.IsLinux()) return;
        // One cat and one dog an image, 1000 images: over 64 KiB either way. The predictions find every cat.
        var jsonl = new StringBuilder();
        var csv = new StringBuilder();
        var predictions = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            jsonl.Append("{\"imageGcsUri\":\"gs://b/").Append(i).Append(".png\",\"boundingBoxAnnotations\":[{\"displayName\":\"cat\",\"xMin\":0.1,\"yMin\":0.5,\"xMax\":0.3,\"yMax\":0.9},{\"displayName\":\"dog\",\"xMin\":0.5,\"yMin\":0.0,\"xMax\":1.0,\"yMax\":0.5}]}\n");
            csv.Append("TEST,gs://b/").Append(i).Append(".png,cat,0.1,0.5,,,0.3,0.9,,\nTEST,gs://b/").Append(i).Append(".png,dog,0.5,0,,,1,0.5,,\n");
            predictions.Append("{\"instance\":{\"content\":\"gs://b/").Append(i).Append(".png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.9],\"bboxes\":[[0.1,0.3,0.5,0.9]]}}\n");
        }
        var content = name.EndsWith(".csv", StringComparison.Ordinal) ? csv.ToString() : jsonl.ToString();
        Assert.True(content.Length > 1 << 16);
        var file = _folder.Write(name, content);
        var results = _folder.Write("predictions.jsonl", predictions.ToString());

        var piped = _folder.FromFifo(Encoding.UTF8.GetBytes(content), path =>
        {
            Assert.True(DetectionInputs.IsVertex(path));
            return DetectionEvaluationJson(path, results);
        });

        // Every cat found at IoU 1, no dog: AP 1 and 0, 0.5 over the two.
        Assert.Equal(0.5, DetectionInputs.Evaluate(file, results, IouType.BoundingBox, null, new IssueLog()).Stats.Ap, 12);
        Assert.Equal(DetectionEvaluationJson(file, results), piped);
    }

    [Fact]
    public void A_video_ground_truth_from_a_pipe_is_evaluated_as_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var file = Fixture.Path("video", "ground_truth.jsonl");
        var predictions = Fixture.Path("video", "predictions.segment.jsonl");

        var piped = _folder.FromFifo(File.ReadAllBytes(file), path =>
        {
            Assert.Equal(GroundTruthKind.Video, GroundTruthKinds.Detect(path));
            return VideoJsonOf(path, predictions);
        });

        Assert.Equal(VideoJsonOf(file, predictions), piped);
    }

    [Fact]
    public void A_video_csv_ground_truth_from_a_pipe_is_read_as_csv()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The fixture's JSON Lines as Vertex AI's CSV import, ML_USE,VIDEO_URI,LABEL,START,END a span. A pipe's name does not
        // say CSV, and it was read as JSON Lines: every line rejected.
        var csv = new StringBuilder();
        foreach (var line in File.ReadLines(Fixture.Path("video", "ground_truth.jsonl")))
        {
            using var record = JsonDocument.Parse(line);
            var root = record.RootElement;
            var split = root.GetProperty("dataItemResourceLabels").GetProperty("aiplatform.googleapis.com/ml_use").GetString();
            foreach (var span in root.GetProperty("timeSegmentAnnotations").EnumerateArray())
            {
                csv.Append(split).Append(',').Append(root.GetProperty("videoGcsUri").GetString()).Append(',').Append(span.GetProperty("displayName").GetString())
                    .Append(',').Append(span.GetProperty("startTime").GetString()).Append(',').Append(span.GetProperty("endTime").GetString()).Append('\n');
            }
        }
        var file = _folder.Write("ground_truth.csv", csv.ToString());
        var predictions = Fixture.Path("video", "predictions.segment.jsonl");

        var piped = _folder.FromFifo(Encoding.UTF8.GetBytes(csv.ToString()), path =>
        {
            Assert.True(GroundTruthKinds.Fits(path, GroundTruthKind.Video));
            var issues = new IssueLog();
            var evaluation = VideoEvaluator.Evaluate(path, predictions, new VideoEvaluationOptions(), issues);
            Assert.Equal(0, issues.ErrorCount);
            Assert.Equal(0, evaluation.GroundTruthCounts.InvalidRecords);
            return Json(w => VideoJson.Write(w, evaluation, new Dictionary<string, int>()));
        });

        // The same evaluation as of the file, which is the JSON Lines fixture's.
        Assert.Equal(VideoJsonOf(file, predictions), piped);
        Assert.Equal(VideoJsonOf(Fixture.Path("video", "ground_truth.jsonl"), predictions), piped);
    }

    [Fact]
    public void A_pipe_read_further_than_is_kept_is_an_error_not_a_shorter_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        // A look that reads past the bytes kept for the reader (1 MiB) leaves it nothing to start from: an error says so.
        // The raw look, which has no window (OpenToLook's ends at InputFile.LookBytes, so it cannot get there).
        var content = new byte[3 << 20];
        content.AsSpan().Fill((byte)'x');
        var error = _folder.FromFifo(content, path =>
        {
            using (var look = InputFile.OpenRawToLook(path))
            {
                var buffer = new byte[1 << 16];
                int read = 0, n;
                while (read < 2 << 20 && (n = look.Read(buffer, 0, buffer.Length)) > 0) read += n;
                Assert.True(read >= 2 << 20, $"the look read {read} bytes");
            }
            using var stream = InputFile.OpenRead(path);
            return Assert.Throws<InputFormatException>(() => stream.CopyTo(Stream.Null)).Issue;
        });
        Assert.Equal(("ReadOnce", 0L), (error.Code, error.Line));
    }

    [Fact]
    public async Task A_pipe_a_run_looked_at_and_did_not_read_is_closed_when_the_run_ends()
    {
        if (!OperatingSystem.IsLinux()) return;
        // Run 1 tells the FIFO's kind and stops there (an error after the look); its writer, blocked on 4 MiB the look did
        // not read, must see the pipe closed. Run 2 on the same path then reads its own writer's input: the kept bytes of
        // run 1 were replayed to it while they outlived their run (a video ground truth where a classification CSV came).
        var path = _folder.Fifo("pipe");
        var video = File.ReadAllBytes(Fixture.Path("video", "ground_truth.jsonl"));
        var padded = video.Concat(Enumerable.Repeat((byte)'\n', 4 << 20)).ToArray();
        var firstWriter = TempFolder.WriteToFifo(path, padded);
        using (var firstRun = new ReadOnceInputs())
        using (firstRun.Use())
        {
            Assert.Equal(GroundTruthKind.Video, GroundTruthKinds.Detect(path));
        }
        Assert.True(await TempFolder.Ends(firstWriter), "the pipe run 1 did not read stayed open");

        var file = Fixture.Path("digits", "dataset.csv");
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");
        var secondWriter = TempFolder.WriteToFifo(path, File.ReadAllBytes(file));
        string piped;
        using (var secondRun = new ReadOnceInputs())
        using (secondRun.Use())
        {
            piped = ClassificationEvaluationJson(path, predictions, out var evaluated);
            Assert.Equal(540, evaluated);
        }
        Assert.True(await TempFolder.Ends(secondWriter), "the writer of run 2 did not finish");
        Assert.Equal(ClassificationEvaluationJson(file, predictions, out _), piped);
    }

    // The front ends' way: the kind is told from the file, then it is read.
    private static string ClassificationEvaluationJson(string groundTruth, string predictions, out int evaluated)
    {
        Assert.Equal(GroundTruthKind.Classification, GroundTruthKinds.Detect(groundTruth));
        var loaded = ClassificationInputs.Load(groundTruth, predictions, new ClassificationInputOptions(), new IssueLog());
        evaluated = loaded.Summary.Evaluated;
        var evaluation = ClassificationEvaluator.Evaluate(loaded.Data, new ClassificationOptions());
        return Json(w => ClassificationJson.Write(w, evaluation, loaded.Summary, loaded.MlUse));
    }

    private static string DetectionEvaluationJson(string groundTruth, string results)
    {
        var evaluation = DetectionInputs.Evaluate(groundTruth, results, IouType.BoundingBox, null, new IssueLog());
        return Json(w => DetectionJson.Write(w, "detection", evaluation));
    }

    private static string VideoJsonOf(string groundTruth, string predictions)
    {
        var evaluation = VideoEvaluator.Evaluate(groundTruth, predictions, new VideoEvaluationOptions(), new IssueLog());
        return Json(w => VideoJson.Write(w, evaluation, new Dictionary<string, int>()));
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
