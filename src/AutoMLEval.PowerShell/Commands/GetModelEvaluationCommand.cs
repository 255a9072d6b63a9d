using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Get-ModelEvaluation</c>: evaluates a model's predictions against the ground truth and writes one
/// <see cref="ModelEvaluation"/> (or <see cref="VideoEvaluation"/> for -Task Video) per input pair (several when
/// pairs come from the pipeline by property name).
/// </summary>
[Cmdlet(VerbsCommon.Get, "ModelEvaluation", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(ModelEvaluation), typeof(VideoEvaluation))]
public sealed class GetModelEvaluationCommand : PSCmdlet
{
    /// <summary>Paths that may contain wildcards (each must resolve to exactly one file or folder).</summary>
    public const string PathParameterSet = "Path";

    /// <summary>Paths taken exactly as written.</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>Bootstrap resamples of -ConfidenceInterval when -BootstrapSamples is not given.</summary>
    public const int DefaultBootstrapSamples = 1000;

    /// <summary>The ground truth: a Vertex AI CSV/JSONL import file, a CSV with a path,label header, or a folder per label.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string GroundTruth { get; set; } = string.Empty;

    /// <summary>The predictions: Vertex AI batch prediction JSONL, or a CSV with a path column and one score column per label.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Predictions")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Prediction { get; set; } = string.Empty;

    /// <summary>The ground truth, taken literally (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string LiteralGroundTruth { get; set; } = string.Empty;

    /// <summary>The predictions, taken literally (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("LiteralPredictions")]
    [ValidateNotNullOrEmpty]
    public string LiteralPrediction { get; set; } = string.Empty;

    /// <summary>The split evaluated; files without splits are evaluated whole.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("test", "validation", "training", "unassigned", IgnoreCase = true)]
    public string MlUse { get; set; } = "test";

    /// <summary>The decision threshold of precision, recall and F1 (and of multi-label decisions).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 1.0)]
    public double Threshold { get; set; } = 0.5;

    /// <summary>Evaluate as multi-label whatever the ground truth looks like.</summary>
    [Parameter]
    public SwitchParameter MultiLabel { get; set; }

    /// <summary>Evaluate as single-label; items with several labels are reported and left out.</summary>
    [Parameter]
    public SwitchParameter SingleLabel { get; set; }

    /// <summary>An item on only one side (ground truth or predictions) stops the evaluation of that pair.</summary>
    [Parameter]
    public SwitchParameter Strict { get; set; }

    /// <summary>Adds 95% bootstrap intervals of the headline metrics.</summary>
    [Parameter]
    public SwitchParameter ConfidenceInterval { get; set; }

    /// <summary>Bootstrap resamples for the intervals (implies -ConfidenceInterval).</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int BootstrapSamples { get; set; } = DefaultBootstrapSamples;

    /// <summary>The evaluation task; -Unit alone implies Video.</summary>
    [Parameter]
    [ValidateSet(EvaluationTasks.Classification, EvaluationTasks.Video, IgnoreCase = true)]
    public string Task { get; set; } = EvaluationTasks.Classification;

    /// <summary>Video only: what an item is (Segment: the segments asked about; OneSecond: one-second intervals; Shot: the shots the model found).</summary>
    [Parameter]
    [ValidateSet("Segment", "OneSecond", "Shot", IgnoreCase = true)]
    public string Unit { get; set; } = EvaluationTasks.DefaultVideoUnit;

    /// <summary>The switches that only classification understands.</summary>
    private static readonly string[] ClassificationOnlyParameters = { nameof(MultiLabel), nameof(SingleLabel), nameof(Strict), nameof(ConfidenceInterval), nameof(BootstrapSamples) };

    private string _task = EvaluationTasks.Classification;

    /// <summary>Stops before any work when the parameters contradict each other.</summary>
    protected override void BeginProcessing()
    {
        bool taskGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Task));
        bool unitGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Unit));
        _task = unitGiven && !taskGiven ? EvaluationTasks.Video : EvaluationTasks.Find(Task).Name;
        if (unitGiven && _task != EvaluationTasks.Video)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-Unit is for video evaluations; -Task {_task} has no unit."),
                "UnitNeedsVideoTask",
                ErrorCategory.InvalidArgument,
                Unit));
        }
        if (_task == EvaluationTasks.Video)
        {
            var given = ClassificationOnlyParameters.Where(MyInvocation.BoundParameters.ContainsKey).ToArray();
            if (given.Length > 0)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-{string.Join(", -", given)}: not available for video evaluations (they are always multi-label)."),
                    "ParameterNotForVideo",
                    ErrorCategory.InvalidArgument,
                    given[0]));
            }
        }
        if (MultiLabel.IsPresent && SingleLabel.IsPresent)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-MultiLabel and -SingleLabel exclude each other; give at most one (without either, the kind is detected from the ground truth)."),
                "MultiLabelAndSingleLabel",
                ErrorCategory.InvalidArgument,
                null));
        }
    }

    /// <summary>Evaluates one ground-truth/prediction pair.</summary>
    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathParameterSet;
        var groundTruth = ProviderPaths.ResolveOne(this, literal ? LiteralGroundTruth : GroundTruth, literal);
        var prediction = ProviderPaths.ResolveOne(this, literal ? LiteralPrediction : Prediction, literal);
        if (groundTruth is null || prediction is null) return;

        bool intervals = ConfidenceInterval.IsPresent || MyInvocation.BoundParameters.ContainsKey(nameof(BootstrapSamples));
        var request = new EvaluationRequest(
            groundTruth,
            prediction,
            MlUse,
            Threshold,
            MultiLabel.IsPresent ? true : SingleLabel.IsPresent ? false : null,
            Strict.IsPresent,
            intervals ? BootstrapSamples : 0,
            Unit);
        try
        {
            WriteObject(EvaluationTasks.Find(_task).Evaluate(request, new CmdletIssueSink(this)));
        }
        catch (InputFormatException e)
        {
            WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "InputReadFailed", ErrorCategory.ReadError, groundTruth));
        }
    }
}
