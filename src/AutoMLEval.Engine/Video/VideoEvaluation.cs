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
        : this((units ?? throw new ArgumentNullException(nameof(units))).Unit, units.Counts, classification, temporalIoU, groundTruthCounts, predictionCounts)
    {
        _units = units;
    }

    /// <summary>The result of merged partial evaluations (<see cref="PartialVideo"/>), which keep counts, not items.</summary>
    internal VideoEvaluation(VideoUnit unit, VideoUnitCounts unitCounts, ClassificationEvaluation classification, IReadOnlyList<TemporalIoU> temporalIoU, VideoGroundTruthCounts groundTruthCounts, VideoPredictionCounts predictionCounts)
    {
        Unit = unit;
        UnitCounts = unitCounts ?? throw new ArgumentNullException(nameof(unitCounts));
        Classification = classification ?? throw new ArgumentNullException(nameof(classification));
        TemporalIoU = temporalIoU ?? throw new ArgumentNullException(nameof(temporalIoU));
        MicroTemporalIoU = Video.TemporalIoU.Micro(temporalIoU);
        GroundTruthCounts = groundTruthCounts ?? throw new ArgumentNullException(nameof(groundTruthCounts));
        PredictionCounts = predictionCounts ?? throw new ArgumentNullException(nameof(predictionCounts));
    }

    private readonly VideoUnitData? _units;

    /// <summary>The evaluated unit.</summary>
    public VideoUnit Unit { get; }

    /// <summary>Whether this is a merge of partial evaluations: its figures are those of the inputs, but it holds no items.</summary>
    public bool IsMerged => _units is null;

    /// <summary>The items, scores and true labels evaluated.</summary>
    /// <exception cref="InvalidOperationException">The evaluation was merged from partial evaluations.</exception>
    public VideoUnitData Units => _units ?? throw new InvalidOperationException("This evaluation was merged from partial evaluations, which keep counts, not items: evaluate the inputs themselves to list items or sweep other thresholds.");

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
    public VideoUnitCounts UnitCounts { get; }
}

/// <summary>What a prediction reader read and skipped; every skipped line and entry was reported.</summary>
/// <param name="Lines">Non-blank lines read.</param>
/// <param name="InvalidLines">Lines skipped as a whole.</param>
/// <param name="InvalidEntries">Prediction entries skipped.</param>
public sealed record VideoPredictionCounts(long Lines, long InvalidLines, long InvalidEntries);
