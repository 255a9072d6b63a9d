using System.CommandLine;
using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Slices;

namespace AutoMLEval.Cli.Tasks;

/// <summary>Image classification, single- and multi-label: the default task.</summary>
internal sealed class ClassificationTask : IEvaluationTask
{
    public IReadOnlyList<string> Names { get; } = new[] { "classification" };

    public string Title => "classification (the default)";

    /// <summary>What every classification verb reads to evaluate (with neither input: the bundled demo).</summary>
    internal static readonly Option[] InputOptions =
    {
        Vocabulary.GroundTruth, Vocabulary.Predictions, Vocabulary.MlUse, Vocabulary.Threshold, Vocabulary.MultiLabel, Vocabulary.SingleLabel, Vocabulary.Strict,
    };

    public IReadOnlyList<Option> Options(string verb) => ThresholdGrid.InputOptions(InputOptions, verb).Concat(verb switch
    {
        "evaluate" => new Option[] { Vocabulary.Partial, Vocabulary.Bootstrap, Vocabulary.SliceBy, Vocabulary.Metadata },
        "sweep" => ThresholdGrid.Options.Append(Vocabulary.Label),
        _ => new Option[] { Vocabulary.Label, Vocabulary.Kind, Vocabulary.Top, Vocabulary.Limit },
    }).ToArray();

    // Without --threshold, single-label errors are those of each image's top label (docs/classification.md, "errors").
    public string? Describe(string verb, Option option) => verb == "errors" && option == Vocabulary.Threshold
        ? "decide by score: a label is predicted when its score >= T (default: single-label, each image's top label whatever its score; multi-label, 0.5)"
        : null;

    public int Evaluate(string task, ParseResult parse, CliContext context)
    {
        var bootstrap = parse.GetValue(Vocabulary.Bootstrap) ?? 0;
        var sliceBy = parse.GetValue(Vocabulary.SliceBy);
        var metadataPath = parse.GetValue(Vocabulary.Metadata);
        if (metadataPath is not null && sliceBy is null) throw new CliUsageException("--metadata goes with --slice-by KEY.");
        var partialPath = parse.GetValue(Vocabulary.Partial);
        if (partialPath is not null)
        {
            if (sliceBy is not null) throw new CliUsageException("--partial keeps what merges exactly: it goes without --slice-by.");
            return WritePartial(parse, context, partialPath, bootstrap);
        }
        // The CSV is the per-label rows: an interval has no row there, and resamples nobody sees are not worth spending.
        if (bootstrap > 0 && TabularOutput.ReadFormat(parse) == OutputFormat.Csv)
        {
            throw new CliUsageException("--bootstrap gives intervals that the CSV's per-label rows cannot show: use --format json (or table) with it.");
        }
        var (run, format) = Load(parse, context, bootstrap);
        var sliced = sliceBy is null ? null : MetadataSlices.Evaluate(run, sliceBy, metadataPath is null ? null : context.Resolve(metadataPath), context, context.Cancellation);
        WriteEvaluation(context.Output, format, run.Evaluation, sliced?.Summary ?? run.Inputs.Summary, run.Inputs.MlUse, context.OutputWidth, sliced?.Slices, sliceBy);
        return 0;
    }

    /// <summary>
    /// Evaluates one shard of the predictions into a partial evaluation file (written under a temporary name, then moved).
    /// The ground truth is streamed, keeping the shard's items only: a process of one shard has no other shard to share a
    /// whole read with.
    /// </summary>
    private static int WritePartial(ParseResult parse, CliContext context, string partialPath, int bootstrap)
    {
        var request = ReadRequest(parse, context, bootstrap);
        var inputs = ClassificationInputs.Load(request.GroundTruthPath, request.PredictionPath, request.InputOptions with { IsShard = true, ShardStreamsGroundTruthAbove = 0 }, context, context.Progress, context.Cancellation);
        var partial = PartialClassification.Of(inputs, request.PredictionPath, request.Options, context.Progress, context.Cancellation);
        using (var file = OutputFile.Create(context.Resolve(partialPath)))
        {
            partial.WriteTo(file.Stream);
            file.Commit();
        }
        new PartialWritten(context.Resolve(partialPath), "classification", inputs.MlUse, partial.Items, inputs.Summary.GroundTruthItems, request.GroundTruthPath, request.PredictionPath,
                $"Partial evaluation of {Counted.Of(partial.Items, "item")} ({Counted.Of(inputs.Summary.GroundTruthItems, $"'{inputs.MlUse}' ground-truth item")} in all) written to {partialPath}; merge the parts with: automl-eval merge PART...")
            .WriteTo(context.Output, TabularOutput.ReadFormat(parse));
        return 0;
    }

    /// <summary>Writes an evaluation as evaluate prints it (table, JSON or CSV): the merge verb prints the same.</summary>
    internal static void WriteEvaluation(TextWriter output, OutputFormat format, ClassificationEvaluation evaluation, InputSummary summary, string mlUse, int width, IReadOnlyList<EvaluationSlice>? slices = null, string? sliceBy = null)
    {
        switch (format)
        {
            case OutputFormat.Json:
                TabularOutput.WriteJson(output, w => ClassificationJson.Write(w, evaluation, summary, mlUse, slices));
                break;
            case OutputFormat.Csv when slices is not null:
                TabularOutput.WriteCsv(output, SliceHeaders, SliceRows(slices));
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(output, LabelHeaders, LabelRows(evaluation).Append(MicroRow(evaluation, evaluation.MicroBestF1.Threshold)));
                break;
            default:
                WriteEvaluationTable(output, evaluation, summary, mlUse, width);
                if (slices is not null)
                {
                    output.WriteLine();
                    output.WriteLine($"Slices by {sliceBy}:");
                    TabularOutput.WriteTable(output, SliceHeaders, SliceRows(slices), null, width);
                }
                break;
        }
    }

    private static readonly string[] SliceHeaders = { "key", "value", "items", "auPrc", "auRoc", "logLoss", "accuracy", "macroF1" };

    private static IEnumerable<IReadOnlyList<object?>> SliceRows(IEnumerable<EvaluationSlice> slices) =>
        slices.Select(s => (IReadOnlyList<object?>)new object?[]
        {
            s.Key, s.Value ?? "(none)", s.Items, s.Evaluation.MicroAuPrc, s.Evaluation.MicroAuRoc, s.Evaluation.LogLoss, s.Evaluation.Accuracy, s.Evaluation.MacroF1,
        });

    public int Sweep(string task, ParseResult parse, CliContext context)
    {
        var grid = ThresholdGrid.Read(parse);
        var (run, format) = Load(parse, context, 0, grid);
        var evaluation = run.Evaluation;
        var label = LabelOption.Read(parse, evaluation.Labels);
        var rows = label is not int index
            ? evaluation.ConfidenceMetrics
            : ClassificationEvaluator.LabelConfidenceMetrics(evaluation.Data, ClassificationEvaluator.TopLabels(evaluation.Data), grid, index);
        var displayName = label is int j ? evaluation.Labels[j] : MicroRowName;
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w =>
            {
                w.WriteStartArray();
                foreach (var row in rows) ClassificationJson.WriteConfidenceRow(w, row, displayName);
                w.WriteEndArray();
            });
            return 0;
        }
        var headers = new[] { "displayName", "confidenceThreshold", "precision", "recall", "f1Score", "falsePositiveRate", "truePositiveCount", "falsePositiveCount", "falseNegativeCount", "trueNegativeCount" };
        object?[] Cells(ConfidenceMetricsRow r) =>
        [
            displayName, r.All.Threshold, r.All.Precision, r.All.Recall, r.All.F1, r.All.FalsePositiveRate,
            r.All.TruePositives, r.All.FalsePositives, r.All.FalseNegatives, r.All.TrueNegatives,
        ];
        if (format == OutputFormat.Csv)
        {
            // Every field of the JSON rows; the top-1 figures last, so that the columns before keep their places.
            TabularOutput.WriteCsv(context.Output, headers.Concat(TopOneHeaders).ToArray(),
                rows.Select(r => (IReadOnlyList<object?>)Cells(r).Concat(new object?[] { r.AtTop1.Precision, r.AtTop1.Recall, r.AtTop1.FalsePositiveRate, r.AtTop1.F1 }).ToArray()));
        }
        else
        {
            TabularOutput.WriteTable(context.Output, headers, rows.Select(r => (IReadOnlyList<object?>)Cells(r)), [["falsePositiveRate"], ["trueNegativeCount"]], context.OutputWidth);
        }
        return 0;
    }

    private static readonly string[] TopOneHeaders = { "precisionAt1", "recallAt1", "falsePositiveRateAt1", "f1ScoreAt1" };

    public int Errors(string task, ParseResult parse, CliContext context)
    {
        var kind = parse.Choice(Vocabulary.Kind, "false-positive", "false-positive", "false-negative", "true-positive") switch
        {
            "false-negative" => PredictionOutcome.FalseNegative,
            "true-positive" => PredictionOutcome.TruePositive,
            _ => PredictionOutcome.FalsePositive,
        };
        var top = parse.EitherName(Vocabulary.Top, Vocabulary.Limit) ?? int.MaxValue;
        var thresholdGiven = parse.Given(Vocabulary.Threshold);
        var (run, format) = Load(parse, context, 0);
        var evaluation = run.Evaluation;
        var label = LabelOption.Read(parse, evaluation.Labels);
        double? threshold = thresholdGiven || evaluation.IsMultiLabel ? evaluation.Options.Threshold : null;
        var items = ErrorAnalysis.Find(evaluation.Data, kind, label, threshold).Take(top).ToArray();
        // The decision is named in every form: JSON fields, a CSV column, the table's title.
        var decision = threshold is null ? ClassificationJson.TopLabelDecision : ClassificationJson.ThresholdDecision;
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w =>
            {
                w.WriteStartArray();
                foreach (var item in items)
                {
                    w.WriteStartObject();
                    w.WriteString("content", item.ItemId);
                    w.WriteString("label", item.Label);
                    w.WriteString("kind", KindName(item.Outcome));
                    w.WriteNumber("score", item.Score);
                    w.WriteStartArray("trueLabels");
                    foreach (var t in item.TrueLabels) w.WriteStringValue(t);
                    w.WriteEndArray();
                    w.WriteString("predictedLabel", string.Join(";", item.PredictedLabels));
                    if (item.PredictedScore is double predictedScore) w.WriteNumber("predictedScore", predictedScore);
                    else w.WriteNull("predictedScore");
                    w.WriteString("decision", decision);
                    if (threshold is double cut) w.WriteNumber("threshold", cut);
                    else w.WriteNull("threshold");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return 0;
        }
        var headers = new[] { "content", "label", "kind", "score", "trueLabels", "predictedLabel", "predictedScore" };
        var rows = items.Select(i => (IReadOnlyList<object?>)new object?[] { i.ItemId, i.Label, KindName(i.Outcome), i.Score, i.TrueLabels, PredictedCell(i), i.PredictedScore });
        if (format == OutputFormat.Csv)
        {
            TabularOutput.WriteCsv(context.Output, headers.Append("decision").Append("threshold").ToArray(), rows.Select(r => (IReadOnlyList<object?>)r.Append(decision).Append(threshold).ToArray()));
            return 0;
        }
        // Every row is of the one --kind: the title names it, and the table gives its column to the labels.
        var kindTitle = kind switch
        {
            PredictionOutcome.FalseNegative => "False negatives",
            PredictionOutcome.TruePositive => "True positives",
            _ => "False positives",
        };
        TabularOutput.WriteWrapped(context.Output, threshold is double shown
            ? $"{kindTitle}, decided by threshold: a label is predicted when its score >= {shown.ToString(CultureInfo.InvariantCulture)}; predicted lists the image's labels that reach it, predScore the highest of their scores."
            : $"{kindTitle}, decided by top label: each image's highest-scored label, whatever its score (--threshold T decides by score instead).", context.OutputWidth);
        TabularOutput.WriteTable(context.Output, headers.Where(h => h != "kind").ToArray(), items.Select(i => (IReadOnlyList<object?>)new object?[] { i.ItemId, i.Label, i.Score, i.TrueLabels, PredictedCell(i), i.PredictedScore }),
            [["predictedScore"], ["predictedLabel"]], context.OutputWidth);
        return 0;
    }

    // Nothing predicted (by threshold) is an empty CSV field and "-" in the table.
    private static IReadOnlyList<string>? PredictedCell(ClassifiedItem item) => item.PredictedLabels.Count == 0 ? null : item.PredictedLabels;

    private static readonly string[] TrueVersusPredicted = { "true \\ predicted" };

    private static readonly string[] LabelHeaders = { "displayName", "support", "auPrc", "auRoc", "precision", "recall", "f1Score", "bestF1Threshold" };

    // What a per-label table too wide for its page leaves out first: a label name of 13 characters made it 82 columns.
    private static readonly string[][] LabelColumnsLeftOut = [["bestF1Threshold"], ["auRoc"]];

    private static IEnumerable<IReadOnlyList<object?>> LabelRows(ClassificationEvaluation evaluation) =>
        evaluation.PerLabel.Select(l => (IReadOnlyList<object?>)new object?[]
        {
            l.Label, l.Support, l.AuPrc, l.AuRoc, l.AtThreshold.Precision, l.AtThreshold.Recall, l.AtThreshold.F1, l.BestF1.Threshold,
        });

    /// <summary>The <c>displayName</c> of rows pooled over every label: sweep rows without --label, evaluate's last CSV row (as the cmdlets' ThresholdRow.MicroAverage).</summary>
    internal const string MicroRowName = "(micro)";

    /// <summary>
    /// The CSV's last row, "(micro)" as in sweep rows: micro AuPRC and AuROC, precision, recall and F1 at the threshold
    /// over all (item, label) pairs, and <paramref name="last"/> for the last column (classification: the micro best-F1
    /// threshold; video: the micro temporal IoU), so the one table also carries the headlines.
    /// </summary>
    internal static IReadOnlyList<object?> MicroRow(ClassificationEvaluation evaluation, double? last) =>
    [
        MicroRowName, evaluation.PerLabel.Sum(l => l.Support), evaluation.MicroAuPrc, evaluation.MicroAuRoc,
        evaluation.MicroAtThreshold.Precision, evaluation.MicroAtThreshold.Recall, evaluation.MicroAtThreshold.F1, last,
    ];

    private static (ClassificationRun Run, OutputFormat Format) Load(ParseResult parse, CliContext context, int bootstrap, IReadOnlyList<double>? grid = null) =>
        (Run(parse, context, bootstrap, grid), TabularOutput.ReadFormat(parse));

    /// <summary>Reads the <see cref="InputOptions"/> and evaluates; with neither input, the bundled demo.</summary>
    internal static ClassificationRun Run(ParseResult parse, CliContext context, int bootstrap = 0, IReadOnlyList<double>? grid = null)
    {
        var request = ReadRequest(parse, context, bootstrap, grid);
        return ClassificationRun.Start(request.GroundTruthPath, request.PredictionPath, request.InputOptions, request.Options, context, context.Progress, context.Cancellation);
    }

    /// <summary>Reads the <see cref="InputOptions"/>, which every classification verb shares.</summary>
    internal static ClassificationRequest ReadRequest(ParseResult parse, CliContext context, int bootstrap = 0, IReadOnlyList<double>? grid = null)
    {
        var groundTruth = parse.GetValue(Vocabulary.GroundTruth);
        var predictions = parse.GetValue(Vocabulary.Predictions);
        if ((groundTruth is null) != (predictions is null)) throw new CliUsageException("Give both --ground-truth and --predictions, or neither for the demo.");
        var multi = parse.GetValue(Vocabulary.MultiLabel);
        var single = parse.GetValue(Vocabulary.SingleLabel);
        if (multi && single) throw new CliUsageException("--multi-label and --single-label exclude each other.");
        var inputOptions = new ClassificationInputOptions
        {
            MlUse = parse.Choice(Vocabulary.MlUse, MlUse.Test, MlUse.Test, MlUse.Validation, MlUse.Training, MlUse.Unassigned),
            MultiLabel = multi ? true : single ? false : null,
            Strict = parse.GetValue(Vocabulary.Strict),
            WorkingDirectory = context.WorkingDirectory,
            SplitOption = Vocabulary.MlUse.Name,
        };
        var options = new ClassificationOptions
        {
            Threshold = parse.GetValue(Vocabulary.Threshold) ?? 0.5,
            BootstrapSamples = bootstrap,
            ThresholdGrid = grid ?? ClassificationOptions.VertexThresholds,
        };
        var groundTruthPath = groundTruth is null ? Path.Combine(CliContext.DemoDirectory, "dataset.csv") : context.Resolve(groundTruth);
        // The demo bundles its model's predictions of each split (unassigned has none: the test ones then say so).
        var demoPredictions = Path.Combine(CliContext.DemoDirectory, $"predictions.{inputOptions.MlUse}.jsonl");
        var predictionPath = predictions is not null ? context.Resolve(predictions)
            : File.Exists(demoPredictions) ? demoPredictions
            : Path.Combine(CliContext.DemoDirectory, "predictions.test.jsonl");
        return new ClassificationRequest(groundTruthPath, predictionPath, inputOptions, options);
    }

    private static string KindName(PredictionOutcome outcome) => outcome switch
    {
        PredictionOutcome.FalsePositive => "false-positive",
        PredictionOutcome.FalseNegative => "false-negative",
        _ => "true-positive",
    };

    /// <summary>" (a, b, c, …)": the first few of <paramref name="labels"/>, or nothing when there are none.</summary>
    private static string Examples(IReadOnlyList<string> labels) =>
        labels.Count == 0 ? string.Empty : " (" + string.Join(", ", labels.Take(3)) + (labels.Count > 3 ? ", …" : string.Empty) + ")";

    // A merge of parts that share items counts each copy (a DuplicateAcrossParts warning): "1080 of 540" says why.
    private static string CopiesOf(InputSummary s)
    {
        int copies = s.Evaluated - (s.GroundTruthItems - s.MissingPredictions - s.RejectedGroundTruthItems);
        return copies > 0 ? $"{copies} of them extra copies from parts that share items; " : string.Empty;
    }

    // A metadata file is read only to slice by it: the count appears when it has skipped rows, as the others always do.
    private static string MetadataRecords(InputSummary s) => s.SkippedMetadataRecords > 0 ? $", {s.SkippedMetadataRecords} metadata" : string.Empty;

    private static void WriteEvaluationTable(TextWriter output, ClassificationEvaluation e, InputSummary s, string mlUse, int width)
    {
        var properties = new List<(string, object?)>
        {
            ("Task", e.IsMultiLabel ? "classification (multi-label)" : "classification (single-label)"),
            ("Split", mlUse),
            ("Items evaluated", $"{s.Evaluated} of {s.GroundTruthItems} ground-truth items ({CopiesOf(s)}{s.MissingPredictions} without prediction, {s.RejectedGroundTruthItems} rejected)"),
            ("Predictions", $"{s.PredictionItems} ({s.Evaluated} evaluated, {s.UnknownPredictions} not in the ground truth, {s.OtherSplitPredictions} of other splits, {s.RejectedItemPredictions} of rejected items)"),
            ("Records rejected", $"{s.SkippedGroundTruthRecords} ground-truth, {s.SkippedPredictionRecords} prediction{MetadataRecords(s)} (each reported as an error)"),
            ("Labels", e.Labels.Count),
        };
        if (s.LabelsOnlyInPredictions.Count + s.LabelsOnlyInGroundTruth.Count > 0)
        {
            properties.Add(("Labels in one file only", $"{s.LabelsOnlyInPredictions.Count} only in the predictions{Examples(s.LabelsOnlyInPredictions)}, {s.LabelsOnlyInGroundTruth.Count} only in the ground truth{Examples(s.LabelsOnlyInGroundTruth)}"));
        }
        // A headline metric's bootstrap interval (evaluate --bootstrap) goes right below it, under its own label.
        void Headline(string label, string metric, double value)
        {
            properties.Add((label, value));
            if (e.Intervals.TryGetValue(metric, out var interval))
            {
                properties.Add(($"{label} 95% CI", $"[{TabularOutput.TableNumber(interval.Lower)}, {TabularOutput.TableNumber(interval.Upper)}]"));
            }
        }
        var threshold = e.Options.Threshold.ToString(CultureInfo.InvariantCulture);
        Headline("AuPRC (micro)", "auPrc", e.MicroAuPrc);
        Headline("AuPRC (macro)", "macroAuPrc", e.MacroAuPrc);
        Headline("ROC AUC (micro)", "auRoc", e.MicroAuRoc);
        Headline("ROC AUC (macro)", "macroAuRoc", e.MacroAuRoc);
        Headline("Log loss", "logLoss", e.LogLoss);
        Headline("Accuracy", "accuracy", e.Accuracy);
        // Single-label macro F1 is of the argmax decision, the per-label F1 below of the threshold: the name says which
        // (no longer than "Best F1 (threshold)", so that the other lines keep their layout).
        Headline(e.MacroF1Name, "macroF1", e.MacroF1);
        Headline($"Precision @ {threshold}", "microPrecision", e.MicroAtThreshold.Precision);
        Headline($"Recall @ {threshold}", "microRecall", e.MicroAtThreshold.Recall);
        Headline($"F1 @ {threshold}", "microF1", e.MicroAtThreshold.F1);
        properties.Add(("Best F1 (threshold)", $"{TabularOutput.TableNumber(e.MicroBestF1.F1)} ({TabularOutput.TableNumber(e.MicroBestF1.Threshold)})"));
        for (int k = 0; k < e.TopKAccuracy.Count; k++) properties.Add(($"Top-{k + 1} accuracy", e.TopKAccuracy[k]));
        if (e.IsMultiLabel)
        {
            properties.Add(("Hamming loss", e.HammingLoss));
            properties.Add(("Subset accuracy", e.SubsetAccuracy));
            properties.Add(("Label ranking AP", e.LabelRankingAveragePrecision));
            properties.Add(("Coverage error", e.CoverageError));
        }
        // The table leaves calibration to JSON; with --bootstrap it shows the calibration figures beside their intervals.
        if (e.Intervals.Count > 0 && e.Calibration is { } calibration)
        {
            Headline("ECE", "expectedCalibrationError", calibration.ExpectedCalibrationError);
            Headline("Brier score", "brierScore", calibration.BrierScore);
        }
        TabularOutput.WriteProperties(output, properties, width);
        output.WriteLine();
        TabularOutput.WriteWrapped(output, $"Per label (precision, recall and F1 at threshold {e.Options.Threshold.ToString(CultureInfo.InvariantCulture)}: a label is predicted when its score >= the threshold):", width);
        TabularOutput.WriteTable(output, LabelHeaders, LabelRows(e), LabelColumnsLeftOut, width);
        if (e.ConfusionMatrix is { } matrix)
        {
            output.WriteLine();
            var shown = matrix.Labels.Count > 10 ? matrix.MostConfusedLabels() : Enumerable.Range(0, matrix.Labels.Count).ToArray();
            const string rule = "by top label (each image's highest-scored label, whatever the threshold; rows: true, columns: predicted)";
            TabularOutput.WriteWrapped(output, matrix.Labels.Count > 10 ? $"Confusion matrix {rule}, the 10 most confused labels:" : $"Confusion matrix {rule}:", width);
            var headers = TrueVersusPredicted.Concat(shown.Select(j => matrix.Labels[j])).ToArray();
            TabularOutput.WriteTable(output, headers, shown.Select(i => (IReadOnlyList<object?>)new object?[] { matrix.Labels[i] }.Concat(shown.Select(j => (object?)matrix.Count(i, j))).ToArray()), null, width);
        }
    }
}

/// <summary>What a classification verb evaluates: the input files and the settings read from its options.</summary>
internal sealed record ClassificationRequest(string GroundTruthPath, string PredictionPath, ClassificationInputOptions InputOptions, ClassificationOptions Options);
