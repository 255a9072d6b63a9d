namespace AutoMLEval.Engine.Classification;

/// <summary>Settings of a classification evaluation.</summary>
public sealed record ClassificationOptions
{
    /// <summary>Vertex AI's confidence-threshold grid: 0.00, 0.05 … 0.95, 0.96 … 0.99, 1.00.</summary>
    public static IReadOnlyList<double> VertexThresholds { get; } =
        Enumerable.Range(0, 20).Select(k => k * 5 / 100.0)
            .Concat(Enumerable.Range(95, 6).Select(k => k / 100.0))
            .Distinct()
            .ToArray();

    /// <summary>The decision threshold for at-threshold precision, recall, F1, Hamming loss and subset accuracy.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Thresholds of the confidence-metrics rows.</summary>
    public IReadOnlyList<double> ThresholdGrid { get; init; } = VertexThresholds;

    /// <summary>Largest k for top-k accuracy (single-label).</summary>
    public int MaxTopK { get; init; } = 5;

    /// <summary>Bootstrap resamples for 95% confidence intervals of the headline metrics; 0 for none.</summary>
    public int BootstrapSamples { get; init; }

    /// <summary>Seed of the bootstrap resampling, so that intervals are reproducible.</summary>
    public int BootstrapSeed { get; init; } = 20261122;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(Threshold >= 0 && Threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be in [0, 1].");
        if (ThresholdGrid is null || ThresholdGrid.Count == 0) throw new ArgumentException("The threshold grid needs at least one threshold.", nameof(ThresholdGrid));
        foreach (var t in ThresholdGrid)
        {
            if (double.IsNaN(t)) throw new ArgumentException("A threshold of the grid is NaN.", nameof(ThresholdGrid));
        }
        if (MaxTopK < 1) throw new ArgumentOutOfRangeException(nameof(MaxTopK), MaxTopK, "Top-k needs k ≥ 1.");
        if (BootstrapSamples < 0) throw new ArgumentOutOfRangeException(nameof(BootstrapSamples), BootstrapSamples, "Bootstrap samples cannot be negative.");
    }
}
