using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;
using EngineVideoEvaluation = AutoMLEval.Engine.Video.VideoEvaluation;

using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>Video classification: <see cref="VideoEvaluator.Evaluate(string, string, VideoEvaluationOptions, IIssueSink, IProgress{WorkProgress}, CancellationToken)"/> and the mapping of its result to <see cref="VideoEvaluation"/>.</summary>
internal sealed class VideoEvaluationTask : IModelEvaluationTask
{
    public string Name => EvaluationTasks.Video;

    public object Evaluate(EvaluationRequest request, EngineCalls calls)
    {
        var options = new VideoEvaluationOptions
        {
            Unit = ParseUnit(request.Unit),
            Split = request.MlUse,
            Classification = new ClassificationOptions { Threshold = request.Threshold, BootstrapSamples = request.BootstrapSamples },
        };
        var evaluation = VideoEvaluator.Evaluate(request.GroundTruthPath, request.PredictionPath, options, calls.Issues, calls.Progress, calls.Cancellation);
        return ToVideoEvaluation(evaluation, request.GroundTruthPath, request.PredictionPath, request.MlUse);
    }

    /// <summary>The engine's unit of a -Unit value (Segment, OneSecond, Shot; case-insensitive, as PowerShell binds it).</summary>
    internal static VideoUnit ParseUnit(string unit) => (VideoUnit)Enum.Parse(typeof(VideoUnit), unit, ignoreCase: true);

    internal static VideoEvaluation ToVideoEvaluation(EngineVideoEvaluation evaluation, string groundTruthPath, string predictionPath, string mlUse)
    {
        var classification = evaluation.Classification;
        var labels = classification.PerLabel.Select(l =>
        {
            var temporal = evaluation.TemporalIoU[l.Index];
            return new VideoLabelEvaluation(l.Label, l.Support, l.AuPrc, l.AuRoc, l.AtThreshold.Precision, l.AtThreshold.Recall, l.AtThreshold.F1, classification.Options.Threshold, temporal.IoU, temporal.PredictedSpans, temporal.TrueSpans);
        }).ToArray();
        return new VideoEvaluation(new VideoSource(evaluation, groundTruthPath, predictionPath, mlUse), labels);
    }
}
