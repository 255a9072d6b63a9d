using AutoMLEval.PowerShell;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Tasks;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// The mapping behind Get-ModelEvaluation -Task Video (engine result → AutoMLEval.VideoEvaluation), run without
/// PowerShell on the reference video data. Expected values: scikit-learn 1.2.1, Fixtures/video/expected.json.
/// </summary>
public sealed class VideoEvaluationMappingTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "video");

    [Theory]
    [InlineData("Segment", "predictions.segment.jsonl", "segmentClassification")]
    [InlineData("OneSecond", "predictions.one-sec.jsonl", "oneSecIntervalClassification")]
    public void HeadlinePropertiesAndLabelSlicesCarryTheReferenceValues(string unit, string predictions, string section)
    {
        var evaluation = Evaluate(unit, predictions, 0.5);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected.json")));
        var expected = document.RootElement.GetProperty(section);
        Assert.Equal("Video", evaluation.Task);
        Assert.Equal(unit, evaluation.Unit);
        Assert.Equal("test", evaluation.MlUse);
        Assert.Equal(expected.GetProperty("items").GetInt32(), evaluation.Items);
        Assert.Equal(expected.GetProperty("microAuPrc").GetDouble(), evaluation.AuPrc!.Value, 9);
        Assert.Equal(expected.GetProperty("microPrecisionAt0.5").GetDouble(), evaluation.Precision, 9);
        Assert.Equal(expected.GetProperty("microRecallAt0.5").GetDouble(), evaluation.Recall, 9);
        Assert.Equal(expected.GetProperty("microF1At0.5").GetDouble(), evaluation.F1Score, 9);
        foreach (var label in expected.GetProperty("perLabelAuPrc").EnumerateObject())
        {
            Assert.Equal(label.Value.GetDouble(), evaluation.Labels.Single(l => l.Label == label.Name).AuPrc!.Value, 9);
        }
        Assert.Equal(7, evaluation.LabelCount);
        Assert.Equal(string.Join(";", evaluation.Labels.Select(l => l.Label)), evaluation.LabelNames);
    }

    [Fact]
    public void TemporalIoUIsTheEnginesPooledAndPerLabelValue()
    {
        var evaluation = Evaluate("OneSecond", "predictions.one-sec.jsonl", 0.5);
        Assert.Equal(evaluation.Evaluation.MicroTemporalIoU.IoU, evaluation.TemporalIoU);
        Assert.InRange(evaluation.TemporalIoU!.Value, 0.0, 1.0);
        for (int j = 0; j < evaluation.Labels.Count; j++)
        {
            var engine = evaluation.Evaluation.TemporalIoU[j];
            Assert.Equal(engine.Label, evaluation.Labels[j].Label);
            Assert.Equal(engine.IoU, evaluation.Labels[j].TemporalIoU);
            Assert.Equal(engine.TrueSpans, evaluation.Labels[j].TrueSpans);
        }
        // Pooled IoU is Σ intersections / Σ unions, so it lies between the smallest and largest label IoU.
        Assert.InRange(evaluation.TemporalIoU!.Value, evaluation.Labels.Min(l => l.TemporalIoU!.Value), evaluation.Labels.Max(l => l.TemporalIoU!.Value));
    }

    [Fact]
    public void VideoCountsDescribeTheInputs()
    {
        var evaluation = Evaluate("Segment", "predictions.segment.jsonl", 0.5);
        // The reference data: 60 test videos, all predicted, one line per segment asked about.
        Assert.Equal(60, evaluation.Videos);
        Assert.Equal(60, evaluation.PredictedVideos);
        Assert.Equal(0, evaluation.VideosWithoutPredictions);
        Assert.Equal(0, evaluation.SkippedRecords);
        Assert.Equal(evaluation.Items, evaluation.Instances);
    }

    [Fact]
    public void ThresholdReachesPrecisionRecallAndTheLabelSlices()
    {
        var strict = Evaluate("Segment", "predictions.segment.jsonl", 0.9);
        var loose = Evaluate("Segment", "predictions.segment.jsonl", 0.1);
        Assert.Equal(0.9, strict.Threshold);
        Assert.All(strict.Labels, l => Assert.Equal(0.9, l.Threshold));
        // A higher threshold predicts fewer labels: recall cannot rise, and ranking metrics do not depend on it.
        Assert.True(strict.Recall <= loose.Recall);
        Assert.Equal(loose.AuPrc, strict.AuPrc);
    }

    [Theory]
    [InlineData("segment", 0)]
    [InlineData("OneSecond", 1)]
    [InlineData("SHOT", 2)]
    public void UnitNamesBindCaseInsensitively(string name, int engineUnit) =>
        Assert.Equal(engineUnit, (int)VideoEvaluationTask.ParseUnit(name));

    [Fact]
    public void TinyVideoGivesTheHandWorkedFigures()
    {
        // The data set of tests/pester/Common.ps1 New-TinyVideoDataset (the Pester tests assert the same numbers):
        // annotations walk [0, 4), talk [4, 8); segment [0, 4): walk 0.9, talk 0.6; segment [4, 8): walk 0.2, talk 0.3.
        var folder = Directory.CreateTempSubdirectory("automleval-video-");
        try
        {
            var groundTruth = Path.Combine(folder.FullName, "videos.jsonl");
            var predictions = Path.Combine(folder.FullName, "video_predictions.jsonl");
            File.WriteAllLines(groundTruth, new[] { TinyGroundTruth });
            File.WriteAllLines(predictions, TinyPredictions);
            var request = new EvaluationRequest(groundTruth, predictions, "test", 0.5, null, false, 0);
            var evaluation = (VideoEvaluation)EvaluationTasks.Find(EvaluationTasks.Video).Evaluate(request, new EngineCalls(new IssueLog(), null, default));
            Assert.Equal("Segment", evaluation.Unit);
            Assert.Equal(2, evaluation.Items);
            Assert.Equal(1, evaluation.Videos);
            // At 0.5: walk on [0, 4) is a TP, talk on [0, 4) a FP, talk on [4, 8) a FN: precision = recall = F1 = 1/2.
            Assert.Equal(0.5, evaluation.Precision, 12);
            Assert.Equal(0.5, evaluation.Recall, 12);
            Assert.Equal(0.5, evaluation.F1Score, 12);
            // Pairs by score: 0.9 T, 0.6 F, 0.3 T, 0.2 F: AP = 1/2 · 1 + 1/2 · 2/3 = 5/6.
            Assert.Equal(5.0 / 6.0, evaluation.AuPrc!.Value, 12);
            // walk: predicted [0, 4) = true [0, 4): 4 s / 4 s; talk: predicted [0, 4), true [4, 8): 0 s / 8 s; pooled 4 / 12.
            Assert.Equal(1.0, evaluation.Labels.Single(l => l.Label == "walk").TemporalIoU!.Value, 12);
            Assert.Equal(0.0, evaluation.Labels.Single(l => l.Label == "talk").TemporalIoU!.Value, 12);
            Assert.Equal(1.0 / 3.0, evaluation.TemporalIoU!.Value, 12);
            Assert.Equal("talk;walk", evaluation.LabelNames);
            // The multi-label figures of the CLI's JSON. ROC AUC: walk 1 (0.9 over 0.2), talk 0 (0.3 under 0.6).
            Assert.Equal(0.5, evaluation.MacroAuRoc!.Value, 12);
            // At 0.5 talk is wrong on both segments (predicted on [0, 4), missed on [4, 8)), walk right on both: 2 of 4
            // pairs wrong, and neither segment's label set exact.
            Assert.Equal(0.5, evaluation.HammingLoss, 12);
            Assert.Equal(0.0, evaluation.SubsetAccuracy, 12);
            // Each segment's true label is its top-scored one: ranking AP 1, coverage 1.
            Assert.Equal(1.0, evaluation.LabelRankingAveragePrecision, 12);
            Assert.Equal(1.0, evaluation.CoverageError, 12);
            // talk at 0.25 is predicted on both segments: TP [4, 8), FP [0, 4); predicted [0, 8) over true [4, 8): IoU 1/2.
            var talk = AutoMLEval.Engine.Video.VideoEvaluator.Sweep(evaluation.Evaluation, new[] { 0.25 }, 0).Single();
            Assert.Equal((1L, 1L), (talk.Counts.TruePositives, talk.Counts.FalsePositives));
            Assert.Equal(0.5, talk.TemporalIoU.IoU, 12);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private const string TinyGroundTruth = """{"videoGcsUri":"v.mp4","timeSegmentAnnotations":[{"displayName":"walk","startTime":"0s","endTime":"4s"},{"displayName":"talk","startTime":"4s","endTime":"8s"}],"dataItemResourceLabels":{"aiplatform.googleapis.com/ml_use":"test"}}""";

    private static readonly string[] TinyPredictions =
    {
        """{"instance":{"content":"v.mp4","timeSegmentStart":"0s","timeSegmentEnd":"4s"},"prediction":[{"displayName":"walk","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.9},{"displayName":"talk","type":"segment-classification","timeSegmentStart":"0s","timeSegmentEnd":"4s","confidence":0.6}]}""",
        """{"instance":{"content":"v.mp4","timeSegmentStart":"4s","timeSegmentEnd":"8s"},"prediction":[{"displayName":"walk","type":"segment-classification","timeSegmentStart":"4s","timeSegmentEnd":"8s","confidence":0.2},{"displayName":"talk","type":"segment-classification","timeSegmentStart":"4s","timeSegmentEnd":"8s","confidence":0.3}]}""",
    };

    private static VideoEvaluation Evaluate(string unit, string predictions, double threshold)
    {
        var request = new EvaluationRequest(Path.Combine(FixtureDirectory, "ground_truth.jsonl"), Path.Combine(FixtureDirectory, predictions), "test", threshold, null, false, 0, unit);
        return (VideoEvaluation)EvaluationTasks.Find("video").Evaluate(request, new EngineCalls(new IssueLog(), null, default));
    }
}
