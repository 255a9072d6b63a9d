using AutoMLEval.PowerShell;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Tasks;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// The mappings behind Get-ModelEvaluation -Task Detection, Invoke-ThresholdSweep and Get-MisclassifiedImage on a
/// detection result, run without PowerShell on Fixtures/coco/tiny_bbox (2 images; cat: 3 objects, 4 detections;
/// dog: 2 objects, 3 detections). Expected stats: pycocotools (expected.json) and the hand-worked values of the
/// reference README; the sweep and error counts are worked below.
/// </summary>
public sealed class DetectionEvaluationMappingTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "coco", "tiny_bbox");

    private readonly DetectionModelEvaluation _evaluation = Evaluate();

    [Fact]
    public void HeadlinePropertiesCarryTheHandWorkedStats()
    {
        Assert.Equal("Detection", _evaluation.Task);
        Assert.Null(_evaluation.MlUse);
        Assert.Equal(2, _evaluation.Items);
        Assert.Equal(5, _evaluation.GroundTruthObjects);
        Assert.Equal(7, _evaluation.Detections);
        // AP(cat) = (101 + 3·56 + 6·34)/1010, AP(dog) = (4·51 + 6·25.5)/1010; AP is their mean.
        Assert.Equal((0.468317 + 0.353465) / 2, _evaluation.AP!.Value, 5);
        Assert.Equal(0.410891, _evaluation.AP!.Value, 6);
        // AP50 = (1 + 51/101)/2: every cat detection is a TP at IoU .5; dog is TP, FP, FP over 2 objects.
        Assert.Equal((1 + 51.0 / 101) / 2, _evaluation.AP50!.Value, 12);
        Assert.Equal("cat;dog", _evaluation.LabelNames);
        Assert.Equal(0.468317, _evaluation.Labels[0].AP!.Value, 6);
        Assert.Equal(0.353465, _evaluation.Labels[1].AP!.Value, 6);
    }

    [Fact]
    public void ConfusionCellsNameTheIouAndConfidenceTheyWereCountedAt()
    {
        // IoU 0.5 and the best-F1 confidence, 0.8 here (docs/detection.md's table of this data), as the CLI's JSON.
        Assert.Equal(0.8, _evaluation.BestF1Threshold!.Value, 12);
        Assert.All(_evaluation.ConfusionMatrix, cell =>
        {
            Assert.Equal(ConfusionMatrixCell.IouAndConfidenceDecision, cell.Decision);
            Assert.Equal(0.5, cell.IouThreshold);
            Assert.Equal(_evaluation.BestF1Threshold, cell.ConfidenceThreshold);
        });
    }

    [Fact]
    public void BestF1ScoreIsTheCliBestF1UnderTheClassificationName()
    {
        // IoU .5, confidence 0.8: 4 TP, 0 FP, 1 FN (the dog at .6 repeats a taken object) → F1 = 2·0.8/1.8 = 8/9.
        Assert.Equal(8.0 / 9, _evaluation.BestF1Score, 12);
        Assert.Equal((1.0, 0.8), (_evaluation.PrecisionAtBestF1, _evaluation.RecallAtBestF1));
        // cat: its 3 objects are found above its false detection at 0.7 → 1; dog: precision 1, recall 1/2 at 0.95 → 2/3.
        Assert.Equal(1.0, _evaluation.Labels[0].BestF1Score!.Value, 12);
        Assert.Equal(2.0 / 3, _evaluation.Labels[1].BestF1Score!.Value, 12);
    }

    [Fact]
    public void TheTwelveStatsArePycocotoolsInStatsOrder()
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected.json")));
        var expected = document.RootElement.GetProperty("stats").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var e = _evaluation;
        var actual = new[] { e.AP, e.AP50, e.AP75, e.APSmall, e.APMedium, e.APLarge, e.AR1, e.AR10, e.AR100, e.ARSmall, e.ARMedium, e.ARLarge };
        for (int i = 0; i < expected.Length; i++)
        {
            // pycocotools' -1 (no ground truth of that size) is empty on the PowerShell object.
            if (expected[i] < 0) Assert.Null(actual[i]);
            else Assert.Equal(expected[i], actual[i]!.Value, 12);
        }
    }

    [Fact]
    public void SegmentationIsItsOwnTaskAndDetectionHasNoSplit()
    {
        Assert.True(EvaluationTasks.IsDetection(EvaluationTasks.Find("segmentation").Name));
        Assert.True(EvaluationTasks.IsDetection(EvaluationTasks.Find("DETECTION").Name));
        Assert.False(EvaluationTasks.IsDetection(EvaluationTasks.Find("video").Name));
    }

    [Fact]
    public void SweepCountsMatchesAtTheIoUThreshold()
    {
        var micro = DetectionResults.Sweep(_evaluation, 0.5, new[] { 0.5 }, null).Single();
        // Scores ≥ 0.5: cat 0.9, 0.85 (IoU exactly .5), 0.8 TPs, 0.7 FP; dog 0.95 TP, 0.6 FP (its object is taken): 4 TP, 2 FP of 5 objects.
        Assert.Equal(ThresholdRow.MicroAverage, micro.Label);
        Assert.Equal((4L, 2L, 1L), (micro.TruePositiveCount, micro.FalsePositiveCount, micro.FalseNegativeCount));
        Assert.Equal(4.0 / 6, micro.Precision, 12);
        Assert.Equal(4.0 / 5, micro.Recall, 12);
        Assert.Equal(0.5, micro.IouThreshold);
        Assert.Equal(_evaluation.PredictionPath, micro.PredictionPath);
        // At IoU .75 the cat detections 0.85 (IoU .5) and 0.8 (IoU .68) no longer match: 1 TP, 3 FP of 3 cats.
        var cat = DetectionResults.Sweep(_evaluation, 0.75, new[] { 0.5 }, DetectionResults.Category(_evaluation.Evaluation, "CAT")?.Id).Single();
        Assert.Equal(("cat", 0.75), (cat.Label, cat.IouThreshold));
        Assert.Equal((1L, 3L, 2L), (cat.TruePositiveCount, cat.FalsePositiveCount, cat.FalseNegativeCount));
        Assert.Null(DetectionResults.Category(_evaluation.Evaluation, "person"));
    }

    [Fact]
    public void ErrorsAreTheTideKindsOfTheUnmatched()
    {
        var all = DetectionResults.Errors(_evaluation.Evaluation, MisclassificationKind.FalseDetection, 0.5, null).ToArray();
        // Unmatched at IoU .5, by descending score: cat 0.7 (no overlap: background), dog 0.6 (IoU 1 with the object
        // the 0.95 detection took: duplicate), dog 0.3 (no overlap: background).
        Assert.Equal(new[] { 0.7, 0.6, 0.3 }, all.Select(e => e.Score!.Value));
        Assert.Equal(new[] { MisclassificationKind.Background, MisclassificationKind.Duplicate, MisclassificationKind.Background }, all.Select(e => e.Kind));
        var duplicate = all[1];
        Assert.Equal(("dog", 1L, "000000000001.jpg", 3L), (duplicate.Label, duplicate.ImageId, duplicate.FileName, duplicate.GroundTruthId!.Value));
        Assert.Equal(1.0, duplicate.BestIou, 12);
        Assert.Equal((300.0, 50.0, 20.0, 20.0), (duplicate.X, duplicate.Y, duplicate.Width, duplicate.Height));
        Assert.Null(all[0].GroundTruthId);

        // The dog on image 2 ([400, 300, 120, 60]) is never detected: the only dog detection there does not overlap it.
        var missed = DetectionResults.Errors(_evaluation.Evaluation, MisclassificationKind.MissedDetection, 0.5, "dog").Single();
        Assert.Equal((2L, 5L, 0.0), (missed.ImageId, missed.GroundTruthId!.Value, missed.BestIou));
        Assert.Null(missed.Score);
        Assert.Empty(DetectionResults.Errors(_evaluation.Evaluation, MisclassificationKind.MissedDetection, 0.5, "cat"));
        Assert.Single(DetectionResults.Errors(_evaluation.Evaluation, MisclassificationKind.Duplicate, 0.5, null));
    }

    [Theory]
    // The box of h139's finding 7, which ToString() printed with 17 digits; one decimal, as pixels need.
    [InlineData(new[] { 365.2342524981126, 228.67594484449282, 46.31948775011484, 38.91423636681447 }, "Localisation car in d/0311.jpg at (365.2, 228.7, 46.3, 38.9)")]
    // Whole pixels keep no decimal point.
    [InlineData(new[] { 300.0, 50.0, 20.0, 20.0 }, "Localisation car in d/0311.jpg at (300, 50, 20, 20)")]
    public void AnErrorsTextGivesItsBoxToOneDecimal(double[] box, string expected)
    {
        var error = new MisclassifiedDetection(311, "d/0311.jpg", "car", 3, MisclassificationKind.Localisation, 0.9, 0.4, box, 7, ("car", 3), 0.5);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void ErrorImpactGivesTidesCountAndDeltaApOfEachKind()
    {
        // tidecv 1.0.1 on tiny_bbox (Fixtures/tide/tiny_bbox.json): 1 duplicate, 2 background, 1 missed; fixing the miss
        // gains 24.752475247524757 AP points (TIDE prints × 100), nothing else gains anything.
        var impact = _evaluation.ErrorImpact.ToDictionary(i => i.Kind);
        Assert.Equal(6, impact.Count);
        Assert.Equal((1, 2, 1, 0), (impact[MisclassificationKind.Duplicate].Errors, impact[MisclassificationKind.Background].Errors,
            impact[MisclassificationKind.MissedDetection].Errors, impact[MisclassificationKind.Localisation].Errors));
        Assert.Equal(0.24752475247524757, impact[MisclassificationKind.MissedDetection].DeltaAP, 12);
        Assert.Equal(0.0, impact[MisclassificationKind.Background].DeltaAP);
        Assert.StartsWith("Duplicate: 1 error, dAP 0.0000;", _evaluation.ErrorImpactText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MisclassificationKind.FalsePositive, false)]
    [InlineData(MisclassificationKind.TruePositive, false)]
    [InlineData(MisclassificationKind.MissedDetection, true)]
    [InlineData(MisclassificationKind.FalseDetection, true)]
    [InlineData(MisclassificationKind.Background, true)]
    public void KindsBelongToOneFamily(MisclassificationKind kind, bool detection) =>
        Assert.Equal(detection, DetectionResults.IsDetectionKind(kind));

    [Fact]
    public void SkippedRecordsAreTheUnreadableOnes_NotTheAnnotationsOfUnlistedImages()
    {
        // Before: every left-out annotation counted, so an annotation of an image the file does not list (a warning, as
        // pycocotools leaves it out) made SkippedRecords 1, though no record was rejected.
        using var folder = new TempFolder();
        var truth = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "gt.json")))!;
        truth["annotations"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("{\"id\": 91, \"image_id\": 999, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"area\": 12, \"iscrowd\": 0}"));
        truth["annotations"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("{\"id\": 92, \"image_id\": 1, \"category_id\": 1, \"bbox\": \"oops\", \"area\": 12, \"iscrowd\": 0}"));

        var evaluation = Evaluate(folder.Write("gt.json", truth.ToJsonString()));

        Assert.Equal((2, 1), (evaluation.GroundTruthSkipped, evaluation.SkippedRecords));
    }

    private static DetectionModelEvaluation Evaluate(string? groundTruth = null)
    {
        var request = new EvaluationRequest(groundTruth ?? Path.Combine(FixtureDirectory, "gt.json"), Path.Combine(FixtureDirectory, "dt.json"), "test", 0.5, null, false, 0);
        return (DetectionModelEvaluation)EvaluationTasks.Find(EvaluationTasks.Detection).Evaluate(request, new EngineCalls(new IssueLog(), null, default));
    }
}
