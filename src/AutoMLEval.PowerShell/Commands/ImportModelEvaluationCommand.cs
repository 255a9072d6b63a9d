using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Import-ModelEvaluation</c>: reads saved classification evaluations (Export-ModelEvaluation, or
/// <c>automl-eval evaluate --format json</c>) as <see cref="SavedModelEvaluation"/> objects, e.g. last release's
/// evaluation as the baseline of Test-ModelEvaluation. A file that is no saved evaluation is an error naming the file
/// and the field; the other files are still read.
/// </summary>
[Cmdlet(VerbsData.Import, "ModelEvaluation", DefaultParameterSetName = PathSet)]
[OutputType(typeof(SavedModelEvaluation))]
public sealed class ImportModelEvaluationCommand : PSCmdlet
{
    /// <summary>The parameter set of -Path (wildcards).</summary>
    public const string PathSet = "Path";

    /// <summary>The parameter set of -LiteralPath.</summary>
    public const string LiteralPathSet = "LiteralPath";

    /// <summary>The saved evaluation files (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The saved evaluation files, exactly as written (Get-ChildItem output binds here).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Reads each file named.</summary>
    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (var pattern in literal ? LiteralPath : Path)
        {
            foreach (var file in ProviderPaths.Resolve(this, pattern, literal) ?? Array.Empty<string>())
            {
                try
                {
                    WriteObject(new SavedModelEvaluation(ClassificationJson.Read(file), file));
                }
                catch (InputFormatException e)
                {
                    WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(e, "FileReadFailed", ErrorCategory.ReadError, file));
                }
            }
        }
    }
}
