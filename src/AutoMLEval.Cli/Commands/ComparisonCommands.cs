using System.CommandLine;
using System.Globalization;
using AutoMLEval.Cli.Tasks;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
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

    public IReadOnlyList<Option> Options { get; } = Comparisons.Options.Prepend(ReferencePredictions).ToArray();

    public int Run(ParseResult parse, CliContext context)
    {
        var (comparison, format) = Comparisons.Read(parse, context, ReferencePredictions, required: true, defaultBootstrap: 1000);
        var result = comparison!.Invoke();
        if (format == OutputFormat.Json)
        {
            TabularOutput.WriteJson(context.Output, w => ComparisonJson.Write(w, result));
            return ExitCodes.Success;
        }
        WriteTable(context.Output, result);
        return ExitCodes.Success;
    }

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
            ("Bootstrap", comparison.BootstrapSamples == 0 ? "none" : $"{comparison.BootstrapSamples} paired resamples, 95% percentile intervals"),
        });
        output.WriteLine();
        TabularOutput.WriteTable(output, MetricHeaders,
            comparison.Metrics.Select(r => (IReadOnlyList<object?>)new object?[]
            {
                r.Name, r.Reference, r.Candidate, r.Delta, r.CiLower, r.CiUpper, comparison.BootstrapSamples == 0 ? "-" : r.IsSignificant ? "yes" : "no",
            }));
        output.WriteLine();
        TabularOutput.WriteTable(output, LabelHeaders,
            comparison.PerLabel.Select(l => (IReadOnlyList<object?>)new object?[] { l.Label, l.Support, l.CandidateAuPrc, l.AuPrcDelta, l.AuRocDelta, l.CandidateF1, l.F1Delta }));
    }
}

/// <summary>
/// <c>check</c>: release gates on a model's evaluation (minimum and maximum values) and, with a baseline, on its
/// change (largest drop). Exits 0 when every gate holds and <see cref="ExitCodes.GateFailed"/> when one fails.
/// </summary>
internal sealed class CheckCommand : ICliCommand
{
    public string Name => "check";

    public string Summary => "Release gates: exit 0 when every --min/--max/--max-drop holds, 4 when one fails (for CI).";

    private static readonly Option<string[]> Min = CliOption.Repeatable("--min", "NAME=VALUE",
        "the metric must be at least VALUE; NAME is an evaluate JSON metric: auPrc, auRoc, logLoss, macroAuPrc, macroAuRoc, "
        + "accuracy, macroF1, microPrecision, microRecall, microF1, expectedCalibrationError, brierScore");

    private static readonly Option<string[]> Max = CliOption.Repeatable("--max", "NAME=VALUE", "the metric must be at most VALUE");

    private static readonly Option<string[]> MaxDrop = CliOption.Repeatable("--max-drop", "NAME=VALUE[%]",
        "the metric may be worse than the baseline by at most VALUE, or VALUE% of it");

    private static readonly Option<bool> OnlySignificant = CliOption.Flag("--only-significant",
        "a drop fails only when its paired 95% bootstrap interval excludes 0 (--bootstrap N, default 1000)");

    private static readonly Option<string> JUnit = CliOption.Text("--junit", "FILE", "also write the gates as a JUnit XML file (one test case per gate)");

    public IReadOnlyList<Option> Options { get; } = Comparisons.Options.Prepend(Vocabulary.BaselinePredictions).Concat([Min, Max, MaxDrop, OnlySignificant, JUnit]).ToArray();

    public int Run(ParseResult parse, CliContext context)
    {
        var gates = ReadGates(parse, Min, GateKind.Minimum)
            .Concat(ReadGates(parse, Max, GateKind.Maximum))
            .Concat(ReadGates(parse, MaxDrop, GateKind.MaxDrop))
            .ToArray();
        var onlySignificant = parse.GetValue(OnlySignificant);
        var junit = parse.GetValue(JUnit);
        var (comparison, format) = Comparisons.Read(parse, context, Vocabulary.BaselinePredictions, required: false, defaultBootstrap: onlySignificant ? 1000 : 0);
        if (gates.Length == 0) throw new CliUsageException("Give at least one gate: --min, --max or --max-drop NAME=VALUE.");
        if (comparison is null && gates.Any(g => g.Kind == GateKind.MaxDrop)) throw new CliUsageException("--max-drop needs --baseline-predictions.");
        if (onlySignificant && comparison is null) throw new CliUsageException("--only-significant needs --baseline-predictions.");
        var evaluate = comparison is null ? ClassificationTask.Run(parse, context).Evaluation : null;
        ModelComparison? compared = comparison?.Invoke();
        var results = ReleaseGates.Check(gates, evaluate ?? compared!.Candidate, compared, onlySignificant);
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

    private static IEnumerable<ReleaseGate> ReadGates(ParseResult parse, Option<string[]> option, GateKind kind)
    {
        foreach (var text in parse.GetValue(option) ?? [])
        {
            ReleaseGate gate;
            try
            {
                gate = ReleaseGate.Parse(kind, text);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"{option.Name}: {e.Message}");
            }
            yield return gate;
        }
    }
}

/// <summary>Reads the options that <c>compare</c> and <c>check</c> share and prepares the comparison.</summary>
internal static class Comparisons
{
    private static readonly Option<int?> Seed = CliOption.Integer("--seed", "N", "seed of the bootstrap resampling (default 20261122)");

    /// <summary>What compare and check both read: the candidate's classification inputs, the output form and the resampling.</summary>
    public static readonly Option[] Options = ClassificationTask.InputOptions.Concat([Vocabulary.Bootstrap, Seed, Vocabulary.Format]).ToArray();

    /// <summary>
    /// Reads the candidate's classification options and the other model's predictions option; returns a function
    /// that loads both and compares them (null when the other model was not given and is optional).
    /// </summary>
    public static (Func<ModelComparison>? Compare, OutputFormat Format) Read(ParseResult parse, CliContext context, Option<string> otherOption, bool required, int defaultBootstrap)
    {
        var format = TabularOutput.ReadFormat(parse);
        if (format == OutputFormat.Csv) throw new CliUsageException("--format csv is not offered here; use table or json.");
        var other = parse.GetValue(otherOption);
        if (other is null)
        {
            if (required) throw new CliUsageException($"Give --ground-truth, --predictions and {otherOption.Name}.");
            if (parse.Given(Vocabulary.Bootstrap) || parse.Given(Seed)) throw new CliUsageException($"--bootstrap and --seed resample a comparison: they go with {otherOption.Name}.");
            return (null, format);
        }
        if (!parse.Given(Vocabulary.GroundTruth) || !parse.Given(Vocabulary.Predictions)) throw new CliUsageException($"{otherOption.Name} needs --ground-truth and --predictions.");
        var bootstrap = parse.GetValue(Vocabulary.Bootstrap) ?? defaultBootstrap;
        var seed = parse.GetValue(Seed) ?? new ComparisonOptions().Seed;
        var request = ClassificationTask.ReadRequest(parse, context);
        var otherPath = context.Resolve(other);
        return (() =>
        {
            var reference = ClassificationInputs.Load(request.GroundTruthPath, otherPath, request.InputOptions, context, context.Progress, context.Cancellation);
            var candidate = ClassificationInputs.Load(request.GroundTruthPath, request.PredictionPath, request.InputOptions, context, context.Progress, context.Cancellation);
            var options = new ComparisonOptions { Evaluation = request.Options, BootstrapSamples = bootstrap, Seed = seed };
            return ModelComparer.Compare(reference.Data, candidate.Data, options, context.Progress, context.Cancellation);
        }, format);
    }
}
