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
    private readonly int _listed;
    private readonly IReadOnlyDictionary<DetectionErrorKind, double> _deltaAp;
    private readonly IReadOnlyDictionary<DetectionErrorKind, int> _counts;

    internal DetectionErrors(Func<DetectionError[]> describe, int listed, double iouThreshold, double backgroundThreshold, TideSummary summary)
    {
        _errors = new Lazy<DetectionError[]>(describe);
        _listed = listed;
        IouThreshold = iouThreshold;
        BackgroundThreshold = backgroundThreshold;
        Ap = summary.Ap;
        _deltaAp = summary.DeltaAp;
        _counts = summary.Counts;
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

    /// <summary>The errors listed: all of them, or none for a merge of partial evaluations (which keeps their counts, not their boxes).</summary>
    public int Count => _listed;

    /// <inheritdoc />
    public DetectionError this[int index] => _errors.Value[index];

    /// <summary>TIDE's dAP of <paramref name="kind"/>: max(AP with every error of that kind fixed − <see cref="Ap"/>, 0).</summary>
    public double DeltaAp(DetectionErrorKind kind) => _deltaAp[kind];

    /// <summary>Number of errors of <paramref name="kind"/>.</summary>
    public int CountOf(DetectionErrorKind kind) => _counts[kind];

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
        var images = EvaluateImages(evaluation, iouThreshold, backgroundThreshold, predictedOnly: false, progress, cancellationToken);
        var state = StateOf(evaluation, images);
        int listed = 0;
        foreach (var image in images) listed += image.Errors.Count;

        DetectionError[] Describe()
        {
            var report = images.SelectMany(image => image.Errors).Select(e => e.Describe(evaluation.GroundTruth, evaluation.Detections)).ToArray();
            return report.Where(e => e.Kind != DetectionErrorKind.Missed)
                .OrderByDescending(e => e.Score).ThenBy(e => e.ImageId)
                .Concat(report.Where(e => e.Kind == DetectionErrorKind.Missed).OrderBy(e => e.ImageId).ThenBy(e => e.CategoryId))
                .ToArray();
        }
        return new DetectionErrors(Describe, listed, iouThreshold, backgroundThreshold, state.Summarize(cancellationToken));
    }

    /// <summary>TIDE's foreground IoU t_f, the default of every analysis.</summary>
    public const double DefaultIouThreshold = 0.5;

    /// <summary>TIDE's background IoU t_b, the default of every analysis.</summary>
    public const double DefaultBackgroundThreshold = 0.1;

    /// <summary>
    /// TIDE's state at its defaults of the images that have detections: what a partial evaluation carries, and what
    /// <see cref="TideState.Summarize"/> turns into <see cref="DetectionEvaluation.ErrorAnalysis"/>'s AP, dAP and counts.
    /// </summary>
    internal static TideState StateOf(DetectionEvaluation evaluation, CancellationToken cancellationToken = default)
    {
        return StateOf(evaluation, EvaluateImages(evaluation, DefaultIouThreshold, DefaultBackgroundThreshold, predictedOnly: true, null, cancellationToken));
    }

    // The state of the images analysed: their kept detections in TIDE's order (image, then position), their ground truth
    // and misses; the ground truth of every image (the images not analysed have all theirs missed).
    [MethodImpl(JitHints.Optimized)]
    private static TideState StateOf(DetectionEvaluation evaluation, ImageResult[] images)
    {
        int K = evaluation.Table.CategoryCount;
        var ranks = CategoryRanks(evaluation);
        var gt = evaluation.GroundTruth.Annotations;
        var groundTruth = new int[K];
        for (int g = 0; g < gt.Count; g++)
        {
            if (!gt.Crowd[g]) groundTruth[ranks[gt.Category[g]]]++;
        }
        var analysedGroundTruth = new int[K];
        var missed = new int[K];
        foreach (var image in images)
        {
            foreach (var k in image.GroundTruth) analysedGroundTruth[k]++;
            foreach (var error in image.Errors)
            {
                if (error.Kind == DetectionErrorKind.Missed) missed[error.GroundTruthCategory]++;
            }
        }
        var detections = new TideDetection[images.Sum(image => image.Detections.Count)];
        int next = 0;
        foreach (var image in images)
        {
            image.Detections.CopyTo(detections, next);
            next += image.Detections.Count;
        }
        return new TideState(detections, groundTruth, analysedGroundTruth, missed);
    }

    /// <summary><c>TIDERun._eval_image</c> of every image in the ground truth's order, or of those with detections.</summary>
    [MethodImpl(JitHints.Optimized)]
    private static ImageResult[] EvaluateImages(
        DetectionEvaluation evaluation, double iouThreshold, double backgroundThreshold, bool predictedOnly, IProgress<Diagnostics.WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var groundTruth = evaluation.GroundTruth;
        var p = evaluation.Params;
        var gt = groundTruth.Annotations;
        var dt = evaluation.Detections.Objects;
        int imageCount = groundTruth.Images.Count;
        var groundTruthOf = new List<int>?[imageCount];
        var crowdOf = new List<int>?[imageCount];
        var detectionsOf = new List<int>?[imageCount];
        for (int g = 0; g < gt.Count; g++) ((gt.Crowd[g] ? crowdOf : groundTruthOf)[gt.Image[g]] ??= new List<int>()).Add(g);
        for (int d = 0; d < dt.Count; d++) (detectionsOf[dt.Image[d]] ??= new List<int>()).Add(d);
        var indices = Enumerable.Range(0, imageCount).Where(i => !predictedOnly || detectionsOf[i] is not null).ToArray();
        var ranks = CategoryRanks(evaluation);
        var scene = new Scene(groundTruth, evaluation.Detections, p, iouThreshold, backgroundThreshold, p.MaxDetections[p.MaxDetections.Count - 1], ranks);
        var images = new ImageResult[indices.Length];
        var analysed = new Diagnostics.ProgressCounter(progress, "Analysing errors per image", indices.Length);
        Parallel.For(0, indices.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            int image = indices[i];
            images[i] = scene.Evaluate(image, groundTruthOf[image] ?? new List<int>(), crowdOf[image] ?? new List<int>(), detectionsOf[image] ?? new List<int>());
            analysed.Add();
        });
        return images;
    }

    // The rank (ascending id) of each ground-truth category index: TIDE's state names categories by rank.
    private static int[] CategoryRanks(DetectionEvaluation evaluation)
    {
        var order = evaluation.Table.CategoryOrder;
        var rank = new int[order.Length];
        for (int k = 0; k < order.Length; k++) rank[order[k]] = k;
        return rank;
    }

    /// <summary>One image's share: its non-crowd ground truth (category rank), its kept detections and its errors, in TIDE's order.</summary>
    private sealed record ImageResult(List<int> GroundTruth, List<TideDetection> Detections, List<ImageError> Errors);

    /// <summary>Where a ground truth stands after the image's matching and error tests (TIDE's used/usable/best_id).</summary>
    private sealed class GroundTruthState
    {
        public bool Used;
        public bool Usable;
        public double BestScore = -1;
        public int BestDetection = -1;
    }

    /// <summary>One error as tidecv's <c>Error</c> objects hold it: what it was and the ground truth fixing it would match.</summary>
    private sealed class ImageError
    {
        public DetectionErrorKind Kind;
        public int Detection = -1;
        public int GroundTruth = -1;
        public int GroundTruthCategory = -1;
        public double BestIou;
        public double Score;
        public GroundTruthState? Match;
        public int FixedCategory;

        /// <summary>tidecv's <c>BestGTMatch.fix</c>: only the best-scoring detection of a still unmatched ground truth becomes a true positive.</summary>
        public bool FixMatches => Match is { } m && m.BestDetection == Detection;

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
        private readonly int[] _categoryRank;

        public Scene(CocoGroundTruth groundTruth, CocoDetections detections, CocoParams p, double foreground, double background, int maxDetections, int[] categoryRank)
        {
            _categoryRank = categoryRank;
            _groundTruth = groundTruth;
            _detections = detections;
            _context = new MatchTable.Context(groundTruth, detections, p, new int[groundTruth.Images.Count]);
            _foreground = foreground;
            _background = background;
            _maxDetections = maxDetections;
        }

        [MethodImpl(JitHints.Optimized)]
        public ImageResult Evaluate(int image, List<int> truths, List<int> crowds, List<int> candidates)
        {
            var gt = _groundTruth.Annotations;
            var dt = _detections.Objects;
            int truthCount = truths.Count;
            var truthCategory = new int[truthCount];
            var states = new GroundTruthState[truthCount];
            var result = new ImageResult(new List<int>(truthCount), new List<TideDetection>(), new List<ImageError>());
            for (int j = 0; j < truthCount; j++)
            {
                truthCategory[j] = gt.Category[truths[j]];
                states[j] = new GroundTruthState();
                result.GroundTruth.Add(_categoryRank[truthCategory[j]]);
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

            var errorOf = new ImageError?[kept.Length];
            for (int k = 0; k < kept.Length; k++)
            {
                int d = kept[k];
                if (used[k]) continue;
                int category = dt.Category[d];
                int row = k * truthCount;
                // An ignored detection has no AP point to re-enter, but fixing it can still add one (as in tidecv).
                var error = new ImageError { Detection = d, Score = dt.Score[d] };
                errorOf[k] = error;
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
                result.Errors.Add(new ImageError { Kind = DetectionErrorKind.Missed, GroundTruth = truths[j], GroundTruthCategory = _categoryRank[truthCategory[j]], BestIou = best });
            }
            for (int k = 0; k < kept.Length; k++)
            {
                int d = kept[k];
                var error = errorOf[k];
                result.Detections.Add(new TideDetection(image, k, dt.Score[d], _categoryRank[dt.Category[d]], !ignored[k], used[k],
                    error?.Kind, error is { FixMatches: true } ? _categoryRank[error.FixedCategory] : TideDetection.NoFix));
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

    private static double[] Box(double[] boxes, int index) =>
        new[] { boxes[index * 4], boxes[index * 4 + 1], boxes[index * 4 + 2], boxes[index * 4 + 3] };
}
