using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Merge-ModelEvaluation</c>: merges the partial evaluations of prediction shards (<c>Get-ModelEvaluation -AsPartial</c>,
/// live or deserialized) from the pipeline into one <see cref="ModelEvaluation"/>, equal to the evaluation of all shards
/// together; items of no shard count as missing, items of several are counted and reported.
/// </summary>
[Cmdlet(VerbsData.Merge, "ModelEvaluation")]
[OutputType(typeof(ModelEvaluation))]
public sealed class MergeModelEvaluationCommand : EngineCmdlet
{
    private readonly List<(string Source, byte[] Content)> _parts = new();
    private string? _groundTruthPath;

    /// <summary>Partial evaluations (Get-ModelEvaluation -AsPartial), live or deserialized from a job, a runspace or a remote session.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>Collects the parts; anything else is an error for that record.</summary>
    protected override void ProcessRecord()
    {
        foreach (var input in InputObject)
        {
            if (ContentOf(input) is not { } bytes)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"'{input}' is not a partial evaluation: pass what Get-ModelEvaluation -AsPartial writes."),
                    "NotPartialEvaluation",
                    ErrorCategory.InvalidArgument,
                    input));
                continue;
            }
            var source = input.Properties[nameof(PartialModelEvaluation.PredictionPath)]?.Value?.ToString() ?? "partial evaluation";
            _groundTruthPath ??= input.Properties[nameof(PartialModelEvaluation.GroundTruthPath)]?.Value?.ToString();
            _parts.Add((source, bytes));
        }
    }

    /// <summary>The bytes of a partial evaluation, live or deserialized (its base64 Content); null for anything else.</summary>
    private static byte[]? ContentOf(PSObject input)
    {
        if (input.Properties[nameof(PartialModelEvaluation.Content)]?.Value is not string base64) return null;
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Merges what was collected and writes the evaluation.</summary>
    protected override void EndProcessing()
    {
        if (_parts.Count == 0) return;
        try
        {
            WriteObject(RunEngine(calls => ClassificationEvaluationTask.Merge(_parts, _groundTruthPath ?? string.Empty, calls)));
        }
        catch (InputFormatException e)
        {
            ThrowTerminatingError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
        }
        catch (ArgumentException e)
        {
            // Parts of other ground truths, splits or settings: no merge can be right.
            ThrowTerminatingError(new ErrorRecord(e, "PartialEvaluationsDiffer", ErrorCategory.InvalidData, null));
        }
    }
}
