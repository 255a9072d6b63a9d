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
        var scores = new List<double>();
        var positives = new List<long>();
        var negatives = new List<long>();
        column.ForEachGroupAscending((score, p, n) =>
        {
            scores.Add(score);
            positives.Add(p);
            negatives.Add(n);
        });
        return new ScoreHistogram(scores.ToArray(), positives.ToArray(), negatives.ToArray());
    }

    /// <summary>The counts of both, per distinct score: a sorted merge, O(distinct scores of both).</summary>
    public static ScoreHistogram Merge(ScoreHistogram a, ScoreHistogram b)
    {
        var scores = new double[a.Scores.Length + b.Scores.Length];
        var positives = new long[scores.Length];
        var negatives = new long[scores.Length];
        int i = 0, k = 0, n = 0;
        for (; i < a.Scores.Length || k < b.Scores.Length; n++)
        {
            bool takeA = k == b.Scores.Length || (i < a.Scores.Length && a.Scores[i] <= b.Scores[k]);
            bool takeB = i == a.Scores.Length || (k < b.Scores.Length && b.Scores[k] <= a.Scores[i]);
            scores[n] = takeA ? a.Scores[i] : b.Scores[k];
            positives[n] = (takeA ? a.Positives[i] : 0) + (takeB ? b.Positives[k] : 0);
            negatives[n] = (takeA ? a.Negatives[i] : 0) + (takeB ? b.Negatives[k] : 0);
            if (takeA) i++;
            if (takeB) k++;
        }
        Array.Resize(ref scores, n);
        Array.Resize(ref positives, n);
        Array.Resize(ref negatives, n);
        return new ScoreHistogram(scores, positives, negatives);
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
