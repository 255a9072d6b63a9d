using System.Runtime.CompilerServices;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Detection;

/// <summary>
/// The detection confusion matrix: rows are true labels, columns predicted labels, each with a last "background"
/// entry. Per image, the evaluated detections with score ≥ the confidence threshold are taken by descending score;
/// each takes the free non-crowd ground truth of any label with the highest IoU ≥ the IoU threshold and counts in
/// (its label, the detection's label). A detection that finds none counts in (background, its label) — unless a
/// crowd region covers it (intersection / detection area ≥ threshold), then it is not counted; ground truth left
/// free counts in (its label, background). The background-background cell is 0.
/// </summary>
public static class DetectionConfusion
{
    /// <summary>Name of the extra row and column.</summary>
    public const string Background = "background";

    /// <summary>The IoU the matrix is counted at, in every view (the CLI's JSON, the report).</summary>
    public const double DefaultIou = 0.5;

    /// <summary>
    /// The confidence the views count the matrix at: EasyDL's operating point, the best-F1 confidence at IoU .50
    /// (<see cref="DetectionEvaluation.BestF1Counts"/>), or 0.5 when there are no detections.
    /// </summary>
    public static double OperatingConfidence(DetectionEvaluation evaluation)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        var best = evaluation.BestF1Counts.Threshold;
        return double.IsNaN(best) ? 0.5 : best;
    }

    /// <summary>Builds the matrix; labels in ascending category-id order, then <see cref="Background"/>.</summary>
    public static ConfusionMatrix Compute(DetectionEvaluation evaluation, double iouThreshold = DefaultIou, double confidenceThreshold = 0.5)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        var outcomes = iouThreshold == DefaultIou ? evaluation.ConfusionOutcomes : Outcomes(evaluation, iouThreshold);
        return outcomes.At(confidenceThreshold, evaluation.Table.Categories, evaluation.Categories.Select(c => c.Name).Concat(new[] { Background }).ToArray());
    }

    /// <summary>
    /// Where every evaluated detection counts when all of them are matched at <paramref name="iouThreshold"/>. Matching
    /// takes an image's detections by descending score, and one's outcome depends only on those before it, so the
    /// detections at or above a confidence are matched as in this full run: the matrix at any confidence follows
    /// (<see cref="DetectionConfusionOutcomes.At"/>), which is what a partial evaluation carries.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    internal static DetectionConfusionOutcomes Outcomes(DetectionEvaluation evaluation, double iouThreshold)
    {
        // First: a merge has no inputs to match, and says so.
        var groundTruth = evaluation.GroundTruth;
        var table = evaluation.Table;
        int K = table.CategoryCount;
        // Where each detection (an index into the detections) sits in its category's row: arrays, as the indices are
        // dense; a dictionary of them was 3% of a COCO run.
        int detectionCount = evaluation.Detections.Objects.Count;
        var categoryOf = new int[detectionCount];
        var positionOf = new int[detectionCount];
        var rows = new int[K][];
        for (int k = 0; k < K; k++)
        {
            var category = table.Categories[k];
            rows[k] = new int[category.Count];
            for (int i = 0; i < category.Count; i++)
            {
                rows[k][i] = DetectionConfusionOutcomes.NotCounted;
                categoryOf[category.Detection[i]] = k;
                positionOf[category.Detection[i]] = i;
            }
        }
        Match(evaluation, iouThreshold, double.NegativeInfinity, (_, row, _, detection) =>
        {
            if (detection >= 0) rows[categoryOf[detection]][positionOf[detection]] = row;
        });
        var rank = new int[groundTruth.Categories.Count];
        for (int k = 0; k < K; k++) rank[table.CategoryOrder[k]] = k;
        var gt = groundTruth.Annotations;
        var nonCrowd = new int[K];
        for (int g = 0; g < gt.Count; g++)
        {
            if (!gt.Crowd[g]) nonCrowd[rank[gt.Category[g]]]++;
        }
        return new DetectionConfusionOutcomes(rows, nonCrowd);
    }

    /// <summary>
    /// Builds the matrix as <see cref="Compute"/> does, and the images behind each of its cells, indexed [true, predicted]
    /// as its counts: how many images hold an object of the cell, and the ids of the first
    /// <paramref name="maxImagesPerCell"/> of them in the ground truth's image order (what a report opens a cell to).
    /// Memory: the counts plus, for the cells that occur only, their state and ids kept: O(cells that occur ×
    /// <paramref name="maxImagesPerCell"/>); 10,000 categories are 100 million cells, nearly all empty.
    /// </summary>
    public static (ConfusionMatrix Matrix, DetectionConfusionImages Cells) ComputeWithImages(DetectionEvaluation evaluation, double iouThreshold, double confidenceThreshold, int maxImagesPerCell)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        if (maxImagesPerCell < 0) throw new ArgumentOutOfRangeException(nameof(maxImagesPerCell), maxImagesPerCell, "The images kept per cell cannot be negative.");
        int K = evaluation.Table.CategoryCount;
        var images = evaluation.GroundTruth.Images;
        var counts = new long[K + 1, K + 1];
        var occupied = new Dictionary<long, (int LastImage, int Images, List<long> Ids)>();
        Match(evaluation, iouThreshold, confidenceThreshold, (image, row, column, _) =>
        {
            counts[row, column]++;
            long cell = ((long)row * (K + 1)) + column;
            var state = occupied.TryGetValue(cell, out var found) ? found : (LastImage: -1, Images: 0, Ids: new List<long>());
            // Images are matched in order, so an image already counted in a cell is that cell's last one.
            if (state.LastImage == image) return;
            if (state.Ids.Count < maxImagesPerCell) state.Ids.Add(images[image].Id);
            occupied[cell] = (image, state.Images + 1, state.Ids);
        });
        var labels = evaluation.Categories.Select(c => c.Name).Concat(new[] { Background }).ToArray();
        var cells = occupied.ToDictionary(e => e.Key, e => new DetectionCellImages(e.Value.Images, e.Value.Ids));
        return (new ConfusionMatrix(labels, counts), new DetectionConfusionImages(K + 1, cells));
    }

    /// <summary>
    /// Matches every image as the summary says and hands each outcome to <paramref name="count"/>: the image's index,
    /// the row (true label rank, or K for background), the column (predicted label rank, or K) and the detection (-1 for
    /// ground truth left free).
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    private static void Match(DetectionEvaluation evaluation, double iouThreshold, double confidenceThreshold, Action<int, int, int, int> count)
    {
        var groundTruth = evaluation.GroundTruth;
        var gt = groundTruth.Annotations;
        var dt = evaluation.Detections.Objects;
        var table = evaluation.Table;
        int K = table.CategoryCount;
        var rank = new int[groundTruth.Categories.Count];
        for (int k = 0; k < K; k++) rank[table.CategoryOrder[k]] = k;
        var masks = evaluation.Params.IouType == IouType.Segmentation
            ? new CategoryMatches.MaskCache(new MatchTable.Context(groundTruth, evaluation.Detections, evaluation.Params, new int[groundTruth.Images.Count]))
            : null;
        double Iou(int d, int g) => DetectionIou.Between(dt, d, gt, g, gt.Crowd[g], masks);

        // Each image's detections and ground truth as a range of one array (a counting sort by image), not a list per image.
        int imageCount = groundTruth.Images.Count;
        var detectionStart = new int[imageCount + 1];
        foreach (var category in table.Categories)
        {
            for (int i = 0; i < category.Count; i++)
            {
                int d = category.Detection[i];
                if (dt.Score[d] >= confidenceThreshold) detectionStart[dt.Image[d] + 1]++;
            }
        }
        var detectionsOf = new int[Accumulate(detectionStart)];
        var nextDetection = (int[])detectionStart.Clone();
        foreach (var category in table.Categories)
        {
            for (int i = 0; i < category.Count; i++)
            {
                int d = category.Detection[i];
                if (dt.Score[d] >= confidenceThreshold) detectionsOf[nextDetection[dt.Image[d]]++] = d;
            }
        }
        var truthStart = new int[imageCount + 1];
        for (int g = 0; g < gt.Count; g++) truthStart[gt.Image[g] + 1]++;
        var truthsOf = new int[Accumulate(truthStart)];
        var nextTruth = (int[])truthStart.Clone();
        for (int g = 0; g < gt.Count; g++) truthsOf[nextTruth[gt.Image[g]]++] = g;

        var taken = new bool[gt.Count];
        for (int image = 0; image < imageCount; image++)
        {
            int d0 = detectionStart[image], d1 = detectionStart[image + 1], g0 = truthStart[image], g1 = truthStart[image + 1];
            ScoreOrder.SortDescending(detectionsOf, d0, d1 - d0, dt.Score);
            for (int at = d0; at < d1; at++)
            {
                int d = detectionsOf[at];
                int best = -1;
                double bestIou = iouThreshold;
                bool crowdCovered = false;
                for (int j = g0; j < g1; j++)
                {
                    int g = truthsOf[j];
                    if (gt.Crowd[g])
                    {
                        crowdCovered = crowdCovered || Iou(d, g) >= iouThreshold;
                        continue;
                    }
                    // A taken ground truth is out of the running whatever its IoU: not computed.
                    if (taken[j]) continue;
                    double iou = Iou(d, g);
                    if (iou < bestIou || (best >= 0 && iou == bestIou)) continue;
                    best = j;
                    bestIou = iou;
                }
                if (best >= 0)
                {
                    taken[best] = true;
                    count(image, rank[gt.Category[truthsOf[best]]], rank[dt.Category[d]], d);
                }
                else if (!crowdCovered)
                {
                    count(image, K, rank[dt.Category[d]], d);
                }
            }
            for (int j = g0; j < g1; j++)
            {
                if (!taken[j] && !gt.Crowd[truthsOf[j]]) count(image, rank[gt.Category[truthsOf[j]]], K, -1);
            }
        }
    }

    // Turns per-slot counts (at index + 1) into starts in place; returns the total.
    private static int Accumulate(int[] starts)
    {
        for (int i = 1; i < starts.Length; i++) starts[i] += starts[i - 1];
        return starts[starts.Length - 1];
    }
}

/// <summary>The images behind one cell of a detection confusion matrix.</summary>
/// <param name="ImageCount">Images holding at least one object of the cell.</param>
/// <param name="ImageIds">The COCO ids of the first of them, in the ground truth's image order.</param>
public sealed record DetectionCellImages(int ImageCount, IReadOnlyList<long> ImageIds);

/// <summary>The images behind every cell of a detection confusion matrix, indexed [true, predicted] as its counts.</summary>
public sealed class DetectionConfusionImages
{
    private static readonly DetectionCellImages Empty = new(0, Array.Empty<long>());
    private readonly int _size;
    private readonly Dictionary<long, DetectionCellImages> _occupied;

    internal DetectionConfusionImages(int size, Dictionary<long, DetectionCellImages> occupied)
    {
        _size = size;
        _occupied = occupied;
    }

    /// <summary>The images of the cell; none for a cell no object fell in.</summary>
    public DetectionCellImages this[int trueLabel, int predictedLabel] =>
        _occupied.TryGetValue(((long)trueLabel * _size) + predictedLabel, out var cell) ? cell : Empty;
}

/// <summary>
/// Per category of a match table and position in it, the row its detection counts in (the true label's rank, K for
/// background, <see cref="NotCounted"/> under a crowd region) when every evaluated detection is matched; and the
/// non-crowd ground truth of each category. The matrix at a confidence follows by counting (see <see cref="DetectionConfusion.Outcomes"/>).
/// </summary>
internal sealed class DetectionConfusionOutcomes
{
    /// <summary>The row of a detection a crowd region covers: it is not counted.</summary>
    public const int NotCounted = -1;

    public DetectionConfusionOutcomes(int[][] rows, int[] nonCrowdGroundTruth)
    {
        Rows = rows;
        NonCrowdGroundTruth = nonCrowdGroundTruth;
    }

    /// <summary>[category][position], positions as in the match table.</summary>
    public int[][] Rows { get; }

    /// <summary>Non-crowd ground truth per category (rank order), of every image.</summary>
    public int[] NonCrowdGroundTruth { get; }

    /// <summary>
    /// The matrix at <paramref name="confidence"/>: each detection scoring at least that in its (row, category) cell;
    /// the ground truth no counted detection took in (its label, background).
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    public ConfusionMatrix At(double confidence, IReadOnlyList<CategoryMatches> categories, string[] labels)
    {
        int K = categories.Count;
        var counts = new long[K + 1, K + 1];
        for (int k = 0; k < K; k++)
        {
            counts[k, K] = NonCrowdGroundTruth[k];
        }
        for (int k = 0; k < K; k++)
        {
            var scores = categories[k].Score;
            for (int i = 0; i < scores.Length; i++)
            {
                int row = Rows[k][i];
                if (row == NotCounted || !(scores[i] >= confidence)) continue;
                counts[row, k]++;
                if (row < K) counts[row, K]--;
            }
        }
        return new ConfusionMatrix(labels, counts);
    }
}
