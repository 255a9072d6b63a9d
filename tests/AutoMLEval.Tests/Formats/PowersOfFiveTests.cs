using System.Numerics;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>The table of 128-bit powers of five the number conversion multiplies by, entry by entry from its definition.</summary>
public sealed class PowersOfFiveTests
{
    [Fact]
    public void Every_entry_is_the_power_of_five_to_128_bits()
    {
        Assert.Equal(2 * (PowersOfFive.LargestPower - PowersOfFive.SmallestPower + 1), PowersOfFive.Table.Length);
        for (int q = PowersOfFive.SmallestPower; q <= PowersOfFive.LargestPower; q++)
        {
            BigInteger expected;
            if (q < 0)
            {
                // The quotient 2^b / 5^-q, plus one, truncated to its top 128 bits; b makes it at least 2^127 (more bits
                // than that below q = -27, where 5^-q no longer fits 64 bits).
                var power = BigInteger.Pow(5, -q);
                int bits = BitLength(power);
                expected = (BigInteger.One << (q >= -27 ? bits + 127 : (2 * bits) + 128)) / power + 1;
            }
            else
            {
                expected = BigInteger.Pow(5, q);
            }
            int excess = BitLength(expected) - 128;
            expected = excess >= 0 ? expected >> excess : expected << -excess;
            int at = 2 * (q - PowersOfFive.SmallestPower);
            var entry = (new BigInteger(PowersOfFive.Table[at]) << 64) | PowersOfFive.Table[at + 1];
            Assert.True(expected == entry, $"5^{q}: {entry:X}, not {expected:X}");
        }
    }

    private static int BitLength(BigInteger value) => (int)value.GetBitLength();
}
