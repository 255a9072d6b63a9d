using System.Globalization;
using AutoMLEval.Engine.Comparison;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

public sealed class DeltaTextTests
{
    [Theory]
    [InlineData(0.0094, "+0.0094")]
    [InlineData(-0.0579, "-0.0579")]
    [InlineData(0.0, "0.0000")]
    // Rounds to zero: the third section, neither "+0.0000" nor "-0.0000".
    [InlineData(-0.00004, "0.0000")]
    [InlineData(0.00004, "0.0000")]
    public void A_delta_is_signed_to_four_decimals_and_zero_is_unsigned(double delta, string expected)
    {
        Assert.Equal(expected, DeltaText.Of(delta));
        // The views' FormatString gives the same text.
        Assert.Equal(expected, string.Format(CultureInfo.InvariantCulture, "{0:" + DeltaText.Format + "}", delta));
    }
}
