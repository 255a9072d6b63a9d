namespace AutoMLEval.Engine.Classification;

/// <summary>
/// The one implementation of every ranking metric: average precision, ROC AUC and confusion counts at any
/// set of thresholds, computed in a single pass over (score, positives, negatives) groups fed in strictly
/// descending score order, where each group holds every pair with that exact score (ties form one threshold,
/// as scikit-learn's <c>precision_recall_curve</c> and <c>roc_curve</c> treat them).
/// Memory is O(thresholds requested); the caller's sort is what costs O(pairs).
/// </summary>
/// <remarks>
/// Average precision is the step sum AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct thresholds, without
/// interpolation (scikit-learn <c>average_precision_score</c>). ROC AUC is the trapezoidal area under
/// (FPR, TPR) from (0, 0) (scikit-learn <c>roc_auc_score</c>). AP with no positives is 0, as scikit-learn 1.2
/// gives it (its recall is then 1 at every threshold, so the step sum is 0; it warns). AUC with no positives or
/// no negatives is NaN, where scikit-learn raises an error.
/// </remarks>
public sealed class RankingCurve
{
    private readonly long _positives;
    private readonly long _negatives;
    private readonly double[] _thresholdsDescending;
    private readonly int[] _thresholdOrder;
    private readonly ThresholdCounts[] _counts;
    private int _nextThreshold;
    private long _tp;
    private long _fp;
    private double _precisionSum;
    private double _area;
    private double _lastScore = double.PositiveInfinity;
    private bool _finished;
    private ThresholdCounts _bestF1;
    private long _bestF1Numerator;
    private long _bestF1Denominator;
    private long _startTp;
    private long _startFp;

    /// <summary>Starts a curve over a set holding <paramref name="positives"/> and <paramref name="negatives"/> pairs.</summary>
    /// <param name="positives">Total positive pairs in the set.</param>
    /// <param name="negatives">Total negative pairs in the set.</param>
    /// <param name="thresholds">Thresholds at which to report counts, in any order.</param>
    public RankingCurve(long positives, long negatives, IReadOnlyList<double> thresholds)
    {
        _positives = positives;
        _negatives = negatives;
        _thresholdOrder = Enumerable.Range(0, thresholds.Count).OrderByDescending(i => thresholds[i]).ToArray();
        _thresholdsDescending = _thresholdOrder.Select(i => thresholds[i]).ToArray();
        _counts = new ThresholdCounts[thresholds.Count];
    }

    /// <summary>
    /// A curve for the lower part of the same ranking, to be fed in parallel with this one: it starts where this
    /// curve will end (after <paramref name="truePositivesAbove"/> and <paramref name="falsePositivesAbove"/> pairs,
    /// all scored at or above <paramref name="scoreCeiling"/>) and is handed back with <see cref="Absorb"/>.
    /// Only curves without requested thresholds split this way.
    /// </summary>
    internal RankingCurve ContinuationBelow(double scoreCeiling, long truePositivesAbove, long falsePositivesAbove)
    {
        if (_counts.Length > 0) throw new InvalidOperationException("A curve with requested thresholds cannot be split.");
        return new RankingCurve(_positives, _negatives, Array.Empty<double>())
        {
            _tp = truePositivesAbove,
            _fp = falsePositivesAbove,
            _startTp = truePositivesAbove,
            _startFp = falsePositivesAbove,
            _lastScore = scoreCeiling,
        };
    }

    /// <summary>Takes over the sums of a continuation made by <see cref="ContinuationBelow"/> once both are fed.</summary>
    internal void Absorb(RankingCurve continuation)
    {
        if (_tp != continuation._startTp || _fp != continuation._startFp)
        {
            throw new InvalidOperationException("The continuation did not start where this curve ended.");
        }
        _precisionSum += continuation._precisionSum;
        _area += continuation._area;
        if (continuation._bestF1Denominator > 0 && (_bestF1Denominator == 0
            || (double)continuation._bestF1Numerator * _bestF1Denominator > (double)_bestF1Numerator * continuation._bestF1Denominator))
        {
            _bestF1Numerator = continuation._bestF1Numerator;
            _bestF1Denominator = continuation._bestF1Denominator;
            _bestF1 = continuation._bestF1;
        }
        _tp = continuation._tp;
        _fp = continuation._fp;
        _lastScore = continuation._lastScore;
    }

    /// <summary>Adds every pair whose score is exactly <paramref name="score"/>; scores must strictly decrease from call to call.</summary>
    public void Add(double score, long positives, long negatives)
    {
        Span<ScoreGroup> one = stackalloc ScoreGroup[1];
        one[0] = new ScoreGroup(score, positives, negatives);
        Add(one);
    }

    /// <summary>
    /// Adds the groups in order, as <see cref="Add(double, long, long)"/> one by one would; scores must strictly decrease.
    /// The running sums stay in locals across the groups: feeding a sorted column is one call per few hundred groups.
    /// </summary>
    internal void Add(ReadOnlySpan<ScoreGroup> groups)
    {
        long tp = _tp, fp = _fp;
        double precisionSum = _precisionSum, area = _area, lastScore = _lastScore;
        long bestF1Numerator = _bestF1Numerator, bestF1Denominator = _bestF1Denominator;
        double nextThreshold = NextThreshold;
        foreach (var group in groups)
        {
            var score = group.Score;
            if (!(score < lastScore))
            {
                throw new InvalidOperationException($"Scores must be fed in strictly descending order; got {score} after {lastScore}.");
            }
            lastScore = score;
            if (nextThreshold > score)
            {
                EmitThresholdsAbove(score, tp, fp);
                nextThreshold = NextThreshold;
            }
            if (group.Positives == 0 && group.Negatives == 0)
            {
                continue;
            }
            var previousTp = tp;
            tp += group.Positives;
            fp += group.Negatives;
            if (group.Positives > 0)
            {
                precisionSum += group.Positives * ((double)tp / (tp + fp));
            }
            // Trapezoid in count units; divided by P·N once at the end.
            area += (double)group.Negatives * (previousTp + tp) / 2.0;
            // F1 = 2·TP / (TP + FP + P) in counts; fractions are compared by cross-multiplication (no division on
            // the hot path). Strictly greater: on equal F1 the higher threshold (seen first) is kept.
            if ((double)tp * bestF1Denominator > (double)bestF1Numerator * (tp + fp + _positives) || bestF1Denominator == 0)
            {
                bestF1Numerator = tp;
                bestF1Denominator = tp + fp + _positives;
                _bestF1 = new ThresholdCounts(score, tp, fp, _positives - tp, _negatives - fp);
            }
        }
        _tp = tp;
        _fp = fp;
        _precisionSum = precisionSum;
        _area = area;
        _lastScore = lastScore;
        _bestF1Numerator = bestF1Numerator;
        _bestF1Denominator = bestF1Denominator;
    }

    /// <summary>
    /// Adds a run of negative pairs with distinct or equal scores from <paramref name="highestScore"/> down to
    /// <paramref name="lowestScore"/> (<paramref name="count"/> pairs, below the last score fed), as
    /// <see cref="Add(ReadOnlySpan{ScoreGroup})"/> of one group per distinct score would: such groups move only the
    /// false positives and the ROC area (by the same true positives each: summed at once, the area's terms stay exact
    /// integers while P·N &lt; 2⁵²), and never raise the best F1. The caller keeps every pending threshold out of
    /// (<paramref name="lowestScore"/>, <paramref name="highestScore"/>] (<see cref="PendingThresholdAtOrBelow"/>), and
    /// feeds the curve's first group with <c>Add</c>, which sets the best F1 it starts from.
    /// </summary>
    internal void AddNegatives(double highestScore, double lowestScore, long count)
    {
        if (!(highestScore < _lastScore) || lowestScore > highestScore)
        {
            throw new InvalidOperationException($"Scores must be fed in strictly descending order; got {highestScore} after {_lastScore}.");
        }
        if (_bestF1Denominator == 0) throw new InvalidOperationException("The curve's first group is fed with Add.");
        if (NextThreshold > highestScore) EmitThresholdsAbove(highestScore, _tp, _fp);
        if (NextThreshold > lowestScore) throw new InvalidOperationException($"The threshold {NextThreshold} falls within a run of negatives.");
        _fp += count;
        _area += (double)count * _tp;
        _lastScore = lowestScore;
    }

    /// <summary>
    /// The highest requested threshold not yet emitted that is at most <paramref name="score"/> (those above it are
    /// emitted before the next group); −∞ when none is left: the pairs scored at or above it form no threshold among them.
    /// </summary>
    internal double PendingThresholdAtOrBelow(double score)
    {
        int next = _nextThreshold;
        while (next < _thresholdsDescending.Length && _thresholdsDescending[next] > score) next++;
        return next < _thresholdsDescending.Length ? _thresholdsDescending[next] : double.NegativeInfinity;
    }

    /// <summary>Ends the pass; totals must match what was fed.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        if (_tp != _positives || _fp != _negatives)
        {
            throw new InvalidOperationException($"The curve was fed {_tp} positives and {_fp} negatives but expected {_positives} and {_negatives}.");
        }
        EmitThresholdsAbove(double.NegativeInfinity, _tp, _fp);
        _finished = true;
    }

    /// <summary>Average precision (step sum); 0 when there are no positives (scikit-learn's value).</summary>
    public double AveragePrecision => RequireFinished(_positives == 0 ? 0.0 : _precisionSum / _positives);

    /// <summary>ROC AUC (trapezoidal); NaN when there are no positives or no negatives.</summary>
    public double RocAuc => RequireFinished(_positives == 0 || _negatives == 0 ? double.NaN : _area / ((double)_positives * _negatives));

    /// <summary>
    /// The distinct score threshold of highest F1 (the highest such threshold on ties). When no threshold lifts F1
    /// above 0 (no positives, or nothing fed) it is the point of predicting nothing: NaN threshold, no pair
    /// predicted, precision 1 and recall 0, as detection's best F1 (any threshold of F1 0 would be an arbitrary score).
    /// </summary>
    public ThresholdCounts BestF1 => RequireFinished(_bestF1Numerator == 0 ? new ThresholdCounts(double.NaN, 0, 0, _positives, _negatives) : _bestF1);

    /// <summary>Counts at each requested threshold, in the order the thresholds were given.</summary>
    public IReadOnlyList<ThresholdCounts> Counts => RequireFinished(_counts);

    /// <summary>The highest threshold not yet emitted; −∞ when none is left.</summary>
    private double NextThreshold => _nextThreshold < _thresholdsDescending.Length ? _thresholdsDescending[_nextThreshold] : double.NegativeInfinity;

    private void EmitThresholdsAbove(double score, long tp, long fp)
    {
        // A threshold t sees every pair with score ≥ t: all groups fed so far when t > the next score.
        while (_nextThreshold < _thresholdsDescending.Length && _thresholdsDescending[_nextThreshold] > score)
        {
            var t = _thresholdsDescending[_nextThreshold];
            _counts[_thresholdOrder[_nextThreshold]] = new ThresholdCounts(t, tp, fp, _positives - tp, _negatives - fp);
            _nextThreshold++;
        }
    }

    private T RequireFinished<T>(T value) =>
        _finished ? value : throw new InvalidOperationException("Call Finish() before reading the curve's results.");
}

/// <summary>Every pair of one exact score: how many are positive and how many negative.</summary>
internal readonly record struct ScoreGroup(double Score, long Positives, long Negatives);
