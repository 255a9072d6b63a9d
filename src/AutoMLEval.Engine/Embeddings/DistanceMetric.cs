namespace AutoMLEval.Engine.Embeddings;

/// <summary>How far apart two embedding vectors are.</summary>
public enum DistanceMetric
{
    /// <summary>Cosine distance <c>1 − q·r / (‖q‖ ‖r‖)</c>, in [0, 2]; a zero vector is at distance 1 from everything.</summary>
    Cosine,

    /// <summary>Euclidean distance <c>‖q − r‖₂</c>.</summary>
    Euclidean,
}
