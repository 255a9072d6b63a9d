using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Formats.Classification;

using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>Object detection (boxes) or instance segmentation (masks): <see cref="DetectionInputs.Evaluate(string, string, IouType, string?, Engine.Diagnostics.IIssueSink, string, IProgress{Engine.Diagnostics.WorkProgress}?, CancellationToken)"/> (of a Vertex AI import file, the split <see cref="EvaluationRequest.MlUse"/>) mapped to <see cref="DetectionModelEvaluation"/>.</summary>
internal sealed class DetectionEvaluationTask : IModelEvaluationTask
{
    private readonly IouType _iouType;

    public DetectionEvaluationTask(string name, IouType iouType)
    {
        Name = name;
        _iouType = iouType;
    }

    public string Name { get; }

    public object Evaluate(EvaluationRequest request, EngineCalls calls) =>
        ToResult(new DetectionSource(Name, Read(request, calls), request.GroundTruthPath, request.PredictionPath, DetectionInputs.IsVertex(request.GroundTruthPath) ? request.MlUse : null));

    /// <summary>
    /// -AsPartial: the exact, mergeable partial evaluation of the images this shard of detections predicts (images of
    /// the ground truth it does not predict are left to the other parts), carried as the bytes of its file.
    /// </summary>
    public PartialModelEvaluation EvaluatePartial(EvaluationRequest request, EngineCalls calls)
    {
        var mlUse = DetectionInputs.IsVertex(request.GroundTruthPath) ? request.MlUse : string.Empty;
        var partial = PartialDetection.Of(Read(request, calls), request.GroundTruthPath, request.PredictionPath, mlUse, calls.Cancellation);
        return new PartialModelEvaluation(Name, request.GroundTruthPath, request.PredictionPath, mlUse, partial.Images, partial.GroundTruthImages, partial.ToBytes());
    }

    /// <summary>Merges detection parts: the <see cref="DetectionModelEvaluation"/> of all their detections together (named after the ground truth the first part records).</summary>
    public static DetectionModelEvaluation Merge(IReadOnlyList<PartialDetection> parts, EngineCalls calls)
    {
        var merged = PartialDetection.Merge(PartialEvaluationParts.Merging(parts, calls));
        var evaluation = merged.Evaluate(calls.Issues);
        if (RecordsRejectedInParts.Of(merged, parts) is { } rejected) calls.Issues.Report(rejected);
        var task = evaluation.Params.IouType == IouType.Segmentation ? EvaluationTasks.Segmentation : EvaluationTasks.Detection;
        return ToResult(new DetectionSource(task, evaluation, merged.GroundTruthPath, PartialEvaluationParts.PredictionPathOf(merged.Sources, DetectionInputs.PredictionExtensions), merged.MlUse.Length == 0 ? null : merged.MlUse));
    }

    /// <summary>Reads and evaluates the request's files: its predictions file or folder, or the files its pattern matched as one set.</summary>
    private DetectionEvaluation Read(EvaluationRequest request, EngineCalls calls) =>
        request.PredictionFiles is { } files
            ? DetectionInputs.Evaluate(request.GroundTruthPath, files, request.PredictionPath, _iouType, request.ImagesDirectory, calls.Issues, request.MlUse, calls.Progress, calls.Cancellation)
            : DetectionInputs.Evaluate(request.GroundTruthPath, request.PredictionPath, _iouType, request.ImagesDirectory, calls.Issues, request.MlUse, calls.Progress, calls.Cancellation);

    private static DetectionModelEvaluation ToResult(DetectionSource source)
    {
        var labels = source.Evaluation.Labels.Select(l => new DetectionLabelEvaluation(
            l.DisplayName, l.CategoryId, l.Ap, l.Ap50, l.Ap75, l.Ar100, l.GroundTruthCount, l.DetectionCount, l.BestF1, l.BestF1Threshold, l.PrecisionAtBestF1, l.RecallAtBestF1)).ToArray();
        return new DetectionModelEvaluation(source, labels);
    }
}
