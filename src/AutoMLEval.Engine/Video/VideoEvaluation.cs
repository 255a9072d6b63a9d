using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// The result of evaluating a video-classification model at one <see cref="VideoUnit"/>: every classification
/// metric of the multi-label engine over the unit's items (<see cref="Classification"/>: micro AuPRC, per-label
/// slices, confidence-threshold rows, precision/recall/F1 at the threshold), the temporal IoU of each label's
/// spans, and what the inputs held and what was left out. Immutable.
/// </summary>
public sealed class VideoEvaluation
{
    /// <summary>Creates the result.</summary>
    public VideoEvaluation(VideoUnitData units, ClassificationEvaluation classification, IReadOnlyList<TemporalIoU> temporalIoU, VideoGroundTruthCounts groundTruthCounts, VideoPredictionCounts predictionCounts)
    {
        Units = units ?? throw new ArgumentNullException(nameof(units));
        Classification = classification ?? throw new ArgumentNullException(nameof(classification));
        TemporalIoU = temporalIoU ?? throw new ArgumentNullException(nameof(temporalIoU));
        MicroTemporalIoU = Video.TemporalIoU.Micro(temporalIoU);
        GroundTruthCounts = groundTruthCounts ?? throw new ArgumentNullException(nameof(groundTruthCounts));
        PredictionCounts = predictionCounts ?? throw new ArgumentNullException(nameof(predictionCounts));
    }

    /// <summary>The evaluated unit.</summary>
    public VideoUnit Unit => Units.Unit;

    /// <summary>The items, scores and true labels evaluated.</summary>
    public VideoUnitData Units { get; }

    /// <summary>The items, in the row order of <see cref="ClassificationEvaluation.Data"/>.</summary>
    public IReadOnlyList<VideoItem> Items => Units.Items;

    /// <summary>The multi-label classification metrics over the items.</summary>
    public ClassificationEvaluation Classification { get; }

    /// <summary>Temporal IoU of each label's predicted and true spans at the evaluation's threshold, in label order.</summary>
    public IReadOnlyList<TemporalIoU> TemporalIoU { get; }

    /// <summary>Temporal IoU pooled over labels (Σ intersections / Σ unions).</summary>
    public TemporalIoU MicroTemporalIoU { get; }

    /// <summary>What the ground-truth reader read and skipped.</summary>
    public VideoGroundTruthCounts GroundTruthCounts { get; }

    /// <summary>What the prediction reader read and skipped.</summary>
    public VideoPredictionCounts PredictionCounts { get; }

    /// <summary>What building the items used and left out.</summary>
    public VideoUnitCounts UnitCounts => Units.Counts;
}

/// <summary>What a prediction reader read and skipped; every skipped line and entry was reported.</summary>
/// <param name="Lines">Non-blank lines read.</param>
/// <param name="InvalidLines">Lines skipped as a whole.</param>
/// <param name="InvalidEntries">Prediction entries skipped.</param>
public sealed record VideoPredictionCounts(long Lines, long InvalidLines, long InvalidEntries);
