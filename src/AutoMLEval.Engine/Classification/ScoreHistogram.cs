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

    /// <summary>
    /// The curve of the pooled pairs of many histograms (the micro-averaged ranking), fed highest score first by a k-way
    /// merge (a heap of the histograms' next scores; equal scores of several histograms are one group): O(D log k) for D
    /// scores in k histograms, and no pooled histogram is held.
    /// </summary>
    public static RankingCurve PooledCurve(IReadOnlyList<ScoreHistogram> parts, IReadOnlyList<double> thresholds)
    {
        var curve = new RankingCurve(parts.Sum(h => h.TotalPositives), parts.Sum(h => h.TotalNegatives), thresholds);
        var next = parts.Select(h => h.Scores.Length - 1).ToArray();
        var heap = new HistogramHeap(parts, next);
        while (heap.Count > 0)
        {
            var score = heap.TopScore;
            long positives = 0, negatives = 0;
            while (heap.Count > 0 && heap.TopScore == score)
            {
                int k = heap.Top;
                positives += parts[k].Positives[next[k]];
                negatives += parts[k].Negatives[next[k]];
                next[k]--;
                heap.TopMoved();
            }
            curve.Add(score, positives, negatives);
        }
        curve.Finish();
        return curve;
    }

    /// <summary>A finished curve over these pairs, reporting counts at <paramref name="thresholds"/>.</summary>
    public RankingCurve Curve(IReadOnlyList<double> thresholds)
    {
        var curve = new RankingCurve(TotalPositives, TotalNegatives, thresholds);
        for (int i = Scores.Length - 1; i >= 0; i--) curve.Add(Scores[i], Positives[i], Negatives[i]);
        curve.Finish();
        return curve;
    }

    /// <summary>A max-heap of histogram indices by the score each one's cursor points at; a histogram leaves it once its cursor passes its first score.</summary>
    private sealed class HistogramHeap
    {
        private readonly IReadOnlyList<ScoreHistogram> _parts;
        private readonly int[] _next;
        private readonly int[] _heap;

        public HistogramHeap(IReadOnlyList<ScoreHistogram> parts, int[] next)
        {
            _parts = parts;
            _next = next;
            _heap = Enumerable.Range(0, parts.Count).Where(k => next[k] >= 0).ToArray();
            Count = _heap.Length;
            for (int i = Count / 2 - 1; i >= 0; i--) SiftDown(i);
        }

        public int Count { get; private set; }

        public int Top => _heap[0];

        public double TopScore => ScoreOf(_heap[0]);

        /// <summary>Restores the heap after the top's cursor moved (dropping the top when it has no scores left).</summary>
        public void TopMoved()
        {
            if (_next[_heap[0]] < 0) _heap[0] = _heap[--Count];
            SiftDown(0);
        }

        private double ScoreOf(int k) => _parts[k].Scores[_next[k]];

        private void SiftDown(int i)
        {
            while (true)
            {
                int largest = i, left = 2 * i + 1, right = left + 1;
                if (left < Count && ScoreOf(_heap[left]) > ScoreOf(_heap[largest])) largest = left;
                if (right < Count && ScoreOf(_heap[right]) > ScoreOf(_heap[largest])) largest = right;
                if (largest == i) return;
                (_heap[i], _heap[largest]) = (_heap[largest], _heap[i]);
                i = largest;
            }
        }
    }
}
