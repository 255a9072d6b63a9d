using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A merge holds what its parts held: when records were rejected making the parts (each reported then, an error then),
/// the merge says so too, as one error naming the parts that rejected them, so that it fails as one evaluation of all
/// the shards would. The CLI's <c>merge</c> (exit 3) and <c>Merge-ModelEvaluation</c> (a non-terminating error) both
/// report this issue. Which counts are rejected records is each task's <see cref="IPartialEvaluation.Rejected"/>: unreadable
/// records (errors), not, in detection, the annotations of unlisted images or categories nor the detections of unknown
/// images (warnings).
/// </summary>
public static class RecordsRejectedInParts
{
    /// <summary>The issue's code.</summary>
    public const string Code = "RecordsRejectedInParts";

    /// <summary>
    /// Of the <paramref name="merged"/> part of <paramref name="parts"/>, which have no file of their own (Merge-ModelEvaluation's):
    /// the error naming the predictions files of the parts that rejected records, or null when no record was rejected.
    /// </summary>
    public static DataIssue? Of(IPartialEvaluation merged, IEnumerable<IPartialEvaluation> parts) =>
        Of(merged.Rejected, parts.Where(p => p.Rejected.Any).SelectMany(p => p.Sources));

    /// <summary>
    /// The error of a merge that holds <paramref name="rejected"/> (the ground truth's once: every part read the same file;
    /// the predictions' summed), naming <paramref name="rejectingParts"/>, the parts that rejected records; null when no
    /// record was rejected.
    /// </summary>
    public static DataIssue? Of(RejectedRecords rejected, IEnumerable<string> rejectingParts) =>
        !rejected.Any ? null : new DataIssue(Code, IssueSeverity.Error, string.Join(", ", rejectingParts), 0, string.Empty,
            $"{Counted.Of(rejected.GroundTruth, "ground-truth record")} and {Counted.Of(rejected.Predictions, "prediction record")} were rejected when the parts were evaluated "
            + "(each reported then); the merged evaluation holds the other records only");
}
