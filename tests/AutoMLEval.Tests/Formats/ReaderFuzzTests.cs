using System.IO.Compression;
using System.Text;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// Every reader, fed seeded damage of a valid file (cut short, bytes flipped, an oversized field inserted,
/// separators and line endings inserted, a range repeated, gzip then damaged): the read and the evaluation after
/// it either succeed with counts that add up, or end with an <see cref="InputFormatException"/> naming the file;
/// never another exception type, never a hang. Each case runs under a time limit that only catches a hang (a
/// spinning loop), far above what a case needs; it asserts no speed.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private const int CasesPerReader = 40;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Readers => new()
    {
        "ground-truth-csv", "ground-truth-jsonl", "predictions-jsonl", "predictions-csv", "coco-ground-truth", "coco-results",
        "vertex-detection-import", "vertex-detection-predictions", "video-ground-truth", "video-predictions", "embeddings-jsonl", "embeddings-csv",
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void Damaged_input_gives_a_located_error_or_a_result_that_adds_up(string reader)
    {
        var (seed, run) = Case(reader);
        // Seeded from the reader's name by a fixed rule (string.GetHashCode differs from run to run).
        var random = new Random(reader.Aggregate(77, (hash, c) => unchecked((hash * 31) + c)));
        for (int k = 0; k < CasesPerReader; k++)
        {
            var (damage, bytes) = Damage(seed, random);
            var path = Path.Combine(_folder.Root, $"{k}-{reader}{Extension(reader)}{(IsGzip(bytes) ? ".gz" : string.Empty)}");
            File.WriteAllBytes(path, bytes);
            var attempt = Task.Run(() => run(path));
            Assert.True(WaitQuietly(attempt), $"{reader}, case {k} ({damage}): no answer within {HangGuard} (a hang)");
            var thrown = attempt.Exception?.InnerException;
            // The error names the damaged file: as its source, or in the message of an error about the pair.
            if (thrown is not null && (thrown is not InputFormatException located || !(located.Issue.Source + located.Message).Contains(Path.GetFileName(path), StringComparison.Ordinal)))
            {
                Assert.Fail($"{reader}, case {k} ({damage}): {thrown}");
            }
        }
    }

    private static bool WaitQuietly(Task attempt)
    {
        try
        {
            return attempt.Wait(HangGuard);
        }
        catch (AggregateException)
        {
            return true;
        }
    }

    private static string Extension(string reader) => reader.EndsWith("csv", StringComparison.Ordinal) || reader == "vertex-detection-import" ? ".csv" : reader.StartsWith("coco", StringComparison.Ordinal) ? ".json" : ".jsonl";

    private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    // The valid file a reader's cases start from, and what to run on a damaged copy (other inputs stay valid).
    private (byte[] Seed, Action<string> Run) Case(string reader)
    {
        var digitsTruth = Fixture.Path("digits", "dataset.csv");
        var digitsPredictions = Fixture.Path("digits", "predictions.test.jsonl");
        var cocoTruth = Fixture.Path("coco", "segm_polygons", "gt.json");
        var cocoResults = Fixture.Path("coco", "segm_polygons", "dt.json");
        var vertexImport = _folder.Write("import.csv", string.Concat(Enumerable.Range(0, 30).Select(i =>
            $"{(i % 3 == 0 ? "TRAINING" : "TEST")},gs://b/{i}.png,{(i % 2 == 0 ? "cat" : "dog")},0.{i % 5 + 1},0.1,,,0.9,0.{i % 4 + 6},,\n")));
        var vertexPredictions = _folder.Write("vp.jsonl", string.Concat(Enumerable.Range(0, 30).Select(i =>
            $"{{\"instance\":{{\"content\":\"gs://b/{i}.png\"}},\"prediction\":{{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.{i % 9 + 1},0.5],\"bboxes\":[[0.1,0.9,0.1,0.7],[0.2,0.8,0.1,0.9]]}}}}\n")));
        var video = Fixture.Path("video", "ground_truth.jsonl");
        var videoPredictions = Fixture.Path("video", "predictions.segment.jsonl");
        return reader switch
        {
            "ground-truth-csv" => (File.ReadAllBytes(digitsTruth), path => EvaluateClassification(path, digitsPredictions)),
            "ground-truth-jsonl" => (File.ReadAllBytes(Fixture.Path("multilabel", "ground_truth.jsonl")), path => EvaluateClassification(path, Fixture.Path("multilabel", "predictions.jsonl"))),
            "predictions-jsonl" => (File.ReadAllBytes(digitsPredictions), path => EvaluateClassification(digitsTruth, path)),
            "predictions-csv" => (Encoding.UTF8.GetBytes(PredictionsCsv(digitsPredictions)), path => EvaluateClassification(digitsTruth, path)),
            "coco-ground-truth" => (File.ReadAllBytes(cocoTruth), path => EvaluateCoco(path, cocoResults)),
            "coco-results" => (File.ReadAllBytes(cocoResults), path => EvaluateCoco(cocoTruth, path)),
            "vertex-detection-import" => (File.ReadAllBytes(vertexImport), path => DetectionInputs.Evaluate(path, vertexPredictions, IouType.BoundingBox, null, new IssueLog())),
            "vertex-detection-predictions" => (File.ReadAllBytes(vertexPredictions), path => DetectionInputs.Evaluate(vertexImport, path, IouType.BoundingBox, null, new IssueLog())),
            "video-ground-truth" => (File.ReadAllBytes(video), path => VideoEvaluator.Evaluate(path, videoPredictions, new VideoEvaluationOptions(), new IssueLog())),
            "video-predictions" => (File.ReadAllBytes(videoPredictions), path => VideoEvaluator.Evaluate(video, path, new VideoEvaluationOptions(), new IssueLog())),
            "embeddings-jsonl" => (File.ReadAllBytes(Fixture.Path("embeddings", "embeddings.validation.jsonl")), path => EmbeddingReader.ReadFiles(new[] { path }, new IssueLog())),
            _ => (Encoding.UTF8.GetBytes("path,e0,e1,e2\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i}.png,0.{i},0.5,-1e-3\n"))), path => EmbeddingReader.ReadFiles(new[] { path }, new IssueLog())),
        };
    }

    // Reads and evaluates; when the read succeeds, both sides of the join account for every item.
    private static void EvaluateClassification(string groundTruth, string predictions)
    {
        var log = new IssueLog();
        var loaded = ClassificationInputs.Load(groundTruth, predictions, new ClassificationInputOptions(), log);
        var s = loaded.Summary;
        Assert.Equal(s.GroundTruthItems, s.Evaluated + s.MissingPredictions + s.RejectedGroundTruthItems);
        Assert.Equal(s.PredictionItems, s.Evaluated + s.OtherSplitPredictions + s.UnknownPredictions + s.RejectedItemPredictions);
        Assert.Equal(s.Evaluated, loaded.Data.ItemCount);
        ClassificationEvaluator.Evaluate(loaded.Data, new ClassificationOptions());
        var predictionSet = PredictionReader.Read(predictions, new IssueLog());
        if (Path.GetExtension(predictions) == ".jsonl")
        {
            // Every non-blank line is an item, a rejected record or a repeated item.
            Assert.Equal(NonBlankLines(predictions), predictionSet.ItemIds.Count + predictionSet.SkippedRecords + predictionSet.DuplicateRecords);
        }
    }

    private static void EvaluateCoco(string groundTruth, string results)
    {
        var (truth, detections) = CocoReader.ReadPair(groundTruth, results, IouType.Segmentation, new IssueLog());
        var evaluation = DetectionEvaluator.Evaluate(truth, detections, CocoParams.Default(IouType.Segmentation));
        var c = evaluation.Counts;
        Assert.Equal(c.DetectionsSkipped, c.DetectionsUnknownImage + c.DetectionsUnknownCategory + c.DetectionsInvalid + c.DetectionsBeyondMaxDets + c.DetectionsOtherSplit);
    }

    private static int NonBlankLines(string path)
    {
        using var stream = AutoMLEval.Engine.Formats.InputFile.OpenRead(path);
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var text = bytes.ToArray().AsSpan();
        if (text.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) text = text.Slice(3);
        int count = 0;
        foreach (var line in Encoding.Latin1.GetString(text).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'))
        {
            if (line.Trim(' ', '\t').Length > 0) count++;
        }
        return count;
    }

    private static string PredictionsCsv(string jsonl)
    {
        var set = PredictionReader.Read(jsonl, new IssueLog());
        var text = new StringBuilder("path," + string.Join(",", set.Labels) + "\n");
        for (int r = 0; r < set.ItemIds.Count; r++)
        {
            text.Append(set.ItemIds[r]);
            for (int j = 0; j < set.Labels.Count; j++) text.Append(',').Append(set.Score(r, j).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    private static (string Damage, byte[] Bytes) Damage(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        switch (random.Next(6))
        {
            case 0:
                return ("cut short", bytes.Take(random.Next(bytes.Count)).ToArray());
            case 1:
                int flips = random.Next(1, 9);
                for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                return ($"{flips} bytes flipped", bytes.ToArray());
            case 2:
                const string fillers = "9x\"[{,:\\";
                var filler = fillers[random.Next(fillers.Length)];
                bytes.InsertRange(random.Next(bytes.Count), Enumerable.Repeat((byte)filler, random.Next(1_000, 300_000)));
                return ($"oversized run of '{filler}'", bytes.ToArray());
            case 3:
                var separators = new byte[][] { "\r"u8.ToArray(), "\n"u8.ToArray(), new byte[] { 0 }, ","u8.ToArray(), "\""u8.ToArray(), new byte[] { 0xEF, 0xBB, 0xBF }, "}{"u8.ToArray(), "]["u8.ToArray() };
                for (int i = random.Next(1, 6); i > 0; i--) bytes.InsertRange(random.Next(bytes.Count), separators[random.Next(separators.Length)]);
                return ("separators inserted", bytes.ToArray());
            case 4:
                int start = random.Next(bytes.Count), length = random.Next(Math.Min(5_000, bytes.Count - start) + 1);
                bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(start, length));
                return ("a range repeated", bytes.ToArray());
            default:
                using (var memory = new MemoryStream())
                {
                    using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(seed, 0, seed.Length);
                    var compressed = memory.ToArray();
                    if (random.Next(2) == 0) return ("gzip cut short", compressed.Take(random.Next(2, compressed.Length)).ToArray());
                    compressed[random.Next(10, compressed.Length)] ^= (byte)random.Next(1, 256);
                    return ("gzip with a flipped byte", compressed);
                }
        }
    }
}
