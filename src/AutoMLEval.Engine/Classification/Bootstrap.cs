using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Classification;

/// <summary>
/// Percentile bootstrap over items: resample the items with replacement, re-evaluate, and take the 2.5th
/// and 97.5th percentiles of each headline metric. Costs one evaluation per resample.
/// </summary>
internal static class Bootstrap
{
    private static readonly (string Name, Func<ClassificationEvaluation, double> Metric)[] Headline =
    {
        ("MicroAuPrc", e => e.MicroAuPrc),
        ("MicroAuRoc", e => e.MicroAuRoc),
        ("LogLoss", e => e.LogLoss),
        ("Accuracy", e => e.Accuracy),
        ("MacroF1", e => e.MacroF1),
        ("Precision", e => e.MicroAtThreshold.Precision),
        ("Recall", e => e.MicroAtThreshold.Recall),
    };

    /// <summary>The intervals; each resample is reported to <paramref name="progress"/>, and <paramref name="cancellationToken"/> is checked before each.</summary>
    public static IReadOnlyDictionary<string, ConfidenceInterval> Intervals(ClassificationData data, ClassificationOptions options, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var resampleOptions = options with { BootstrapSamples = 0, ThresholdGrid = new[] { options.Threshold } };
        var intervals = PercentileIntervals(data.ItemCount, options.BootstrapSamples, options.BootstrapSeed, new ProgressCounter(progress, "Bootstrap resamples", options.BootstrapSamples), rows =>
        {
            var evaluation = ClassificationEvaluator.EvaluateOnce(data.SelectItems(rows), resampleOptions, cancellationToken);
            return Headline.Select(h => h.Metric(evaluation)).ToArray();
        }, cancellationToken);
        var named = new Dictionary<string, ConfidenceInterval>(StringComparer.Ordinal);
        for (int m = 0; m < Headline.Length; m++)
        {
            if (intervals[m] is { } interval) named[Headline[m].Name] = interval;
        }
        return named;
    }

    /// <summary>
    /// The resampling both the intervals of one model and the paired intervals of a comparison use: <paramref name="samples"/>
    /// draws of <paramref name="itemCount"/> rows with replacement (seeded), each measured by <paramref name="measure"/>
    /// (one value per statistic; NaN values are left out), and the 2.5th and 97.5th percentiles of each statistic (null
    /// when it was never defined).
    /// </summary>
    internal static ConfidenceInterval?[] PercentileIntervals(
        int itemCount, int samples, int seed, ProgressCounter resamples, Func<int[], double[]> measure, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var rows = new int[itemCount];
        List<double>[]? values = null;
        for (int b = 0; b < samples; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < rows.Length; i++) rows[i] = random.Next(itemCount);
            var measured = measure(rows);
            values ??= measured.Select(_ => new List<double>(samples)).ToArray();
            for (int m = 0; m < measured.Length; m++)
            {
                if (!double.IsNaN(measured[m])) values[m].Add(measured[m]);
            }
            resamples.Add();
        }
        return (values ?? Array.Empty<List<double>>()).Select(v =>
        {
            if (v.Count == 0) return (ConfidenceInterval?)null;
            var sorted = v.OrderBy(x => x).ToArray();
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
