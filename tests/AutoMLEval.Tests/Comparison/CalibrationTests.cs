using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

public sealed class CalibrationTests
{
    [Fact]
    public void Hand_worked_case_gives_ece_mce_and_brier()
    {
        // Four items, two labels; top-1 confidences 0.9 (right), 0.75 (wrong), 0.62 (right), 0.58 (right), each alone
        // in its 1/15-wide bin (bins 13, 11, 9, 8). ECE = (0.1 + 0.75 + 0.38 + 0.42) / 4 = 0.4125; MCE = 0.75.
        // Brier: (0.1² + 0.1²) + (0.75² + 0.75²) + (0.38² + 0.38²) + (0.42² + 0.42²) = 1.7866, / 4 = 0.44665.
        var data = new ClassificationData(new[] { "a", "b" }, new[] { "1", "2", "3", "4" },
            new[] { 0.9, 0.1, 0.25, 0.75, 0.62, 0.38, 0.42, 0.58 },
            new[] { true, false, true, false, true, false, false, true }, isMultiLabel: false);
        var calibration = Calibration.Of(data);
        Assert.Equal(0.4125, calibration.ExpectedCalibrationError, 12);
        Assert.Equal(0.75, calibration.MaximumCalibrationError, 12);
        Assert.Equal(0.44665, calibration.BrierScore, 12);
        // Equal-mass bins of 4 items over 15 bins hold one item or none: the same sum.
        Assert.Equal(0.4125, calibration.EqualMassExpectedCalibrationError, 12);
        Assert.Equal(15, calibration.Bins.Count);
        Assert.Equal(1, calibration.Bins[11].Items);
        Assert.Equal(0.0, calibration.Bins[11].Accuracy);
        Assert.Equal(0.75, calibration.Bins[11].Confidence, 12);
        Assert.True(double.IsNaN(calibration.Bins[0].Accuracy));
        Assert.Equal(4, calibration.Bins.Sum(b => b.Items));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0 / 15, 0)]
    [InlineData(0.0667, 1)]
    [InlineData(0.5, 7)]
    [InlineData(1.0, 14)]
    public void Bins_are_open_below_and_closed_above_with_zero_in_the_first(double confidence, int bin) =>
        Assert.Equal(bin, Calibration.EqualWidthBin(confidence));

    [Fact]
    public void Demo_equals_an_independent_numpy_computation()
    {
        // numpy 1.24 on the demo's test split (top-1 = argmax, bins ceil(15·p) − 1 clipped to [0, 14], equal-mass bins
        // of N·k/15 items after a stable sort): ECE 0.05003706707998558, MCE 0.2000393271446228,
        // equal-mass ECE 0.04018736619640277, Brier 0.1662449667253293.
        var calibration = DemoData.Evaluate("predictions.test.jsonl").Calibration!;
        Assert.Equal(0.05003706707998558, calibration.ExpectedCalibrationError, 12);
        Assert.Equal(0.2000393271446228, calibration.MaximumCalibrationError, 12);
        Assert.Equal(0.04018736619640277, calibration.EqualMassExpectedCalibrationError, 12);
        Assert.Equal(0.1662449667253293, calibration.BrierScore, 12);
    }

    [Fact]
    public void Multi_label_evaluations_have_no_calibration()
    {
        var data = new ClassificationData(new[] { "a", "b" }, new[] { "1" }, new[] { 0.9, 0.8 }, new[] { true, true }, isMultiLabel: true);
        Assert.Null(ClassificationEvaluator.Evaluate(data).Calibration);
    }
}
