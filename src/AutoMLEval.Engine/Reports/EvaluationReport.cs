using System.Text;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Reports.Classification;
using AutoMLEval.Engine.Reports.Video;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Engine.Reports;

/// <summary>
/// Writes an evaluation as one self-contained HTML file: summary, a threshold slider that moves every figure, curves,
/// per-label table, confusion matrix and TP/FP/FN galleries. Every figure is the engine's own (precomputed on the
/// slider's grid and embedded); the page only looks values up. The file references nothing outside itself.
/// </summary>
public static class EvaluationReport
{
    /// <summary>Writes the report of a classification run to <paramref name="output"/> (UTF-8, left open).</summary>
    public static void Write(ClassificationRun run, Stream output, ReportOptions? options = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        Write(run, writer, options);
    }

    /// <summary>Writes the report of a classification run to <paramref name="output"/>.</summary>
    public static void Write(ClassificationRun run, TextWriter output, ReportOptions? options = null)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        if (output is null) throw new ArgumentNullException(nameof(output));
        options ??= new ReportOptions();
        options.Validate();
        var part = new ClassificationReportPart(run, options);
        var source = Path.GetFileName(run.Inputs.GroundTruth.Source.TrimEnd('/', '\\'));
        var title = options.Title ?? $"Classification evaluation: {source}";
        var subtitle = $"{(run.Evaluation.IsMultiLabel ? "Multi-label" : "Single-label")} classification · split '{run.Inputs.MlUse}' · "
            + $"{run.Evaluation.ItemCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} items · "
            + $"{run.Evaluation.Labels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} labels";
        ReportPage.Write(output, title, subtitle, new IReportPart[] { part });
        output.Flush();
    }

    /// <summary>Writes the report of a video evaluation to <paramref name="output"/> (UTF-8, left open).</summary>
    public static void Write(VideoEvaluation evaluation, Stream output, ReportOptions? options = null)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        Write(evaluation, writer, options);
    }

    /// <summary>
    /// Writes the report of a video evaluation: the classification sections of its units (summary, slider, curves,
    /// per-label table) and per-video timelines of truth against prediction that follow the slider.
    /// </summary>
    public static void Write(VideoEvaluation evaluation, TextWriter output, ReportOptions? options = null)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        if (output is null) throw new ArgumentNullException(nameof(output));
        options ??= new ReportOptions();
        options.Validate();
        var classification = evaluation.Classification;
        var units = new ClassificationReportPart(classification, options, null, json => ClassificationJson.Write(json, classification), null);
        var video = new VideoReportPart(evaluation, options, units.Thresholds);
        var title = options.Title ?? "Video classification evaluation";
        var subtitle = $"Video classification by {VideoReportPart.UnitName(evaluation.Unit)} · "
            + $"{evaluation.UnitCounts.Videos.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} videos · "
            + $"{classification.ItemCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} units · "
            + $"{classification.Labels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} labels";
        ReportPage.Write(output, title, subtitle, new IReportPart[] { units, video });
        output.Flush();
    }
}
