using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

public class TemporalIoUTests
{
    private static VideoSegment S(double start, double end) => new(VideoTime.FromSeconds(start), VideoTime.FromSeconds(end));

    [Fact]
    public void MergesPredictedIntervalsAndClipsOpenAnnotationsToTheVideo()
    {
        // One 3.5 s video in four one-second items; labels a, b, c; threshold 0.5.
        var items = new[] { S(0, 1), S(1, 2), S(2, 3), S(3, 3.5) }.Select((s, i) => new VideoItem("v", s, 1)).ToArray();
        var scores = new[]
        {
            0.9, 0.1, 0.1,
            0.8, 0.1, 0.1,
            0.2, 0.1, 0.4,
            0.7, 0.1, 0.1,
        };
        var data = new ClassificationData(new[] { "a", "b", "c" }, items.Select(i => i.ToString()).ToArray(), scores, new bool[12], isMultiLabel: true);
        var annotations = new Dictionary<string, IReadOnlyList<VideoAnnotation>>(StringComparer.Ordinal)
        {
            ["v"] = new[]
            {
                new VideoAnnotation("a", new VideoSegment(VideoTime.FromSeconds(1), VideoTime.End), 1),
                new VideoAnnotation("c", S(0, 0.6), 1),
                new VideoAnnotation("c", S(0.5, 1), 1),
            },
        };

        var perLabel = TemporalIoU.PerLabel(items, data, annotations, 0.5);

        // a: predicted [0, 2) and [3, 3.5) (two spans, 2.5 s); true [1, ∞) clipped to [1, 3.5) (2.5 s).
        // Intersection [1, 2) + [3, 3.5) = 1.5 s; union 2.5 + 2.5 − 1.5 = 3.5 s; IoU 3/7.
        Assert.Equal(new TemporalIoU("a", 0.5, 1.5, 3.5, 2, 1), perLabel[0]);
        Assert.Equal(3.0 / 7.0, perLabel[0].IoU, 12);
        // b: never predicted, never true: undefined.
        Assert.Equal(0, perLabel[1].UnionSeconds);
        Assert.True(double.IsNaN(perLabel[1].IoU));
        // c: two overlapping annotations merge into [0, 1); nothing predicted: IoU 0 over a 1 s union.
        Assert.Equal(new TemporalIoU("c", 0.5, 0, 1, 0, 1), perLabel[2]);
        // Pooled: 1.5 / (3.5 + 0 + 1) = 1/3.
        var micro = TemporalIoU.Micro(perLabel);
        Assert.Equal(1.0 / 3.0, micro.IoU, 12);
        // Spans: a's two predicted; a's and c's one true each.
        Assert.Equal((2, 2), (micro.PredictedSpans, micro.TrueSpans));
    }

    [Fact]
    public void PerfectPredictionsHaveIoUOne()
    {
        // Items [0, 1) and [2, 2.5) predicted, exactly where the annotations are ([2, ∞) ends with the video at 2.5).
        var items = new[] { S(0, 1), S(1, 2), S(2, 2.5) }.Select(s => new VideoItem("v", s, 1)).ToArray();
        var data = new ClassificationData(new[] { "a" }, items.Select(i => i.ToString()).ToArray(), new[] { 1.0, 0.0, 1.0 }, new[] { true, false, true }, isMultiLabel: true);
        var annotations = new Dictionary<string, IReadOnlyList<VideoAnnotation>>(StringComparer.Ordinal)
        {
            ["v"] = new[] { new VideoAnnotation("a", S(0, 1), 1), new VideoAnnotation("a", new VideoSegment(VideoTime.FromSeconds(2), VideoTime.End), 1) },
        };

        var a = TemporalIoU.PerLabel(items, data, annotations, 0.5).Single();

        Assert.Equal(1.0, a.IoU);
        Assert.Equal((2, 2), (a.PredictedSpans, a.TrueSpans));
    }

    [Fact]
    public void ReferenceOneSecondRunHasASensibleIoUForEveryLabel()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "video");
        var result = VideoEvaluator.Evaluate(Path.Combine(fixture, "ground_truth.jsonl"), Path.Combine(fixture, "predictions.one-sec.jsonl"), new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, new IssueLog());

        Assert.Equal(7, result.TemporalIoU.Count);
        Assert.All(result.TemporalIoU, l => Assert.InRange(l.IoU, 0.0, 1.0));
        // Intersections never exceed either side, and the pooled IoU lies between the labels' extremes.
        Assert.All(result.TemporalIoU, l => Assert.True(l.IntersectionSeconds <= l.UnionSeconds));
        Assert.InRange(result.MicroTemporalIoU.IoU, result.TemporalIoU.Min(l => l.IoU), result.TemporalIoU.Max(l => l.IoU));
    }

    [Fact]
    public void AnEntryOutsideItsInstanceIsSkipped_AndOverlappingOneSecondItemsAreWarnedOfOnce()
    {
        // h111's case: running on [0, 5); the instance is [0, 3) with the entries [0, 1) 0.9, [0.5, 1.5) 0.9, [2, 3) 0.1
        // and [5, 6) 0.9, which lies after the instance's end.
        using var files = new TempFiles();
        const string OneSecond = "one-sec-interval-classification";
        var groundTruth = files.Write("gt.jsonl",
            "{\"videoGcsUri\":\"v\",\"timeSegmentAnnotations\":[{\"displayName\":\"running\",\"startTime\":\"0s\",\"endTime\":\"5s\"}]}");
        var predictions = files.Write("p.jsonl",
            "{\"instance\":{\"content\":\"v\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"3s\"},\"prediction\":["
                + VideoReaderTests.Entry("running", OneSecond, "\"0s\"", "\"1s\"", "0.9") + ","
                + VideoReaderTests.Entry("running", OneSecond, "\"0.5s\"", "\"1.5s\"", "0.9") + ","
                + VideoReaderTests.Entry("running", OneSecond, "\"2s\"", "\"3s\"", "0.1") + ","
                + VideoReaderTests.Entry("running", OneSecond, "\"5s\"", "\"6s\"", "0.9") + "]}");
        var log = new IssueLog();

        var result = VideoEvaluator.Evaluate(groundTruth, predictions, new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, log);

        Assert.Equal(new[] { "v [0s, 1s)", "v [0.5s, 1.5s)", "v [2s, 3s)" }, result.Items.Select(i => i.ToString()).ToArray());
        Assert.Equal(1, result.PredictionCounts.InvalidEntries);
        var outside = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.OutsideInstance);
        Assert.Equal((IssueSeverity.Error, predictions, 1L, "prediction[3].timeSegmentStart,timeSegmentEnd"), (outside.Severity, outside.Source, outside.Line, outside.Field));
        Assert.Equal("The span [5s, 6s) is not within its instance's span [0s, 3s); entry skipped.", outside.Message);
        var overlapping = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.OverlappingItems);
        Assert.Equal((IssueSeverity.Warning, predictions, 1L), (overlapping.Severity, overlapping.Source, overlapping.Line));
        Assert.Equal(
            "1 one-second item overlaps an earlier item of its video (the first is v [0.5s, 1.5s)); each is evaluated as an item of its own, so the time they share counts once per item.",
            overlapping.Message);
        // The video ends at 3 s, its last predicted instant: true [0, 3), predicted at 0.5 [0, 1) ∪ [0.5, 1.5) = [0, 1.5).
        // Intersection 1.5 s, union 3 s (with [5, 6) taken, it was 1.5 / 6).
        var running = Assert.Single(result.TemporalIoU);
        Assert.Equal((1.5, 3.0, 0.5), (running.IntersectionSeconds, running.UnionSeconds, running.IoU));
    }
}
