using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// A table of release gates, <c>@{ Metric = limit }</c>, as Test-ModelEvaluation's -Minimum, -Maximum and -MaxDrop take
/// it. PowerShell converts the hashtable (or <c>[ordered]@{ }</c>) given through the constructor, which keeps its
/// entries as they are (the command checks names and limits, saying which are known). The properties are the names a
/// gate takes, so that PowerShell 7 completes them inside <c>@{ }</c>: there it offers the settable properties of the
/// parameter's type, and asks no argument completer.
/// </summary>
public sealed class MetricLimits
{
    /// <summary>An empty table, filled through the properties (the conversion needs the constructor below).</summary>
    public MetricLimits() => Entries = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The table <paramref name="limits"/>: metric names and their limits, in its order.</summary>
    public MetricLimits(IDictionary limits) => Entries = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>The table as given.</summary>
    internal IDictionary Entries { get; }

    /// <summary>
    /// The table's entries, in its order; through IDictionary's own enumerator, since a generic dictionary's
    /// IEnumerable gives KeyValuePairs, not DictionaryEntries.
    /// </summary>
    internal IEnumerable<DictionaryEntry> Gates
    {
        get
        {
            var entry = Entries.GetEnumerator();
            while (entry.MoveNext()) yield return entry.Entry;
        }
    }

    /// <summary>Classification: AuPRC, micro-averaged.</summary>
    public object? AuPrc { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: ROC AUC, micro-averaged.</summary>
    public object? AuRoc { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: log loss (lower is better).</summary>
    public object? LogLoss { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: AuPRC, averaged over labels.</summary>
    public object? MacroAuPrc { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: ROC AUC, averaged over labels.</summary>
    public object? MacroAuRoc { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: accuracy.</summary>
    public object? Accuracy { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: F1, averaged over labels.</summary>
    public object? MacroF1 { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: precision at the threshold, micro-averaged (also Precision).</summary>
    public object? MicroPrecision { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: recall at the threshold, micro-averaged (also Recall).</summary>
    public object? MicroRecall { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: F1 at the threshold, micro-averaged (also F1Score).</summary>
    public object? MicroF1 { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: expected calibration error (lower is better).</summary>
    public object? ExpectedCalibrationError { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: Brier score (lower is better).</summary>
    public object? BrierScore { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: MicroPrecision, as the ModelEvaluation names it.</summary>
    public object? Precision { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: MicroRecall, as the ModelEvaluation names it.</summary>
    public object? Recall { get => Limit(); set => SetLimit(value); }

    /// <summary>Classification: MicroF1, as the ModelEvaluation names it.</summary>
    public object? F1Score { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AP at IoU .50:.95.</summary>
    public object? AP { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AP at IoU .50.</summary>
    public object? AP50 { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AP at IoU .75.</summary>
    public object? AP75 { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AP of small objects.</summary>
    public object? APSmall { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AP of medium objects.</summary>
    public object? APMedium { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AP of large objects.</summary>
    public object? APLarge { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AR given 1 detection per image.</summary>
    public object? AR1 { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AR given 10 detections per image.</summary>
    public object? AR10 { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AR given 100 detections per image.</summary>
    public object? AR100 { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AR of small objects.</summary>
    public object? ARSmall { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AR of medium objects.</summary>
    public object? ARMedium { get => Limit(); set => SetLimit(value); }

    /// <summary>Detection: COCO AR of large objects.</summary>
    public object? ARLarge { get => Limit(); set => SetLimit(value); }

    /// <summary>The table as written: <c>AuPrc = 0.95; Recall = 0.9</c>.</summary>
    public override string ToString() =>
        string.Join("; ", Gates.Select(e => string.Format(CultureInfo.InvariantCulture, "{0} = {1}", e.Key, e.Value)));

    private object? Limit([CallerMemberName] string metric = "") => Entries.Contains(metric) ? Entries[metric] : null;

    private void SetLimit(object? value, [CallerMemberName] string metric = "") => Entries[metric] = value;
}
