using System.Management.Automation;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Video;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Get-MisclassifiedImage</c>: the false positives, false negatives or true positives of labels of a
/// <see cref="ModelEvaluation"/>, most confidently wrong first; for a <see cref="AutoMLEval.VideoEvaluation"/>, the
/// wrongly decided segments, seconds or shots (<see cref="MisclassifiedSegment"/>); for a
/// <see cref="DetectionModelEvaluation"/>, the missed objects and false detections (<see cref="MisclassifiedDetection"/>).
/// </summary>
[Cmdlet(VerbsCommon.Get, "MisclassifiedImage")]
[OutputType(typeof(MisclassifiedImage), typeof(MisclassifiedSegment), typeof(MisclassifiedDetection))]
public sealed class GetMisclassifiedImageCommand : EngineCmdlet
{
    /// <summary>The evaluation, from Get-ModelEvaluation.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? InputObject { get; set; }

    /// <summary>The labels whose galleries are listed, one after the other (case-insensitive when that names one label); every label when omitted.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(LabelCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Which gallery (classification and video: FalsePositive by default, FalseNegative, TruePositive; detection: FalseDetection by default, one of its kinds, or MissedDetection).</summary>
    /// <remarks>
    /// A <see cref="MisclassificationKind"/> name as text: PowerShell completes a parameter of an enum type from the
    /// enum, whatever its completer, and the kinds worth offering depend on the evaluation's task (<see cref="KindCompleter"/>).
    /// </remarks>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateEnumName(typeof(MisclassificationKind))]
    [ArgumentCompleter(typeof(KindCompleter))]
    public string Kind { get; set; } = nameof(MisclassificationKind.FalsePositive);

    /// <summary>-Kind as the kind it names.</summary>
    private MisclassificationKind ChosenKind => (MisclassificationKind)Enum.Parse(typeof(MisclassificationKind), Kind, ignoreCase: true);

    /// <summary>Decide by score ≥ threshold instead of the argmax (multi-label always uses a threshold: the evaluation's unless given).</summary>
    [Parameter]
    [ValidateBetween(0.0, 1.0)]
    public double Threshold { get; set; } = 0.5;

    /// <summary>Detection only: the IoU a detection needs to match an object (TIDE's foreground threshold).</summary>
    [Parameter]
    [ValidateBetween(0.1, 1.0)]
    public double IouThreshold { get; set; } = DetectionResults.DefaultIouThreshold;

    /// <summary>Writes the galleries of one evaluation.</summary>
    protected override void ProcessRecord()
    {
        bool detection = InputObject is DetectionModelEvaluation;
        // Without -Kind a detection evaluation lists its false detections, as a classification one its false positives.
        var kind = detection && !MyInvocation.BoundParameters.ContainsKey(nameof(Kind)) ? MisclassificationKind.FalseDetection : ChosenKind;
        if (detection != DetectionResults.IsDetectionKind(kind))
        {
            WriteError(new ErrorRecord(
                new ArgumentException(detection
                    ? $"-Kind {kind} is for classification and video; a {InputObject!.Task} evaluation lists MissedDetection, FalseDetection, Duplicate, WrongLabel, Localisation, WrongLabelAndLocalisation or Background."
                    : $"-Kind {kind} is for detection and segmentation; a {InputObject!.Task} evaluation lists FalsePositive, FalseNegative or TruePositive."),
                "KindNotForTask",
                ErrorCategory.InvalidArgument,
                InputObject));
            return;
        }
        string? misplaced = detection ? (MyInvocation.BoundParameters.ContainsKey(nameof(Threshold)) ? nameof(Threshold) : null)
            : MyInvocation.BoundParameters.ContainsKey(nameof(IouThreshold)) ? nameof(IouThreshold) : null;
        if (misplaced is not null)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"-{misplaced} is not available for a {InputObject!.Task} evaluation (-Threshold: classification and video scores; -IouThreshold: detection matching)."),
                "ParameterNotForTask",
                ErrorCategory.InvalidArgument,
                InputObject));
            return;
        }
        if (MergedEvaluations.Refuse(this, "listing its errors", InputObject!)) return;
        switch (InputObject)
        {
            case DetectionModelEvaluation model:
                WriteDetections(model, kind);
                break;
            case ModelEvaluation model:
                WriteImages(model);
                break;
            case AutoMLEval.VideoEvaluation video:
                WriteSegments(video);
                break;
        }
    }

    /// <summary>The detection errors of -Kind at -IouThreshold, label after label as -Label names them (every label when omitted).</summary>
    private void WriteDetections(DetectionModelEvaluation model, MisclassificationKind kind)
    {
        var evaluation = model.Evaluation;
        IEnumerable<string?> names = Label is null ? new string?[] { null } : (IEnumerable<string?>)LabelNames.Once(Label, DetectionResults.LabelNames(evaluation));
        foreach (var name in names)
        {
            var category = name is null ? null : DetectionResults.Category(evaluation, name);
            if (name is not null && category is null)
            {
                WriteError(LabelNames.UnknownLabelError(name, DetectionResults.LabelNames(evaluation)));
                continue;
            }
            // The errors need the detections matched again (seconds on a large data set): on a worker, with progress and Ctrl+C.
            var errors = RunEngine(calls => DetectionResults.Errors(evaluation, kind, IouThreshold, category?.Name, calls.Progress, calls.Cancellation).ToArray());
            foreach (var error in errors)
            {
                error.PredictionPath = model.PredictionPath;
                WriteObject(error);
            }
        }
    }

    /// <summary>
    /// The (item, label) decisions of a video evaluation that are wrong in the way -Kind says, at -Threshold (the
    /// evaluation's unless given), most confidently wrong first, label after label as -Label names them.
    /// The engine lists wrong decisions only, so there is no true-positive list of segments.
    /// </summary>
    private void WriteSegments(AutoMLEval.VideoEvaluation video)
    {
        if (!MisclassificationKinds.Of(video.Task).Contains(ChosenKind))
        {
            WriteError(new ErrorRecord(
                new ArgumentException("-Kind TruePositive lists images; a video evaluation lists wrong decisions only (FalsePositive, FalseNegative)."),
                "KindNotForVideo",
                ErrorCategory.InvalidArgument,
                video));
            return;
        }
        var evaluation = video.Evaluation;
        double threshold = MyInvocation.BoundParameters.ContainsKey(nameof(Threshold)) ? Threshold : evaluation.Classification.Options.Threshold;
        bool falsePositives = ChosenKind == MisclassificationKind.FalsePositive;
        var errors = VideoMisclassification.Find(evaluation, threshold).Where(e => e.IsFalsePositive == falsePositives).ToArray();
        if (Label is null)
        {
            WriteSegments(video, errors, threshold);
            return;
        }
        foreach (var name in LabelNames.Once(Label, evaluation.Classification.Labels))
        {
            var label = LabelNames.Resolve(evaluation.Classification.Labels, name);
            if (label is null)
            {
                WriteError(LabelNames.UnknownLabelError(name, evaluation.Classification.Labels));
                continue;
            }
            WriteSegments(video, errors.Where(e => string.Equals(e.Label, label, StringComparison.Ordinal)), threshold);
        }
    }

    private void WriteSegments(AutoMLEval.VideoEvaluation video, IEnumerable<VideoMisclassification> errors, double threshold)
    {
        foreach (var error in errors)
        {
            var item = error.Item;
            WriteObject(new MisclassifiedSegment(item.Video, item.Segment.Start.Seconds, item.Segment.End.Seconds, video.Unit, error.Label, ChosenKind, error.Score, error.Confidence, error.TrueLabels.ToArray(), threshold, item.Line, video.PredictionPath));
        }
    }

    private void WriteImages(ModelEvaluation model)
    {
        var evaluation = model.Evaluation;
        double? threshold = MyInvocation.BoundParameters.ContainsKey(nameof(Threshold)) ? Threshold
            : evaluation.IsMultiLabel ? evaluation.Options.Threshold
            : null;
        var outcome = ChosenKind switch
        {
            MisclassificationKind.FalseNegative => PredictionOutcome.FalseNegative,
            MisclassificationKind.TruePositive => PredictionOutcome.TruePositive,
            _ => PredictionOutcome.FalsePositive,
        };
        if (Label is null)
        {
            WriteItems(model, ErrorAnalysis.Find(evaluation.Data, outcome, null, threshold), threshold);
            return;
        }
        foreach (var name in LabelNames.Once(Label, evaluation.Labels))
        {
            int index = LabelLookup.IndexOf(evaluation.Labels, name);
            if (index < 0)
            {
                WriteError(LabelNames.UnknownLabelError(name, evaluation.Labels));
                continue;
            }
            WriteItems(model, ErrorAnalysis.Find(evaluation.Data, outcome, index, threshold), threshold);
        }
    }

    private void WriteItems(ModelEvaluation model, IEnumerable<ClassifiedItem> items, double? threshold)
    {
        foreach (var item in items)
        {
            WriteObject(new MisclassifiedImage(ProviderPaths.ItemPath(model.ItemBaseDirectory, item.ItemId), item.ItemId, item.Label, ChosenKind, item.Score, item.TrueLabels.ToArray(), item.PredictedLabels.ToArray(), item.PredictedScore, threshold, model.GroundTruthPath, model.PredictionPath, model.Slice));
        }
    }
}
