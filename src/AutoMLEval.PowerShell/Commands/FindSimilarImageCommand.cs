using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.PowerShell.Similarity;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Find-SimilarImage</c>: each query's nearest reference images in embedding space, with their labels. Queries
/// are the items piped in (by ItemId and GroundTruthPath, e.g. from Get-MisclassifiedImage), or the items of -MlUse.
/// </summary>
[Cmdlet(VerbsCommon.Find, "SimilarImage")]
[OutputType(typeof(SimilarImageMatch))]
public sealed class FindSimilarImageCommand : EmbeddingCommand
{
    /// <summary>Neighbours per query when -Count is not given.</summary>
    public const int DefaultCount = 6;

    // Items piped in, in runs of records with the same ground truth and embedding files of their record (null: those of
    // the command line, or piped in as one set), each run searched at the end with one read of its inputs: results and
    // errors come in record order, and the items of one evaluation piped in are one search.
    private readonly List<QueryRun> _queries = new();
    private readonly Dictionary<string, string[]> _recordEmbeddings = new(StringComparer.Ordinal);

    /// <summary>The query items as written in the ground truth (from the pipeline by property name).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? ItemId { get; set; }

    /// <summary>Without -ItemId: the split whose items are the queries ("all" for every split).</summary>
    [Parameter]
    [SplitName]
    [ValidateSplit]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string MlUse { get; set; } = "test";

    /// <summary>The split searched for neighbours ("all" for every split).</summary>
    [Parameter]
    [SplitName]
    [ValidateSplit]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string ReferenceMlUse { get; set; } = "training";

    /// <summary>Neighbours per query.</summary>
    [Parameter]
    [ValidateBetween(1, 100000)]
    public int Count { get; set; } = DefaultCount;

    /// <summary>Searches the items of -MlUse (<see cref="EmbeddingCommand.ProcessRecord"/>), or keeps the piped items for the end.</summary>
    protected override void ProcessRecord()
    {
        if (ItemId is not null && MyInvocation.BoundParameters.ContainsKey(nameof(MlUse)))
        {
            // As the CLI's similar --item with --ml-use: the split would be left unused without a word.
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-ItemId names the queries and -MlUse picks them by split; give one of them."),
                "ItemIdWithMlUse",
                ErrorCategory.InvalidArgument,
                MlUse));
        }
        if (ItemId is null)
        {
            base.ProcessRecord();
            return;
        }
        // Embedding files piped in with -ItemId on the command line: every file is a record, each with the same items.
        string? embeddings = null;
        if (!KeepPipedEmbeddings() && EmbeddingsPerRecord)
        {
            // A record with its own embedding files (an Import-Csv row): its items are searched in those files only.
            embeddings = string.Join("\n", EmbeddingPath);
            _recordEmbeddings[embeddings] = EmbeddingPath;
        }
        var run = _queries.Count > 0 ? _queries[_queries.Count - 1] : null;
        if (run is null || !string.Equals(run.GroundTruth, GroundTruthPath, StringComparison.Ordinal) || !string.Equals(run.Embeddings, embeddings, StringComparison.Ordinal))
        {
            _queries.Add(run = new QueryRun(GroundTruthPath, embeddings, new List<string>()));
        }
        run.Items.AddRange(ItemId);
    }

    /// <summary>Searches with the piped embedding files, then the piped items, one ground truth (and record's embedding files) at a time.</summary>
    protected override void EndProcessing()
    {
        base.EndProcessing();
        // An item named again (on every piped file, or piped twice) is one query.
        foreach (var run in _queries)
        {
            Search(run.GroundTruth, run.Items.Distinct(StringComparer.Ordinal).ToArray(), run.Embeddings is null ? null : _recordEmbeddings[run.Embeddings]);
        }
    }

    /// <summary>Searches the items of -MlUse.</summary>
    private protected override void Analyse(string groundTruth) => Search(groundTruth, null);

    private void Search(string groundTruth, IReadOnlyList<string>? items, IReadOnlyList<string>? embeddings = null)
    {
        var inputs = ReadInputs(groundTruth, embeddings);
        if (inputs is null) return;
        var options = new SimilarImagesOptions
        {
            QueryItems = items,
            QuerySplit = Engine.Formats.Classification.MlUse.SplitOrAll(MlUse),
            ReferenceSplit = Engine.Formats.Classification.MlUse.SplitOrAll(ReferenceMlUse),
            Count = Count,
            Metric = Metric(),
        };
        var result = RunAnalysis(calls => SimilarImages.Find(inputs.Embeddings, inputs.Dataset, options, calls.Progress, calls.Cancellation));
        if (result is null) return;
        WriteVerbose($"{Counted.Of(result.Queries.Count, "query", "queries")} against {Counted.Of(result.References.Selected, "reference item")}.");
        var searched = embeddings is null ? EmbeddingSources : ProviderPaths.Readable(this, embeddings);
        foreach (var unknown in result.UnknownQueries)
        {
            // A path mistyped or written otherwise than in the ground truth: not an item whose embedding file is missing.
            WriteError(new ErrorRecord(
                new ItemNotFoundException($"'{unknown}' is no item of '{inputs.GroundTruthPath}' and has no embedding in {searched}; an ItemId is the item's path as the ground truth writes it (for example images/test/0000.png)."),
                "UnknownItem",
                ErrorCategory.ObjectNotFound,
                unknown));
        }
        WarnLeftOut(inputs.Embeddings, result.KnownQueriesWithoutEmbedding, "query", "queries");
        WarnUnmatched(inputs.Embeddings, result.References, result.ItemIdsWithoutGroundTruth);
        WarnFewerNeighbors(result.NeighborCount);
        foreach (var query in result.Queries)
        {
            var queryLabel = SimilarityInputs.Join(query.Labels);
            int rank = 0;
            foreach (var neighbor in query.Neighbors)
            {
                WriteObject(new SimilarImageMatch(query.ItemId, queryLabel, ++rank, ProviderPaths.ItemPath(inputs.BaseDirectory, neighbor.ItemId), neighbor.ItemId, neighbor.Split, SimilarityInputs.Join(neighbor.Labels), neighbor.Distance, neighbor.AgreesWithQuery));
            }
        }
    }

    /// <summary>Consecutive piped records' items of one ground truth and embedding files (null: the command line's or the piped ones).</summary>
    private sealed record QueryRun(string GroundTruth, string? Embeddings, List<string> Items);
}
