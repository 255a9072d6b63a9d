using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Slices;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Find-ErrorSlice</c>: groups of evaluated items in embedding space where the model fails far more often than
/// overall (the engine's <see cref="ErrorSliceFinder"/>, the same search as <c>automl-eval error-slices</c>), most
/// significant first. Classification evaluations only.
/// </summary>
[Cmdlet(VerbsCommon.Find, "ErrorSlice")]
[OutputType(typeof(ErrorSlice))]
public sealed class FindErrorSliceCommand : EngineCmdlet
{
    /// <summary>The evaluation, from Get-ModelEvaluation.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? InputObject { get; set; }

    /// <summary>
    /// Embedding files (JSONL {"content","embedding"} or CSV path,e0,e1,…) of the evaluated items; wildcards may match
    /// several. Training items' embeddings among them give each example its nearest training images.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Embedding", "Embeddings")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] EmbeddingPath { get; set; } = Array.Empty<string>();

    /// <summary>A metadata CSV (path,camera,site… or path,key,value) or Vertex AI JSON Lines file: values over-represented in a slice are named.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? MetadataPath { get; set; }

    /// <summary>At most this many slices.</summary>
    [Parameter]
    [ValidateBetween(1, 1000)]
    public int MaxSlices { get; set; } = new ErrorSliceOptions().MaxSlices;

    /// <summary>The group sizes tried around each item (default 10, 20, 40, 80, 160, 320; sizes above half the items are skipped).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateBetween(2, 1000000)]
    public int[]? Size { get; set; }

    /// <summary>Searches the slices of one evaluation.</summary>
    protected override void ProcessRecord()
    {
        if (InputObject is not ModelEvaluation evaluation)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"Find-ErrorSlice takes classification evaluations; this is a {InputObject!.Task.ToLowerInvariant()} evaluation."),
                "TaskNotSupported",
                ErrorCategory.InvalidArgument,
                InputObject));
            return;
        }
        var embeddingPaths = ProviderPaths.ResolveAll(this, EmbeddingPath);
        var metadataPath = MetadataPath is null ? null : ProviderPaths.ResolveOne(this, MetadataPath, literal: false);
        if (embeddingPaths is null || (MetadataPath is not null && metadataPath is null)) return;
        var options = new ErrorSliceOptions { MaxSlices = MaxSlices, GroupSizes = Size ?? new ErrorSliceOptions().GroupSizes };
        ErrorSliceResult result;
        EmbeddingSet? embeddings = null;
        try
        {
            result = RunEngine(calls =>
            {
                embeddings = EmbeddingReader.ReadFiles(embeddingPaths, calls.Issues, options.Metric, calls.Progress, calls.Cancellation);
                var metadata = metadataPath is null ? null : ItemMetadata.Read(metadataPath, calls.Issues);
                metadata?.CheckMatches(evaluation.Evaluation.Data.ItemIds, calls.Issues);
                return ErrorSliceFinder.Find(evaluation.Evaluation.Data, evaluation.Threshold, embeddings, options, metadata, ErrorSliceFinder.TrainingEmbeddings(embeddings, evaluation.Run.Inputs.GroundTruth), calls.Progress, calls.Cancellation);
            });
        }
        catch (InputFormatException e)
        {
            WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "InputReadFailed", ErrorCategory.ReadError, EmbeddingPath));
            return;
        }
        if (result.WithoutEmbeddingIssue(embeddings!, evaluation.Items, evaluation.Run.Inputs.GroundTruth.Source, "-" + nameof(EmbeddingPath), ProviderPaths.Readable(this, EmbeddingPath)) is { } withoutEmbedding)
        {
            CmdletIssueSink.Write(this, withoutEmbedding);
        }
        if (result.SkippedSizesWarning("-Size", sizesGiven: Size is not null) is { } skipped) WriteWarning(skipped);
        // None found is said at default preferences: an empty output alone looks like a wrong -MlUse or embeddings of other items.
        if (result.Slices.Count == 0) WriteWarning(result.Summary());
        else WriteVerbose(result.Summary());
        var data = evaluation.Evaluation.Data;
        var rowOf = new Dictionary<string, int>(data.ItemCount, StringComparer.Ordinal);
        for (int i = 0; i < data.ItemCount; i++) rowOf[data.ItemIds[i]] = i;
        foreach (var slice in result.Slices) WriteObject(ToOutput(slice, result, evaluation, rowOf));
    }

    /// <summary>The PowerShell form of a slice; <paramref name="rowOf"/> finds an item's row, to tell whether the model gets it wrong.</summary>
    private static ErrorSlice ToOutput(Engine.Slices.ErrorSlice slice, ErrorSliceResult result, ModelEvaluation evaluation, Dictionary<string, int> rowOf)
    {
        var data = evaluation.Evaluation.Data;
        ErrorSliceItem Item(string itemId, IReadOnlyList<string> nearestTraining) => new(
            ProviderPaths.ItemPath(evaluation.ItemBaseDirectory, itemId), itemId, !data.IsDecidedCorrectly(rowOf[itemId], evaluation.Threshold), nearestTraining.ToArray(), evaluation.GroundTruthPath, evaluation.PredictionPath, evaluation.Slice);
        return new ErrorSlice(
            slice.Size, slice.Errors, slice.ErrorRate, slice.ErrorRateLower, slice.ErrorRateUpper, result.OverallErrorRate, slice.Lift, slice.LiftLowerBound, slice.PValue,
            slice.TopConfusions.Select(c => new ErrorSliceConfusion(c.TrueLabel, c.PredictedLabel, c.Errors)).ToArray(),
            slice.OverRepresented.Select(v => new ErrorSliceMetadataValue(v.Key, v.Value, v.ItemsInSlice, v.ShareInSlice, v.ShareOverall)).ToArray(),
            slice.Examples.Select(e => Item(e.ItemId, e.NearestTrainingItems)).ToArray(),
            slice.Items.Select(id => Item(id, Array.Empty<string>())).ToArray(),
            slice.Description,
            evaluation.GroundTruthPath,
            evaluation.PredictionPath,
            evaluation.Slice);
    }
}
