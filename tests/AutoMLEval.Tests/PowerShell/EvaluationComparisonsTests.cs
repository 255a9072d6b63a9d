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
}
