using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

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

/// <summary>The slices of a run by one metadata key, and the run's input summary counting the metadata file's skipped records too.</summary>
/// <param name="Slices">One evaluation per value, largest first.</param>
/// <param name="Summary">The run's summary with <see cref="InputSummary.SkippedMetadataRecords"/> set.</param>
public sealed record SlicedEvaluation(IReadOnlyList<EvaluationSlice> Slices, InputSummary Summary);

/// <summary>Evaluates every value of a metadata key on its own (TensorFlow Model Analysis' feature slices).</summary>
public static class MetadataSlices
{
    /// <summary>
    /// One evaluation per value of <paramref name="key"/>, largest slice first (then by value); items without a value
    /// form a slice of their own (value null). A slice under <see cref="ClassificationEvaluation.FewItems"/> items gets a
    /// <c>SmallSlice</c> warning: its figures are only indicative. Each slice is evaluated exactly as the whole, without
    /// bootstrap intervals. The metadata comes from <paramref name="metadataPath"/>, else from the JSON Lines ground
    /// truth's dataItemResourceLabels. A malformed record of the metadata file is reported and counted in the returned
    /// summary's <see cref="InputSummary.SkippedMetadataRecords"/> (the ground truth's own are counted as ground-truth records already).
    /// </summary>
    /// <exception cref="InputFormatException">The ground truth is a folder, or a CSV without a header, and no metadata file is given (MetadataNeeded), or no item has the key (UnknownMetadataKey).</exception>
    public static SlicedEvaluation Evaluate(ClassificationRun run, string key, string? metadataPath, IIssueSink sink, CancellationToken cancellationToken = default)
    {
        var source = metadataPath ?? run.Inputs.GroundTruth.Source;
        // A --metadata folder is the user's mistake, not a folder ground truth: the reader says it is not a file.
        var holdsNone = metadataPath is null ? WhyNoMetadataIn(source) : null;
        if (holdsNone is not null)
        {
            throw new InputFormatException("MetadataNeeded", source, 0, string.Empty, $"slicing by '{key}': {holdsNone} holds no metadata; give a metadata file (--metadata, -MetadataPath: a CSV path,{key},…)");
        }
        // The ground truth's bad lines were reported (and counted) when it was read: reported again here, each came twice.
        var metadata = ItemMetadata.Read(source, metadataPath is null ? IgnoredIssues.Instance : sink);
        cancellationToken.ThrowIfCancellationRequested();
        if (metadataPath is not null) metadata.CheckMatches(run.Inputs.Data.ItemIds, sink);
        var slices = Evaluate(run.Inputs.Data, metadata, key, run.Evaluation.Options with { BootstrapSamples = 0 }, sink, source);
        return new SlicedEvaluation(slices, run.Inputs.Summary with { SkippedMetadataRecords = metadataPath is null ? 0 : metadata.SkippedRecords });
    }

    /// <summary>
    /// The keys a run can be sliced by, sorted: those of <paramref name="metadataPath"/> when given, else those of the
    /// ground truth at <paramref name="groundTruthPath"/> (none when it holds no metadata, or neither is given). For tab
    /// completion: reads only the file's start (<see cref="ItemMetadata.KeysAtStartOf"/>: a CSV's header, the first
    /// 1,000 lines or 1 MiB of a JSON Lines file); its bad records are not reported (slicing reports them).
    /// </summary>
    public static IReadOnlyList<string> KeysOf(string? metadataPath, string? groundTruthPath) =>
        metadataPath is not null ? ItemMetadata.KeysAtStartOf(metadataPath, IgnoredIssues.Instance)
        : groundTruthPath is not null && WhyNoMetadataIn(groundTruthPath) is null ? ItemMetadata.KeysAtStartOf(groundTruthPath, IgnoredIssues.Instance)
        : Array.Empty<string>();

    // What a ground truth that holds no metadata is, or null when it can hold some (a JSON Lines or a CSV with a header).
    private static string? WhyNoMetadataIn(string groundTruthPath) =>
        Directory.Exists(groundTruthPath) ? "a ground-truth folder"
        : !ItemMetadata.IsJsonLines(groundTruthPath) && !GroundTruthReader.CsvStartsWithHeader(groundTruthPath) ? "a CSV ground truth without a header (ML_USE,path,label rows)"
        : null;

    /// <summary>
    /// One evaluation per value of <paramref name="key"/> (see the overload above), from metadata already read; the
    /// metadata came from <paramref name="source"/>, which issues name.
    /// </summary>
    /// <exception cref="InputFormatException">No item has the key (UnknownMetadataKey).</exception>
    public static IReadOnlyList<EvaluationSlice> Evaluate(ClassificationData data, ItemMetadata metadata, string key, ClassificationOptions options, IIssueSink sink, string source)
    {
        if (!metadata.Keys.Contains(key, StringComparer.Ordinal))
        {
            throw new InputFormatException("UnknownMetadataKey", source, 0, key, $"no item has the metadata key '{key}'; the keys are: {(metadata.Keys.Count == 0 ? "(none)" : string.Join(", ", metadata.Keys))}");
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
                    "the slice {0}={1} has only {2} (fewer than {3}); its figures are only indicative", key, value ?? "(no value)", Counted.Of(evaluation.ItemCount, "item"), ClassificationEvaluation.FewItems)));
            }
        }
        return slices;
    }

    private sealed class IgnoredIssues : IIssueSink
    {
        public static readonly IgnoredIssues Instance = new();

        public void Report(DataIssue issue)
        {
        }
    }
}
