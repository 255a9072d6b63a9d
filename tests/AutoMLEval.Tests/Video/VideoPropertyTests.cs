using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

public class VideoPropertyTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "video", name);

    [Theory]
    [InlineData(VideoUnit.Segment, "predictions.segment.jsonl")]
    [InlineData(VideoUnit.OneSecond, "predictions.one-sec.jsonl")]
    public void LineOrderDoesNotMatter(VideoUnit unit, string predictions)
    {
        using var files = new TempFiles();
        var lines = File.ReadAllLines(Fixture(predictions));
        var shuffled = lines.OrderBy(_ => Random.Shared.Next()).Reverse().ToArray();
        var shuffledPath = files.Write("shuffled.jsonl", shuffled);
        var options = new VideoEvaluationOptions { Unit = unit };

        var original = VideoEvaluator.Evaluate(Fixture("ground_truth.jsonl"), Fixture(predictions), options, new IssueLog());
        var reordered = VideoEvaluator.Evaluate(Fixture("ground_truth.jsonl"), shuffledPath, options, new IssueLog());

        Assert.Equal(original.Classification.ItemCount, reordered.Classification.ItemCount);
        Assert.Equal(original.Classification.MicroAuPrc, reordered.Classification.MicroAuPrc, 12);
        Assert.Equal(original.Classification.MicroAuRoc, reordered.Classification.MicroAuRoc, 12);
        Assert.Equal(original.Classification.PerLabel.Select(l => l.AuPrc), reordered.Classification.PerLabel.Select(l => l.AuPrc), new Close(12));
        Assert.Equal(original.TemporalIoU.Select(l => l.IoU), reordered.TemporalIoU.Select(l => l.IoU), new Close(12));
    }

    [Fact]
    public void CsvAndJsonGroundTruthAgree()
    {
        // The reference ground truth rewritten as CSV lines ML_USE,VIDEO_URI,LABEL,START,END.
        using var files = new TempFiles();
        var log = new IssueLog();
        var json = VideoGroundTruthReader.Read(Fixture("ground_truth.jsonl"), "test", log);
        var csvLines = json.Videos.SelectMany(v => v.Value.Select(a => $"test,{v.Key},{a.Label},{a.Segment.Start},{a.Segment.End}"));
        var csv = VideoGroundTruthReader.Read(files.Write("gt.csv", csvLines.ToArray()), "test", log);
        var options = new VideoEvaluationOptions { Unit = VideoUnit.OneSecond };

        var fromJson = VideoEvaluator.Evaluate(json, new VideoPredictionReader(Fixture("predictions.one-sec.jsonl"), log), options, log);
        var fromCsv = VideoEvaluator.Evaluate(csv, new VideoPredictionReader(Fixture("predictions.one-sec.jsonl"), log), options, log);

        Assert.Empty(log.Issues);
        Assert.Equal(fromJson.Classification.MicroAuPrc, fromCsv.Classification.MicroAuPrc);
        Assert.Equal(json.Counts.Annotations, csv.Counts.Annotations);
    }

    [Fact]
    public void SweepAtTheEvaluationThresholdRepeatsTheEvaluation()
    {
        var result = VideoEvaluator.Evaluate(Fixture("ground_truth.jsonl"), Fixture("predictions.one-sec.jsonl"), new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, new IssueLog());

        var rows = VideoEvaluator.Sweep(result, new[] { 0.25, 0.5 });
        var running = VideoEvaluator.Sweep(result, new[] { 0.5 }, label: 4);

        Assert.Equal(result.Classification.MicroAtThreshold, rows[1].Counts);
        Assert.Equal(result.MicroTemporalIoU, rows[1].TemporalIoU);
        // A lower threshold predicts more: recall cannot fall.
        Assert.True(rows[0].Counts.Recall >= rows[1].Counts.Recall);
        Assert.Equal("running", result.Classification.Labels[4]);
        Assert.Equal(result.Classification.PerLabel[4].AtThreshold, running[0].Counts);
        Assert.Equal(result.TemporalIoU[4], running[0].TemporalIoU);
    }

    [Fact]
    public void ShotsUseTheMidpointRule()
    {
        // The reference segments relabelled as shots: each is an annotated span, so its own annotation holds its
        // midpoint and every shot has at least one true label, while the coverage rule's truth may differ.
        using var files = new TempFiles();
        var shots = File.ReadAllLines(Fixture("predictions.segment.jsonl")).Select(l => l.Replace("\"segment-classification\"", "\"shot-classification\"", StringComparison.Ordinal)).ToArray();
        var log = new IssueLog();

        var result = VideoEvaluator.Evaluate(Fixture("ground_truth.jsonl"), files.Write("shots.jsonl", shots), new VideoEvaluationOptions { Unit = VideoUnit.Shot }, log);

        // Segments asked about may overlap, shots do not: the overlapping ones are warned of, once.
        Assert.Equal(new[] { VideoIssueCodes.OverlappingItems }, log.Issues.Select(i => i.Code).ToArray());
        Assert.Equal(117, result.Classification.ItemCount);
        var data = result.Classification.Data;
        for (int i = 0; i < data.ItemCount; i++)
        {
            var item = result.Items[i];
            var expected = result.Units.Annotations[item.Video].Where(a => a.Segment.ContainsMidpointOf(item.Segment)).Select(a => a.Label).ToHashSet();
            Assert.NotEmpty(expected);
            Assert.Equal(expected.OrderBy(l => l, StringComparer.Ordinal), data.Labels.Where((_, j) => data.IsTrue(i, j)));
        }
    }

    private sealed class Close : IEqualityComparer<double>
    {
        private readonly double _tolerance;

        public Close(int digits) => _tolerance = Math.Pow(10, -digits);

        public bool Equals(double x, double y) => (double.IsNaN(x) && double.IsNaN(y)) || Math.Abs(x - y) <= _tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
