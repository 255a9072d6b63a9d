using AutoMLEval.Engine.Formats;
using AutoMLEval.Inference.Output;

namespace AutoMLEval.PowerShell.Inference;

/// <summary>
/// The files Export-ModelPrediction writes: batch-prediction JSON lines and optionally embedding JSON lines, each under
/// a temporary name until <see cref="Commit"/> (disposed without it, they are deleted: a stopped or failed export
/// leaves no half-written file).
/// </summary>
internal sealed class PredictionFiles : IDisposable
{
    private readonly OutputFile _predictionFile;
    private readonly OutputFile? _embeddingFile;

    private PredictionFiles(OutputFile predictionFile, OutputFile? embeddingFile)
    {
        _predictionFile = predictionFile;
        _embeddingFile = embeddingFile;
        Predictions = PredictionJsonWriter.Create(predictionFile.Stream);
        Embeddings = embeddingFile is null ? null : PredictionJsonWriter.Create(embeddingFile.Stream);
    }

    public PredictionJsonWriter Predictions { get; }

    /// <summary>The predictions' file, as given.</summary>
    public string PredictionPath => _predictionFile.Path;

    /// <summary>The embeddings' file, as given; null when none is written.</summary>
    public string? EmbeddingPath => _embeddingFile?.Path;

    public PredictionJsonWriter? Embeddings { get; }

    /// <summary>Starts both files; the first is deleted again if the second cannot be created.</summary>
    public static PredictionFiles Create(string predictionPath, string? embeddingPath)
    {
        var predictions = OutputFile.Create(predictionPath);
        try
        {
            return new PredictionFiles(predictions, embeddingPath is null ? null : OutputFile.Create(embeddingPath));
        }
        catch
        {
            predictions.Dispose();
            throw;
        }
    }

    /// <summary>Finishes both files and moves them under their names.</summary>
    public void Commit()
    {
        Predictions.Dispose();
        Embeddings?.Dispose();
        _predictionFile.Commit();
        _embeddingFile?.Commit();
    }

    /// <summary>Closes the files; those not committed are deleted.</summary>
    public void Dispose()
    {
        Predictions.Dispose();
        Embeddings?.Dispose();
        _predictionFile.Dispose();
        _embeddingFile?.Dispose();
    }
}
