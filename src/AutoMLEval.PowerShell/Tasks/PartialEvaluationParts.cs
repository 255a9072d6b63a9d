using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Video;
using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>
/// The partial evaluations Merge-ModelEvaluation collected. Its own type keeps the engine's parts (<see cref="PartialClassification"/>,
/// <see cref="PartialVideo"/>) out of the cmdlet's fields (the module's public types load before the engine can).
/// </summary>
internal sealed class PartialEvaluationParts
{
    private readonly List<object> _parts = new();

    /// <summary>Whether no part was collected.</summary>
    public bool IsEmpty => _parts.Count == 0;

    /// <summary>Reads one part of any task; throws <see cref="Engine.Diagnostics.InputFormatException"/> naming <paramref name="source"/> for a stream that is none.</summary>
    public void Read(Stream stream, string source) => _parts.Add(PartialEvaluationFile.Read(stream, source));

    /// <summary>
    /// The evaluation of all the parts' items together: a <see cref="ModelEvaluation"/> or a <see cref="VideoEvaluation"/>,
    /// as one evaluation of their task writes. Parts of different tasks are an <see cref="ArgumentException"/>.
    /// </summary>
    public object Merge(string groundTruthPath, EngineCalls calls)
    {
        if (_parts.Any(p => p.GetType() != _parts[0].GetType())) throw new ArgumentException("These partial evaluations cannot be merged: they evaluate different tasks.");
        return _parts[0] switch
        {
            PartialVideo => VideoEvaluationTask.Merge(_parts.Cast<PartialVideo>().ToArray(), groundTruthPath, calls),
            _ => ClassificationEvaluationTask.Merge(_parts.Cast<PartialClassification>().ToArray(), groundTruthPath, calls),
        };
    }

    /// <summary>The parts, the merge stopping between two of them once the command is stopped.</summary>
    public static IEnumerable<T> Cancellable<T>(IEnumerable<T> parts, EngineCalls calls) => parts.Select(part =>
    {
        calls.Cancellation.ThrowIfCancellationRequested();
        return part;
    });

    /// <summary>What merged parts read, as a path where one names it: the shard, or the folder of all the shards (which Get-ModelEvaluation reads as one set), else their names joined.</summary>
    public static string PredictionPathOf(IReadOnlyList<string> sources)
    {
        var folders = sources.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal).ToArray();
        return sources.Count == 1 ? sources[0] : folders.Length == 1 && folders[0] is { Length: > 0 } folder ? folder : string.Join(", ", sources);
    }
}
