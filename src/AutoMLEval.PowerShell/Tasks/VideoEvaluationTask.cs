using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
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
        // The files a wildcard matched are read as one set, as the engine reads those of a folder.
        var evaluation = request.PredictionFiles is { } files
            ? VideoEvaluator.Evaluate(request.GroundTruthPath, files, request.PredictionPath, OptionsOf(request), calls.Issues, calls.Progress, calls.Cancellation)
            : VideoEvaluator.Evaluate(request.GroundTruthPath, request.PredictionPath, OptionsOf(request), calls.Issues, calls.Progress, calls.Cancellation);
        return ToVideoEvaluation(evaluation, request.GroundTruthPath, request.PredictionPath, request.MlUse);
    }

    /// <summary>A partial evaluation of one shard of whole videos (<c>-AsPartial</c>); its ground-truth videos that the shard does not predict are not missing yet.</summary>
    public static PartialModelEvaluation EvaluatePartial(EvaluationRequest request, EngineCalls calls)
    {
        var partial = request.PredictionFiles is { } files
            ? PartialVideo.Of(request.GroundTruthPath, files, request.PredictionPath, OptionsOf(request), calls.Issues, calls.Progress, calls.Cancellation)
            : PartialVideo.Of(request.GroundTruthPath, request.PredictionPath, OptionsOf(request), calls.Issues, calls.Progress, calls.Cancellation);
        return new PartialModelEvaluation(EvaluationTasks.Video, request.GroundTruthPath, request.PredictionPath, request.MlUse, partial.Items, checked((int)partial.UnitCounts.Videos), partial.ToBytes());
    }

    private static VideoEvaluationOptions OptionsOf(EvaluationRequest request) => new()
    {
        Unit = ParseUnit(request.Unit),
        Split = Engine.Formats.Classification.MlUse.SplitOrAll(request.MlUse),
        Classification = new ClassificationOptions { Threshold = request.Threshold, BootstrapSamples = request.BootstrapSamples },
    };

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
