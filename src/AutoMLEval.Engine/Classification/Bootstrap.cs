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
        var resamples = new ProgressCounter(progress, "Bootstrap resamples", options.BootstrapSamples);
        var random = new Random(options.BootstrapSeed);
        var resampleOptions = options with { BootstrapSamples = 0, ThresholdGrid = new[] { options.Threshold } };
        var values = Headline.Select(_ => new List<double>(options.BootstrapSamples)).ToArray();
        var rows = new int[data.ItemCount];
        for (int b = 0; b < options.BootstrapSamples; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < rows.Length; i++) rows[i] = random.Next(data.ItemCount);
            var evaluation = ClassificationEvaluator.EvaluateOnce(data.SelectItems(rows), resampleOptions, cancellationToken);
            for (int m = 0; m < Headline.Length; m++)
            {
                var v = Headline[m].Metric(evaluation);
                if (!double.IsNaN(v)) values[m].Add(v);
            }
            resamples.Add();
        }
        var intervals = new Dictionary<string, ConfidenceInterval>(StringComparer.Ordinal);
        for (int m = 0; m < Headline.Length; m++)
        {
            var sorted = values[m].OrderBy(v => v).ToArray();
            if (sorted.Length == 0) continue;
            intervals[Headline[m].Name] = new ConfidenceInterval(Percentile(sorted, 0.025), Percentile(sorted, 0.975), sorted.Length);
        }
        return intervals;
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
