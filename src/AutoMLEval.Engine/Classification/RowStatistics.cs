using System.Globalization;
using AutoMLEval.Engine.Formats;

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

    /// <summary>
    /// Empty statistics; with <paramref name="sharedConfusion"/> (another's <see cref="Confusion"/>), this range counts
    /// into that matrix (atomically, so ranges may run at once) and holds none of its own: labels × labels longs is the
    /// largest thing here, too large to hold once per range when there are thousands of labels.
    /// </summary>
    public RowStatistics(int labelCount, int maxTopK, long[,]? sharedConfusion = null)
    {
        LabelCount = labelCount;
        TopKHits = new long[maxTopK];
        ThresholdTp = new long[labelCount];
        ThresholdFp = new long[labelCount];
        ArgMaxTp = new long[labelCount];
        ArgMaxFp = new long[labelCount];
        Support = new long[labelCount];
        Confusion = sharedConfusion ?? new long[labelCount, labelCount];
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
    public double LogLossSum => _logLoss.Value;
    public long HammingMismatches { get; private set; }
    public long SubsetMatches { get; private set; }
    public double RankingPrecisionSum => _rankingPrecision.Value;
    // Sums of integers (ranks, label counts): exact in a double, whatever the order.
    public double CoverageSum { get; private set; }

    // Fixed-point, so that the rows' order (and the ranges' split) leaves the sums' last bits alone.
    private FixedPointSum _logLoss;
    private FixedPointSum _rankingPrecision;

    /// <summary>
    /// Accumulates rows [<paramref name="start"/>, <paramref name="end"/>) and records each row's top-1 score and
    /// correctness, and its Brier term when <paramref name="brierTerm"/> is given (single-label data).
    /// </summary>
    public void AddRows(ClassificationData data, double threshold, int start, int end, double[] topScore, bool[] topCorrect, double[]? brierTerm = null)
    {
        int binaryPositive = BinaryPositiveLabel(data);
        for (int i = start; i < end; i++)
        {
            var scores = data.ScoresOf(i);
            var truth = data.TruthOf(i);
            int argMax;
            if (data.IsMultiLabel)
            {
                argMax = AddMultiLabelRow(scores, truth, threshold);
            }
            else
            {
                argMax = AddSingleLabelRow(scores, truth.IndexOf(true), threshold, binaryPositive, out var brier);
                if (brierTerm is not null) brierTerm[i] = brier;
            }
            topScore[i] = scores[argMax];
            topCorrect[i] = truth[argMax];
            if (truth[argMax]) ArgMaxTp[argMax]++; else ArgMaxFp[argMax]++;
            Items++;
        }
    }

    /// <summary>Counts one single-label row in one pass over its scores; returns its top label.</summary>
    /// <remarks>
    /// With one true label, the true label's rank (the labels scoring at least as high, itself included) gives both
    /// its label-ranking precision (1 / rank) and its coverage (rank), the values <see cref="LabelRankingPrecision"/> and
    /// <see cref="Coverage"/> give a row with one true label. The log loss is scikit-learn's log_loss: clip to
    /// [eps, 1 − eps], renormalise the row, take −ln of the true label's share. Its sum and the Brier term run over the
    /// labels in order, as <see cref="Calibration.BrierTerm"/> does.
    /// </remarks>
    private int AddSingleLabelRow(ReadOnlySpan<double> scores, int trueLabel, double threshold, int binaryPositive, out double brier)
    {
        var trueScore = scores[trueLabel];
        int argMax = 0, rank = 0, topKRank = 0, predicted = 0;
        double clippedSum = 0;
        brier = 0;
        for (int j = 0; j < scores.Length; j++)
        {
            var s = scores[j];
            // First maximum wins, as numpy's argmax.
            if (s > scores[argMax]) argMax = j;
            if (s >= threshold)
            {
                predicted++;
                if (j == trueLabel) ThresholdTp[j]++; else ThresholdFp[j]++;
            }
            if (s >= trueScore) rank++;
            // scikit-learn's top_k_accuracy_score ranks by a reversed stable sort: among equal scores the later
            // label ranks higher. The true label's top-k rank is the number of labels ranked above it.
            if (s > trueScore || (s == trueScore && j > trueLabel)) topKRank++;
            clippedSum += Clip(s);
            var gap = j == trueLabel ? s - 1.0 : s;
            brier += gap * gap;
        }
        Support[trueLabel]++;
        bool truePredicted = trueScore >= threshold;
        // Mismatches: the predicted labels other than the true one, and the true one when it is not predicted.
        long mismatches = truePredicted ? predicted - 1 : predicted + 1;
        HammingMismatches += mismatches;
        if (mismatches == 0) SubsetMatches++;
        Interlocked.Increment(ref Confusion[trueLabel, argMax]);
        AddTopK(binaryPositive >= 0 ? BinaryTopKRank(scores, trueLabel, binaryPositive) : topKRank);
        _logLoss.Add(-Math.Log(Clip(trueScore) / clippedSum));
        _rankingPrecision.Add(1.0 / rank);
        CoverageSum += rank;
        return argMax;
    }

    /// <summary>Counts one multi-label row; returns its top label.</summary>
    private int AddMultiLabelRow(ReadOnlySpan<double> scores, ReadOnlySpan<bool> truth, double threshold)
    {
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
        _logLoss.Add(MultiLabelLogLoss(scores, truth));
        _rankingPrecision.Add(LabelRankingPrecision(scores, truth, trueCount));
        CoverageSum += Coverage(scores, truth, trueCount);
        return argMax;
    }

    /// <summary>Adds another range's statistics to this one.</summary>
    public void Merge(RowStatistics other)
    {
        Items += other.Items;
        _logLoss.Add(other._logLoss);
        HammingMismatches += other.HammingMismatches;
        SubsetMatches += other.SubsetMatches;
        _rankingPrecision.Add(other._rankingPrecision);
        CoverageSum += other.CoverageSum;
        for (int k = 0; k < TopKHits.Length; k++) TopKHits[k] += other.TopKHits[k];
        bool sharesConfusion = ReferenceEquals(Confusion, other.Confusion);
        for (int j = 0; j < LabelCount; j++)
        {
            ThresholdTp[j] += other.ThresholdTp[j];
            ThresholdFp[j] += other.ThresholdFp[j];
            ArgMaxTp[j] += other.ArgMaxTp[j];
            ArgMaxFp[j] += other.ArgMaxFp[j];
            Support[j] += other.Support[j];
            if (sharesConfusion) continue;
            for (int c = 0; c < LabelCount; c++) Confusion[j, c] += other.Confusion[j, c];
        }
    }

    /// <summary>Writes the statistics (little-endian, in field order); <see cref="ReadFrom"/> reads them back.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(LabelCount);
        writer.Write(TopKHits.Length);
        writer.Write(Items);
        writer.Write(LogLossSum);
        writer.Write(HammingMismatches);
        writer.Write(SubsetMatches);
        writer.Write(RankingPrecisionSum);
        writer.Write(CoverageSum);
        foreach (var hits in TopKHits) writer.Write(hits);
        foreach (var column in new[] { ThresholdTp, ThresholdFp, ArgMaxTp, ArgMaxFp, Support })
        {
            foreach (var count in column) writer.Write(count);
        }
        foreach (var count in Confusion) writer.Write(count);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    public static RowStatistics ReadFrom(BinaryReader reader)
    {
        var labelCount = PartialEvaluation.ReadCount(reader);
        // The labels × labels matrix is allocated before it is read: a damaged count must not ask for more than the file holds.
        if ((long)labelCount * labelCount * sizeof(long) > reader.BaseStream.Length) throw new InvalidDataException($"a confusion matrix of {labelCount.ToString(CultureInfo.InvariantCulture)} labels");
        var rows = new RowStatistics(labelCount, PartialEvaluation.ReadCount(reader))
        {
            Items = reader.ReadInt64(),
            _logLoss = FixedPointSum.Of(reader.ReadDouble()),
            HammingMismatches = reader.ReadInt64(),
            SubsetMatches = reader.ReadInt64(),
            _rankingPrecision = FixedPointSum.Of(reader.ReadDouble()),
            CoverageSum = reader.ReadDouble(),
        };
        for (int k = 0; k < rows.TopKHits.Length; k++) rows.TopKHits[k] = reader.ReadInt64();
        foreach (var column in new[] { rows.ThresholdTp, rows.ThresholdFp, rows.ArgMaxTp, rows.ArgMaxFp, rows.Support })
        {
            for (int j = 0; j < column.Length; j++) column[j] = reader.ReadInt64();
        }
        for (int t = 0; t < rows.LabelCount; t++)
        {
            for (int p = 0; p < rows.LabelCount; p++) rows.Confusion[t, p] = reader.ReadInt64();
        }
        return rows;
    }

    /// <summary>
    /// These statistics over a wider label set: column j moves to <paramref name="columnOf"/>[j], and every new label
    /// scores 0 and is never true for these rows (as the one-pass join gives an item a label its predictions lack).
    /// Exact for the counts; the ranking-precision and coverage sums are kept, which is exact unless a true label of a
    /// row scored exactly 0 (a tie with the new label), see docs/partial-evaluations.md.
    /// </summary>
    public RowStatistics Widened(int[] columnOf, int labelCount, double threshold, bool isMultiLabel)
    {
        int added = labelCount - LabelCount;
        var wide = new RowStatistics(labelCount, TopKHits.Length)
        {
            Items = Items,
            HammingMismatches = HammingMismatches,
            SubsetMatches = SubsetMatches,
            _logLoss = _logLoss,
            _rankingPrecision = _rankingPrecision,
            CoverageSum = CoverageSum,
        };
        Array.Copy(TopKHits, wide.TopKHits, TopKHits.Length);
        for (int j = 0; j < LabelCount; j++)
        {
            var to = columnOf[j];
            wide.ThresholdTp[to] = ThresholdTp[j];
            wide.ThresholdFp[to] = ThresholdFp[j];
            wide.ArgMaxTp[to] = ArgMaxTp[j];
            wide.ArgMaxFp[to] = ArgMaxFp[j];
            wide.Support[to] = Support[j];
            for (int c = 0; c < LabelCount; c++) wide.Confusion[to, columnOf[c]] = Confusion[j, c];
        }
        if (added == 0) return wide;
        // A 0 score is predicted only at threshold 0: then every row gains a wrong decision per new label.
        if (threshold <= 0)
        {
            var taken = new HashSet<int>(columnOf);
            for (int j = 0; j < labelCount; j++)
            {
                if (!taken.Contains(j)) wide.ThresholdFp[j] = Items;
            }
            wide.HammingMismatches += Items * added;
            wide.SubsetMatches = 0;
        }
        if (isMultiLabel)
        {
            // Each row's log loss is the mean over its labels: rescale to the wider count and add −ln(1 − ε) per new label.
            wide._logLoss = FixedPointSum.Of(((LogLossSum * LabelCount) + (Items * added * -Math.Log(1 - LogLossEpsilon))) / labelCount);
        }
        return wide;
    }

    /// <summary>A hit at every k above <paramref name="rank"/> (the number of labels ranked above the true one).</summary>
    private void AddTopK(int rank)
    {
        for (int k = rank; k < TopKHits.Length; k++) TopKHits[k]++;
    }

    /// <summary>
    /// scikit-learn's binary rule (top_k_accuracy_score with two classes): the positive class is predicted when its
    /// score > 0.5, whatever the other score; any k ≥ 2 is a hit. The true label's rank: 0 when the prediction is right, else 1.
    /// </summary>
    private static int BinaryTopKRank(ReadOnlySpan<double> scores, int trueLabel, int binaryPositive) =>
        (scores[binaryPositive] > 0.5) == (trueLabel == binaryPositive) ? 0 : 1;

    /// <summary>
    /// For single-label data with two labels, the one scikit-learn treats as the positive class: the greater
    /// name in ordinal order (its classes are sorted); −1 otherwise.
    /// </summary>
    internal static int BinaryPositiveLabel(ClassificationData data) =>
        data.IsMultiLabel || data.LabelCount != 2 ? -1 : string.CompareOrdinal(data.Labels[0], data.Labels[1]) > 0 ? 0 : 1;

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
