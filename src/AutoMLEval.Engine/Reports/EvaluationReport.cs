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
    public static void Write(ClassificationRun run, Stream output, ReportOptions? options = null) =>
        WriteUtf8(output, writer => Write(run, writer, options));

    /// <summary>Writes the report of a classification run to <paramref name="output"/>.</summary>
    public static void Write(ClassificationRun run, TextWriter output, ReportOptions? options = null)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        WritePage(output, options, settings =>
        {
            var source = Path.GetFileName(run.Inputs.GroundTruth.Source.TrimEnd('/', '\\'));
            var subtitle = $"{(run.Evaluation.IsMultiLabel ? "Multi-label" : "Single-label")} classification · split '{run.Inputs.MlUse}' · "
                + $"{Count(run.Evaluation.ItemCount)} items · {run.Evaluation.Labels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} labels";
            return (settings.Title ?? $"Classification evaluation: {source}", subtitle, new IReportPart[] { new ClassificationReportPart(run, settings) });
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
            var units = new ClassificationReportPart(classification, settings, null, json => ClassificationJson.Write(json, classification), null);
            var subtitle = $"Video classification by {VideoReportPart.UnitName(evaluation.Unit)} · {Count(evaluation.UnitCounts.Videos)} videos · "
                + $"{Count(classification.ItemCount)} units · {Count(classification.Labels.Count)} labels";
            return (settings.Title ?? "Video classification evaluation", subtitle, new IReportPart[] { units, new VideoReportPart(evaluation, settings, units.Thresholds) });
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
