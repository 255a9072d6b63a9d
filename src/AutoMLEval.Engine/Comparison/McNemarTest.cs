namespace AutoMLEval.Engine.Comparison;

/// <summary>
/// McNemar's exact test of two classifiers on the same items: under the null hypothesis the discordant pairs
/// (items one model gets right and the other wrong) split as a fair coin, so the two-sided p-value is the exact
/// binomial test of <c>fixed</c> successes in <c>fixed + broken</c> trials at p = ½ — scipy's
/// <c>binomtest(fixed, fixed + broken, 0.5).pvalue</c>, which for p = ½ is min(1, 2·P[X ≤ min(fixed, broken)]).
/// </summary>
public static class McNemarTest
{
    /// <summary>The two-sided exact p-value; 1 when there are no discordant pairs.</summary>
    public static double PValue(long fixedCount, long brokenCount)
    {
        if (fixedCount < 0 || brokenCount < 0) throw new ArgumentOutOfRangeException(nameof(fixedCount), "Counts cannot be negative.");
        long n = fixedCount + brokenCount;
        if (n == 0) return 1.0;
        long k = Math.Min(fixedCount, brokenCount);
        if (2 * k == n) return 1.0;
        // P[X ≤ k] for X ~ Binomial(n, ½), summed in log space so that large n neither overflows nor underflows.
        double logHalfPower = n * Math.Log(0.5);
        double logChoose = 0;
        double tail = 0;
        for (long i = 0; i <= k; i++)
        {
            if (i > 0) logChoose += Math.Log((double)(n - i + 1) / i);
            tail += Math.Exp(logChoose + logHalfPower);
        }
        return Math.Min(1.0, 2 * tail);
    }
}
