using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>
/// The partial evaluations Merge-ModelEvaluation collected. Its own type keeps the engine's <see cref="PartialClassification"/>
/// out of the cmdlet's fields (the module's public types load before the engine can).
/// </summary>
internal sealed class PartialEvaluationParts
{
    private readonly List<PartialClassification> _parts = new();

    /// <summary>Whether no part was collected.</summary>
    public bool IsEmpty => _parts.Count == 0;

    /// <summary>Reads one part; throws <see cref="Engine.Diagnostics.InputFormatException"/> naming <paramref name="source"/> for a stream that is none.</summary>
    public void Read(Stream stream, string source) => _parts.Add(PartialClassification.ReadFrom(stream, source));

    /// <summary>The evaluation of all the parts' items together.</summary>
    public ModelEvaluation Merge(string groundTruthPath, EngineCalls calls) => ClassificationEvaluationTask.Merge(_parts, groundTruthPath, calls);
}
