using Xunit;
using AutoMLEval.Cli;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Reports;

namespace AutoMLEval.Tests.Reports;

/// <summary>The runs the report tests work on: the bundled demo, and a tiny one whose labels and paths are hostile markup.</summary>
internal static class ReportRuns
{
    public const string ImageLabel = "<img src=x onerror=alert(1)>";
    public const string ScriptLabel = "</script><script>alert(2)</script>";
    public const string QuoteLabel = "\"><svg onload=alert(3)>&amp;\u2028";
    public const string HostilePath = "images/<b>bold</b>\"'.png";

    private static readonly Lazy<ClassificationRun> DemoRun = new(() => ClassificationRun.Start(
        Path.Combine(CliContext.DemoDirectory, "dataset.csv"),
        Path.Combine(CliContext.DemoDirectory, "predictions.test.jsonl"),
        new ClassificationInputOptions(),
        new ClassificationOptions(),
        new IssueLog()));

    public static ClassificationRun Demo => DemoRun.Value;

    /// <summary>
    /// Six items, three hostile labels (or the three <paramref name="labels"/> given); every item's true label is row % 3
    /// (multi-label: and label 2 for rows 0 and 1). Item paths are relative to <paramref name="directory"/> (default: the temporary folder).
    /// </summary>
    public static ClassificationRun Hostile(bool multiLabel = false, string? directory = null, string[]? labels = null)
    {
        labels ??= new[] { ImageLabel, ScriptLabel, QuoteLabel };
        var ids = new[] { HostilePath, "a.png", "b.png", "c.png", "d.png", "e.png" };
        var scores = new[]
        {
            0.7, 0.2, 0.1,
            0.6, 0.3, 0.1,
            0.1, 0.1, 0.8,
            0.9, 0.05, 0.05,
            0.2, 0.5, 0.3,
            0.3, 0.3, 0.4,
        };
        var truth = new bool[scores.Length];
        for (int i = 0; i < ids.Length; i++) truth[(i * 3) + (i % 3)] = true;
        if (multiLabel)
        {
            truth[2] = true;
            truth[5] = true;
        }
        var data = new ClassificationData(labels, ids, scores, truth, multiLabel);
        var items = ids.Select((id, i) => new GroundTruthItem(id, labels.Where((_, j) => truth[(i * 3) + j]).ToArray(), MlUse.Test, i + 1)).ToArray();
        var groundTruth = new GroundTruthSet(Path.Combine(directory ?? Path.GetTempPath(), "<hostile>.csv"), items, multiLabel, 0, 0);
        var inputs = new LoadedClassification(data, new InputSummary { GroundTruthItems = 6, PredictionItems = 6, Evaluated = 6 }, groundTruth, MlUse.Test);
        return new ClassificationRun(inputs, ClassificationEvaluator.Evaluate(data));
    }

    public static string Html(ClassificationRun run, ReportOptions? options = null)
    {
        using var writer = new StringWriter();
        EvaluationReport.Write(run, writer, options);
        return writer.ToString();
    }

    /// <summary>The text of the embedded data element.</summary>
    public static string DataJson(string html)
    {
        var start = html.IndexOf($"<script type=\"application/json\" id=\"{ReportPage.DataElementId}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "the data element is missing");
        start = html.IndexOf('>', start) + 1;
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return html.Substring(start, end - start);
    }
}
