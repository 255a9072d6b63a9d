using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Classification;

/// <summary>
/// Percentile bootstrap over items: resample the items, re-evaluate, and take the 2.5th and 97.5th percentiles of each
/// headline metric (<see cref="HeadlineMetrics"/>, named as the evaluate JSON names them). Costs one evaluation per
/// resample. A model's intervals draw a Poisson(1) weight per item and resample from a stream seeded by the item's id (<see cref="PoissonResamples"/>), so the resamples of shards merge
/// into those of the whole (partial evaluations); a comparison's paired intervals draw rows with replacement.
/// </summary>
internal static class Bootstrap
{
    /// <summary>The progress step of the resamples, counted one by one ("Bootstrap resamples: 120 of 1,000"), of an evaluation, a part and a merge alike.</summary>
    internal const string ResamplesStep = "Bootstrap resamples";

    /// <summary>The options a resample is evaluated with: no bootstrap, and only the threshold's row of the grid.</summary>
    internal static ClassificationOptions ResampleOptions(ClassificationOptions options) => options with { BootstrapSamples = 0, ThresholdGrid = new[] { options.Threshold } };

    /// <summary>The intervals; each resample is reported to <paramref name="progress"/>, and <paramref name="cancellationToken"/> is checked before each.</summary>
    public static IReadOnlyDictionary<string, ConfidenceInterval> Intervals(ClassificationData data, ClassificationOptions options, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var resampleOptions = ResampleOptions(options);
        var resamples = new PoissonResamples(data.ItemIds, options.BootstrapSeed);
        return Named(PercentileIntervals(options.BootstrapSamples, resamples.Next, new ProgressCounter(progress, ResamplesStep, options.BootstrapSamples), rows =>
            HeadlineValues(ClassificationEvaluator.EvaluateOnce(data.SelectItems(rows), resampleOptions, cancellationToken)), cancellationToken));
    }

    /// <summary>The headline metrics of one resample's evaluation, in the order of <see cref="HeadlineMetrics.All"/>, which <see cref="Named"/> names them by.</summary>
    internal static double[] HeadlineValues(ClassificationEvaluation evaluation) => HeadlineMetrics.All.Select(h => h.Value(evaluation)).ToArray();

    /// <summary>The intervals of the headline metrics by their evaluate JSON names (metrics never defined left out).</summary>
    internal static IReadOnlyDictionary<string, ConfidenceInterval> Named(ConfidenceInterval?[] intervals)
    {
        var named = new Dictionary<string, ConfidenceInterval>(StringComparer.Ordinal);
        for (int m = 0; m < intervals.Length; m++)
        {
            if (intervals[m] is { } interval) named[HeadlineMetrics.All[m].Name] = interval;
        }
        return named;
    }

    /// <summary>The rows of resamples drawn with replacement: each of <paramref name="itemCount"/> rows uniformly (seeded).</summary>
    internal static Func<int[]> RowsWithReplacement(int itemCount, int seed)
    {
        var random = new Random(seed);
        return () =>
        {
            var rows = new int[itemCount];
            for (int i = 0; i < rows.Length; i++) rows[i] = random.Next(itemCount);
            return rows;
        };
    }

    /// <summary>
    /// The resampling both the intervals of one model and the paired intervals of a comparison use: <paramref name="samples"/>
    /// resamples, the rows of each from <paramref name="nextRows"/> (a resample with no rows is left out), each measured by
    /// <paramref name="measure"/> (one value per statistic), and <see cref="PercentilesOf"/> of each statistic.
    /// </summary>
    internal static ConfidenceInterval?[] PercentileIntervals(
        int samples, Func<int[]> nextRows, ProgressCounter resamples, Func<int[], double[]> measure, CancellationToken cancellationToken)
    {
        var measured = new List<double[]>(samples);
        for (int b = 0; b < samples; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = nextRows();
            if (rows.Length > 0) measured.Add(measure(rows));
            resamples.Add();
        }
        return PercentilesOf(measured);
    }

    /// <summary>
    /// The 2.5th and 97.5th percentiles of each statistic over the resamples' values (NaN values left out; null when a
    /// statistic was never defined).
    /// </summary>
    internal static ConfidenceInterval?[] PercentilesOf(IReadOnlyList<double[]> measured)
    {
        if (measured.Count == 0) return Array.Empty<ConfidenceInterval?>();
        return Enumerable.Range(0, measured[0].Length).Select(m =>
        {
            var sorted = measured.Select(v => v[m]).Where(v => !double.IsNaN(v)).OrderBy(x => x).ToArray();
            if (sorted.Length == 0) return (ConfidenceInterval?)null;
            return new ConfidenceInterval(Percentile(sorted, 0.025), Percentile(sorted, 0.975), sorted.Length);
        }).ToArray();
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default percentile).</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
