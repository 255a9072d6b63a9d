using System.Globalization;
using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>Partial evaluations and pooled histograms are merged as a balanced tree; the result is the left fold's.</summary>
public sealed class BalancedMergeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(33)]
    public void A_balanced_merge_keeps_the_order_of_a_left_fold(int count)
    {
        // String concatenation is associative but not commutative: any reordering would show.
        var states = Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture) + ";").ToArray();

        Assert.Equal(count == 0 ? null : string.Concat(states), BalancedMerge.Of(states, string.Concat));
    }
}
