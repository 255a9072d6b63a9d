using System.Globalization;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
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

    public string Usage => """
          --ground-truth FILE|DIR          the ground truth both models are evaluated on
          --predictions FILE               the candidate model's predictions
          --reference-predictions FILE     the reference (e.g. last release) model's predictions
          --bootstrap N                    paired bootstrap resamples for the intervals (default 1000; 0 for none)
          --seed N                         seed of the resampling (default 20261122)
          --task classification|detection|segmentation   (default: what the ground truth holds)
          --ml-use, --threshold, --multi-label, --single-label, --strict   classification: as for evaluate
          --images DIR                     detection of Vertex AI files: the images, for pixel sizes
          --format table|json              output form (default table)
          Detection compares COCO's AP, AP50 and AP75 (intervals from resampling images) and each label's AP.
        """;

    public int Run(CliArguments arguments, CliContext context)
    {
        var format = Comparisons.ReadFormat(arguments);
        var reference = arguments.Value("reference-predictions");
        if (reference is null || arguments.Value("ground-truth") is null || arguments.Value("predictions") is null) throw new CliUsageException("Give --ground-truth, --predictions and --reference-predictions.");
        var bootstrap = arguments.Integer("bootstrap", 1000, 0, 100000);
        var seed = arguments.Integer("seed", new ComparisonOptions().Seed);
        var detected = GroundTruthKinds.Detect(context.Resolve(arguments.Value("ground-truth")!));
        if (detected == GroundTruthKind.Video) throw new CliUsageException("compare takes classification and detection evaluations; video evaluations cannot be compared yet.");
        var task = arguments.Choice("task", detected.ToString().ToLowerInvariant(), "classification", "detection", "segmentation");
        if (task != "classification") return CompareDetections(task, arguments, context, format, bootstrap, seed);
        var request = ClassificationTask.ReadRequest(arguments, context);
        arguments.RejectUnknown();
        var result = Comparisons.Compare(request, context.Resolve(reference), null, bootstrap, seed, context);
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w => ComparisonJson.Write(w, result));
            return ExitCodes.Success;
        }
        WriteTable(context.Output, result);
        return ExitCodes.Success;
    }

    private static int CompareDetections(string task, CliArguments arguments, CliContext context, OutputFormat format, int bootstrap, int seed)
    {
        var reference = DetectionTask.Read(task, arguments, context, imagesForReport: false, predictionsOption: "reference-predictions").Evaluation;
        var candidate = DetectionTask.Read(task, arguments, context, imagesForReport: false).Evaluation;
        arguments.RejectUnknown();
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
        });
        context.Output.WriteLine();
        WriteMetricTable(context.Output, result.Metrics, result.BootstrapSamples);
        context.Output.WriteLine();
        TabularOutput.WriteTable(context.Output, DetectionLabelHeaders,
            result.PerLabel.Select(l => (IReadOnlyList<object?>)new object?[] { l.Label, l.GroundTruthObjects, l.CandidateAp, l.ApDelta, l.CandidateAp50, l.Ap50Delta }));
        return ExitCodes.Success;
    }

    private static readonly string[] DetectionLabelHeaders = { "label", "objects", "ap", "apDelta", "ap50", "ap50Delta" };

    private static string BootstrapLine(int samples) => samples == 0 ? "none" : $"{samples} paired resamples, 95% percentile intervals";

    private static void WriteMetricTable(TextWriter output, IReadOnlyList<MetricDelta> metrics, int bootstrapSamples) =>
        TabularOutput.WriteTable(output, MetricHeaders,
            metrics.Select(r => (IReadOnlyList<object?>)new object?[]
            {
                r.Name, r.Reference, r.Candidate, r.Delta, r.CiLower, r.CiUpper, bootstrapSamples == 0 ? "-" : r.IsSignificant ? "yes" : "no",
            }));

    private static readonly string[] MetricHeaders = { "metric", "reference", "candidate", "delta", "ciLower", "ciUpper", "significant" };

    private static readonly string[] LabelHeaders = { "label", "support", "auPrc", "auPrcDelta", "auRocDelta", "f1Score", "f1ScoreDelta" };

    private static void WriteTable(TextWriter output, ModelComparison comparison)
    {
        var m = comparison.Matching;
        TabularOutput.WriteProperties(output, new (string, object?)[]
        {
            ("Items compared", $"{m.PairedItems} ({m.OnlyInReference} only in the reference, {m.OnlyInCandidate} only in the candidate: left out)"),
            ("Decisions", $"{comparison.Fixed} fixed, {comparison.Broken} broken, {comparison.BothCorrect} both right, {comparison.BothWrong} both wrong"),
            ("McNemar p-value", comparison.McNemarPValue.ToString("G3", CultureInfo.InvariantCulture)),
            ("Bootstrap", BootstrapLine(comparison.BootstrapSamples)),
        });
        output.WriteLine();
        WriteMetricTable(output, comparison.Metrics, comparison.BootstrapSamples);
        output.WriteLine();
        TabularOutput.WriteTable(output, LabelHeaders,
            comparison.PerLabel.Select(l => (IReadOnlyList<object?>)new object?[] { l.Label, l.Support, l.CandidateAuPrc, l.AuPrcDelta, l.AuRocDelta, l.CandidateF1, l.F1Delta }));
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

    public string Usage => """
          --ground-truth FILE|DIR          the ground truth
          --predictions FILE               the model's predictions
          --baseline-predictions FILE      the baseline model's predictions: drops measured on the paired items
          --baseline-evaluation FILE       or a saved evaluation (evaluate --format json): drops of the headline metrics
          --min NAME=VALUE                 the metric must be at least VALUE (repeatable)
          --max NAME=VALUE                 the metric must be at most VALUE (repeatable)
          --max-drop NAME=VALUE[%]         the metric may be worse than the baseline by at most VALUE, or VALUE% of it (repeatable)
          --only-significant               a drop fails only when its paired 95% bootstrap interval excludes 0 (--baseline-predictions)
          --bootstrap N                    paired resamples for --only-significant (default 1000)
          --seed N                         with --only-significant: seed of the resampling (default 20261122)
          --junit FILE                     also write the gates as a JUnit XML file (one test case per gate)
          --ml-use, --threshold, --multi-label, --single-label, --strict   as for evaluate
          --format table|json              output form (default table)
          NAME is an evaluate JSON metric: auPrc, auRoc, logLoss, macroAuPrc, macroAuRoc, accuracy, macroF1,
          microPrecision, microRecall, microF1, expectedCalibrationError, brierScore (any case; precision, recall
          and f1Score mean the micro ones).
        """;

    public int Run(CliArguments arguments, CliContext context)
    {
        var gates = ReadGates(arguments, "min", GateKind.Minimum)
            .Concat(ReadGates(arguments, "max", GateKind.Maximum))
            .Concat(ReadGates(arguments, "max-drop", GateKind.MaxDrop))
            .ToArray();
        var onlySignificant = arguments.Flag("only-significant");
        var junit = arguments.Value("junit");
        var format = Comparisons.ReadFormat(arguments);
        var baselinePredictions = arguments.Value("baseline-predictions");
        var baselineEvaluation = arguments.Value("baseline-evaluation");
        if (gates.Length == 0) throw new CliUsageException("Give at least one gate: --min, --max or --max-drop NAME=VALUE.");
        if (baselinePredictions is not null && baselineEvaluation is not null) throw new CliUsageException("Give one baseline: --baseline-predictions or --baseline-evaluation.");
        if (baselinePredictions is null && baselineEvaluation is null && gates.Any(g => g.Kind == GateKind.MaxDrop)) throw new CliUsageException("--max-drop needs a baseline: --baseline-predictions or --baseline-evaluation.");
        if (onlySignificant && baselinePredictions is null)
        {
            throw new CliUsageException("--only-significant needs --baseline-predictions: its paired bootstrap resamples the items both models predicted, and a saved evaluation keeps no items.");
        }
        // Without --only-significant no interval is looked at: resampling options would be silently unused.
        if (!onlySignificant && (arguments.Value("bootstrap") ?? arguments.Value("seed")) is not null) throw new CliUsageException("--bootstrap and --seed go with --only-significant.");
        var bootstrap = onlySignificant ? arguments.Integer("bootstrap", 1000, 1, 100000) : 0;
        var seed = arguments.Integer("seed", new ComparisonOptions().Seed);
        var request = ClassificationTask.ReadRequest(arguments, context);
        arguments.RejectUnknown();
        // A saved baseline is read first: a file that is none stops the command before the evaluation.
        var saved = baselineEvaluation is null ? null : ClassificationJson.Read(context.Resolve(baselineEvaluation));
        var run = ClassificationRun.Start(request.GroundTruthPath, request.PredictionPath, request.InputOptions, request.Options, context, context.Progress, context.Cancellation);
        IReadOnlyList<GateResult> results;
        if (baselinePredictions is not null)
        {
            var comparison = Comparisons.Compare(request, context.Resolve(baselinePredictions), run.Inputs.Data, bootstrap, seed, context);
            Comparisons.WarnUnpaired(comparison, context);
            results = ReleaseGates.Check(gates, run.Evaluation, comparison, onlySignificant);
        }
        else if (saved is not null)
        {
            foreach (var caution in saved.Cautions(run.Evaluation, run.Inputs.MlUse)) context.Report(caution);
            results = ReleaseGates.Check(gates, run.Evaluation, saved);
        }
        else
        {
            results = ReleaseGates.Check(gates, run.Evaluation);
        }
        if (junit is not null) GateJUnit.Write(context.Resolve(junit), results, "automl-eval check");
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w => ComparisonJson.WriteGates(w, results));
        }
        else
        {
            TabularOutput.WriteTable(context.Output, GateHeaders,
                results.Select(r => (IReadOnlyList<object?>)new object?[] { r.Gate.ToString(), r.Value, r.Baseline, r.Passed ? "passed" : "FAILED" }));
        }
        foreach (var failed in results.Where(r => !r.Passed)) context.Error.WriteLine($"automl-eval check: gate failed: {failed.Gate}: {failed.Message}");
        return results.All(r => r.Passed) ? ExitCodes.Success : ExitCodes.GateFailed;
    }

    private static readonly string[] GateHeaders = { "gate", "value", "baseline", "result" };

    private static IEnumerable<ReleaseGate> ReadGates(CliArguments arguments, string option, GateKind kind)
    {
        foreach (var text in arguments.Values(option))
        {
            ReleaseGate gate;
            try
            {
                gate = ReleaseGate.Parse(kind, text);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"--{option}: {e.Message}");
            }
            yield return gate;
        }
    }
}

/// <summary>What <c>compare</c> and <c>check</c> share: the output form, and the comparison of the candidate with another model's predictions.</summary>
internal static class Comparisons
{
    /// <summary>--format table|json (CSV is not offered for comparisons and gates).</summary>
    public static OutputFormat ReadFormat(CliArguments arguments)
    {
        var format = TabularOutput.ReadFormat(arguments);
        if (format == OutputFormat.Csv) throw new CliUsageException("--format csv is not offered here; use table or json.");
        return format;
    }

    /// <summary>
    /// Loads <paramref name="otherPredictionPath"/> against the request's ground truth and compares the candidate
    /// (<paramref name="candidate"/> when already loaded, else the request's predictions) with it as the reference.
    /// </summary>
    public static ModelComparison Compare(ClassificationRequest request, string otherPredictionPath, ClassificationData? candidate, int bootstrap, int seed, CliContext context)
    {
        var reference = ClassificationInputs.Load(request.GroundTruthPath, otherPredictionPath, request.InputOptions, context, context.Progress, context.Cancellation);
        candidate ??= ClassificationInputs.Load(request.GroundTruthPath, request.PredictionPath, request.InputOptions, context, context.Progress, context.Cancellation).Data;
        var options = new ComparisonOptions { Evaluation = request.Options, BootstrapSamples = bootstrap, Seed = seed };
        return ModelComparer.Compare(reference.Data, candidate, options, context.Progress, context.Cancellation);
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
