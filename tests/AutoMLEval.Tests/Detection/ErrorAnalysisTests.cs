using AutoMLEval.Engine.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>
/// TIDE kinds on hand-made scenes (one 100×100 cat GT box, id 7), each worked out by following tidecv 1.0.1's
/// quantify.py by hand: its order of tests (localisation, wrong label, duplicate, background, both), its inclusive
/// bounds, its rule for missed ground truth, its crowd regions and its 100 detections per image across labels.
/// </summary>
public class ErrorAnalysisTests
{
    private const string GroundTruth = """
        {"images": [{"id": 1, "width": 640, "height": 480}],
         "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
         "annotations": [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "area": 10000, "iscrowd": 0},
                         {"id": 8, "image_id": 1, "category_id": 1, "bbox": [200, 0, 100, 100], "area": 10000, "iscrowd": 1}]}
        """;

    [Theory]
    // A dog box exactly on the cat: IoU 1 with a GT of another label → wrong label; the GT it points at is not missed.
    [InlineData(2, "[0, 0, 100, 100]", DetectionErrorKind.WrongLabel, 1.0, false)]
    // A cat box shifted by 50: intersection 50×100 = 5000, union 15000 → IoU 1/3, in [.1, .5] → localisation, not missed.
    [InlineData(1, "[50, 0, 100, 100]", DetectionErrorKind.Localisation, 1.0 / 3, false)]
    // A cat box 10 wide inside the GT: IoU 1000 / 10000 = 0.1 exactly, TIDE's bound is inclusive → localisation.
    [InlineData(1, "[0, 0, 10, 100]", DetectionErrorKind.Localisation, 0.1, false)]
    // The same box labelled dog: no dog GT; IoU 0.1 with the cat ≤ t_b (inclusive) → background; the cat is missed.
    [InlineData(2, "[0, 0, 10, 100]", DetectionErrorKind.Background, 0.1, true)]
    // A dog box shifted by 50: IoU 1/3 with the cat GT only → wrong label and localisation; the cat is missed.
    [InlineData(2, "[50, 0, 100, 100]", DetectionErrorKind.WrongLabelAndLocalisation, 1.0 / 3, true)]
    // A cat box shifted by 95: intersection 500, union 19500 → IoU 0.0256 < .1 → background; the cat is missed.
    [InlineData(1, "[95, 0, 100, 100]", DetectionErrorKind.Background, 500.0 / 19500, true)]
    public void OneDetectionGetsItsKind(int category, string box, DetectionErrorKind expected, double iou, bool groundTruthMissed)
    {
        var errors = Analyze($$"""[{"image_id": 1, "category_id": {{category}}, "bbox": {{box}}, "score": 0.9}]""");
        var error = errors.Single(e => e.Kind != DetectionErrorKind.Missed);
        Assert.Equal(expected, error.Kind);
        Assert.Equal(iou, error.BestIou, 12);
        if (expected == DetectionErrorKind.Background) Assert.Null(error.GroundTruthId);
        else Assert.Equal(7L, error.GroundTruthId);
        Assert.Equal(groundTruthMissed, errors.Any(e => e.Kind == DetectionErrorKind.Missed && e.GroundTruthId == 7));
    }

    [Fact]
    public void SecondHitOnATakenGroundTruthIsADuplicate()
    {
        var errors = Analyze("""
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "score": 0.9},
             {"image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 90], "score": 0.8}]
            """);
        // The first takes the GT; the second (IoU 0.9) finds it taken.
        var error = Assert.Single(errors);
        Assert.Equal(DetectionErrorKind.Duplicate, error.Kind);
        Assert.Equal(0.9, error.BestIou, 12);
    }

    [Fact]
    public void IouOfExactlyTheForegroundThresholdWithATakenGroundTruthIsLocalisation()
    {
        // The second box covers half the GT (IoU 0.5): localisation is tested first and its bound includes 0.5.
        var errors = Analyze("""
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "score": 0.9},
             {"image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 50], "score": 0.8}]
            """);
        var error = Assert.Single(errors);
        Assert.Equal(DetectionErrorKind.Localisation, error.Kind);
        Assert.Equal(0.5, error.BestIou);
        // Its GT was already matched, so fixing it adds nothing: dAP 0; TIDE's AP is 1 (one TP, one GT).
        Assert.Equal(1.0, errors.Ap, 12);
        Assert.Equal(0.0, errors.DeltaAp(DetectionErrorKind.Localisation));
    }

    [Fact]
    public void ADetectionInACrowdRegionIsClassifiedToo()
    {
        // Inside the crowd region (crowd IoU 1 > 0.5), so the AP ignores it, but TIDE still classifies it: IoU 0 with
        // every non-crowd GT → background. The cat GT is missed.
        var errors = Analyze("""[{"image_id": 1, "category_id": 1, "bbox": [210, 10, 50, 50], "score": 0.9}]""");
        Assert.Equal(new[] { DetectionErrorKind.Background, DetectionErrorKind.Missed }, errors.Select(e => e.Kind));
        // No AP point either way: AP 0 (the cat's only GT is missed) and fixing the background error gains nothing.
        // Fixing the miss leaves no category at all: tidecv divides by zero there; the product takes that mAP as 0.
        Assert.Equal(0.0, errors.DeltaAp(DetectionErrorKind.Background));
        Assert.Equal(0.0, errors.DeltaAp(DetectionErrorKind.Missed));
    }

    [Fact]
    public void OnlyTheTopHundredDetectionsOfAnImageAcrossLabelsAreKept()
    {
        // 100 dog boxes far away (score 0.9) push the perfect cat box (score 0.5) to rank 101: TIDE cuts it
        // (COCO's cut is per label and would keep it), so the cat GT is missed.
        var dogs = Enumerable.Range(0, 100).Select(i => $$"""{"image_id": 1, "category_id": 2, "bbox": [400, {{i * 3}}, 10, 10], "score": 0.9}""");
        var cat = """{"image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "score": 0.5}""";
        var errors = Analyze("[" + string.Join(",", dogs.Append(cat)) + "]");
        Assert.Equal(100, errors.CountOf(DetectionErrorKind.Background));
        Assert.Equal(1, errors.CountOf(DetectionErrorKind.Missed));
        Assert.Equal(101, errors.Count);
    }

    [Theory]
    // One localisation error: the cat's only point is a false positive (AP 0); fixed, it is a true positive: AP 1.
    [InlineData(1, DetectionErrorKind.Localisation)]
    // One wrong-label error: cat has a GT and no point (AP 0), dog a point and no GT (AP 0 in TIDE's mean). Fixed,
    // the point becomes a cat true positive and dog is empty (left out): mAP 1.
    [InlineData(2, DetectionErrorKind.WrongLabel)]
    public void FixingTheOnlyErrorGainsTheWholeAp(int category, DetectionErrorKind kind)
    {
        var box = kind == DetectionErrorKind.WrongLabel ? "[0, 0, 100, 100]" : "[50, 0, 100, 100]";
        var errors = Analyze($$"""[{"image_id": 1, "category_id": {{category}}, "bbox": {{box}}, "score": 0.9}]""");
        Assert.Equal(0.0, errors.Ap);
        Assert.Equal(1.0, errors.DeltaAp(kind), 12);
        Assert.Equal(0.0, errors.DeltaAp(DetectionErrorKind.Missed));
    }

    private static DetectionErrors Analyze(string detections)
    {
        using var gtStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(GroundTruth));
        using var dtStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(detections));
        var gt = CocoReader.ReadGroundTruth(gtStream, "gt", IouType.BoundingBox);
        var dt = CocoReader.ReadDetections(dtStream, "dt", gt, IouType.BoundingBox);
        return DetectionErrorAnalysis.Analyze(DetectionEvaluator.Evaluate(gt, dt), 0.5, 0.1);
    }
}
