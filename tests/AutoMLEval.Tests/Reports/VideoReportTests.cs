using System.Globalization;
using System.Text.Json;
using AutoMLEval.Cli;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Reports;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Reports;

// Inside AutoMLEval.Tests, the module's output type AutoMLEval.VideoEvaluation would win name lookup.
using VideoEvaluation = AutoMLEval.Engine.Video.VideoEvaluation;

/// <summary>The video report: the units' classification figures, the temporal IoU and the timelines, in data and in Chromium.</summary>
public class VideoReportTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "video");

    private static readonly Lazy<VideoEvaluation> OneSecond = new(() => VideoEvaluator.Evaluate(
        Path.Combine(FixtureDirectory, "ground_truth.jsonl"), Path.Combine(FixtureDirectory, "predictions.one-sec.jsonl"),
        new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, new IssueLog()));

    private static string Fixed(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Html(VideoEvaluation evaluation, ReportOptions? options = null)
    {
        using var writer = new StringWriter();
        EvaluationReport.Write(evaluation, writer, options);
        return writer.ToString();
    }

    [Fact]
    public void Data_HoldsTheUnitsEvaluation_NoGalleries_AndEveryVideosTimeline()
    {
        var evaluation = OneSecond.Value;
        using var document = JsonDocument.Parse(ReportRuns.DataJson(Html(evaluation)));
        var classification = document.RootElement.GetProperty("classification");
        var video = document.RootElement.GetProperty("video");
        Assert.False(classification.TryGetProperty("galleries", out _));
        Assert.Equal(evaluation.Classification.MicroAuPrc, classification.GetProperty("evaluation").GetProperty("auPrc").GetDouble());
        var thresholds = classification.GetProperty("thresholds").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        var sweep = VideoEvaluator.Sweep(evaluation, thresholds);
        Assert.Equal(sweep.Select(r => r.TemporalIoU.IoU), video.GetProperty("temporalIoU").EnumerateArray().Select(t => t.GetDouble()));
        // The label table's temporal IoU column: each label's of the same sweep, at every threshold of the grid.
        var column = Assert.Single(classification.GetProperty("labelColumns").EnumerateArray());
        Assert.Equal("Temporal IoU", column.GetProperty("title").GetString());
        var values = column.GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(evaluation.Classification.Labels.Count, values.Length);
        for (int j = 0; j < values.Length; j++)
        {
            Assert.Equal(sweep.Select(r => r.TemporalIoUPerLabel[j].IoU), values[j].EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Null ? double.NaN : t.GetDouble()));
        }
        Assert.Equal(60, video.GetProperty("videoCount").GetInt32());
        var timelines = video.GetProperty("timelines").EnumerateArray().ToArray();
        Assert.Equal(60, timelines.Length);
        // Every unit of the evaluation is on its video's timeline, and a label's last predicted index k is the last grid
        // threshold the engine's score reaches: at k the label is predicted (score ≥ t[k]), at k + 1 it is not.
        Assert.Equal(evaluation.Items.Count, timelines.Sum(t => t.GetProperty("units").GetArrayLength()));
        var data = evaluation.Classification.Data;
        var clip = timelines.First(t => t.GetProperty("name").GetString() == evaluation.Items[0].Video);
        var firstUnit = clip.GetProperty("units")[0];
        Assert.Equal(evaluation.Items[0].Segment.Start.Seconds, firstUnit[0].GetDouble());
        var scores = data.ScoresOf(0).ToArray();
        for (int j = 0; j < data.LabelCount; j++)
        {
            var last = firstUnit[2][j].GetInt32();
            if (last >= 0) Assert.True(scores[j] >= thresholds[last]);
            if (last + 1 < thresholds.Length) Assert.True(scores[j] < thresholds[last + 1]);
        }
        Assert.Equal(evaluation.Units.Annotations[evaluation.Items[0].Video].Count, clip.GetProperty("truth").GetArrayLength());
    }

    [Fact]
    public void AnOffGridRunThreshold_IsOnTheOneGridOfTheSliderAndOfTheTemporalIoUColumn()
    {
        // 4 steps and the run's 0.375: both parts on 0, 0.25, 0.375, 0.5, 0.75, 1, the slider starting at 0.375.
        var evaluation = VideoEvaluator.Evaluate(
            Path.Combine(FixtureDirectory, "ground_truth.jsonl"), Path.Combine(FixtureDirectory, "predictions.one-sec.jsonl"),
            new VideoEvaluationOptions { Unit = VideoUnit.OneSecond, Classification = new() { Threshold = 0.375 } }, new IssueLog());
        using var document = JsonDocument.Parse(ReportRuns.DataJson(Html(evaluation, new ReportOptions { ThresholdSteps = 4 })));
        var classification = document.RootElement.GetProperty("classification");
        var grid = new[] { 0.0, 0.25, 0.375, 0.5, 0.75, 1.0 };
        Assert.Equal(grid, classification.GetProperty("thresholds").EnumerateArray().Select(t => t.GetDouble()));
        Assert.Equal(2, classification.GetProperty("initial").GetInt32());
        var sweep = VideoEvaluator.Sweep(evaluation, grid);
        Assert.Equal(sweep.Select(r => r.TemporalIoU.IoU), document.RootElement.GetProperty("video").GetProperty("temporalIoU").EnumerateArray().Select(t => t.GetDouble()));
        var values = Assert.Single(classification.GetProperty("labelColumns").EnumerateArray()).GetProperty("values").EnumerateArray().ToArray();
        for (int j = 0; j < values.Length; j++)
        {
            Assert.Equal(sweep.Select(r => r.TemporalIoUPerLabel[j].IoU), values[j].EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Null ? double.NaN : t.GetDouble()));
        }
    }

    [Fact]
    public void TimelineVideos_LimitsTheTimelines_AndSaysHowManyThereAre()
    {
        using var document = JsonDocument.Parse(ReportRuns.DataJson(Html(OneSecond.Value, new ReportOptions { TimelineVideos = 5 })));
        var video = document.RootElement.GetProperty("video");
        Assert.Equal(5, video.GetProperty("timelines").GetArrayLength());
        Assert.Equal(60, video.GetProperty("videoCount").GetInt32());
        Assert.Equal("videos/clip_000.mp4", video.GetProperty("timelines")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Browser_ShowsTheEngineNumbers_AndTheTimelineFollowsTheSliderToPointEight()
    {
        var evaluation = OneSecond.Value;
        var data = evaluation.Classification.Data;
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-video-report-{Guid.NewGuid():N}.html");
        JsonElement seen;
        try
        {
            File.WriteAllText(path, Html(evaluation));
            seen = ReportBrowser.Check(path, "--threshold", "0.8", "--timeline-video", "3");
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        Assert.Empty(seen.GetProperty("requests").EnumerateArray());
        Assert.Equal(0, seen.GetProperty("foreignElements").GetInt32());

        var summary = seen.GetProperty("summary");
        Assert.Equal(evaluation.Classification.ItemCount.ToString("N0", CultureInfo.InvariantCulture), summary.GetProperty("items").GetString());
        Assert.Equal(Fixed(evaluation.Classification.MicroAuPrc), summary.GetProperty("auPrc").GetString());
        Assert.Equal("60", summary.GetProperty("videos").GetString());
        var atPointEight = VideoEvaluator.Sweep(evaluation, new[] { 0.8 })[0];
        var live = seen.GetProperty("atThreshold");
        Assert.Equal(Fixed(atPointEight.Counts.Precision), live.GetProperty("precision").GetString());
        Assert.Equal(Fixed(atPointEight.Counts.Recall), live.GetProperty("recall").GetString());
        Assert.Equal(Fixed(atPointEight.TemporalIoU.IoU), live.GetProperty("temporalIoU").GetString());
        // The label table at 0.8 shows each label's temporal IoU after F1, as the CLI's table and the cmdlet's Labels do.
        var headings = seen.GetProperty("labelTableHeadings").EnumerateArray().Select(h => h.GetString()).ToArray();
        Assert.Equal(Array.IndexOf(headings, "F1") + 1, Array.IndexOf(headings, "Temporal IoU"));
        var temporalColumn = Array.IndexOf(headings, "Temporal IoU");
        var tableRows = seen.GetProperty("labelTableRows").EnumerateArray().ToDictionary(r => r[0].GetString()!, r => r[temporalColumn].GetString());
        Assert.Equal(data.LabelCount, tableRows.Count);
        foreach (var label in atPointEight.TemporalIoUPerLabel) Assert.Equal(Fixed(label.IoU), tableRows[label.Label]);

        // The fourth video (by name) at 0.8: one bar per annotation, one per unit and label scoring at least 0.8, and a row
        // for each label that has either.
        var video = "videos/clip_003.mp4";
        var annotations = evaluation.Units.Annotations[video];
        var rows = Enumerable.Range(0, evaluation.Items.Count).Where(r => evaluation.Items[r].Video == video).ToArray();
        var predicted = rows.SelectMany(r => Enumerable.Range(0, data.LabelCount).Where(j => data.ScoresOf(r)[j] >= 0.8).Select(j => data.Labels[j])).ToArray();
        var timeline = seen.GetProperty("timeline");
        Assert.Equal(video, timeline.GetProperty("video").GetString());
        Assert.Equal(annotations.Count, timeline.GetProperty("truth").GetInt32());
        Assert.Equal(predicted.Length, timeline.GetProperty("predicted").GetInt32());
        Assert.True(predicted.Length > 0);
        var expectedRows = data.Labels.Where(l => predicted.Contains(l) || annotations.Any(a => a.Label == l));
        Assert.Equal(expectedRows, timeline.GetProperty("rows").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Browser_InputsShowWhatTheEvaluationLeftOut_AsTheCliJsonCountsIt()
    {
        // The fixture's predictions plus an instance of a video the ground truth does not have and a line that is not JSON.
        using var data = new TempFolder();
        var predictions = File.ReadAllText(Path.Combine(FixtureDirectory, "predictions.one-sec.jsonl")).TrimEnd('\n')
            + "\n{\"instance\":{\"content\":\"videos/unknown.mp4\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"Infinity\"},"
            + "\"prediction\":[{\"displayName\":\"cooking\",\"type\":\"one-sec-interval-classification\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"1s\",\"confidence\":0.5}]}\n{broken\n";
        data.Write("messy.jsonl", predictions);
        var groundTruth = Path.Combine(FixtureDirectory, "ground_truth.jsonl");
        var json = new StringWriter();
        Program.Run(new[] { "evaluate", "--task", "video", "--unit", "one-second", "--ground-truth", groundTruth, "--predictions", "messy.jsonl", "--format", "json" },
            new CliContext(json, new StringWriter(), data.Root));
        using var cli = JsonDocument.Parse(json.ToString());
        var skipped = cli.RootElement.GetProperty("skipped");
        Assert.Equal((1, 1), (skipped.GetProperty("unknownVideoInstances").GetInt32(), skipped.GetProperty("invalidPredictionLines").GetInt32()));
        // Exit code 3: done, with a record rejected (the broken line).
        Assert.Equal(3, Program.Run(new[] { "report", "--task", "video", "--unit", "one-second", "--ground-truth", groundTruth, "--predictions", "messy.jsonl", "--output", "messy.html" },
            new CliContext(new StringWriter(), new StringWriter(), data.Root)));
        var path = Path.Combine(data.Root, "messy.html");
        using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(path)));
        static (string, long)[] Counts(JsonElement counts) => counts.EnumerateObject().Select(c => (c.Name, c.Value.GetInt64())).ToArray();
        Assert.Equal(Counts(skipped), Counts(document.RootElement.GetProperty("video").GetProperty("skipped")));

        var seen = ReportBrowser.Check(path);
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        var summary = seen.GetProperty("summary");
        foreach (var count in skipped.EnumerateObject()) Assert.Equal(count.Value.GetInt64().ToString("N0", CultureInfo.InvariantCulture), summary.GetProperty(count.Name).GetString());
        Assert.Equal("60 of 60", summary.GetProperty("predictedVideos").GetString());
    }

    [Fact]
    public void Browser_ALabelLongerThanItsColumn_IsShortenedWithAnEllipsis_NotDrawnOverTheBars()
    {
        // The fixture with "driving" renamed to 300 letters without a space (clip_000 has it in its ground truth).
        var word = string.Concat(Enumerable.Repeat("Supercalifragilisticexpialidocious", 9));
        var directory = Directory.CreateTempSubdirectory("automl-eval-videoreport-").FullName;
        try
        {
            foreach (var file in new[] { "ground_truth.jsonl", "predictions.one-sec.jsonl" })
            {
                File.WriteAllText(Path.Combine(directory, file), File.ReadAllText(Path.Combine(FixtureDirectory, file)).Replace("\"driving\"", $"\"{word}\"", StringComparison.Ordinal));
            }
            var evaluation = VideoEvaluator.Evaluate(Path.Combine(directory, "ground_truth.jsonl"), Path.Combine(directory, "predictions.one-sec.jsonl"),
                new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, new IssueLog());
            var path = Path.Combine(directory, "video.html");
            File.WriteAllText(path, Html(evaluation));
            var timeline = ReportBrowser.Check(path, "--timeline-video", "0").GetProperty("timeline");
            var rows = timeline.GetProperty("rows").EnumerateArray().Select(r => r.GetString()!).ToArray();
            Assert.Contains(rows, r => r.StartsWith("Supercalifragilistic", StringComparison.Ordinal) && r.EndsWith('\u2026'));
            Assert.Equal(0, timeline.GetProperty("rowLabelsPastColumn").GetInt32());
            Assert.Contains(word, timeline.GetProperty("rowTitles").EnumerateArray().Select(t => t.GetString()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Command_WritesAVideoReport()
    {
        var directory = Directory.CreateTempSubdirectory("automl-eval-report-").FullName;
        try
        {
            var context = new CliContext(new StringWriter(), new StringWriter(), directory);
            Assert.Equal(0, Program.Run(new[]
            {
                "report", "--task", "video", "--unit", "segment", "--ground-truth", Path.Combine(FixtureDirectory, "ground_truth.jsonl"),
                "--predictions", Path.Combine(FixtureDirectory, "predictions.segment.jsonl"), "--output", "video.html",
            }, context));
            using var document = JsonDocument.Parse(ReportRuns.DataJson(File.ReadAllText(Path.Combine(directory, "video.html"))));
            Assert.Equal("segment", document.RootElement.GetProperty("video").GetProperty("unit").GetString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
