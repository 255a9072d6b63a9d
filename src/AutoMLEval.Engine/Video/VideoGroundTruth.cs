namespace AutoMLEval.Engine.Video;

/// <summary>
/// The ground truth of one split of a video-classification data set: each video's annotations, and the label
/// vocabulary of the whole file (every split), so that a label the model scores but the test split happens not
/// to contain is still a known label with no positives, not an unknown one.
/// </summary>
public sealed class VideoGroundTruth
{
    /// <summary>Creates the ground truth.</summary>
    /// <param name="source">The file it was read from.</param>
    /// <param name="split">The ML_USE split kept (for example "test"), or null when every record was kept.</param>
    /// <param name="videos">Annotations of each video of the split, by video URI (ordinal); a video may have none.</param>
    /// <param name="labels">Every label of the file, in ordinal order.</param>
    /// <param name="counts">What the reader read, kept and skipped.</param>
    /// <param name="videoField">The name of the video URI's field in the file's form (JSONL videoGcsUri, CSV VIDEO_URI), for messages about a video.</param>
    public VideoGroundTruth(string source, string? split, IReadOnlyDictionary<string, IReadOnlyList<VideoAnnotation>> videos, IReadOnlyList<string> labels, VideoGroundTruthCounts counts, string videoField = VideoGroundTruthReader.JsonVideoField)
    {
        VideoField = videoField;
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Split = split;
        Videos = videos ?? throw new ArgumentNullException(nameof(videos));
        Labels = labels ?? throw new ArgumentNullException(nameof(labels));
        Counts = counts ?? throw new ArgumentNullException(nameof(counts));
    }

    /// <summary>The file it was read from.</summary>
    public string Source { get; }

    /// <summary>The ML_USE split kept, or null for all records.</summary>
    public string? Split { get; }

    /// <summary>Annotations of each video of the split, by video URI.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<VideoAnnotation>> Videos { get; }

    /// <summary>The label vocabulary (every split), ordinal order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>What was read, kept and skipped.</summary>
    public VideoGroundTruthCounts Counts { get; }

    /// <summary>The name of the video URI's field in the file's form: what a message about a video names.</summary>
    public string VideoField { get; }

    /// <summary>The videos of the file that are only in other splits: their predictions are left out as intended, not unknown.</summary>
    internal IReadOnlyCollection<string> OtherSplitVideos { get; init; } = Array.Empty<string>();
}

/// <summary>What a ground-truth reader read, kept and skipped; every skipped record was also reported as a <see cref="Diagnostics.DataIssue"/>.</summary>
/// <param name="Records">Non-blank lines read.</param>
/// <param name="OtherSplitRecords">Records of another ML_USE split (left out by design, not an error).</param>
/// <param name="NoSplitRecords">Records without an ML_USE value while a split was chosen (evaluated: such a record is in every split).</param>
/// <param name="InvalidRecords">Records that could not be read at all (bad JSON, no video URI, wrong field count).</param>
/// <param name="Annotations">Annotations kept.</param>
/// <param name="InvalidAnnotations">Annotations skipped for a missing label or a malformed, negative, reversed or empty time span.</param>
public sealed record VideoGroundTruthCounts(long Records, long OtherSplitRecords, long NoSplitRecords, long InvalidRecords, long Annotations, long InvalidAnnotations);
