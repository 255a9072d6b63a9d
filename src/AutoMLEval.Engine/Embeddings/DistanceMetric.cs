namespace AutoMLEval.Engine.Embeddings;

/// <summary>How far apart two embedding vectors are.</summary>
public enum DistanceMetric
{
    /// <summary>
    /// Cosine distance <c>1 − q·r / (‖q‖ ‖r‖)</c>, in [0, 2]; 0 within its rounding error (identical vectors). A zero vector
    /// is at distance 1 from everything (the embedding readers reject one read for cosine: <c>ZeroEmbedding</c>).
    /// </summary>
    Cosine,

    /// <summary>Euclidean distance <c>‖q − r‖₂</c>.</summary>
    Euclidean,
}
