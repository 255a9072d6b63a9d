using AutoMLEval.Engine.Formats;
using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Model;
using AutoMLEval.PowerShell.Inference;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Get-ModelEvaluation</c>: evaluates a model's predictions against the ground truth and writes one
/// <see cref="ModelEvaluation"/> (or <see cref="VideoEvaluation"/> for -Task Video, <see cref="DetectionModelEvaluation"/>
/// for -Task Detection and Segmentation) per input pair (several when
/// pairs come from the pipeline by property name).
/// </summary>
[Cmdlet(VerbsCommon.Get, "ModelEvaluation", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(ModelEvaluation), typeof(VideoEvaluation), typeof(DetectionModelEvaluation))]
public sealed class GetModelEvaluationCommand : EngineCmdlet
{
    /// <summary>Paths that may contain wildcards (each must resolve to exactly one file or folder).</summary>
    public const string PathParameterSet = "Path";

    /// <summary>Paths taken exactly as written.</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>Predictions made here by a local ONNX model (Invoke-ModelPrediction), then evaluated.</summary>
    public const string ModelParameterSet = "Model";

    /// <summary>Bootstrap resamples of -ConfidenceInterval when -BootstrapSamples is not given.</summary>
    public const int DefaultBootstrapSamples = 1000;

    /// <summary>The ground truth: a Vertex AI CSV/JSONL import file, a CSV with a path,label header, or a folder per label (detection: COCO JSON or Vertex AI JSONL).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ModelParameterSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string GroundTruth { get; set; } = string.Empty;

    /// <summary>The predictions: Vertex AI batch prediction JSONL, or a CSV with a path column and one score column per label (detection: a COCO results list or Vertex AI JSONL).</summary>
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

    /// <summary>An ONNX image classifier: its predictions on the -MlUse images of the ground truth are made here, then evaluated.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ModelParameterSet)]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = string.Empty;

    /// <summary>With -Model: a labels file (one class name per line, in the model's output order).</summary>
    [Parameter(ParameterSetName = ModelParameterSet)]
    [ValidateNotNullOrEmpty]
    public string? Label { get; set; }

    /// <summary>With -Model: images per inference run.</summary>
    [Parameter(ParameterSetName = ModelParameterSet)]
    [ValidateRange(1, 4096)]
    public int BatchSize { get; set; } = 32;

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

    /// <summary>The evaluation task; -Unit alone implies Video, and without either the ground truth decides (COCO or Vertex boxes: Detection; video: Video; else Classification).</summary>
    [Parameter]
    [ValidateSet(EvaluationTasks.Classification, EvaluationTasks.Video, EvaluationTasks.Detection, EvaluationTasks.Segmentation, IgnoreCase = true)]
    public string Task { get; set; } = EvaluationTasks.Classification;

    /// <summary>Video only: what an item is (Segment: the segments asked about; OneSecond: one-second intervals; Shot: the shots the model found).</summary>
    [Parameter]
    [ValidateSet("Segment", "OneSecond", "Shot", IgnoreCase = true)]
    public string Unit { get; set; } = EvaluationTasks.DefaultVideoUnit;

    /// <summary>The switches that only classification understands.</summary>
    private static readonly string[] ClassificationOnlyParameters = { nameof(MultiLabel), nameof(SingleLabel), nameof(Strict), nameof(ConfidenceInterval), nameof(BootstrapSamples) };

    private string _task = EvaluationTasks.Classification;

    private bool _taskChosen;

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
        _taskChosen = taskGiven || unitGiven;
        if (_task == EvaluationTasks.Video)
        {
            StopOnGiven(ParametersNotFor(_task), "ParameterNotForVideo", "video evaluations (they are always multi-label)");
        }
        if (EvaluationTasks.IsDetection(_task))
        {
            StopOnGiven(
                ParametersNotFor(_task),
                "ParameterNotForDetection",
                $"{_task.ToLowerInvariant()} evaluations (COCO evaluates every image at every score; sweep thresholds with Invoke-ThresholdSweep)");
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

    /// <summary>The given parameters that mean nothing for <paramref name="task"/>.</summary>
    private string[] ParametersNotFor(string task)
    {
        IEnumerable<string> foreign = task == EvaluationTasks.Video
            ? ClassificationOnlyParameters.Append(nameof(Model))
            // COCO files have no split and COCO matching no decision threshold: every image is evaluated at every score.
            : EvaluationTasks.IsDetection(task) ? ClassificationOnlyParameters.Concat(new[] { nameof(Model), nameof(MlUse), nameof(Threshold) })
            : Array.Empty<string>();
        return foreign.Where(MyInvocation.BoundParameters.ContainsKey).ToArray();
    }

    /// <summary>Stops the command when any of <paramref name="parameters"/> was given: they mean nothing for <paramref name="task"/>.</summary>
    private void StopOnGiven(string[] given, string errorId, string task)
    {
        if (given.Length == 0) return;
        ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"-{string.Join(", -", given)}: not available for {task}."),
            errorId,
            ErrorCategory.InvalidArgument,
            given[0]));
    }

    /// <summary>Evaluates one ground-truth/prediction pair (with -Model: predicts the ground truth's split first).</summary>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ModelParameterSet)
        {
            PredictAndEvaluate();
            return;
        }
        bool literal = ParameterSetName == LiteralPathParameterSet;
        var groundTruth = ProviderPaths.ResolveOne(this, literal ? LiteralGroundTruth : GroundTruth, literal);
        var prediction = ProviderPaths.ResolveOne(this, literal ? LiteralPrediction : Prediction, literal);
        if (groundTruth is null || prediction is null) return;
        Evaluate(groundTruth, prediction, null);
    }

    /// <summary>
    /// -Model: predicts the -MlUse images of the ground truth into a temporary Vertex batch-prediction file, evaluates
    /// it like any predictions file (the result names the model as its predictions), and deletes it.
    /// </summary>
    private void PredictAndEvaluate()
    {
        var groundTruth = ProviderPaths.ResolveOne(this, GroundTruth, literal: false);
        var model = ProviderPaths.ResolveOne(this, Model, literal: false);
        var labels = Label is null ? null : ProviderPaths.ResolveOne(this, Label, literal: false);
        if (groundTruth is null || model is null || (Label is not null && labels is null)) return;
        IReadOnlyList<(string Content, string File)> items;
        try
        {
            items = RunEngine(calls => PredictionItems.FromGroundTruth(groundTruth, MlUse, calls.Issues, calls.Progress, calls.Cancellation));
        }
        catch (InputFormatException e)
        {
            WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
            return;
        }
        var options = new InferenceOptions { BatchSize = BatchSize, Labels = labels is null ? null : LabelSource.ReadFile(labels) };
        var predictions = Path.Combine(Path.GetTempPath(), "automleval-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            bool completed;
            using (var files = PredictionFiles.Create(predictions, null))
            {
                completed = ModelPredictionRun.Run(this, model, options, items, files.Predictions.WritePrediction);
                if (completed) files.Commit();
            }
            if (completed) Evaluate(groundTruth, predictions, model);
        }
        finally
        {
            File.Delete(predictions);
        }
    }

    private void Evaluate(string groundTruth, string prediction, string? predictionDisplayPath)
    {
        bool intervals = ConfidenceInterval.IsPresent || MyInvocation.BoundParameters.ContainsKey(nameof(BootstrapSamples));
        var request = new EvaluationRequest(
            groundTruth,
            prediction,
            MlUse,
            Threshold,
            MultiLabel.IsPresent ? true : SingleLabel.IsPresent ? false : null,
            Strict.IsPresent,
            intervals ? BootstrapSamples : 0,
            Unit,
            predictionDisplayPath);
        var task = _task;
        if (!_taskChosen)
        {
            // Neither -Task nor -Unit: the ground truth says what it is (COCO or Vertex boxes, video, else classification).
            task = EvaluationTasks.Find(GroundTruthKinds.Detect(groundTruth).ToString()).Name;
            var foreign = ParametersNotFor(task);
            if (foreign.Length > 0)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"'{groundTruth}' holds a {task.ToLowerInvariant()} ground truth; -{string.Join(", -", foreign)} do not apply to it."),
                    "ParameterNotForTask",
                    ErrorCategory.InvalidArgument,
                    groundTruth));
                return;
            }
        }
        try
        {
            var evaluation = RunEngine(calls => EvaluationTasks.Find(task).Evaluate(request, calls));
            WriteObject(evaluation);
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
