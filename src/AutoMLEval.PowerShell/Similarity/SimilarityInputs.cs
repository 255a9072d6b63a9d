using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.PowerShell.Similarity;

/// <summary>
/// The inputs of the embedding cmdlets, read with the shared readers: the ground truth (<see cref="GroundTruthReader"/>)
/// as the similarity engine's item catalogue, the embeddings (<see cref="EmbeddingReader"/>), and optionally the
/// model's confidences (<see cref="PredictionReader"/>).
/// </summary>
internal sealed class SimilarityInputs
{
    private SimilarityInputs(string groundTruthPath, string baseDirectory, DatasetItems dataset, EmbeddingSet embeddings)
    {
        GroundTruthPath = groundTruthPath;
        BaseDirectory = baseDirectory;
        Dataset = dataset;
        Embeddings = embeddings;
    }

    /// <summary>The ground-truth file (or folder) read: what the results carry so that they bind to Find-SimilarImage.</summary>
    public string GroundTruthPath { get; }

    /// <summary>The folder relative item paths resolve against.</summary>
    public string BaseDirectory { get; }

    /// <summary>Item → split and labels.</summary>
    public DatasetItems Dataset { get; }

    /// <summary>Item → vector, from every embedding file.</summary>
    public EmbeddingSet Embeddings { get; }

    /// <summary>
    /// Reads the ground truth and the embedding files, for <paramref name="metric"/> (under cosine a zero vector is
    /// rejected); bad records go to <paramref name="sink"/>, an unusable file throws; the reads report to
    /// <paramref name="progress"/> and stop once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static SimilarityInputs Read(
        string groundTruthPath, IReadOnlyList<string> embeddingPaths, IIssueSink sink, DistanceMetric metric = DistanceMetric.Cosine, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var groundTruth = GroundTruthReader.Read(groundTruthPath, sink, progress, cancellationToken);
        var embeddings = EmbeddingReader.ReadFiles(embeddingPaths, sink, metric, progress, cancellationToken);
        return new SimilarityInputs(groundTruthPath, groundTruth.BaseDirectory, DatasetItems.From(groundTruth), embeddings);
    }

    /// <summary>Labels as one CSV-friendly string.</summary>
    public static string Join(IReadOnlyList<string> labels) => string.Join(MisclassifiedImage.LabelSeparator, labels);
}
