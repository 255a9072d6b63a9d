using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

public class VideoUnitBuilderTests
{
    private const string SegmentType = "segment-classification";
    private const string OneSecondType = "one-sec-interval-classification";

    private static VideoSegment S(double start, double end) => new(VideoTime.FromSeconds(start), VideoTime.FromSeconds(end));

    private static VideoLabelScore Score(string label, VideoSegment segment, double confidence, string type = SegmentType, int index = 0) =>
        new(label, type, segment, confidence, index);

    // Video v: cooking on [0, 4), dancing on [3, 10); the labels are cooking, dancing, running.
    private static VideoGroundTruth Truth()
    {
        var annotations = new Dictionary<string, IReadOnlyList<VideoAnnotation>>(StringComparer.Ordinal)
        {
            ["v"] = new[] { new VideoAnnotation("cooking", S(0, 4), 1), new VideoAnnotation("dancing", S(3, 10), 1) },
            ["silent"] = Array.Empty<VideoAnnotation>(),
        };
        return new VideoGroundTruth("gt.jsonl", "test", annotations, new[] { "cooking", "dancing", "running" }, new VideoGroundTruthCounts(2, 0, 0, 0, 2, 0));
    }

    [Fact]
    public void SegmentItemsTakeTheAnnotationsCoveringAtLeastHalf()
    {
        var predictions = new[]
        {
            // [0, 4): cooking covers 4 of 4 s (true); dancing 1 of 4 (false). running is not scored: 0, counted.
            new VideoPredictionInstance("v", S(0, 4), 1, new[] { Score("cooking", S(0, 4), 0.9), Score("dancing", S(0, 4), 0.6) }),
            // [2, 6): cooking covers 2 of 4 s, exactly half (true); dancing 3 of 4 (true).
            new VideoPredictionInstance("v", S(2, 6), 2, new[] { Score("cooking", S(2, 6), 0.4), Score("dancing", S(2, 6), 0.8), Score("running", S(2, 6), 0.1) }),
        };
        var log = new IssueLog();

        var units = VideoUnitBuilder.Build(Truth(), predictions, VideoUnit.Segment, "p.jsonl", log);

        Assert.Equal(new[] { "v [0s, 4s)", "v [2s, 6s)" }, units.Data.ItemIds);
        Assert.Equal(new[] { true, false, false }, units.Data.TruthOf(0).ToArray());
        Assert.Equal(new[] { true, true, false }, units.Data.TruthOf(1).ToArray());
        Assert.Equal(new[] { 0.9, 0.6, 0.0 }, units.Data.ScoresOf(0).ToArray());
        Assert.Equal(1, units.Counts.MissingScores);
        // "silent" has no prediction: reported against the ground truth, counted.
        Assert.Equal((2L, 1L, 1L), (units.Counts.Videos, units.Counts.PredictedVideos, units.Counts.VideosWithoutPredictions));
        Assert.Equal(new[] { (VideoIssueCodes.VideoWithoutPredictions, "gt.jsonl"), (VideoIssueCodes.MissingScores, "p.jsonl") }, log.Issues.Select(i => (i.Code, i.Source)).ToArray());
        Assert.Equal(1, log.Issues[1].Line);
    }

    [Fact]
    public void Predictions_of_another_unit_only_name_the_unit_that_reads_them()
    {
        var oneSecond = new VideoPredictionInstance("v", S(0, 2), 1, new[] { Score("cooking", S(0, 1), 0.9, OneSecondType), Score("cooking", S(1, 2), 0.8, OneSecondType, 1) });

        var error = Assert.Throws<InputFormatException>(() => VideoUnitBuilder.Build(Truth(), new[] { oneSecond }, VideoUnit.Segment, "p.jsonl", new IssueLog()));

        Assert.Equal(VideoIssueCodes.NoItems, error.Issue.Code);
        Assert.EndsWith(
            "(1 instance read, 0 for unknown videos, 0 for videos of other splits, 2 entries of other types). The predictions are 'one-sec-interval-classification': evaluate them at the unit 'one-second' (--unit one-second; -Unit OneSecond).",
            error.Issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_ground_truths_video_without_predictions_is_named_by_its_column()
    {
        var truth = Truth();
        var csv = new VideoGroundTruth("gt.csv", truth.Split, truth.Videos, truth.Labels, truth.Counts, VideoGroundTruthReader.CsvVideoField);
        var log = new IssueLog();

        VideoUnitBuilder.Build(csv, new[] { new VideoPredictionInstance("v", S(0, 4), 1, new[] { Score("cooking", S(0, 4), 0.9) }) }, VideoUnit.Segment, "p.jsonl", log);

        Assert.Equal(("gt.csv", "VIDEO_URI"), log.Issues.Where(i => i.Code == VideoIssueCodes.VideoWithoutPredictions).Select(i => (i.Source, i.Field)).Single());
    }

    [Fact]
    public void An_empty_prediction_list_is_a_segment_scored_zero_and_no_one_second_item()
    {
        // [0, 4) of v asked about and nothing listed: cooking is true there, so its 0 is a miss, not an item left out.
        var empty = new VideoPredictionInstance("v", S(0, 4), 3, Array.Empty<VideoLabelScore>());
        var log = new IssueLog();

        var units = VideoUnitBuilder.Build(Truth(), new[] { empty }, VideoUnit.Segment, "p.jsonl", log);

        Assert.Equal(new[] { "v [0s, 4s)" }, units.Data.ItemIds);
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, units.Data.ScoresOf(0).ToArray());
        Assert.Equal(new[] { true, false, false }, units.Data.TruthOf(0).ToArray());
        Assert.Equal(3, units.Counts.MissingScores);
        Assert.Equal((3L, VideoIssueCodes.MissingScores), log.Issues.Where(i => i.Source == "p.jsonl").Select(i => (i.Line, i.Code)).Single());

        // A one-second line names its intervals in its entries: without any it gives no item, and says so.
        var counted = new VideoPredictionInstance("v", S(0, 4), 4, new[] { Score("cooking", S(0, 1), 0.9, OneSecondType) });
        var oneSecondLog = new IssueLog();
        var oneSecond = VideoUnitBuilder.Build(Truth(), new[] { counted, empty }, VideoUnit.OneSecond, "p.jsonl", oneSecondLog);
        Assert.Single(oneSecond.Data.ItemIds);
        var warning = Assert.Single(oneSecondLog.Issues, i => i.Code == VideoIssueCodes.EmptyPrediction);
        Assert.Equal((3L, "prediction", IssueSeverity.Warning), (warning.Line, warning.Field, warning.Severity));
    }

    [Fact]
    public void OneSecondItemsTakeTheAnnotationsHoldingTheirMidpoint()
    {
        // One line per video, one entry per (interval, label), as Vertex writes them; a segment entry is ignored (counted).
        var entries = new List<VideoLabelScore>();
        var intervals = new[] { S(2, 3), S(3, 4), S(9, 10), S(10, 10.4) };
        foreach (var interval in intervals)
        {
            foreach (var label in new[] { "cooking", "dancing", "running" }) entries.Add(Score(label, interval, 0.5, OneSecondType));
        }
        entries.Add(Score("cooking", S(0, 10.4), 0.7));
        var predictions = new[] { new VideoPredictionInstance("v", new VideoSegment(VideoTime.Zero, VideoTime.End), 1, entries) };
        var log = new IssueLog();

        var units = VideoUnitBuilder.Build(Truth(), predictions, VideoUnit.OneSecond, "p.jsonl", log);

        Assert.Equal(4, units.Data.ItemCount);
        // Midpoints 2.5 (cooking [0, 4) only), 3.5 (both), 9.5 (dancing [3, 10)), 10.2 (none: dancing ends at 10).
        Assert.Equal(new[] { true, false, false }, units.Data.TruthOf(0).ToArray());
        Assert.Equal(new[] { true, true, false }, units.Data.TruthOf(1).ToArray());
        Assert.Equal(new[] { false, true, false }, units.Data.TruthOf(2).ToArray());
        Assert.Equal(new[] { false, false, false }, units.Data.TruthOf(3).ToArray());
        Assert.Equal(1, units.Counts.OtherTypeEntries);
        Assert.Contains(log.Issues, i => i.Code == VideoIssueCodes.OtherPredictionType && i.Message.Contains("1 segment-classification", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownVideosLabelsDuplicatesAndOpenSpansAreCountedAndReportedOnce()
    {
        var predictions = new[]
        {
            new VideoPredictionInstance("elsewhere", S(0, 1), 1, new[] { Score("cooking", S(0, 1), 0.5) }),
            new VideoPredictionInstance("elsewhere", S(1, 2), 2, new[] { Score("cooking", S(1, 2), 0.5) }),
            new VideoPredictionInstance("v", S(0, 4), 3, new[]
            {
                Score("cooking", S(0, 4), 0.9, index: 0),
                Score("juggling", S(0, 4), 0.9, index: 1),
                Score("cooking", S(0, 4), 0.1, index: 2),
                Score("dancing", S(0, 4), 0.2, index: 3),
                Score("running", S(0, 4), 0.3, index: 4),
                Score("juggling", S(0, 4), 0.9, index: 5),
            }),
            new VideoPredictionInstance("v", new VideoSegment(VideoTime.Zero, VideoTime.End), 4, new[] { Score("cooking", new VideoSegment(VideoTime.Zero, VideoTime.End), 0.5) }),
        };
        var log = new IssueLog();

        var units = VideoUnitBuilder.Build(Truth(), predictions, VideoUnit.Segment, "p.jsonl", log);

        var item = Assert.Single(units.Items);
        Assert.Equal(3, item.Line);
        // The first cooking score is kept.
        Assert.Equal(new[] { 0.9, 0.2, 0.3 }, units.Data.ScoresOf(0).ToArray());
        var c = units.Counts;
        Assert.Equal((4L, 2L, 2L, 1L, 1L, 0L), (c.Instances, c.UnknownVideoInstances, c.UnknownLabelEntries, c.DuplicateEntries, c.UnboundedEntries, c.MissingScores));
        Assert.Equal(
            new[]
            {
                (VideoIssueCodes.UnknownVideo, 1L, "instance.content"),
                (VideoIssueCodes.UnknownLabel, 3L, "prediction[1].displayName"),
                (VideoIssueCodes.DuplicatePrediction, 3L, "prediction[2]"),
                (VideoIssueCodes.UnboundedSegment, 4L, "prediction[0].timeSegmentEnd"),
                (VideoIssueCodes.VideoWithoutPredictions, 0L, "videoGcsUri"),
            },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)).ToArray());
    }

    [Fact]
    public void VideosOfOtherSplitsAreLeftOutAsIntended_ApartFromUnknownVideos()
    {
        // h111's files: v1 and v2 are test videos, v4 a training one; the predictions name v1 twice, v2, v9 (in no split), v4.
        using var files = new TempFiles();
        var groundTruth = files.Write("gt.jsonl",
            VideoReaderTests.Annotated("gs://b/v1.mp4", "test", VideoReaderTests.Annotation("cooking", "\"0s\"", "\"4s\"")),
            VideoReaderTests.Annotated("gs://b/v2.mp4", "test", VideoReaderTests.Annotation("running", "\"0s\"", "\"5s\"")),
            VideoReaderTests.Annotated("gs://b/v4.mp4", "training", VideoReaderTests.Annotation("talking", "\"0s\"", "\"2s\"")));
        string Line(string video, string label) =>
            $"{{\"instance\":{{\"content\":\"{video}\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"4s\"}},\"prediction\":[{VideoReaderTests.Entry(label, SegmentType, "\"0s\"", "\"4s\"", "0.5")}]}}";
        var predictions = files.Write("p.jsonl",
            Line("gs://b/v1.mp4", "cooking"), Line("gs://b/v2.mp4", "running"), Line("gs://b/v9.mp4", "running"), Line("gs://b/v4.mp4", "talking"), Line("gs://b/v4.mp4", "cooking"));
        var log = new IssueLog();

        var result = VideoEvaluator.Evaluate(groundTruth, predictions, new VideoEvaluationOptions(), log);

        Assert.Equal((5L, 1L, 2L), (result.UnitCounts.Instances, result.UnitCounts.UnknownVideoInstances, result.UnitCounts.OtherSplitInstances));
        var unknown = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.UnknownVideo);
        Assert.Equal((3L, "The video 'gs://b/v9.mp4' is in no split of the ground truth; its predictions are skipped (further lines of this video are counted, not reported)."), (unknown.Line, unknown.Message));
        var otherSplit = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.OtherSplit);
        Assert.Equal((IssueSeverity.Warning, predictions, 4L, "instance.content"), (otherSplit.Severity, otherSplit.Source, otherSplit.Line, otherSplit.Field));
        Assert.Equal("2 prediction instances are of videos the ground truth has in other splits than 'test' (the first: 'gs://b/v4.mp4'); they are left out, as intended.", otherSplit.Message);
        var skipped = System.Text.Json.JsonDocument.Parse(PartialVideoTests.Json(result, log.CountsByCode)).RootElement.GetProperty("skipped");
        Assert.Equal((1, 2), (skipped.GetProperty("unknownVideoInstances").GetInt32(), skipped.GetProperty("otherSplitInstances").GetInt32()));
    }

    [Fact]
    public void NothingOfTheUnitsTypeIsUnusable()
    {
        var predictions = new[] { new VideoPredictionInstance("v", S(0, 4), 1, new[] { Score("cooking", S(0, 4), 0.9) }) };

        var error = Assert.Throws<InputFormatException>(() => VideoUnitBuilder.Build(Truth(), predictions, VideoUnit.Shot, "p.jsonl", new IssueLog()));

        Assert.Contains("No 'shot-classification' prediction", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 entry of other types", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MisclassificationsAreOrderedByHowConfidentlyWrongTheyAre()
    {
        var predictions = new[]
        {
            // [0, 4) is cooking only: dancing 0.6 is a false positive (wrong by 0.6).
            new VideoPredictionInstance("v", S(0, 4), 1, new[] { Score("cooking", S(0, 4), 0.9), Score("dancing", S(0, 4), 0.6), Score("running", S(0, 4), 0.1) }),
            // [2, 6) is cooking and dancing: cooking 0.3 is a false negative (wrong by 0.7), running 0.55 a false positive (0.55).
            new VideoPredictionInstance("v", S(2, 6), 2, new[] { Score("cooking", S(2, 6), 0.3), Score("dancing", S(2, 6), 0.8), Score("running", S(2, 6), 0.55) }),
        };
        var units = VideoUnitBuilder.Build(Truth(), predictions, VideoUnit.Segment, "p.jsonl", new IssueLog());
        var evaluation = VideoEvaluator.Evaluate(units, Truth().Counts, new VideoPredictionCounts(2, 0, 0), new AutoMLEval.Engine.Classification.ClassificationOptions());

        var errors = VideoMisclassification.Find(evaluation, 0.5);

        Assert.Equal(
            new[] { ("v [2s, 6s)", "cooking", false, 0.7), ("v [0s, 4s)", "dancing", true, 0.6), ("v [2s, 6s)", "running", true, 0.55) },
            errors.Select(e => (e.Item.ToString(), e.Label, e.IsFalsePositive, Math.Round(e.Confidence, 12))).ToArray());
        Assert.Equal(new[] { "cooking", "dancing" }, errors[0].TrueLabels);
    }
}
