using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;
using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>
/// The partial evaluations Merge-ModelEvaluation collected, of any task. Its own type keeps the engine's parts
/// out of the cmdlet's fields (the module's public types load before the engine can).
/// </summary>
internal sealed class PartialEvaluationParts
{
    private readonly List<IPartialEvaluation> _parts = new();

    /// <summary>Whether no part was collected.</summary>
    public bool IsEmpty => _parts.Count == 0;

    /// <summary>-AsPartial: the partial evaluation of <paramref name="task"/> (a canonical -Task name) of the request's shard.</summary>
    public static PartialModelEvaluation Evaluate(string task, EvaluationRequest request, EngineCalls calls) =>
        EvaluationTasks.IsDetection(task) ? ((DetectionEvaluationTask)EvaluationTasks.Find(task)).EvaluatePartial(request, calls)
        : task == EvaluationTasks.Video ? VideoEvaluationTask.EvaluatePartial(request, calls)
        : ClassificationEvaluationTask.EvaluatePartial(request, calls);

    /// <summary>Reads one part; throws <see cref="Engine.Diagnostics.InputFormatException"/> naming <paramref name="source"/> for a stream that is none.</summary>
    public void Read(Stream stream, string source) => _parts.Add(PartialEvaluation.ReadFrom(stream, source));

    /// <summary>
    /// The evaluation of all the parts together, of the task of the first (an <see cref="ArgumentException"/> when the
    /// parts are of different tasks): a <see cref="ModelEvaluation"/>, <see cref="DetectionModelEvaluation"/> or <see cref="VideoEvaluation"/>.
    /// </summary>
    public EvaluationResult Merge(string groundTruthPath, EngineCalls calls)
    {
        EvaluationResult merged = _parts[0] switch
        {
            PartialDetection => DetectionEvaluationTask.Merge(OfTask<PartialDetection>(), calls),
            PartialVideo => VideoEvaluationTask.Merge(OfTask<PartialVideo>(), groundTruthPath, calls),
            _ => ClassificationEvaluationTask.Merge(OfTask<PartialClassification>(), groundTruthPath, calls),
        };
        merged.PredictionFiles = Distinct(_parts.SelectMany(p => p.Sources));
        return merged;
    }

    /// <summary>
    /// The parts, as the merge takes them: counted in its progress ("Merging parts: 3 of 16", then the evaluation of the
    /// merge), and stopping between two of them once the command is stopped.
    /// </summary>
    public static IEnumerable<T> Merging<T>(IReadOnlyList<T> parts, EngineCalls calls)
    {
        for (int i = 0; i < parts.Count; i++)
        {
            calls.Cancellation.ThrowIfCancellationRequested();
            calls.Progress?.Report(new WorkProgress("Merging parts", i, parts.Count));
            yield return parts[i];
        }
        // Asked for a part after the last, the merge is done: evaluating it (and its bootstrap resamples) is what is left.
        calls.Progress?.Report(new WorkProgress("Evaluating the merged parts", 0, 0));
    }

    /// <summary>
    /// What a merge of <paramref name="sources"/> names as its predictions: a path Get-ModelEvaluation reads as these
    /// shards and no others (the shard, their folder, or a pattern: <see cref="ShardFiles.PathOf"/>, given the
    /// <paramref name="folderExtensions"/> the task reads from a folder, a pattern's literal parts escaped for -PredictionPath's
    /// wildcards), else their names joined.
    /// </summary>
    public static string PredictionPathOf(IReadOnlyList<string> sources, IReadOnlyList<string> folderExtensions)
    {
        // The same list as PredictionFiles: EvaluationResult.PredictionFileName tells the joined names by it.
        var files = Distinct(sources);
        return ShardFiles.PathOf(files, folderExtensions, WildcardPattern.Escape) ?? string.Join(", ", files);
    }

    /// <summary>The parts' sources once each, in ordinal order (a part merged twice, or parts piped in any order, name the same files).</summary>
    private static string[] Distinct(IEnumerable<string> sources) => sources.Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();

    private T[] OfTask<T>() where T : IPartialEvaluation =>
        _parts.All(p => p is T)
            ? _parts.Cast<T>().ToArray()
            : throw new ArgumentException($"These partial evaluations cannot be merged: they are of different tasks ({string.Join(" and ", _parts.Select(p => p.Task).Distinct(StringComparer.Ordinal))}).");
}
