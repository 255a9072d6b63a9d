using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A merge holds what its parts held: when records were rejected making the parts (each reported then, an error then),
/// the merge says so too, as one error, so that it fails as one evaluation of all the shards would. <see cref="PartialMerge"/>
/// reports it for both front ends (the CLI's <c>merge</c> exits 3, <c>Merge-ModelEvaluation</c> writes a non-terminating
/// error). Which counts are rejected records is each task's <see cref="IPartialEvaluation.Rejected"/>: unreadable records
/// (errors), not, in detection, the annotations of unlisted images or categories nor the detections of unknown images (warnings).
/// </summary>
public static class RecordsRejectedInParts
{
    /// <summary>The issue's code.</summary>
    public const string Code = "RecordsRejectedInParts";

    /// <summary>
    /// The error of a merge that holds <paramref name="rejected"/> (the ground truth's once: every part read the same file;
    /// the predictions' summed); null when no record was rejected. Its file is <paramref name="predictionFiles"/>, the
    /// predictions of the parts that rejected records (what the user can fix); its message names <paramref name="partFiles"/>,
    /// those parts' files when they were read from files.
    /// </summary>
    internal static DataIssue? Of(RejectedRecords rejected, IReadOnlyCollection<string> predictionFiles, IReadOnlyCollection<string> partFiles)
    {
        if (!rejected.Any) return null;
        var written = partFiles.Count == 0 ? string.Empty : $", when {string.Join(", ", partFiles)} {Counted.Verb(partFiles.Count, "was", "were")} written";
        return new DataIssue(Code, IssueSeverity.Error, string.Join(", ", predictionFiles), 0, string.Empty,
            $"{Counted.Of(rejected.GroundTruth, "ground-truth record")} and {Counted.Of(rejected.Predictions, "prediction record")} were rejected when the parts were evaluated "
            + $"(each reported then{written}); the merged evaluation holds the other records only");
    }
}
