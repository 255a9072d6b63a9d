using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Test-ModelEvaluation</c>: release gates (TensorFlow Model Analysis' value and change thresholds) on a
/// classification, detection or segmentation evaluation: -Minimum and -Maximum values, and with -Baseline the largest
/// -MaxDrop (a detector's: of AP, AP50 or AP75, on the images both predicted). Writes $true when
/// every gate holds, else $false and one GateFailed error per failed gate (so -ErrorAction Stop stops a runbook);
/// -Detailed writes the gates' results instead. Value gates read the whole evaluation; drops are measured on the items
/// paired with a live baseline, or against the headline metrics of a saved one (Import-ModelEvaluation, Import-Clixml),
/// as <c>automl-eval check</c> does. A saved candidate takes the gates its headline figures decide: value gates, and drops
/// against a saved baseline; gates that need items (drops paired with a live baseline, -OnlySignificant) are errors.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ModelEvaluation")]
[OutputType(typeof(bool), typeof(ReleaseGateResult))]
public sealed class TestModelEvaluationCommand : EngineCmdlet
{
    /// <summary>The ErrorId of a failed gate.</summary>
    public const string GateFailedErrorId = "GateFailed";

    /// <summary>The evaluation checked (the candidate), from Get-ModelEvaluation or the pipeline; or a saved one (Import-ModelEvaluation, Import-Clixml), whose headline figures decide value gates.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    [GateEvaluation(nameof(InputObject))]
    public object? InputObject { get; set; }

    /// <summary>Metric = lowest allowed value, e.g. @{ AuPrc = 0.95; Recall = 0.9 }, or a detector's @{ AP50 = 0.5 }; Tab completes the metrics inside @{ } (PowerShell 7).</summary>
    [Parameter]
    [ValidateNotNull]
    public MetricLimits? Minimum { get; set; }

    /// <summary>Metric = highest allowed value, e.g. @{ LogLoss = 0.4 }.</summary>
    [Parameter]
    [ValidateNotNull]
    public MetricLimits? Maximum { get; set; }

    /// <summary>Metric = largest allowed drop against -Baseline: a number (absolute) or a string such as '1%' (relative to the baseline's value).</summary>
    [Parameter]
    [ValidateNotNull]
    public MetricLimits? MaxDrop { get; set; }

    /// <summary>
    /// The evaluation -MaxDrop is measured against (e.g. last release's model on the same ground truth): a ModelEvaluation
    /// (drops on the paired items), or a saved one, from Import-ModelEvaluation or Import-Clixml (drops of the headline metrics);
    /// for a detector, a DetectionModelEvaluation of the same images (drops on the paired images).
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    [GateEvaluation(nameof(Baseline))]
    public object? Baseline { get; set; }

    /// <summary>A drop beyond its limit fails only when the paired 95% bootstrap interval of the delta excludes 0.</summary>
    [Parameter]
    public SwitchParameter OnlySignificant { get; set; }

    /// <summary>With -OnlySignificant: paired bootstrap resamples.</summary>
    [Parameter]
    [ValidateBetween(1, 100000)]
    public int BootstrapSamples { get; set; } = EvaluationComparisons.DefaultBootstrapSamples;

    /// <summary>With -OnlySignificant: seed of the resampling.</summary>
    [Parameter]
    public int Seed { get; set; } = new ComparisonOptions().Seed;

    /// <summary>Writes one ReleaseGateResult per gate instead of $true/$false (failed gates are still errors).</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    // Held through a type of this assembly: a public cmdlet's fields must not need the engine to load (see ModelEvaluation).
    private readonly ReleaseGateList _gates = new();

    /// <summary>Reads the gates; unknown metrics, bad limits and drops without a baseline stop the command before any work.</summary>
    protected override void BeginProcessing()
    {
        ReadGates(Minimum, GateKind.Minimum, nameof(Minimum));
        ReadGates(Maximum, GateKind.Maximum, nameof(Maximum));
        ReadGates(MaxDrop, GateKind.MaxDrop, nameof(MaxDrop));
        if (_gates.Count == 0) Stop("NoGates", "Give at least one gate: -Minimum, -Maximum or -MaxDrop @{ Metric = Value }.", null);
        if (Baseline is null && MaxDrop is not null) Stop("MaxDropNeedsBaseline", "-MaxDrop measures a drop against -Baseline: give the baseline evaluation.", MaxDrop);
        if (Baseline is null && OnlySignificant.IsPresent) Stop("OnlySignificantNeedsBaseline", "-OnlySignificant is about drops against -Baseline: give the baseline evaluation.", null);
        if (Baseline is EvaluationResult other && other is not (ModelEvaluation or DetectionModelEvaluation)) ThrowTerminatingError(EvaluationComparisons.NotClassification(other, nameof(Baseline)));
        if (Baseline is SavedModelEvaluation && OnlySignificant.IsPresent)
        {
            Stop("OnlySignificantNeedsItems", "-OnlySignificant resamples the items both models predicted, and a saved evaluation keeps none: give -Baseline the evaluation itself (Get-ModelEvaluation on last release's files).", Baseline);
        }
        if (Baseline is not null && MaxDrop is null) WriteWarning("-Baseline is only used by -MaxDrop gates; none was given, so the baseline is not compared.");
    }

    /// <summary>Checks every gate on one evaluation.</summary>
    protected override void ProcessRecord()
    {
        IReadOnlyList<GateResult>? results;
        string predictionPath;
        var slice = string.Empty;
        switch (InputObject)
        {
            case ModelEvaluation candidate:
                results = Check(candidate);
                predictionPath = candidate.PredictionPath;
                slice = candidate.Slice;
                break;
            case SavedModelEvaluation saved:
                results = Check(saved);
                predictionPath = saved.PredictionPath ?? saved.Path ?? string.Empty;
                slice = saved.Slice;
                break;
            case DetectionModelEvaluation detection:
                results = Check(detection);
                predictionPath = detection.PredictionPath;
                break;
            default:
                // GateEvaluation lets only evaluations through: this is one of another task.
                WriteError(EvaluationComparisons.NotClassification((EvaluationResult)InputObject!, nameof(InputObject)));
                return;
        }
        if (results is null) return;
        bool passed = true;
        foreach (var result in results)
        {
            var output = ToOutput(result, predictionPath);
            output.Slice = slice;
            // The slices of one predictions file (-SliceBy) share their PredictionPath: the message says which one failed.
            var gate = slice.Length == 0 ? output.Gate : $"{output.Gate} on the slice {slice}";
            if (Detailed.IsPresent) WriteObject(output);
            if (result.Passed)
            {
                WriteVerbose($"Gate passed: {gate}: {output.Message}.");
                continue;
            }
            passed = false;
            WriteError(new ErrorRecord(new InvalidOperationException($"Gate failed: {gate}: {output.Message}."), GateFailedErrorId, ErrorCategory.LimitsExceeded, output));
        }
        if (!Detailed.IsPresent) WriteObject(passed);
    }

    /// <summary>The gates' results; null after writing an error (a baseline that cannot be compared).</summary>
    private IReadOnlyList<GateResult>? Check(ModelEvaluation candidate)
    {
        if (GatesOf(candidate) is not { } gates) return null;
        if (!gates.Any(g => g.Kind == GateKind.MaxDrop)) return ReleaseGates.Check(gates, candidate.Evaluation);
        if (Baseline is not (ModelEvaluation or SavedModelEvaluation))
        {
            WriteError(EvaluationComparisons.NotClassification((EvaluationResult)Baseline!, nameof(Baseline)));
            return null;
        }
        if (Baseline is SavedModelEvaluation saved)
        {
            foreach (var caution in saved.Saved.Cautions(candidate.Evaluation, candidate.MlUse, candidate.SliceKey, candidate.SliceValue)) WriteWarning(caution.ToString());
            try
            {
                return ReleaseGates.Check(gates, candidate.Evaluation, saved.Saved);
            }
            catch (InputFormatException e)
            {
                WriteError(new ErrorRecord(e, "EvaluationsNotComparable", ErrorCategory.InvalidData, candidate));
                return null;
            }
        }
        var baseline = (ModelEvaluation)Baseline!;
        // A drop against a saved baseline compares headline figures, which a merge keeps: the way out the message names
        // (not for -OnlySignificant, which resamples the items whatever the baseline).
        var savedBaseline = OnlySignificant.IsPresent ? null
            : "save the baseline (Export-ModelEvaluation) and give -Baseline (Import-ModelEvaluation FILE): against a saved baseline the drop of the headline figures is measured";
        if (MergedEvaluations.RefuseOrOffer(this, "-MaxDrop against a live -Baseline, which pairs the items of both,", savedBaseline, baseline, candidate)) return null;
        var comparison = EvaluationComparisons.Compare(this, baseline, candidate, OnlySignificant.IsPresent ? BootstrapSamples : 0, Seed);
        return comparison is null ? null : ReleaseGates.Check(gates, candidate.Evaluation, comparison, OnlySignificant.IsPresent);
    }

    /// <summary>The gates' results on a detection or segmentation evaluation, drops on the images it shares with the baseline; null after writing an error.</summary>
    private IReadOnlyList<GateResult>? Check(DetectionModelEvaluation candidate)
    {
        if (GatesOf(candidate) is not { } gates) return null;
        if (!gates.Any(g => g.Kind == GateKind.MaxDrop)) return ReleaseGates.Check(gates, candidate.Evaluation);
        if (Baseline is not DetectionModelEvaluation baseline)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"-Baseline: a detector's drops are measured against another detector's evaluation of the same images, not a {(Baseline as EvaluationResult)?.Task.ToLowerInvariant() ?? "saved classification"} evaluation."),
                "TaskNotComparable",
                ErrorCategory.InvalidArgument,
                Baseline));
            return null;
        }
        if (MergedEvaluations.Refuse(this, "matching its detections again", baseline, candidate)) return null;
        try
        {
            var comparison = RunEngine(calls => DetectionComparer.Compare(baseline.Evaluation, candidate.Evaluation, OnlySignificant.IsPresent ? BootstrapSamples : 0, Seed, calls.Progress, calls.Cancellation));
            return ReleaseGates.Check(gates, candidate.Evaluation, comparison, OnlySignificant.IsPresent);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            WriteError(new ErrorRecord(e, "EvaluationsNotComparable", ErrorCategory.InvalidData, candidate));
            return null;
        }
    }

    /// <summary>The gates as the candidate's task names its metrics; null after writing an error for one it does not have.</summary>
    private List<ReleaseGate>? GatesOf(object candidate)
    {
        bool detection = candidate is DetectionModelEvaluation;
        var gates = new List<ReleaseGate>();
        foreach (var gate in _gates)
        {
            if ((detection ? gate.Detection : gate.Classification) is { } ofTask)
            {
                gates.Add(ofTask);
                continue;
            }
            var message = detection
                ? $"{candidate}: {gate.DetectionRefusal}."
                : $"{candidate}: {gate.Name} is not a metric of a classification evaluation; its metrics are: {EvaluationComparisons.KnownMetrics}.";
            WriteError(new ErrorRecord(new ArgumentException(message), "MetricNotForTask", ErrorCategory.InvalidArgument, candidate));
            return null;
        }
        return gates;
    }

    /// <summary>
    /// The gates' results on a saved candidate: its headline figures decide value gates and drops against a saved
    /// baseline; null after writing an error (a gate that needs the candidate's items, a baseline that cannot be compared).
    /// </summary>
    private IReadOnlyList<GateResult>? Check(SavedModelEvaluation candidate)
    {
        if (GatesOf(candidate) is not { } gates) return null;
        bool drops = gates.Any(g => g.Kind == GateKind.MaxDrop);
        if (OnlySignificant.IsPresent || (drops && Baseline is ModelEvaluation))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"{candidate} keeps its headline figures, not its items: "
                    + (OnlySignificant.IsPresent ? "-OnlySignificant resamples the items both models predicted" : "-MaxDrop against a live -Baseline is measured on the items both models predicted")
                    + "; check -Minimum and -Maximum gates on it, measure drops against a saved baseline (Import-ModelEvaluation), or give the candidate evaluation itself (Get-ModelEvaluation)."),
                "GateNeedsItems",
                ErrorCategory.InvalidArgument,
                candidate));
            return null;
        }
        if (drops && Baseline is not SavedModelEvaluation)
        {
            WriteError(EvaluationComparisons.NotClassification((EvaluationResult)Baseline!, nameof(Baseline)));
            return null;
        }
        var baseline = drops ? ((SavedModelEvaluation)Baseline!).Saved : null;
        if (baseline is not null)
        {
            foreach (var caution in baseline.Cautions(candidate.Saved)) WriteWarning(caution.ToString());
        }
        try
        {
            return ReleaseGates.Check(gates, candidate.Saved, baseline);
        }
        catch (InputFormatException e)
        {
            WriteError(new ErrorRecord(e, "EvaluationsNotComparable", ErrorCategory.InvalidData, candidate));
            return null;
        }
    }

    private void ReadGates(MetricLimits? gates, GateKind kind, string parameter)
    {
        if (gates is null) return;
        if (gates.Entries.Count == 0) Stop("NoGates", $"-{parameter} @{{}} names no gate: give @{{ Metric = Value }}; {GateMetrics}.", gates);
        // A hashtable has no order: its gates are checked in the order of the metrics; [ordered]@{} keeps the user's.
        var entries = gates.Gates;
        if (gates.Entries is not IOrderedDictionary) entries = entries.OrderBy(e => MetricOrder(e.Key?.ToString() ?? string.Empty));
        foreach (var entry in entries)
        {
            var name = entry.Key?.ToString() ?? string.Empty;
            var metric = HeadlineMetrics.TryFind(name);
            if (metric is null && CocoStats.IndexOf(name) < 0)
            {
                Stop("UnknownMetric", $"-{parameter}: there is no metric '{name}'; {GateMetrics}. A video evaluation's figures are its properties: test them in a script (for example $evaluation.AuPrc -ge 0.9).", name);
                return;
            }
            var (limit, relative) = ReadLimit(entry.Value, kind, parameter, name);
            ReleaseGate? detection = null;
            string? detectionRefusal = null;
            try
            {
                detection = new ReleaseGate(kind, ReleaseGate.DetectionMetric(kind, name), limit, relative);
            }
            catch (ArgumentException)
            {
                // The engine's reason, with the statistics named as the DetectionModelEvaluation's properties.
                detectionRefusal = CocoStats.IndexOf(name) < 0
                    ? $"{name} is not a metric of a detection evaluation; its metrics are COCO's statistics: {DetectionMetricNames(CocoStats.JsonNames)}"
                    : $"a drop of {name} cannot be measured: a comparison of two detectors pairs their images for {DetectionMetricNames(DetectionComparer.MetricNames)} only";
            }
            _gates.Add(new TaskGates(name, metric is null ? null : new ReleaseGate(kind, metric.Name, limit, relative), detection, detectionRefusal));
        }
    }

    /// <summary>The names a gate takes, for messages.</summary>
    private static string GateMetrics =>
        $"a classification evaluation's metrics are: {EvaluationComparisons.KnownMetrics}. A detection or segmentation evaluation's are COCO's statistics: {DetectionMetricNames(CocoStats.JsonNames)}";

    private static string DetectionMetricNames(IEnumerable<string> metrics) => string.Join(", ", metrics.Select(EvaluationComparisons.DetectionDisplayName));

    /// <summary>A metric's place: the classification metrics in the evaluate JSON's order, then COCO's statistics in theirs.</summary>
    private static int MetricOrder(string name) =>
        HeadlineMetrics.TryFind(name) is { } metric ? HeadlineMetrics.All.ToList().IndexOf(metric) : HeadlineMetrics.All.Count + CocoStats.IndexOf(name);

    /// <summary>A gate's limit: a number, or a string of one (as <see cref="NumberText"/> reads it); a drop may be '1%', relative to the baseline.</summary>
    private (double Limit, bool Relative) ReadLimit(object? value, GateKind kind, string parameter, string name)
    {
        var raw = value is PSObject wrapped ? wrapped.BaseObject : value;
        bool relative = false;
        double limit = double.NaN;
        if (raw is string text)
        {
            text = text.Trim();
            relative = kind == GateKind.MaxDrop && text.EndsWith("%", StringComparison.Ordinal);
            if (relative) text = text.Substring(0, text.Length - 1).TrimEnd();
            if (!NumberText.TryRead(text, out limit)) limit = double.NaN;
        }
        else if (raw is not null and not bool)
        {
            try
            {
                limit = LanguagePrimitives.ConvertTo<double>(raw);
            }
            catch (PSInvalidCastException)
            {
                limit = double.NaN;
            }
        }
        var kindOfValue = kind == GateKind.MaxDrop ? "a number of at least 0 or a percentage such as '1%'" : "a number";
        if (double.IsNaN(limit) || double.IsInfinity(limit) || (kind == GateKind.MaxDrop && limit < 0))
        {
            Stop("InvalidGateValue", $"-{parameter}: {name} = '{value}' is not {kindOfValue}.", value);
        }
        return (relative ? limit / 100 : limit, relative);
    }

    private void Stop(string errorId, string message, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));

    /// <summary>The PowerShell form of a gate's result: the metric under its capitalised name, in the gate as a condition and in the message.</summary>
    private static ReleaseGateResult ToOutput(GateResult result, string predictionPath)
    {
        var gate = result.Gate;
        var metric = CocoStats.IndexOf(gate.Metric) >= 0 ? EvaluationComparisons.DetectionDisplayName(gate.Metric) : EvaluationComparisons.DisplayName(gate.Metric);
        var comparison = gate.Kind switch
        {
            GateKind.Minimum => $"{metric} >=",
            GateKind.Maximum => $"{metric} <=",
            _ => $"{metric} drop <=",
        };
        return new ReleaseGateResult(comparison, gate, metric, result.Value, result.Baseline, result.Drop, result.Passed, $"{metric} {result.Finding}", predictionPath);
    }
}

/// <summary>The gates a Test-ModelEvaluation command checks, in order.</summary>
internal sealed class ReleaseGateList : List<TaskGates>
{
}

/// <summary>One gate as the user named it, as each task reads it: null where the task has no such metric or cannot measure its drop (for detection, <paramref name="DetectionRefusal"/> says which).</summary>
internal sealed record TaskGates(string Name, ReleaseGate? Classification, ReleaseGate? Detection, string? DetectionRefusal);
