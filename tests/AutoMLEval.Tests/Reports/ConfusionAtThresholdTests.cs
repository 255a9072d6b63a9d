using Xunit;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Tests.Reports;

public class ConfusionAtThresholdTests
{
    [Fact]
    public void ItemsBelowTheThreshold_AreNotPredicted()
    {
        // Item 0: true a, top a 0.9. Item 1: true a, top b 0.6. Item 2: true b, top b 0.4 (a 0.4 too: first maximum is a).
        var data = new ClassificationData(new[] { "a", "b" }, new[] { "0", "1", "2" },
            new[] { 0.9, 0.1, 0.4, 0.6, 0.4, 0.4 },
            new[] { true, false, true, false, false, true }, isMultiLabel: false);
        var matrices = ConfusionMatrix.AtThresholds(data, new[] { 0.0, 0.5, 0.95 });
        // t = 0: every item predicted by argmax: a→a, a→b, b→a.
        Assert.Equal((1L, 1L, 1L, 0L), (matrices[0].Count(0, 0), matrices[0].Count(0, 1), matrices[0].Count(1, 0), matrices[0].Count(1, 1)));
        Assert.Equal((0L, 0L), (matrices[0].NotPredicted(0), matrices[0].NotPredicted(1)));
        // t = 0.5: item 2 (top 0.4) is not predicted.
        Assert.Equal((1L, 1L, 0L), (matrices[1].Count(0, 0), matrices[1].Count(0, 1), matrices[1].Count(1, 0)));
        Assert.Equal(1L, matrices[1].NotPredicted(1));
        // t = 0.95: nothing is predicted; rows keep their totals, so row shares stay shares of the label's items.
        Assert.Equal((2L, 1L), (matrices[2].NotPredicted(0), matrices[2].NotPredicted(1)));
        Assert.Equal(2L, matrices[2].RowTotal(0));
        Assert.Equal(0.0, matrices[2].RowPercent(0, 0));
        Assert.Equal(50.0, matrices[1].RowPercent(0, 1));
    }

    [Fact]
    public void AtZero_EqualsTheEvaluationsArgMaxMatrix()
    {
        var evaluation = ReportRuns.Demo.Evaluation;
        var atZero = ConfusionMatrix.AtThresholds(evaluation.Data, new[] { 0.0 })[0];
        Assert.Equal(evaluation.ConfusionMatrix!.ToRows(), atZero.ToRows());
    }

    [Fact]
    public void MultiLabelData_HasNoConfusionMatrix()
    {
        var data = new ClassificationData(new[] { "a", "b" }, new[] { "0" }, new[] { 0.9, 0.8 }, new[] { true, true }, isMultiLabel: true);
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.AtThresholds(data, new[] { 0.5 }));
    }
}
