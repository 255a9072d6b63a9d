using System.Globalization;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// The text a detection part's fingerprint hashes its doubles as, equal to what .NET writes for "R" (the oracle: .NET
/// Core 3.0+ writes the shortest text that reads back). This matters for the netstandard2.0 build, which Windows
/// PowerShell runs on .NET Framework, whose "R" writes 17 digits where 16 do; AutoMLEval.Tests.Portable runs these tests
/// on that build's own code path (here the .NET build answers "R" itself).
/// </summary>
public sealed class RoundTripTextTests
{
    public static TheoryData<double> Values => new()
    {
        0.8999999999999999, // linspace(.5, .95, 10)[8]; .NET Framework's "R": 0.89999999999999991
        0.1 + 0.7,          // 0.7999999999999999
        702.1057499999998,  // a COCO area as Python prints it
        0.0, -0.0, 1e-5, 1.5e-5, 0.0001234, 1e10, 1e15, 1e16, -1.014966419779999E+16, 1e17, 1e21, 123.5, -42.25, 1.2345678901234568E+17,
        double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014E-308,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Writes_what_dotnet_writes_for_R(double value) =>
        Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), RoundTripText.Of(value));

    [Fact]
    public void Writes_the_COCO_thresholds_and_random_doubles_as_dotnet_writes_them_for_R()
    {
        var defaults = CocoParams.Default(IouType.BoundingBox);
        var random = new Random(20261206);
        var bits = new byte[8];
        var values = defaults.IouThresholds.Concat(defaults.RecallThresholds).ToList();
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(bits);
            values.Add(BitConverter.ToDouble(bits, 0));
            // Decimals of up to 17 digits, as boxes and areas are written.
            values.Add(Math.Round(random.NextDouble() * 1000, random.Next(0, 15)));
            // Every order of magnitude, around the switches between fixed point and exponent.
            values.Add(Math.Round(random.NextDouble(), random.Next(1, 16)) * Math.Pow(10, random.Next(-10, 25)));
        }
        foreach (var value in values) Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), RoundTripText.Of(value));
    }
}
