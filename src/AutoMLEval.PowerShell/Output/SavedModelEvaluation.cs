using System.Management.Automation;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval;

/// <summary>
/// A classification evaluation kept without its items, as <c>Import-ModelEvaluation</c> reads it from a saved evaluate
/// JSON file (Export-ModelEvaluation, <c>automl-eval evaluate --format json</c>): the headline metrics under
/// ModelEvaluation's property names, with what tells whether a new evaluation is comparable. Test-ModelEvaluation
/// -Baseline measures drops against it; comparisons that pair items need the evaluation itself.
/// </summary>
public sealed class SavedModelEvaluation
{
    // Held through an internal type of this assembly, so that loading this public type never needs the engine (see ModelEvaluation).
    private readonly SavedSource _source;

    internal SavedModelEvaluation(SavedEvaluation saved, string? path, string? predictionPath = null)
    {
        _source = new SavedSource(saved);
        Labels = new ResultList<LabelEvaluation>((saved.PerLabel ?? Array.Empty<SavedLabelMetrics>()).Select(l => new LabelEvaluation(
            l.Label, l.Support, l.AuPrc, l.AuRoc, l.Precision, l.Recall, l.F1Score, saved.Threshold, l.BestF1Score, l.BestF1Threshold,
            OutputValues.Defined(l.ArgMaxPrecision), OutputValues.Defined(l.ArgMaxRecall), OutputValues.Defined(l.ArgMaxF1Score))).ToArray());
        Path = path;
        PredictionPath = predictionPath;
    }

    /// <summary>The evaluation task ("Classification").</summary>
    public string Task => Tasks.EvaluationTasks.Classification;

    /// <summary>The evaluated split; empty when not saved.</summary>
    public string? MlUse => Saved.MlUse;

    /// <summary>Whether items may carry several labels.</summary>
    public bool IsMultiLabel => Saved.IsMultiLabel;

    /// <summary>Number of evaluated items.</summary>
    public int Items => Saved.Items;

    /// <summary>The label names in column order, joined by ";"; empty when not saved.</summary>
    public string? LabelNames => Saved.Labels is { } labels ? string.Join(MisclassifiedImage.LabelSeparator, labels) : null;

    /// <summary>
    /// Each label's figures as saved, as <see cref="ModelEvaluation.Labels"/> gave them (empty when the evaluation was saved
    /// without them, as an Import-Clixml'd object is).
    /// </summary>
    public ResultList<LabelEvaluation> Labels { get; }

    /// <summary>Micro-averaged AuPRC (evaluate JSON <c>auPrc</c>).</summary>
    public double? AuPrc => Metric("auPrc");

    /// <summary>Micro-averaged ROC AUC (<c>auRoc</c>).</summary>
    public double? AuRoc => Metric("auRoc");

    /// <summary>Mean of the per-label AuPRCs.</summary>
    public double? MacroAuPrc => Metric("macroAuPrc");

    /// <summary>Mean of the per-label ROC AUCs.</summary>
    public double? MacroAuRoc => Metric("macroAuRoc");

    /// <summary>Log loss.</summary>
    public double? LogLoss => Metric("logLoss");

    /// <summary>Single-label: top-1 accuracy; multi-label: subset accuracy at <see cref="Threshold"/>.</summary>
    public double? Accuracy => Metric("accuracy");

    /// <summary>The decision threshold of <see cref="Precision"/>, <see cref="Recall"/> and <see cref="F1Score"/>.</summary>
    public double Threshold => Saved.Threshold;

    /// <summary>Micro-averaged precision at <see cref="Threshold"/> (<c>microPrecision</c>).</summary>
    public double? Precision => Metric("microPrecision");

    /// <summary>Micro-averaged recall at <see cref="Threshold"/> (<c>microRecall</c>).</summary>
    public double? Recall => Metric("microRecall");

    /// <summary>Micro-averaged F1 at <see cref="Threshold"/> (<c>microF1</c>).</summary>
    public double? F1Score => Metric("microF1");

    /// <summary>Mean per-label F1.</summary>
    public double? MacroF1 => Metric("macroF1");

    /// <summary><see cref="MacroF1"/> named by its rule, as ModelEvaluation's <c>MacroF1Name</c>.</summary>
    public string MacroF1Name => ClassificationEvaluation.MacroF1NameOf(IsMultiLabel, Threshold);

    /// <summary>Expected calibration error (ModelEvaluation's <c>Calibration.ExpectedCalibrationError</c>); empty for multi-label.</summary>
    public double? ExpectedCalibrationError => Metric("expectedCalibrationError");

    /// <summary>Multi-class Brier score (ModelEvaluation's <c>Calibration.BrierScore</c>); empty for multi-label.</summary>
    public double? BrierScore => Metric("brierScore");

    /// <summary>The metadata key of the slice this is the evaluation of (Get-ModelEvaluation -SliceBy); empty for a whole evaluation.</summary>
    public string? SliceKey => Saved.SliceKey;

    /// <summary>The slice's value of <see cref="SliceKey"/>; empty for the slice of items without a value.</summary>
    public string? SliceValue => Saved.SliceValue;

    /// <summary>"camera=a" ("camera=(none)" for the items without a value); empty for a whole evaluation, as ModelEvaluation's.</summary>
    public string Slice => SliceKey is null ? string.Empty : SliceKey + "=" + (SliceValue ?? "(none)");

    /// <summary>The file it was read from; empty for an evaluation that came through Import-Clixml.</summary>
    public string? Path { get; }

    /// <summary>The predictions file it was made from, when that was kept (a ModelEvaluation read back with Import-Clixml); empty for a saved JSON file.</summary>
    public string? PredictionPath { get; }

    /// <summary>The engine's saved evaluation.</summary>
    internal SavedEvaluation Saved => _source.Saved;

    /// <summary>"Saved classification of test, 540 items: accuracy 0.8963 AuPRC 0.9580 (last-release.json)"; a slice's says "of test camera=a".</summary>
    public override string ToString() => OutputValues.Text("Saved {0} of {1}{2}, {3} items: accuracy {4} AuPRC {5} ({6})", Task, MlUse ?? "(split not saved)", SliceKey is null ? string.Empty : " " + Slice, Items, OutputValues.Metric(Accuracy), OutputValues.Metric(AuPrc), Path is null ? Saved.Source : System.IO.Path.GetFileName(Path));

    /// <summary>
    /// A ModelEvaluation or SavedModelEvaluation that went through serialization (Import-Clixml, a job, remoting), read
    /// from its properties: every property named as a headline metric (AuPrc, Precision, …, and those of its
    /// Calibration), its Threshold, Items, IsMultiLabel and MlUse. Null when it is neither.
    /// </summary>
    internal static SavedModelEvaluation? FromDeserialized(PSObject deserialized)
    {
        if (!deserialized.TypeNames.Any(t => t is "Deserialized." + nameof(AutoMLEval) + "." + nameof(ModelEvaluation) or "Deserialized." + nameof(AutoMLEval) + "." + nameof(SavedModelEvaluation))) return null;
        var properties = deserialized.Properties.ToList();
        if (deserialized.Properties[nameof(ModelEvaluation.Calibration)]?.Value is PSObject calibration) properties.AddRange(calibration.Properties);
        var metrics = properties
            .Where(p => HeadlineMetrics.TryFind(p.Name) is not null)
            .Select(p => new KeyValuePair<string, double>(p.Name, Number(p.Value) ?? double.NaN));
        var prediction = deserialized.Properties[nameof(ModelEvaluation.PredictionPath)]?.Value as string;
        var source = "the deserialized evaluation" + (prediction is null ? string.Empty : " of " + prediction);
        var saved = new SavedEvaluation(
            source,
            deserialized.Properties[nameof(IsMultiLabel)]?.Value is true,
            (int)(Number(deserialized.Properties[nameof(Items)]?.Value) ?? 0),
            Number(deserialized.Properties[nameof(Threshold)]?.Value) ?? double.NaN,
            metrics,
            deserialized.Properties[nameof(MlUse)]?.Value as string)
        {
            SliceKey = deserialized.Properties[nameof(SliceKey)]?.Value as string,
            SliceValue = deserialized.Properties[nameof(SliceValue)]?.Value as string,
        };
        return new SavedModelEvaluation(saved, path: null, prediction);
    }

    private double? Metric(string name) => OutputValues.Defined(Saved.Value(HeadlineMetrics.Find(name)));

    private static double? Number(object? value) => value switch
    {
        PSObject wrapped => Number(wrapped.BaseObject),
        double d => d,
        int i => i,
        _ => null,
    };
}

/// <summary>The engine's saved evaluation behind a <see cref="SavedModelEvaluation"/>.</summary>
internal sealed class SavedSource
{
    public SavedSource(SavedEvaluation saved) => Saved = saved;

    public SavedEvaluation Saved { get; }
}
