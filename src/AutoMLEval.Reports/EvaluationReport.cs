using System.Text;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Reports.Classification;
using AutoMLEval.Reports.Detection;
using AutoMLEval.Reports.Video;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Reports;

/// <summary>
/// Writes an evaluation as one self-contained HTML file: summary, a threshold slider that moves every figure, curves,
/// per-label table, confusion matrix and TP/FP/FN galleries. Every figure is the engine's own (precomputed on the
/// slider's grid and embedded); the page only looks values up. The file references nothing outside itself.
/// </summary>
public static class EvaluationReport
{
    /// <summary>Writes the report of a classification run to <paramref name="output"/> (UTF-8, left open).</summary>
    public static void Write(ClassificationRun run, Stream output, ReportOptions? options = null) =>
        WriteUtf8(output, writer => Write(run, writer, options));

    /// <summary>Writes the report of a classification run to <paramref name="output"/>.</summary>
    public static void Write(ClassificationRun run, TextWriter output, ReportOptions? options = null)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        WritePage(output, options, settings =>
        {
            var source = Path.GetFileName(run.Inputs.GroundTruth.Source.TrimEnd('/', '\\'));
            var slice = settings.Slice is null ? string.Empty : $" · slice '{settings.Slice}'";
            var subtitle = $"{(run.Evaluation.IsMultiLabel ? "Multi-label" : "Single-label")} classification · split '{run.Inputs.MlUse}'{slice} · "
                + $"{Count(run.Evaluation.ItemCount)} items · {run.Evaluation.Labels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} labels";
            var title = settings.Title ?? $"Classification evaluation: {source}" + (settings.Slice is null ? string.Empty : $", {settings.Slice}");
            return (title, subtitle, new IReportPart[] { new ClassificationReportPart(run, settings) });
        });
    }

    /// <summary>Writes the report of a video evaluation to <paramref name="output"/> (UTF-8, left open).</summary>
    public static void Write(VideoEvaluation evaluation, Stream output, ReportOptions? options = null) =>
        WriteUtf8(output, writer => Write(evaluation, writer, options));

    /// <summary>
    /// Writes the report of a video evaluation: the classification sections of its units (summary, slider, curves,
    /// per-label table) and per-video timelines of truth against prediction that follow the slider.
    /// </summary>
    public static void Write(VideoEvaluation evaluation, TextWriter output, ReportOptions? options = null)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        WritePage(output, options, settings =>
        {
            var classification = evaluation.Classification;
            // One grid for both parts: the video part sweeps it for the units' label table as well as its own timelines.
            var grid = ClassificationReportPart.Grid(settings.ThresholdSteps, classification.Options.Threshold);
            var video = new VideoReportPart(evaluation, settings, grid);
            var units = new ClassificationReportPart(classification, settings, null, json => ClassificationJson.Write(json, classification), null, grid)
            {
                LabelColumns = new[] { video.TemporalIoUColumn },
            };
            var subtitle = $"Video classification by {VideoReportPart.UnitName(evaluation.Unit)} · {Count(evaluation.UnitCounts.Videos)} videos · "
                + $"{Count(classification.ItemCount)} units · {Count(classification.Labels.Count)} labels";
            return (settings.Title ?? "Video classification evaluation", subtitle, new IReportPart[] { units, video });
        });
    }

    /// <summary>Writes the report of a detection or segmentation evaluation to <paramref name="output"/> (UTF-8, left open).</summary>
    /// <param name="evaluation">The COCO evaluation.</param>
    /// <param name="output">Where the page goes.</param>
    /// <param name="options">The report's settings; null for the defaults.</param>
    /// <param name="imagesDirectory">The folder the images' <c>file_name</c>s are relative to; null to show file names, not images.</param>
    public static void Write(DetectionEvaluation evaluation, Stream output, ReportOptions? options = null, string? imagesDirectory = null) =>
        WriteUtf8(output, writer => Write(evaluation, writer, options, imagesDirectory));

    /// <summary>
    /// Writes the report of a detection or segmentation evaluation: the COCO statistics, a confidence slider with the
    /// precision, recall and F1 at a chosen IoU, precision–recall curves per IoU, the per-label table and the false and
    /// missed detections (TIDE kinds), drawn over their images when <paramref name="imagesDirectory"/> holds them.
    /// </summary>
    /// <param name="evaluation">The COCO evaluation.</param>
    /// <param name="output">Where the page goes.</param>
    /// <param name="options">The report's settings; null for the defaults.</param>
    /// <param name="imagesDirectory">The folder the images' <c>file_name</c>s are relative to; null to show file names, not images.</param>
    public static void Write(DetectionEvaluation evaluation, TextWriter output, ReportOptions? options = null, string? imagesDirectory = null)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        WritePage(output, options, settings =>
        {
            var kind = evaluation.Params.IouType == IouType.Segmentation ? "Segmentation" : "Object detection";
            var source = Path.GetFileName(evaluation.GroundTruth.Source.TrimEnd('/', '\\'));
            var subtitle = $"{kind} (COCO) · {Count(evaluation.Counts.Images)} images · {Count(evaluation.Counts.GroundTruthObjects)} objects · "
                + $"{Count(evaluation.Counts.Detections)} detections · {Count(evaluation.Categories.Count)} labels";
            return (settings.Title ?? $"{kind} evaluation: {source}", subtitle, new IReportPart[] { new DetectionReportPart(evaluation, settings, imagesDirectory) });
        });
    }

    /// <summary>Validates the options (defaults when null), builds the page's title, subtitle and parts with them, and writes it.</summary>
    private static void WritePage(TextWriter output, ReportOptions? options, Func<ReportOptions, (string Title, string Subtitle, IReportPart[] Parts)> build)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        options ??= new ReportOptions();
        options.Validate();
        var (title, subtitle, parts) = build(options);
        ReportPage.Write(output, title, subtitle, parts);
        output.Flush();
    }

    private static string Count(long count) => count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="write"/> on a UTF-8 writer (no byte-order mark) over <paramref name="output"/>, left open.</summary>
    private static void WriteUtf8(Stream output, Action<TextWriter> write)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        write(writer);
    }
}
