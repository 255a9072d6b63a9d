using System.Runtime.CompilerServices;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// One detection TIDE keeps in its image (the top maxDets by score across categories), with what its AP and its fixes
/// need: its place in TIDE's order (the image's index in the ground truth, its position among the image's kept
/// detections), whether it is a data point of the AP (not absorbed by a crowd region) and a true positive, its error
/// kind when it is not one, and the category a fix of that error makes it a true positive of.
/// </summary>
internal readonly record struct TideDetection(int Image, int Position, double Score, int Category, bool IsPoint, bool IsTrue, DetectionErrorKind? Kind, int FixedCategory)
{
    /// <summary>The <see cref="FixedCategory"/> of an error whose fix adds no true positive.</summary>
    public const int NoFix = -1;
}

/// <summary>TIDE's AP at t_f, the dAP of each error kind and the number of errors of each.</summary>
internal sealed record TideSummary(double Ap, IReadOnlyDictionary<DetectionErrorKind, double> DeltaAp, IReadOnlyDictionary<DetectionErrorKind, int> Counts);

/// <summary>
/// All that TIDE's AP, dAP and error counts (<see cref="DetectionErrorAnalysis"/>) depend on: the kept detections of the
/// images analysed in TIDE's order, per category (rank order) the non-crowd ground truth of every image, of the
/// images analysed and the missed ones among those. An image without detections has all its ground truth missed, so the
/// images of a partial evaluation are those it predicts, and merging is concatenating (<see cref="Merge"/>).
/// Size: one <see cref="TideDetection"/> per kept detection (about 26 bytes in a part file) and 3 counts per category.
/// </summary>
internal sealed class TideState
{
    private static readonly DetectionErrorKind[] Kinds = (DetectionErrorKind[])Enum.GetValues(typeof(DetectionErrorKind));

    public TideState(TideDetection[] detections, int[] groundTruth, int[] analysedGroundTruth, int[] missed)
    {
        Detections = detections;
        GroundTruth = groundTruth;
        AnalysedGroundTruth = analysedGroundTruth;
        Missed = missed;
    }

    /// <summary>Ordered by image, then position.</summary>
    public TideDetection[] Detections { get; }

    /// <summary>Non-crowd ground truth per category, of every image (the same in every part).</summary>
    public int[] GroundTruth { get; }

    /// <summary>Non-crowd ground truth per category of the images analysed.</summary>
    public int[] AnalysedGroundTruth { get; }

    /// <summary>Missed ground truth per category of the images analysed.</summary>
    public int[] Missed { get; }

    /// <summary>Both states as one; an image analysed in both keeps both copies (a merge reports it).</summary>
    public static TideState Merge(TideState a, TideState b)
    {
        var detections = a.Detections.Concat(b.Detections).ToArray();
        // Whole records as the tie-break: copies of one image from two parts sort the same whichever part comes first.
        Array.Sort(detections, (x, y) =>
        {
            int c = x.Image.CompareTo(y.Image);
            if (c == 0) c = x.Position.CompareTo(y.Position);
            if (c == 0) c = x.Score.CompareTo(y.Score);
            if (c == 0) c = x.Category.CompareTo(y.Category);
            if (c == 0) c = (x.IsPoint, x.IsTrue, (int?)x.Kind ?? -1, x.FixedCategory).CompareTo((y.IsPoint, y.IsTrue, (int?)y.Kind ?? -1, y.FixedCategory));
            return c;
        });
        return new TideState(detections, a.GroundTruth, Add(a.AnalysedGroundTruth, b.AnalysedGroundTruth), Add(a.Missed, b.Missed));
    }

    private static int[] Add(int[] a, int[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    /// <summary>
    /// TIDE's AP, and per kind the AP with every error of that kind fixed (tidecv's <c>fix_errors</c>: each error
    /// re-entered as it was, those of the kind fixed, then every true positive added back), and the counts.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    public TideSummary Summarize(CancellationToken cancellationToken = default)
    {
        int K = GroundTruth.Length;
        var missed = new int[K];
        for (int k = 0; k < K; k++) missed[k] = Missed[k] + GroundTruth[k] - AnalysedGroundTruth[k];
        // With misses fixed, the missed ground truth is gone.
        var groundTruthNotMissed = new int[K];
        for (int k = 0; k < K; k++) groundTruthNotMissed[k] = GroundTruth[k] - missed[k];

        // One stable sort by descending score serves every AP. The AP as found inserts its points in TIDE's order
        // (image, then position): ties go by index. A fixed object inserts the errors' points first, then the true
        // positives: ties go errors first, each part by index.
        var score = new double[Detections.Length];
        for (int i = 0; i < score.Length; i++) score[i] = Detections[i].Score;
        var foundOrder = new int[score.Length];
        for (int i = 0; i < foundOrder.Length; i++) foundOrder[i] = i;
        ScoreOrder.SortDescending(foundOrder, 0, foundOrder.Length, score);
        var fixedOrder = new int[foundOrder.Length];
        int placed = 0;
        for (int runStart = 0, runEnd; runStart < foundOrder.Length; runStart = runEnd)
        {
            runEnd = runStart + 1;
            while (runEnd < foundOrder.Length && score[foundOrder[runEnd]] == score[foundOrder[runStart]]) runEnd++;
            for (int i = runStart; i < runEnd; i++)
            {
                if (!Detections[foundOrder[i]].IsTrue) fixedOrder[placed++] = foundOrder[i];
            }
            for (int i = runStart; i < runEnd; i++)
            {
                if (Detections[foundOrder[i]].IsTrue) fixedOrder[placed++] = foundOrder[i];
            }
        }

        // The AP as found and each kind's fixed AP are independent of each other: one per core (the last is the AP as found).
        var aps = new double[Kinds.Length + 1];
        Parallel.For(0, aps.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            aps[i] = i == Kinds.Length
                ? MeanAp(foundOrder, null, GroundTruth)
                : MeanAp(fixedOrder, Kinds[i], Kinds[i] == DetectionErrorKind.Missed ? groundTruthNotMissed : GroundTruth));
        double baseAp = aps[Kinds.Length];
        var deltaAp = new Dictionary<DetectionErrorKind, double>(Kinds.Length);
        for (int i = 0; i < Kinds.Length; i++) deltaAp[Kinds[i]] = Math.Max(aps[i] - baseAp, 0) / 100;

        var countOf = new int[Kinds.Length];
        foreach (var detection in Detections)
        {
            if (detection.Kind is { } kind) countOf[(int)kind]++;
        }
        countOf[(int)DetectionErrorKind.Missed] = missed.Sum();
        var counts = new Dictionary<DetectionErrorKind, int>(Kinds.Length);
        foreach (var kind in Kinds) counts[kind] = countOf[(int)kind];
        return new TideSummary(baseAp / 100, deltaAp, counts);
    }

    /// <summary>
    /// tidecv's <c>ClassedAPDataObject.get_mAP</c> (× 100, as tidecv keeps it) of the AP as found (<paramref name="fixedKind"/>
    /// null) or with every error of that kind fixed: the mean over categories with a data point or ground truth of
    /// COCO-style 101-point AP, a category without ground truth counting 0. The points are taken in
    /// <paramref name="order"/> (descending score, ties in the object's insertion order); the categories are summed in
    /// rank order.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    private double MeanAp(int[] order, DetectionErrorKind? fixedKind, int[] groundTruth)
    {
        int K = groundTruth.Length;
        var categoryAt = new int[order.Length];
        var trueAt = new bool[order.Length];
        var start = new int[K + 1];
        for (int i = 0; i < order.Length; i++)
        {
            int category = PointOf(Detections[order[i]], fixedKind, out trueAt[i]);
            categoryAt[i] = category;
            if (category >= 0) start[category + 1]++;
        }
        for (int k = 0; k < K; k++) start[k + 1] += start[k];
        // Per category, precision and recall after each of its points in descending score order.
        var precision = new double[start[K]];
        var recall = new double[precision.Length];
        var next = (int[])start.Clone();
        var truePositives = new int[K];
        for (int i = 0; i < order.Length; i++)
        {
            int k = categoryAt[i];
            if (k < 0) continue;
            int position = next[k]++;
            if (trueAt[i]) truePositives[k]++;
            precision[position] = (double)truePositives[k] / (position - start[k] + 1);
            recall[position] = (double)truePositives[k] / groundTruth[k];
        }

        double sum = 0;
        int counted = 0;
        for (int k = 0; k < K; k++)
        {
            if (start[k + 1] == start[k] && groundTruth[k] == 0) continue;
            // Summed left to right, as Python's sum.
            sum += groundTruth[k] == 0 ? 0 : CategoryAp(precision, recall, start[k], start[k + 1] - start[k]);
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /// <summary>
    /// The category of <paramref name="detection"/>'s data point as found (<paramref name="fixedKind"/> null) or with
    /// every error of that kind fixed (an error of the kind becomes a true positive of its fix's category, or no point
    /// when its fix adds none); −1 when it has none (a detection absorbed by a crowd region).
    /// </summary>
    // Inlined: it is called for every detection of each of the seven APs, and a call was 3% of a COCO run.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PointOf(in TideDetection detection, DetectionErrorKind? fixedKind, out bool isTrue)
    {
        if (fixedKind is { } kind && detection.Kind == kind)
        {
            isTrue = true;
            return detection.FixedCategory;
        }
        isTrue = detection.IsTrue;
        return detection.IsPoint ? detection.Category : -1;
    }

    // tidecv's APDataObject.get_ap over one category's points [start, start + count), × 100.
    [MethodImpl(JitHints.Optimized)]
    private static double CategoryAp(double[] precision, double[] recall, int start, int count)
    {
        for (int i = start + count - 1; i > start; i--)
        {
            if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
        }
        double sum = 0;
        int index = 0;
        for (int bar = 0; bar <= 100; bar++)
        {
            // numpy.searchsorted(recall, bar / 100, side="left"): recall never decreases and the bars rise, so the
            // search goes on from the previous bar's position (one pass, not one per bar).
            double x = bar / 100.0;
            while (index < count && recall[start + index] < x) index++;
            if (index < count) sum += precision[start + index];
        }
        return sum / 101 * 100;
    }
}
