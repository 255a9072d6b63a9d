using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// The one merge of partial evaluations, run by the CLI's <c>merge</c> and by <c>Merge-ModelEvaluation</c>: it reads
/// the parts one at a time as it merges them, evaluates the merge, and reports what one evaluation of all the shards
/// reports, so that both front ends show the same progress and issues (docs/partial-evaluations.md).
/// </summary>
public static class PartialMerge
{
    /// <summary>The progress step of reading and merging the parts, counted one by one ("Merging parts: 3 of 16").</summary>
    public const string MergingStep = "Merging parts";

    /// <summary>The progress step of evaluating the merge (its bootstrap resamples are then counted one by one).</summary>
    public const string EvaluatingStep = "Evaluating the merged parts";

    /// <summary>
    /// Reads and merges <paramref name="parts"/> (of one task, that of the first: any order) and evaluates the merge.
    /// Reports to <paramref name="progress"/> <see cref="MergingStep"/> (the parts read and merged), then
    /// <see cref="EvaluatingStep"/> and each bootstrap resample evaluated; <paramref name="cancellationToken"/> is checked
    /// between parts and within each read. Reports to <paramref name="sink"/> what the task's evaluation of a merge
    /// reports, then, when records were rejected making the parts, <see cref="RecordsRejectedInParts"/>.
    /// </summary>
    /// <param name="parts">The parts, read in this order.</param>
    /// <param name="sink">Where the merge's issues go (from this thread).</param>
    /// <param name="skipUnreadable">
    /// Whether a part that cannot be read (no part, a later format, damaged, an unreadable file) is reported to
    /// <paramref name="sink"/> as an error and left out, and the merge goes on (Merge-ModelEvaluation), rather than thrown (the CLI).
    /// </param>
    /// <param name="progress">Where the steps are reported.</param>
    /// <param name="cancellationToken">Checked between parts, within each read and between bootstrap resamples.</param>
    /// <returns>The merge, or null when no part could be read (each reported).</returns>
    /// <exception cref="ArgumentException">The parts are of different tasks, ground truths, splits or settings.</exception>
    public static MergedEvaluation? Run(
        IReadOnlyList<PartToMerge> parts, IIssueSink sink, bool skipUnreadable = false, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var merging = new ProgressCounter(progress, MergingStep, parts.Count);
        var rejecting = new List<(PartToMerge Input, IPartialEvaluation Part)>();
        IEnumerable<IPartialEvaluation> ReadEach()
        {
            foreach (var input in parts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var part = skipUnreadable ? ReadOrReport(input, sink, cancellationToken) : input.Read(cancellationToken);
                if (part is not null)
                {
                    if (part.Rejected.Any) rejecting.Add((input, part));
                    // Merged before the next is asked for: the count is of parts read and merged.
                    yield return part;
                }
                merging.Add();
            }
        }

        using var each = ReadEach().GetEnumerator();
        if (!each.MoveNext()) return null;
        var first = each.Current;
        IEnumerable<IPartialEvaluation> All()
        {
            yield return first;
            while (each.MoveNext()) yield return each.Current;
        }

        MergedEvaluation merged;
        IPartialEvaluation whole;
        switch (first)
        {
            case PartialClassification:
                var classification = PartialClassification.Merge(OfTask<PartialClassification>(All()));
                progress?.Report(new WorkProgress(EvaluatingStep, 0, 0));
                var (evaluation, summary) = classification.Evaluate(sink, progress, cancellationToken);
                (merged, whole) = (new MergedClassification(classification, evaluation, summary), classification);
                break;
            case PartialDetection:
                var detection = PartialDetection.Merge(OfTask<PartialDetection>(All()));
                progress?.Report(new WorkProgress(EvaluatingStep, 0, 0));
                (merged, whole) = (new MergedDetection(detection, detection.Evaluate(sink)), detection);
                break;
            default:
                var video = PartialVideo.Merge(OfTask<PartialVideo>(All()));
                progress?.Report(new WorkProgress(EvaluatingStep, 0, 0));
                var (videos, issueCounts) = video.Evaluate(sink);
                (merged, whole) = (new MergedVideo(video, videos, issueCounts), video);
                break;
        }
        // Each record was reported (an error) by the evaluation that made its part: the merge is one with rejected records too.
        var rejected = RecordsRejectedInParts.Of(
            whole.Rejected,
            rejecting.SelectMany(r => r.Part.Sources).Distinct(StringComparer.Ordinal).ToArray(),
            rejecting.Where(r => r.Input.File is not null).Select(r => Path.GetFileName(r.Input.File!)).ToArray());
        if (rejected is not null) sink.Report(rejected);
        return merged;
    }

    /// <summary>The part, or null when it cannot be read: then its error is reported to <paramref name="sink"/>.</summary>
    private static IPartialEvaluation? ReadOrReport(PartToMerge input, IIssueSink sink, CancellationToken cancellationToken)
    {
        try
        {
            return input.Read(cancellationToken);
        }
        catch (InputFormatException e)
        {
            sink.Report(e.Issue);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            sink.Report(new DataIssue("Unreadable", IssueSeverity.Error, input.Source, 0, string.Empty, $"the file cannot be read ({e.Message})"));
        }
        return null;
    }

    /// <summary>The parts, all of type <typeparamref name="T"/>; an <see cref="ArgumentException"/> when one is of another task.</summary>
    private static IEnumerable<T> OfTask<T>(IEnumerable<IPartialEvaluation> parts) where T : IPartialEvaluation
    {
        string? task = null;
        foreach (var part in parts)
        {
            task ??= part.Task;
            yield return part is T same ? same : throw new ArgumentException($"These partial evaluations cannot be merged: they are of different tasks ({task} and {part.Task}).");
        }
    }
}

/// <summary>What <see cref="PartialMerge.Run"/> gives: the merged part of one task and its evaluation.</summary>
public abstract record MergedEvaluation;

/// <summary>A merge of classification parts: the evaluation of all their items and its counts (missing items counted now).</summary>
public sealed record MergedClassification(PartialClassification Part, ClassificationEvaluation Evaluation, InputSummary Summary) : MergedEvaluation;

/// <summary>A merge of detection (or segmentation) parts: the evaluation of all their detections.</summary>
public sealed record MergedDetection(PartialDetection Part, DetectionEvaluation Evaluation) : MergedEvaluation;

/// <summary>A merge of video parts: the evaluation of all their videos, and the issues one evaluation of all the shards reports, by code.</summary>
public sealed record MergedVideo(PartialVideo Part, VideoEvaluation Evaluation, IReadOnlyDictionary<string, int> IssueCounts) : MergedEvaluation;
