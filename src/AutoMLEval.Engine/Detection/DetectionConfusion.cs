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

    /// <summary>Builds the matrix; labels in ascending category-id order, then <see cref="Background"/>.</summary>
    public static ConfusionMatrix Compute(DetectionEvaluation evaluation, double iouThreshold = 0.5, double confidenceThreshold = 0.5)
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

        var detectionsByImage = new List<int>[groundTruth.Images.Count];
        foreach (var category in table.Categories)
        {
            for (int i = 0; i < category.Count; i++)
            {
                int d = category.Detection[i];
                if (dt.Score[d] >= confidenceThreshold) (detectionsByImage[dt.Image[d]] ??= new List<int>()).Add(d);
            }
        }
        var groundTruthByImage = new List<int>[groundTruth.Images.Count];
        for (int g = 0; g < gt.Count; g++) (groundTruthByImage[gt.Image[g]] ??= new List<int>()).Add(g);

        var counts = new long[K + 1, K + 1];
        for (int image = 0; image < groundTruth.Images.Count; image++)
        {
            var detections = detectionsByImage[image] ?? new List<int>();
            var truths = groundTruthByImage[image] ?? new List<int>();
            var order = detections.ToArray();
            ScoreOrder.SortDescending(order, 0, order.Length, dt.Score);
            var taken = new bool[truths.Count];
            foreach (int d in order)
            {
                int best = -1;
                double bestIou = iouThreshold;
                bool crowdCovered = false;
                for (int j = 0; j < truths.Count; j++)
                {
                    int g = truths[j];
                    double iou = Iou(d, g);
                    if (gt.Crowd[g])
                    {
                        crowdCovered |= iou >= iouThreshold;
                        continue;
                    }
                    if (taken[j] || iou < bestIou || (best >= 0 && iou == bestIou)) continue;
                    best = j;
                    bestIou = iou;
                }
                if (best >= 0)
                {
                    taken[best] = true;
                    counts[rank[gt.Category[truths[best]]], rank[dt.Category[d]]]++;
                }
                else if (!crowdCovered)
                {
                    counts[K, rank[dt.Category[d]]]++;
                }
            }
            for (int j = 0; j < truths.Count; j++)
            {
                if (!taken[j] && !gt.Crowd[truths[j]]) counts[rank[gt.Category[truths[j]]], K]++;
            }
        }
        var labels = evaluation.Categories.Select(c => c.Name).Concat(new[] { Background }).ToArray();
        return new ConfusionMatrix(labels, counts);
    }
}
