using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// Video predictions turned into multi-label classification data: one row per item (<see cref="Items"/>, same
/// order as the rows of <see cref="Data"/>), one column per ground-truth label, with what was left out counted.
/// </summary>
public sealed class VideoUnitData
{
    /// <summary>Creates the data; <paramref name="items"/> must match the rows of <paramref name="data"/>.</summary>
    public VideoUnitData(VideoUnit unit, ClassificationData data, IReadOnlyList<VideoItem> items, IReadOnlyDictionary<string, IReadOnlyList<VideoAnnotation>> annotations, VideoUnitCounts counts)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        Items = items ?? throw new ArgumentNullException(nameof(items));
        if (items.Count != data.ItemCount) throw new ArgumentException($"{items.Count} items for {data.ItemCount} rows.", nameof(items));
        Unit = unit;
        Annotations = annotations ?? throw new ArgumentNullException(nameof(annotations));
        Counts = counts ?? throw new ArgumentNullException(nameof(counts));
    }

    /// <summary>The unit the items are.</summary>
    public VideoUnit Unit { get; }

    /// <summary>Scores and true labels, items × labels, multi-label.</summary>
    public ClassificationData Data { get; }

    /// <summary>The items, in row order.</summary>
    public IReadOnlyList<VideoItem> Items { get; }

    /// <summary>The ground-truth annotations of the evaluated split, by video.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<VideoAnnotation>> Annotations { get; }

    /// <summary>What was read, used and left out.</summary>
    public VideoUnitCounts Counts { get; }

    /// <summary>The distinct videos of the predictions that the ground truth's split does not have (each reported once).</summary>
    internal IReadOnlyList<string> UnknownVideos { get; init; } = Array.Empty<string>();

    /// <summary>The distinct labels of the predictions that the ground truth never uses (each reported once).</summary>
    internal IReadOnlyList<string> UnknownLabels { get; init; } = Array.Empty<string>();
}

/// <summary>
/// What building the items used and left out. Every count other than the first three was also reported as a
/// <see cref="Diagnostics.DataIssue"/> (individually, or once with the total for the very frequent ones).
/// </summary>
/// <param name="Videos">Ground-truth videos of the split.</param>
/// <param name="PredictedVideos">Ground-truth videos with at least one item.</param>
/// <param name="Instances">Prediction lines (instances) read.</param>
/// <param name="UnknownVideoInstances">Instances whose video the ground truth does not have in any split (skipped).</param>
/// <param name="OtherTypeEntries">Entries of another prediction type than the unit's (not used, by design).</param>
/// <param name="UnknownLabelEntries">Entries whose label the ground truth never uses (skipped).</param>
/// <param name="UnboundedEntries">Entries of the unit's type whose span runs to "Infinity" (skipped).</param>
/// <param name="DuplicateEntries">Second scores for the same (video, span, label) (skipped; the first is kept).</param>
/// <param name="MissingScores">(item, label) pairs without a score, scored 0.</param>
/// <param name="VideosWithoutPredictions">Ground-truth videos of the split without any item (their annotations are not evaluated).</param>
public sealed record VideoUnitCounts(
    long Videos,
    long PredictedVideos,
    long Instances,
    long UnknownVideoInstances,
    long OtherTypeEntries,
    long UnknownLabelEntries,
    long UnboundedEntries,
    long DuplicateEntries,
    long MissingScores,
    long VideosWithoutPredictions)
{
    /// <summary>Instances of videos the ground truth has in other splits only (left out as intended).</summary>
    public long OtherSplitInstances { get; init; }
}
