using System.Globalization;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Classification;

/// <summary>
/// The result of evaluating a classifier: headline metrics, per-label slices, confidence-threshold rows
/// and the confusion matrix. Immutable. It keeps the evaluated <see cref="Data"/> so that sweeps on other
/// thresholds and error galleries can be computed later without re-reading the inputs.
/// Definitions follow scikit-learn 1.2 (named in each member) and Vertex AI's classificationEvaluationMetrics.
/// </summary>
public sealed class ClassificationEvaluation
{
    internal ClassificationEvaluation(
        ClassificationData? data,
        IReadOnlyList<string> labels,
        bool isMultiLabel,
        ClassificationOptions options,
        RowStatistics rows,
        IReadOnlyList<LabelMetrics> perLabel,
        RankingCurve micro,
        IReadOnlyList<ConfidenceMetricsRow> confidenceMetrics)
    {
        _data = data;
        Labels = labels;
        IsMultiLabel = isMultiLabel;
        ItemCount = checked((int)rows.Items);
        Options = options;
        PerLabel = perLabel;
        ConfidenceMetrics = confidenceMetrics;
        var items = (double)rows.Items;
        var pairs = items * labels.Count;
        MicroAuPrc = micro.AveragePrecision;
        MicroAuRoc = micro.RocAuc;
        MicroBestF1 = micro.BestF1;
        MacroAuPrc = perLabel.Average(l => l.AuPrc);
        MacroAuRoc = MeanOfDefined(perLabel.Select(l => l.AuRoc));
        LogLoss = rows.LogLossSum / items;
        MicroAtThreshold = new ThresholdCounts(
            options.Threshold,
            rows.ThresholdTp.Sum(),
            rows.ThresholdFp.Sum(),
            rows.Support.Sum() - rows.ThresholdTp.Sum(),
            (long)pairs - rows.Support.Sum() - rows.ThresholdFp.Sum());
        HammingLoss = rows.HammingMismatches / pairs;
        SubsetAccuracy = rows.SubsetMatches / items;
        LabelRankingAveragePrecision = rows.RankingPrecisionSum / items;
        CoverageError = rows.CoverageSum / items;
        if (isMultiLabel)
        {
            Accuracy = SubsetAccuracy;
            MacroF1 = perLabel.Average(l => l.AtThreshold.F1);
            TopKAccuracy = Array.Empty<double>();
        }
        else
        {
            Accuracy = rows.ArgMaxTp.Sum() / items;
            MacroF1 = perLabel.Average(l => l.ArgMax!.Value.F1);
            TopKAccuracy = rows.TopKHits.Take(Math.Min(options.MaxTopK, labels.Count - 1)).Select(h => h / items).ToArray();
            ConfusionMatrix = new ConfusionMatrix(labels, rows.Confusion);
        }
        Warnings = UndefinedMetricWarnings(ItemCount, perLabel);
    }

    private readonly ClassificationData? _data;

    /// <summary>The evaluated data; a merge of partial evaluations holds no items and throws <see cref="InvalidOperationException"/>.</summary>
    public ClassificationData Data => _data ?? throw new InvalidOperationException("This evaluation was merged from partial evaluations, which keep counts, not items: evaluate the inputs themselves to list items or sweep thresholds off its grid.");

    /// <summary>Whether <see cref="Data"/> is there (false for a merge of partial evaluations).</summary>
    public bool HasData => _data is not null;

    /// <summary>The settings used.</summary>
    public ClassificationOptions Options { get; }

    /// <summary>Number of evaluated items.</summary>
    public int ItemCount { get; }

    /// <summary>Whether the data is multi-label.</summary>
    public bool IsMultiLabel { get; }

    /// <summary>Label names.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Micro-averaged AuPRC: average precision over every (item, label) pair pooled (scikit-learn <c>average_precision_score(average="micro")</c>); Vertex's <c>auPrc</c>.</summary>
    public double MicroAuPrc { get; }

    /// <summary>Mean of the per-label average precisions over every label, a label without positives counting 0 (scikit-learn <c>average_precision_score(average="macro")</c>).</summary>
    public double MacroAuPrc { get; }

    /// <summary>Micro-averaged ROC AUC over every pair pooled (scikit-learn <c>roc_auc_score(average="micro")</c>); Vertex's <c>auRoc</c>.</summary>
    public double MicroAuRoc { get; }

    /// <summary>Mean of the per-label ROC AUCs, over labels with both positives and negatives (where scikit-learn raises an error instead).</summary>
    public double MacroAuRoc { get; }

    /// <summary>
    /// Log loss (natural log, probabilities clipped to [ε, 1 − ε] with ε = 2⁻⁵², scikit-learn 1.2's
    /// <c>eps="auto"</c> for float64). Single-label: scikit-learn <c>log_loss</c> (rows renormalised).
    /// Multi-label: mean binary cross-entropy over all pairs.
    /// </summary>
    public double LogLoss { get; }

    /// <summary>
    /// Single-label: share of items whose highest-scored label (first maximum on ties, numpy's argmax) is the true
    /// one, the diagonal of <see cref="ConfusionMatrix"/>. Multi-label: subset accuracy at the threshold.
    /// (scikit-learn <c>accuracy_score</c>.)
    /// </summary>
    public double Accuracy { get; }

    /// <summary>
    /// Top-k accuracy for k = 1 … min(<see cref="ClassificationOptions.MaxTopK"/>, labels − 1) (index k − 1),
    /// single-label only (scikit-learn <c>top_k_accuracy_score</c>: on equal scores the later label ranks higher;
    /// with two labels, its binary rule: the label whose name sorts last is predicted when its score &gt; 0.5).
    /// k ≥ labels is left out: scikit-learn warns that it is a perfect score by construction. Empty for multi-label.
    /// </summary>
    public IReadOnlyList<double> TopKAccuracy { get; }

    /// <summary>Mean per-label F1 (scikit-learn <c>f1_score(average="macro")</c>): of the argmax decision for single-label, at the threshold for multi-label.</summary>
    public double MacroF1 { get; }

    /// <summary>
    /// <see cref="MacroF1"/> named by its rule, as the CLI's table, the report and the cmdlets show it:
    /// <see cref="MacroF1NameOf"/> of this evaluation.
    /// </summary>
    public string MacroF1Name => MacroF1NameOf(IsMultiLabel, Options.Threshold);

    /// <summary>
    /// Macro F1's name by its rule: "Top-label macro F1" for single-label data (the per-label F1 beside it is at the
    /// threshold, this one of each item's top label); "Macro F1 @ T" for multi-label, T the run's
    /// <paramref name="threshold"/> in the invariant culture ("Macro F1 @ 0.5").
    /// </summary>
    public static string MacroF1NameOf(bool isMultiLabel, double threshold) =>
        isMultiLabel ? $"Macro F1 @ {threshold.ToString(CultureInfo.InvariantCulture)}" : "Top-label macro F1";

    /// <summary>Micro-averaged counts over every pair at <see cref="ClassificationOptions.Threshold"/>.</summary>
    public ThresholdCounts MicroAtThreshold { get; }

    /// <summary>The distinct score threshold of best micro F1.</summary>
    public ThresholdCounts MicroBestF1 { get; }

    /// <summary>Share of (item, label) pairs whose thresholded decision is wrong (scikit-learn <c>hamming_loss</c>).</summary>
    public double HammingLoss { get; }

    /// <summary>Share of items whose thresholded label set is exactly right.</summary>
    public double SubsetAccuracy { get; }

    /// <summary>scikit-learn <c>label_ranking_average_precision_score</c>.</summary>
    public double LabelRankingAveragePrecision { get; }

    /// <summary>scikit-learn <c>coverage_error</c>.</summary>
    public double CoverageError { get; }

    /// <summary>One slice per label, in label order.</summary>
    public IReadOnlyList<LabelMetrics> PerLabel { get; }

    /// <summary>Micro-averaged confidence-threshold rows over <see cref="ClassificationOptions.ThresholdGrid"/>.</summary>
    public IReadOnlyList<ConfidenceMetricsRow> ConfidenceMetrics { get; }

    /// <summary>
    /// The rows of <see cref="ConfidenceMetrics"/> at <paramref name="thresholds"/>, in their order, or null when one of
    /// them is not on the grid: those need the items (<see cref="Data"/>), which a merge of partial evaluations lacks.
    /// </summary>
    public IReadOnlyList<ConfidenceMetricsRow>? ConfidenceMetricsAt(IReadOnlyList<double> thresholds)
    {
        var grid = Options.ThresholdGrid;
        var rows = new ConfidenceMetricsRow[thresholds.Count];
        for (int i = 0; i < thresholds.Count; i++)
        {
            int t = 0;
            while (t < grid.Count && grid[t] != thresholds[i]) t++;
            if (t == grid.Count) return null;
            rows[i] = ConfidenceMetrics[t];
        }
        return rows;
    }

    /// <summary>The confusion matrix of the argmax decision; null for multi-label data.</summary>
    public ConfusionMatrix? ConfusionMatrix { get; }

    /// <summary>Calibration of the top-1 confidence (single-label); null for multi-label data.</summary>
    public Calibration? Calibration { get; internal init; }

    /// <summary>
    /// Where scikit-learn would warn that a metric is undefined (a label without positive or without negative
    /// examples, an F1 without true or predicted items), one warning per label and condition; Source is empty
    /// (the front end names the input).
    /// </summary>
    public IReadOnlyList<DataIssue> Warnings { get; }

    /// <summary>95% bootstrap intervals of the headline metrics, by their evaluate JSON names (<see cref="HeadlineMetric.Name"/>); empty unless requested.</summary>
    public IReadOnlyDictionary<string, ConfidenceInterval> Intervals { get; internal set; } = new Dictionary<string, ConfidenceInterval>();

    /// <summary>Labels with fewer than this many positives get a "figures are only indicative" warning.</summary>
    public const int FewExamplesPerLabel = 10;

    /// <summary>A test set smaller than this gets a "figures are only indicative" warning.</summary>
    public const int FewItems = 100;

    private static double MeanOfDefined(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    private static DataIssue[] UndefinedMetricWarnings(int itemCount, IReadOnlyList<LabelMetrics> perLabel)
    {
        var warnings = new List<DataIssue>();
        foreach (var label in perLabel)
        {
            if (label.Support == 0)
            {
                warnings.Add(Warning(UndefinedMetricCodes.NoPositiveExamples,
                    $"the label '{label.Label}' has no positive example: its AuPRC is 0 (scikit-learn: no positive class found, recall set to one) and its ROC AUC is undefined (left out of the macro average)"));
            }
            else if (label.Support == itemCount)
            {
                warnings.Add(Warning(UndefinedMetricCodes.NoNegativeExamples,
                    $"every item has the label '{label.Label}': its ROC AUC is undefined (left out of the macro average)"));
            }
            var decision = label.ArgMax ?? label.AtThreshold;
            if (decision.TruePositives + decision.FalsePositives + decision.FalseNegatives == 0)
            {
                warnings.Add(Warning(UndefinedMetricCodes.UndefinedF1,
                    $"the label '{label.Label}' has no true and no predicted item: its F1 is 0 (scikit-learn: F-score is ill-defined and set to 0.0)"));
            }
        }
        return warnings.ToArray();

        DataIssue Warning(string code, string message) => new(code, IssueSeverity.Warning, string.Empty, 0, "LABEL", message);
    }
}

/// <summary>A two-sided percentile bootstrap interval.</summary>
/// <param name="Lower">2.5th percentile of the resampled metric.</param>
/// <param name="Upper">97.5th percentile of the resampled metric.</param>
/// <param name="Samples">Number of bootstrap resamples.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, int Samples);
