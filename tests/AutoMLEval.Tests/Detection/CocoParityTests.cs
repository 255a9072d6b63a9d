using System.Text.Json;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>
/// Every case of Fixtures/coco (copied from shared/reference/coco): the 12 stats and per-category AP/AP50/AP75/AR100/
/// ap_per_iou that pycocotools (commit 8c9bcc3) computed, reproduced within 1e-10.
/// </summary>
public class CocoParityTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(CaseDirectory(string.Empty)).OrderBy(d => d, StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    internal static string CaseDirectory(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "coco", name);

    internal static DetectionEvaluation Evaluate(string name, out IssueLog log)
    {
        var expected = Expected(name);
        var iouType = expected.GetProperty("iouType").GetString() == "segm" ? IouType.Segmentation : IouType.BoundingBox;
        log = new IssueLog();
        var gt = CocoReader.ReadGroundTruth(Path.Combine(CaseDirectory(name), "gt.json"), iouType, log);
        var dt = CocoReader.ReadDetections(Path.Combine(CaseDirectory(name), "dt.json"), gt, iouType, log);
        return DetectionEvaluator.Evaluate(gt, dt, CocoParams.Default(iouType));
    }

    internal static JsonElement Expected(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(CaseDirectory(name), "expected.json"))).RootElement;

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatsEqualPycocotools(string name)
    {
        var evaluation = Evaluate(name, out _);
        var expected = Expected(name).GetProperty("stats").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = evaluation.Stats.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"{name} {CocoStats.Names[i]}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PerCategoryValuesEqualPycocotools(string name)
    {
        var evaluation = Evaluate(name, out _);
        var expected = Expected(name).GetProperty("per_category").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, evaluation.Labels.Count);
        foreach (var (e, label) in expected.Zip(evaluation.Labels, (e, l) => (e, l)))
        {
            Assert.Equal(e.GetProperty("category_id").GetInt64(), label.CategoryId);
            Close(e, "ap", label.Ap, name, label.CategoryId);
            Close(e, "ap50", label.Ap50, name, label.CategoryId);
            Close(e, "ap75", label.Ap75, name, label.CategoryId);
            Close(e, "ar100", label.Ar100, name, label.CategoryId);
            var perIou = e.GetProperty("ap_per_iou").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int t = 0; t < perIou.Length; t++) Assert.True(Math.Abs(perIou[t] - label.ApPerIou[t]) <= Tolerance, $"{name} category {label.CategoryId} ap_per_iou[{t}]");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CountsEqualTheCase(string name)
    {
        var evaluation = Evaluate(name, out _);
        var counts = Expected(name).GetProperty("counts");
        Assert.Equal(counts.GetProperty("images").GetInt32(), evaluation.Counts.Images);
        Assert.Equal(counts.GetProperty("categories").GetInt32(), evaluation.Counts.Categories);
        Assert.Equal(counts.GetProperty("gt_annotations").GetInt32(), evaluation.Counts.GroundTruthObjects);
        Assert.Equal(counts.GetProperty("gt_crowd").GetInt32(), evaluation.Counts.CrowdObjects);
        Assert.Equal(counts.GetProperty("detections").GetInt32(), evaluation.Counts.Detections + evaluation.Counts.DetectionsSkipped);
        Assert.Equal(counts.GetProperty("detections").GetInt32() - counts.GetProperty("detections_with_known_category").GetInt32(), evaluation.Counts.DetectionsUnknownCategory);
    }

    [Fact]
    public void ParamsAreNumpyLinspaceBitForBit()
    {
        var expected = Expected("tiny_bbox").GetProperty("params").GetProperty("iouThrs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected, CocoParams.Default(IouType.BoundingBox).IouThresholds);
        var recall = CocoParams.Default(IouType.BoundingBox).RecallThresholds;
        Assert.Equal(101, recall.Count);
        // The values one ulp above the decimal, listed in Fixtures/coco/README.md note 2.
        Assert.Equal(0.35000000000000003, recall[35]);
        Assert.Equal(0.7000000000000001, recall[70]);
        Assert.Equal(0.9500000000000001, recall[95]);
        Assert.Equal(0.5, recall[50]);
        Assert.Equal(1.0, recall[100]);
    }

    private static void Close(JsonElement e, string property, double actual, string name, long category)
    {
        var expected = e.GetProperty(property).GetDouble();
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{name} category {category} {property}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void A_labels_objects_are_those_recall_counts_crowd_regions_left_out()
    {
        // edge_crowd's gt.json: person 3 objects and 2 crowd regions, car 2 and 1. The top-level count keeps every
        // annotation (8, 3 crowd); a label's objects are TP + FN of its sweep, as its recall's denominator. Before, a
        // label's objects counted its crowd regions too (5 and 3), and no count said how many.
        var evaluation = Evaluate("edge_crowd", out _);

        Assert.Equal((8, 3), (evaluation.Counts.GroundTruthObjects, evaluation.Counts.CrowdObjects));
        Assert.Equal(new[] { 3, 2 }, evaluation.Labels.Select(l => l.GroundTruthCount));
        foreach (var label in evaluation.Labels)
        {
            var all = evaluation.Sweep(0.5, new[] { 0.0 }, label.CategoryId)[0];
            Assert.Equal(label.GroundTruthCount, all.TruePositives + all.FalseNegatives);
        }
    }
}
