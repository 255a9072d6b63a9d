using System.Runtime.CompilerServices;
namespace AutoMLEval.Engine.Detection;

/// <summary>
/// pycocotools <c>evaluateImg</c> for one image and category: IoU of the (score-sorted, cut) detections against
/// the ground truth, computed once, then greedy matching for every area range and IoU threshold. Holds reusable
/// buffers, so one instance serves one thread.
/// </summary>
internal sealed class ImageMatcher
{
    private readonly CocoParams _params;
    private readonly double[] _thresholds;
    private double[] _iou = new double[256];
    private double[] _bestIou = new double[16];
    private int[] _order = new int[16];
    private bool[] _ignored = new bool[16];
    private bool[] _taken = new bool[16];

    public ImageMatcher(CocoParams p, double[] thresholds)
    {
        _params = p;
        _thresholds = thresholds;
    }

    /// <summary>
    /// Matches detections <paramref name="detection"/>[dStart..dStart+dCount) (by descending score) against ground
    /// truth <paramref name="gtItems"/>[gStart..gStart+gCount) (file order) and writes their states; adds the
    /// non-ignored ground truth of each area range to <paramref name="positives"/>. When <paramref name="matched"/> is given,
    /// it receives, per detection position, the ground-truth object it matched at the first area range and IoU threshold (-1: none).
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    public void Match(CocoObjects gt, CocoObjects dt, int[] gtItems, int gStart, int gCount, int[] detection, double[] area, int dStart, int dCount,
        CategoryMatches.MaskCache? masks, MatchState[] state, int[] positives, int[]? matched)
    {
        int A = _params.AreaRanges.Count, T = _thresholds.Length, G = gCount, D = dCount;
        if (G > _order.Length)
        {
            _order = new int[G * 2];
            _ignored = new bool[G * 2];
            _taken = new bool[G * 2];
        }
        if (D > 0 && G > 0) ComputeIou(gt, dt, gtItems, gStart, G, detection, dStart, D, masks);
        for (int a = 0; a < A; a++)
        {
            var range = _params.AreaRanges[a];

            // Non-ignored ground truth first, file order kept within each group (np.argsort kind='mergesort').
            int next = 0;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int g = 0; g < G; g++)
                {
                    int item = gtItems[gStart + g];
                    bool ignored = gt.Crowd[item] || range.Excludes(gt.Area[item]);
                    if (ignored != (pass == 1)) continue;
                    _order[next] = g;
                    _ignored[next] = ignored;
                    next++;
                }
                if (pass == 0) positives[a] += next;
            }
            for (int t = 0; t < T; t++)
            {
                Array.Clear(_taken, 0, G);
                for (int d = 0; d < D; d++)
                {
                    int position = dStart + d;
                    // A detection whose best IoU with any ground truth is below the threshold matches none: most of them, at
                    // the higher thresholds, are not searched.
                    int match = G == 0 || _bestIou[d] < _thresholds[t] ? -1 : Best(gt, gtItems, gStart, G, d, _thresholds[t]);
                    MatchState result;
                    if (matched is not null && a == 0 && t == 0) matched[position] = match < 0 ? -1 : gtItems[gStart + _order[match]];
                    if (match < 0)
                    {
                        result = range.Excludes(area[position]) ? MatchState.Ignored : MatchState.FalsePositive;
                    }
                    else
                    {
                        _taken[match] = true;
                        result = _ignored[match] ? MatchState.Ignored : MatchState.TruePositive;
                    }
                    state[(position * A + a) * T + t] = result;
                }
            }
        }
    }

    // The IoU matrix [detection, ground truth in file order], computed once for every area range and threshold, and
    // each detection's highest IoU.
    [MethodImpl(JitHints.Optimized)]
    private void ComputeIou(CocoObjects gt, CocoObjects dt, int[] gtItems, int gStart, int G, int[] detection, int dStart, int D, CategoryMatches.MaskCache? masks)
    {
        if (_iou.Length < D * G) _iou = new double[D * G * 2];
        if (_bestIou.Length < D) _bestIou = new double[D * 2];
        for (int d = 0; d < D; d++)
        {
            int di = detection[dStart + d];
            double best = double.NegativeInfinity;
            for (int g = 0; g < G; g++)
            {
                int gi = gtItems[gStart + g];
                double iou = DetectionIou.Between(dt, di, gt, gi, gt.Crowd[gi], masks);
                _iou[d * G + g] = iou;
                if (iou > best) best = iou;
            }
            _bestIou[d] = best;
        }
    }

    // The inner loop of evaluateImg, over ground truth in sorted order (returns a sorted position, or -1):
    // skip taken non-crowd ground truth, stop at the ignored ones once a regular match exists, keep the highest IoU
    // (a later equal IoU wins).
    [MethodImpl(JitHints.Optimized)]
    private int Best(CocoObjects gt, int[] gtItems, int gStart, int G, int d, double threshold)
    {
        double best = threshold;
        int match = -1;
        int row = d * G;
        for (int s = 0; s < G; s++)
        {
            if (_taken[s] && !gt.Crowd[gtItems[gStart + _order[s]]]) continue;
            if (match > -1 && !_ignored[match] && _ignored[s]) break;
            double iou = _iou[row + _order[s]];
            if (iou < best) continue;
            best = iou;
            match = s;
        }
        return match;
    }
}
