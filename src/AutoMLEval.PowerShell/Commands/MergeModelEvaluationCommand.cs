using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Merge-ModelEvaluation</c>: merges the partial evaluations of prediction shards into one <see cref="ModelEvaluation"/>
/// (of detection parts, one <see cref="DetectionModelEvaluation"/>; of video parts, one <see cref="VideoEvaluation"/>), equal to the evaluation of all shards together; items
/// of no shard count as missing, items (images, videos) of several are counted and reported. Parts come as objects (<c>Get-ModelEvaluation -AsPartial</c>, live or deserialized) or as the .eval files
/// <c>automl-eval evaluate --partial</c> writes (-Path, -LiteralPath, file objects or path strings from the pipeline).
/// </summary>
[Cmdlet(VerbsData.Merge, "ModelEvaluation", DefaultParameterSetName = InputObjectParameterSet)]
[OutputType(typeof(ModelEvaluation), typeof(DetectionModelEvaluation), typeof(VideoEvaluation))]
public sealed class MergeModelEvaluationCommand : EngineCmdlet
{
    /// <summary>Parts as objects, file objects or paths from the pipeline.</summary>
    public const string InputObjectParameterSet = "InputObject";

    /// <summary>Part files by paths that may contain wildcards.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>Part files by paths taken as written.</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>What a folder of parts is read for.</summary>
    private static readonly string[] PartExtensions = { ".eval" };

    private readonly PartialEvaluationParts _parts = new();
    private string? _groundTruthPath;

    /// <summary>
    /// Partial evaluations (Get-ModelEvaluation -AsPartial), live or deserialized from a job, a runspace or a remote session;
    /// also part files: a FileInfo (Get-ChildItem) is read as it names, a string as -Path reads it.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectParameterSet)]
    [ValidateNotNull]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>Part files written by automl-eval evaluate --partial (or folders of *.eval files); wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathParameterSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Part files (or folders of *.eval files) taken as written; Get-ChildItem's output binds here by its PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Collects the parts (read by the merge, in EndProcessing); an input that is none is an error for that record.</summary>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PathParameterSet:
                foreach (var path in Path) AddFiles(path, literal: false);
                break;
            case LiteralPathParameterSet:
                foreach (var path in LiteralPath) AddFiles(path, literal: true);
                break;
            default:
                foreach (var input in InputObject) Collect(input);
                break;
        }
    }

    /// <summary>One pipeline or positional input: a part object, a file object, or a path string.</summary>
    private void Collect(PSObject input)
    {
        switch (input.BaseObject)
        {
            case FileSystemInfo file:
                AddFiles(file.FullName, literal: true);
                return;
            case string path:
                AddFiles(path, literal: false);
                return;
        }
        var source = input.Properties[nameof(PartialModelEvaluation.PredictionPath)]?.Value?.ToString() ?? "partial evaluation";
        if (BytesOf(input, source) is not { } bytes)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"'{input}' is not a partial evaluation: pass what Get-ModelEvaluation -AsPartial writes, or the .eval files of automl-eval evaluate --partial."),
                "NotPartialEvaluation",
                ErrorCategory.InvalidArgument,
                input));
            return;
        }
        _parts.AddBytes(source, bytes);
        _groundTruthPath ??= input.Properties[nameof(PartialModelEvaluation.GroundTruthPath)]?.Value?.ToString();
    }

    /// <summary>The part files a path names: a file, a folder's *.eval files, or (not literal) every match of a wildcard.</summary>
    private void AddFiles(string path, bool literal)
    {
        if (ProviderPaths.Resolve(this, path, literal) is not { } matches) return;
        foreach (var match in matches)
        {
            IReadOnlyList<string> files;
            try
            {
                files = ShardFiles.Expand(match, PartExtensions);
            }
            catch (InputFormatException e)
            {
                WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
                continue;
            }
            foreach (var file in files) _parts.AddFile(file);
        }
    }

    /// <summary>
    /// What gives the bytes of a partial evaluation object, live or deserialized (its base64 Content, decoded when the
    /// merge reads it, in its progress; an error naming <paramref name="source"/> if it is no base64); null for anything else.
    /// </summary>
    private static Func<byte[]>? BytesOf(PSObject input, string source)
    {
        if (input.BaseObject is PartialModelEvaluation live) return () => live.Bytes;
        if (input.Properties[nameof(PartialModelEvaluation.Content)]?.Value is not string base64) return null;
        return () =>
        {
            try
            {
                return Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw new InputFormatException("NotPartialEvaluation", source, 0, nameof(PartialModelEvaluation.Content), "not a partial evaluation: its Content is not base64");
            }
        };
    }

    /// <summary>Merges what was collected and writes the evaluation; nothing collected is an error (NoPartialEvaluations).</summary>
    protected override void EndProcessing()
    {
        if (_parts.IsEmpty)
        {
            // An empty pipeline (every upstream shard failed) must not end as a silent success: automl-eval merge refuses no parts too.
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Give the partial evaluations to merge: none came (pipe in what Get-ModelEvaluation -AsPartial writes, or give the .eval files of automl-eval evaluate --partial)."),
                "NoPartialEvaluations",
                ErrorCategory.InvalidArgument,
                null));
        }
        try
        {
            if (RunEngine(calls => _parts.Merge(_groundTruthPath ?? string.Empty, calls)) is { } merged) WriteObject(merged);
        }
        catch (ArgumentException e)
        {
            // Parts of other ground truths, splits or settings: no merge can be right.
            ThrowTerminatingError(new ErrorRecord(e, "PartialEvaluationsDiffer", ErrorCategory.InvalidData, null));
        }
    }
}
