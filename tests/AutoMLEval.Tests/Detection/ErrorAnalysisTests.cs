using AutoMLEval.Engine.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>TIDE kinds on hand-made scenes: one 100×100 GT box and one detection each.</summary>
public class ErrorAnalysisTests
{
    private const string GroundTruth = """
        {"images": [{"id": 1, "width": 640, "height": 480}],
         "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
         "annotations": [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "area": 10000, "iscrowd": 0}]}
        """;

    [Theory]
    // A dog box exactly on the cat: IoU 1 with a GT of another label → wrong label.
    [InlineData(2, "[0, 0, 100, 100]", DetectionErrorKind.WrongLabel, 1.0)]
    // A cat box shifted by 50: intersection 50×100 = 5000, union 15000 → IoU 1/3, between .1 and .5 → localisation.
    [InlineData(1, "[50, 0, 100, 100]", DetectionErrorKind.Localisation, 1.0 / 3)]
    // A dog box shifted by 50: IoU 1/3 with the cat GT only → wrong label and localisation.
    [InlineData(2, "[50, 0, 100, 100]", DetectionErrorKind.WrongLabelAndLocalisation, 1.0 / 3)]
    // A cat box shifted by 95: intersection 500, union 19500 → IoU 0.0256 < .1 → background.
    [InlineData(1, "[95, 0, 100, 100]", DetectionErrorKind.Background, 500.0 / 19500)]
    public void OneDetectionGetsItsKind(int category, string box, DetectionErrorKind expected, double iou)
    {
        var errors = Analyze($$"""[{"image_id": 1, "category_id": {{category}}, "bbox": {{box}}, "score": 0.9}]""");
        var error = errors.Single(e => e.Kind != DetectionErrorKind.Missed);
        Assert.Equal(expected, error.Kind);
        Assert.Equal(iou, error.BestIou, 12);
        if (expected == DetectionErrorKind.Background) Assert.Null(error.GroundTruthId);
        else Assert.Equal(7L, error.GroundTruthId);
        // The cat GT is never matched in these scenes, so it is also missed.
        Assert.Equal(DetectionErrorKind.Missed, errors[errors.Count - 1].Kind);
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

    private static IReadOnlyList<DetectionError> Analyze(string detections)
    {
        using var gtStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(GroundTruth));
        using var dtStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(detections));
        var gt = CocoReader.ReadGroundTruth(gtStream, "gt", IouType.BoundingBox);
        var dt = CocoReader.ReadDetections(dtStream, "dt", gt, IouType.BoundingBox);
        return DetectionErrorAnalysis.Analyze(DetectionEvaluator.Evaluate(gt, dt), 0.5, 0.1);
    }
}
