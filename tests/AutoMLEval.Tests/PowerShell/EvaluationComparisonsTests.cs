using AutoMLEval.Engine.Classification;
using AutoMLEval.PowerShell.Commands;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// The metric names Compare-ModelEvaluation shows and Test-ModelEvaluation takes (docs/decide.md, "Metric names"):
/// the engine's one table, capitalised, any case, plus ModelEvaluation's own names of the micro metrics.
/// </summary>
public sealed class EvaluationComparisonsTests
{
    public static TheoryData<string> EngineNames()
    {
        var names = new TheoryData<string>();
        foreach (var metric in HeadlineMetrics.All) names.Add(metric.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void EveryHeadlineMetricIsFoundByItsShownNameInAnyCase(string name)
    {
        var shown = EvaluationComparisons.DisplayName(name);
        Assert.True(char.IsUpper(shown[0]));
        Assert.Equal(name, shown, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(name, EvaluationComparisons.FindMetric(shown)!.Name);
        Assert.Equal(name, EvaluationComparisons.FindMetric(name.ToUpperInvariant())!.Name);
    }

    [Theory]
    [InlineData(nameof(ModelEvaluation.Precision), "microPrecision")]
    [InlineData(nameof(ModelEvaluation.Recall), "microRecall")]
    [InlineData(nameof(ModelEvaluation.F1Score), "microF1")]
    [InlineData("recall", "microRecall")]
    [InlineData(nameof(ModelEvaluation.AuPrc), "auPrc")]
    public void ModelEvaluationPropertyNamesMeanTheirMetric(string name, string metric) =>
        Assert.Equal(metric, EvaluationComparisons.FindMetric(name)!.Name);

    [Theory]
    [InlineData("F1")]
    [InlineData("AuPrc2")]
    [InlineData("")]
    [InlineData("ece")]
    public void OtherNamesAreUnknown(string name) => Assert.Null(EvaluationComparisons.FindMetric(name));

    [Fact]
    public void TheListOfNamesNamesEveryMetricAndAlias()
    {
        var known = EvaluationComparisons.KnownMetrics;
        foreach (var metric in HeadlineMetrics.All) Assert.Contains(EvaluationComparisons.DisplayName(metric.Name), known, StringComparison.Ordinal);
        Assert.EndsWith("also Precision (= MicroPrecision), Recall (= MicroRecall), F1Score (= MicroF1)", known, StringComparison.Ordinal);
    }
}
