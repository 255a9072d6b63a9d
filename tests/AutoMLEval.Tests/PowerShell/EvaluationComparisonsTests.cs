using AutoMLEval.Engine.Classification;
using AutoMLEval.PowerShell.Commands;
using AutoMLEval.Tests.Comparison;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// The metric names Compare-ModelEvaluation shows and Test-ModelEvaluation's errors list (docs/decide.md, "Metric
/// names"): the engine's one table (Comparison/HeadlineMetricsTests), capitalised.
/// </summary>
public sealed class EvaluationComparisonsTests
{
    [Theory]
    [MemberData(nameof(HeadlineMetricsTests.Names), MemberType = typeof(HeadlineMetricsTests))]
    public void EveryHeadlineMetricIsShownCapitalisedAndFoundByThatName(string name)
    {
        var shown = EvaluationComparisons.DisplayName(name);
        Assert.True(char.IsUpper(shown[0]));
        Assert.Equal(name, shown, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(name, HeadlineMetrics.TryFind(shown)!.Name);
    }

    [Theory]
    [InlineData(nameof(ModelEvaluation.Precision), "microPrecision")]
    [InlineData(nameof(ModelEvaluation.Recall), "microRecall")]
    [InlineData(nameof(ModelEvaluation.F1Score), "microF1")]
    public void ModelEvaluationPropertyNamesMeanTheirMetric(string property, string metric) =>
        Assert.Equal(metric, HeadlineMetrics.TryFind(property)!.Name);

    [Fact]
    public void TheListOfNamesNamesEveryMetricAndAlias()
    {
        var known = EvaluationComparisons.KnownMetrics;
        foreach (var metric in HeadlineMetrics.All) Assert.Contains(EvaluationComparisons.DisplayName(metric.Name), known, StringComparison.Ordinal);
        Assert.EndsWith("also Precision (= MicroPrecision), Recall (= MicroRecall), F1Score (= MicroF1)", known, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGateTablesPropertiesAreEveryNameAGateTakes()
    {
        // Tab inside Test-ModelEvaluation -Minimum @{ } offers MetricLimits' settable properties: every metric, alias
        // and COCO statistic, as shown, and nothing else.
        var expected = HeadlineMetrics.All.Select(m => m.Name)
            .Concat(HeadlineMetrics.Aliases.Select(a => a.Alias))
            .Select(EvaluationComparisons.DisplayName)
            .Concat(AutoMLEval.Engine.Detection.CocoStats.JsonNames.Select(EvaluationComparisons.DetectionDisplayName));
        var properties = typeof(MetricLimits).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), properties.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void AGateTableKeepsTheEntriesGivenAndSetsThemByProperty()
    {
        var given = new System.Collections.Specialized.OrderedDictionary { { "recall", 0.9 }, { "AuPrc", "0.95" } };
        var limits = new MetricLimits(given) { LogLoss = 0.4 };
        Assert.Same(given, limits.Entries);
        Assert.Equal("recall = 0.9; AuPrc = 0.95; LogLoss = 0.4", limits.ToString());
        Assert.Equal("0.95", limits.AuPrc);
        Assert.Null(new MetricLimits().AP50);
        // A generic dictionary's entries too: enumerated as IEnumerable they are KeyValuePairs.
        Assert.Equal("AP50 = 0.5", new MetricLimits(new Dictionary<string, object> { ["AP50"] = 0.5 }).ToString());
    }
}
