using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.PowerShell.Similarity;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// The parameters and input reading the embedding cmdlets (Find-SimilarImage, Find-LabelIssue, Find-Outlier,
/// Find-NearDuplicate) share: a ground truth, one or more embedding files, the distance. Each record piped in is
/// analysed at once, except embedding files piped in for the -GroundTruthPath of the command line (Get-ChildItem's):
/// those are one set, read together at the end. A record that brings its own ground truth and embedding files (an
/// Import-Csv row) is analysed with its own files alone.
/// </summary>
public abstract class EmbeddingCommand : EngineCmdlet
{
    // The embedding files piped in, taken literally; null when -EmbeddingPath is given on the command line.
    private List<string>? _pipedEmbeddings;
    private string? _pipedGroundTruth;

    /// <summary>The ground truth: a Vertex AI import file, a CSV with a path,label header, or a folder per label (wildcards must match one file).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("GroundTruth")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string GroundTruthPath { get; set; } = string.Empty;

    /// <summary>
    /// Embedding files (JSONL {"content","embedding"} or CSV path,e0,e1,…); wildcards may match several, all are read.
    /// Give the files of every split involved (embeddings.*.jsonl): queries and references find their vectors in any of them.
    /// Files piped in (Get-ChildItem's, by their PSPath) are taken literally and read together, as one set.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Embedding", "Embeddings", "PSPath")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] EmbeddingPath { get; set; } = Array.Empty<string>();

    /// <summary>The distance between embeddings: Cosine (1 − cosine similarity, the default) or Euclidean.</summary>
    [Parameter]
    [ValidateSet("Cosine", "Euclidean", IgnoreCase = true)]
    public string Distance { get; set; } = "Cosine";

    /// <summary>The embedding files as given, for a message: piped in (as file-system paths), or -EmbeddingPath's patterns (<see cref="ProviderPaths.Readable"/>).</summary>
    internal string EmbeddingSources => _pipedEmbeddings is null ? ProviderPaths.Readable(this, EmbeddingPath) : ProviderPaths.Readable(this, _pipedEmbeddings, literal: true);

    /// <summary>
    /// Notes whether the records piped in bring embedding files for one ground truth of the command line, to be read
    /// together (only the command line is bound yet).
    /// </summary>
    protected override void BeginProcessing()
    {
        var commandLine = MyInvocation.BoundParameters;
        // Records that bring their ground truth too (Import-Csv rows of GroundTruthPath and EmbeddingPath) are each an
        // analysis of their own: gathering their files would read every row's embeddings against the first row's ground truth.
        if (commandLine.ContainsKey(nameof(EmbeddingPath))) return;
        if (commandLine.ContainsKey(nameof(GroundTruthPath))) _pipedEmbeddings = new List<string>();
        else EmbeddingsPerRecord = true;
    }

    /// <summary>Whether each record piped in brings its own ground truth and embedding files (neither is on the command line).</summary>
    private protected bool EmbeddingsPerRecord { get; private set; }

    /// <summary>Analyses the ground truth of this record, or keeps the embedding files piped in for the end.</summary>
    protected override void ProcessRecord()
    {
        if (!KeepPipedEmbeddings())
        {
            Analyse(GroundTruthPath);
            return;
        }
        _pipedGroundTruth ??= GroundTruthPath;
    }

    /// <summary>Keeps this record's embedding files for the end when they are piped in for the command line's ground truth; false otherwise.</summary>
    private protected bool KeepPipedEmbeddings()
    {
        if (_pipedEmbeddings is null) return false;
        _pipedEmbeddings.AddRange(EmbeddingPath);
        return true;
    }

    /// <summary>Analyses the ground truth with every embedding file piped in.</summary>
    protected override void EndProcessing()
    {
        if (_pipedGroundTruth is not null) Analyse(_pipedGroundTruth);
    }

    /// <summary>Reads the inputs of <paramref name="groundTruth"/> (<see cref="ReadInputs"/>) and writes the cmdlet's results.</summary>
    private protected abstract void Analyse(string groundTruth);

    /// <summary>
    /// Reads the ground truth and every embedding file (<paramref name="embeddings"/>, patterns, when given: those of
    /// a record kept for the end; else those of the current record or piped in); null after writing an error.
    /// </summary>
    internal SimilarityInputs? ReadInputs(string groundTruth, IReadOnlyList<string>? embeddings = null)
    {
        var groundTruthPath = ProviderPaths.ResolveOne(this, groundTruth, literal: false);
        var embeddingPaths = embeddings is not null ? ResolveAll(embeddings)
            : _pipedEmbeddings is null ? ResolveAll(EmbeddingPath)
            : ProviderPaths.ResolveAll(this, _pipedEmbeddings, literal: true);
        if (groundTruthPath is null || embeddingPaths is null) return null;
        try
        {
            return RunEngine(calls => SimilarityInputs.Read(groundTruthPath, embeddingPaths, calls.Issues, Metric(), calls.Progress, calls.Cancellation));
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

    /// <summary>
    /// Runs the analysis over inputs read; null after writing its InputFormatException (a split with too few embedded
    /// items: EmptySplit, TooFewEmbeddings) as this input's error with the issue's code as ErrorId, as reading does.
    /// </summary>
    internal T? RunAnalysis<T>(Func<EngineCalls, T> analysis)
        where T : class
    {
        try
        {
            return RunEngine(analysis);
        }
        catch (InputFormatException e)
        {
            WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
            return null;
        }
    }

    /// <summary>Every file the patterns match, in pattern order; null after writing an error.</summary>
    internal IReadOnlyList<string>? ResolveAll(IEnumerable<string> patterns) => ProviderPaths.ResolveAll(this, patterns);

    /// <summary>The engine's distance of -Distance.</summary>
    internal DistanceMetric Metric() => (DistanceMetric)Enum.Parse(typeof(DistanceMetric), Distance, ignoreCase: true);

    /// <summary>Warns when the references were too few for the -Count asked for, naming the k every item got.</summary>
    internal void WarnFewerNeighbors(NeighborCount neighbors)
    {
        if (neighbors.ReducedWarning("-Count") is { } fewer) WriteWarning(fewer);
    }

    /// <summary>Warns of the items left out for want of a vector (<see cref="EmbeddingSet.LeftOut"/>), when there are any.</summary>
    internal void WarnLeftOut(EmbeddingSet embeddings, IReadOnlyList<string> itemIds, string singular, string? plural = null)
    {
        if (itemIds.Count > 0) WriteWarning($"Left out: {embeddings.LeftOut(itemIds, singular, plural, "-" + nameof(EmbeddingPath))}.");
    }

    /// <summary>Warns about what the analysis could not use: items without an embedding, embeddings of items the ground truth lacks.</summary>
    internal void WarnUnmatched(EmbeddingSet embeddings, SelectionCounts selection, IReadOnlyList<string> itemIdsWithoutGroundTruth)
    {
        WarnLeftOut(embeddings, selection.ItemIdsWithoutEmbedding, "item");
        int unmatched = itemIdsWithoutGroundTruth.Count;
        if (unmatched > 0) WriteWarning($"{Counted.Of(unmatched, "embedding")}{FirstNames.InParentheses(itemIdsWithoutGroundTruth)} {Counted.Verb(unmatched, "belongs", "belong")} to no ground-truth item and {Counted.Verb(unmatched, "was", "were")} left out.");
    }
}
