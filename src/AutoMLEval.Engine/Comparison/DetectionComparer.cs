using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Comparison;

/// <summary>
/// Two detectors evaluated on the same ground truth: AP, AP50 and AP75 of both (COCO's, area all, maxDets 100), the
/// delta (candidate − reference) with a paired image-level bootstrap interval, and each label's AP and AP50. Immutable.
/// </summary>
public sealed class DetectionComparison
{
    internal DetectionComparison(DetectionEvaluation reference, DetectionEvaluation candidate, IReadOnlyList<MetricDelta> metrics, IReadOnlyList<DetectionLabelDelta> perLabel, int bootstrapSamples)
    {
        Reference = reference;
        Candidate = candidate;
        Metrics = metrics;
        PerLabel = perLabel;
        BootstrapSamples = bootstrapSamples;
    }

    /// <summary>The reference model's evaluation.</summary>
    public DetectionEvaluation Reference { get; }

    /// <summary>The candidate model's evaluation.</summary>
    public DetectionEvaluation Candidate { get; }

    /// <summary>AP, AP50 and AP75, in that order, named as the evaluate JSON's <c>cocoStats</c> fields: <c>ap</c>, <c>ap50</c>, <c>ap75</c>.</summary>
    public IReadOnlyList<MetricDelta> Metrics { get; }

    /// <summary>One row per category, in ascending id order.</summary>
    public IReadOnlyList<DetectionLabelDelta> PerLabel { get; }

    /// <summary>The images compared (every image of the ground truth).</summary>
    public int Images => Reference.Counts.Images;

    /// <summary>Paired bootstrap resamples of images behind the intervals; 0 when none were drawn.</summary>
    public int BootstrapSamples { get; }
}

/// <summary>One category's AP of both detectors (NaN where the category has no ground truth).</summary>
/// <param name="Label">The category name.</param>
/// <param name="CategoryId">The COCO category id.</param>
/// <param name="GroundTruthObjects">Its ground-truth objects (crowd included).</param>
/// <param name="ReferenceAp">Reference AP (IoU .50:.95).</param>
/// <param name="CandidateAp">Candidate AP.</param>
/// <param name="ReferenceAp50">Reference AP at IoU .5.</param>
/// <param name="CandidateAp50">Candidate AP at IoU .5.</param>
public sealed record DetectionLabelDelta(string Label, long CategoryId, int GroundTruthObjects, double ReferenceAp, double CandidateAp, double ReferenceAp50, double CandidateAp50)
{
    /// <summary>Candidate − reference AP.</summary>
    public double ApDelta => CandidateAp - ReferenceAp;

    /// <summary>Candidate − reference AP50.</summary>
    public double Ap50Delta => CandidateAp50 - ReferenceAp50;
}

/// <summary>Compares two detectors evaluated on the same ground truth.</summary>
public static class DetectionComparer
{
    /// <summary>The evaluate JSON's names of AP, AP50 and AP75 (its <c>cocoStats</c> fields), as the classification rows carry theirs.</summary>
    public static IReadOnlyList<string> MetricNames { get; } = CocoStats.JsonNames.Take(3).ToArray();

    /// <summary>
    /// Compares <paramref name="candidate"/> with <paramref name="reference"/>. The interval of each delta is a paired
    /// percentile bootstrap over images: each resample draws the ground truth's images with replacement and
    /// accumulates both detectors' matches (kept from the full evaluation) on that draw, an image drawn twice counting
    /// twice, so that the interval measures the test set's noise in the difference.
    /// </summary>
    /// <remarks>
    /// Cost per resample: one pass over each detector's evaluated detections per IoU threshold (area all, maxDets 100);
    /// matching is not redone, since an image's matches do not depend on the other images.
    /// </remarks>
    /// <exception cref="ArgumentException">The two evaluations are of different images, categories or parameters.</exception>
    public static DetectionComparison Compare(
        DetectionEvaluation reference, DetectionEvaluation candidate, int bootstrapSamples = 1000, int seed = 20261122, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (bootstrapSamples < 0) throw new ArgumentOutOfRangeException(nameof(bootstrapSamples), bootstrapSamples, "Bootstrap samples cannot be negative.");
        CheckComparable(reference, candidate);
        var referenceAp = new WeightedAp(reference);
        var candidateAp = new WeightedAp(candidate);
        var intervals = bootstrapSamples == 0
            ? MetricNames.Select(_ => (ConfidenceInterval?)null).ToArray()
            : Bootstrap.PercentileIntervals(bootstrapSamples, Bootstrap.RowsWithReplacement(reference.Counts.Images, seed), new ProgressCounter(progress, "Paired bootstrap resamples of images", bootstrapSamples), rows =>
            {
                var weights = new int[reference.Counts.Images];
                foreach (var row in rows) weights[row]++;
                var r = referenceAp.Measure(weights);
                var c = candidateAp.Measure(weights);
                return new[] { c[0] - r[0], c[1] - r[1], c[2] - r[2] };
            }, cancellation);
        double[] Headline(DetectionEvaluation e) => new[] { e.Stats.Ap, e.Stats.Ap50, e.Stats.Ap75 }.Select(Defined).ToArray();
        var before = Headline(reference);
        var after = Headline(candidate);
        var metrics = MetricNames.Select((name, m) => new MetricDelta(
            name, true, before[m], after[m], intervals[m]?.Lower ?? double.NaN, intervals[m]?.Upper ?? double.NaN)).ToArray();
        var perLabel = reference.Labels.Zip(candidate.Labels, (r, c) => new DetectionLabelDelta(
            r.DisplayName, r.CategoryId, r.GroundTruthCount, Defined(r.Ap), Defined(c.Ap), Defined(r.Ap50), Defined(c.Ap50))).ToArray();
        return new DetectionComparison(reference, candidate, metrics, perLabel, bootstrapSamples);
    }

    /// <summary>COCO's -1 (undefined) as NaN, as every comparison row has it.</summary>
    private static double Defined(double value) => value < 0 ? double.NaN : value;

    private static void CheckComparable(DetectionEvaluation reference, DetectionEvaluation candidate)
    {
        if (!ImageIds(reference.GroundTruth).SequenceEqual(ImageIds(candidate.GroundTruth)))
        {
            throw new ArgumentException("The two evaluations are of different images; compare detections of the same ground truth.");
        }
        if (!reference.Categories.Select(c => c.Id).SequenceEqual(candidate.Categories.Select(c => c.Id)))
        {
            throw new ArgumentException("The two evaluations have different categories; compare detections of the same ground truth.");
        }
        if (reference.Params.IouType != candidate.Params.IouType) throw new ArgumentException("One evaluation is of boxes and the other of masks.");
    }

    // Without making a Vertex AI import's images (see CocoGroundTruth.ImageIdAt).
    private static IEnumerable<long> ImageIds(CocoGroundTruth groundTruth) => Enumerable.Range(0, groundTruth.Images.Count).Select(groundTruth.ImageIdAt);

    /// <summary>
    /// COCO's AP, AP50 and AP75 of one evaluation with each image counted a given number of times (1 each: the
    /// evaluation's own figures): pycocotools' accumulate at area all and maxDets 100 over the kept matches.
    /// </summary>
    internal sealed class WeightedAp
    {
        private const double Epsilon = 2.220446049250313e-16;
        private readonly double[] _recallThresholds;
        private readonly int _at50;
        private readonly int _at75;
        private readonly CategoryTrack[] _categories;

        public WeightedAp(DetectionEvaluation evaluation)
        {
            var p = evaluation.Params;
            _recallThresholds = p.RecallThresholds.ToArray();
            _at50 = evaluation.IouIndex(0.5);
            _at75 = evaluation.IouIndex(0.75);
            int all = p.AreaRanges.ToList().FindIndex(r => r.Label == "all");
            int maxDets = p.MaxDetections.Contains(100) ? 100 : throw new ArgumentException("The comparison is at maxDets 100, which the evaluation's parameters lack.");
            if (all < 0) throw new ArgumentException("The comparison is over area 'all', which the evaluation's parameters lack.");
            var table = evaluation.Table;
            var imageRank = new int[table.ImageOrder.Length];
            for (int r = 0; r < imageRank.Length; r++) imageRank[table.ImageOrder[r]] = r;
            var gt = evaluation.GroundTruth.Annotations;
            _categories = table.Categories.Select(c => new CategoryTrack(c, p, all, maxDets, gt, imageRank)).ToArray();
        }

        /// <summary>AP, AP50 and AP75 with image rank i counted <paramref name="weights"/>[i] times; NaN without ground truth.</summary>
        public double[] Measure(int[] weights)
        {
            int T = _categories.Length == 0 ? 0 : _categories[0].Thresholds, R = _recallThresholds.Length;
            double sum = 0, sum50 = 0, sum75 = 0;
            int defined = 0;
            foreach (var category in _categories)
            {
                double positives = 0;
                foreach (var rank in category.PositiveImages) positives += weights[rank];
                if (positives == 0) continue;
                defined++;
                for (int t = 0; t < T; t++)
                {
                    double summed = category.PrecisionSum(t, weights, positives, _recallThresholds);
                    sum += summed;
                    if (t == _at50) sum50 += summed;
                    if (t == _at75) sum75 += summed;
                }
            }
            if (defined == 0) return new[] { double.NaN, double.NaN, double.NaN };
            return new[] { sum / (T * R * defined), sum50 / (R * defined), sum75 / (R * defined) };
        }

        /// <summary>One category's evaluated detections (area all, within maxDets) per IoU threshold, and its positives' images.</summary>
        private sealed class CategoryTrack
        {
            private readonly int[][] _image;
            private readonly bool[][] _truePositive;

            public CategoryTrack(CategoryMatches category, CocoParams p, int all, int maxDets, CocoObjects gt, int[] imageRank)
            {
                Thresholds = p.IouThresholds.Count;
                var range = p.AreaRanges[all];
                PositiveImages = category.GroundTruth.Where(g => !gt.Crowd[g] && !range.Excludes(gt.Area[g])).Select(g => imageRank[gt.Image[g]]).ToArray();
                _image = new int[Thresholds][];
                _truePositive = new bool[Thresholds][];
                for (int t = 0; t < Thresholds; t++)
                {
                    var images = new List<int>();
                    var hits = new List<bool>();
                    for (int i = 0; i < category.Count; i++)
                    {
                        if (category.RankInImage[i] >= maxDets) continue;
                        var state = category.StateAt(all, t, i, Thresholds);
                        if (state == MatchState.Ignored) continue;
                        images.Add(category.ImageRank[i]);
                        hits.Add(state == MatchState.TruePositive);
                    }
                    _image[t] = images.ToArray();
                    _truePositive[t] = hits.ToArray();
                }
            }

            public int Thresholds { get; }

            /// <summary>The image rank of each non-ignored ground-truth object.</summary>
            public int[] PositiveImages { get; }

            /// <summary>Σ over the recall thresholds of the interpolated precision at IoU threshold t (pycocotools' accumulate, weighted).</summary>
            public double PrecisionSum(int t, int[] weights, double positives, double[] recallThresholds)
            {
                var image = _image[t];
                var hit = _truePositive[t];
                var precision = new List<double>();
                var recall = new List<double>();
                double tp = 0, fp = 0;
                for (int i = 0; i < image.Length; i++)
                {
                    int w = weights[image[i]];
                    if (w == 0) continue;
                    if (!hit[i])
                    {
                        fp += w;
                        continue;
                    }
                    // An image drawn w times puts w copies of the detection in a row: the last copy's precision is the
                    // highest of them, so the envelope is the same as with one step of w.
                    tp += w;
                    precision.Add(tp / (tp + fp + Epsilon));
                    recall.Add(tp / positives);
                }
                for (int j = precision.Count - 1; j > 0; j--)
                {
                    if (precision[j] > precision[j - 1]) precision[j - 1] = precision[j];
                }
                double sum = 0;
                int index = 0;
                foreach (var threshold in recallThresholds)
                {
                    while (index < recall.Count && recall[index] < threshold) index++;
                    if (index < precision.Count) sum += precision[index];
                }
                return sum;
            }
        }
    }
}
