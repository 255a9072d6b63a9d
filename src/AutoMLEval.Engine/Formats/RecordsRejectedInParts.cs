using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// A merge holds what its parts held: when records were rejected making the parts (each reported then, an error then),
/// the merge says so too, as one error, so that it fails as one evaluation of all the shards would. The CLI's
/// <c>merge</c> (exit 3) and <c>Merge-ModelEvaluation</c> (a non-terminating error) both report this issue.
/// </summary>
public static class RecordsRejectedInParts
{
    /// <summary>The issue's code.</summary>
    public const string Code = "RecordsRejectedInParts";

    /// <summary>Of a classification merge: the skipped ground-truth records (once: every part read the same file) and prediction records (summed).</summary>
    public static DataIssue? Of(InputSummary summary, string source) =>
        Of(summary.SkippedGroundTruthRecords, summary.SkippedPredictionRecords, source);

    /// <summary>
    /// Of a detection merge, rejected as evaluate rejects them: unreadable records (errors), not the annotations of unlisted
    /// images or categories nor the detections of unknown images (warnings).
    /// </summary>
    public static DataIssue? Of(DetectionEvaluation evaluation, string source) =>
        Of(evaluation.Counts.GroundTruthInvalid, evaluation.Counts.DetectionsInvalid, source);

    /// <summary>Of a video merge: invalid ground-truth records and annotations, invalid prediction lines and entries.</summary>
    public static DataIssue? Of(VideoEvaluation evaluation, string source) =>
        Of(evaluation.GroundTruthCounts.InvalidRecords + evaluation.GroundTruthCounts.InvalidAnnotations,
            evaluation.PredictionCounts.InvalidLines + evaluation.PredictionCounts.InvalidEntries, source);

    /// <summary>The error naming <paramref name="source"/> (the parts), or null when no record was rejected.</summary>
    private static DataIssue? Of(long groundTruthRecords, long predictionRecords, string source) =>
        groundTruthRecords + predictionRecords == 0 ? null : new DataIssue(Code, IssueSeverity.Error, source, 0, string.Empty,
            $"{Counted.Of(groundTruthRecords, "ground-truth record")} and {Counted.Of(predictionRecords, "prediction record")} were rejected when the parts were evaluated "
            + "(each reported then); the merged evaluation holds the other records only");
}
