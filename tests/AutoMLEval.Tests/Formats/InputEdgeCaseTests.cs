using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// The inputs people really have, each as its kind: compressed, piped, mis-encoded, oddly ended, oversized,
/// inconsistent. Each gives a correct result or a located <see cref="InputFormatException"/> / issue, never a
/// raw exception, a silent drop or a hang.
/// </summary>
public sealed class InputEdgeCaseTests : IDisposable
{
    private const string PredictionA = "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.75,0.25]}}";
    private const string PredictionB = "{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.125,0.875]}}";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder.Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            gzip.Write(bytes, 0, bytes.Length);
        }
        return memory.ToArray();
    }

    [Fact]
    public void A_truncated_gzip_file_is_an_error_not_fewer_records()
    {
        // GZipStream itself takes a cut-off stream for a normal end: the reader checks gzip's length trailer.
        var whole = Gzip(string.Join("\n", Enumerable.Repeat(PredictionA, 50).Select((l, i) => l.Replace("a.png", $"{i}.png", StringComparison.Ordinal))));
        Assert.Equal(50, PredictionReader.Read(WriteBytes("whole.jsonl.gz", whole), new IssueLog()).ItemIds.Count);
        foreach (var cut in new[] { whole.Length - 1, whole.Length - 8, whole.Length / 2, 12 })
        {
            var path = WriteBytes($"cut{cut}.jsonl.gz", whole.Take(cut).ToArray());
            var e = Assert.Throws<InputFormatException>(() => PredictionReader.Read(path, new IssueLog()));
            Assert.Contains(e.Issue.Code, new[] { "TruncatedGzip", "InvalidGzip" });
            Assert.Equal(path, e.Issue.Source);
            Assert.Throws<InputFormatException>(() => GroundTruthReader.Read(path, new IssueLog()));
            Assert.Throws<InputFormatException>(() => CocoReader.ReadGroundTruth(path, IouType.BoundingBox));
        }
    }

    [Fact]
    public void A_gzipped_import_file_keeps_the_form_its_name_has_before_gz()
    {
        // import.jsonl.gz and import.csv.gz were read as COCO JSON (UnexpectedJson, InvalidJson) and a video gt.csv.gz as
        // JSON Lines: the form was told by the name's last extension alone. One cat, predicted exactly: AP 1.
        const string Jsonl = "{\"imageGcsUri\":\"gs://b/a.png\",\"boundingBoxAnnotations\":[{\"displayName\":\"cat\",\"xMin\":0.1,\"yMin\":0.5,\"xMax\":0.3,\"yMax\":0.9}]}\n";
        const string Csv = "test,gs://b/a.png,cat,0.1,0.5,,,0.3,0.9,,\n";
        var predictions = WriteBytes("predictions.jsonl", Encoding.UTF8.GetBytes(
            "{\"instance\":{\"content\":\"gs://b/a.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.9],\"bboxes\":[[0.1,0.3,0.5,0.9]]}}\n"));
        foreach (var (name, text) in new[] { ("import.jsonl.gz", Jsonl), ("import.csv.gz", Csv) })
        {
            var path = WriteBytes(name, Gzip(text));
            var log = new IssueLog();
            var evaluation = DetectionInputs.Evaluate(path, predictions, IouType.BoundingBox, null, log, "test");
            Assert.Equal(1, evaluation.Counts.GroundTruthObjects);
            // 1 up to pycocotools' eps.
            Assert.Equal(1.0, evaluation.Stats.Ap50, 12);
            Assert.DoesNotContain(log.Issues, i => i.Severity == IssueSeverity.Error);
        }
        Assert.True(AutoMLEval.Engine.Formats.GroundTruthKinds.Fits(Path.Combine(_folder.Root, "import.csv.gz"), AutoMLEval.Engine.Formats.GroundTruthKind.Detection));

        var video = VideoGroundTruthReader.Read(WriteBytes("video.csv.gz", Gzip("test,gs://b/a.mp4,cooking,0,2.5\n")), "test", new IssueLog());
        Assert.Equal(new VideoSegment(VideoTime.Zero, VideoTime.FromSeconds(2.5)), Assert.Single(video.Videos["gs://b/a.mp4"]).Segment);
    }

    [Fact]
    public void Cancelling_while_gzip_is_inflated_ahead_is_a_cancellation_not_a_truncated_file()
    {
        // Random hex inflates to 8 MB from many compressed reads: the read-ahead (4 chunks of 1 MB) is still reading
        // the file when the token is cancelled, so its next file read throws the cancellation (Ctrl+C on a large .json.gz).
        var random = new Random(7);
        var text = new StringBuilder();
        while (text.Length < 8 << 20) text.Append(random.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        var path = WriteBytes("big.json.gz", Gzip(text.ToString()));
        using var cancel = new CancellationTokenSource();
        using var stream = AutoMLEval.Engine.Formats.InputFile.OpenRead(path, decompressAhead: true, progress: null, cancel.Token);
        var buffer = new byte[1 << 16];
        Assert.True(stream.Read(buffer, 0, buffer.Length) > 0);
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            while (stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        });
    }

    [Fact]
    public async Task A_fifo_is_read_like_a_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        var path = Path.Combine(_folder.Root, "predictions.jsonl");
        using (var mkfifo = Process.Start("mkfifo", path)) mkfifo.WaitForExit();
        // The writer blocks until the reader opens the FIFO; it ends when the reader has read everything.
        var writer = Task.Run(() => File.WriteAllText(path, PredictionA + "\n" + PredictionB + "\n"));
        var set = PredictionReader.Read(path, new IssueLog());
        Assert.Same(writer, await Task.WhenAny(writer, Task.Delay(TimeSpan.FromMinutes(1))));
        Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_reject_their_line_only()
    {
        var csv = Encoding.UTF8.GetBytes("test,a.png,cat\ntest,b\xff.png,dog\ntest,c.png,dog\n".Replace("\xff", "#", StringComparison.Ordinal));
        csv[Array.IndexOf(csv, (byte)'#')] = 0xFF;
        var log = new IssueLog();
        var set = GroundTruthReader.Read(WriteBytes("gt.csv", csv), log);
        Assert.Equal(new[] { "a.png", "c.png" }, set.Items.Select(i => i.ItemId));
        Assert.Equal(("InvalidCsv", 2L), (log.Issues.Single().Code, log.Issues.Single().Line));

        var jsonl = Encoding.UTF8.GetBytes(PredictionA + "\n" + PredictionB.Replace("b.png", "b#.png", StringComparison.Ordinal) + "\n");
        jsonl[Array.IndexOf(jsonl, (byte)'#')] = 0xC3;
        log = new IssueLog();
        var predictions = PredictionReader.Read(WriteBytes("p.jsonl", jsonl), log);
        Assert.Equal(new[] { "a.png" }, predictions.ItemIds);
        Assert.Equal(("InvalidJson", 2L), (log.Issues.Single().Code, log.Issues.Single().Line));
    }

    [Fact]
    public void Lone_cr_line_endings_keep_every_record_and_line_number()
    {
        var log = new IssueLog();
        var set = PredictionReader.Read(_folder.Write("p.jsonl", PredictionA + "\r\r" + PredictionB + "\r"), log);
        Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
        Assert.Equal(new[] { 1L, 3L }, set.Lines);
        Assert.Empty(log.Issues);
        var gt = GroundTruthReader.Read(_folder.Write("gt.jsonl",
            "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"}}\r{\"imageGcsUri\":\"b.png\",\"classificationAnnotation\":{\"displayName\":\"dog\"}}"), new IssueLog());
        Assert.Equal(2, gt.Items.Count);
    }

    [Fact]
    public void A_repeated_column_or_label_is_an_error_not_an_overwrite()
    {
        var e = Assert.Throws<InputFormatException>(() => PredictionReader.Read(_folder.Write("p.csv", "path,cat,dog,cat\na.png,0.5,0.25,0.25\n"), new IssueLog()));
        Assert.Equal(("DuplicateColumn", 1L, "cat"), (e.Issue.Code, e.Issue.Line, e.Issue.Field));
        Assert.Throws<InputFormatException>(() => GroundTruthReader.Read(_folder.Write("gt.csv", "path,label,Label\na.png,cat,dog\n"), new IssueLog()));

        var log = new IssueLog();
        var set = GroundTruthReader.Read(_folder.Write("gt2.csv", "test,a.png,cat,cat\ntest,b.png,dog\n"), log);
        Assert.Equal(new[] { "b.png" }, set.Items.Select(i => i.ItemId));
        Assert.Equal(("DuplicateLabel", 1L), (log.Issues.Single().Code, log.Issues.Single().Line));
    }

    [Fact]
    public void A_byte_order_mark_is_accepted_by_every_reader()
    {
        const string bom = "\uFEFF";
        Assert.Single(GroundTruthReader.Read(_folder.Write("gt.csv", bom + "test,a.png,cat\n"), new IssueLog()).Items);
        Assert.Single(GroundTruthReader.Read(_folder.Write("gt.jsonl", bom + "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"}}\n"), new IssueLog()).Items);
        Assert.Equal(new[] { "a.png" }, PredictionReader.Read(_folder.Write("p.jsonl", bom + PredictionA), new IssueLog()).ItemIds);
        Assert.Equal(new[] { "cat", "dog" }, PredictionReader.Read(_folder.Write("p.csv", bom + "path,cat,dog\na.png,0.5,0.5\n"), new IssueLog()).Labels);
        Assert.Single(CocoReader.ReadGroundTruth(_folder.Write("gt.json", bom + "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"cat\"}],\"annotations\":[]}"), IouType.BoundingBox).Images);
        Assert.Single(VertexObjectDetection.ReadImport(_folder.Write("import.csv", bom + "TEST,a.png,cat,0.1,0.1,,,0.5,0.5,,\n")).Images);
        Assert.Single(VertexObjectDetection.ReadImport(_folder.Write("import.jsonl", bom + "{\"imageGcsUri\":\"a.png\",\"boundingBoxAnnotations\":[]}\n")).Images);
        Assert.Single(VideoGroundTruthReader.Read(_folder.Write("video.csv", bom + "test,v.mp4,cat,0,1\n"), "test", new IssueLog()).Videos);
        var embeddings = new EmbeddingSetBuilder(new IssueLog());
        EmbeddingReader.ReadFile(_folder.Write("e.csv", bom + "a.png,0.5,0.25\n"), embeddings);
        Assert.Equal(1, embeddings.Build("e.csv").Count);
    }

    [Fact]
    public void A_coco_results_file_with_a_second_array_is_an_error()
    {
        var gt = _folder.Write("gt.json", "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"cat\"}],\"annotations\":[]}");
        var dt = _folder.Write("dt.json", "[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,1,1],\"score\":0.5}]\n[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,2,2],\"score\":0.9}]");
        var e = Assert.Throws<InputFormatException>(() => CocoReader.ReadPair(gt, dt, IouType.BoundingBox));
        Assert.Equal(("UnexpectedJson", dt), (e.Issue.Code, e.Issue.Source));
    }

    [Theory]
    // A COCO results list (pretty-printed, or all on one line) and a COCO ground truth as pycocotools' json.dump(indent=1) writes it.
    [InlineData("[\n {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.5}\n]\n", 1L)]
    [InlineData("[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.5}]", 1L)]
    [InlineData("\n{\n \"images\": [],\n \"annotations\": [],\n \"categories\": []\n}\n", 2L)]
    public void A_json_document_given_as_classification_predictions_is_one_error_not_one_per_line(string text, long line)
    {
        // Read line by line, each line of such a file was its own InvalidJson or InvalidRecord error, none saying why.
        var log = new IssueLog();
        var e = Assert.Throws<InputFormatException>(() => PredictionReader.Read(_folder.Write("dt.json", text), log));
        Assert.Equal(("InvalidJson", line), (e.Issue.Code, e.Issue.Line));
        Assert.Contains("not JSON Lines", e.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
    }

    [Theory]
    // Vertex AI batch predictions and a Vertex AI import file (after a blank line: line 2), each given as the results of a COCO ground truth.
    [InlineData("{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.9],\"bboxes\":[[0.1,0.5,0.1,0.5]]}}\n{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"displayNames\":[],\"confidences\":[],\"bboxes\":[]}}\n", 1L, "Vertex AI batch predictions")]
    [InlineData("\n{\"imageGcsUri\":\"a.png\",\"boundingBoxAnnotations\":[]}\n", 2L, "a Vertex AI import file")]
    public void Vertex_json_lines_given_as_coco_results_is_one_error_naming_the_file_and_what_goes_with_it(string text, long line, string what)
    {
        // Read as one JSON document, such a file failed with "Expected the results list to be a JSON array; the file holds a JSON object instead".
        var gt = _folder.Write("gt.json", "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"cat\"}],\"annotations\":[]}");
        var dt = _folder.Write("predictions.jsonl", text);
        var log = new IssueLog();
        var e = Assert.Throws<InputFormatException>(() => DetectionInputs.Evaluate(gt, dt, IouType.BoundingBox, null, log));
        Assert.Equal(("UnexpectedJson", dt, line), (e.Issue.Code, e.Issue.Source, e.Issue.Line));
        Assert.Contains($"the file is {what}", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a COCO results list", e.Message, StringComparison.Ordinal);
        Assert.Contains("go with a Vertex AI import file", e.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
    }

    [Fact]
    public void A_coco_results_list_on_one_line_and_an_object_that_is_no_vertex_record_are_read_as_before()
    {
        var gt = _folder.Write("gt.json", "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"cat\"}],\"annotations\":[]}");
        var results = _folder.Write("dt.json", "[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,1,1],\"score\":0.5}]");
        Assert.Equal(1, CocoReader.ReadPair(gt, results, IouType.BoundingBox).Detections.Count);
        // A COCO ground truth given as results keeps its own message.
        var e = Assert.Throws<InputFormatException>(() => CocoReader.ReadPair(gt, gt, IouType.BoundingBox));
        Assert.Contains("holds a JSON object instead", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_file_given_as_classification_predictions_is_one_error_at_its_first_NUL()
    {
        // A PNG's first bytes: its "lines" were an error each (20 listed, the rest counted), none saying the file is not text.
        // The signature holds a CRLF and an LF before the first NUL: line 3. Its name does not say JSON Lines and it does
        // not start with '{': it is told CSV by its content, as a ground truth is, and checked for NULs as one.
        var log = new IssueLog();
        var image = Path.Combine(_folder.Root, "not-predictions.png");
        File.WriteAllBytes(image, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n', 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' });
        var e = Assert.Throws<InputFormatException>(() => PredictionReader.Read(image, log));
        long line = 3;
        Assert.Equal(("InvalidCsv", line), (e.Issue.Code, e.Issue.Line));
        Assert.Contains("not text", e.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
        // The line named is the NUL's, in a text file too.
        var text = _folder.Write("nul.jsonl", PredictionA + "\n" + PredictionB.Replace("}}", "}}\0") + "\n");
        Assert.Equal(2L, Assert.Throws<InputFormatException>(() => PredictionReader.Read(text, new IssueLog())).Issue.Line);
    }

    [Fact]
    public void A_binary_file_given_as_embeddings_is_one_error_at_its_first_NUL()
    {
        // Of a name that does not say JSON Lines and without a '{' first, a PNG is told CSV, as predictions are: one
        // InvalidCsv at the NUL's line (the signature's CRLF and LF come first: line 3), not an error a "line".
        var image = Path.Combine(_folder.Root, "not-embeddings.png");
        File.WriteAllBytes(image, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n', 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' });
        var log = new IssueLog();
        var e = Assert.Throws<InputFormatException>(() => EmbeddingReader.ReadFiles(new[] { image }, log, DistanceMetric.Euclidean));
        Assert.Equal(("InvalidCsv", 3L), (e.Issue.Code, e.Issue.Line));
        Assert.Contains("not text", e.Message, StringComparison.Ordinal);
        Assert.Contains("embeddings are UTF-8 JSON Lines or CSV", e.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
    }

    [Fact]
    public void Every_JSON_Lines_reader_gives_one_not_text_error_for_a_binary_file()
    {
        // The check is in the block reader every JSON Lines reader uses: a detection import (and video, and
        // predictions) given a PNG says so once, at the NUL's line, rather than an error for each "line".
        var image = Path.Combine(_folder.Root, "not-an-import.jsonl");
        File.WriteAllBytes(image, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n', 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' });
        var log = new IssueLog();
        var e = Assert.Throws<InputFormatException>(() => AutoMLEval.Engine.Formats.Detection.VertexObjectDetection.ReadImport(image, sink: log));
        Assert.Equal(("InvalidJson", 3L), (e.Issue.Code, e.Issue.Line));
        Assert.Contains("not text", e.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
        // Only the first block is looked at: a NUL past it is the error of its own line, as any damaged record.
        using var late = new MemoryStream(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 19) + "\n", 10)) + "a\0b\n"));
        Assert.True(AutoMLEval.Engine.Formats.JsonLines.ReadBlocks(late, 64, "late.jsonl").Count(block => { block.Return(); return true; }) > 1);
    }

    [Fact]
    public void Every_JSON_Lines_reader_reads_UTF16_and_UTF32_with_a_byte_order_mark_as_the_same_text()
    {
        // What Windows PowerShell 5.1's `Get-Content p.jsonl | Select-Object -First 100 > shard.jsonl` writes: UTF-16LE
        // with its byte order mark. The classification, embedding and metadata readers refused it with one error, while
        // the detection and video readers read it; all of them share the block reader, which now decodes it.
        const string label = "ch\\u00e2t \u732b"; // a JSON escape and a character beyond ASCII, so that decoding is seen
        string groundTruth = "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"" + label + "\"}}\r\n{\"imageGcsUri\":\"b.png\",\"classificationAnnotation\":{\"displayName\":\"dog\"}}\r\n";
        string predictions = (PredictionA + "\r\n\r\n" + PredictionB + "\n").Replace("\"cat\"", "\"" + label + "\"", StringComparison.Ordinal);
        const string embeddings = "{\"content\":\"a.png\",\"embedding\":[0.5,0.25]}\r\n{\"content\":\"b.png\",\"embedding\":[0.125,1]}\r\n";
        const string import = "{\"imageGcsUri\":\"a.png\",\"boundingBoxAnnotations\":[{\"displayName\":\"cat\",\"xMin\":0.1,\"yMin\":0.1,\"xMax\":0.5,\"yMax\":0.5}]}\n";
        foreach (var encoding in new Encoding[] { Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.UTF32 })
        {
            string Write(string name, string text) => WriteBytes(encoding.WebName + "-" + name, encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray());
            var log = new IssueLog();
            var set = PredictionReader.Read(Write("p.jsonl", predictions), log);
            Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
            Assert.Equal(new[] { "ch\u00e2t \u732b", "dog" }, set.Labels);
            Assert.Equal(new long[] { 1, 3 }, set.Lines);
            Assert.Equal(0.875, set.Score(1, 1));
            var truth = GroundTruthReader.Read(Write("gt.jsonl", groundTruth), log);
            Assert.Equal(new[] { "ch\u00e2t \u732b", "dog" }, truth.Items.Select(i => i.Labels.Single()));
            var vectors = new EmbeddingSetBuilder(log);
            EmbeddingReader.ReadFile(Write("e.jsonl", embeddings), vectors);
            Assert.Equal(2, vectors.Build("e.jsonl").Count);
            Assert.Single(VertexObjectDetection.ReadImport(Write("import.jsonl", import), sink: log).Images);
            Assert.Empty(log.Issues);
        }
    }

    [Fact]
    public void Every_JSON_Lines_reader_gives_one_error_for_a_json_document()
    {
        // COCO results given as Vertex AI detection predictions (with a Vertex import as the ground truth) were an
        // InvalidRecord for every line and AP 0; the block reader every JSON Lines reader uses now says what the file is.
        var import = _folder.Write("import.jsonl", "{\"imageGcsUri\": \"gs://b/a.png\", \"boundingBoxAnnotations\": [{\"displayName\": \"cat\", \"xMin\": 0.1, \"yMin\": 0.1, \"xMax\": 0.5, \"yMax\": 0.5}]}\n");
        var coco = _folder.Write("results.json", "[\n {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": 0.5},\n {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 2, 2], \"score\": 0.4}\n]\n");
        var log = new IssueLog();
        var truth = AutoMLEval.Engine.Formats.Detection.VertexObjectDetection.ReadImport(import, sink: log);
        var e = Assert.Throws<InputFormatException>(() => AutoMLEval.Engine.Formats.Detection.VertexObjectDetection.ReadBatchPredictions(coco, truth, log));
        Assert.Equal(("InvalidJson", 1L, coco), (e.Issue.Code, e.Issue.Line, e.Issue.Source));
        Assert.Contains("one JSON document", e.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
        // A pretty-printed object given as a detection import: one error at its opening line.
        var pretty = _folder.Write("pretty.jsonl", "\n{\n \"imageGcsUri\": \"gs://b/a.png\"\n}\n");
        Assert.Equal(2L, Assert.Throws<InputFormatException>(() => AutoMLEval.Engine.Formats.Detection.VertexObjectDetection.ReadImport(pretty, sink: log)).Issue.Line);
    }

    [Fact]
    public void A_binary_file_given_as_ground_truth_is_one_error_and_UTF16_text_is_still_read()
    {
        // The same PNG start: as a CSV its "lines" were errors and stray items ("\u0089PNG" with no label).
        var image = Path.Combine(_folder.Root, "not-a-dataset.csv");
        File.WriteAllBytes(image, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n', 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' });
        var log = new IssueLog();
        var e = Assert.Throws<InputFormatException>(() => GroundTruthReader.Read(image, log));
        Assert.Equal(("InvalidCsv", 3L), (e.Issue.Code, e.Issue.Line));
        Assert.Contains("not text", e.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
        // UTF-16 and UTF-32 hold NUL bytes in every ASCII character; with a byte order mark they are text, read as before.
        var csv = "path,label\na.png,cat\nb.png,dog\n";
        foreach (var encoding in new System.Text.Encoding[] { System.Text.Encoding.Unicode, System.Text.Encoding.BigEndianUnicode, System.Text.Encoding.UTF32 })
        {
            var wide = Path.Combine(_folder.Root, encoding.WebName + ".csv");
            File.WriteAllBytes(wide, encoding.GetPreamble().Concat(encoding.GetBytes(csv)).ToArray());
            Assert.Equal(2, GroundTruthReader.Read(wide, new IssueLog()).Items.Count);
        }
    }

    [Fact]
    public void An_item_predicted_in_two_shards_is_reported_with_the_shard_of_its_first_prediction()
    {
        // The warning said "already predicted on line 1" of the second shard's own name: line 1 of the second shard is the repeat itself.
        var first = _folder.Write("p-1.jsonl", PredictionA + "\n");
        var second = _folder.Write("p-2.jsonl", PredictionB + "\n" + PredictionA + "\n");
        var log = new IssueLog();
        var set = PredictionReader.Read(new[] { first, second }, "p-*.jsonl", log);
        Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
        var repeat = Assert.Single(log.Issues, i => i.Code == "DuplicatePrediction");
        Assert.Equal((second, 2L), (repeat.Source, repeat.Line));
        Assert.Contains($"already predicted on line 1 of {first};", repeat.Message, StringComparison.Ordinal);

        // Within one file the message names no file: the issue's own file is the one.
        log = new IssueLog();
        PredictionReader.Read(_folder.Write("p.jsonl", PredictionA + "\n" + PredictionA + "\n"), log);
        Assert.Contains("already predicted on line 1; the first prediction is kept", Assert.Single(log.Issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prediction_record_opening_with_a_brace_on_its_own_line_further_down_is_still_one_bad_record()
    {
        // Only the first line of a file decides whether it is one document: a later bad line is a record error as before.
        var log = new IssueLog();
        var set = PredictionReader.Read(_folder.Write("p.jsonl", PredictionA + "\n{\n" + PredictionB + "\n"), log);
        Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
        Assert.Equal(new[] { "InvalidJson" }, log.Issues.Select(i => i.Code).ToArray());
    }

    [Fact]
    public void A_csv_file_given_as_coco_results_is_quoted_briefly_not_to_its_last_line()
    {
        // System.Text.Json quotes a bad literal whole: the message held all 2,000 lines of the CSV file.
        var gt = _folder.Write("gt.json", "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"cat\"}],\"annotations\":[]}");
        var rows = string.Concat(Enumerable.Range(0, 2000).Select(i => $"test,images/test/{i:0000}.png,cat\n"));
        var csv = _folder.Write("dataset.csv", rows);
        var e = Assert.Throws<InputFormatException>(() => CocoReader.ReadPair(gt, csv, IouType.BoundingBox));
        Assert.Equal("InvalidJson", e.Issue.Code);
        Assert.Contains("'test,images/test/0000.png,cat…'", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Theory]
    [InlineData("", "no JSON value at all")]
    [InlineData("  \n", "no JSON value at all")]
    [InlineData("{\"images\":[],\"annotations\":[],\"categories\":[]}", "the file holds a JSON object instead")]
    public void An_empty_or_wrong_coco_results_file_says_what_it_holds(string results, string expected)
    {
        // The empty file gave System.Text.Json's "... when isFinalBlock is true"; a ground truth given as results only "Expected ...".
        var gt = _folder.Write("gt.json", "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"cat\"}],\"annotations\":[]}");
        var e = Assert.Throws<InputFormatException>(() => CocoReader.ReadPair(gt, _folder.Write("dt.json", results), IouType.BoundingBox));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        // A file that holds JSON of another form is told the form of COCO results.
        if (results.Trim().Length > 0) Assert.Contains("COCO results: one JSON array", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("isFinalBlock", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Runs covering 99 of 100 pixels made the mask-overlap loop spin forever.
    [InlineData("{\"size\":[10,10],\"counts\":[10,20,69]}", "segmentation.counts")]
    [InlineData("{\"size\":[10,10],\"counts\":[10,20,71]}", "segmentation.counts")]
    [InlineData("{\"size\":[10,10],\"counts\":\"52203\"}", "segmentation.counts")]
    [InlineData("{\"size\":[100000,100000],\"counts\":[1]}", "segmentation.size")]
    // A polygon with coordinates far outside any image would be rasterised point by point.
    [InlineData("[[0,0,1e12,0,1e12,1e12]]", "segmentation")]
    [InlineData("[[0,0,1e400,0,5,5]]", "segmentation")]
    public void Masks_that_cannot_be_evaluated_are_located_errors(string segmentation, string field)
    {
        var gt = _folder.Write("gt.json", "{\"images\":[{\"id\":1,\"width\":10,\"height\":10}],\"categories\":[{\"id\":1,\"name\":\"cat\"}],\"annotations\":["
            + "{\"id\":1,\"image_id\":1,\"category_id\":1,\"iscrowd\":0,\"area\":20,\"segmentation\":{\"size\":[10,10],\"counts\":[10,20,70]}}]}");
        var dt = _folder.Write("dt.json", $"[{{\"image_id\":1,\"category_id\":1,\"score\":0.5,\"segmentation\":{segmentation}}}]");
        var log = new IssueLog();
        var (truth, detections) = CocoReader.ReadPair(gt, dt, IouType.Segmentation, log);
        Assert.Equal(0, detections.Count);
        Assert.Equal(1, detections.InvalidCount);
        Assert.StartsWith("[0]." + field, log.Issues.Single().Field, StringComparison.Ordinal);
        DetectionEvaluator.Evaluate(truth, detections, CocoParams.Default(IouType.Segmentation));
    }

    [Fact]
    public void A_record_with_a_million_labels_is_read_and_its_warnings_are_capped()
    {
        const int labels = 1_000_000;
        var names = string.Join(",", Enumerable.Range(0, labels).Select(j => $"\"l{j}\""));
        var scores = string.Join(",", Enumerable.Repeat("0", labels));
        var line = $"{{\"instance\":{{\"content\":\"a.png\"}},\"prediction\":{{\"displayNames\":[{names}],\"confidences\":[{scores}]}}}}";
        var predictions = _folder.Write("p.jsonl", line + "\n");
        var gt = _folder.Write("gt.csv", "test,a.png,l0\ntest,b.png,l1\n");
        var log = new IssueLog();
        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);
        Assert.Equal(labels, loaded.Data.LabelCount);
        // 999,998 labels no test item carries: 20 listed, then one line with the total.
        Assert.Equal(CappedIssueSink.PerCode + 1, log.Issues.Count(i => i.Code == "LabelNotInGroundTruth"));
        Assert.Contains("999998 in all", log.Issues.Last(i => i.Code == "LabelNotInGroundTruth").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_bad_lines_are_counted_all_and_listed_up_to_the_cap()
    {
        var lines = Enumerable.Range(0, 500).Select(i => i % 2 == 0 ? PredictionA.Replace("a.png", $"{i}.png", StringComparison.Ordinal) : "{not json");
        var log = new IssueLog();
        var set = PredictionReader.Read(_folder.Write("p.jsonl", string.Join("\n", lines)), log);
        Assert.Equal((250, 250), (set.ItemIds.Count, set.SkippedRecords));
        var invalid = log.Issues.Where(i => i.Code == "InvalidJson").ToArray();
        Assert.Equal(CappedIssueSink.PerCode + 1, invalid.Length);
        Assert.Equal(2L, invalid[0].Line);
        Assert.Contains("230 more", invalid[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vertex_detection_evaluates_the_test_split_only()
    {
        // Two test images found exactly, and a training image the model was not asked about: AP 1, not a miss.
        var import = _folder.Write("import.csv",
            "TEST,gs://b/a.png,cat,0.1,0.1,,,0.5,0.5,,\nTEST,gs://b/c.png,cat,0.2,0.2,,,0.6,0.6,,\nTRAINING,gs://b/t.png,cat,0.1,0.1,,,0.5,0.5,,\n");
        var predictions = _folder.Write("p.jsonl",
            "{\"instance\":{\"content\":\"gs://b/a.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.9],\"bboxes\":[[0.1,0.5,0.1,0.5]]}}\n"
            + "{\"instance\":{\"content\":\"gs://b/c.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.8],\"bboxes\":[[0.2,0.6,0.2,0.6]]}}\n"
            + "{\"instance\":{\"content\":\"gs://b/t.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.7],\"bboxes\":[[0.1,0.5,0.1,0.5]]}}\n");
        var evaluation = DetectionInputs.Evaluate(import, predictions, IouType.BoundingBox, null, new IssueLog());
        Assert.Equal(1.0, evaluation.Stats.Ap, 12);
        Assert.Equal((2, 2, 1), (evaluation.Counts.Images, evaluation.Counts.Detections, evaluation.Counts.DetectionsOtherSplit));
        var training = DetectionInputs.Evaluate(import, predictions, IouType.BoundingBox, null, new IssueLog(), mlUse: MlUse.Training);
        Assert.Equal((1, 2), (training.Counts.Images, training.Counts.DetectionsOtherSplit));
    }

    [Fact]
    public void Vertex_detection_jsonl_import_reads_ml_use_from_its_resource_labels()
    {
        var import = _folder.Write("import.jsonl",
            "{\"imageGcsUri\":\"gs://b/a.png\",\"boundingBoxAnnotations\":[{\"displayName\":\"cat\",\"xMin\":0.1,\"yMin\":0.1,\"xMax\":0.5,\"yMax\":0.5}],\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"test\"}}\n"
            + "{\"imageGcsUri\":\"gs://b/t.png\",\"boundingBoxAnnotations\":[{\"displayName\":\"cat\",\"xMin\":0.1,\"yMin\":0.1,\"xMax\":0.5,\"yMax\":0.5}],\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"training\"}}\n"
            + "{\"imageGcsUri\":\"gs://b/x.png\",\"boundingBoxAnnotations\":[],\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"tset\"}}\n");
        var log = new IssueLog();
        var truth = VertexObjectDetection.ReadImport(import, sink: log);
        Assert.Equal(new[] { "gs://b/a.png" }, truth.Images.Select(i => i.FileName));
        Assert.Equal((1, 3L), (truth.SkippedAnnotations, log.Issues.Single().Line));
    }
}
