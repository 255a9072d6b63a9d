using System.Management.Automation;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Export-ModelEvaluation</c>: saves a classification evaluation to a JSON file, the one
/// <c>automl-eval evaluate --format json</c> prints, so that Import-ModelEvaluation (or <c>automl-eval check
/// --baseline-evaluation</c>) can read it back as next release's baseline. One evaluation per file.
/// </summary>
[Cmdlet(VerbsData.Export, "ModelEvaluation", SupportsShouldProcess = true)]
[OutputType(typeof(ModelEvaluation))]
public sealed class ExportModelEvaluationCommand : PSCmdlet
{
    private string? _written;

    /// <summary>The classification evaluation, from Get-ModelEvaluation or the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? InputObject { get; set; }

    /// <summary>The JSON file to write (replaced if it exists, unless -NoClobber), taken as written: [ ] * ? are part of the name, so -LiteralPath is the same parameter.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Refuses to replace a file that exists already (a terminating NoClobber error, before any work).</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Passes the evaluation on down the pipeline after saving it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Writes the evaluation; a second one piped in is an error (a file holds one evaluation).</summary>
    protected override void ProcessRecord()
    {
        if (InputObject is not ModelEvaluation evaluation)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"Export-ModelEvaluation saves classification evaluations; {InputObject!.Task.ToLowerInvariant()} evaluations cannot be saved yet."),
                "TaskNotSaved",
                ErrorCategory.InvalidArgument,
                InputObject));
            return;
        }
        var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (_written is not null)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"'{file}' already holds {_written}: a file holds one evaluation; save each in its own file, e.g. ForEach-Object {{ $_ | Export-ModelEvaluation -Path \"$($_.SliceValue).json\" }}."),
                "OneEvaluationPerFile",
                ErrorCategory.InvalidOperation,
                evaluation));
            return;
        }
        ExistingOutput.Refuse(this, NoClobber, file);
        ExistingOutput.RefuseConflict(this, [("-Path", file)], ExistingOutput.InputsOf(evaluation, "the evaluation"));
        if (!ShouldProcess(file, "Save evaluation")) return;
        try
        {
            ClassificationJson.Save(file, evaluation.Evaluation, evaluation.Summary, evaluation.MlUse, evaluation.SliceKey, evaluation.SliceValue);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, "OutputWriteFailed", ErrorCategory.WriteError, file));
        }
        _written = evaluation.ToString();
        if (PassThru.IsPresent) WriteObject(evaluation);
    }
}
