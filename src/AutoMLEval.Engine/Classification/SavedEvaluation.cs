using System.Globalization;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Classification;

/// <summary>
/// A classification evaluation kept without its items: the headline metrics and what tells whether a new evaluation
/// can be measured against it (single- or multi-label, threshold, labels, items, split). Read from the evaluate JSON
/// (<see cref="Formats.Classification.ClassificationJson.Read"/>) or from a saved object's properties; what a drop gate
/// measures against when last release's predictions are not at hand. Immutable.
/// </summary>
public sealed class SavedEvaluation
{
    private readonly Dictionary<string, double> _metrics;

    /// <summary>Creates a saved evaluation.</summary>
    /// <param name="source">Where it was read from (a file), named by every error about it.</param>
    /// <param name="isMultiLabel">Whether items may carry several labels.</param>
    /// <param name="items">Evaluated items.</param>
    /// <param name="threshold">The decision threshold of the micro metrics.</param>
    /// <param name="metrics">Headline metric values by <see cref="HeadlineMetric.Name"/> (or alias); absent or NaN: undefined.</param>
    /// <param name="mlUse">The evaluated split, when known.</param>
    /// <param name="labels">The labels in order, when known.</param>
    public SavedEvaluation(string source, bool isMultiLabel, int items, double threshold, IEnumerable<KeyValuePair<string, double>> metrics, string? mlUse = null, IReadOnlyList<string>? labels = null)
    {
        Source = source;
        IsMultiLabel = isMultiLabel;
        Items = items;
        Threshold = threshold;
        MlUse = mlUse;
        Labels = labels;
        _metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in metrics) _metrics[HeadlineMetrics.Find(pair.Key).Name] = pair.Value;
    }

    /// <summary>Where it was read from.</summary>
    public string Source { get; }

    /// <summary>Whether items may carry several labels.</summary>
    public bool IsMultiLabel { get; }

    /// <summary>Evaluated items.</summary>
    public int Items { get; }

    /// <summary>The decision threshold of the micro metrics.</summary>
    public double Threshold { get; }

    /// <summary>The evaluated split; null when not known.</summary>
    public string? MlUse { get; }

    /// <summary>The labels in order; null when not known.</summary>
    public IReadOnlyList<string>? Labels { get; }

    /// <summary>Each label's figures as saved (the evaluate JSON's <c>perLabel[]</c>), in <see cref="Labels"/> order; null when not saved.</summary>
    public IReadOnlyList<SavedLabelMetrics>? PerLabel { get; init; }

    /// <summary>The metadata key of the slice this is the evaluation of (evaluate's slice); null for a whole evaluation.</summary>
    public string? SliceKey { get; init; }

    /// <summary>The slice's value of <see cref="SliceKey"/>; null for the items without a value (or a whole evaluation).</summary>
    public string? SliceValue { get; init; }

    /// <summary>The value of a headline metric; NaN when undefined or not saved.</summary>
    public double Value(HeadlineMetric metric) => _metrics.TryGetValue(metric.Name, out var value) ? value : double.NaN;

    /// <summary>
    /// Every headline metric of this evaluation (the reference) and of <paramref name="candidate"/> (the whole
    /// evaluation), in <see cref="HeadlineMetrics.All"/> order, without intervals: there are no items to resample.
    /// </summary>
    /// <exception cref="InputFormatException">
    /// The two cannot be compared: one is single-label and the other multi-label, their thresholds or their labels
    /// differ (the error names <see cref="Source"/> and the field).
    /// </exception>
    public IReadOnlyList<MetricDelta> Against(ClassificationEvaluation candidate) =>
        Against(candidate.IsMultiLabel, candidate.Options.Threshold, candidate.Labels, m => m.Value(candidate));

    /// <summary>
    /// Every headline metric of this evaluation (the reference) and of another saved one, the candidate, as
    /// <see cref="Against(ClassificationEvaluation)"/>; labels are compared when both are known.
    /// </summary>
    /// <exception cref="InputFormatException">The two cannot be compared (as <see cref="Against(ClassificationEvaluation)"/>).</exception>
    public IReadOnlyList<MetricDelta> Against(SavedEvaluation candidate) =>
        Against(candidate.IsMultiLabel, candidate.Threshold, candidate.Labels, candidate.Value);

    private MetricDelta[] Against(bool candidateIsMultiLabel, double candidateThreshold, IReadOnlyList<string>? candidateLabels, Func<HeadlineMetric, double> candidateValue)
    {
        if (IsMultiLabel != candidateIsMultiLabel)
        {
            throw NotComparable("task", $"the saved evaluation is {Kind(IsMultiLabel)} and the new one {Kind(candidateIsMultiLabel)}; compare evaluations of the same ground truth");
        }
        if (Threshold != candidateThreshold)
        {
            throw NotComparable("threshold", FormattableString.Invariant($"the saved evaluation is at threshold {Threshold} and the new one at {candidateThreshold}; evaluate at the saved threshold"));
        }
        // The same labels in another order are the same labels: a predictions file without ids lists them as its first line does.
        if (Labels is not null && candidateLabels is not null && !new HashSet<string>(Labels, StringComparer.Ordinal).SetEquals(candidateLabels))
        {
            throw NotComparable("perLabel", $"the saved evaluation's labels ({string.Join(", ", Labels)}) are not the new one's ({string.Join(", ", candidateLabels)}); compare evaluations of the same ground truth");
        }
        return HeadlineMetrics.All.Select(m => new MetricDelta(m.Name, m.HigherIsBetter, Value(m), candidateValue(m), double.NaN, double.NaN)).ToArray();
    }

    /// <summary>
    /// What makes a comparison with <paramref name="candidate"/> doubtful though possible, as warnings: other item
    /// counts (the drop then mixes a change of model with a change of test set), another split, and another slice
    /// (<paramref name="candidateSliceKey"/> and <paramref name="candidateSliceValue"/> as <see cref="SliceKey"/> and
    /// <see cref="SliceValue"/>: a slice of the same size is still other items).
    /// </summary>
    public IEnumerable<DataIssue> Cautions(ClassificationEvaluation candidate, string? candidateMlUse, string? candidateSliceKey = null, string? candidateSliceValue = null) =>
        Cautions(candidate.ItemCount, candidateMlUse, candidateSliceKey, candidateSliceValue);

    /// <summary>What makes a comparison with another saved evaluation doubtful though possible (as <see cref="Cautions(ClassificationEvaluation, string?, string?, string?)"/>).</summary>
    public IEnumerable<DataIssue> Cautions(SavedEvaluation candidate) => Cautions(candidate.Items, candidate.MlUse, candidate.SliceKey, candidate.SliceValue);

    private IEnumerable<DataIssue> Cautions(int candidateItems, string? candidateMlUse, string? candidateSliceKey, string? candidateSliceValue)
    {
        if (Items != candidateItems)
        {
            yield return new DataIssue("DifferentItems", IssueSeverity.Warning, Source, 0, "items", string.Format(CultureInfo.InvariantCulture,
                "the saved evaluation has {0} and the new one {1}: a drop measured against it also reflects the change of items (give the baseline's predictions to compare on the same items)", Counted.Of(Items, "item"), candidateItems));
        }
        if (MlUse is not null && candidateMlUse is not null && !string.Equals(MlUse, candidateMlUse, StringComparison.Ordinal))
        {
            yield return new DataIssue("DifferentSplit", IssueSeverity.Warning, Source, 0, "mlUse", $"the saved evaluation is of the '{MlUse}' split and the new one of '{candidateMlUse}'");
        }
        if (!string.Equals(SliceKey, candidateSliceKey, StringComparison.Ordinal) || !string.Equals(SliceValue, candidateSliceValue, StringComparison.Ordinal))
        {
            yield return new DataIssue("DifferentSlice", IssueSeverity.Warning, Source, 0, "slice", $"the saved evaluation is of {SliceText(SliceKey, SliceValue)} and the new one of {SliceText(candidateSliceKey, candidateSliceValue)}");
        }
    }

    // "the slice camera=a" (camera=(none) for the items without a value), or "every item" for a whole evaluation.
    private static string SliceText(string? key, string? value) => key is null ? "every item (no slice)" : $"the slice {key}={value ?? "(none)"}";

    private static string Kind(bool multiLabel) => multiLabel ? "multi-label" : "single-label";

    private InputFormatException NotComparable(string field, string message) => new("NotComparable", Source, 0, field, message);
}

/// <summary>
/// One label's figures as a saved evaluation holds them (the evaluate JSON's <c>perLabel[]</c> entry): what
/// <see cref="LabelMetrics"/> gave when it was evaluated. NaN where undefined or not saved (the argmax figures are
/// saved for single-label evaluations only).
/// </summary>
/// <param name="Label">The label's name.</param>
/// <param name="Support">Evaluated items whose true labels include it.</param>
/// <param name="AuPrc">Average precision.</param>
/// <param name="AuRoc">ROC AUC.</param>
/// <param name="Precision">Precision at the evaluation's threshold.</param>
/// <param name="Recall">Recall at the threshold.</param>
/// <param name="F1Score">F1 at the threshold.</param>
/// <param name="BestF1Score">The best F1 over thresholds.</param>
/// <param name="BestF1Threshold">The threshold of the best F1.</param>
/// <param name="ArgMaxPrecision">Precision of the top-label decision.</param>
/// <param name="ArgMaxRecall">Recall of the top-label decision.</param>
/// <param name="ArgMaxF1Score">F1 of the top-label decision.</param>
public sealed record SavedLabelMetrics(string Label, long Support, double AuPrc, double AuRoc, double Precision, double Recall, double F1Score,
    double BestF1Score, double BestF1Threshold, double ArgMaxPrecision, double ArgMaxRecall, double ArgMaxF1Score);
