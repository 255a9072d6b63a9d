using System.CommandLine;
using System.Globalization;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Comparison;

namespace AutoMLEval.Cli.Commands;

/// <summary>
/// <c>compare</c>: a candidate model against a reference on the same ground truth, with paired bootstrap intervals
/// of every delta and McNemar's exact test (classification).
/// </summary>
internal sealed class CompareCommand : ICliCommand
{
    public string Name => "compare";

    public string Summary => "Compare two models on the same items: deltas with paired 95% intervals, McNemar's test, fixed and broken items.";

    private static readonly Option<string> ReferencePredictions = CliOption.Text("--reference-predictions", "FILE",
        "the reference (e.g. last release) model's predictions");

    // The task's own options: classification's inputs, or detection's images folder (Vertex AI files' pixel sizes).
    private static readonly TaskOptions Tasks = new(
        [Vocabulary.GroundTruth, Vocabulary.Predictions, ReferencePredictions, Vocabulary.Bootstrap, Comparisons.Seed, Vocabulary.TableOrJson],
        [
            new TaskOptionSet(["classification"], "classification (the default)", Comparisons.ClassificationOnly),
            new TaskOptionSet(["detection", "segmentation"], "detection and segmentation: COCO's AP, AP50 and AP75 (intervals from resampling images) and each label's AP",
                DetectionTask.InputOptions.Except([Vocabulary.GroundTruth, Vocabulary.Predictions]).ToArray()),
        ]);

    public IReadOnlyList<Option> Options => Tasks.All;

    public IReadOnlyList<OptionGroup> Usage(ParseResult parse, CliContext context, bool help) => Tasks.Groups(parse, context, help);

    public int Run(ParseResult parse, CliContext context)
    {
        var format = TabularOutput.ReadFormat(parse, Vocabulary.TableOrJson);
        var reference = parse.GetValue(ReferencePredictions);
        var groundTruth = parse.GetValue(Vocabulary.GroundTruth);
        var predictions = parse.GetValue(Vocabulary.Predictions);
        // With no inputs, the bundled demo as every verb: its model against the last release's, which the demo bundles
        // (the ground truth and candidate are then the demo's, as ClassificationTask.ReadRequest supplies them).
        if (reference is null && groundTruth is null && predictions is null) reference = Path.Combine(CliContext.DemoDirectory, "predictions.test.baseline.jsonl");
        else if (reference is null || groundTruth is null || predictions is null) throw new CliUsageException("Give --ground-truth, --predictions and --reference-predictions (or none of them for the bundled demo).");
        var bootstrap = parse.GetValue(Vocabulary.Bootstrap) ?? 1000;
        var seed = parse.GetValue(Comparisons.Seed) ?? new ComparisonOptions().Seed;
        var task = Tasks.Select(parse, context);
        if (task != "classification") return CompareDetections(task, parse, context, format, bootstrap, seed);
        var request = ClassificationTask.ReadRequest(parse, context);
        var result = Comparisons.Compare(request, context.Resolve(reference), null, bootstrap, seed, context);
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w => ComparisonJson.Write(w, result));
            return ExitCodes.Success;
        }
        WriteTable(context.Output, result, context.OutputWidth);
        return ExitCodes.Success;
    }

    private static int CompareDetections(string task, ParseResult parse, CliContext context, OutputFormat format, int bootstrap, int seed)
    {
        var reference = DetectionTask.Read(task, parse, context, imagesForReport: false, predictionsOption: ReferencePredictions).Evaluation;
        var candidate = DetectionTask.Read(task, parse, context, imagesForReport: false).Evaluation;
        DetectionComparison result;
        try
        {
            result = DetectionComparer.Compare(reference, candidate, bootstrap, seed, context.Progress, context.Cancellation);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new CliUsageException(e.Message);
        }
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w => ComparisonJson.WriteDetection(w, result));
            return ExitCodes.Success;
        }
        TabularOutput.WriteProperties(context.Output, new (string, object?)[]
        {
            ("Images compared", result.Images),
            ("Bootstrap", BootstrapLine(result.BootstrapSamples) + (result.BootstrapSamples == 0 ? string.Empty : " of images")),
        }, context.OutputWidth);
        context.Output.WriteLine();
        WriteMetricTable(context.Output, result.Metrics, result.BootstrapSamples, context.OutputWidth);
        context.Output.WriteLine();
        TabularOutput.WriteTable(context.Output, DetectionLabelHeaders,
            result.PerLabel.Select(l => (IReadOnlyList<object?>)new object?[] { l.Label, l.GroundTruthObjects, l.CandidateAp, new DeltaCell(l.ApDelta), l.CandidateAp50, new DeltaCell(l.Ap50Delta) }), null, context.OutputWidth);
        return ExitCodes.Success;
    }

    private static readonly string[] DetectionLabelHeaders = { "label", "objects", "ap", "apDelta", "ap50", "ap50Delta" };

    private static string BootstrapLine(int samples) => samples == 0 ? "none" : $"{samples} paired resamples, 95% percentile intervals";

    private static void WriteMetricTable(TextWriter output, IReadOnlyList<MetricDelta> metrics, int bootstrapSamples, int width) =>
        TabularOutput.WriteTable(output, MetricHeaders,
            metrics.Select(r => (IReadOnlyList<object?>)new object?[]
            {
                r.Name, r.Reference, r.Candidate, new DeltaCell(r.Delta), new DeltaCell(r.CiLower), new DeltaCell(r.CiUpper), bootstrapSamples == 0 ? "-" : r.IsSignificant ? "yes" : "no",
            }), null, width);

    private static readonly string[] MetricHeaders = { "metric", "reference", "candidate", "delta", "ciLower", "ciUpper", "significant" };

    private static readonly string[] LabelHeaders = { "label", "support", "auPrc", "auPrcDelta", "auRocDelta", "f1Score", "f1ScoreDelta" };

    private static void WriteTable(TextWriter output, ModelComparison comparison, int width)
    {
        var m = comparison.Matching;
        TabularOutput.WriteProperties(output, new (string, object?)[]
        {
            ("Items compared", $"{m.PairedItems} ({m.OnlyInReference} only in the reference, {m.OnlyInCandidate} only in the candidate: left out)"),
            ("Decisions", $"{comparison.Fixed} fixed, {comparison.Broken} broken, {comparison.BothCorrect} both right, {comparison.BothWrong} both wrong"),
            ("McNemar p-value", comparison.McNemarPValue.ToString("G3", CultureInfo.InvariantCulture)),
            ("Bootstrap", BootstrapLine(comparison.BootstrapSamples)),
        }, width);
        output.WriteLine();
        WriteMetricTable(output, comparison.Metrics, comparison.BootstrapSamples, width);
        output.WriteLine();
        TabularOutput.WriteWrapped(output, comparison.Reference.IsMultiLabel
            ? $"Per label (F1 at threshold {comparison.Reference.Options.Threshold.ToString(CultureInfo.InvariantCulture)}: a label is predicted when its score >= the threshold, as the decisions above):"
            : "Per label (F1 by top label: each item's highest-scored label, as the decisions above):", width);
        TabularOutput.WriteTable(output, LabelHeaders,
            comparison.PerLabel.Select(l => (IReadOnlyList<object?>)new object?[] { l.Label, l.Support, l.CandidateAuPrc, new DeltaCell(l.AuPrcDelta), new DeltaCell(l.AuRocDelta), l.CandidateF1, new DeltaCell(l.F1Delta) }), null, width);
    }
}

/// <summary>
/// <c>check</c>: release gates on a model's evaluation (minimum and maximum values) and, with a baseline, on its
/// change (largest drop). Exits 0 when every gate holds and <see cref="ExitCodes.GateFailed"/> when one fails.
/// Value gates are measured on the whole evaluation (what <c>evaluate</c> prints); drop gates on the items paired
/// with --baseline-predictions, or against the headline metrics of a saved --baseline-evaluation.
/// </summary>
internal sealed class CheckCommand : ICliCommand
{
    public string Name => "check";

    public string Summary => "Release gates: exit 0 when every --min/--max/--max-drop holds, 4 when one fails (for CI).";

    private static readonly Option<string> BaselineEvaluation = CliOption.Text("--baseline-evaluation", "FILE",
        "or a saved evaluation (evaluate --format json): drops of its headline metrics");

    private static readonly Option<string[]> Min = CliOption.Repeatable("--min", "NAME=VALUE",
        "the metric must be at least VALUE; NAME is an evaluate JSON metric: auPrc, auRoc, logLoss, macroAuPrc, macroAuRoc, "
        + "accuracy, macroF1, microPrecision, microRecall, microF1, expectedCalibrationError, brierScore (any case; precision, "
        + "recall and f1Score mean the micro ones); detection and segmentation: a cocoStats field, ap, ap50, ap75, apSmall, "
        + "apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge (or AP, APs, ... as pycocotools prints them)");

    private static readonly Option<string[]> Max = CliOption.Repeatable("--max", "NAME=VALUE", "the metric must be at most VALUE");

    private static readonly Option<string[]> MaxDrop = CliOption.Repeatable("--max-drop", "NAME=VALUE[%]",
        "the metric may be worse than the baseline by at most VALUE, or VALUE% of it (detection: ap, ap50 or ap75, on the images both predicted)");

    private static readonly Option<bool> OnlySignificant = CliOption.Flag("--only-significant",
        "a drop fails only when its paired 95% bootstrap interval excludes 0 (--baseline-predictions; --bootstrap N, default 1000)");

    private static readonly Option<string> JUnit = CliOption.Text("--junit", "FILE", "also write the gates as a JUnit XML file (one test case per gate)");

    // The task's own options: classification's inputs and a saved baseline, or detection's images folder and split.
    private static readonly TaskOptions Tasks = new(
        [Vocabulary.GroundTruth, Vocabulary.Predictions, Vocabulary.BaselinePredictions, Min, Max, MaxDrop, OnlySignificant, Vocabulary.Bootstrap, Comparisons.Seed, JUnit, Vocabulary.TableOrJson],
        [
            new TaskOptionSet(["classification"], "classification (the default)", Comparisons.ClassificationOnly.Append(BaselineEvaluation).ToArray()),
            new TaskOptionSet(["detection", "segmentation"], "detection and segmentation: gates on COCO's statistics, drops of ap, ap50 and ap75 on the paired images",
                DetectionTask.InputOptions.Except([Vocabulary.GroundTruth, Vocabulary.Predictions]).ToArray()),
        ]);

    public IReadOnlyList<Option> Options => Tasks.All;

    public IReadOnlyList<Option> OutputFiles { get; } = [JUnit];

    public IReadOnlyList<OptionGroup> Usage(ParseResult parse, CliContext context, bool help) => Tasks.Groups(parse, context, help);

    public int Run(ParseResult parse, CliContext context)
    {
        // The ground truth names the task, and the task the gates' metrics: a path that is not there would read as
        // classification and make a detector's gates unknown metrics.
        if (parse.GetValue(Vocabulary.GroundTruth) is { } groundTruth && context.Resolve(groundTruth) is var path && !File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Ground truth not found: {path}", path);
        }
        var task = Tasks.Select(parse, context);
        bool detection = task != "classification";
        var gates = ReadGates(parse, Min, GateKind.Minimum, detection)
            .Concat(ReadGates(parse, Max, GateKind.Maximum, detection))
            .Concat(ReadGates(parse, MaxDrop, GateKind.MaxDrop, detection))
            .ToArray();
        var onlySignificant = parse.GetValue(OnlySignificant);
        var junit = parse.GetValue(JUnit);
        var format = TabularOutput.ReadFormat(parse, Vocabulary.TableOrJson);
        var baselinePredictions = parse.GetValue(Vocabulary.BaselinePredictions);
        var baselineEvaluation = parse.GetValue(BaselineEvaluation);
        if (gates.Length == 0) throw new CliUsageException("Give at least one gate: --min, --max or --max-drop NAME=VALUE.");
        if (baselinePredictions is not null && baselineEvaluation is not null) throw new CliUsageException("Give one baseline: --baseline-predictions or --baseline-evaluation.");
        if (baselinePredictions is null && baselineEvaluation is null && gates.Any(g => g.Kind == GateKind.MaxDrop)) throw new CliUsageException("--max-drop needs a baseline: --baseline-predictions or --baseline-evaluation.");
        if (onlySignificant && baselinePredictions is null)
        {
            throw new CliUsageException("--only-significant needs --baseline-predictions: its paired bootstrap resamples the items both models predicted, and a saved evaluation keeps no items.");
        }
        // Without --only-significant no interval is looked at: resampling options would be silently unused.
        if (!onlySignificant && (parse.Given(Vocabulary.Bootstrap) || parse.Given(Comparisons.Seed))) throw new CliUsageException("--bootstrap and --seed go with --only-significant.");
        var bootstrap = onlySignificant ? parse.GetValue(Vocabulary.Bootstrap) ?? 1000 : 0;
        if (onlySignificant && bootstrap < 1) throw new CliUsageException("--only-significant needs --bootstrap N of at least 1: without resamples every drop would pass.");
        var seed = parse.GetValue(Comparisons.Seed) ?? new ComparisonOptions().Seed;
        // Started before the evaluation, as predict starts its --output: a path that cannot be written (under a file, a
        // folder, no permission) stops the command now, not after the work. Committed only once the gates are written.
        using var junitFile = junit is null ? null : OutputFile.Create(context.Resolve(junit));
        var results = detection
            ? CheckDetection(task, gates, parse, context, onlySignificant, bootstrap, seed)
            : CheckClassification(gates, parse, context, baselinePredictions, baselineEvaluation, onlySignificant, bootstrap, seed);
        if (junitFile is not null)
        {
            GateJUnit.Write(junitFile.Stream, results, "automl-eval check");
            junitFile.Commit();
        }
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w => ComparisonJson.WriteGates(w, results));
        }
        else
        {
            TabularOutput.WriteTable(context.Output, GateHeaders,
                results.Select(r => (IReadOnlyList<object?>)new object?[] { r.Gate.ToString(), r.Value, r.Baseline, r.Passed ? "passed" : "FAILED" }), null, context.OutputWidth);
        }
        foreach (var failed in results.Where(r => !r.Passed)) context.WriteMessage($"automl-eval check: gate failed: {failed.Gate}: {failed.Message}");
        return results.All(r => r.Passed) ? ExitCodes.Success : ExitCodes.GateFailed;
    }

    private static readonly string[] GateHeaders = { "gate", "value", "baseline", "result" };

    private static IReadOnlyList<GateResult> CheckClassification(
        ReleaseGate[] gates, ParseResult parse, CliContext context, string? baselinePredictions, string? baselineEvaluation, bool onlySignificant, int bootstrap, int seed)
    {
        var request = ClassificationTask.ReadRequest(parse, context);
        // A saved baseline is read first: a file that is none stops the command before the evaluation.
        var saved = baselineEvaluation is null ? null : ClassificationJson.Read(context.Resolve(baselineEvaluation));
        var run = ClassificationRun.Start(request.GroundTruthPath, request.PredictionPath, request.InputOptions, request.Options, context, context.Progress, context.Cancellation);
        if (baselinePredictions is not null)
        {
            var comparison = Comparisons.Compare(request, context.Resolve(baselinePredictions), run.Inputs.Data, bootstrap, seed, context);
            Comparisons.WarnUnpaired(comparison, context);
            return ReleaseGates.Check(gates, run.Evaluation, comparison, onlySignificant);
        }
        if (saved is not null)
        {
            foreach (var caution in saved.Cautions(run.Evaluation, run.Inputs.MlUse)) context.Report(caution);
            return ReleaseGates.Check(gates, run.Evaluation, saved);
        }
        return ReleaseGates.Check(gates, run.Evaluation);
    }

    /// <summary>Gates on a detection or segmentation evaluation; drops on its comparison with the baseline's detections of the same images.</summary>
    private static IReadOnlyList<GateResult> CheckDetection(string task, ReleaseGate[] gates, ParseResult parse, CliContext context, bool onlySignificant, int bootstrap, int seed)
    {
        var candidate = DetectionTask.Read(task, parse, context, imagesForReport: false).Evaluation;
        if (!parse.Given(Vocabulary.BaselinePredictions)) return ReleaseGates.Check(gates, candidate);
        var baseline = DetectionTask.Read(task, parse, context, imagesForReport: false, predictionsOption: Vocabulary.BaselinePredictions).Evaluation;
        DetectionComparison comparison;
        try
        {
            comparison = DetectionComparer.Compare(baseline, candidate, bootstrap, seed, context.Progress, context.Cancellation);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new CliUsageException(e.Message);
        }
        return ReleaseGates.Check(gates, candidate, comparison, onlySignificant);
    }

    private static IEnumerable<ReleaseGate> ReadGates(ParseResult parse, Option<string[]> option, GateKind kind, bool detection)
    {
        foreach (var text in parse.GetValue(option) ?? [])
        {
            ReleaseGate gate;
            try
            {
                gate = detection ? ReleaseGate.ParseDetection(kind, text) : ReleaseGate.Parse(kind, text);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"{option.Name}: {e.Message}");
            }
            yield return gate;
        }
    }
}

/// <summary>What <c>compare</c> and <c>check</c> share: the output form, and the comparison of the candidate with another model's predictions.</summary>
internal static class Comparisons
{
    /// <summary>The seed of compare's and check's bootstrap resampling.</summary>
    public static readonly Option<int?> Seed = CliOption.Integer("--seed", "N", "seed of the bootstrap resampling (default 20261122)");

    /// <summary>Classification's own inputs (the ground truth and predictions are every task's).</summary>
    public static readonly Option[] ClassificationOnly = ClassificationTask.InputOptions.Except([Vocabulary.GroundTruth, Vocabulary.Predictions]).ToArray();


    /// <summary>
    /// Loads <paramref name="otherPredictionPath"/> against the request's ground truth and compares the candidate
    /// (<paramref name="candidate"/> when already loaded, else the request's predictions) with it as the reference.
    /// </summary>
    public static ModelComparison Compare(ClassificationRequest request, string otherPredictionPath, ClassificationData? candidate, int bootstrap, int seed, CliContext context)
    {
        var reference = ClassificationInputs.Load(request.GroundTruthPath, otherPredictionPath, request.InputOptions, context, context.Progress, context.Cancellation);
        candidate ??= ClassificationInputs.Load(request.GroundTruthPath, request.PredictionPath, request.InputOptions, context, context.Progress, context.Cancellation).Data;
        var options = new ComparisonOptions { Evaluation = request.Options, BootstrapSamples = bootstrap, Seed = seed };
        return Paired(reference.Data, candidate, options, request.PredictionPath, context);
    }

    /// <summary>
    /// <see cref="ModelComparer.Compare"/>, its refusals (other labels, other true labels, no shared item) as the input
    /// error they are (EvaluationsNotComparable, as PowerShell names it), naming the <paramref name="candidatePath"/>.
    /// </summary>
    public static ModelComparison Paired(ClassificationData reference, ClassificationData candidate, ComparisonOptions options, string candidatePath, CliContext context)
    {
        try
        {
            return ModelComparer.Compare(reference, candidate, options, context.Progress, context.Cancellation);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new InputFormatException("EvaluationsNotComparable", candidatePath, 0, string.Empty, e.Message);
        }
    }

    /// <summary>A warning on standard error when items of either side were left out of the pairing.</summary>
    public static void WarnUnpaired(ModelComparison comparison, CliContext context)
    {
        var m = comparison.Matching;
        if (m.OnlyInReference + m.OnlyInCandidate == 0) return;
        context.WriteMessage(FormattableString.Invariant(
            $"warning Unpaired: {m.PairedItems} items were compared; {m.OnlyInReference} only in the baseline and {m.OnlyInCandidate} only in the candidate were left out of the drops."));
    }
}
