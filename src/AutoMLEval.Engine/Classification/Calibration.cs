namespace AutoMLEval.Engine.Classification;

/// <summary>
/// How well a single-label classifier's top-1 confidence matches its accuracy: expected and maximum calibration
/// error over 15 equal-width bins (and the equal-mass variant), the multi-class Brier score and the reliability
/// bins. Immutable.
/// </summary>
/// <remarks>
/// Definitions (Guo et al. 2017, "On Calibration of Modern Neural Networks"; Naeini et al. 2015 for MCE;
/// Brier 1950): the confidence of item i is its highest score and it is correct when that label (first maximum,
/// as numpy's argmax) is its true label. Equal-width bin m of M = 15 holds confidences in ((m−1)/M, m/M], with 0
/// in the first bin. ECE = Σ_b (n_b / N)·|accuracy_b − mean confidence_b|; MCE = max over non-empty bins of
/// |accuracy_b − mean confidence_b|. Equal-mass bins hold ⌊N/M⌋ or ⌈N/M⌉ items of consecutive confidence; a bin that cuts a
/// group of equal confidences takes its share of their correct items in proportion (so item order never matters).
/// Brier = (1/N) Σ_i Σ_k (p_ik − y_ik)² over the scores as given (not renormalised).
/// Cost: O(N · labels) time, O(N) memory for the equal-mass sort.
/// </remarks>
public sealed class Calibration
{
    /// <summary>The number of bins, as in Guo et al.</summary>
    public const int BinCount = 15;

    private Calibration(double expected, double maximum, double equalMassExpected, double brier, IReadOnlyList<CalibrationBin> bins)
    {
        ExpectedCalibrationError = expected;
        MaximumCalibrationError = maximum;
        EqualMassExpectedCalibrationError = equalMassExpected;
        BrierScore = brier;
        Bins = bins;
    }

    /// <summary>ECE over 15 equal-width bins.</summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>The largest |accuracy − confidence| over the non-empty equal-width bins.</summary>
    public double MaximumCalibrationError { get; }

    /// <summary>ECE over 15 bins of (nearly) equal item counts.</summary>
    public double EqualMassExpectedCalibrationError { get; }

    /// <summary>Multi-class Brier score: mean over items of the squared distance between scores and the one-hot truth.</summary>
    public double BrierScore { get; }

    /// <summary>The 15 equal-width reliability bins, lowest first (empty ones included, with undefined means).</summary>
    public IReadOnlyList<CalibrationBin> Bins { get; }

    /// <summary>Calibration of single-label data.</summary>
    public static Calibration Of(ClassificationData data)
    {
        if (data.IsMultiLabel) throw new ArgumentException("Calibration is defined here for single-label data.", nameof(data));
        int n = data.ItemCount;
        var confidence = new double[n];
        var correct = new bool[n];
        double brier = 0;
        for (int i = 0; i < n; i++)
        {
            var scores = data.ScoresOf(i);
            var truth = data.TruthOf(i);
            int top = data.TopLabelOf(i);
            confidence[i] = scores[top];
            correct[i] = truth[top];
            brier += BrierTerm(scores, truth);
        }
        return Of(ScoreHistogram.Of(SortedColumn.Of(confidence, correct)), brier);
    }

    /// <summary>One item's squared distance between its scores and its one-hot truth.</summary>
    internal static double BrierTerm(ReadOnlySpan<double> scores, ReadOnlySpan<bool> truth)
    {
        double sum = 0;
        for (int j = 0; j < scores.Length; j++)
        {
            var gap = scores[j] - (truth[j] ? 1.0 : 0.0);
            sum += gap * gap;
        }
        return sum;
    }

    /// <summary>
    /// Calibration from the items' top-1 confidences (positives: correct, negatives: wrong) and the sum of their Brier
    /// terms. An equal-mass bin boundary that cuts a group of equal confidences takes its share of the group's correct
    /// items in proportion, so that the result does not depend on item order (and partial evaluations merge exactly).
    /// </summary>
    internal static Calibration Of(ScoreHistogram confidences, double brierSum)
    {
        long n = confidences.TotalPositives + confidences.TotalNegatives;
        var sums = new BinSums[BinCount];
        // Equal-mass bin b holds the items of ascending ranks [b·n/M, (b+1)·n/M); the groups come highest first, so the
        // bins fill from the last down, and a group's unplaced items are those of ranks below `top`.
        double equalMass = 0;
        int massBin = BinCount - 1;
        var bin = default(BinSums);
        long top = n;
        var groups = confidences.Descending();
        while (groups.Next(out var score, out var positives, out var negatives))
        {
            long size = positives + negatives;
            sums[EqualWidthBin(score)].Add(score, size, positives);
            for (long left = size; left > 0;)
            {
                long start = massBin * n / BinCount;
                long take = Math.Min(left, top - start);
                if (take > 0)
                {
                    bin.Add(score, take, positives * (double)take / size);
                    left -= take;
                    top -= take;
                }
                if (top == start)
                {
                    if (bin.Items > 0) equalMass += bin.Items / (double)n * bin.Gap;
                    bin = default;
                    massBin--;
                }
            }
        }
        var bins = new CalibrationBin[BinCount];
        double expected = 0, maximum = 0;
        for (int b = 0; b < BinCount; b++)
        {
            bins[b] = sums[b].ToBin((double)b / BinCount, (double)(b + 1) / BinCount);
            if (sums[b].Items == 0) continue;
            var gap = sums[b].Gap;
            expected += sums[b].Items / (double)n * gap;
            maximum = Math.Max(maximum, gap);
        }
        return new Calibration(expected, maximum, equalMass, brierSum / n, bins);
    }

    /// <summary>The equal-width bin of a confidence: ((m−1)/M, m/M] is bin m − 1, and 0 falls in the first.</summary>
    internal static int EqualWidthBin(double confidence) =>
        Math.Min(BinCount - 1, Math.Max(0, (int)Math.Ceiling(confidence * BinCount) - 1));

    private struct BinSums
    {
        public long Items;
        public double Confidence;
        public double Correct;

        public void Add(double confidence, long items, double correct)
        {
            Items += items;
            Confidence += confidence * items;
            Correct += correct;
        }

        public readonly double Gap => Math.Abs((Correct / Items) - (Confidence / Items));

        public readonly CalibrationBin ToBin(double lower, double upper) => Items == 0
            ? new CalibrationBin(lower, upper, 0, double.NaN, double.NaN)
            : new CalibrationBin(lower, upper, checked((int)Items), Correct / Items, Confidence / Items);
    }
}

/// <summary>One reliability bin: confidences in (<paramref name="Lower"/>, <paramref name="Upper"/>].</summary>
/// <param name="Lower">Lower edge (exclusive, except 0 for the first bin).</param>
/// <param name="Upper">Upper edge (inclusive).</param>
/// <param name="Items">Items whose top-1 confidence falls in the bin.</param>
/// <param name="Accuracy">Share of those items whose top-1 label is right; NaN when the bin is empty.</param>
/// <param name="Confidence">Their mean top-1 confidence; NaN when the bin is empty.</param>
public readonly record struct CalibrationBin(double Lower, double Upper, int Items, double Accuracy, double Confidence);
