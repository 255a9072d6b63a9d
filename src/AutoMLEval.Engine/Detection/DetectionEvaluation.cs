using System.Runtime.CompilerServices;
using System.Collections.ObjectModel;
using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// The result of COCO evaluation (<see cref="DetectionEvaluator.Evaluate"/>): pycocotools' precision and recall
/// arrays, the 12 summary statistics, per-category metrics, Vertex AI's <c>boundingBoxMetrics</c> view and the
/// counts of what was evaluated and left out. Immutable.
/// <para>Array layout (row-major, as <c>COCOeval.eval</c>): precision <c>[T, R, K, A, M]</c> and recall
/// <c>[T, K, A, M]</c> with T = IoU thresholds, R = recall thresholds, K = categories in ascending id order,
/// A = area ranges, M = maxDets; -1 where undefined (no non-ignored ground truth).</para>
/// </summary>
public sealed class DetectionEvaluation
{
    private readonly MatchTable _table;
    private readonly double[] _precision;
    private readonly double[] _recall;
    private readonly int _allArea;
    private readonly Lazy<IReadOnlyList<DetectionLabelMetrics>> _labels;
    private readonly Lazy<IReadOnlyList<BoundingBoxMetrics>> _boundingBoxMetrics;
    private readonly Lazy<ThresholdCounts> _bestF1;
    private readonly Lazy<DetectionErrors> _errorAnalysis;
    private readonly Lazy<DetectionConfusionOutcomes> _confusionOutcomes;
    private readonly CocoGroundTruth? _groundTruth;
    private readonly CocoDetections? _detections;

    internal DetectionEvaluation(CocoGroundTruth groundTruth, CocoDetections detections, CocoParams parameters, MatchTable table, double[] precision, double[] recall)
        : this(parameters, table.CategoryOrder.Select(i => groundTruth.Categories[i]).ToArray(), table, precision, recall, CountsOf(groundTruth, detections, table.TruncatedDetections), null, null)
    {
        _groundTruth = groundTruth;
        _detections = detections;
    }

    /// <summary>
    /// An evaluation of what the inputs gave (a merge of partial evaluations, which has no inputs): the match table, its
    /// accumulated arrays, the counts, and the confusion matrix's and TIDE's states; without them, both are computed from
    /// the inputs when first read.
    /// </summary>
    internal DetectionEvaluation(
        CocoParams parameters, CocoCategory[] categories, MatchTable table, double[] precision, double[] recall, DetectionCounts counts, DetectionConfusionOutcomes? confusion, TideState? tide)
    {
        Params = parameters;
        _table = table;
        _precision = precision;
        _recall = recall;
        Categories = categories;
        _allArea = Math.Max(0, parameters.AreaRanges.ToList().FindIndex(r => string.Equals(r.Label, "all", StringComparison.Ordinal)));
        Precision = new ReadOnlyCollection<double>(precision);
        Recall = new ReadOnlyCollection<double>(recall);
        Stats = Summarize();
        Counts = counts;
        _labels = new Lazy<IReadOnlyList<DetectionLabelMetrics>>(BuildLabels);
        _boundingBoxMetrics = new Lazy<IReadOnlyList<BoundingBoxMetrics>>(BuildBoundingBoxMetrics);
        _bestF1 = new Lazy<ThresholdCounts>(() => BestF1(Enumerable.Range(0, _table.CategoryCount).ToArray(), IouIndex(0.5)));
        _errorAnalysis = new Lazy<DetectionErrors>(() => tide is null
            ? DetectionErrorAnalysis.Analyze(this)
            : new DetectionErrors(Array.Empty<DetectionError>, 0, DetectionErrorAnalysis.DefaultIouThreshold, DetectionErrorAnalysis.DefaultBackgroundThreshold, tide.Summarize()));
        _confusionOutcomes = new Lazy<DetectionConfusionOutcomes>(() => confusion ?? DetectionConfusion.Outcomes(this, DetectionConfusion.DefaultIou));
    }

    private static DetectionCounts CountsOf(CocoGroundTruth groundTruth, CocoDetections detections, int truncated) => new(
        groundTruth.Images.Count, groundTruth.Categories.Count, groundTruth.AnnotationCount, groundTruth.CrowdCount, groundTruth.SkippedAnnotations,
        detections.Count - truncated,
        detections.UnknownImageCount + detections.UnknownCategoryCount + detections.InvalidCount + truncated + detections.OtherSplitCount,
        detections.UnknownImageCount, detections.UnknownCategoryCount, detections.InvalidCount, truncated, detections.OtherSplitCount, groundTruth.InvalidRecords);

    /// <summary>Whether this is a merge of partial evaluations: its figures are those of the inputs, but it holds no inputs to match again.</summary>
    public bool IsMerged => _groundTruth is null;

    /// <summary>
    /// TIDE's error analysis at its defaults (foreground IoU 0.5, background IoU 0.1): the errors, their counts, TIDE's
    /// AP and the dAP of each kind (<see cref="DetectionErrorAnalysis"/>). Computed on first use.
    /// </summary>
    public DetectionErrors ErrorAnalysis => _errorAnalysis.Value;

    /// <summary>
    /// Vertex AI's confidence thresholds for <c>confidenceMetrics</c>: 0.05 to 0.95 in steps of 0.05, then 0.96 to 0.99.
    /// </summary>
    public static IReadOnlyList<double> VertexConfidenceThresholds { get; } =
        Enumerable.Range(1, 19).Select(i => i * 5 / 100.0).Concat(Enumerable.Range(96, 4).Select(i => i / 100.0)).ToArray();

    /// <summary>The parameters used.</summary>
    public CocoParams Params { get; }

    /// <summary>The categories in ascending id order (the K axis of the arrays).</summary>
    public IReadOnlyList<CocoCategory> Categories { get; }

    /// <summary>The precision array [T, R, K, A, M], flattened row-major; see <see cref="PrecisionAt"/>.</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>The recall array [T, K, A, M], flattened row-major; see <see cref="RecallAt"/>.</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>The 12 COCO statistics.</summary>
    public CocoStats Stats { get; }

    /// <summary>What went in and what was left out.</summary>
    public DetectionCounts Counts { get; }

    /// <summary>Per-category metrics, in ascending category-id order.</summary>
    public IReadOnlyList<DetectionLabelMetrics> Labels => _labels.Value;

    /// <summary>Vertex AI's <c>boundingBoxMeanAveragePrecision</c>: AP at IoU .50:.95 (equal to <see cref="CocoStats.Ap"/>).</summary>
    public double BoundingBoxMeanAveragePrecision => Stats.Ap;

    /// <summary>
    /// Vertex AI's <c>boundingBoxMetrics</c>: per IoU threshold, the mean AP over categories and the counts at
    /// <see cref="VertexConfidenceThresholds"/> (see <see cref="Sweep"/> for how they are counted).
    /// </summary>
    public IReadOnlyList<BoundingBoxMetrics> BoundingBoxMetrics => _boundingBoxMetrics.Value;

    /// <summary>
    /// EasyDL's operating point over all categories at IoU 0.5: the counts at the confidence threshold (a detection
    /// score) where F1 is highest; the highest such threshold on ties.
    /// </summary>
    public ThresholdCounts BestF1Counts => _bestF1.Value;

    /// <summary>precision[t, r, k, a, m].</summary>
    public double PrecisionAt(int t, int r, int k, int a, int m) =>
        _precision[(((t * Params.RecallThresholds.Count + r) * Categories.Count + k) * Params.AreaRanges.Count + a) * Params.MaxDetections.Count + m];

    /// <summary>recall[t, k, a, m].</summary>
    public double RecallAt(int t, int k, int a, int m) =>
        _recall[((t * Categories.Count + k) * Params.AreaRanges.Count + a) * Params.MaxDetections.Count + m];

    /// <summary>The index of <paramref name="iouThreshold"/> in <see cref="CocoParams.IouThresholds"/> (<see cref="CocoParams.IouIndex"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold was not evaluated.</exception>
    public int IouIndex(double iouThreshold) => Params.IouIndex(iouThreshold);

    /// <summary>
    /// Counts at confidence thresholds for the detections matched at <paramref name="iouThreshold"/> (area "all",
    /// last maxDets): a detection with score ≥ threshold is a TP when COCO matching paired it with a non-ignored
    /// ground truth, an FP otherwise (detections absorbed by crowd regions are left out); FN = non-ignored ground
    /// truth − TP. Over all categories, or one when <paramref name="categoryId"/> is given.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    public IReadOnlyList<ThresholdCounts> Sweep(double iouThreshold, IReadOnlyList<double>? thresholds = null, long? categoryId = null)
    {
        int t = IouIndex(iouThreshold);
        var grid = (thresholds ?? VertexConfidenceThresholds).ToArray();
        var ascending = grid.OrderBy(v => v).ToArray();
        var tpAbove = new long[ascending.Length + 1];
        var fpAbove = new long[ascending.Length + 1];
        long positives = 0;
        foreach (int k in SelectCategories(categoryId))
        {
            var c = _table.Categories[k];
            positives += c.Positives[_allArea];
            for (int i = 0; i < c.Count; i++)
            {
                var state = StateOf(c, i, t);
                if (state == MatchState.Ignored) continue;
                // Number of thresholds at or below the score: the detection counts for each of them.
                int passed = UpperBound(ascending, c.Score[i]);
                if (state == MatchState.TruePositive) tpAbove[passed]++;
                else fpAbove[passed]++;
            }
        }
        var rows = new Dictionary<double, ThresholdCounts>();
        long tp = 0, fp = 0;
        for (int j = ascending.Length - 1; j >= 0; j--)
        {
            tp += tpAbove[j + 1];
            fp += fpAbove[j + 1];
            rows[ascending[j]] = new ThresholdCounts(ascending[j], tp, fp, positives - tp, 0);
        }
        return grid.Select(v => rows[v]).ToArray();
    }

    private IEnumerable<int> SelectCategories(long? categoryId)
    {
        if (categoryId is null) return Enumerable.Range(0, Categories.Count);
        for (int k = 0; k < Categories.Count; k++)
        {
            if (Categories[k].Id == categoryId.Value) return new[] { k };
        }
        throw new ArgumentOutOfRangeException(nameof(categoryId), categoryId, "Not a category of the ground truth.");
    }

    internal MatchTable Table => _table;

    internal CocoGroundTruth GroundTruth => _groundTruth ?? throw MergedHasNoInputs();

    internal CocoDetections Detections => _detections ?? throw MergedHasNoInputs();

    /// <summary>The confusion matrix's outcomes at <see cref="DetectionConfusion.DefaultIou"/>, computed when first read (or merged).</summary>
    internal DetectionConfusionOutcomes ConfusionOutcomes => _confusionOutcomes.Value;

    private static InvalidOperationException MergedHasNoInputs() => new(
        "A merge of partial evaluations holds its figures, not the ground truth and detections: matching again (other IoU thresholds, error lists, images) needs an evaluation of the files.");

    internal MatchState StateOf(CategoryMatches c, int position, int t) => c.StateAt(_allArea, t, position, Params.IouThresholds.Count);

    // Optimised at once: called for every detection from Sweep, it ran in tier-0 code for a tenth of a second.
    [MethodImpl(JitHints.Optimized)]
    private static int UpperBound(double[] ascending, double value)
    {
        int lo = 0, hi = ascending.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (ascending[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    [MethodImpl(JitHints.Optimized)]
    private ThresholdCounts BestF1(int[] categories, int t)
    {
        int count = 0;
        foreach (int k in categories) count += _table.Categories[k].Count;
        var scores = new double[count];
        var truePositive = new bool[count];
        int kept = 0;
        long positives = 0;
        foreach (int k in categories)
        {
            var c = _table.Categories[k];
            positives += c.Positives[_allArea];
            for (int i = 0; i < c.Count; i++)
            {
                var state = StateOf(c, i, t);
                if (state == MatchState.Ignored) continue;
                scores[kept] = c.Score[i];
                truePositive[kept++] = state == MatchState.TruePositive;
            }
        }
        var order = new int[kept];
        for (int j = 0; j < kept; j++) order[j] = j;
        // A category's detections are held in accumulate order, from the highest score: the pool of several is a merge
        // of those runs.
        if (categories.Length > 1) ScoreOrder.SortDescending(order, 0, kept, scores);
        var best = new ThresholdCounts(double.NaN, 0, 0, positives, 0);
        long tp = 0, fp = 0;
        for (int j = 0; j < order.Length; j++)
        {
            if (truePositive[order[j]]) tp++;
            else fp++;
            double score = scores[order[j]];
            bool lastOfScore = j + 1 == order.Length || scores[order[j + 1]] != score;
            if (!lastOfScore) continue;
            var counts = new ThresholdCounts(score, tp, fp, positives - tp, 0);
            if (counts.F1 > best.F1) best = counts;
        }
        return best;
    }

    private CocoStats Summarize()
    {
        int m100 = MaxDetIndex(100);
        double Ap(int? t, int a) => Mean(PrecisionSlice(t, null, a, m100));
        double Ar(int a, int m) => Mean(RecallSlice(null, a, m));
        int? at50 = ExactIou(.5), at75 = ExactIou(.75);
        return new CocoStats(
            Ap(null, Area("all")), at50 is null ? -1 : Ap(at50, Area("all")), at75 is null ? -1 : Ap(at75, Area("all")),
            Ap(null, Area("small")), Ap(null, Area("medium")), Ap(null, Area("large")),
            Ar(Area("all"), MaxDetIndex(1)), Ar(Area("all"), MaxDetIndex(10)), Ar(Area("all"), m100),
            Ar(Area("small"), m100), Ar(Area("medium"), m100), Ar(Area("large"), m100));
    }

    /// <summary>
    /// Which of the <see cref="Detections"/> were evaluated (by index); null when every one was, maxDets having cut
    /// none, so that a caller asks nothing of each detection then.
    /// </summary>
    internal bool[]? EvaluatedDetections()
    {
        if (Counts.DetectionsBeyondMaxDets == 0) return null;
        var evaluated = new bool[Detections.Count];
        foreach (var category in _table.Categories)
        {
            foreach (int detection in category.Detection) evaluated[detection] = true;
        }
        return evaluated;
    }

    /// <summary>
    /// The detections left out beyond the last maxDets of their image and category (pycocotools cuts them too) said
    /// once, with their count and the first image (lowest id) and label where the cut fell; null when none were.
    /// </summary>
    internal DataIssue? BeyondMaxDetsIssue(string source)
    {
        int cut = Counts.DetectionsBeyondMaxDets;
        if (cut == 0) return null;
        int maxDet = Params.MaxDetections[Params.MaxDetections.Count - 1];
        var where = string.Empty;
        var first = (Rank: int.MaxValue, Category: -1);
        for (int k = 0; k < _table.CategoryCount; k++)
        {
            int rank = _table.Categories[k].FirstImageRankCut;
            if (rank >= 0 && rank < first.Rank) first = (rank, k);
        }
        if (_groundTruth is not null && first.Category >= 0)
        {
            var image = _groundTruth.Images[_table.ImageOrder[first.Rank]];
            var named = _groundTruth.ImagesByFileName ? $"'{image.FileName}'"
                : image.FileName.Length == 0 ? image.Id.ToString(CultureInfo.InvariantCulture) : FormattableString.Invariant($"{image.Id} ({image.FileName})");
            where = $", the first in image {named}, label '{Categories[first.Category].Name}'";
        }
        return new DataIssue("DetectionsBeyondMaxDets", IssueSeverity.Warning, source, 0, string.Empty,
            $"{Counted.Of(cut, "detection")} below the {maxDet.ToString(CultureInfo.InvariantCulture)} highest-scoring of {Counted.Verb(cut, "its", "their")} image and label {Counted.Verb(cut, "is", "are")} left out, as pycocotools' maxDets leaves them{where}; detections, in total and per label, count those evaluated.");
    }

    private DetectionLabelMetrics[] BuildLabels()
    {
        int m100 = MaxDetIndex(100);
        int? at50 = ExactIou(.5), at75 = ExactIou(.75);
        int t50 = IouIndexOrFirst(.5);
        var labels = new DetectionLabelMetrics[Categories.Count];
        for (int k = 0; k < labels.Length; k++)
        {
            var c = _table.Categories[k];
            double ap = Mean(PrecisionSlice(null, k, _allArea, m100));
            var perIou = Enumerable.Range(0, Params.IouThresholds.Count).Select(t => Mean(PrecisionSlice(t, k, _allArea, m100))).ToArray();
            bool defined = c.Positives[_allArea] > 0;
            var best = defined ? BestF1(new[] { k }, t50) : default;
            labels[k] = new DetectionLabelMetrics(
                Categories[k].Id, Categories[k].Name, ap,
                at50 is null ? -1 : perIou[at50.Value], at75 is null ? -1 : perIou[at75.Value],
                Mean(RecallSlice(k, _allArea, m100)), perIou, c.Positives[_allArea], c.Count,
                defined ? best.F1 : double.NaN, defined ? best.Threshold : double.NaN, defined ? best.Precision : double.NaN, defined ? best.Recall : double.NaN);
        }
        return labels;
    }

    private BoundingBoxMetrics[] BuildBoundingBoxMetrics()
    {
        int m100 = MaxDetIndex(100);
        return Enumerable.Range(0, Params.IouThresholds.Count)
            .Select(t => new BoundingBoxMetrics(Params.IouThresholds[t], Mean(PrecisionSlice(t, null, _allArea, m100)), Sweep(Params.IouThresholds[t])))
            .ToArray();
    }

    private int IouIndexOrFirst(double iou)
    {
        for (int t = 0; t < Params.IouThresholds.Count; t++)
        {
            if (Math.Abs(Params.IouThresholds[t] - iou) < 1e-9) return t;
        }
        return 0;
    }

    // pycocotools selects summary thresholds with exact equality (np.where(iouThr == p.iouThrs)).
    private int? ExactIou(double iou)
    {
        for (int t = 0; t < Params.IouThresholds.Count; t++)
        {
            if (Params.IouThresholds[t] == iou) return t;
        }
        return null;
    }

    private int Area(string label) => Params.AreaRanges.ToList().FindIndex(r => string.Equals(r.Label, label, StringComparison.Ordinal));

    private int MaxDetIndex(int maxDets) => Params.MaxDetections.ToList().IndexOf(maxDets);

    // The entries of precision[t?, :, k?, a, m] in row-major order (t, r, k); none when a or m is not in the parameters.
    private IEnumerable<double> PrecisionSlice(int? t, int? k, int a, int m)
    {
        if (a < 0 || m < 0) yield break;
        int T = Params.IouThresholds.Count, R = Params.RecallThresholds.Count, K = Categories.Count;
        for (int ti = t ?? 0; ti < (t.HasValue ? t.Value + 1 : T); ti++)
        {
            for (int r = 0; r < R; r++)
            {
                for (int ki = k ?? 0; ki < (k.HasValue ? k.Value + 1 : K); ki++) yield return PrecisionAt(ti, r, ki, a, m);
            }
        }
    }

    private IEnumerable<double> RecallSlice(int? k, int a, int m)
    {
        if (a < 0 || m < 0) yield break;
        for (int t = 0; t < Params.IouThresholds.Count; t++)
        {
            for (int ki = k ?? 0; ki < (k.HasValue ? k.Value + 1 : Categories.Count); ki++) yield return RecallAt(t, ki, a, m);
        }
    }

    /// <summary>
    /// <c>np.mean(s[s &gt; -1])</c>, or -1 when nothing is left; summed like numpy's <c>add.reduce</c> (the first value,
    /// plus the pairwise sum of the rest) so that results agree to the last bit as far as possible.
    /// </summary>
    internal static double Mean(IEnumerable<double> values)
    {
        var kept = values.Where(v => v > -1).ToArray();
        if (kept.Length == 0) return -1;
        return (kept[0] + PairwiseSum(kept, 1, kept.Length - 1)) / kept.Length;
    }

    // numpy's pairwise_sum for doubles: blocks of up to 128 summed with 8 accumulators, larger ranges halved.
    private static double PairwiseSum(double[] a, int start, int n)
    {
        if (n < 8)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += a[start + i];
            return sum;
        }
        if (n <= 128)
        {
            var r = new double[8];
            for (int j = 0; j < 8; j++) r[j] = a[start + j];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                for (int j = 0; j < 8; j++) r[j] += a[start + i + j];
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) sum += a[start + i];
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return PairwiseSum(a, start, half) + PairwiseSum(a, start + half, n - half);
    }
}

/// <summary>Vertex AI's <c>boundingBoxMetrics</c> entry for one IoU threshold.</summary>
/// <param name="IouThreshold">The IoU a detection needs to match a ground truth.</param>
/// <param name="MeanAveragePrecision">AP at this IoU over all categories (area all, maxDets 100).</param>
/// <param name="ConfidenceMetrics">Counts, precision, recall and F1 at each confidence threshold.</param>
public sealed record BoundingBoxMetrics(double IouThreshold, double MeanAveragePrecision, IReadOnlyList<ThresholdCounts> ConfidenceMetrics);
