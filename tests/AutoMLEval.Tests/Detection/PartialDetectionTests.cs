using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>
/// Detection partial evaluations (issue 17): shards of a COCO results file split by image, evaluated apart and merged in
/// any order, give every figure of one evaluation of the whole file (COCO stats, precision and recall arrays, per-label
/// figures, sweeps, best F1, confusion matrix, TIDE's AP, dAP and counts) to 1e-12.
/// </summary>
public sealed class PartialDetectionTests
{
    public static TheoryData<string, bool, int, int> Splits()
    {
        var data = new TheoryData<string, bool, int, int>();
        // Crowd regions, maxDets cuts, unknown categories, masks, score ties within and across images.
        var cases = new[] { "random_bbox", "edge_score_ties", "edge_crowd", "edge_mix", "edge_maxdets", "segm_polygons" };
        for (int seed = 1; seed <= 4; seed++)
        {
            foreach (var name in cases) data.Add(name, false, seed, 2 + (seed + name.Length) % 4);
            // Scores rounded to one decimal: ties everywhere, whose order pycocotools' stable sort decides by image.
            data.Add("random_bbox", true, seed, 1 + seed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void Random_splits_by_image_merge_to_the_evaluation_of_the_whole(string name, bool roundScores, int seed, int shardCount)
    {
        using var folder = new TempFolder();
        var (groundTruth, whole, shards) = Shards(folder, name, roundScores, seed, shardCount);
        var iouType = IouTypeOf(name);
        var expected = Evaluate(groundTruth, whole, iouType);
        var parts = shards.Select(s => PartialDetection.Of(Evaluate(groundTruth, s, iouType), groundTruth, s, string.Empty)).ToArray();

        var random = new Random(seed);
        var shuffled = parts.OrderBy(_ => random.Next()).ToArray();
        var folded = PartialDetection.Merge(shuffled).Evaluate(new IssueLog());
        var tree = MergeAsTree(shuffled.Reverse().ToArray()).Evaluate(new IssueLog());

        foreach (var merged in new[] { folded, tree })
        {
            Assert.Equal(expected.Stats.ToArray(), merged.Stats.ToArray(), new Tolerance(1e-12));
            Assert.Equal(expected.Precision, merged.Precision, new Tolerance(1e-12));
            Assert.Equal(expected.Recall, merged.Recall, new Tolerance(1e-12));
            Assert.Equal(expected.Labels.Select(l => l.Ap), merged.Labels.Select(l => l.Ap), new Tolerance(1e-12));
            Assert.Equal(expected.Counts, merged.Counts);
            var confidence = DetectionConfusion.OperatingConfidence(expected);
            Assert.Equal(confidence, DetectionConfusion.OperatingConfidence(merged));
            Assert.Equal(Cells(DetectionConfusion.Compute(expected, DetectionConfusion.DefaultIou, confidence)), Cells(DetectionConfusion.Compute(merged, DetectionConfusion.DefaultIou, confidence)));
            foreach (var kind in Enum.GetValues<DetectionErrorKind>())
            {
                Assert.Equal(expected.ErrorAnalysis.CountOf(kind), merged.ErrorAnalysis.CountOf(kind));
                Assert.Equal(expected.ErrorAnalysis.DeltaAp(kind), merged.ErrorAnalysis.DeltaAp(kind), 12);
            }
            Assert.Equal(expected.ErrorAnalysis.Ap, merged.ErrorAnalysis.Ap, 12);
            // And everything evaluate prints.
            JsonAssert.Close(Json(expected), Json(merged), 1e-12);
        }
    }

    [Fact]
    public void A_part_round_trips_through_its_bytes()
    {
        using var folder = new TempFolder();
        var (groundTruth, _, shards) = Shards(folder, "edge_crowd", roundScores: false, seed: 3, shardCount: 2);
        var part = PartialDetection.Of(Evaluate(groundTruth, shards[0], IouType.BoundingBox), groundTruth, shards[0], string.Empty);

        var read = (PartialDetection)PartialEvaluation.ReadFrom(new MemoryStream(part.ToBytes()), "part.eval");

        Assert.Equal(part.ToBytes(), read.ToBytes());
        Assert.Equal((groundTruth, part.Images, part.GroundTruthImages), (read.GroundTruthPath, read.Images, read.GroundTruthImages));
        Assert.Equal(Json(part.Evaluate(new IssueLog())), Json(read.Evaluate(new IssueLog())));
    }

    [Fact]
    public void A_version_4_part_without_the_ground_truths_unreadable_records_is_still_read()
    {
        using var folder = new TempFolder();
        var (groundTruth, _, shards) = Shards(folder, "edge_crowd", roundScores: false, seed: 3, shardCount: 2);
        var part = PartialDetection.Of(Evaluate(groundTruth, shards[0], IouType.BoundingBox), groundTruth, shards[0], string.Empty);
        var bytes = part.ToBytes();
        // Version 4 wrote the counts without the last one (the unreadable ground-truth records, here 0): cut it out.
        var counts = part.Evaluate(new IssueLog()).Counts;
        var last = BitConverter.GetBytes(0L);
        var withCounts = new[] { counts.Images, counts.GroundTruthObjects, counts.CrowdObjects, counts.GroundTruthSkipped }.SelectMany(c => BitConverter.GetBytes((long)c)).ToArray();
        int at = bytes.AsSpan().IndexOf(withCounts);
        Assert.True(at > 0);
        int end = at + withCounts.Length + (6 * 8);
        Assert.Equal(last, bytes[end..(end + 8)]);
        var version4 = bytes[..end].Concat(bytes[(end + 8)..]).ToArray();
        BitConverter.GetBytes(4).CopyTo(version4, 8);

        var read = (PartialDetection)PartialEvaluation.ReadFrom(new MemoryStream(version4), "v4.eval");

        Assert.Equal(Json(part.Evaluate(new IssueLog())), Json(read.Evaluate(new IssueLog())));
        // Written again, it is a file of the current version.
        Assert.Equal(bytes, read.ToBytes());
    }

    [Fact]
    public void A_detection_part_read_as_a_classification_part_names_its_task()
    {
        using var folder = new TempFolder();
        var (groundTruth, _, shards) = Shards(folder, "tiny_bbox", roundScores: false, seed: 1, shardCount: 2);
        var bytes = PartialDetection.Of(Evaluate(groundTruth, shards[0], IouType.BoundingBox), groundTruth, shards[0], string.Empty).ToBytes();

        var e = Assert.Throws<InputFormatException>(() => Engine.Formats.Classification.PartialClassification.ReadFrom(new MemoryStream(bytes), "part.eval"));

        Assert.Equal("PartialEvaluationTask", e.Issue.Code);
        Assert.Contains("'detection' task", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_in_two_parts_are_counted_and_reported()
    {
        using var folder = new TempFolder();
        var (groundTruth, _, shards) = Shards(folder, "random_bbox", roundScores: false, seed: 5, shardCount: 3);
        var parts = shards.Select(s => PartialDetection.Of(Evaluate(groundTruth, s, IouType.BoundingBox), groundTruth, s, string.Empty)).ToArray();
        var log = new IssueLog();

        var merged = PartialDetection.Merge(new[] { parts[0], parts[1], parts[0], parts[2], parts[1] });
        merged.Evaluate(log);

        // The second copies of parts 0 and 1: every one of their images is in two parts.
        Assert.Equal(parts[0].Images + parts[1].Images, merged.CrossPartImages);
        var warning = Assert.Single(log.Issues, i => i.Code == "DuplicateAcrossParts");
        Assert.StartsWith($"{parts[0].Images + parts[1].Images} images", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_of_different_ground_truths_are_refused()
    {
        using var folder = new TempFolder();
        var (groundTruth, _, shards) = Shards(folder, "random_bbox", roundScores: false, seed: 1, shardCount: 2);
        var part = PartialDetection.Of(Evaluate(groundTruth, shards[0], IouType.BoundingBox), groundTruth, shards[0], string.Empty);
        var otherTruth = Path.Combine(CocoParityTests.CaseDirectory("edge_mix"), "gt.json");
        var other = PartialDetection.Of(Evaluate(otherTruth, Path.Combine(CocoParityTests.CaseDirectory("edge_mix"), "dt.json"), IouType.BoundingBox), otherTruth, "dt.json", string.Empty);

        var e = Assert.Throws<ArgumentException>(() => PartialDetection.Merge(part, other));
        Assert.Contains("different ground truths", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merged_evaluation_says_it_cannot_match_again()
    {
        using var folder = new TempFolder();
        var (groundTruth, _, shards) = Shards(folder, "random_bbox", roundScores: false, seed: 1, shardCount: 2);
        var merged = PartialDetection.Merge(shards.Select(s => PartialDetection.Of(Evaluate(groundTruth, s, IouType.BoundingBox), groundTruth, s, string.Empty))).Evaluate(new IssueLog());

        Assert.True(merged.IsMerged);
        // Its error list is empty (it keeps counts), and matching at another IoU needs the files.
        Assert.Empty(merged.ErrorAnalysis);
        Assert.Throws<InvalidOperationException>(() => DetectionConfusion.Compute(merged, 0.75, 0.5));
    }

    private static PartialDetection MergeAsTree(PartialDetection[] parts) =>
        parts.Length == 1 ? parts[0] : PartialDetection.Merge(MergeAsTree(parts[..(parts.Length / 2)]), MergeAsTree(parts[(parts.Length / 2)..]));

    private static IouType IouTypeOf(string name) => name.StartsWith("segm", StringComparison.Ordinal) ? IouType.Segmentation : IouType.BoundingBox;

    internal static DetectionEvaluation Evaluate(string groundTruth, string detections, IouType iouType)
    {
        var log = new IssueLog();
        var gt = CocoReader.ReadGroundTruth(groundTruth, iouType, log);
        return DetectionEvaluator.Evaluate(gt, CocoReader.ReadDetections(detections, gt, iouType, log), CocoParams.Default(iouType));
    }

    /// <summary>
    /// The case's results file (its scores rounded to a decimal when asked) as a whole, and split by image into
    /// <paramref name="shardCount"/> shards at random (seeded), each keeping the file order of its detections.
    /// </summary>
    internal static (string GroundTruth, string Whole, string[] Shards) Shards(TempFolder folder, string name, bool roundScores, int seed, int shardCount)
    {
        var directory = CocoParityTests.CaseDirectory(name);
        var detections = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "dt.json")))!.AsArray().Select(d => d!.DeepClone()).ToArray();
        if (roundScores)
        {
            foreach (var d in detections) d!["score"] = Math.Round(d["score"]!.GetValue<double>(), 1);
        }
        var random = new Random(seed);
        var shardOf = detections.Select(d => d!["image_id"]!.ToJsonString()).Distinct().ToDictionary(id => id, _ => random.Next(shardCount));
        string Write(string file, IEnumerable<JsonNode?> items) => folder.Write(file, new JsonArray(items.Select(d => d!.DeepClone()).ToArray()).ToJsonString());
        var shards = Enumerable.Range(0, shardCount).Select(k => Write($"shard{k}.json", detections.Where(d => shardOf[d!["image_id"]!.ToJsonString()] == k))).ToArray();
        return (Path.Combine(directory, "gt.json"), Write("whole.json", detections), shards);
    }

    private static long[] Cells(Engine.Classification.ConfusionMatrix matrix) => matrix.ToRows().SelectMany(row => row).ToArray();

    /// <summary>What <c>evaluate --format json</c> prints of <paramref name="evaluation"/>.</summary>
    internal static string Json(DetectionEvaluation evaluation)
    {
        using var memory = new MemoryStream();
        using (var writer = new Utf8JsonWriter(memory)) DetectionJson.Write(writer, "detection", evaluation);
        return Encoding.UTF8.GetString(memory.ToArray());
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        private readonly double _tolerance;

        public Tolerance(double tolerance) => _tolerance = tolerance;

        public bool Equals(double x, double y) => Math.Abs(x - y) <= _tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
