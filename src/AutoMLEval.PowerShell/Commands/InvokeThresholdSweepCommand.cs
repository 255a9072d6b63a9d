using System.Management.Automation;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Video;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Invoke-ThresholdSweep</c>: confidence-threshold rows (Vertex AI's <c>confidenceMetrics</c>) of a
/// <see cref="ModelEvaluation"/>, <see cref="AutoMLEval.VideoEvaluation"/> (with the temporal IoU at each threshold) or
/// <see cref="DetectionModelEvaluation"/> (detections matched at -IouThreshold: <see cref="DetectionThresholdRow"/>), micro-averaged, for chosen labels, or for every label.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ThresholdSweep", DefaultParameterSetName = MicroParameterSet)]
[OutputType(typeof(ThresholdRow), typeof(DetectionThresholdRow))]
public sealed class InvokeThresholdSweepCommand : EngineCmdlet
{
    /// <summary>Rows pooled over every (item, label) pair, with the At1 variants.</summary>
    public const string MicroParameterSet = "Micro";

    /// <summary>Rows of the named labels.</summary>
    public const string LabelParameterSet = "Label";

    /// <summary>Rows of every label.</summary>
    public const string PerLabelParameterSet = "PerLabel";

    /// <summary>The evaluation, from Get-ModelEvaluation.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? InputObject { get; set; }

    /// <summary>The thresholds; by default Vertex AI's grid 0, 0.05 … 0.95, 0.96 … 1.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateBetween(0.0, 1.0)]
    public double[]? Threshold { get; set; }

    /// <summary>Labels whose own rows are wanted (case-insensitive when that names one label).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LabelParameterSet)]
    [ArgumentCompleter(typeof(LabelCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Rows for every label.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PerLabelParameterSet)]
    public SwitchParameter PerLabel { get; set; }

    /// <summary>Detection only: the IoU a detection needs to count as a true positive (one of COCO's 0.5, 0.55 … 0.95).</summary>
    [Parameter]
    [ValidateEvaluatedIouThreshold]
    public double IouThreshold { get; set; } = DetectionResults.DefaultIouThreshold;

    /// <summary>Writes the rows of one evaluation.</summary>
    protected override void ProcessRecord()
    {
        IReadOnlyList<double> grid = Threshold ?? ClassificationOptions.VertexThresholds;
        if (InputObject is not DetectionModelEvaluation && MyInvocation.BoundParameters.ContainsKey(nameof(IouThreshold)))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"-IouThreshold is for detection and segmentation evaluations; this is a {InputObject!.Task} evaluation."),
                "IouThresholdNeedsDetection",
                ErrorCategory.InvalidArgument,
                InputObject));
            return;
        }
        // A merge keeps the rows of its own grid's thresholds and the match table of its detections: anything else needs the items.
        bool needsItems = InputObject switch
        {
            DetectionModelEvaluation => false,
            ModelEvaluation model => ParameterSetName != MicroParameterSet || model.Evaluation.ConfidenceMetricsAt(grid) is null,
            _ => true,
        };
        // A merged video evaluation cannot be swept at all, at its grid's thresholds neither.
        var work = InputObject is ModelEvaluation ? "sweeping its labels or thresholds off its grid" : "a sweep";
        if (needsItems && MergedEvaluations.Refuse(this, work, InputObject!)) return;
        switch (InputObject)
        {
            case DetectionModelEvaluation detection:
                WriteDetectionRows(detection, grid);
                break;
            case ModelEvaluation model:
                // The items' top labels, found once for every label swept.
                int[]? topLabels = null;
                WriteRows(model.Evaluation, label => WriteLabelRows(model, grid, label, topLabels ??= ClassificationEvaluator.TopLabels(model.Evaluation.Data)), () => WriteMicroRows(model, grid));
                break;
            case AutoMLEval.VideoEvaluation video:
                WriteRows(video.Evaluation.Classification, label => WriteVideoRows(video, grid, label), () => WriteVideoRows(video, grid, null));
                break;
        }
    }

    /// <summary>Dispatches on the parameter set: the named labels' rows, every label's, or the micro-averaged rows.</summary>
    private void WriteRows(ClassificationEvaluation evaluation, Action<int> writeLabelRows, Action writeMicroRows)
    {
        switch (ParameterSetName)
        {
            case LabelParameterSet:
                foreach (var name in LabelNames.Once(Label!, evaluation.Labels))
                {
                    int index = LabelLookup.IndexOf(evaluation.Labels, name);
                    if (index < 0)
                    {
                        WriteError(LabelNames.UnknownLabelError(name, evaluation.Labels));
                        continue;
                    }
                    writeLabelRows(index);
                }
                break;
            case PerLabelParameterSet:
                for (int j = 0; j < evaluation.Labels.Count; j++) writeLabelRows(j);
                break;
            default:
                writeMicroRows();
                break;
        }
    }

    private void WriteDetectionRows(DetectionModelEvaluation detection, IReadOnlyList<double> grid)
    {
        var evaluation = detection.Evaluation;
        var categories = ParameterSetName switch
        {
            LabelParameterSet => LabelNames.Once(Label!, DetectionResults.LabelNames(evaluation)).Select(name => (Name: name, Id: DetectionResults.Category(evaluation, name)?.Id)).ToArray(),
            PerLabelParameterSet => evaluation.Categories.Select(c => (Name: c.Name, Id: (long?)c.Id)).ToArray(),
            _ => new[] { (Name: ThresholdRow.MicroAverage, Id: (long?)null) },
        };
        foreach (var (name, id) in categories)
        {
            if (id is null && ParameterSetName == LabelParameterSet)
            {
                WriteError(LabelNames.UnknownLabelError(name, DetectionResults.LabelNames(evaluation)));
                continue;
            }
            foreach (var row in DetectionResults.Sweep(detection, IouThreshold, grid, id)) WriteObject(row);
        }
    }

    private void WriteVideoRows(AutoMLEval.VideoEvaluation video, IReadOnlyList<double> grid, int? label)
    {
        var evaluation = video.Evaluation;
        string name = label is int index ? evaluation.Classification.Labels[index] : ThresholdRow.MicroAverage;
        foreach (var row in VideoEvaluator.Sweep(evaluation, grid, label))
        {
            var output = ToRow(video.PredictionPath, string.Empty, name, row.Counts);
            output.TemporalIoU = OutputValues.Defined(row.TemporalIoU.IoU);
            WriteObject(output);
        }
    }

    private void WriteMicroRows(ModelEvaluation model, IReadOnlyList<double> grid)
    {
        var evaluation = model.Evaluation;
        // The evaluation already holds the rows of its own grid; other thresholds need one more pass of the engine, which
        // on a large evaluation takes seconds: on a worker thread, with progress, stopped by Ctrl+C.
        var rows = evaluation.ConfidenceMetricsAt(grid)
            ?? RunEngine(calls => ClassificationEvaluator.Evaluate(evaluation.Data, evaluation.Options with { ThresholdGrid = grid, BootstrapSamples = 0 }, calls.Progress, calls.Cancellation)).ConfidenceMetrics;
        foreach (var row in rows) WriteObject(ToRow(model, ThresholdRow.MicroAverage, row));
    }

    private void WriteLabelRows(ModelEvaluation model, IReadOnlyList<double> grid, int label, int[] topLabels)
    {
        var evaluation = model.Evaluation;
        foreach (var row in ClassificationEvaluator.LabelConfidenceMetrics(evaluation.Data, topLabels, grid, label)) WriteObject(ToRow(model, evaluation.Labels[label], row));
    }

    // An image classification's row, micro or per label: its counts and its top-1 figures.
    private static ThresholdRow ToRow(ModelEvaluation model, string label, ConfidenceMetricsRow row)
    {
        var output = ToRow(model.PredictionPath, model.Slice, label, row.All);
        output.PrecisionAt1 = row.AtTop1.Precision;
        output.RecallAt1 = row.AtTop1.Recall;
        output.FalsePositiveRateAt1 = row.AtTop1.FalsePositiveRate;
        output.F1ScoreAt1 = row.AtTop1.F1;
        return output;
    }

    private static ThresholdRow ToRow(string predictionPath, string slice, string label, ThresholdCounts c) =>
        new(predictionPath, label, c.Threshold, c.TruePositives, c.FalsePositives, c.FalseNegatives, c.TrueNegatives, c.Precision, c.Recall, c.FalsePositiveRate, c.F1) { Slice = slice };
}
