using AutoMLEval.Engine.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>
/// Fixtures/coco/tiny_bbox worked by hand (its README): 2 images, cat (3 GT) and dog (2 GT), 7 detections.
/// cat by score: 0.9 (IoU 1), 0.85 (IoU exactly 0.5, image 2), 0.8 (IoU 0.6807), 0.7 (background).
/// dog by score: 0.95 (IoU 0.6807), 0.6 (IoU 1 with the same GT), 0.3 (background); the image-2 dog is never found.
/// </summary>
public class TinyBboxTests
{
    private static DetectionEvaluation Tiny() => CocoParityTests.Evaluate("tiny_bbox", out _);

    [Fact]
    public void CatApFollowsTheHandWorkedSequence()
    {
        var cat = Tiny().Labels[0];
        // t = .50: TP TP TP FP: the three TPs come first, so precision is 1 (up to pycocotools' eps) at every recall → AP 1.
        Assert.Equal(1.0, cat.ApPerIou[0], 12);
        // t = .55–.65: 0.85 (IoU .5) turns FP: TP FP TP FP. Recall 1/3 at precision 1, 2/3 at precision 2/3:
        // 34 thresholds (0.00–0.33) sample 1, 33 thresholds (0.34–0.66) sample 2/3, the rest 0 → (34 + 22)/101.
        Assert.Equal(56.0 / 101, cat.ApPerIou[1], 12);
        Assert.Equal(56.0 / 101, cat.ApPerIou[3], 12);
        // t ≥ .70: only the exact box is a TP: 34 thresholds at precision 1 → 34/101.
        Assert.Equal(34.0 / 101, cat.ApPerIou[4], 12);
        Assert.Equal(34.0 / 101, cat.ApPerIou[9], 12);
        // AP = (101 + 3·56 + 6·34) / 1010.
        Assert.Equal((101 + 3 * 56 + 6 * 34) / 1010.0, cat.Ap, 12);
    }

    [Fact]
    public void DogApCountsTheDuplicateAsFalsePositive()
    {
        var dog = Tiny().Labels[1];
        // t ≤ .65: TP (0.95), FP (0.6, the GT is taken), FP; recall 1/2 at precision 1 on 51 thresholds → 51/101.
        Assert.Equal(51.0 / 101, dog.ApPerIou[0], 12);
        // t ≥ .70: 0.95 misses (IoU .68), 0.6 matches: FP TP FP; precision 1/2 on 51 thresholds → 25.5/101.
        Assert.Equal(25.5 / 101, dog.ApPerIou[4], 12);
        Assert.Equal((4 * 51 + 6 * 25.5) / 1010, dog.Ap, 12);
        // One of the two dogs is found at every threshold.
        Assert.Equal(0.5, dog.Ar100, 12);
    }

    [Fact]
    public void SummaryMatchesTheReadme()
    {
        var stats = Tiny().Stats;
        Assert.Equal(0.410891, stats.Ap, 6);
        // AP50 = (1 + 51/101) / 2.
        Assert.Equal((1 + 51.0 / 101) / 2, stats.Ap50, 12);
        // The only large GT (cat, 100×100) is found first with precision 1/(1 + eps).
        Assert.Equal(0.9999999999999998, stats.ApLarge);
    }

    [Fact]
    public void VertexSweepCountsMatchesAtTheIouThreshold()
    {
        var evaluation = Tiny();
        var rows = evaluation.Sweep(0.5, new[] { 0.05, 0.8, 0.9, 0.96 });
        // Score ≥ 0.05: all 7; TPs at IoU .5 are cat 0.9, 0.85, 0.8 and dog 0.95 → 4 TP, 3 FP, 5 − 4 = 1 FN.
        Assert.Equal((4L, 3L, 1L), (rows[0].TruePositives, rows[0].FalsePositives, rows[0].FalseNegatives));
        // Score ≥ 0.8: 0.95, 0.9, 0.85, 0.8, all TP → precision 1, recall 4/5.
        Assert.Equal((1.0, 0.8), (rows[1].Precision, rows[1].Recall));
        // Score ≥ 0.9: 0.95 and 0.9.
        Assert.Equal(2L, rows[2].TruePositives);
        // Score ≥ 0.96: nothing predicted → precision 1 (Vertex convention), recall 0.
        Assert.Equal((1.0, 0.0, 0L), (rows[3].Precision, rows[3].Recall, rows[3].TruePositives));
        // At IoU .75 the 0.6 dog (IoU 1) is the TP and 0.95 (IoU .68) is not; cat keeps only 0.9.
        var strict = evaluation.Sweep(0.75, new[] { 0.05 })[0];
        Assert.Equal((2L, 5L, 3L), (strict.TruePositives, strict.FalsePositives, strict.FalseNegatives));
        Assert.Equal(23, DetectionEvaluation.VertexConfidenceThresholds.Count);
        Assert.Equal(10, evaluation.BoundingBoxMetrics.Count);
        Assert.Equal(evaluation.Stats.Ap50, evaluation.BoundingBoxMetrics[0].MeanAveragePrecision, 15);
    }

    [Fact]
    public void BestF1IsAtTheLowestScoreWithoutFalsePositives()
    {
        var evaluation = Tiny();
        // Overall at IoU .5: scores ≥ 0.8 give 4 TP, 0 FP, 1 FN → F1 = 8/9; adding 0.7 (FP) or lower only lowers it.
        var best = evaluation.BestF1Counts;
        Assert.Equal(0.8, best.Threshold);
        Assert.Equal((1.0, 0.8), (best.Precision, best.Recall));
        // dog: 0.95 is the only TP; threshold 0.95 gives precision 1, recall 1/2.
        var dog = evaluation.Labels[1];
        Assert.Equal((0.95, 1.0, 0.5), (dog.BestF1Threshold, dog.PrecisionAtBestF1, dog.RecallAtBestF1));
    }

    [Fact]
    public void ErrorAnalysisNamesEachFalseAndMissedDetection()
    {
        var errors = DetectionErrorAnalysis.Analyze(Tiny(), 0.5, 0.1);
        // False detections by descending score: cat 0.7 lies far from every GT (background), dog 0.6 repeats the GT
        // that dog 0.95 took (duplicate, IoU 1), dog 0.3 on image 2 touches nothing (background);
        // then the image-2 dog that nothing matched (missed).
        Assert.Equal(
            new[] { DetectionErrorKind.Background, DetectionErrorKind.Duplicate, DetectionErrorKind.Background, DetectionErrorKind.Missed },
            errors.Select(e => e.Kind).ToArray());
        Assert.Equal((0.6, 1.0, 3L), (errors[1].Score, errors[1].BestIou, errors[1].GroundTruthId!.Value));
        Assert.Null(errors[0].GroundTruthId);
        Assert.Equal((2L, 5L), (errors[3].ImageId, errors[3].GroundTruthId!.Value));
        Assert.True(double.IsNaN(errors[3].Score));
        // At IoU .75 the 0.85 cat (IoU .5) becomes a localisation error, the 0.8 cat (IoU .68) too,
        // and the 0.95 dog (IoU .68) too; the 0.6 dog is now the match.
        var strict = DetectionErrorAnalysis.Analyze(Tiny(), 0.75, 0.1);
        Assert.Equal(3, strict.Count(e => e.Kind == DetectionErrorKind.Localisation));
        Assert.Equal(0, strict.Count(e => e.Kind == DetectionErrorKind.Duplicate));
    }
}

/// <summary>The detection confusion matrix on tiny_bbox and on a wrong-label scene.</summary>
public class DetectionConfusionTests
{
    [Fact]
    public void TinyBboxMatrixAtIouHalfAndConfidenceHalf()
    {
        var matrix = DetectionConfusion.Compute(CocoParityTests.Evaluate("tiny_bbox", out _), 0.5, 0.5);
        Assert.Equal(new[] { "cat", "dog", "background" }, matrix.Labels);
        // Image 1: dog .95 takes the dog (IoU .68), cat .9 and .8 take the two cats, cat .7 finds nothing (background row),
        // dog .6 finds the dog taken (background row). Image 2: cat .85 takes the cat at IoU exactly .5; the dog is
        // left (background column); dog .3 is below the confidence threshold.
        Assert.Equal(new[] { new long[] { 3, 0, 0 }, new long[] { 0, 1, 1 }, new long[] { 1, 1, 0 } }, matrix.ToRows());
    }

    [Fact]
    public void TinyBboxCellImagesNameTheImagesOfEachCell()
    {
        var (matrix, cells) = DetectionConfusion.ComputeWithImages(CocoParityTests.Evaluate("tiny_bbox", out _), 0.5, 0.5, maxImagesPerCell: 1);
        Assert.Equal(new[] { new long[] { 3, 0, 0 }, new long[] { 0, 1, 1 }, new long[] { 1, 1, 0 } }, matrix.ToRows());
        // From the matrix above: cat→cat holds image 1's two cats and image 2's cat (2 images, the first kept: 1);
        // dog→dog image 1's dog; dog→background image 2's dog; background→cat image 1's cat .7; background→dog image 1's dog .6.
        Assert.Equal(2, cells[0, 0].ImageCount);
        Assert.Equal(new long[] { 1 }, cells[0, 0].ImageIds);
        foreach (var (i, j, image) in new[] { (1, 1, 1L), (1, 2, 2L), (2, 0, 1L), (2, 1, 1L) })
        {
            Assert.Equal(1, cells[i, j].ImageCount);
            Assert.Equal(new[] { image }, cells[i, j].ImageIds);
        }
        foreach (var (i, j) in new[] { (0, 1), (0, 2), (1, 0), (2, 2) })
        {
            Assert.Equal(0, cells[i, j].ImageCount);
            Assert.Empty(cells[i, j].ImageIds);
        }
    }

    [Fact]
    public void ADetectionOnAnotherLabelsObjectIsOffTheDiagonal()
    {
        var gt = CocoReader.ReadGroundTruth(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""
            {"images": [{"id": 1, "width": 640, "height": 480}], "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
             "annotations": [{"id": 7, "image_id": 1, "category_id": 1, "bbox": [0, 0, 100, 100], "area": 10000, "iscrowd": 0}]}
            """)), "gt", IouType.BoundingBox);
        var dt = CocoReader.ReadDetections(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""
            [{"image_id": 1, "category_id": 2, "bbox": [0, 0, 100, 100], "score": 0.9}]
            """)), "dt", gt, IouType.BoundingBox);
        var matrix = DetectionConfusion.Compute(DetectionEvaluator.Evaluate(gt, dt));
        // The dog box sits on the cat: true cat, predicted dog; nothing else.
        Assert.Equal(new[] { new long[] { 0, 1, 0 }, new long[] { 0, 0, 0 }, new long[] { 0, 0, 0 } }, matrix.ToRows());
    }
}
