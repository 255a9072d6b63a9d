using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Detection;

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
        var evaluation = DetectionInputs.Evaluate(request.GroundTruthPath, request.PredictionPath, _iouType, request.ImagesDirectory, calls.Issues, request.MlUse, calls.Progress, calls.Cancellation);
        var labels = evaluation.Labels.Select(l => new DetectionLabelEvaluation(
            l.DisplayName, l.CategoryId, l.Ap, l.Ap50, l.Ap75, l.Ar100, l.GroundTruthCount, l.DetectionCount, l.BestF1, l.BestF1Threshold, l.PrecisionAtBestF1, l.RecallAtBestF1)).ToArray();
        return new DetectionModelEvaluation(new DetectionSource(Name, evaluation, request.GroundTruthPath, request.PredictionPath, DetectionInputs.IsVertex(request.GroundTruthPath) ? request.MlUse : null), labels);
    }
}
