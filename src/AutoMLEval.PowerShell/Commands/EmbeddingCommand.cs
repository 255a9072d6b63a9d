using System.Globalization;
using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.PowerShell.Similarity;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// The parameters and input reading the embedding cmdlets (Find-SimilarImage, Find-LabelIssue, Find-Outlier,
/// Find-NearDuplicate) share: a ground truth, one or more embedding files, the distance.
/// </summary>
public abstract class EmbeddingCommand : EngineCmdlet
{
    /// <summary>The ground truth: a Vertex AI import file, a CSV with a path,label header, or a folder per label (wildcards must match one file).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("GroundTruth")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string GroundTruthPath { get; set; } = string.Empty;

    /// <summary>
    /// Embedding files (JSONL {"content","embedding"} or CSV path,e0,e1,…); wildcards may match several, all are read.
    /// Give the files of every split involved (embeddings.*.jsonl): queries and references find their vectors in any of them.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Embedding", "Embeddings")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] EmbeddingPath { get; set; } = Array.Empty<string>();

    /// <summary>The distance between embeddings: Cosine (1 − cosine similarity, the default) or Euclidean.</summary>
    [Parameter]
    [ValidateSet("Cosine", "Euclidean", IgnoreCase = true)]
    public string Distance { get; set; } = "Cosine";

    /// <summary>Reads the ground truth and every embedding file; null after writing an error.</summary>
    internal SimilarityInputs? ReadInputs(string groundTruth)
    {
        var groundTruthPath = ProviderPaths.ResolveOne(this, groundTruth, literal: false);
        var embeddingPaths = ResolveAll(EmbeddingPath);
        if (groundTruthPath is null || embeddingPaths is null) return null;
        try
        {
            return RunEngine(calls => SimilarityInputs.Read(groundTruthPath, embeddingPaths, calls.Issues, calls.Progress, calls.Cancellation));
        }
        catch (InputFormatException e)
        {
            WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "InputReadFailed", ErrorCategory.ReadError, groundTruthPath));
        }
        return null;
    }

    /// <summary>Every file the patterns match, in pattern order; null after writing an error.</summary>
    internal IReadOnlyList<string>? ResolveAll(IEnumerable<string> patterns) => ProviderPaths.ResolveAll(this, patterns);

    /// <summary>The engine's distance of -Distance.</summary>
    internal DistanceMetric Metric() => (DistanceMetric)Enum.Parse(typeof(DistanceMetric), Distance, ignoreCase: true);

    /// <summary>Warns about what the analysis could not use: items without an embedding, embeddings of items the ground truth lacks.</summary>
    internal void WarnUnmatched(int itemsWithoutEmbedding, int embeddingsWithoutGroundTruth)
    {
        if (itemsWithoutEmbedding > 0) WriteWarning(string.Format(CultureInfo.InvariantCulture, "{0} items have no embedding and were left out.", itemsWithoutEmbedding));
        if (embeddingsWithoutGroundTruth > 0) WriteWarning(string.Format(CultureInfo.InvariantCulture, "{0} embeddings belong to no ground-truth item and were left out.", embeddingsWithoutGroundTruth));
    }
}
