using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// COCO evaluation (pycocotools <c>COCOeval</c> with <c>useCats=1</c>), in its three stages:
/// <list type="number">
/// <item><b>evaluate</b>: per image and category, detections sorted by descending score (stable) and cut to the
/// last maxDets, IoU computed once against every ground truth, then greedy matching per area range and IoU
/// threshold (each detection takes the free, non-ignored ground truth of highest IoU ≥ t, else an ignored one;
/// crowd regions absorb any number of detections; detections matched to ignored ground truth, and unmatched
/// detections outside the area range, are ignored).</item>
/// <item><b>accumulate</b>: per category, area range and maxDets, detections of all images sorted by descending
/// score (stable, images in ascending id order), cumulative TP/FP, precision made non-increasing from the end
/// and sampled at the recall thresholds.</item>
/// <item><b>summarize</b>: the 12 statistics (see <see cref="CocoStats"/>).</item>
/// </list>
/// Memory: one byte per (detection, area range, IoU threshold) plus the precision array; no per-pair objects.
/// Categories are evaluated in parallel.
/// </summary>
public static class DetectionEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="detections"/> against <paramref name="groundTruth"/>, reporting the categories matched
    /// and accumulated to <paramref name="progress"/>; throws <see cref="OperationCanceledException"/> once
    /// <paramref name="cancellationToken"/> is cancelled (between categories).
    /// </summary>
    public static DetectionEvaluation Evaluate(
        CocoGroundTruth groundTruth, CocoDetections detections, CocoParams? parameters = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var p = parameters ?? CocoParams.Default(IouType.BoundingBox);
        var table = MatchTable.Build(groundTruth, detections, p, progress: progress, cancellationToken: cancellationToken);
        var (precision, recall) = Accumulate(table, p, progress, cancellationToken);
        return new DetectionEvaluation(groundTruth, detections, p, table, precision, recall);
    }

    /// <summary>
    /// The accumulate stage: precision <c>[T, R, K, A, M]</c> and recall <c>[T, K, A, M]</c> (row-major),
    /// -1 for categories without non-ignored ground truth in the area range.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    internal static (double[] Precision, double[] Recall) Accumulate(MatchTable table, CocoParams p, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int T = p.IouThresholds.Count, R = p.RecallThresholds.Count, K = table.CategoryCount, A = p.AreaRanges.Count, M = p.MaxDetections.Count;
        var precision = new double[T * R * K * A * M];
        var recall = new double[T * K * A * M];
        for (int i = 0; i < precision.Length; i++) precision[i] = -1;
        for (int i = 0; i < recall.Length; i++) recall[i] = -1;
        var recallThresholds = p.RecallThresholds.ToArray();
        var accumulated = new ProgressCounter(progress, "Accumulating categories", K);
        Parallel.For(0, K, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            AccumulateCategory(table.Categories[k], k, K, p, recallThresholds, precision, recall);
            accumulated.Add();
        });
        return (precision, recall);
    }

    // One category's slices of precision [T, R, K, A, M] and recall [T, K, A, M].
    [MethodImpl(JitHints.Optimized)]
    private static void AccumulateCategory(CategoryMatches category, int k, int K, CocoParams p, double[] recallThresholds, double[] precision, double[] recall)
    {
        int T = p.IouThresholds.Count, R = recallThresholds.Length, A = p.AreaRanges.Count, M = p.MaxDetections.Count;
        int n = category.Count;
        // A detection counts under each max-detections limit above its rank in its image: one pass over the detections
        // serves every limit (the limits' passes read the same states, whose branches do not predict).
        var limits = new int[M];
        for (int m = 0; m < M; m++) limits[m] = p.MaxDetections[m] <= category.MaxRankInImage ? p.MaxDetections[m] : int.MaxValue;
        // Precision is only needed where a TP occurs: recall rises only there, so np.searchsorted lands on a TP
        // (or on rank 0 for a threshold of 0), and an FP's precision is below the TP's before it, so the
        // non-increasing envelope is the running maximum over TPs from the end.
        var tpPrecision = new double[M][];
        for (int m = 0; m < M; m++) tpPrecision[m] = new double[n];
        var tp = new int[M];
        var fp = new long[M];
        for (int a = 0; a < A; a++)
        {
            int positives = category.Positives[a];
            if (positives == 0) continue;
            for (int t = 0; t < T; t++)
            {
                int offset = (a * T + t) * n;
                Array.Clear(tp, 0, M);
                Array.Clear(fp, 0, M);
                for (int i = 0; i < n; i++)
                {
                    var state = category.State[offset + i];
                    if (state == MatchState.Ignored) continue;
                    int rank = category.RankInImage[i];
                    for (int m = 0; m < M; m++)
                    {
                        if (rank >= limits[m]) continue;
                        if (state == MatchState.FalsePositive)
                        {
                            fp[m]++;
                        }
                        else
                        {
                            double tpSum = ++tp[m], fpSum = fp[m];
                            tpPrecision[m][tp[m] - 1] = tpSum / (fpSum + tpSum + Epsilon);
                        }
                    }
                }
                for (int m = 0; m < M; m++) Summarize(tpPrecision[m], tp[m], positives, recallThresholds, precision, (((t * R) * K + k) * A + a) * M + m, K * A * M);
                for (int m = 0; m < M; m++) recall[((t * K + k) * A + a) * M + m] = (double)tp[m] / positives;
            }
        }
    }

    /// <summary>
    /// The precision at each recall threshold (at <paramref name="at"/>, then every <paramref name="stride"/>) of one
    /// limit's <paramref name="tp"/> true positives, from the precision at each: its non-increasing envelope, sampled
    /// where np.searchsorted(recall, recThrs, side='left') lands, the first TP whose recall tp/npig reaches the threshold.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    private static void Summarize(double[] tpPrecision, int tp, int positives, double[] recallThresholds, double[] precision, int at, int stride)
    {
        for (int j = tp - 1; j > 0; j--)
        {
            if (tpPrecision[j] > tpPrecision[j - 1]) tpPrecision[j - 1] = tpPrecision[j];
        }
        int index = 0;
        for (int r = 0; r < recallThresholds.Length; r++)
        {
            while (index < tp && (double)(index + 1) / positives < recallThresholds[r]) index++;
            precision[at + (r * stride)] = index < tp ? tpPrecision[index] : 0;
        }
    }

    // numpy's np.spacing(1): pycocotools adds it to TP + FP, so one TP gives 0.9999999999999998.
    private const double Epsilon = 2.220446049250313e-16;
}
