namespace AutoMLEval.Engine.Classification;

/// <summary>
/// Poisson bootstrap resamples (Hanley and MacGibbon 2006; Chamandy et al. 2012, "Estimating uncertainty for massive
/// data streams"; TensorFlow Model Analysis): in each resample an item appears Poisson(1) times, drawn from a stream of
/// its own seeded by its id and the seed. An item's weights therefore do not depend on which items are evaluated with
/// it or in which order, so the resamples of shards are parts of the resamples of the whole, and merge into them.
/// Memory: 8 bytes per item.
/// </summary>
internal sealed class PoissonResamples
{
    // e^-1 as a constant, so that no platform's Math.Exp changes a draw.
    private const double PoissonOneAtZero = 0.36787944117144233;

    private readonly ulong[] _streams;

    /// <summary>The resamples of the items <paramref name="itemIds"/> (rows in this order), seeded by <paramref name="seed"/>.</summary>
    public PoissonResamples(IReadOnlyList<string> itemIds, int seed)
    {
        var seedMix = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
        _streams = new ulong[itemIds.Count];
        for (int i = 0; i < _streams.Length; i++) _streams[i] = ItemHash.Of(itemIds[i]) ^ seedMix;
    }

    /// <summary>The rows of the next resample: each item's row as many times as its weight in it (none for weight 0).</summary>
    public int[] Next()
    {
        var rows = new List<int>(_streams.Length + 16);
        for (int i = 0; i < _streams.Length; i++)
        {
            for (int w = PoissonOne(ref _streams[i]); w > 0; w--) rows.Add(i);
        }
        return rows.ToArray();
    }

    /// <summary>A Poisson(1) draw by inversion of its distribution function.</summary>
    private static int PoissonOne(ref ulong stream)
    {
        var u = (SplitMix64(ref stream) >> 11) * (1.0 / (1UL << 53));
        int k = 0;
        double p = PoissonOneAtZero, cumulative = p;
        while (u > cumulative && k < 32)
        {
            k++;
            p /= k;
            cumulative += p;
        }
        return k;
    }

    /// <summary>Steele, Lea and Flood's SplitMix64 (the JDK's SplittableRandom): a 64-bit state, well-mixed outputs.</summary>
    internal static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
