namespace AutoMLEval.Engine.Classification;

/// <summary>
/// How many positive and negative pairs hold each distinct score, in ascending score order: all that the ranking
/// metrics (<see cref="RankingCurve"/>) read from a sorted column, in a form that is merged exactly by adding counts
/// per score. Memory: 24 bytes per distinct score, whatever the number of pairs.
/// </summary>
internal sealed class ScoreHistogram
{
    public ScoreHistogram(double[] scores, long[] positives, long[] negatives)
    {
        if (positives.Length != scores.Length || negatives.Length != scores.Length) throw new ArgumentException("Scores and counts differ in length.");
        for (int i = 1; i < scores.Length; i++)
        {
            if (!(scores[i - 1] < scores[i])) throw new ArgumentException("Scores of a histogram must strictly increase.", nameof(scores));
        }
        Scores = scores;
        Positives = positives;
        Negatives = negatives;
        TotalPositives = positives.Sum();
        TotalNegatives = negatives.Sum();
    }

    public static ScoreHistogram Empty { get; } = new(Array.Empty<double>(), Array.Empty<long>(), Array.Empty<long>());

    /// <summary>Distinct scores, ascending.</summary>
    public double[] Scores { get; }

    public long[] Positives { get; }

    public long[] Negatives { get; }

    public long TotalPositives { get; }

    public long TotalNegatives { get; }

    /// <summary>The histogram of a sorted column (one group per distinct score).</summary>
    public static ScoreHistogram Of(SortedColumn column)
    {
        int groups = 0;
        column.ForEachGroupAscending((_, _, _) => groups++);
        var scores = new double[groups];
        var positives = new long[groups];
        var negatives = new long[groups];
        int g = 0;
        column.ForEachGroupAscending((score, p, n) =>
        {
            scores[g] = score;
            positives[g] = p;
            negatives[g++] = n;
        });
        return new ScoreHistogram(scores, positives, negatives);
    }

    /// <summary>The counts of both, per distinct score: a sorted merge, O(distinct scores of both).</summary>
    public static ScoreHistogram Merge(ScoreHistogram a, ScoreHistogram b)
    {
        // Counted first, so that the arrays are allocated once at their size.
        var (x, y) = (a.Scores, b.Scores);
        int i = 0, k = 0, n = 0;
        for (; i < x.Length && k < y.Length; n++)
        {
            double left = x[i], right = y[k];
            if (left <= right) i++;
            if (right <= left) k++;
        }
        n += x.Length - i + y.Length - k;
        var scores = new double[n];
        var positives = new long[n];
        var negatives = new long[n];
        i = k = n = 0;
        for (; i < x.Length && k < y.Length; n++)
        {
            double left = x[i], right = y[k];
            if (left < right)
            {
                (scores[n], positives[n], negatives[n]) = (left, a.Positives[i], a.Negatives[i]);
                i++;
            }
            else if (right < left)
            {
                (scores[n], positives[n], negatives[n]) = (right, b.Positives[k], b.Negatives[k]);
                k++;
            }
            else
            {
                (scores[n], positives[n], negatives[n]) = (left, a.Positives[i] + b.Positives[k], a.Negatives[i] + b.Negatives[k]);
                i++;
                k++;
            }
        }
        CopyTail(a, i, scores, positives, negatives, n);
        CopyTail(b, k, scores, positives, negatives, n);
        return new ScoreHistogram(scores, positives, negatives);
    }

    /// <summary>Copies the groups of <paramref name="source"/> from <paramref name="from"/> on to the arrays at <paramref name="at"/>.</summary>
    private static void CopyTail(ScoreHistogram source, int from, double[] scores, long[] positives, long[] negatives, int at)
    {
        int count = source.Scores.Length - from;
        Array.Copy(source.Scores, from, scores, at, count);
        Array.Copy(source.Positives, from, positives, at, count);
        Array.Copy(source.Negatives, from, negatives, at, count);
    }

    /// <summary>The pooled counts of many histograms (the micro-averaged ranking): sorted merges as a balanced tree.</summary>
    public static ScoreHistogram Pool(IReadOnlyList<ScoreHistogram> parts) => BalancedMerge.Of(parts, Merge) ?? Empty;

    /// <summary>A finished curve over these pairs, reporting counts at <paramref name="thresholds"/>.</summary>
    public RankingCurve Curve(IReadOnlyList<double> thresholds)
    {
        var curve = new RankingCurve(TotalPositives, TotalNegatives, thresholds);
        for (int i = Scores.Length - 1; i >= 0; i--) curve.Add(Scores[i], Positives[i], Negatives[i]);
        curve.Finish();
        return curve;
    }
}
