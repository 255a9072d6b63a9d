namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>One item of a classification ground truth: its path (the key predictions match on), labels and split.</summary>
/// <param name="ItemId">The item's path exactly as written (backslashes turned into slashes).</param>
/// <param name="Labels">Its true labels (none is allowed in multi-label data).</param>
/// <param name="MlUse">Its split (<see cref="MlUse"/>), or null when the format has none.</param>
/// <param name="Line">The 1-based line it was read from (0 for a folder).</param>
public sealed record GroundTruthItem(string ItemId, IReadOnlyList<string> Labels, string? MlUse, long Line);

/// <summary>A classification ground truth as read from one file or folder, all splits.</summary>
public sealed class GroundTruthSet
{
    internal GroundTruthSet(string source, IReadOnlyList<GroundTruthItem> items, bool isMultiLabel, int duplicateRecords, int skippedRecords)
    {
        Source = source;
        Items = items;
        IsMultiLabel = isMultiLabel;
        DuplicateRecords = duplicateRecords;
        SkippedRecords = skippedRecords;
        Labels = items.SelectMany(i => i.Labels).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The file or folder read.</summary>
    public string Source { get; }

    /// <summary>The folder relative item paths are relative to (the file's folder, or the folder itself).</summary>
    public string BaseDirectory => Directory.Exists(Source) ? Source : Path.GetDirectoryName(Path.GetFullPath(Source)) ?? ".";

    /// <summary>Every item, all splits, in file order; repeated rows of one item are merged into one.</summary>
    public IReadOnlyList<GroundTruthItem> Items { get; }

    /// <summary>Every label, in order of first appearance.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// Whether the data is multi-label: most JSON Lines records use <c>classificationAnnotations</c>, or items with
    /// other than one label are at least 2 and at least 1% of the items (so that one odd row does not decide).
    /// </summary>
    public bool IsMultiLabel { get; }

    /// <summary>Rows that repeated an item already read (merged into it).</summary>
    public int DuplicateRecords { get; }

    /// <summary>Rows that could not be used (each reported as an error).</summary>
    public int SkippedRecords { get; }

    /// <summary>Number of items in each split (null split as "(none)").</summary>
    public IReadOnlyDictionary<string, int> SplitCounts =>
        Items.GroupBy(i => i.MlUse ?? "(none)", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The items of a split; items of a format without splits belong to every split.</summary>
    public IReadOnlyList<GroundTruthItem> InSplit(string mlUse) =>
        Items.Where(i => i.MlUse is null || string.Equals(i.MlUse, mlUse, StringComparison.Ordinal)).ToArray();
}
