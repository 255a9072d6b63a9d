namespace AutoMLEval.Engine.Detection;

/// <summary>
/// The kinds of detection error of TIDE (Bolya et al., "TIDE: A General Toolbox for Identifying Object Detection
/// Errors", ECCV 2020; reference code tidecv 1.0.1, <c>tidecv/quantify.py</c>), with foreground IoU t_f and
/// background IoU t_b. A false detection takes the first kind whose test it passes, in TIDE's order:
/// localisation, wrong label, duplicate, background, and otherwise wrong label and localisation ("Both").
/// </summary>
public enum DetectionErrorKind
{
    /// <summary>TIDE's Dupe: IoU ≥ t_f to a ground truth of its label that a higher-scoring detection already took.</summary>
    Duplicate,

    /// <summary>TIDE's Cls: IoU ≥ t_f to a ground truth of another label.</summary>
    WrongLabel,

    /// <summary>TIDE's Loc: t_b ≤ IoU ≤ t_f to a ground truth of its label (its best one, taken or not).</summary>
    Localisation,

    /// <summary>TIDE's Both: none of the other kinds (in practice t_b &lt; IoU &lt; t_f to a ground truth of another label only).</summary>
    WrongLabelAndLocalisation,

    /// <summary>TIDE's Bkg: IoU ≤ t_b to every ground truth of any label.</summary>
    Background,

    /// <summary>TIDE's Miss: a ground truth that no detection matched and that no localisation or wrong-label error points at.</summary>
    Missed,
}

/// <summary>One false or missed detection.</summary>
/// <param name="Kind">The TIDE error kind.</param>
/// <param name="ImageId">The COCO image id.</param>
/// <param name="FileName">The image's file name, or an empty string.</param>
/// <param name="CategoryId">The detection's category (for a missed detection, the ground truth's).</param>
/// <param name="Label">The name of that category.</param>
/// <param name="Box">The detection's (or missed ground truth's) box [x, y, w, h].</param>
/// <param name="Score">The detection's score; NaN for a missed detection.</param>
/// <param name="BestIou">
/// The IoU behind the kind: with the ground truth named by <paramref name="GroundTruthId"/> (for background errors,
/// the highest IoU with any ground truth); for a missed detection, the highest IoU any kept detection of its label
/// had with it.
/// </param>
/// <param name="GroundTruthId">The ground truth the error points at (id from the file); null for background errors.</param>
/// <param name="OtherCategoryId">When that ground truth has another label: its category, otherwise null.</param>
public sealed record DetectionError(DetectionErrorKind Kind, long ImageId, string FileName, long CategoryId, string Label,
    IReadOnlyList<double> Box, double Score, double BestIou, long? GroundTruthId, long? OtherCategoryId);

/// <summary>
/// The errors of one analysis (false detections by descending score, then missed detections by image and category)
/// with TIDE's AP at t_f and the AP each kind costs: TIDE's dAP, the AP gained by fixing every error of that kind
/// and no other. APs here are fractions (TIDE prints them × 100).
/// </summary>
public sealed class DetectionErrors : IReadOnlyList<DetectionError>
{
    private readonly DetectionError[] _errors;
    private readonly IReadOnlyDictionary<DetectionErrorKind, double> _deltaAp;

    internal DetectionErrors(DetectionError[] errors, double iouThreshold, double backgroundThreshold, double ap, IReadOnlyDictionary<DetectionErrorKind, double> deltaAp)
    {
        _errors = errors;
        IouThreshold = iouThreshold;
        BackgroundThreshold = backgroundThreshold;
        Ap = ap;
        _deltaAp = deltaAp;
    }

    /// <summary>t_f, the IoU a match needs.</summary>
    public double IouThreshold { get; }

    /// <summary>t_b, the IoU at or below which a detection is background.</summary>
    public double BackgroundThreshold { get; }

    /// <summary>
    /// TIDE's mAP at t_f: 101-point interpolated AP per category over the top 100 detections per image across
    /// categories, crowd regions ignored, a category with detections but no ground truth counting 0.
    /// </summary>
    public double Ap { get; }

    /// <inheritdoc />
    public int Count => _errors.Length;

    /// <inheritdoc />
    public DetectionError this[int index] => _errors[index];

    /// <summary>TIDE's dAP of <paramref name="kind"/>: max(AP with every error of that kind fixed − <see cref="Ap"/>, 0).</summary>
    public double DeltaAp(DetectionErrorKind kind) => _deltaAp[kind];

    /// <summary>Number of errors of <paramref name="kind"/>.</summary>
    public int CountOf(DetectionErrorKind kind) => _errors.Count(e => e.Kind == kind);

    /// <inheritdoc />
    public IEnumerator<DetectionError> GetEnumerator() => ((IEnumerable<DetectionError>)_errors).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _errors.GetEnumerator();
}

/// <summary>
/// TIDE's error analysis of a COCO evaluation's inputs, following tidecv 1.0.1 (<c>TIDEExample</c>, <c>TIDERun</c>,
/// <c>errors/main_errors.py</c>) step by step:
/// per image, the detections of every category sorted by descending score (stable) and cut to the last maxDets
/// (100); each matched in that order to the unmatched non-crowd ground truth of its category with the highest IoU
/// (the first on ties) when that IoU ≥ t_f; an unmatched detection with crowd IoU &gt; t_f to a crowd region of its
/// category is ignored by the AP but still classified. Every detection left unmatched is classified by the first test
/// it passes: localisation (t_b ≤ best IoU with its category's ground truth ≤ t_f), wrong label (IoU ≥ t_f to another
/// category's), duplicate (IoU ≥ t_f to a matched ground truth of its category), background (IoU ≤ t_b to all), else
/// both. An unmatched ground truth is missed only when no localisation or wrong-label error points at it while it is
/// unmatched. In an image without non-crowd ground truth every unmatched detection is background.
/// </summary>
public static class DetectionErrorAnalysis
{
    private static readonly DetectionErrorKind[] Kinds = (DetectionErrorKind[])Enum.GetValues(typeof(DetectionErrorKind));

    /// <summary>The errors, TIDE's AP and the dAP of each kind.</summary>
    /// <param name="evaluation">The evaluation whose inputs are analysed (its last maxDets is the per-image cut).</param>
    /// <param name="iouThreshold">t_f, the IoU a match needs (TIDE: 0.5).</param>
    /// <param name="backgroundThreshold">t_b, at or below which a detection is background (TIDE: 0.1).</param>
    /// <param name="progress">The analysis of the images, as it goes.</param>
    /// <param name="cancellationToken">Stops the analysis between images (<see cref="OperationCanceledException"/>).</param>
    public static DetectionErrors Analyze(
        DetectionEvaluation evaluation, double iouThreshold = 0.5, double backgroundThreshold = 0.1, IProgress<Diagnostics.WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!(backgroundThreshold >= 0 && backgroundThreshold <= iouThreshold && iouThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(backgroundThreshold), "Needs 0 ≤ background threshold ≤ IoU threshold ≤ 1.");
        }
        var groundTruth = evaluation.GroundTruth;
        var detections = evaluation.Detections;
        var p = evaluation.Params;
        var gt = groundTruth.Annotations;
        var dt = detections.Objects;
        int imageCount = groundTruth.Images.Count;
        var groundTruthOf = new List<int>?[imageCount];
        var crowdOf = new List<int>?[imageCount];
        var detectionsOf = new List<int>?[imageCount];
        for (int g = 0; g < gt.Count; g++) ((gt.Crowd[g] ? crowdOf : groundTruthOf)[gt.Image[g]] ??= new List<int>()).Add(g);
        for (int d = 0; d < dt.Count; d++) (detectionsOf[dt.Image[d]] ??= new List<int>()).Add(d);
        var scene = new Scene(groundTruth, detections, p, iouThreshold, backgroundThreshold, p.MaxDetections[p.MaxDetections.Count - 1]);
        var images = new ImageResult[imageCount];
        var analysed = new Diagnostics.ProgressCounter(progress, "Analysing errors per image", imageCount);
        Parallel.For(0, imageCount, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            images[i] = scene.Evaluate(groundTruthOf[i] ?? new List<int>(), crowdOf[i] ?? new List<int>(), detectionsOf[i] ?? new List<int>());
            analysed.Add();
        });

        // TIDE walks the images in the ground truth's order; AP ties keep that insertion order.
        var ap = new TideAp();
        var errors = new List<ImageError>();
        foreach (var image in images)
        {
            foreach (var (category, _) in image.GroundTruth) ap.AddGroundTruth(category);
            foreach (var point in image.Points) ap.Add(point);
            errors.AddRange(image.Errors);
        }
        double baseAp = ap.MeanAp();
        // Each kind's fixed AP is independent of the others': one per core.
        var fixedAp = new double[Kinds.Length];
        Parallel.For(0, Kinds.Length, new ParallelOptions { CancellationToken = cancellationToken }, k => fixedAp[k] = FixAll(ap, errors, Kinds[k]).MeanAp());
        var deltaAp = Enumerable.Range(0, Kinds.Length).ToDictionary(k => Kinds[k], k => Math.Max(fixedAp[k] - baseAp, 0) / 100);

        var report = errors.Select(e => e.Describe(groundTruth, detections)).ToArray();
        var ordered = report.Where(e => e.Kind != DetectionErrorKind.Missed)
            .OrderByDescending(e => e.Score).ThenBy(e => e.ImageId)
            .Concat(report.Where(e => e.Kind == DetectionErrorKind.Missed).OrderBy(e => e.ImageId).ThenBy(e => e.CategoryId))
            .ToArray();
        return new DetectionErrors(ordered, iouThreshold, backgroundThreshold, baseAp / 100, deltaAp);
    }

    /// <summary>
    /// TIDE's <c>fix_errors</c> for one kind: every error re-entered as it was, those of <paramref name="kind"/> fixed
    /// (a localisation or wrong-label error becomes a true positive of the ground truth's label, only for the
    /// highest-scoring such detection of a ground truth still unmatched; duplicates, background and both are removed;
    /// a miss removes its ground truth), then every true positive added back.
    /// </summary>
    private static TideAp FixAll(TideAp original, List<ImageError> errors, DetectionErrorKind kind)
    {
        var groundTruth = original.GroundTruthCounts();
        var fixedAp = new TideAp();
        foreach (var error in errors)
        {
            var point = error.Original;
            if (error.Kind == kind)
            {
                point = error.Fixed;
                if (kind == DetectionErrorKind.Missed) groundTruth[error.GroundTruthCategory]--;
            }
            if (point is { } p) fixedAp.Add(p);
        }
        foreach (var category in groundTruth.Keys)
        {
            foreach (var p in original.TruePositives(category)) fixedAp.Add(p);
        }
        foreach (var entry in groundTruth) fixedAp.AddGroundTruth(entry.Key, entry.Value);
        return fixedAp;
    }

    /// <summary>A data point of TIDE's AP: a kept, non-ignored detection (by its index) in a category.</summary>
    private readonly record struct ApPoint(int Category, int Detection, double Score, bool IsTrue);

    /// <summary>One image's share: its ground truth (category, index), AP points and errors in TIDE's order.</summary>
    private sealed record ImageResult(List<(int Category, int Index)> GroundTruth, List<ApPoint> Points, List<ImageError> Errors);

    /// <summary>Where a ground truth stands after the image's matching and error tests (TIDE's used/usable/best_id).</summary>
    private sealed class GroundTruthState
    {
        public bool Used;
        public bool Usable;
        public double BestScore = -1;
        public int BestDetection = -1;
    }

    /// <summary>One error as tidecv's <c>Error</c> objects hold it: what it was in the AP and what fixing it makes.</summary>
    private sealed class ImageError
    {
        public DetectionErrorKind Kind;
        public int Detection = -1;
        public int GroundTruth = -1;
        public int GroundTruthCategory = -1;
        public double BestIou;
        public double Score;
        public ApPoint? Original;
        public GroundTruthState? Match;
        public int FixedCategory;

        /// <summary>tidecv's <c>BestGTMatch.fix</c>: only the best-scoring detection of a still unmatched ground truth becomes a true positive.</summary>
        public ApPoint? Fixed =>
            Match is { } m && m.BestDetection == Detection ? new ApPoint(FixedCategory, Detection, Score, true) : null;

        public DetectionError Describe(CocoGroundTruth groundTruth, CocoDetections detections)
        {
            var gt = groundTruth.Annotations;
            if (Kind == DetectionErrorKind.Missed)
            {
                var image = groundTruth.Images[gt.Image[GroundTruth]];
                var category = groundTruth.Categories[gt.Category[GroundTruth]];
                return new DetectionError(Kind, image.Id, image.FileName, category.Id, category.Name, Box(gt.Boxes, GroundTruth), double.NaN, BestIou, gt.Id[GroundTruth], null);
            }
            var dt = detections.Objects;
            var detectionImage = groundTruth.Images[dt.Image[Detection]];
            var label = groundTruth.Categories[dt.Category[Detection]];
            long? other = GroundTruth >= 0 && gt.Category[GroundTruth] != dt.Category[Detection] ? groundTruth.Categories[gt.Category[GroundTruth]].Id : null;
            return new DetectionError(Kind, detectionImage.Id, detectionImage.FileName, label.Id, label.Name, Box(dt.Boxes, Detection), dt.Score[Detection], BestIou,
                GroundTruth < 0 ? null : gt.Id[GroundTruth], other);
        }
    }

    /// <summary>The per-image work of <c>TIDERun._eval_image</c>.</summary>
    private sealed class Scene
    {
        private readonly CocoGroundTruth _groundTruth;
        private readonly CocoDetections _detections;
        private readonly MatchTable.Context _context;
        private readonly double _foreground;
        private readonly double _background;
        private readonly int _maxDetections;

        public Scene(CocoGroundTruth groundTruth, CocoDetections detections, CocoParams p, double foreground, double background, int maxDetections)
        {
            _groundTruth = groundTruth;
            _detections = detections;
            _context = new MatchTable.Context(groundTruth, detections, p, new int[groundTruth.Images.Count]);
            _foreground = foreground;
            _background = background;
            _maxDetections = maxDetections;
        }

        public ImageResult Evaluate(List<int> truths, List<int> crowds, List<int> candidates)
        {
            var gt = _groundTruth.Annotations;
            var dt = _detections.Objects;
            var result = new ImageResult(truths.Select(g => (gt.Category[g], g)).ToList(), new List<ApPoint>(), new List<ImageError>());
            var states = truths.Select(_ => new GroundTruthState()).ToArray();
            // Stable sort by descending score (Python's list.sort), then TIDE's cut across categories.
            var kept = candidates.OrderByDescending(d => dt.Score[d]).Take(_maxDetections).ToArray();
            var masks = _context.Params.IouType == IouType.Segmentation ? new CategoryMatches.MaskCache(_context) : null;
            var iou = new double[kept.Length, truths.Count];
            for (int k = 0; k < kept.Length; k++)
            {
                for (int j = 0; j < truths.Count; j++) iou[k, j] = DetectionIou.Between(dt, kept[k], gt, truths[j], false, masks);
            }
            bool SameCategory(int k, int j) => dt.Category[kept[k]] == gt.Category[truths[j]];

            // Matching: the best unmatched ground truth of the detection's category (first on ties), if IoU ≥ t_f.
            var used = new bool[kept.Length];
            var ignored = new bool[kept.Length];
            for (int k = 0; k < kept.Length; k++)
            {
                var (j, best) = ArgMax(truths.Count, j => SameCategory(k, j) && !states[j].Used ? iou[k, j] : 0);
                if (j >= 0 && best >= _foreground)
                {
                    used[k] = true;
                    states[j].Used = true;
                }
            }
            foreach (var crowd in crowds)
            {
                for (int k = 0; k < kept.Length; k++)
                {
                    if (used[k] || dt.Category[kept[k]] != gt.Category[crowd]) continue;
                    if (DetectionIou.Between(dt, kept[k], gt, crowd, true, masks) > _foreground) ignored[k] = true;
                }
            }

            for (int k = 0; k < kept.Length; k++)
            {
                int d = kept[k];
                ApPoint? point = ignored[k] ? null : new ApPoint(dt.Category[d], d, dt.Score[d], used[k]);
                if (point is { } entered) result.Points.Add(entered);
                if (used[k]) continue;
                // An ignored detection has no AP point to re-enter, but fixing it can still add one (as in tidecv).
                var error = new ImageError { Detection = d, Score = dt.Score[d], Original = point };
                result.Errors.Add(error);
                if (truths.Count == 0)
                {
                    error.Kind = DetectionErrorKind.Background;
                    continue;
                }
                var (same, sameIou) = ArgMax(truths.Count, j => SameCategory(k, j) ? iou[k, j] : 0);
                if (_background <= sameIou && sameIou <= _foreground)
                {
                    Point(error, DetectionErrorKind.Localisation, same, sameIou, states, truths, dt.Category[d]);
                    continue;
                }
                var (other, otherIou) = ArgMax(truths.Count, j => SameCategory(k, j) ? 0 : iou[k, j]);
                if (otherIou >= _foreground)
                {
                    Point(error, DetectionErrorKind.WrongLabel, other, otherIou, states, truths, gt.Category[truths[other]]);
                    continue;
                }
                var (taken, takenIou) = ArgMax(truths.Count, j => SameCategory(k, j) && states[j].Used ? iou[k, j] : 0);
                if (takenIou >= _foreground)
                {
                    (error.Kind, error.GroundTruth, error.BestIou) = (DetectionErrorKind.Duplicate, truths[taken], takenIou);
                    continue;
                }
                var (any, anyIou) = ArgMax(truths.Count, j => iou[k, j]);
                (error.Kind, error.GroundTruth, error.BestIou) = anyIou <= _background
                    ? (DetectionErrorKind.Background, -1, anyIou)
                    : (DetectionErrorKind.WrongLabelAndLocalisation, truths[any], anyIou);
            }

            for (int j = 0; j < truths.Count; j++)
            {
                if (states[j].Used || states[j].Usable) continue;
                var best = ArgMax(kept.Length, k => SameCategory(k, j) ? iou[k, j] : 0).Value;
                result.Errors.Add(new ImageError { Kind = DetectionErrorKind.Missed, GroundTruth = truths[j], GroundTruthCategory = gt.Category[truths[j]], BestIou = best });
            }
            return result;
        }

        /// <summary>A localisation or wrong-label error, with tidecv's <c>BestGTMatch</c> bookkeeping on its ground truth.</summary>
        private static void Point(ImageError error, DetectionErrorKind kind, int j, double iou, GroundTruthState[] states, List<int> truths, int fixedCategory)
        {
            (error.Kind, error.GroundTruth, error.BestIou, error.FixedCategory) = (kind, truths[j], iou, fixedCategory);
            var state = states[j];
            if (state.Used) return;
            state.Usable = true;
            error.Match = state;
            if (state.BestScore < error.Score)
            {
                state.BestScore = error.Score;
                state.BestDetection = error.Detection;
            }
        }

        /// <summary>numpy's argmax: the first index of the largest value; (−1, 0) over nothing.</summary>
        private static (int Index, double Value) ArgMax(int count, Func<int, double> value)
        {
            int index = -1;
            double best = double.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                var v = value(i);
                if (v > best) (index, best) = (i, v);
            }
            return index < 0 ? (-1, 0) : (index, best);
        }
    }

    /// <summary>
    /// tidecv's <c>ClassedAPDataObject</c>: per category, data points in insertion order and a ground-truth count;
    /// AP per category is COCO-style 101-point interpolation (<c>APDataObject.get_ap</c>), × 100 as tidecv keeps it.
    /// </summary>
    private sealed class TideAp
    {
        private readonly Dictionary<int, (List<ApPoint> Points, int GroundTruth)> _categories = new();
        private readonly List<int> _order = new();

        public void Add(ApPoint point) => Category(point.Category).Points.Add(point);

        public void AddGroundTruth(int category, int count = 1)
        {
            var entry = Category(category);
            _categories[category] = (entry.Points, entry.GroundTruth + count);
        }

        public Dictionary<int, int> GroundTruthCounts() => _order.ToDictionary(c => c, c => _categories[c].GroundTruth);

        public IEnumerable<ApPoint> TruePositives(int category) =>
            _categories.TryGetValue(category, out var entry) ? entry.Points.Where(p => p.IsTrue) : Enumerable.Empty<ApPoint>();

        /// <summary>tidecv's <c>get_mAP</c>: the mean over categories with a data point or a ground truth.</summary>
        public double MeanAp()
        {
            var aps = _order.Select(c => _categories[c]).Where(e => e.Points.Count > 0 || e.GroundTruth != 0).Select(e => CategoryAp(e.Points, e.GroundTruth)).ToArray();
            // Summed left to right, as Python's sum.
            double sum = 0;
            foreach (var ap in aps) sum += ap;
            return aps.Length == 0 ? 0 : sum / aps.Length;
        }

        private (List<ApPoint> Points, int GroundTruth) Category(int category)
        {
            if (!_categories.TryGetValue(category, out var entry))
            {
                entry = (new List<ApPoint>(), 0);
                _categories[category] = entry;
                _order.Add(category);
            }
            return entry;
        }

        private static double CategoryAp(List<ApPoint> points, int groundTruth)
        {
            if (groundTruth == 0) return 0;
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

    private static double[] Box(double[] boxes, int index) =>
        new[] { boxes[index * 4], boxes[index * 4 + 1], boxes[index * 4 + 2], boxes[index * 4 + 3] };
}
