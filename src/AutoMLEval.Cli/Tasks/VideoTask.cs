using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Video;
using System.CommandLine;
using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Cli.Tasks;

/// <summary>
/// <c>--task video</c>: video classification at segment, one-second or shot level. Options → <see cref="VideoEvaluator"/>
/// → output; every metric is the engine's.
/// </summary>
internal sealed class VideoTask : IEvaluationTask
{
    public IReadOnlyList<string> Names { get; } = new[] { "video" };

    public string Title => "video";

    public IReadOnlyList<Option> Options(string verb) => ThresholdGrid.InputOptions(Request.Options, verb).Concat(verb switch
    {
        "evaluate" => new Option[] { Vocabulary.Partial },
        "sweep" => ThresholdGrid.Options.Append(Vocabulary.Label),
        _ => new Option[] { Vocabulary.Label, Vocabulary.Kind, Vocabulary.Top },
    }).ToArray();

    public int Evaluate(string task, ParseResult parse, CliContext context)
    {
        var request = Request.Read(parse);
        var format = TabularOutput.ReadFormat(parse);
        if (parse.GetValue(Vocabulary.Partial) is { } partialPath) return WritePartial(request, context, partialPath, format);
        var log = new IssueLog(context);
        var evaluation = request.Run(context, log);
        WriteEvaluation(context.Output, format, evaluation, log.CountsByCode, context.OutputWidth);
        return 0;
    }

    /// <summary>Evaluates one shard of the predictions (whole videos) into a partial evaluation file (written under a temporary name, then moved).</summary>
    private static int WritePartial(Request request, CliContext context, string partialPath, OutputFormat format)
    {
        var (groundTruthPath, predictionPath) = (context.Resolve(request.GroundTruth), context.Resolve(request.Predictions));
        var partial = PartialVideo.Of(groundTruthPath, predictionPath, request.EvaluationOptions, context, context.Progress, context.Cancellation);
        using (var file = OutputFile.Create(context.Resolve(partialPath)))
        {
            partial.WriteTo(file.Stream);
            file.Commit();
        }
        new PartialWritten(context.Resolve(partialPath), "video", request.Split ?? MlUse.All, partial.Items, partial.UnitCounts.Videos, groundTruthPath, predictionPath, 
                $"Partial evaluation of {Counted.Of(partial.Items, "item")} of {Counted.Of(partial.UnitCounts.PredictedVideos, "video")} ({Counted.Of(partial.UnitCounts.Videos, "ground-truth video")} in all) written to {partialPath}; merge the parts with: automl-eval merge PART...")
            .WriteTo(context.Output, format);
        return 0;
    }

    /// <summary>Writes an evaluation as evaluate prints it (table, JSON or CSV); the merge verb prints the same.</summary>
    internal static void WriteEvaluation(TextWriter output, OutputFormat format, VideoEvaluation evaluation, IReadOnlyDictionary<string, int> issueCounts, int width)
    {
        var classification = evaluation.Classification;
        switch (format)
        {
            case OutputFormat.Json:
                TabularOutput.WriteJson(output, writer => VideoJson.Write(writer, evaluation, issueCounts));
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(output, PerLabelHeaders, PerLabelRows(evaluation).Append(ClassificationTask.MicroRow(evaluation.Classification, evaluation.MicroTemporalIoU.IoU)));
                break;
            default:
                var micro = classification.MicroAtThreshold;
                TabularOutput.WriteProperties(output, new (string, object?)[]
                {
                    ("Unit", VideoUnits.OptionName(evaluation.Unit)),
                    ("Items", classification.ItemCount),
                    ("Videos", $"{evaluation.UnitCounts.PredictedVideos} of {evaluation.UnitCounts.Videos} predicted"),
                    ("Instances", evaluation.UnitCounts.Instances),
                    ("AuPRC (micro)", classification.MicroAuPrc),
                    ("AuROC (micro)", classification.MicroAuRoc),
                    ("Log loss", classification.LogLoss),
                    ($"Precision @ {Invariant(micro.Threshold)}", micro.Precision),
                    ($"Recall @ {Invariant(micro.Threshold)}", micro.Recall),
                    ($"F1 @ {Invariant(micro.Threshold)}", micro.F1),
                    ($"Temporal IoU @ {Invariant(micro.Threshold)}", evaluation.MicroTemporalIoU.IoU),
                }.Concat(RejectedRows(evaluation)), width);
                output.WriteLine();
                TabularOutput.WriteTable(output, PerLabelHeaders, PerLabelRows(evaluation), null, width);
                break;
        }
    }

    /// <summary>
    /// What was rejected, as classification's table says it: records, and entries left out of records kept (a row only
    /// when there are some). Warnings are not counted here: they are listed as they come.
    /// </summary>
    private static IEnumerable<(string, object?)> RejectedRows(VideoEvaluation evaluation)
    {
        var (truth, predictions) = (evaluation.GroundTruthCounts, evaluation.PredictionCounts);
        yield return ("Records rejected", $"{truth.InvalidRecords} ground-truth, {predictions.InvalidLines} prediction (each reported as an error)");
        if (truth.InvalidAnnotations + predictions.InvalidEntries > 0)
        {
            yield return ("Entries rejected", $"{truth.InvalidAnnotations} ground-truth annotations, {predictions.InvalidEntries} prediction entries (each reported as an error)");
        }
    }

    public int Sweep(string task, ParseResult parse, CliContext context)
    {
        var request = Request.Read(parse);
        var thresholds = ThresholdGrid.Read(parse);
        var format = TabularOutput.ReadFormat(parse);
        var evaluation = request.Run(context, new IssueLog(context));
        var label = LabelOption.Read(parse, evaluation.Classification.Labels);
        var displayName = label is int index ? evaluation.Classification.Labels[index] : ClassificationTask.MicroRowName;
        var rows = VideoEvaluator.Sweep(evaluation, thresholds, label).Select(row =>
        {
            var c = row.Counts;
            return (IReadOnlyList<object?>)new object?[] { displayName, c.Threshold, c.Precision, c.Recall, c.F1, c.FalsePositiveRate, row.TemporalIoU.IoU, c.TruePositives, c.FalsePositives, c.FalseNegatives, c.TrueNegatives };
        }).ToArray();
        Write(context, format, SweepHeaders, rows, [["falsePositiveRate"], ["trueNegativeCount"]]);
        return 0;
    }

    public int Errors(string task, ParseResult parse, CliContext context)
    {
        var request = Request.Read(parse);
        var kind = parse.Choice(Vocabulary.Kind, "all", "all", "false-positive", "false-negative");
        var top = parse.GetValue(Vocabulary.Top) ?? 0;
        var format = TabularOutput.ReadFormat(parse);
        var evaluation = request.Run(context, new IssueLog(context));
        var label = LabelOption.Read(parse, evaluation.Classification.Labels) is int index ? evaluation.Classification.Labels[index] : null;
        IEnumerable<VideoMisclassification> errors = VideoMisclassification.Find(evaluation, request.Threshold)
            .Where(e => label is null || string.Equals(e.Label, label, StringComparison.Ordinal))
            .Where(e => kind == "all" || kind == ErrorKind(e));
        if (top > 0) errors = errors.Take(top);
        var rows = errors.Select(e => (IReadOnlyList<object?>)new object?[]
        {
            e.Item.Video, e.Item.Segment.Start.Seconds, e.Item.Segment.End.Seconds, e.Label, ErrorKind(e),
            e.Score, e.TrueLabels,
        }).ToArray();
        // A segment's true labels can be many: they give way first (the label, kind and score tell the error).
        Write(context, format, ErrorHeaders, rows, [["trueLabels"]]);
        return 0;
    }

    private static readonly string[] PerLabelHeaders = { "displayName", "support", "auPrc", "auRoc", "precision", "recall", "f1Score", "temporalIoU" };

    private static readonly string[] SweepHeaders = { "displayName", "confidenceThreshold", "precision", "recall", "f1Score", "falsePositiveRate", "temporalIoU", "truePositiveCount", "falsePositiveCount", "falseNegativeCount", "trueNegativeCount" };

    private static readonly string[] ErrorHeaders = { "video", "start", "end", "label", "kind", "score", "trueLabels" };

    /// <summary>An error's kind as <c>errors --kind</c> names it, for every task.</summary>
    private static string ErrorKind(VideoMisclassification error) => error.IsFalsePositive ? "false-positive" : "false-negative";

    private static IEnumerable<IReadOnlyList<object?>> PerLabelRows(VideoEvaluation evaluation) =>
        evaluation.Classification.PerLabel.Select(l => (IReadOnlyList<object?>)new object?[]
        {
            l.Label, l.Support, l.AuPrc, l.AuRoc, l.AtThreshold.Precision, l.AtThreshold.Recall, l.AtThreshold.F1, evaluation.TemporalIoU[l.Index].IoU,
        });

    /// <summary>Writes rows in the requested form; JSON is an array of objects keyed by the headers.</summary>
    private static void Write(CliContext context, OutputFormat format, string[] headers, IReadOnlyList<IReadOnlyList<object?>> rows, IReadOnlyList<string[]> leaveOut)
    {
        switch (format)
        {
            case OutputFormat.Json:
                TabularOutput.WriteJson(context.Output, writer =>
                {
                    writer.WriteStartArray();
                    foreach (var row in rows)
                    {
                        writer.WriteStartObject();
                        for (int c = 0; c < headers.Length; c++)
                        {
                            switch (row[c])
                            {
                                case string text: writer.WriteString(headers[c], text); break;
                                case IEnumerable<string> texts:
                                    // An array, as classification's errors write trueLabels; CSV and the table join them with ';'.
                                    writer.WriteStartArray(headers[c]);
                                    foreach (var text in texts) writer.WriteStringValue(text);
                                    writer.WriteEndArray();
                                    break;
                                case IConvertible number: writer.WriteNumberOrNull(headers[c], number.ToDouble(CultureInfo.InvariantCulture)); break;
                                default: writer.WriteNull(headers[c]); break;
                            }
                        }
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                });
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(context.Output, headers, rows);
                break;
            default:
                TabularOutput.WriteTable(context.Output, headers, rows, leaveOut, context.OutputWidth);
                break;
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The options every video verb shares, read and checked before any work.</summary>
    internal sealed record Request(string GroundTruth, string Predictions, VideoUnit Unit, double Threshold, string? Split)
    {
        private static readonly Option<string> UnitOption = CliOption.Choice("--unit", "what an item is (default segment)", VideoUnits.OptionNames.ToArray());

        /// <summary>What every video verb reads to evaluate.</summary>
        public static readonly Option[] Options = { Vocabulary.GroundTruth, Vocabulary.Predictions, UnitOption, Vocabulary.MlUse, Vocabulary.Threshold };

        public static Request Read(ParseResult parse)
        {
            var groundTruth = parse.GetValue(Vocabulary.GroundTruth) ?? throw new CliUsageException("--task video needs --ground-truth FILE (Vertex AI video-classification import, JSON lines or CSV).");
            var predictions = parse.GetValue(Vocabulary.Predictions) ?? throw new CliUsageException("--task video needs --predictions FILE (Vertex AI batch prediction output, JSON lines).");
            var unit = (VideoUnit)VideoUnits.OptionNames.ToList().IndexOf(parse.GetValue(UnitOption) ?? "segment");
            var threshold = parse.GetValue(Vocabulary.Threshold) ?? 0.5;
            var split = parse.Choice(Vocabulary.MlUse, MlUse.Test, MlUse.Training, MlUse.Validation, MlUse.Test, MlUse.All);
            return new Request(groundTruth, predictions, unit, threshold, MlUse.SplitOrAll(split));
        }

        /// <summary>The evaluation's settings.</summary>
        public VideoEvaluationOptions EvaluationOptions => new()
        {
            Unit = Unit,
            Split = Split,
            Classification = new ClassificationOptions { Threshold = Threshold },
        };

        public VideoEvaluation Run(CliContext context, IIssueSink sink) =>
            VideoEvaluator.Evaluate(context.Resolve(GroundTruth), context.Resolve(Predictions), EvaluationOptions, sink, context.Progress, context.Cancellation);
    }
}
