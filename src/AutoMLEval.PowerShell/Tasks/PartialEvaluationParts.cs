using System.Management.Automation;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;
using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>
/// The partial evaluations Merge-ModelEvaluation collected, of any task, not read yet: the engine's merge reads them, so
/// that reading is counted in its progress and stops with the command. Its own type keeps the engine's types out of the
/// cmdlet's fields (the module's public types load before the engine can).
/// </summary>
internal sealed class PartialEvaluationParts
{
    private readonly List<PartToMerge> _parts = new();

    /// <summary>Whether no part was collected.</summary>
    public bool IsEmpty => _parts.Count == 0;

    /// <summary>-AsPartial: the partial evaluation of <paramref name="task"/> (a canonical -Task name) of the request's shard.</summary>
    public static PartialModelEvaluation Evaluate(string task, EvaluationRequest request, EngineCalls calls) =>
        EvaluationTasks.IsDetection(task) ? ((DetectionEvaluationTask)EvaluationTasks.Find(task)).EvaluatePartial(request, calls)
        : task == EvaluationTasks.Video ? VideoEvaluationTask.EvaluatePartial(request, calls)
        : ClassificationEvaluationTask.EvaluatePartial(request, calls);

    /// <summary>Collects the part file at <paramref name="path"/>.</summary>
    public void AddFile(string path) => _parts.Add(PartToMerge.OfFile(path));

    /// <summary>Collects a part object called <paramref name="source"/>; <paramref name="bytes"/> gives its file's bytes when the merge reads it.</summary>
    public void AddBytes(string source, Func<byte[]> bytes) => _parts.Add(PartToMerge.OfBytes(source, bytes));

    /// <summary>
    /// The evaluation of all the parts together, of the task of the first (an <see cref="ArgumentException"/> when the
    /// parts are of different tasks or settings): a <see cref="ModelEvaluation"/>, <see cref="DetectionModelEvaluation"/> or
    /// <see cref="VideoEvaluation"/>; null when no part could be read (each an error). Named after
    /// <paramref name="groundTruthPath"/>, the ground truth the part objects name, else the one the parts record.
    /// </summary>
    public EvaluationResult? Merge(string groundTruthPath, EngineCalls calls)
    {
        // A part that cannot be read is an error for that input, and the others merge.
        var merge = PartialMerge.Run(_parts, calls.Issues, skipUnreadable: true, progress: calls.Progress, cancellationToken: calls.Cancellation);
        string TruthOr(string recorded) => groundTruthPath.Length > 0 ? groundTruthPath : recorded;
        return merge switch
        {
            MergedClassification c => ReadingAgain(c.Part.Sources, ClassificationEvaluationTask.ToModelEvaluation(
                new ClassificationSource(c.Evaluation, c.Summary, c.Part.MlUse, TruthOr(c.Part.GroundTruthPath), PredictionPathOf(c.Part.Sources, ShardFiles.PredictionExtensions)), null)),
            MergedDetection d => ReadingAgain(d.Part.Sources, DetectionEvaluationTask.ToResult(new DetectionSource(
                d.Evaluation.Params.IouType == IouType.Segmentation ? EvaluationTasks.Segmentation : EvaluationTasks.Detection,
                d.Evaluation, TruthOr(d.Part.GroundTruthPath), PredictionPathOf(d.Part.Sources, DetectionInputs.PredictionExtensions), d.Part.MlUse.Length == 0 ? null : d.Part.MlUse))),
            MergedVideo v => ReadingAgain(v.Part.Sources, VideoEvaluationTask.ToVideoEvaluation(
                v.Evaluation, TruthOr(v.Part.GroundTruthPath), PredictionPathOf(v.Part.Sources, VideoPredictionReader.PredictionExtensions), v.Part.Split ?? "all")),
            _ => null,
        };
    }

    /// <summary><paramref name="merged"/>, carrying the files its parts read (<see cref="EvaluationResult.PredictionFiles"/>: what Get-ModelEvaluation reads again).</summary>
    private static EvaluationResult ReadingAgain(IReadOnlyList<string> sources, EvaluationResult merged)
    {
        merged.PredictionFiles = Distinct(sources);
        return merged;
    }

    /// <summary>
    /// What a merge of <paramref name="sources"/> names as its predictions: a path Get-ModelEvaluation reads as these
    /// shards and no others (the shard, their folder, or a pattern: <see cref="ShardFiles.PathOf"/>, given the
    /// <paramref name="folderExtensions"/> the task reads from a folder, a pattern's literal parts escaped for -PredictionPath's
    /// wildcards), else their names joined.
    /// </summary>
    private static string PredictionPathOf(IReadOnlyList<string> sources, IReadOnlyList<string> folderExtensions)
    {
        // The same list as PredictionFiles: EvaluationResult.PredictionFileName tells the joined names by it.
        var files = Distinct(sources);
        return ShardFiles.PathOf(files, folderExtensions, WildcardPattern.Escape) ?? string.Join(", ", files);
    }

    /// <summary>The parts' sources once each, in ordinal order (a part merged twice, or parts piped in any order, name the same files).</summary>
    private static string[] Distinct(IEnumerable<string> sources) => sources.Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();
}
