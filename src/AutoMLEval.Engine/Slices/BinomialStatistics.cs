namespace AutoMLEval.Engine.Slices;

/// <summary>Binomial intervals and tails for error rates of groups of items.</summary>
public static class BinomialStatistics
{
    /// <summary>The 97.5th percentile of the standard normal: a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The Wilson score interval of a proportion (Wilson 1927; Brown, Cai and DasGupta 2001 recommend it over the
    /// normal approximation for small groups): it stays inside [0, 1] and is not degenerate at 0 or n successes.
    /// </summary>
    public static (double Lower, double Upper) WilsonInterval(long successes, long trials, double z = Z95)
    {
        if (trials <= 0) return (double.NaN, double.NaN);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>P[X ≥ <paramref name="successes"/>] for X ~ Binomial(<paramref name="trials"/>, <paramref name="p"/>), summed in log space.</summary>
    public static double UpperTail(long successes, long trials, double p)
    {
        if (successes <= 0) return 1.0;
        if (successes > trials) return 0.0;
        if (p <= 0) return 0.0;
        if (p >= 1) return 1.0;
        double logP = Math.Log(p), logQ = Math.Log(1 - p);
        double logChoose = LogChoose(trials, successes);
        double sum = 0;
        for (long k = successes; k <= trials; k++)
        {
            if (k > successes) logChoose += Math.Log((double)(trials - k + 1) / k);
            var term = Math.Exp(logChoose + (k * logP) + ((trials - k) * logQ));
            sum += term;
            // The terms fall geometrically past the mode; stop once they no longer change the sum.
            if (k > trials * p && term < sum * 1e-17) break;
        }
        return Math.Min(1.0, sum);
    }

    private static double LogChoose(long n, long k)
    {
        k = Math.Min(k, n - k);
        double result = 0;
        for (long i = 1; i <= k; i++) result += Math.Log((double)(n - k + i) / i);
        return result;
    }
}
