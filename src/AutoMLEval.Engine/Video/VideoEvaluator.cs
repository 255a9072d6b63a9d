using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Engine.Video;

/// <summary>Settings of a video-classification evaluation.</summary>
public sealed record VideoEvaluationOptions
{
    /// <summary>What an item is; default <see cref="VideoUnit.Segment"/> (what AutoML Video evaluates).</summary>
    public VideoUnit Unit { get; init; } = VideoUnit.Segment;

    /// <summary>The ML_USE split of the ground truth to evaluate (case-insensitive); null for every record. Default "test".</summary>
    public string? Split { get; init; } = "test";

    /// <summary>The classification settings; its <see cref="ClassificationOptions.Threshold"/> also decides the temporal IoU spans.</summary>
    public ClassificationOptions Classification { get; init; } = new();
}

/// <summary>Evaluates video-classification predictions: the one entry point every front end calls.</summary>
public static class VideoEvaluator
{
    /// <summary>Reads both files and evaluates (see <see cref="Evaluate(VideoGroundTruth, VideoPredictionReader, VideoEvaluationOptions, IIssueSink, IProgress{WorkProgress}, CancellationToken)"/>).</summary>
    /// <param name="groundTruthPath">Vertex AI video-classification import file (JSON lines, or CSV when it ends in ".csv").</param>
    /// <param name="predictionsPath">
    /// Vertex AI batch prediction output (JSON lines); or a folder or wildcard pattern of such shards
    /// (<see cref="ShardFiles.Expand"/>), read as one set.
    /// </param>
    /// <param name="options">Unit, split and classification settings.</param>
    /// <param name="sink">Where every skipped or left-out record is reported.</param>
    /// <param name="progress">Reading and the bootstrap, as they go.</param>
    /// <param name="cancellationToken">Stops the reading and the evaluation (<see cref="OperationCanceledException"/>).</param>
    public static VideoEvaluation Evaluate(
        string groundTruthPath, string predictionsPath, VideoEvaluationOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Evaluate(groundTruthPath, ShardFiles.Expand(predictionsPath, VideoPredictionReader.PredictionExtensions), predictionsPath, options, sink, progress, cancellationToken);

    /// <summary>
    /// Reads the ground truth and the prediction files <paramref name="predictionFiles"/> as one set, in the order given
    /// (<paramref name="predictionSource"/> names the set, as a pattern does), and evaluates: the lines of all files as if
    /// the files were one. Otherwise as the overload with one predictions path.
    /// </summary>
    public static VideoEvaluation Evaluate(
        string groundTruthPath, IReadOnlyList<string> predictionFiles, string predictionSource, VideoEvaluationOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        predictionFiles = ShardFiles.WithoutGroundTruth(predictionFiles, predictionSource, groundTruthPath, sink);
        var truth = VideoGroundTruthReader.Read(groundTruthPath, options.Split, sink, progress, cancellationToken);
        return Evaluate(truth, new VideoPredictionReader(predictionFiles, predictionSource, sink, progress, cancellationToken), options, sink, progress, cancellationToken);
    }

    /// <summary>
    /// Streams <paramref name="predictions"/> once into the items of <see cref="VideoEvaluationOptions.Unit"/>
    /// (<see cref="VideoUnitBuilder"/>), then computes the classification metrics with
    /// <see cref="ClassificationEvaluator.Evaluate"/> and the per-label temporal IoU.
    /// </summary>
    public static VideoEvaluation Evaluate(
        VideoGroundTruth truth, VideoPredictionReader predictions, VideoEvaluationOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (truth is null) throw new ArgumentNullException(nameof(truth));
        if (predictions is null) throw new ArgumentNullException(nameof(predictions));
        if (options is null) throw new ArgumentNullException(nameof(options));
        options.Classification.Validate();
        var units = VideoUnitBuilder.Build(truth, predictions.Read(), options.Unit, predictions.Path, sink);
        var predictionCounts = new VideoPredictionCounts(predictions.Lines, predictions.InvalidLines, predictions.InvalidEntries);
        var evaluation = Evaluate(units, truth.Counts, predictionCounts, options.Classification, progress, cancellationToken);
        foreach (var warning in evaluation.Classification.Warnings) sink.Report(warning with { Source = truth.Source });
        return evaluation;
    }

    /// <summary>Evaluates items already built (for callers that build <see cref="VideoUnitData"/> themselves).</summary>
    public static VideoEvaluation Evaluate(
        VideoUnitData units, VideoGroundTruthCounts groundTruthCounts, VideoPredictionCounts predictionCounts, ClassificationOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (units is null) throw new ArgumentNullException(nameof(units));
        var classification = ClassificationEvaluator.Evaluate(units.Data, options, progress, cancellationToken);
        var temporal = TemporalIoU.PerLabel(units.Items, units.Data, units.Annotations, classification.Options.Threshold);
        return new VideoEvaluation(units, classification, temporal, groundTruthCounts, predictionCounts);
    }

    /// <summary>
    /// The micro-averaged counts (over every label, or only <paramref name="label"/>) and the temporal IoU at each of
    /// <paramref name="thresholds"/>: how precision, recall and the temporal overlap trade off. Counts come from
    /// <see cref="ClassificationEvaluator.Sweep"/>; the IoU from <see cref="TemporalIoU.PerLabel"/> (pooled with
    /// <see cref="TemporalIoU.Micro"/> when all labels are swept).
    /// </summary>
    public static IReadOnlyList<VideoSweepRow> Sweep(VideoEvaluation evaluation, IReadOnlyList<double> thresholds, int? label = null)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        var data = evaluation.Classification.Data;
        if (label is int index && (index < 0 || index >= data.LabelCount)) throw new ArgumentOutOfRangeException(nameof(label), label, "No such label.");
        return ClassificationEvaluator.Sweep(data, thresholds, label).Select(counts =>
        {
            var temporal = TemporalIoU.PerLabel(evaluation.Items, data, evaluation.Units.Annotations, counts.Threshold);
            return new VideoSweepRow(counts, label is int only ? temporal[only] : TemporalIoU.Micro(temporal)) { TemporalIoUPerLabel = temporal };
        }).ToArray();
    }
}

/// <summary>One threshold of a video sweep.</summary>
/// <param name="Counts">Micro-averaged (or one label's) decision counts at the threshold.</param>
/// <param name="TemporalIoU">The temporal IoU at the threshold (pooled over labels, or the one label's).</param>
public sealed record VideoSweepRow(ThresholdCounts Counts, TemporalIoU TemporalIoU)
{
    /// <summary>Every label's temporal IoU at the threshold, in label order (computed for the pooled one anyway).</summary>
    public IReadOnlyList<TemporalIoU> TemporalIoUPerLabel { get; init; } = Array.Empty<TemporalIoU>();
}
