using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>The Poisson bootstrap's weights: an item's own, whatever items are resampled with it, and Poisson(1) distributed.</summary>
public sealed class PoissonResamplesTests
{
    [Fact]
    public void An_items_weights_do_not_depend_on_the_other_items_or_their_order()
    {
        var all = Enumerable.Range(0, 50).Select(i => $"gs://bucket/item{i}.jpg").ToArray();
        var some = new[] { all[31], all[7], all[12] };
        var whole = new PoissonResamples(all, 5);
        var shard = new PoissonResamples(some, 5);

        for (int b = 0; b < 20; b++)
        {
            var wholeRows = whole.Next();
            var shardRows = shard.Next();
            for (int k = 0; k < some.Length; k++)
            {
                Assert.Equal(wholeRows.Count(r => all[r] == some[k]), shardRows.Count(r => r == k));
            }
        }
    }

    [Fact]
    public void Weights_are_Poisson_1()
    {
        // 20,000 draws of Poisson(1): P(0) = P(1) = e^-1 = 0.3679, P(2) = 0.1839, mean 1; a 4-sigma band for each
        // (sigma of a frequency near 0.37 over 20,000 draws is 0.0034; of the mean, 1/sqrt(20,000) = 0.0071).
        var resamples = new PoissonResamples(Enumerable.Range(0, 1000).Select(i => $"item{i}").ToArray(), 20261122);
        var weights = new int[1000 * 20];
        for (int b = 0; b < 20; b++)
        {
            var counts = new int[1000];
            foreach (var row in resamples.Next()) counts[row]++;
            counts.CopyTo(weights, b * 1000);
        }
        double Frequency(int w) => weights.Count(x => x == w) / (double)weights.Length;

        Assert.InRange(Frequency(0), 0.3679 - 0.0136, 0.3679 + 0.0136);
        Assert.InRange(Frequency(1), 0.3679 - 0.0136, 0.3679 + 0.0136);
        Assert.InRange(Frequency(2), 0.1839 - 0.011, 0.1839 + 0.011);
        Assert.InRange(weights.Average(), 1 - 0.029, 1 + 0.029);
    }

    [Fact]
    public void Another_seed_draws_other_weights()
    {
        var items = Enumerable.Range(0, 200).Select(i => $"item{i}").ToArray();
        Assert.NotEqual(new PoissonResamples(items, 1).Next(), new PoissonResamples(items, 2).Next());
        Assert.Equal(new PoissonResamples(items, 1).Next(), new PoissonResamples(items, 1).Next());
    }
}
