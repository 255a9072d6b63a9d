namespace AutoMLEval.Engine.Classification;

/// <summary>
/// Everything the evaluation needs from one pass over the rows (items): decision counts, top-k hits,
/// log-loss and ranking sums, the confusion matrix and each item's top-1 outcome. Built over a range of
/// rows and merged, so that halves computed apart sum to the whole.
/// </summary>
internal sealed class RowStatistics
{
    // scikit-learn 1.2's log_loss(eps="auto"): numpy.finfo(float64).eps = 2^-52.
    private const double LogLossEpsilon = 2.220446049250313e-16;

    public RowStatistics(int labelCount, int maxTopK)
    {
        LabelCount = labelCount;
        TopKHits = new long[maxTopK];
        ThresholdTp = new long[labelCount];
        ThresholdFp = new long[labelCount];
        ArgMaxTp = new long[labelCount];
        ArgMaxFp = new long[labelCount];
        Support = new long[labelCount];
        Confusion = new long[labelCount, labelCount];
    }

    public int LabelCount { get; }
    public long Items { get; private set; }
    public long[] TopKHits { get; }
    public long[] ThresholdTp { get; }
    public long[] ThresholdFp { get; }
    public long[] ArgMaxTp { get; }
    public long[] ArgMaxFp { get; }
    public long[] Support { get; }
    public long[,] Confusion { get; }
    public double LogLossSum { get; private set; }
    public long HammingMismatches { get; private set; }
    public long SubsetMatches { get; private set; }
    public double RankingPrecisionSum { get; private set; }
    public double CoverageSum { get; private set; }

    /// <summary>Accumulates rows [<paramref name="start"/>, <paramref name="end"/>) and records each row's top-1 score and correctness.</summary>
    public void AddRows(ClassificationData data, double threshold, int start, int end, double[] topScore, bool[] topCorrect)
    {
        int binaryPositive = BinaryPositiveLabel(data);
        for (int i = start; i < end; i++)
        {
            var scores = data.ScoresOf(i);
            var truth = data.TruthOf(i);
            int argMax = 0;
            int trueCount = 0;
            bool allMatch = true;
            for (int j = 0; j < scores.Length; j++)
            {
                // First maximum wins, as numpy's argmax.
                if (scores[j] > scores[argMax]) argMax = j;
                bool predicted = scores[j] >= threshold;
                if (truth[j])
                {
                    trueCount++;
                    Support[j]++;
                }
                if (predicted)
                {
                    if (truth[j]) ThresholdTp[j]++; else ThresholdFp[j]++;
                }
                if (predicted != truth[j])
                {
                    HammingMismatches++;
                    allMatch = false;
                }
            }
            if (allMatch) SubsetMatches++;
            topScore[i] = scores[argMax];
            topCorrect[i] = truth[argMax];
            if (truth[argMax]) ArgMaxTp[argMax]++; else ArgMaxFp[argMax]++;

            if (!data.IsMultiLabel)
            {
                int trueLabel = truth.IndexOf(true);
                Confusion[trueLabel, argMax]++;
                AddTopK(scores, trueLabel, binaryPositive);
                LogLossSum += SingleLabelLogLoss(scores, trueLabel);
            }
            else
            {
                LogLossSum += MultiLabelLogLoss(scores, truth);
            }
            RankingPrecisionSum += LabelRankingPrecision(scores, truth, trueCount);
            CoverageSum += Coverage(scores, truth, trueCount);
            Items++;
        }
    }

    /// <summary>Adds another range's statistics to this one.</summary>
    public void Merge(RowStatistics other)
    {
        Items += other.Items;
        LogLossSum += other.LogLossSum;
        HammingMismatches += other.HammingMismatches;
        SubsetMatches += other.SubsetMatches;
        RankingPrecisionSum += other.RankingPrecisionSum;
        CoverageSum += other.CoverageSum;
        for (int k = 0; k < TopKHits.Length; k++) TopKHits[k] += other.TopKHits[k];
        for (int j = 0; j < LabelCount; j++)
        {
            ThresholdTp[j] += other.ThresholdTp[j];
            ThresholdFp[j] += other.ThresholdFp[j];
            ArgMaxTp[j] += other.ArgMaxTp[j];
            ArgMaxFp[j] += other.ArgMaxFp[j];
            Support[j] += other.Support[j];
            for (int c = 0; c < LabelCount; c++) Confusion[j, c] += other.Confusion[j, c];
        }
    }

    private void AddTopK(ReadOnlySpan<double> scores, int trueLabel, int binaryPositive)
    {
        int rank;
        if (binaryPositive >= 0)
        {
            // scikit-learn's binary rule (top_k_accuracy_score with two classes): the positive class is predicted
            // when its score > 0.5, whatever the other score; any k ≥ 2 is a hit.
            bool positivePredicted = scores[binaryPositive] > 0.5;
            rank = positivePredicted == (trueLabel == binaryPositive) ? 0 : 1;
        }
        else
        {
            // scikit-learn's top_k_accuracy_score ranks by a reversed stable sort: among equal scores the later
            // label ranks higher. The true label's rank is the number of labels ranked above it.
            var trueScore = scores[trueLabel];
            rank = 0;
            for (int j = 0; j < scores.Length; j++)
            {
                if (scores[j] > trueScore || (scores[j] == trueScore && j > trueLabel)) rank++;
            }
        }
        for (int k = rank; k < TopKHits.Length; k++) TopKHits[k]++;
    }

    /// <summary>
    /// For single-label data with two labels, the one scikit-learn treats as the positive class: the greater
    /// name in ordinal order (its classes are sorted); −1 otherwise.
    /// </summary>
    internal static int BinaryPositiveLabel(ClassificationData data) =>
        data.IsMultiLabel || data.LabelCount != 2 ? -1 : string.CompareOrdinal(data.Labels[0], data.Labels[1]) > 0 ? 0 : 1;

    private static double SingleLabelLogLoss(ReadOnlySpan<double> scores, int trueLabel)
    {
        // scikit-learn log_loss: clip to [eps, 1 - eps], renormalise the row, take -ln of the true label's share.
        double sum = 0;
        foreach (var s in scores) sum += Clip(s);
        return -Math.Log(Clip(scores[trueLabel]) / sum);
    }

    private static double MultiLabelLogLoss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> truth)
    {
        // Mean binary cross-entropy over the item's labels (each label an independent probability).
        double sum = 0;
        for (int j = 0; j < scores.Length; j++)
        {
            var p = Clip(scores[j]);
            sum -= truth[j] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / scores.Length;
    }

    private static double Clip(double p) => Math.Min(Math.Max(p, LogLossEpsilon), 1 - LogLossEpsilon);

    private static double LabelRankingPrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> truth, int trueCount)
    {
        // scikit-learn label_ranking_average_precision_score: a row with no true label, or only true labels, scores 1.
        if (trueCount == 0 || trueCount == scores.Length) return 1.0;
        double sum = 0;
        for (int j = 0; j < scores.Length; j++)
        {
            if (!truth[j]) continue;
            int rank = 0, trueAtOrAbove = 0;
            for (int k = 0; k < scores.Length; k++)
            {
                if (scores[k] >= scores[j])
                {
                    rank++;
                    if (truth[k]) trueAtOrAbove++;
                }
            }
            sum += (double)trueAtOrAbove / rank;
        }
        return sum / trueCount;
    }

    private static double Coverage(ReadOnlySpan<double> scores, ReadOnlySpan<bool> truth, int trueCount)
    {
        // scikit-learn coverage_error: how far down the ranking one must go to cover every true label; 0 without any.
        if (trueCount == 0) return 0;
        double lowestTrue = double.PositiveInfinity;
        for (int j = 0; j < scores.Length; j++)
        {
            if (truth[j] && scores[j] < lowestTrue) lowestTrue = scores[j];
        }
        int covered = 0;
        foreach (var s in scores)
        {
            if (s >= lowestTrue) covered++;
        }
        return covered;
    }
}
