using System.Management.Automation;
using AutoMLEval.Engine.Classification;
using EngineVideoEvaluation = AutoMLEval.Engine.Video.VideoEvaluation;

namespace AutoMLEval;

/// <summary>
/// A video-classification evaluation as <c>Get-ModelEvaluation -Task Video</c> writes it: the multi-label metrics
/// over the unit's items (segments, one-second intervals or shots) and the temporal IoU as flat properties, what the
/// inputs held and left out, and the per-label slices (with the joined <see cref="LabelNames"/> twin).
/// <c>Invoke-ThresholdSweep</c> and <c>Get-MisclassifiedImage</c> take it from the pipeline.
/// Definitions of every metric: the engine's <see cref="EngineVideoEvaluation"/>.
/// </summary>
public sealed class VideoEvaluation : EvaluationResult
{
    // Held through an internal type of this assembly, so that loading this public type never needs the engine.
    private readonly VideoSource _source;

    internal VideoEvaluation(VideoSource source, VideoLabelEvaluation[] labels)
    {
        _source = source;
        Labels = new ResultList<VideoLabelEvaluation>(labels);
    }

    /// <inheritdoc/>
    public override string Task => Tasks.EvaluationTasks.Video;

    /// <summary>What an item is: Segment (the segments asked about), OneSecond or Shot.</summary>
    public string Unit => Evaluation.Unit.ToString();

    /// <inheritdoc/>
    public override string MlUse => _source.MlUse;

    /// <summary>Number of evaluated items (segments, seconds or shots).</summary>
    public override int Items => Classification.ItemCount;

    /// <summary>Ground-truth videos of the split.</summary>
    public long Videos => Evaluation.UnitCounts.Videos;

    /// <summary>Ground-truth videos with at least one item.</summary>
    public long PredictedVideos => Evaluation.UnitCounts.PredictedVideos;

    /// <summary>Number of labels (the ground truth's).</summary>
    public int LabelCount => Classification.Labels.Count;

    /// <summary>Micro-averaged AuPRC over every (item, label) pair.</summary>
    public double? AuPrc => OutputValues.Defined(Classification.MicroAuPrc);

    /// <summary>Micro-averaged ROC AUC.</summary>
    public double? AuRoc => OutputValues.Defined(Classification.MicroAuRoc);

    /// <summary>Mean of the per-label AuPRCs.</summary>
    public double? MacroAuPrc => OutputValues.Defined(Classification.MacroAuPrc);

    /// <summary>Mean of the per-label ROC AUCs, over the labels with both positive and negative items.</summary>
    public double? MacroAuRoc => OutputValues.Defined(Classification.MacroAuRoc);

    /// <summary>Log loss: the mean binary cross-entropy over every (item, label) pair (natural log, clipped probabilities), as the CLI's "Log loss".</summary>
    public double LogLoss => Classification.LogLoss;

    /// <summary>The decision threshold of <see cref="Precision"/>, <see cref="Recall"/>, <see cref="F1Score"/> and <see cref="TemporalIoU"/>.</summary>
    public double Threshold => Classification.Options.Threshold;

    /// <summary>Micro-averaged precision at <see cref="Threshold"/>.</summary>
    public double Precision => Classification.MicroAtThreshold.Precision;

    /// <summary>Micro-averaged recall at <see cref="Threshold"/>.</summary>
    public double Recall => Classification.MicroAtThreshold.Recall;

    /// <summary>Micro-averaged F1 at <see cref="Threshold"/>.</summary>
    public double F1Score => Classification.MicroAtThreshold.F1;

    /// <summary>Mean per-label F1 at <see cref="Threshold"/>.</summary>
    public double MacroF1 => Classification.MacroF1;

    /// <summary><see cref="MacroF1"/> named by its rule, as the CLI's table and the report name it ("Macro F1 @ 0.5").</summary>
    public string MacroF1Name => Classification.MacroF1Name;

    /// <summary>The best micro F1 over the distinct score thresholds.</summary>
    public double BestF1Score => Classification.MicroBestF1.F1;

    /// <summary>The score threshold of <see cref="BestF1Score"/>.</summary>
    public double? BestF1Threshold => OutputValues.Defined(Classification.MicroBestF1.Threshold);

    /// <summary>Share of (item, label) decisions at <see cref="Threshold"/> that are wrong.</summary>
    public double HammingLoss => Classification.HammingLoss;

    /// <summary>Share of items whose label set at <see cref="Threshold"/> is exactly right (the CLI JSON's <c>subsetAccuracy</c>, and its <c>accuracy</c>).</summary>
    public double SubsetAccuracy => Classification.SubsetAccuracy;

    /// <summary>Label-ranking average precision.</summary>
    public double LabelRankingAveragePrecision => Classification.LabelRankingAveragePrecision;

    /// <summary>Coverage error: how far down an item's ranked labels one must go, on average, to cover all its true labels (scikit-learn's coverage_error).</summary>
    public double CoverageError => Classification.CoverageError;

    /// <summary>Temporal IoU pooled over labels at <see cref="Threshold"/>: Σ intersection seconds / Σ union seconds of predicted and true spans.</summary>
    public double? TemporalIoU => OutputValues.Defined(Evaluation.MicroTemporalIoU.IoU);

    /// <summary>Prediction lines (instances) read.</summary>
    public long Instances => Evaluation.UnitCounts.Instances;

    /// <summary>Instances whose video the ground truth does not have in any split (left out and reported).</summary>
    public long UnknownVideoInstances => Evaluation.UnitCounts.UnknownVideoInstances;

    /// <summary>Instances of videos the ground truth has in other splits than the evaluated one (left out as intended; one warning).</summary>
    public long OtherSplitInstances => Evaluation.UnitCounts.OtherSplitInstances;

    /// <summary>Prediction entries whose label the ground truth never uses (left out and reported).</summary>
    public long UnknownLabelEntries => Evaluation.UnitCounts.UnknownLabelEntries;

    /// <summary>(item, label) pairs without a score, scored 0 (reported).</summary>
    public long MissingScores => Evaluation.UnitCounts.MissingScores;

    /// <summary>Ground-truth videos of the split without any item (their annotations are not evaluated; reported).</summary>
    public long VideosWithoutPredictions => Evaluation.UnitCounts.VideosWithoutPredictions;

    /// <summary>Records, annotations, lines and entries skipped as malformed in either file (each reported as an error), and unbounded or repeated entries.</summary>
    public long SkippedRecords =>
        Evaluation.GroundTruthCounts.InvalidRecords + Evaluation.GroundTruthCounts.InvalidAnnotations
        + Evaluation.PredictionCounts.InvalidLines + Evaluation.PredictionCounts.InvalidEntries
        + Evaluation.UnitCounts.UnboundedEntries + Evaluation.UnitCounts.DuplicateEntries;

    /// <summary>The label names in column order, joined by ";" (the CSV-friendly twin of <see cref="Labels"/>).</summary>
    public string LabelNames => string.Join(MisclassifiedImage.LabelSeparator, Classification.Labels);

    /// <summary>The ground-truth file.</summary>
    public override string GroundTruthPath => _source.GroundTruthPath;

    /// <summary>The predictions file.</summary>
    public override string PredictionPath => _source.PredictionPath;

    /// <summary>Per-label slices, in label order.</summary>
    public ResultList<VideoLabelEvaluation> Labels { get; }

    /// <summary>The engine's result, with the items and the evaluated data (for sweeps and error lists).</summary>
    // It holds the evaluated data (all scores, COCO's precision arrays: 179 MB of JSON for 5,000 images at -Depth 4).
    [Hidden, NotInJson]
    public EngineVideoEvaluation Evaluation => _source.Evaluation;

    /// <inheritdoc/>
    internal override bool IsMerged => Evaluation.IsMerged;

    /// <summary>"Video of test, 2 Segment items: F1 0.5000 temporal IoU 0.5000 (video_predictions.jsonl)".</summary>
    public override string ToString() => OutputValues.Text("{0} of {1}, {2} {3} items: F1 {4} temporal IoU {5} ({6})", Task, MlUse, Items, Unit, OutputValues.Metric(F1Score), OutputValues.Metric(TemporalIoU), PredictionFileName);

    private ClassificationEvaluation Classification => _source.Evaluation.Classification;
}

/// <summary>The engine result behind a <see cref="VideoEvaluation"/> and the files and split it read.</summary>
internal sealed class VideoSource
{
    public VideoSource(EngineVideoEvaluation evaluation, string groundTruthPath, string predictionPath, string mlUse)
    {
        Evaluation = evaluation;
        GroundTruthPath = groundTruthPath;
        PredictionPath = predictionPath;
        MlUse = mlUse;
    }

    public EngineVideoEvaluation Evaluation { get; }

    public string GroundTruthPath { get; }

    public string PredictionPath { get; }

    public string MlUse { get; }
}
