using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Slices;

/// <summary>The evaluation of the items sharing one value of a metadata key.</summary>
/// <param name="Key">The metadata key.</param>
/// <param name="Value">The value; null for the items without one.</param>
/// <param name="Evaluation">Every metric of those items alone.</param>
public sealed record EvaluationSlice(string Key, string? Value, ClassificationEvaluation Evaluation)
{
    /// <summary>Number of items in the slice.</summary>
    public int Items => Evaluation.ItemCount;
}

/// <summary>Evaluates every value of a metadata key on its own (TensorFlow Model Analysis' feature slices).</summary>
public static class MetadataSlices
{
    /// <summary>
    /// One evaluation per value of <paramref name="key"/>, largest slice first (then by value); items without a value
    /// form a slice of their own (value null). A slice under <see cref="ClassificationEvaluation.FewItems"/> items gets a
    /// <c>SmallSlice</c> warning: its figures are only indicative. Each slice is evaluated exactly as the whole.
    /// </summary>
    public static IReadOnlyList<EvaluationSlice> Evaluate(ClassificationData data, ItemMetadata metadata, string key, ClassificationOptions options, IIssueSink sink, string source)
    {
        if (!metadata.Keys.Contains(key, StringComparer.Ordinal))
        {
            throw new ArgumentException($"No item has the metadata key '{key}'; the keys are: {(metadata.Keys.Count == 0 ? "(none)" : string.Join(", ", metadata.Keys))}.");
        }
        var groups = Enumerable.Range(0, data.ItemCount)
            .GroupBy(i => metadata.ValueOf(data.ItemIds[i], key) ?? string.Empty, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        var slices = new List<EvaluationSlice>();
        foreach (var group in groups)
        {
            var value = group.Key.Length == 0 ? null : group.Key;
            var evaluation = ClassificationEvaluator.Evaluate(data.SelectItems(group.ToArray()), options);
            slices.Add(new EvaluationSlice(key, value, evaluation));
            if (evaluation.ItemCount < ClassificationEvaluation.FewItems)
            {
                sink.Report(new DataIssue("SmallSlice", IssueSeverity.Warning, source, 0, key, string.Format(CultureInfo.InvariantCulture,
                    "the slice {0}={1} has only {2} items (fewer than {3}); its figures are only indicative", key, value ?? "(no value)", evaluation.ItemCount, ClassificationEvaluation.FewItems)));
            }
        }
        return slices;
    }
}
