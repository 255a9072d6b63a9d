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

    public object Evaluate(EvaluationRequest request, EngineCalls calls)
    {
        // The look comes before the read: after it, a piped ground truth is gone (looked at again, a hang or no data).
        var mlUse = DetectionInputs.IsVertex(request.GroundTruthPath) ? request.MlUse : null;
        return ToResult(new DetectionSource(Name, Read(request, calls), request.GroundTruthPath, request.PredictionPath, mlUse));
    }

    /// <summary>
    /// -AsPartial: the exact, mergeable partial evaluation of the images this shard of detections predicts (images of
    /// the ground truth it does not predict are left to the other parts), carried as the bytes of its file.
    /// </summary>
    public PartialModelEvaluation EvaluatePartial(EvaluationRequest request, EngineCalls calls)
    {
        var mlUse = DetectionInputs.IsVertex(request.GroundTruthPath) ? request.MlUse : string.Empty;
        var partial = PartialDetection.Of(Read(request, calls), request.GroundTruthPath, request.PredictionPath, mlUse, calls.Progress, calls.Cancellation);
        return new PartialModelEvaluation(Name, request.GroundTruthPath, request.PredictionPath, mlUse, partial.Images, partial.GroundTruthImages, partial.ToBytes());
    }

    /// <summary>Reads and evaluates the request's files: its predictions file or folder, or the files its pattern matched as one set.</summary>
    private DetectionEvaluation Read(EvaluationRequest request, EngineCalls calls) =>
        request.PredictionFiles is { } files
            ? DetectionInputs.Evaluate(request.GroundTruthPath, files, request.PredictionPath, _iouType, request.ImagesDirectory, calls.Issues, request.MlUse, calls.Progress, calls.Cancellation)
            : DetectionInputs.Evaluate(request.GroundTruthPath, request.PredictionPath, _iouType, request.ImagesDirectory, calls.Issues, request.MlUse, calls.Progress, calls.Cancellation);

    /// <summary>The <see cref="DetectionModelEvaluation"/> of an evaluation (of the files, or of a merge of parts).</summary>
    internal static DetectionModelEvaluation ToResult(DetectionSource source)
    {
        var labels = source.Evaluation.Labels.Select(l => new DetectionLabelEvaluation(
            l.DisplayName, l.CategoryId, l.Ap, l.Ap50, l.Ap75, l.Ar100, l.GroundTruthCount, l.DetectionCount, l.BestF1, l.BestF1Threshold, l.PrecisionAtBestF1, l.RecallAtBestF1)).ToArray();
        return new DetectionModelEvaluation(source, labels);
    }
}
