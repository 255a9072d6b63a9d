using System.Management.Automation;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.PowerShell.Inference;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Export-ModelPrediction</c>: writes the <see cref="ModelPrediction"/> objects piped in as Vertex AI
/// batch-prediction JSON lines (what Get-ModelEvaluation -PredictionPath reads), and optionally their embeddings as
/// embedding JSON lines (what the Find-* cmdlets read).
/// </summary>
[Cmdlet(VerbsData.Export, "ModelPrediction", SupportsShouldProcess = true)]
[OutputType(typeof(ModelPrediction))]
public sealed class ExportModelPredictionCommand : PSCmdlet, IDisposable
{
    // An internal type of this assembly, so that this public type loads without the inference assembly.
    private PredictionFiles? _files;

    // The model whose file was last checked against the outputs: the predictions piped in are mostly of one model.
    private string? _checkedModel;

    /// <summary>The predictions from Invoke-ModelPrediction.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.PredictAgain)]
    public ModelPrediction? InputObject { get; set; }

    /// <summary>The batch-prediction JSONL file to write (replaced if it exists, unless -NoClobber), taken as written: [ ] * ? are part of the name, so -LiteralPath is the same parameter.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>An embeddings JSONL file to write as well ({"content","embedding"} per line); the predictions must carry embeddings (Invoke-ModelPrediction -EmbeddingOutputName): a prediction without one ends the export (ItemsWithoutEmbedding), writing neither file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EmbeddingPath { get; set; }

    /// <summary>Refuses to replace a file that exists already (a terminating NoClobber error, before any work).</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Passes each prediction on down the pipeline after writing it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Opens the files.</summary>
    protected override void BeginProcessing()
    {
        var predictionFile = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var embeddingFile = EmbeddingPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(EmbeddingPath);
        ExistingOutput.Refuse(this, NoClobber, predictionFile, embeddingFile);
        ExistingOutput.RefuseConflict(this, [("-Path", predictionFile), ("-EmbeddingPath", embeddingFile)], []);
        if (!ShouldProcess(embeddingFile is null ? predictionFile : predictionFile + ", " + embeddingFile, embeddingFile is null ? "Write predictions" : "Write predictions and embeddings")) return;
        try
        {
            _files = PredictionFiles.Create(predictionFile, embeddingFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "OutputWriteFailed", ErrorCategory.WriteError, predictionFile));
        }
    }

    /// <summary>Writes one prediction (and its embedding).</summary>
    protected override void ProcessRecord()
    {
        if (_files is null) return;
        // The files are still under temporary names: refused here, the model keeps its file.
        if (!string.Equals(InputObject!.Source.ModelPath, _checkedModel, StringComparison.Ordinal))
        {
            ExistingOutput.RefuseConflict(this, [("-Path", _files.PredictionPath), ("-EmbeddingPath", _files.EmbeddingPath)], [("the predictions' ModelPath", InputObject.Source.ModelPath)]);
            _checkedModel = InputObject.Source.ModelPath;
        }
        var prediction = InputObject.Source.Prediction;
        if (_files.Embeddings is not null && prediction.Embedding is null)
        {
            // The predictions were made without -EmbeddingOutputName: the command is wrong, not this record. One error ends
            // it, and nothing is written (as automl-eval predict refuses --embeddings without --embedding-output).
            Dispose();
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The prediction of '{InputObject.ItemId}' has no embedding: -EmbeddingPath needs predictions made with Invoke-ModelPrediction -EmbeddingOutputName (the model output holding the embedding). Nothing was written."),
                EmbeddingSet.ItemsWithoutEmbeddingCode,
                ErrorCategory.InvalidArgument,
                InputObject));
        }
        _files.Predictions.WritePrediction(prediction);
        _files.Embeddings?.WriteEmbedding(prediction);
        if (PassThru.IsPresent) WriteObject(InputObject);
    }

    /// <summary>Moves the finished files under their names.</summary>
    protected override void EndProcessing()
    {
        if (_files is null) return;
        try
        {
            _files.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "OutputWriteFailed", ErrorCategory.WriteError, SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path)));
        }
        Dispose();
    }

    /// <summary>Closes the files; when the pipeline stopped or failed before the end, deletes them (nothing half-written stays).</summary>
    public void Dispose()
    {
        _files?.Dispose();
        _files = null;
    }
}
