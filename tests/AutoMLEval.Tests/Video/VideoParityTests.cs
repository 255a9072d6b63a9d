using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

/// <summary>Parity with scikit-learn 1.2.1 on the reference video data (Fixtures/video/expected.json).</summary>
public class VideoParityTests
{
    private const double Tolerance = 1e-9;

    private static readonly string[] ReferenceLabels = { "cooking", "dancing", "driving", "reading", "running", "swimming", "talking" };

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "video", name);

    [Theory]
    [InlineData(VideoUnit.Segment, "predictions.segment.jsonl", "segmentClassification")]
    [InlineData(VideoUnit.OneSecond, "predictions.one-sec.jsonl", "oneSecIntervalClassification")]
    public void MatchesScikitLearn(VideoUnit unit, string predictions, string expectedKey)
    {
        using var expectedDocument = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        var expected = expectedDocument.RootElement.GetProperty(expectedKey);
        var log = new IssueLog();

        var result = VideoEvaluator.Evaluate(Fixture("ground_truth.jsonl"), Fixture(predictions), new VideoEvaluationOptions { Unit = unit }, log);

        Assert.Empty(log.Issues);
        Assert.Equal(expected.GetProperty("items").GetInt32(), result.Classification.ItemCount);
        Assert.Equal(expected.GetProperty("microAuPrc").GetDouble(), result.Classification.MicroAuPrc, Tolerance);
        var perLabel = expected.GetProperty("perLabelAuPrc").EnumerateObject().ToArray();
        Assert.Equal(7, perLabel.Length);
        foreach (var label in perLabel)
        {
            var metrics = result.Classification.PerLabel.Single(l => l.Label == label.Name);
            Assert.Equal(label.Value.GetDouble(), metrics.AuPrc, Tolerance);
        }
        var micro = result.Classification.MicroAtThreshold;
        Assert.Equal(expected.GetProperty("microPrecisionAt0.5").GetDouble(), micro.Precision, Tolerance);
        Assert.Equal(expected.GetProperty("microRecallAt0.5").GetDouble(), micro.Recall, Tolerance);
        Assert.Equal(expected.GetProperty("microF1At0.5").GetDouble(), micro.F1, Tolerance);
    }

    [Fact]
    public void CountsWhatTheReferenceHolds()
    {
        var log = new IssueLog();

        var result = VideoEvaluator.Evaluate(Fixture("ground_truth.jsonl"), Fixture("predictions.one-sec.jsonl"), new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, log);

        // 60 test videos, one prediction line per video, 7 labels scored for each of the 1,422 intervals.
        Assert.Equal(60, result.UnitCounts.Videos);
        Assert.Equal(60, result.UnitCounts.PredictedVideos);
        Assert.Equal(60, result.UnitCounts.Instances);
        Assert.Equal(60, result.PredictionCounts.Lines);
        Assert.Equal(0, result.UnitCounts.MissingScores + result.UnitCounts.UnknownLabelEntries + result.UnitCounts.UnknownVideoInstances);
        Assert.Equal(60, result.GroundTruthCounts.Records);
        Assert.Equal(ReferenceLabels, result.Classification.Labels);
    }
}
