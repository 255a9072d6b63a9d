using AutoMLEval.Inference.Output;

namespace AutoMLEval.PowerShell.Inference;

/// <summary>The files Export-ModelPrediction writes: batch-prediction JSON lines and optionally embedding JSON lines.</summary>
internal sealed class PredictionFiles : IDisposable
{
    private PredictionFiles(PredictionJsonWriter predictions, PredictionJsonWriter? embeddings)
    {
        Predictions = predictions;
        Embeddings = embeddings;
    }

    public PredictionJsonWriter Predictions { get; }

    public PredictionJsonWriter? Embeddings { get; }

    /// <summary>Creates (replaces) the files; the first is closed again if the second cannot be created.</summary>
    public static PredictionFiles Create(string predictionPath, string? embeddingPath)
    {
        var predictions = PredictionJsonWriter.Create(predictionPath);
        try
        {
            return new PredictionFiles(predictions, embeddingPath is null ? null : PredictionJsonWriter.Create(embeddingPath));
        }
        catch
        {
            predictions.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Predictions.Dispose();
        Embeddings?.Dispose();
    }
}
