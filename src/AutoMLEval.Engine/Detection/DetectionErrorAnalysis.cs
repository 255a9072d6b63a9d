using System.Runtime.CompilerServices;

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
    // Described and ordered on first use: an evaluation's summary needs only the counts and dAPs, and describing
    // every false detection (hundreds of thousands on a large set) costs more than the analysis itself.
    private readonly Lazy<DetectionError[]> _errors;
    private readonly int[] _countOf;
    private readonly IReadOnlyDictionary<DetectionErrorKind, double> _deltaAp;

    internal DetectionErrors(Func<DetectionError[]> describe, int[] countOf, double iouThreshold, double backgroundThreshold, double ap, IReadOnlyDictionary<DetectionErrorKind, double> deltaAp)
    {
        _errors = new Lazy<DetectionError[]>(describe);
        _countOf = countOf;
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
    public int Count => _countOf.Sum();

    /// <inheritdoc />
    public DetectionError this[int index] => _errors.Value[index];

    /// <summary>TIDE's dAP of <paramref name="kind"/>: max(AP with every error of that kind fixed − <see cref="Ap"/>, 0).</summary>
    public double DeltaAp(DetectionErrorKind kind) => _deltaAp[kind];

    /// <summary>Number of errors of <paramref name="kind"/>.</summary>
    public int CountOf(DetectionErrorKind kind) => _countOf[(int)kind];

    /// <inheritdoc />
    public IEnumerator<DetectionError> GetEnumerator() => ((IEnumerable<DetectionError>)_errors.Value).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _errors.Value.GetEnumerator();
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

        var ap = new TideAp(images, groundTruth.Categories.Count, dt.Count);
        var errors = ap.Errors;
        var countOf = new int[Kinds.Length];
        foreach (var error in errors) countOf[(int)error.Kind]++;
        // The AP as found and each kind's fixed AP are independent of each other: one per core (the last is the AP as found).
        var aps = new double[Kinds.Length + 1];
        Parallel.For(0, aps.Length, new ParallelOptions { CancellationToken = cancellationToken }, k =>
            aps[k] = ap.MeanAp(k == Kinds.Length ? null : Kinds[k]));
        double baseAp = aps[Kinds.Length];
        var deltaAp = Enumerable.Range(0, Kinds.Length).ToDictionary(k => Kinds[k], k => Math.Max(aps[k] - baseAp, 0) / 100);

        DetectionError[] Describe()
        {
            var report = errors.Select(e => e.Describe(groundTruth, detections)).ToArray();
            return report.Where(e => e.Kind != DetectionErrorKind.Missed)
                .OrderByDescending(e => e.Score).ThenBy(e => e.ImageId)
                .Concat(report.Where(e => e.Kind == DetectionErrorKind.Missed).OrderBy(e => e.ImageId).ThenBy(e => e.CategoryId))
                .ToArray();
        }
        return new DetectionErrors(Describe, countOf, iouThreshold, backgroundThreshold, baseAp / 100, deltaAp);
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

        [MethodImpl(JitHints.Optimized)]
        public ImageResult Evaluate(List<int> truths, List<int> crowds, List<int> candidates)
        {
            var gt = _groundTruth.Annotations;
            var dt = _detections.Objects;
            int truthCount = truths.Count;
            var truthCategory = new int[truthCount];
            var states = new GroundTruthState[truthCount];
            var result = new ImageResult(new List<(int Category, int Index)>(truthCount), new List<ApPoint>(), new List<ImageError>());
            for (int j = 0; j < truthCount; j++)
            {
                truthCategory[j] = gt.Category[truths[j]];
                states[j] = new GroundTruthState();
                result.GroundTruth.Add((truthCategory[j], truths[j]));
            }
            // Stable sort by descending score (Python's list.sort; the candidates come in ascending order, which
            // ScoreOrder keeps on ties), then TIDE's cut across categories.
            var kept = candidates.ToArray();
            ScoreOrder.SortDescending(kept, 0, kept.Length, dt.Score);
            if (kept.Length > _maxDetections) Array.Resize(ref kept, _maxDetections);
            var masks = _context.Params.IouType == IouType.Segmentation ? new CategoryMatches.MaskCache(_context) : null;
            // iou[k * truthCount + j]: kept detection k with ground truth j.
            var iou = new double[kept.Length * truthCount];
            for (int k = 0; k < kept.Length; k++)
            {
                for (int j = 0; j < truthCount; j++) iou[k * truthCount + j] = DetectionIou.Between(dt, kept[k], gt, truths[j], false, masks);
            }

            // Matching: the best unmatched ground truth of the detection's category (first on ties), if IoU ≥ t_f.
            var used = new bool[kept.Length];
            var ignored = new bool[kept.Length];
            for (int k = 0; k < kept.Length; k++)
            {
                var (j, best) = ArgMax(iou, k * truthCount, truthCategory, states, dt.Category[kept[k]], Among.FreeOfCategory);
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
                int category = dt.Category[d];
                int row = k * truthCount;
                ApPoint? point = ignored[k] ? null : new ApPoint(category, d, dt.Score[d], used[k]);
                if (point is { } entered) result.Points.Add(entered);
                if (used[k]) continue;
                // An ignored detection has no AP point to re-enter, but fixing it can still add one (as in tidecv).
                var error = new ImageError { Detection = d, Score = dt.Score[d], Original = point };
                result.Errors.Add(error);
                if (truthCount == 0)
                {
                    error.Kind = DetectionErrorKind.Background;
                    continue;
                }
                var (same, sameIou) = ArgMax(iou, row, truthCategory, states, category, Among.OfCategory);
                if (_background <= sameIou && sameIou <= _foreground)
                {
                    Point(error, DetectionErrorKind.Localisation, same, sameIou, states, truths, category);
                    continue;
                }
                var (other, otherIou) = ArgMax(iou, row, truthCategory, states, category, Among.OfOtherCategories);
                if (otherIou >= _foreground)
                {
                    Point(error, DetectionErrorKind.WrongLabel, other, otherIou, states, truths, truthCategory[other]);
                    continue;
                }
                var (taken, takenIou) = ArgMax(iou, row, truthCategory, states, category, Among.TakenOfCategory);
                if (takenIou >= _foreground)
                {
                    (error.Kind, error.GroundTruth, error.BestIou) = (DetectionErrorKind.Duplicate, truths[taken], takenIou);
                    continue;
                }
                var (any, anyIou) = ArgMax(iou, row, truthCategory, states, category, Among.All);
                (error.Kind, error.GroundTruth, error.BestIou) = anyIou <= _background
                    ? (DetectionErrorKind.Background, -1, anyIou)
                    : (DetectionErrorKind.WrongLabelAndLocalisation, truths[any], anyIou);
            }

            for (int j = 0; j < truthCount; j++)
            {
                if (states[j].Used || states[j].Usable) continue;
                // numpy's argmax value over the kept detections (IoU where the label agrees, else 0); 0 over none.
                double best = kept.Length == 0 ? 0 : double.NegativeInfinity;
                for (int k = 0; k < kept.Length; k++)
                {
                    double value = dt.Category[kept[k]] == truthCategory[j] ? iou[k * truthCount + j] : 0;
                    if (value > best) best = value;
                }
                result.Errors.Add(new ImageError { Kind = DetectionErrorKind.Missed, GroundTruth = truths[j], GroundTruthCategory = truthCategory[j], BestIou = best });
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

        /// <summary>Which ground truths of the image a detection's IoU is taken with; the others count as IoU 0.</summary>
        private enum Among
        {
            FreeOfCategory,
            OfCategory,
            OfOtherCategories,
            TakenOfCategory,
            All,
        }

        /// <summary>
        /// numpy's argmax over the image's ground truths of the detection's IoU row (0 for those not
        /// <paramref name="among"/>): the first index of the largest value; (−1, 0) over no ground truth.
        /// </summary>
        private static (int Index, double Value) ArgMax(double[] iou, int row, int[] truthCategory, GroundTruthState[] states, int category, Among among)
        {
            int index = -1;
            double best = double.NegativeInfinity;
            for (int j = 0; j < truthCategory.Length; j++)
            {
                bool same = truthCategory[j] == category;
                bool counted = among switch
                {
                    Among.FreeOfCategory => same && !states[j].Used,
                    Among.OfCategory => same,
                    Among.OfOtherCategories => !same,
                    Among.TakenOfCategory => same && states[j].Used,
                    _ => true,
                };
                double value = counted ? iou[row + j] : 0;
                if (value > best) (index, best) = (j, value);
            }
            return index < 0 ? (-1, 0) : (index, best);
        }
    }

    /// <summary>
    /// tidecv's <c>ClassedAPDataObject</c> as found and after <c>fix_errors</c> for each kind: per category, data points
    /// in insertion order and a ground-truth count; AP per category is COCO-style 101-point interpolation
    /// (<c>APDataObject.get_ap</c>) over the points sorted by descending score (stable), × 100 as tidecv keeps it.
    /// tidecv builds the fixed object from every error's point in order (fixed if of the kind, as it was otherwise), then
    /// the true positives, so one sort by score serves every kind: ties go by that insertion order, and for the AP as
    /// found by the images' order.
    /// </summary>
    private sealed class TideAp
    {
        private readonly int[] _groundTruth;
        private readonly List<int> _categoryOrder = new();
        // The data points of every kind: the errors with a point as found or fixed (in TIDE's order), then the true positives.
        private readonly List<ImageError?> _errorOf = new();
        private readonly List<ApPoint?> _asFound = new();
        private readonly int _errorPoints;
        // Positions in _asFound by descending score; ties by position (the fixed objects' insertion order) or, of the
        // points as found, by their insertion order as found.
        private readonly int[] _fixedOrder;
        private readonly int[] _foundOrder;

        /// <summary>Takes the images' results in the ground truth's order, the order in which TIDE walks them.</summary>
        public TideAp(ImageResult[] images, int categoryCount, int detectionCount)
        {
            _groundTruth = new int[categoryCount];
            var listed = new bool[categoryCount];
            var insertedAt = new int[detectionCount];
            var truePositives = new List<ApPoint>();
            int inserted = 0;
            foreach (var image in images)
            {
                foreach (var (category, _) in image.GroundTruth)
                {
                    _groundTruth[category]++;
                    List(category, listed, _categoryOrder);
                }
                foreach (var point in image.Points)
                {
                    List(point.Category, listed, _categoryOrder);
                    insertedAt[point.Detection] = inserted++;
                    if (point.IsTrue) truePositives.Add(point);
                }
                Errors.AddRange(image.Errors);
            }
            foreach (var error in Errors)
            {
                if (error.Kind == DetectionErrorKind.Missed) continue;
                _errorOf.Add(error);
                _asFound.Add(error.Original);
            }
            _errorPoints = _errorOf.Count;
            foreach (var point in truePositives)
            {
                _errorOf.Add(null);
                _asFound.Add(point);
            }

            var score = new double[_asFound.Count];
            for (int u = 0; u < score.Length; u++) score[u] = _errorOf[u]?.Score ?? _asFound[u]!.Value.Score;
            _fixedOrder = Enumerable.Range(0, score.Length).ToArray();
            ScoreOrder.SortDescending(_fixedOrder, 0, _fixedOrder.Length, score);
            _foundOrder = _fixedOrder.Where(u => _asFound[u] is not null).ToArray();
            var rank = _foundOrder.Select(u => insertedAt[_asFound[u]!.Value.Detection]).ToArray();
            for (int runStart = 0, runEnd; runStart < _foundOrder.Length; runStart = runEnd)
            {
                runEnd = runStart + 1;
                while (runEnd < _foundOrder.Length && score[_foundOrder[runEnd]] == score[_foundOrder[runStart]]) runEnd++;
                if (runEnd - runStart > 1) Array.Sort(rank, _foundOrder, runStart, runEnd - runStart);
            }
        }

        /// <summary>Every error, in TIDE's order (image by image).</summary>
        public List<ImageError> Errors { get; } = new();

        /// <summary>
        /// tidecv's <c>get_mAP</c>, as found or with every error of <paramref name="fixedKind"/> fixed: the mean over
        /// categories with a data point or a ground truth, in the order the object first saw them.
        /// </summary>
        [MethodImpl(JitHints.Optimized)]
        public double MeanAp(DetectionErrorKind? fixedKind)
        {
            int categoryCount = _groundTruth.Length;
            var groundTruth = (int[])_groundTruth.Clone();
            var listed = new bool[categoryCount];
            var categoryOrder = new List<int>(categoryCount);
            if (fixedKind is { } kind)
            {
                // The fixed object sees categories first in the errors' points, then in the original's order.
                for (int u = 0; u < _errorPoints; u++)
                {
                    if (PointOf(u, kind) is { } point) List(point.Category, listed, categoryOrder);
                }
                if (kind == DetectionErrorKind.Missed)
                {
                    foreach (var error in Errors)
                    {
                        if (error.Kind == DetectionErrorKind.Missed) groundTruth[error.GroundTruthCategory]--;
                    }
                }
            }
            foreach (int category in _categoryOrder) List(category, listed, categoryOrder);

            var order = fixedKind is null ? _foundOrder : _fixedOrder;
            var categoryAt = new int[order.Length];
            var trueAt = new bool[order.Length];
            var start = new int[categoryCount + 1];
            for (int i = 0; i < order.Length; i++)
            {
                var point = fixedKind is { } k ? PointOf(order[i], k) : _asFound[order[i]];
                categoryAt[i] = point?.Category ?? -1;
                trueAt[i] = point?.IsTrue ?? false;
                if (point is { } p) start[p.Category + 1]++;
            }
            for (int c = 0; c < categoryCount; c++) start[c + 1] += start[c];
            // Per category, precision and recall after each of its points in descending score order.
            var precision = new double[start[categoryCount]];
            var recall = new double[precision.Length];
            var next = (int[])start.Clone();
            var truePositives = new int[categoryCount];
            for (int i = 0; i < order.Length; i++)
            {
                int c = categoryAt[i];
                if (c < 0) continue;
                int position = next[c]++;
                int seen = position - start[c] + 1;
                if (trueAt[i]) truePositives[c]++;
                precision[position] = (double)truePositives[c] / seen;
                recall[position] = (double)truePositives[c] / groundTruth[c];
            }

            double sum = 0;
            int included = 0;
            foreach (int c in categoryOrder)
            {
                if (start[c + 1] == start[c] && groundTruth[c] == 0) continue;
                // Summed left to right, as Python's sum.
                sum += groundTruth[c] == 0 ? 0 : CategoryAp(precision, recall, start[c], start[c + 1] - start[c]);
                included++;
            }
            return included == 0 ? 0 : sum / included;
        }

        /// <summary>Data point <paramref name="u"/> in the object with <paramref name="kind"/> fixed, if it has one.</summary>
        private ApPoint? PointOf(int u, DetectionErrorKind kind) =>
            _errorOf[u] is { } error && error.Kind == kind ? error.Fixed : _asFound[u];

        private static void List(int category, bool[] listed, List<int> order)
        {
            if (listed[category]) return;
            listed[category] = true;
            order.Add(category);
        }

        // APDataObject.get_ap over one category's points [start, start + count), × 100.
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

    private static double[] Box(double[] boxes, int index) =>
        new[] { boxes[index * 4], boxes[index * 4 + 1], boxes[index * 4 + 2], boxes[index * 4 + 3] };
}
