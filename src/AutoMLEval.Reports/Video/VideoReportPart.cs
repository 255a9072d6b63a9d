using System.Text.Json;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Video;
using AutoMLEval.Reports.Classification;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Reports.Video;

/// <summary>
/// The video sections of a report, beside the <see cref="ClassificationReportPart"/> of the units' multi-label evaluation
/// (summary, slider, curves, per-label table; no galleries, the items are time spans). The data it embeds, all from the engine:
/// <list type="bullet">
/// <item>the unit, the video and instance counts, what the readers and the unit builder left out (<c>skipped</c>, as the CLI's
/// JSON has it), and the micro temporal IoU of <see cref="VideoEvaluator.Sweep"/> at every threshold of the classification
/// part's grid (the per-label temporal IoU of the same sweep is the label table's <see cref="TemporalIoUColumn"/>);</item>
/// <item>per video (the first <see cref="ReportOptions.TimelineVideos"/> by name): the ground-truth annotations (label,
/// start, end in seconds) and the evaluated units (start, end, and per label the last grid index at which the unit is
/// predicted, score ≥ threshold, or -1), so the page shows the prediction at the slider's threshold without comparing scores.</item>
/// </list>
/// </summary>
internal sealed class VideoReportPart : IReportPart
{
    private readonly VideoEvaluation _evaluation;
    private readonly ReportOptions _options;
    private readonly IReadOnlyList<double> _thresholds;
    private readonly IReadOnlyList<VideoSweepRow> _sweep;

    /// <summary>The part over the classification part's grid <paramref name="thresholds"/>, swept once for both parts.</summary>
    public VideoReportPart(VideoEvaluation evaluation, ReportOptions options, IReadOnlyList<double> thresholds)
    {
        _evaluation = evaluation;
        _options = options;
        _thresholds = thresholds;
        _sweep = VideoEvaluator.Sweep(evaluation, thresholds);
        var labels = evaluation.Classification.Labels.Count;
        TemporalIoUColumn = new ClassificationReportPart.LabelColumn("Temporal IoU", "temporal IoU",
            Enumerable.Range(0, labels).Select(j => (IReadOnlyList<double>)_sweep.Select(row => row.TemporalIoUPerLabel[j].IoU).ToArray()).ToArray());
    }

    /// <summary>Each label's temporal IoU at every grid threshold, for the label table (as the CLI's table and the cmdlet's Labels show it).</summary>
    internal ClassificationReportPart.LabelColumn TemporalIoUColumn { get; }

    public string Key => "video";

    public IReadOnlyList<ReportSection> Sections { get; } = new[] { new ReportSection("timelines", "Timelines") };

    public IReadOnlyList<string> Scripts { get; } = new[] { "video.js" };

    public void WriteBody(TextWriter html) => html.Write("""
<section id="timelines" data-follows-threshold="the timelines">
<h2>Timelines</h2>
<dl class="metrics" id="video-metrics"></dl>
<p class="help">Per label: ground truth (upper bar, blue) against the units predicted at the slider’s threshold (lower bar, orange, hatched).
Only labels present in the video or predicted in it are drawn. Scroll the timeline with the arrow keys once it has focus.</p>
<div class="timeline-controls"><label for="timeline-video">Video</label> <select id="timeline-video"></select>
<button type="button" id="timeline-prev">Previous video</button> <button type="button" id="timeline-next">Next video</button>
<span id="timeline-status" class="help" aria-live="polite"></span></div>
<div id="timeline" class="timeline-scroll" tabindex="0" role="region" aria-label="Timeline of the selected video"></div>
</section>
""");

    public void WriteData(Utf8JsonWriter json)
    {
        var data = _evaluation.Classification.Data;
        json.WriteStartObject();
        json.WriteString("unit", UnitName(_evaluation.Unit));
        json.WriteNumber("videos", _evaluation.UnitCounts.Videos);
        json.WriteNumber("predictedVideos", _evaluation.UnitCounts.PredictedVideos);
        json.WriteNumber("instances", _evaluation.UnitCounts.Instances);
        VideoJson.WriteSkipped(json, _evaluation);
        json.WriteStartArray("temporalIoU");
        foreach (var row in _sweep) json.WriteNumberOrNullValue(row.TemporalIoU.IoU);
        json.WriteEndArray();

        var rowsByVideo = _evaluation.Items.Select((item, row) => (item, row)).GroupBy(p => p.item.Video, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.item.Segment.Start).ToArray(), StringComparer.Ordinal);
        var annotations = _evaluation.Units.Annotations;
        var labelIndex = data.Labels.Select((l, j) => (l, j)).ToDictionary(p => p.l, p => p.j, StringComparer.Ordinal);
        var videos = annotations.Keys.Concat(rowsByVideo.Keys).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToArray();
        json.WriteNumber("videoCount", videos.Length);
        json.WriteStartArray("timelines");
        foreach (var video in videos.Take(_options.TimelineVideos))
        {
            var truth = annotations.TryGetValue(video, out var a) ? a : Array.Empty<VideoAnnotation>();
            var units = rowsByVideo.TryGetValue(video, out var r) ? r : Array.Empty<(VideoItem item, int row)>();
            var bounded = truth.Select(t => t.Segment).Concat(units.Select(u => u.item.Segment)).Where(s => s.IsBounded).ToArray();
            var end = bounded.Length == 0 ? 1.0 : bounded.Max(s => s.End.Seconds);
            json.WriteStartObject();
            json.WriteString("name", video);
            json.WriteNumber("end", end);
            json.WriteStartArray("truth");
            foreach (var annotation in truth)
            {
                json.WriteStartArray();
                json.WriteNumberValue(labelIndex[annotation.Label]);
                json.WriteNumberValue(annotation.Segment.Start.Seconds);
                json.WriteNumberValue(annotation.Segment.IsBounded ? annotation.Segment.End.Seconds : end);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("units");
            foreach (var (item, row) in units)
            {
                json.WriteStartArray();
                json.WriteNumberValue(item.Segment.Start.Seconds);
                json.WriteNumberValue(item.Segment.End.Seconds);
                var scores = data.ScoresOf(row);
                json.WriteStartArray();
                for (int j = 0; j < scores.Length; j++) json.WriteNumberValue(LastPredicted(scores[j]));
                json.WriteEndArray();
                json.WriteStartArray();
                for (int j = 0; j < scores.Length; j++) json.WriteNumberValue(Math.Round(scores[j], 3));
                json.WriteEndArray();
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The unit in words, for the page.</summary>
    internal static string UnitName(VideoUnit unit) => unit switch
    {
        VideoUnit.Segment => "segment",
        VideoUnit.OneSecond => "one-second interval",
        _ => "shot",
    };

    /// <summary>The last grid index whose threshold the score reaches (the engine predicts a label when score ≥ threshold), or -1.</summary>
    private int LastPredicted(double score)
    {
        int last = -1;
        for (int k = 0; k < _thresholds.Count && score >= _thresholds[k]; k++) last = k;
        return last;
    }
}
