using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Comparison;

/// <summary>Settings of a comparison.</summary>
public sealed record ComparisonOptions
{
    /// <summary>How each model is evaluated (threshold, grid).</summary>
    public ClassificationOptions Evaluation { get; init; } = new();

    /// <summary>Paired bootstrap resamples for the intervals of the deltas; 0 for none.</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Seed of the resampling, so that intervals are reproducible.</summary>
    public int Seed { get; init; } = 20261122;
}

/// <summary>Compares two classifiers on the items both predicted.</summary>
public static class ModelComparer
{
    /// <summary>
    /// Pairs the items of <paramref name="reference"/> and <paramref name="candidate"/> by item id, evaluates both on
    /// the paired items and compares them.
    /// </summary>
    /// <remarks>
    /// The paired bootstrap draws the same item resample for both models, so that the interval of the delta reflects
    /// the test set's noise and not the two models' separate draws. Cost: 2 × (resamples + 1) evaluations of the
    /// paired items (each at one threshold), the paired data copied once.
    /// </remarks>
    /// <exception cref="ArgumentException">The two sides share no item, or have different label sets.</exception>
    /// <remarks>Each paired resample is reported to <paramref name="progress"/>; <paramref name="cancellation"/> is checked before each.</remarks>
    public static ModelComparison Compare(
        ClassificationData reference, ClassificationData candidate, ComparisonOptions? options = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        options ??= new ComparisonOptions();
        options.Evaluation.Validate();
        if (options.BootstrapSamples < 0) throw new ArgumentOutOfRangeException(nameof(options), options.BootstrapSamples, "Bootstrap samples cannot be negative.");
        var (pairedReference, pairedCandidate, matching) = Pair(reference, candidate);
        var evaluationOptions = options.Evaluation with { BootstrapSamples = 0 };
        var referenceEvaluation = ClassificationEvaluator.Evaluate(pairedReference, evaluationOptions, cancellationToken: cancellation);
        var candidateEvaluation = ClassificationEvaluator.Evaluate(pairedCandidate, evaluationOptions, cancellationToken: cancellation);
        var intervals = DeltaIntervals(pairedReference, pairedCandidate, options, progress, cancellation);
        var metrics = HeadlineMetrics.All.Select((m, k) => new MetricDelta(
            m.Name, m.HigherIsBetter, m.Value(referenceEvaluation), m.Value(candidateEvaluation), intervals[k].Lower, intervals[k].Upper)).ToArray();
        var candidateLabel = candidateEvaluation.PerLabel.ToDictionary(c => c.Label, StringComparer.Ordinal);
        var perLabel = referenceEvaluation.PerLabel.Select(r => (Reference: r, Candidate: candidateLabel[r.Label])).Select(p => new LabelDelta(
            p.Reference.Label, p.Reference.Support, p.Reference.AuPrc, p.Candidate.AuPrc, p.Reference.AuRoc, p.Candidate.AuRoc, DecisionF1(p.Reference), DecisionF1(p.Candidate))).ToArray();
        var items = ItemChanges(pairedReference, pairedCandidate, options.Evaluation.Threshold);
        return new ModelComparison(referenceEvaluation, candidateEvaluation, metrics, perLabel, items, matching, options.BootstrapSamples);
    }

    private static double DecisionF1(LabelMetrics label) => (label.ArgMax ?? label.AtThreshold).F1;

    private static (ClassificationData Reference, ClassificationData Candidate, ComparisonMatching Matching) Pair(ClassificationData reference, ClassificationData candidate)
    {
        if (reference.IsMultiLabel != candidate.IsMultiLabel) throw new ArgumentException("One evaluation is single-label and the other multi-label; compare evaluations of the same ground truth.");
        var candidateColumn = new int[reference.LabelCount];
        var candidateLabels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < candidate.LabelCount; j++) candidateLabels[candidate.Labels[j]] = j;
        var missing = reference.Labels.Where(l => !candidateLabels.ContainsKey(l)).ToArray();
        var extra = candidate.Labels.Except(reference.Labels, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
        {
            var sides = new[] { (Only: "the reference", Labels: missing), (Only: "the candidate", Labels: extra) }.Where(side => side.Labels.Length > 0).Select(side => $"only {side.Only} scores {string.Join(", ", side.Labels)}");
            throw new ArgumentException($"The two evaluations have different labels ({string.Join("; ", sides)}); metrics over other labels do not compare: evaluate both models on the same labels.");
        }
        for (int j = 0; j < reference.LabelCount; j++) candidateColumn[j] = candidateLabels[reference.Labels[j]];

        var candidateRow = new Dictionary<string, int>(candidate.ItemCount, StringComparer.Ordinal);
        for (int i = 0; i < candidate.ItemCount; i++) candidateRow[candidate.ItemIds[i]] = i;
        var referenceRows = new List<int>();
        var candidateRows = new List<int>();
        int truthMismatches = 0;
        for (int i = 0; i < reference.ItemCount; i++)
        {
            if (!candidateRow.TryGetValue(reference.ItemIds[i], out var c)) continue;
            if (!SameTruth(reference, i, candidate, c, candidateColumn))
            {
                truthMismatches++;
                continue;
            }
            referenceRows.Add(i);
            candidateRows.Add(c);
        }
        if (truthMismatches > 0)
        {
            throw new ArgumentException($"{truthMismatches} items have different true labels in the two evaluations (for example '{FirstMismatch(reference, candidate, candidateRow, candidateColumn)}'); compare evaluations of the same ground truth.");
        }
        if (referenceRows.Count == 0) throw new ArgumentException("The two evaluations share no item (items are paired by path).");
        var matching = new ComparisonMatching(reference.ItemCount, candidate.ItemCount, referenceRows.Count,
            reference.ItemCount - referenceRows.Count, candidate.ItemCount - referenceRows.Count);
        // Each side keeps its own label order: a tie between two labels goes to the first, so the candidate reordered
        // as the reference lists its labels could score another accuracy than evaluate gives the same file.
        return (reference.SelectItems(referenceRows), candidate.SelectItems(candidateRows), matching);
    }

    private static bool SameTruth(ClassificationData reference, int i, ClassificationData candidate, int c, int[] candidateColumn)
    {
        for (int j = 0; j < reference.LabelCount; j++)
        {
            if (reference.IsTrue(i, j) != candidate.IsTrue(c, candidateColumn[j])) return false;
        }
        return true;
    }

    private static string FirstMismatch(ClassificationData reference, ClassificationData candidate, Dictionary<string, int> candidateRow, int[] candidateColumn)
    {
        for (int i = 0; i < reference.ItemCount; i++)
        {
            if (candidateRow.TryGetValue(reference.ItemIds[i], out var c) && !SameTruth(reference, i, candidate, c, candidateColumn)) return reference.ItemIds[i];
        }
        return string.Empty;
    }

    private static (double Lower, double Upper)[] DeltaIntervals(ClassificationData reference, ClassificationData candidate, ComparisonOptions options, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        var metrics = HeadlineMetrics.All;
        if (options.BootstrapSamples == 0) return metrics.Select(_ => (double.NaN, double.NaN)).ToArray();
        var resampleOptions = Bootstrap.ResampleOptions(options.Evaluation);
        var resamples = new ProgressCounter(progress, "Paired bootstrap resamples", options.BootstrapSamples);
        // Paired: the same rows of both models in each resample.
        var intervals = Bootstrap.PercentileIntervals(options.BootstrapSamples, Bootstrap.RowsWithReplacement(reference.ItemCount, options.Seed), resamples, rows =>
        {
            var r = ClassificationEvaluator.EvaluateOnce(reference.SelectItems(rows), resampleOptions, cancellation);
            var c = ClassificationEvaluator.EvaluateOnce(candidate.SelectItems(rows), resampleOptions, cancellation);
            return metrics.Select(m => m.Value(c) - m.Value(r)).ToArray();
        }, cancellation);
        return intervals.Select(i => i is { } interval ? (interval.Lower, interval.Upper) : (double.NaN, double.NaN)).ToArray();
    }

    private static ItemChange[] ItemChanges(ClassificationData reference, ClassificationData candidate, double threshold)
    {
        var changes = new ItemChange[reference.ItemCount];
        for (int i = 0; i < changes.Length; i++)
        {
            bool referenceRight = reference.IsDecidedCorrectly(i, threshold);
            bool candidateRight = candidate.IsDecidedCorrectly(i, threshold);
            var change = (referenceRight, candidateRight) switch
            {
                (true, true) => DecisionChange.BothCorrect,
                (false, true) => DecisionChange.Fixed,
                (true, false) => DecisionChange.Broken,
                _ => DecisionChange.BothWrong,
            };
            int referenceTop = reference.TopLabelOf(i), candidateTop = candidate.TopLabelOf(i);
            var truth = reference.TruthOf(i);
            var trueLabels = new List<string>();
            for (int j = 0; j < truth.Length; j++)
            {
                if (truth[j]) trueLabels.Add(reference.Labels[j]);
            }
            changes[i] = new ItemChange(reference.ItemIds[i], change, trueLabels,
                reference.Labels[referenceTop], reference.Score(i, referenceTop), candidate.Labels[candidateTop], candidate.Score(i, candidateTop));
        }
        return changes;
    }
}
