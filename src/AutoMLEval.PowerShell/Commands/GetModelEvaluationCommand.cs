using AutoMLEval.Engine.Formats;
using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Inference.Model;
using AutoMLEval.PowerShell.Inference;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Get-ModelEvaluation</c>: evaluates a model's predictions against the ground truth and writes one
/// <see cref="ModelEvaluation"/> (or <see cref="VideoEvaluation"/> for -Task Video, <see cref="DetectionModelEvaluation"/>
/// for -Task Detection and Segmentation) per input pair (several when
/// pairs come from the pipeline by property name), or with -SliceBy one classification evaluation per value of a metadata key;
/// predictions piped from Invoke-ModelPrediction are evaluated together, once the pipeline ends.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ModelEvaluation", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(ModelEvaluation), typeof(VideoEvaluation), typeof(DetectionModelEvaluation), typeof(PartialModelEvaluation))]
public sealed class GetModelEvaluationCommand : EngineCmdlet
{
    /// <summary>Paths that may contain wildcards (each must resolve to one file or folder, except that a classification's predictions may be a pattern matching several shards, read as one set).</summary>
    public const string PathParameterSet = "Path";

    /// <summary>Paths taken exactly as written.</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>
    /// The ground truth by -GroundTruthPath, the predictions taken exactly as written: what Get-ChildItem output binds
    /// to (its PSPath), one evaluation per file.
    /// </summary>
    public const string LiteralPredictionParameterSet = "LiteralPrediction";

    /// <summary>Predictions made here by a local ONNX model (Invoke-ModelPrediction), then evaluated.</summary>
    public const string ModelParameterSet = "Model";

    /// <summary>Predictions piped from Invoke-ModelPrediction (<see cref="ModelPrediction"/> objects), evaluated together.</summary>
    public const string PredictionObjectParameterSet = "InputObject";

    /// <summary>Bootstrap resamples of -ConfidenceInterval when -BootstrapSamples is not given.</summary>
    public const int DefaultBootstrapSamples = 1000;

    /// <summary>The decision threshold when -Threshold is not given.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>The engine's code for predictions whose labels are none of the ground truth's (often class indices against names).</summary>
    public const string NoCommonLabelsCode = "NoCommonLabels";

    /// <summary>The ground truth: a Vertex AI CSV/JSONL import file, a CSV with a path,label header, or a folder per label (detection: COCO JSON or Vertex AI JSONL).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ModelParameterSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LiteralPredictionParameterSet, ValueFromPipelineByPropertyName = true)]
    // Piped predictions are evaluated together, against one ground truth: the command line's.
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PredictionObjectParameterSet)]
    [Alias("GroundTruth")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string GroundTruthPath { get; set; } = string.Empty;

    /// <summary>The predictions: Vertex AI batch prediction JSONL, or a CSV with a path column and one score column per label (detection: a COCO results list or Vertex AI JSONL); for classification and detection also a folder of shards or a wildcard matching several, read as one set.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Prediction", "Predictions")]
    [SupportsWildcards]
    [PredictionPathGiven]
    [ValidateNotNullOrEmpty]
    public string PredictionPath { get; set; } = string.Empty;

    /// <summary>The ground truth, taken literally (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("LiteralGroundTruth")]
    [ValidateNotNullOrEmpty]
    public string LiteralGroundTruthPath { get; set; } = string.Empty;

    /// <summary>The predictions, taken literally (no wildcards; Get-ChildItem output binds here by its PSPath).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralPredictionParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("LiteralPrediction", "LiteralPredictions", "PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPredictionPath { get; set; } = string.Empty;

    /// <summary>An ONNX image classifier: its predictions on the -MlUse images of the ground truth are made here, then evaluated.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ModelParameterSet)]
    [Alias("Model")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>
    /// Predictions from Invoke-ModelPrediction, piped: written as Export-ModelPrediction writes them (to a temporary file)
    /// as they come, and evaluated as that file would be once they have all come; the evaluation names their model as its
    /// predictions, as -ModelPath's does.
    /// </summary>
    // Not mandatory: were it, PowerShell would latch on to this set before any record comes (as the one set taking
    // records by value, while -ModelPath's set lacks a command-line parameter), and Get-ChildItem's files would no longer
    // reach -LiteralPredictionPath.
    [Parameter(ValueFromPipeline = true, ParameterSetName = PredictionObjectParameterSet)]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.PredictAgain)]
    public ModelPrediction? InputObject { get; set; }

    /// <summary>With -ModelPath: a labels file (one class name per line, in the model's output order).</summary>
    [Parameter(ParameterSetName = ModelParameterSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? LabelPath { get; set; }

    /// <summary>With -ModelPath: images per inference run.</summary>
    [Parameter(ParameterSetName = ModelParameterSet)]
    [ValidateBetween(1, 4096)]
    public int BatchSize { get; set; } = 32;

    /// <summary>With -ModelPath: how images become the model's input and its output scores (<see cref="ModelPreprocessing"/>, as Invoke-ModelPrediction's -Preprocessing).</summary>
    [Parameter(ParameterSetName = ModelParameterSet)]
    [ValidateNotNull]
    public ModelPreprocessing? Preprocessing { get; set; }

    /// <summary>Vertex AI detection files: the folder of the images, for their pixel sizes (AP and AR by object size need them).</summary>
    [Parameter(ParameterSetName = PathParameterSet)]
    [Parameter(ParameterSetName = LiteralPathParameterSet)]
    [Parameter(ParameterSetName = LiteralPredictionParameterSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? ImagePath { get; set; }

    /// <summary>The split evaluated (test when not given; empty means not given); files without splits are evaluated whole. Video also takes all: every record, with or without a split.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyAsNotGiven]
    [AllowNull]
    [SplitName]
    [ValidateSetIfGiven("test", "validation", "training", "unassigned", Engine.Formats.Classification.MlUse.All)]
    [ArgumentCompleter(typeof(MlUseCompleter))]
    public string? MlUse { get; set; }

    /// <summary>The decision threshold of precision, recall and F1 (and of multi-label decisions); 0.5 when not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NumberIfGiven]
    [AllowNull]
    [ValidateBetween(0.0, 1.0)]
    public double? Threshold { get; set; }

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
    [ValidateBetween(1, 100000)]
    public int BootstrapSamples { get; set; } = DefaultBootstrapSamples;

    /// <summary>The evaluation task; -Unit alone implies Video, and without either the ground truth decides (COCO, or Vertex boxes in JSON Lines: Detection; video JSON Lines: Video; else Classification: a CSV import of boxes or segments needs -Task). A task the ground truth is not stops the command.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyAsNotGiven]
    [AllowNull]
    [ValidateSetIfGiven(EvaluationTasks.Classification, EvaluationTasks.Video, EvaluationTasks.Detection, EvaluationTasks.Segmentation)]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string? Task { get; set; }

    /// <summary>Video only: what an item is (Segment, the default: the segments asked about; OneSecond: one-second intervals; Shot: the shots the model found).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyAsNotGiven]
    [AllowNull]
    [ValidateSetIfGiven("Segment", "OneSecond", "Shot")]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string? Unit { get; set; }

    /// <summary>Classification: evaluate each value of this metadata key alone (one evaluation per slice, with SliceKey and SliceValue); the key is a dataItemResourceLabels key of a JSON Lines ground truth, or a column of -MetadataPath.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MetadataKeyCompleter))]
    public string? SliceBy { get; set; }

    /// <summary>With -SliceBy: a metadata CSV (path,camera,site… or path,key,value) or Vertex AI JSON Lines file holding the key.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? MetadataPath { get; set; }

    /// <summary>
    /// Bound by property name only, from an evaluation piped back (or its Export-Csv row): the metadata key of one of
    /// -SliceBy's evaluations. Its files hold the whole data set, so evaluating them would give the whole's figures in the
    /// slice's place: such a record is an error (SliceNotEvaluatedAgain) saying how to evaluate the slices again.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    [EmptyAsNotGiven]
    [AllowNull]
    public string? SliceKey { get; set; }

    /// <summary>
    /// Bound by property name only, from a merge of partial evaluations piped back (Merge-ModelEvaluation): the prediction
    /// files its parts were evaluated from. They are read again as one set, under the merge's PredictionPath, unless
    /// -PredictionPath is given on the command line: that path may be names joined, which no path resolves to.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PathParameterSet, DontShow = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public string[]? PredictionFiles { get; set; }

    /// <summary>
    /// Writes a <see cref="PartialModelEvaluation"/> of this shard of predictions instead of an evaluation, to merge with the
    /// other shards' by Merge-ModelEvaluation (classification, detection, segmentation and video, without -SliceBy; with
    /// -ConfidenceInterval a classification merge has the intervals of one evaluation).
    /// </summary>
    [Parameter(ParameterSetName = PathParameterSet)]
    [Parameter(ParameterSetName = LiteralPathParameterSet)]
    [Parameter(ParameterSetName = LiteralPredictionParameterSet)]
    public SwitchParameter AsPartial { get; set; }

    /// <summary>The switches that only classification understands.</summary>
    private static readonly string[] ClassificationOnlyParameters = { nameof(MultiLabel), nameof(SingleLabel), nameof(Strict), nameof(ConfidenceInterval), nameof(BootstrapSamples), nameof(SliceBy), nameof(MetadataPath) };

    // The parameters given on the command line, read once before any record: BoundParameters also keeps the names of
    // parameters an earlier pipeline record bound, so per record only the values themselves say what was given.
    private HashSet<string> _commandLine = new(StringComparer.OrdinalIgnoreCase);

    // The predictions piped in so far (-InputObject); null before the first.
    private TemporaryPredictions? _piped;

    /// <summary>Stops before any work when the parameters given on the command line contradict each other.</summary>
    protected override void BeginProcessing()
    {
        _commandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
        if (MultiLabel.IsPresent && SingleLabel.IsPresent)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-MultiLabel and -SingleLabel exclude each other; give at most one (without either, the kind is detected from the ground truth)."),
                "MultiLabelAndSingleLabel",
                ErrorCategory.InvalidArgument,
                null));
        }
        if (MetadataPath is not null && SliceBy is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-MetadataPath goes with -SliceBy KEY (the metadata key whose values are evaluated one by one)."),
                "MetadataPathNeedsSliceBy",
                ErrorCategory.InvalidArgument,
                MetadataPath));
        }
        if (SliceBy is not null && (ConfidenceInterval.IsPresent || _commandLine.Contains(nameof(BootstrapSamples))))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-SliceBy evaluates each slice without bootstrap intervals; leave out -ConfidenceInterval and -BootstrapSamples, or evaluate a slice's items on their own."),
                "SliceWithoutIntervals",
                ErrorCategory.InvalidArgument,
                SliceBy));
        }
        if (Task is not null && Unit is not null && EvaluationTasks.Find(Task).Name != EvaluationTasks.Video)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-Unit is for video evaluations; -Task {Task} has no unit."),
                "UnitNeedsVideoTask",
                ErrorCategory.InvalidArgument,
                Unit));
        }
        if (NamedTask() is { } task) RefuseParametersNotFor(task);
        CheckSharedGroundTruth();
    }

    /// <summary>Stops the command when a parameter given on the command line means nothing for the <paramref name="task"/> named there.</summary>
    private void RefuseParametersNotFor(string task)
    {
        if (AllSplitsNotFor(task, MlUse!) is { } allSplits) ThrowTerminatingError(allSplits);
        var foreign = ParametersNotFor(task);
        if (foreign.Length == 0) return;
        var (errorId, reason) = task == EvaluationTasks.Video ? ("ParameterNotForVideo", "video evaluations (they are always multi-label)")
            : EvaluationTasks.IsDetection(task) ? ("ParameterNotForDetection", $"{task.ToLowerInvariant()} evaluations (COCO evaluates every image at every score; sweep thresholds with Invoke-ThresholdSweep)")
            : ("ParameterNotForTask", $"{task.ToLowerInvariant()} evaluations");
        ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"-{string.Join(", -", foreign)}: not available for {reason}."),
            errorId,
            ErrorCategory.InvalidArgument,
            foreign[0]));
    }

    /// <summary>
    /// Records from the pipeline (predictions piped in, or files by property name) share the ground truth named on the
    /// command line: one that is not there, or not of the task named there, stops the command before the first record
    /// is read (predictions piped in were otherwise all read before the ground truth was looked at).
    /// </summary>
    private void CheckSharedGroundTruth()
    {
        if (!MyInvocation.ExpectingInput) return;
        bool literal = _commandLine.Contains(nameof(LiteralGroundTruthPath));
        if (!literal && !_commandLine.Contains(nameof(GroundTruthPath))) return;
        var groundTruth = ProviderPaths.ResolveOne(this, literal ? LiteralGroundTruthPath : GroundTruthPath, literal, terminating: true)!;
        if (NamedTask() is { } named && TaskMismatch(groundTruth, named) is { } mismatch) ThrowTerminatingError(mismatch);
    }

    /// <summary>The error TaskDoesNotFitInput when <paramref name="groundTruth"/> is not of the <paramref name="named"/> task; null when it is.</summary>
    private ErrorRecord? TaskMismatch(string groundTruth, string named)
    {
        using var pipes = UsePipes();
        // An empty file is of no kind: its reader says that it holds no records, not that it is some other task's file.
        return IsEmptyFile(groundTruth) || GroundTruthKinds.Fits(groundTruth, EvaluationTasks.KindOf(named)) ? null : new ErrorRecord(
            new ArgumentException($"'{groundTruth}' is not a {named.ToLowerInvariant()} ground truth (it reads as {GroundTruthKinds.Detect(groundTruth).ToString().ToLowerInvariant()}); name the task it is, or leave -Task out and let the file decide."),
            "TaskDoesNotFitInput",
            ErrorCategory.InvalidArgument,
            groundTruth);
    }

    /// <summary>The task named by -Task, or implied by -Unit, for the current record; null when the ground truth decides.</summary>
    private string? NamedTask() =>
        Task is not null ? EvaluationTasks.Find(Task).Name
        : Unit is not null ? EvaluationTasks.Video
        : null;

    /// <summary>Whether a parameter has a value for the current record: given on the command line, or a non-empty value from this record.</summary>
    private bool IsGiven(string parameter) => parameter switch
    {
        nameof(InputObject) => _piped is not null,
        nameof(MlUse) => MlUse is not null,
        nameof(Threshold) => Threshold is not null,
        _ => _commandLine.Contains(parameter),
    };

    /// <summary>The given parameters that mean nothing for <paramref name="task"/> (of <paramref name="groundTruth"/>, once it is known).</summary>
    private string[] ParametersNotFor(string task, string? groundTruth = null)
    {
        IEnumerable<string> foreign = task == EvaluationTasks.Video
            ? ClassificationOnlyParameters.Concat(new[] { nameof(ModelPath), nameof(InputObject), nameof(ImagePath) })
            // COCO matching has no decision threshold (every image is evaluated at every score), and COCO files no split;
            // Vertex AI import files have splits, so -MlUse stands until the file is known.
            : EvaluationTasks.IsDetection(task) ? ClassificationOnlyParameters.Concat(new[] { nameof(ModelPath), nameof(InputObject), nameof(Threshold) })
                .Concat(groundTruth is null || DetectionInputs.IsVertex(groundTruth) ? Array.Empty<string>() : new[] { nameof(MlUse) })
            : new[] { nameof(ImagePath) };
        return foreign.Where(IsGiven).ToArray();
    }

    /// <summary>Evaluates one ground-truth/prediction pair (with -ModelPath: predicts the ground truth's split first).</summary>
    protected override void ProcessRecord()
    {
        if (SliceKey is not null)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"The evaluation piped in is one slice of the metadata key '{SliceKey}' (Get-ModelEvaluation -SliceBy); its files hold the whole data set, which Get-ModelEvaluation would evaluate in the slice's place. Evaluate the slices again from the files: Get-ModelEvaluation -GroundTruthPath … -PredictionPath … -SliceBy {SliceKey} (with the -MetadataPath that holds the key, if the ground truth does not)."),
                "SliceNotEvaluatedAgain",
                ErrorCategory.InvalidArgument,
                SliceKey));
            return;
        }
        if (ParameterSetName == ModelParameterSet)
        {
            PredictAndEvaluate();
            return;
        }
        if (ParameterSetName == PredictionObjectParameterSet)
        {
            // Written as they come, so that memory does not grow with the predictions; evaluated when they have all come.
            (_piped ??= TemporaryPredictions.Create()).Add(InputObject!);
            return;
        }
        bool literal = ParameterSetName == LiteralPathParameterSet;
        bool literalPrediction = ParameterSetName != PathParameterSet;
        var merged = PredictionFiles is { Length: > 0 } && !_commandLine.Contains(nameof(PredictionPath)) ? PredictionFiles : null;
        var groundTruth = ProviderPaths.ResolveOne(this, literal ? LiteralGroundTruthPath : GroundTruthPath, literal);
        var prediction = merged is not null ? null : ProviderPaths.ResolveShards(this, literalPrediction ? LiteralPredictionPath : PredictionPath, literalPrediction);
        var images = ImagePath is null ? null : ProviderPaths.ResolveOne(this, ImagePath, literal);
        if (groundTruth is null || (merged is null && prediction is null) || (ImagePath is not null && images is null)) return;
        if (TaskFor(groundTruth) is not { } task) return;
        if (merged is null)
        {
            Evaluate(task, groundTruth, prediction!.Path, null, images, prediction.PatternFiles);
            return;
        }
        if (MergedShards(merged, task) is { } files) Evaluate(task, groundTruth, PredictionPath, null, images, files, merged);
    }

    /// <summary>
    /// The files of a merge's parts (<see cref="PredictionFiles"/>: shards, or the folders and patterns parts read), in
    /// ordinal order as a pattern's; null after writing an error (a folder or pattern that matches nothing now).
    /// </summary>
    private string[]? MergedShards(string[] sources, string task)
    {
        try
        {
            return sources.SelectMany(source => ShardFiles.Expand(source, EvaluationTasks.PredictionExtensionsOf(task)))
                .Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        }
        catch (InputFormatException e)
        {
            WriteError(ErrorRecordOf(e));
            return null;
        }
    }

    /// <summary>
    /// The task of the current record: the named one (-Task, or -Unit for video) when the ground truth is of that
    /// kind, else the ground truth's own. Null after an error: a named task the file is not (TaskDoesNotFitInput,
    /// terminating when named on the command line, before any work), or a given parameter the task has no use for.
    /// </summary>
    private string? TaskFor(string groundTruth)
    {
        var named = NamedTask();
        if (named is not null && TaskMismatch(groundTruth, named) is { } mismatch)
        {
            if (_commandLine.Contains(nameof(Task)) || _commandLine.Contains(nameof(Unit))) ThrowTerminatingError(mismatch);
            WriteError(mismatch);
            return null;
        }
        var task = named ?? EvaluationTasks.ForKind(KindOf(groundTruth));
        if (named is null) WriteVerbose($"'{groundTruth}' reads as a {task.ToLowerInvariant()} ground truth: the task is {task}.");
        if (AllSplitsNotFor(task, groundTruth) is { } allSplits)
        {
            WriteError(allSplits);
            return null;
        }
        var foreign = ParametersNotFor(task, groundTruth);
        if (foreign.Length > 0)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"'{groundTruth}' holds a {task.ToLowerInvariant()} ground truth; -{string.Join(", -", foreign)} {(foreign.Length == 1 ? "does" : "do")} not apply to it."),
                "ParameterNotForTask",
                ErrorCategory.InvalidArgument,
                groundTruth));
            return null;
        }
        return task;
    }

    /// <summary>The error for -MlUse all, which only video evaluations take (as the CLI's --ml-use all), with <paramref name="task"/>; null otherwise.</summary>
    private ErrorRecord? AllSplitsNotFor(string task, object target) =>
        task == EvaluationTasks.Video || Engine.Formats.Classification.MlUse.SplitOrAll(MlUse ?? string.Empty) is not null ? null : new ErrorRecord(
            new ArgumentException($"-MlUse all (every record, whatever its split) is for video evaluations; a {task.ToLowerInvariant()} evaluation takes one split: test, validation, training or unassigned."),
            "ParameterNotForTask",
            ErrorCategory.InvalidArgument,
            target);

    /// <summary>Evaluates the predictions piped in (-InputObject), once they have all come.</summary>
    protected override void EndProcessing()
    {
        if (_piped is null) return;
        var groundTruth = ProviderPaths.ResolveOne(this, GroundTruthPath, literal: false);
        if (groundTruth is null || TaskFor(groundTruth) is not { } task) return;
        _piped.Commit();
        EvaluateTemporary(_piped, task, groundTruth);
    }

    /// <summary>Deletes the file of the predictions piped in, whether the pipeline ended or was stopped.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _piped?.Dispose();
            _piped = null;
        }
        base.Dispose(disposing);
    }

    /// <summary>The kind of <paramref name="groundTruth"/>, told by a look whose pipe this command owns.</summary>
    private GroundTruthKind KindOf(string groundTruth)
    {
        using var pipes = UsePipes();
        return GroundTruthKinds.Detect(groundTruth);
    }

    private static bool IsEmptyFile(string path) => File.Exists(path) && new FileInfo(path).Length == 0;

    /// <summary>
    /// -ModelPath: predicts the -MlUse images of the ground truth into a temporary Vertex batch-prediction file, evaluates
    /// it like any predictions file (the result names the model as its predictions), and deletes it.
    /// </summary>
    private void PredictAndEvaluate()
    {
        var groundTruth = ProviderPaths.ResolveOne(this, GroundTruthPath, literal: false);
        var model = ProviderPaths.ResolveOne(this, ModelPath, literal: false);
        var labels = LabelPath is null ? null : ProviderPaths.ResolveOne(this, LabelPath, literal: false);
        if (groundTruth is null || model is null || (LabelPath is not null && labels is null)) return;
        if (TaskFor(groundTruth) is not { } task) return;
        IReadOnlyList<(string Content, string File)> items;
        try
        {
            items = RunEngine(calls => PredictionItems.FromGroundTruth(groundTruth, MlUse ?? Engine.Formats.Classification.MlUse.Test, calls.Issues, calls.Progress, calls.Cancellation));
        }
        catch (InputFormatException e)
        {
            WriteError(ErrorRecordOf(e));
            return;
        }
        if (!ModelPredictionRun.TryReadLabels(this, labels, out var names)) return;
        var options = ModelPredictionRun.WithPreprocessing(this, Preprocessing, new InferenceOptions { BatchSize = BatchSize, Labels = names, LabelsPath = labels });
        using var predictions = TemporaryPredictions.Create();
        if (!ModelPredictionRun.Run(this, model, options, items, prediction => predictions.Add(prediction, model))) return;
        predictions.Commit();
        EvaluateTemporary(predictions, task, groundTruth);
    }

    /// <summary>Evaluates predictions the command wrote for itself, naming their models in the temporary file's place.</summary>
    private void EvaluateTemporary(TemporaryPredictions predictions, string task, string groundTruth)
    {
        TemporaryInput = (predictions.Path, predictions.ShownAs);
        try
        {
            Evaluate(task, groundTruth, predictions.Path, predictions.ShownAs, null);
        }
        finally
        {
            TemporaryInput = null;
        }
    }

    /// <summary>Whether the current record's ground truth or predictions were bound from the pipeline rather than named on the command line.</summary>
    private bool FilesFromPipeline() => ParameterSetName switch
    {
        ModelParameterSet or PredictionObjectParameterSet => !_commandLine.Contains(nameof(GroundTruthPath)),
        LiteralPathParameterSet => !_commandLine.Contains(nameof(LiteralGroundTruthPath)) || !_commandLine.Contains(nameof(LiteralPredictionPath)),
        LiteralPredictionParameterSet => !_commandLine.Contains(nameof(GroundTruthPath)) || !_commandLine.Contains(nameof(LiteralPredictionPath)),
        _ => !_commandLine.Contains(nameof(GroundTruthPath)) || !_commandLine.Contains(nameof(PredictionPath)),
    };

    /// <summary>What is about to be evaluated, for -Verbose: the task, the files, and the split and threshold where the task has them.</summary>
    private string Describe(string task, EvaluationRequest request)
    {
        bool detection = EvaluationTasks.IsDetection(task);
        var split = detection && !DetectionInputs.IsVertex(request.GroundTruthPath) ? "" : $", split {request.MlUse}";
        var shards = request.PredictionFiles is null ? "" : $" ({request.PredictionFiles.Count} files read as one set)";
        var threshold = detection ? "" : FormattableString.Invariant($", threshold {request.Threshold}");
        var part = AsPartial.IsPresent ? " as a part to merge" : "";
        return $"{task}{part}: ground truth '{request.GroundTruthPath}'{split}; predictions '{request.PredictionDisplayPath ?? request.PredictionPath}'{shards}{threshold}.";
    }

    /// <summary>
    /// Evaluates one pair; <paramref name="predictionFiles"/> are the shards a pattern <paramref name="prediction"/> matched
    /// (null for one file or folder); <paramref name="mergedFrom"/> the <see cref="PredictionFiles"/> of a merge piped back,
    /// which the evaluation carries on, so that it too can be piped back.
    /// </summary>
    private void Evaluate(string task, string groundTruth, string prediction, string? predictionDisplayPath, string? imagesDirectory, IReadOnlyList<string>? predictionFiles = null, string[]? mergedFrom = null)
    {
        string? metadata = null;
        if (MetadataPath is not null && (metadata = ProviderPaths.ResolveOne(this, MetadataPath, ParameterSetName == LiteralPathParameterSet)) is null) return;
        bool intervals = ConfidenceInterval.IsPresent || _commandLine.Contains(nameof(BootstrapSamples));
        var request = new EvaluationRequest(
            groundTruth,
            prediction,
            MlUse ?? Engine.Formats.Classification.MlUse.Test,
            Threshold ?? DefaultThreshold,
            MultiLabel.IsPresent ? true : SingleLabel.IsPresent ? false : null,
            Strict.IsPresent,
            intervals ? BootstrapSamples : 0,
            Unit ?? EvaluationTasks.DefaultVideoUnit,
            predictionDisplayPath,
            imagesDirectory,
            SliceBy,
            metadata,
            predictionFiles,
            SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        if (AsPartial.IsPresent && SliceBy is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-AsPartial keeps what merges exactly: classification, detection, segmentation and video, without -SliceBy."),
                "AsPartialNotMergeable",
                ErrorCategory.InvalidArgument,
                task));
        }
        WriteVerbose(Describe(task, request));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var evaluation = AsPartial.IsPresent
                ? RunEngine(calls => (object)PartialEvaluationParts.Evaluate(task, request, calls))
                : RunEngine(calls => EvaluationTasks.Find(task).Evaluate(request, calls));
            WriteVerbose(FormattableString.Invariant($"Read and evaluated in {watch.Elapsed.TotalSeconds:0.00} s."));
            if (mergedFrom is not null && evaluation is EvaluationResult result) result.PredictionFiles = mergedFrom;
            WriteObject(evaluation, enumerateCollection: true);
        }
        catch (InputFormatException e) when (e.Issue.Code == NoCommonLabelsCode && !FilesFromPipeline())
        {
            // The files named on the command line cannot be evaluated at all (the model names its classes otherwise than
            // the ground truth, and every figure would be 0): stop. Files bound from a pipeline record are that record's
            // problem, reported below like any other, and the next records are still evaluated.
            ThrowTerminatingError(ErrorRecordOf(e));
        }
        catch (InputFormatException e)
        {
            WriteError(ErrorRecordOf(e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "InputReadFailed", ErrorCategory.ReadError, groundTruth));
        }
        catch (ArgumentException e)
        {
            // The engine refuses a combination of inputs (an images folder with COCO files, segmentation of Vertex AI boxes).
            WriteError(new ErrorRecord(e, "InputsNotSupported", ErrorCategory.InvalidArgument, groundTruth));
        }
    }
}
