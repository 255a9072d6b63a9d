using AutoMLEval.Engine.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace AutoMLEval.Engine.Detection;

/// <summary>What a detection is at one area range and IoU threshold after matching.</summary>
internal enum MatchState : byte
{
    /// <summary>Unmatched and inside the area range.</summary>
    FalsePositive,

    /// <summary>Matched to a non-ignored ground truth.</summary>
    TruePositive,

    /// <summary>Matched to an ignored ground truth (crowd or outside the area range), or unmatched and outside the range.</summary>
    Ignored,
}

/// <summary>
/// The evaluate stage's output: per category, the detections kept for evaluation (per image sorted by
/// descending score and cut to the last maxDets, images in ascending id order) with their match state per
/// area range and IoU threshold, and the count of non-ignored ground truth per area range.
/// </summary>
internal sealed class MatchTable
{
    internal MatchTable(CategoryMatches[] categories, int[] categoryOrder, int[] imageOrder, int truncated)
    {
        Categories = categories;
        CategoryOrder = categoryOrder;
        ImageOrder = imageOrder;
        TruncatedDetections = truncated;
    }

    public int CategoryCount => Categories.Length;

    /// <summary>Per category, in ascending category-id order.</summary>
    public CategoryMatches[] Categories { get; }

    /// <summary>Ground-truth category index of each evaluated category k (ascending id).</summary>
    public int[] CategoryOrder { get; }

    /// <summary>Ground-truth image index at each rank of ascending image id.</summary>
    public int[] ImageOrder { get; }

    /// <summary>Detections ranked beyond the last maxDets in their image and category (never evaluated).</summary>
    public int TruncatedDetections { get; }

    /// <summary>
    /// Runs the evaluate stage; with <paramref name="recordMatches"/>, also keeps which ground truth each detection matched.
    /// Reports the categories matched to <paramref name="progress"/>; stops between categories once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static MatchTable Build(
        CocoGroundTruth groundTruth, CocoDetections detections, CocoParams p, bool recordMatches = false, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var imageOrder = Enumerable.Range(0, groundTruth.Images.Count).OrderBy(groundTruth.ImageIdAt).ToArray();
        var imageRank = new int[imageOrder.Length];
        for (int r = 0; r < imageOrder.Length; r++) imageRank[imageOrder[r]] = r;
        var categoryOrder = Enumerable.Range(0, groundTruth.Categories.Count).OrderBy(i => groundTruth.Categories[i].Id).ToArray();
        var categoryRank = new int[categoryOrder.Length];
        for (int k = 0; k < categoryOrder.Length; k++) categoryRank[categoryOrder[k]] = k;

        var gt = groundTruth.Annotations;
        var dt = detections.Objects;
        var gtByCategory = GroupByCategory(gt.Category, categoryRank);
        var dtByCategory = GroupByCategory(dt.Category, categoryRank);
        var categories = new CategoryMatches[categoryOrder.Length];
        var context = new Context(groundTruth, detections, p, imageRank) { RecordMatches = recordMatches };
        var matched = new ProgressCounter(progress, "Matching detections", categories.Length);
        Parallel.For(0, categories.Length, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            categories[k] = CategoryMatches.Build(context, gtByCategory[k], dtByCategory[k]);
            matched.Add();
        });
        return new MatchTable(categories, categoryOrder, imageOrder, categories.Sum(c => c.Truncated));
    }

    [MethodImpl(JitHints.Optimized)]
    private static int[][] GroupByCategory(int[] category, int[] categoryRank)
    {
        var counts = new int[categoryRank.Length];
        foreach (var c in category) counts[categoryRank[c]]++;
        var groups = counts.Select(n => new int[n]).ToArray();
        var filled = new int[counts.Length];
        for (int i = 0; i < category.Length; i++)
        {
            int k = categoryRank[category[i]];
            groups[k][filled[k]++] = i;
        }
        return groups;
    }

    /// <summary>What every category's evaluation reads.</summary>
    internal sealed class Context
    {
        public Context(CocoGroundTruth groundTruth, CocoDetections detections, CocoParams p, int[] imageRank)
        {
            GroundTruth = groundTruth;
            Detections = detections;
            Params = p;
            ImageRank = imageRank;
            Thresholds = p.IouThresholds.Select(t => Math.Min(t, 1 - 1e-10)).ToArray();
        }

        public CocoGroundTruth GroundTruth { get; }

        public CocoDetections Detections { get; }

        public CocoParams Params { get; }

        public int[] ImageRank { get; }

        public bool RecordMatches { get; init; }

        /// <summary>pycocotools starts each search at min(t, 1 − 1e-10).</summary>
        public double[] Thresholds { get; }
    }
}

/// <summary>
/// The evaluated detections of one category (see <see cref="MatchTable"/>), in accumulate order (descending score;
/// ties by image id, then by rank within the image); positions index every array.
/// </summary>
internal sealed class CategoryMatches
{
    private CategoryMatches(int[] detection, double[] score, int[] rankInImage, int[] imageRank, double[] area, MatchState[] state, int[] positives, int truncated, int[] groundTruth, int[]? matchedGroundTruth)
        : this(score, rankInImage, imageRank, state, positives, truncated)
    {
        Detection = detection;
        Area = area;
        GroundTruth = groundTruth;
        MatchedGroundTruth = matchedGroundTruth;
    }

    /// <summary>
    /// What accumulating needs alone (a merge of partial evaluations): positions in accumulate order, without the
    /// detections' and ground truth's indices in the inputs, which a merge does not have.
    /// </summary>
    internal CategoryMatches(double[] score, int[] rankInImage, int[] imageRank, MatchState[] state, int[] positives, int truncated)
    {
        Detection = Array.Empty<int>();
        Area = Array.Empty<double>();
        GroundTruth = Array.Empty<int>();
        Score = score;
        RankInImage = rankInImage;
        ImageRank = imageRank;
        State = state;
        Positives = positives;
        Truncated = truncated;
        MaxRankInImage = rankInImage.Length == 0 ? -1 : rankInImage.Max();
    }

    public int Count => Score.Length;

    /// <summary>Index of the detection in <see cref="CocoDetections"/> (none in a merge).</summary>
    public int[] Detection { get; }

    public double[] Score { get; }

    /// <summary>0-based rank by score within its image and category.</summary>
    public int[] RankInImage { get; }

    /// <summary>Rank of its image in ascending image-id order.</summary>
    public int[] ImageRank { get; }

    /// <summary>The area compared with the area ranges (w·h, or the mask area for segm results without boxes).</summary>
    public double[] Area { get; }

    /// <summary>[area range, IoU threshold, position], row-major.</summary>
    public MatchState[] State { get; }

    /// <summary>Non-ignored ground truth per area range.</summary>
    public int[] Positives { get; }

    /// <summary>The category's ground-truth objects, by image rank, file order within an image (none in a merge).</summary>
    public int[] GroundTruth { get; }

    /// <summary>When recorded: the ground-truth object each position matched at the first area range and IoU threshold, or -1.</summary>
    public int[]? MatchedGroundTruth { get; }

    public int Truncated { get; }

    /// <summary>The rank (ascending id) of the first image whose detections were cut at maxDets; -1 where none were, or not known (a merge).</summary>
    public int FirstImageRankCut { get; init; } = -1;

    /// <summary>The largest <see cref="RankInImage"/>: maxDets above it cut nothing.</summary>
    public int MaxRankInImage { get; }

    /// <summary>The state of the detection at <paramref name="position"/> for area range a and IoU threshold t.</summary>
    public MatchState StateAt(int a, int t, int position, int thresholdCount) => State[(a * thresholdCount + t) * Count + position];

    [MethodImpl(JitHints.Optimized)]
    public static CategoryMatches Build(MatchTable.Context context, int[] gtItems, int[] dtItems)
    {
        var p = context.Params;
        var gt = context.GroundTruth.Annotations;
        var dt = context.Detections.Objects;
        var imageRank = context.ImageRank;
        int A = p.AreaRanges.Count, T = p.IouThresholds.Count, maxDet = p.MaxDetections[p.MaxDetections.Count - 1];

        // Ground truth by image, file order kept within an image; detections by image, then descending score
        // (ties in file order), as pycocotools' stable sorts leave them.
        SortByImage(gtItems, gt.Image, imageRank);
        SortByImage(dtItems, dt.Image, imageRank);
        var kept = new List<int>(dtItems.Length);
        var rank = new List<int>(dtItems.Length);
        int firstCut = -1;
        for (int runStart = 0, runEnd; runStart < dtItems.Length; runStart = runEnd)
        {
            runEnd = runStart + 1;
            while (runEnd < dtItems.Length && dt.Image[dtItems[runEnd]] == dt.Image[dtItems[runStart]]) runEnd++;
            if (firstCut < 0 && runEnd - runStart > maxDet) firstCut = imageRank[dt.Image[dtItems[runStart]]];
            ScoreOrder.SortDescending(dtItems, runStart, runEnd - runStart, dt.Score);
            for (int i = runStart; i < Math.Min(runEnd, runStart + maxDet); i++)
            {
                kept.Add(dtItems[i]);
                rank.Add(i - runStart);
            }
        }
        int n = kept.Count;
        var detection = kept.ToArray();
        var score = new double[n];
        var ranks = new int[n];
        var area = new double[n];
        var state = new MatchState[n * A * T];
        var positives = new int[A];
        var masks = p.IouType == IouType.Segmentation ? new MaskCache(context) : null;
        for (int i = 0; i < n; i++)
        {
            score[i] = dt.Score[detection[i]];
            ranks[i] = imageRank[dt.Image[detection[i]]];
            area[i] = masks is not null && !context.Detections.FirstHasBox ? masks.Detection(detection[i]).Area : dt.Boxes[detection[i] * 4 + 2] * dt.Boxes[detection[i] * 4 + 3];
        }

        var matched = context.RecordMatches ? new int[n] : null;
        var matcher = new ImageMatcher(p, context.Thresholds);
        int g0 = 0, d0 = 0;
        while (g0 < gtItems.Length || d0 < n)
        {
            int image = Math.Min(g0 < gtItems.Length ? imageRank[gt.Image[gtItems[g0]]] : int.MaxValue, d0 < n ? ranks[d0] : int.MaxValue);
            int g1 = g0, d1 = d0;
            while (g1 < gtItems.Length && imageRank[gt.Image[gtItems[g1]]] == image) g1++;
            while (d1 < n && ranks[d1] == image) d1++;
            matcher.Match(gt, dt, gtItems, g0, g1 - g0, detection, area, d0, d1 - d0, masks, state, positives, matched);
            g0 = g1;
            d0 = d1;
        }

        // Re-lay everything in accumulate order: descending score over all images, ties by image rank and then
        // rank within the image (pycocotools' stable mergesort of the concatenation), states as [area, IoU, position].
        var order = Enumerable.Range(0, n).ToArray();
        ScoreOrder.SortDescending(order, 0, n, score);
        var sortedState = new MatchState[state.Length];
        for (int i = 0; i < n; i++)
        {
            int from = order[i];
            for (int a = 0; a < A; a++)
            {
                for (int t = 0; t < T; t++) sortedState[(a * T + t) * n + i] = state[(from * A + a) * T + t];
            }
        }
        var rankInImage = rank.ToArray();
        return new CategoryMatches(
            Permute(detection, order), Permute(score, order), Permute(rankInImage, order), Permute(ranks, order), Permute(area, order),
            sortedState, positives, dtItems.Length - n, gtItems, matched is null ? null : Permute(matched, order)) { FirstImageRankCut = firstCut };
    }

    [MethodImpl(JitHints.Optimized)]
    private static T[] Permute<T>(T[] values, int[] order)
    {
        var result = new T[order.Length];
        for (int i = 0; i < order.Length; i++) result[i] = values[order[i]];
        return result;
    }

    // Stable sort of items (ascending object indices) by the rank of their image.
    [MethodImpl(JitHints.Optimized)]
    private static void SortByImage(int[] items, int[] imageOf, int[] imageRank)
    {
        var keys = new long[items.Length];
        for (int i = 0; i < items.Length; i++) keys[i] = ((long)imageRank[imageOf[items[i]]] << 32) | (uint)items[i];
        Array.Sort(keys, items);
    }

    /// <summary>Masks built from segmentations on first use (each object belongs to one category, so no sharing across threads).</summary>
    internal sealed class MaskCache
    {
        private readonly MatchTable.Context _context;
        private readonly Dictionary<int, MaskRle> _gt = new();
        private readonly Dictionary<int, MaskRle> _dt = new();

        public MaskCache(MatchTable.Context context) => _context = context;

        public MaskRle GroundTruth(int index) => Get(_gt, _context.GroundTruth.Annotations, index);

        public MaskRle Detection(int index) => Get(_dt, _context.Detections.Objects, index);

        private MaskRle Get(Dictionary<int, MaskRle> cache, CocoObjects objects, int index)
        {
            if (!cache.TryGetValue(index, out var mask))
            {
                var image = _context.GroundTruth.Images[objects.Image[index]];
                mask = objects.Segmentation[index]!.ToMask(image.Height, image.Width);
                cache[index] = mask;
            }
            return mask;
        }
    }
}
