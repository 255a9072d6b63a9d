using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Tests.Detection;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

/// <summary>
/// Detection comparisons: the bootstrap's weighted accumulate gives COCO's figures when every image counts once (on
/// every pycocotools fixture, Fixtures/coco), a detector against itself changes by exactly 0, and a weaker copy's
/// drop is inside its paired interval.
/// </summary>
public sealed class DetectionComparerTests
{
    [Theory]
    [MemberData(nameof(CocoParityTests.Cases), MemberType = typeof(CocoParityTests))]
    public void Every_image_counted_once_gives_the_evaluations_AP_AP50_and_AP75(string name)
    {
        var evaluation = CocoParityTests.Evaluate(name, out _);
        var measured = new DetectionComparer.WeightedAp(evaluation).Measure(Enumerable.Repeat(1, evaluation.Counts.Images).ToArray());
        var expected = new[] { evaluation.Stats.Ap, evaluation.Stats.Ap50, evaluation.Stats.Ap75 };
        for (int m = 0; m < 3; m++)
        {
            if (expected[m] < 0) Assert.True(double.IsNaN(measured[m]), name);
            else Assert.Equal(expected[m], measured[m], 12);
        }
    }

    [Fact]
    public void A_resample_equals_evaluating_the_drawn_images_as_a_ground_truth_of_their_own()
    {
        // Weights: the first image (id 1) not drawn, the sixth (id 6) drawn twice, the others once. The same draw as files:
        // image ids doubled (so that a copy can sit right after its original, id 13 after 12, and score ties keep their
        // order), image 1 left out with its objects and detections, image 6 copied with its objects and detections.
        var folder = CocoParityTests.CaseDirectory("random_bbox");
        var gt = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "gt.json")))!;
        var dt = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "dt.json")))!.AsArray();
        System.Text.Json.Nodes.JsonArray Drawn(IEnumerable<System.Text.Json.Nodes.JsonNode?> nodes, string imageKey, bool renumber)
        {
            var drawn = new System.Text.Json.Nodes.JsonArray();
            long nextId = 1_000_000;
            foreach (var node in nodes)
            {
                long image = node![imageKey]!.GetValue<long>();
                if (image == 1) continue;
                var copy = node.DeepClone();
                copy[imageKey] = image * 2;
                drawn.Add(copy);
                if (image != 6) continue;
                var twin = node.DeepClone();
                twin[imageKey] = (image * 2) + 1;
                if (renumber) twin["id"] = nextId++;
                drawn.Add(twin);
            }
            return drawn;
        }
        var images = new System.Text.Json.Nodes.JsonArray();
        foreach (var image in gt["images"]!.AsArray())
        {
            long id = image!["id"]!.GetValue<long>();
            if (id == 1) continue;
            var copy = image.DeepClone();
            copy["id"] = id * 2;
            images.Add(copy);
            if (id != 6) continue;
            var twin = image.DeepClone();
            twin["id"] = (id * 2) + 1;
            images.Add(twin);
        }
        var drawnTruth = new System.Text.Json.Nodes.JsonObject
        {
            ["images"] = images,
            ["annotations"] = Drawn(gt["annotations"]!.AsArray(), "image_id", renumber: true),
            ["categories"] = gt["categories"]!.DeepClone(),
        };
        using var temp = new TempFolder();
        var log = new Engine.Diagnostics.IssueLog();
        var truth = CocoReader.ReadGroundTruth(temp.Write("gt.json", drawnTruth.ToJsonString()), IouType.BoundingBox, log);
        var detections = CocoReader.ReadDetections(temp.Write("dt.json", Drawn(dt, "image_id", renumber: false).ToJsonString()), truth, IouType.BoundingBox, log);
        var asFiles = DetectionEvaluator.Evaluate(truth, detections, CocoParams.Default(IouType.BoundingBox)).Stats;

        var evaluation = CocoParityTests.Evaluate("random_bbox", out _);
        var weights = Enumerable.Repeat(1, evaluation.Counts.Images).ToArray();
        weights[0] = 0;
        weights[5] = 2;
        var measured = new DetectionComparer.WeightedAp(evaluation).Measure(weights);
        Assert.Equal(asFiles.Ap, measured[0], 12);
        Assert.Equal(asFiles.Ap50, measured[1], 12);
        Assert.Equal(asFiles.Ap75, measured[2], 12);
        Assert.NotEqual(evaluation.Stats.Ap, measured[0], 6);
    }

    [Fact]
    public void A_detector_against_itself_changes_by_exactly_zero()
    {
        var evaluation = CocoParityTests.Evaluate("random_bbox", out _);
        var comparison = DetectionComparer.Compare(evaluation, evaluation, bootstrapSamples: 50);
        Assert.Equal(new[] { "ap", "ap50", "ap75" }, comparison.Metrics.Select(m => m.Name));
        Assert.All(comparison.Metrics, m => Assert.Equal((0.0, 0.0, 0.0), (m.Delta, m.CiLower, m.CiUpper)));
        Assert.All(comparison.PerLabel.Where(l => !double.IsNaN(l.ReferenceAp)), l => Assert.Equal(0, l.ApDelta));
        Assert.Equal(evaluation.Labels.Count, comparison.PerLabel.Count);
    }

    [Fact]
    public void A_weaker_detector_drops_and_its_interval_holds_the_drop()
    {
        // The candidate keeps every other detection of random_bbox (by file order): fewer true positives, lower AP.
        var reference = CocoParityTests.Evaluate("random_bbox", out _);
        var folder = CocoParityTests.CaseDirectory("random_bbox");
        var log = new Engine.Diagnostics.IssueLog();
        var gt = CocoReader.ReadGroundTruth(Path.Combine(folder, "gt.json"), IouType.BoundingBox, log);
        using var temp = new TempFolder();
        var detections = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "dt.json")))!.AsArray();
        var halved = new System.Text.Json.Nodes.JsonArray(detections.Where((_, i) => i % 2 == 0).Select(d => d!.DeepClone()).ToArray());
        var dt = CocoReader.ReadDetections(temp.Write("dt.json", halved.ToJsonString()), gt, IouType.BoundingBox, log);
        var candidate = DetectionEvaluator.Evaluate(gt, dt, CocoParams.Default(IouType.BoundingBox));
        var comparison = DetectionComparer.Compare(reference, candidate, bootstrapSamples: 200);
        var ap = comparison.Metrics[0];
        Assert.Equal(reference.Stats.Ap, ap.Reference);
        Assert.Equal(candidate.Stats.Ap, ap.Candidate);
        Assert.True(ap.Delta < 0);
        Assert.True(ap.CiLower <= ap.Delta && ap.Delta <= ap.CiUpper, $"{ap.CiLower} {ap.Delta} {ap.CiUpper}");
    }

    [Fact]
    public void Evaluations_of_other_images_are_refused()
    {
        var one = CocoParityTests.Evaluate("random_bbox", out _);
        var other = CocoParityTests.Evaluate("tiny_bbox", out _);
        Assert.Throws<ArgumentException>(() => DetectionComparer.Compare(one, other, bootstrapSamples: 0));
    }
}
