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
    public TideSummary Summarize(CancellationToken cancellationToken = default)
    {
        int K = GroundTruth.Length;
        var missed = new int[K];
        for (int k = 0; k < K; k++) missed[k] = Missed[k] + GroundTruth[k] - AnalysedGroundTruth[k];
        var baseAp = MeanAp(Detections.Where(d => d.IsPoint).Select(d => (d.Category, d.Score, d.IsTrue)), GroundTruth);
        // Each kind's fixed AP is independent of the others': one per core.
        var fixedAp = new double[Kinds.Length];
        Parallel.For(0, Kinds.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => fixedAp[i] = FixedAp(Kinds[i], missed));
        var deltaAp = Enumerable.Range(0, Kinds.Length).ToDictionary(i => Kinds[i], i => Math.Max(fixedAp[i] - baseAp, 0) / 100);
        var counts = Kinds.ToDictionary(kind => kind, kind => kind == DetectionErrorKind.Missed ? missed.Sum() : Detections.Count(d => d.Kind == kind));
        return new TideSummary(baseAp / 100, deltaAp, counts);
    }

    private double FixedAp(DetectionErrorKind kind, int[] missed)
    {
        var errors = Detections.Where(d => !d.IsTrue).Select(d =>
            d.Kind == kind
                ? (d.FixedCategory == TideDetection.NoFix ? ((int, double, bool)?)null : (d.FixedCategory, d.Score, true))
                : d.IsPoint ? (d.Category, d.Score, false) : null);
        var points = errors.Where(p => p is not null).Select(p => p!.Value)
            .Concat(Detections.Where(d => d.IsTrue).Select(d => (d.Category, d.Score, d.IsTrue)));
        var groundTruth = kind == DetectionErrorKind.Missed ? GroundTruth.Select((n, k) => n - missed[k]).ToArray() : GroundTruth;
        return MeanAp(points, groundTruth);
    }

    /// <summary>
    /// tidecv's <c>ClassedAPDataObject.get_mAP</c> (× 100, as tidecv keeps it): the mean over categories with a data
    /// point or ground truth of COCO-style 101-point AP, a category without ground truth counting 0. The points of a
    /// category are ranked by descending score, ties in the order given (Python's stable sort); the categories are
    /// summed in rank order.
    /// </summary>
    private static double MeanAp(IEnumerable<(int Category, double Score, bool IsTrue)> points, int[] groundTruth)
    {
        var byCategory = new List<(double Score, bool IsTrue)>[groundTruth.Length];
        foreach (var (category, score, isTrue) in points) (byCategory[category] ??= new List<(double, bool)>()).Add((score, isTrue));
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < groundTruth.Length; k++)
        {
            var categoryPoints = byCategory[k];
            if (categoryPoints is null && groundTruth[k] == 0) continue;
            sum += groundTruth[k] == 0 ? 0 : CategoryAp(categoryPoints ?? new List<(double, bool)>(), groundTruth[k]);
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }

    // tidecv's APDataObject.get_ap.
    private static double CategoryAp(List<(double Score, bool IsTrue)> points, int groundTruth)
    {
        var sorted = points.OrderByDescending(p => p.Score).ToArray();
        var precision = new double[sorted.Length];
        var recall = new double[sorted.Length];
        int tp = 0, fp = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].IsTrue) tp++; else fp++;
            precision[i] = (double)tp / (tp + fp);
            recall[i] = (double)tp / groundTruth;
        }
        for (int i = precision.Length - 1; i > 0; i--)
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
            while (index < recall.Length && recall[index] < x) index++;
            if (index < recall.Length) sum += precision[index];
        }
        return sum / 101 * 100;
    }
}
