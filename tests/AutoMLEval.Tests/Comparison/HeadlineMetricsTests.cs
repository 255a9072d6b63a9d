using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

/// <summary>
/// The names of the headline metrics that the CLI's check and Test-ModelEvaluation both take (docs/decide.md, "Metric
/// names"): the evaluate JSON's, in any case, and the PowerShell ModelEvaluation's names of the micro metrics.
/// </summary>
public sealed class HeadlineMetricsTests
{
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var metric in HeadlineMetrics.All) names.Add(metric.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_metric_is_found_by_its_name_in_any_case(string name)
    {
        Assert.Equal(name, HeadlineMetrics.TryFind(name)!.Name);
        Assert.Equal(name, HeadlineMetrics.TryFind(name.ToUpperInvariant())!.Name);
        Assert.Equal(name, HeadlineMetrics.TryFind(char.ToUpperInvariant(name[0]) + name.Substring(1))!.Name);
    }

    [Theory]
    [InlineData("Precision", "microPrecision")]
    [InlineData("Recall", "microRecall")]
    [InlineData("F1Score", "microF1")]
    [InlineData("recall", "microRecall")]
    [InlineData("F1SCORE", "microF1")]
    [InlineData("AuPrc", "auPrc")]
    public void Aliases_mean_the_micro_metrics(string name, string metric) =>
        Assert.Equal(metric, HeadlineMetrics.Find(name).Name);

    [Theory]
    [InlineData("F1")]
    [InlineData("AuPrc2")]
    [InlineData("")]
    [InlineData("ece")]
    [InlineData("microPrecision ")]
    public void Other_names_are_unknown(string name)
    {
        Assert.Null(HeadlineMetrics.TryFind(name));
        var error = Assert.Throws<ArgumentException>(() => HeadlineMetrics.Find(name));
        Assert.Contains($"There is no metric '{name}'; the metrics are: auPrc, auRoc, logLoss, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_list_of_names_names_every_metric_and_alias_as_shown()
    {
        Assert.EndsWith("brierScore; also precision (= microPrecision), recall (= microRecall), f1Score (= microF1)", HeadlineMetrics.NameList(), StringComparison.Ordinal);
        var shown = HeadlineMetrics.NameList(name => name.ToUpperInvariant());
        Assert.StartsWith("AUPRC, AUROC, ", shown, StringComparison.Ordinal);
        Assert.EndsWith("; also PRECISION (= MICROPRECISION), RECALL (= MICRORECALL), F1SCORE (= MICROF1)", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void No_alias_is_also_a_metric_name()
    {
        foreach (var (alias, metric) in HeadlineMetrics.Aliases)
        {
            Assert.DoesNotContain(HeadlineMetrics.All, m => string.Equals(m.Name, alias, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(HeadlineMetrics.All, m => m.Name == metric);
        }
    }
}
