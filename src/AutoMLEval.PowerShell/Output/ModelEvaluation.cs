using System.Management.Automation;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval;

/// <summary>
/// A classification evaluation as <c>Get-ModelEvaluation</c> writes it: the headline metrics as flat properties
/// (what Vertex AI's Evaluate tab shows), the input accounting, and the per-label slices, the confusion matrix and
/// the bootstrap intervals (lists whose text, in Export-Csv, lists their items; views leave them out).
/// <c>Invoke-ThresholdSweep</c> and <c>Get-MisclassifiedImage</c> take it from the pipeline.
/// Definitions of every metric: the engine's <see cref="ClassificationEvaluation"/>.
/// </summary>
public sealed class ModelEvaluation : EvaluationResult
{
    // Engine objects are held through an internal type of this assembly, so that loading this public type
    // never needs the engine assembly (which PowerShell 7 loads into the module's own load context).
    private readonly ClassificationSource _source;

    internal ModelEvaluation(ClassificationSource source, LabelEvaluation[] labels, ConfusionMatrixCell[] confusionMatrix, MetricInterval[] confidenceIntervals, ModelCalibration? calibration, string? sliceKey = null, string? sliceValue = null)
    {
        _source = source;
        Calibration = calibration;
        SliceKey = sliceKey;
        SliceValue = sliceValue;
        Labels = new ResultList<LabelEvaluation>(labels);
        ConfusionMatrix = new ResultList<ConfusionMatrixCell>(confusionMatrix);
        ConfidenceIntervals = new ResultList<MetricInterval>(confidenceIntervals);
    }

    /// <summary>The evaluation task ("Classification").</summary>
    public override string Task => Tasks.EvaluationTasks.Classification;

    /// <inheritdoc/>
    public override string MlUse => _source.MlUse;

    /// <summary>Whether items may carry several labels.</summary>
    public bool IsMultiLabel => Evaluation.IsMultiLabel;

    /// <summary>Number of evaluated items (on both sides of the join).</summary>
    public override int Items => Evaluation.ItemCount;

    /// <summary>Number of labels.</summary>
    public int LabelCount => Evaluation.Labels.Count;

    /// <summary>Micro-averaged AuPRC over every (item, label) pair: Vertex AI's <c>auPrc</c>.</summary>
    public double? AuPrc => OutputValues.Defined(Evaluation.MicroAuPrc);

    /// <summary>Micro-averaged ROC AUC: Vertex AI's <c>auRoc</c>.</summary>
    public double? AuRoc => OutputValues.Defined(Evaluation.MicroAuRoc);

    /// <summary>Mean of the per-label AuPRCs.</summary>
    public double? MacroAuPrc => OutputValues.Defined(Evaluation.MacroAuPrc);

    /// <summary>Mean of the per-label ROC AUCs.</summary>
    public double? MacroAuRoc => OutputValues.Defined(Evaluation.MacroAuRoc);

    /// <summary>Log loss (natural log, clipped probabilities).</summary>
    public double LogLoss => Evaluation.LogLoss;

    /// <summary>Single-label: top-1 accuracy; multi-label: subset accuracy at <see cref="Threshold"/>.</summary>
    public double Accuracy => Evaluation.Accuracy;

    /// <summary>The decision threshold of <see cref="Precision"/>, <see cref="Recall"/> and <see cref="F1Score"/>.</summary>
    public double Threshold => Evaluation.Options.Threshold;

    /// <summary>Micro-averaged precision at <see cref="Threshold"/>.</summary>
    public double Precision => Evaluation.MicroAtThreshold.Precision;

    /// <summary>Micro-averaged recall at <see cref="Threshold"/>.</summary>
    public double Recall => Evaluation.MicroAtThreshold.Recall;

    /// <summary>Micro-averaged F1 at <see cref="Threshold"/>.</summary>
    public double F1Score => Evaluation.MicroAtThreshold.F1;

    /// <summary>Mean per-label F1 (argmax decision for single-label, threshold for multi-label).</summary>
    public double MacroF1 => Evaluation.MacroF1;

    /// <summary><see cref="MacroF1"/> named by its rule, as the CLI's table and the report name it ("Top-label macro F1", multi-label "Macro F1 @ 0.5").</summary>
    public string MacroF1Name => Evaluation.MacroF1Name;

    /// <summary>The best micro F1 over the distinct score thresholds.</summary>
    public double BestF1Score => Evaluation.MicroBestF1.F1;

    /// <summary>The score threshold of <see cref="BestF1Score"/>.</summary>
    public double? BestF1Threshold => OutputValues.Defined(Evaluation.MicroBestF1.Threshold);

    /// <summary>Top-1 accuracy (single-label; empty for multi-label).</summary>
    public double? Top1Accuracy => TopK(1);

    /// <summary>Top-2 accuracy (single-label with at least 2 labels).</summary>
    public double? Top2Accuracy => TopK(2);

    /// <summary>Top-3 accuracy (single-label with at least 3 labels).</summary>
    public double? Top3Accuracy => TopK(3);

    /// <summary>Top-4 accuracy (single-label with at least 4 labels).</summary>
    public double? Top4Accuracy => TopK(4);

    /// <summary>Top-5 accuracy (single-label with at least 5 labels).</summary>
    public double? Top5Accuracy => TopK(5);

    /// <summary>Share of (item, label) decisions at <see cref="Threshold"/> that are wrong.</summary>
    public double HammingLoss => Evaluation.HammingLoss;

    /// <summary>Share of items whose label set at <see cref="Threshold"/> is exactly right.</summary>
    public double SubsetAccuracy => Evaluation.SubsetAccuracy;

    /// <summary>Label-ranking average precision.</summary>
    public double LabelRankingAveragePrecision => Evaluation.LabelRankingAveragePrecision;

    /// <summary>Coverage error: how far down an item's ranked labels one must go, on average, to cover all its true labels (scikit-learn's coverage_error).</summary>
    public double CoverageError => Evaluation.CoverageError;

    /// <summary>Ground-truth items in the evaluated split.</summary>
    public int GroundTruthItems => Summary.GroundTruthItems;

    /// <summary>
    /// Items in the predictions file: <see cref="Items"/> + <see cref="UnknownPredictions"/> +
    /// <see cref="OtherSplitPredictions"/> + <see cref="RejectedItemPredictions"/>.
    /// </summary>
    public int PredictionItems => Summary.PredictionItems;

    /// <summary>Ground-truth items of the split without a prediction (left out and reported).</summary>
    public int MissingPredictions => Summary.MissingPredictions;

    /// <summary>Predictions for items absent from the ground truth (left out and reported).</summary>
    public int UnknownPredictions => Summary.UnknownPredictions;

    /// <summary>Predictions for ground-truth items of other splits (left out, as intended).</summary>
    public int OtherSplitPredictions => Summary.OtherSplitPredictions;

    /// <summary>
    /// Predictions for ground-truth items left out (<see cref="RejectedItems"/>, and items whose ground-truth rows were all
    /// malformed): left out with them, as the CLI's <c>counts.rejectedItemPredictions</c>.
    /// </summary>
    public int RejectedItemPredictions => Summary.RejectedItemPredictions;

    /// <summary>Malformed records skipped in the ground truth, the predictions or the -MetadataPath file (each reported as an error).</summary>
    public int SkippedRecords => Summary.SkippedGroundTruthRecords + Summary.SkippedPredictionRecords + Summary.SkippedMetadataRecords;

    /// <summary>
    /// Ground-truth items of the split left out though their records were read (an item with several labels in a
    /// -SingleLabel run), each reported as an error: <see cref="GroundTruthItems"/> = <see cref="Items"/> +
    /// <see cref="MissingPredictions"/> + RejectedItems.
    /// </summary>
    public int RejectedItems => Summary.RejectedGroundTruthItems;

    /// <summary>Repeated records (ground-truth rows merged, repeated predictions: first kept).</summary>
    public int DuplicateRecords => Summary.DuplicateRecords;

    /// <summary>
    /// Labels the model scored that no ground-truth item of the split carries (a misspelt name, or a class not in this split):
    /// each is a column of <see cref="Labels"/> with no positive example, named in a LabelNotInGroundTruth warning.
    /// </summary>
    public int LabelsOnlyInPredictions => Summary.LabelsOnlyInPredictions.Count;

    /// <summary>Ground-truth labels of the split that the model never scored (their scores are taken as 0), named in LabelNotPredicted warnings.</summary>
    public int LabelsOnlyInGroundTruth => Summary.LabelsOnlyInGroundTruth.Count;

    /// <summary>The label names in column order, joined by ";" (the CSV-friendly twin of <see cref="Labels"/>).</summary>
    public string LabelNames => string.Join(MisclassifiedImage.LabelSeparator, Evaluation.Labels);

    /// <summary>The 95% bootstrap intervals as text, empty unless requested (the twin of <see cref="ConfidenceIntervals"/>).</summary>
    public string ConfidenceIntervalSummary => string.Join("; ", ConfidenceIntervals.Select(i => i.ToString()));

    /// <summary>The ground-truth file or folder.</summary>
    public override string GroundTruthPath => _source.GroundTruthPath;

    /// <summary>The predictions file.</summary>
    public override string PredictionPath => _source.PredictionPath;

    /// <summary>Per-label slices, in label order.</summary>
    public ResultList<LabelEvaluation> Labels { get; }

    /// <summary>
    /// The argmax confusion matrix in long form (every true × predicted pair; above 1,000 labels only the pairs with
    /// items); empty for multi-label.
    /// </summary>
    public ResultList<ConfusionMatrixCell> ConfusionMatrix { get; }

    /// <summary>95% bootstrap intervals of the headline metrics; empty unless requested.</summary>
    public ResultList<MetricInterval> ConfidenceIntervals { get; }

    /// <summary>Top-1 calibration: ECE, MCE, equal-mass ECE, Brier score and the reliability bins; empty for multi-label.</summary>
    public ModelCalibration? Calibration { get; }

    /// <summary>Get-ModelEvaluation -SliceBy: the metadata key this evaluation is a slice of; empty for a whole evaluation.</summary>
    public string? SliceKey { get; }

    /// <summary>The key's value shared by the slice's items; empty for the items without a value (and for a whole evaluation).</summary>
    public string? SliceValue { get; }

    /// <summary>The engine's result, with the evaluated data (for sweeps and galleries).</summary>
    // It holds the evaluated data (all scores, COCO's precision arrays: 179 MB of JSON for 5,000 images at -Depth 4).
    [Hidden, NotInJson]
    public ClassificationEvaluation Evaluation => _source.Evaluation;

    /// <summary>What the join of ground truth and predictions used and left out.</summary>
    [Hidden, NotInJson]
    public InputSummary Summary => _source.Summary;

    /// <inheritdoc/>
    internal override bool IsMerged => _source.Run is null;

    /// <summary>The inputs and the evaluation together (what the HTML report is made of); a merge of partial evaluations has none.</summary>
    internal ClassificationRun Run => _source.Run ?? throw new InvalidOperationException("This evaluation was merged from partial evaluations, which keep counts, not items: evaluate the files themselves for a report.");

    /// <summary>The folder relative item paths resolve against.</summary>
    internal string ItemBaseDirectory => Run.Inputs.GroundTruth.BaseDirectory;

    /// <summary>"Classification of test, 540 items: accuracy 0.8963 AuPRC 0.9580 (predictions.test.jsonl)"; a slice names itself after the split: "of test camera=b, 74 items".</summary>
    public override string ToString() => OutputValues.Text("{0} of {1}{2}, {3} items: accuracy {4} AuPRC {5} ({6})", Task, MlUse, SliceKey is null ? string.Empty : " " + Slice, Items, OutputValues.Metric(Accuracy), OutputValues.Metric(AuPrc), PredictionFileName);

    /// <summary>"camera=b" for a slice ("camera=(none)" for the items without a value); empty for a whole evaluation.</summary>
    public string Slice => SliceText(SliceKey, SliceValue);

    /// <summary>The <see cref="Slice"/> of a key and value; empty without a key.</summary>
    internal static string SliceText(string? sliceKey, string? sliceValue) => sliceKey is null ? string.Empty : sliceKey + "=" + (sliceValue ?? "(none)");

    private double? TopK(int k) => k <= Evaluation.TopKAccuracy.Count ? Evaluation.TopKAccuracy[k - 1] : null;
}

/// <summary>The engine run behind a <see cref="ModelEvaluation"/> and the files it read.</summary>
internal sealed class ClassificationSource
{
    public ClassificationSource(ClassificationRun run, string groundTruthPath, string predictionPath)
        : this(run.Evaluation, run.Inputs.Summary, run.Inputs.MlUse, groundTruthPath, predictionPath) => Run = run;

    /// <summary>An evaluation without its inputs (a merge of partial evaluations).</summary>
    public ClassificationSource(ClassificationEvaluation evaluation, InputSummary summary, string mlUse, string groundTruthPath, string predictionPath)
    {
        Evaluation = evaluation;
        Summary = summary;
        MlUse = mlUse;
        GroundTruthPath = groundTruthPath;
        PredictionPath = predictionPath;
    }

    public ClassificationRun? Run { get; }

    public ClassificationEvaluation Evaluation { get; }

    public InputSummary Summary { get; }

    public string MlUse { get; }

    public string GroundTruthPath { get; }

    public string PredictionPath { get; }
}
