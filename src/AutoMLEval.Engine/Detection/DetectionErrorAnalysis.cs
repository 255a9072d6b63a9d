namespace AutoMLEval.Engine.Detection;

/// <summary>
/// The kinds of detection error of the TIDE toolkit (Bolya et al., "TIDE: A General Toolbox for Identifying Object
/// Detection Errors", ECCV 2020), with foreground IoU t_f and background IoU t_b.
/// </summary>
public enum DetectionErrorKind
{
    /// <summary>A false detection with IoU ≥ t_f to a ground truth of its label that a higher-scoring detection already took.</summary>
    Duplicate,

    /// <summary>A false detection with IoU ≥ t_f to a ground truth of another label (classification error).</summary>
    WrongLabel,

    /// <summary>A false detection with t_b ≤ IoU &lt; t_f to a ground truth of its label (localisation error).</summary>
    Localisation,

    /// <summary>A false detection with t_b ≤ IoU &lt; t_f to a ground truth of another label only (TIDE's "both").</summary>
    WrongLabelAndLocalisation,

    /// <summary>A false detection with IoU &lt; t_b to every ground truth.</summary>
    Background,

    /// <summary>A ground truth that no detection of its label matched.</summary>
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
/// For a false detection: its highest IoU with a ground truth of its label, or for a wrong label with the ground truth
/// of the other label; for a missed detection: the highest IoU any evaluated detection of its label had with it.
/// </param>
/// <param name="GroundTruthId">The ground truth that IoU refers to (id from the file); null for background errors.</param>
/// <param name="OtherCategoryId">For wrong-label errors: the category of that ground truth, otherwise null.</param>
public sealed record DetectionError(DetectionErrorKind Kind, long ImageId, string FileName, long CategoryId, string Label,
    IReadOnlyList<double> Box, double Score, double BestIou, long? GroundTruthId, long? OtherCategoryId);

/// <summary>
/// Error analysis of a COCO evaluation: every evaluated detection that COCO matching at one IoU threshold (area
/// "all", the last maxDets) leaves unmatched, classified by the TIDE rules in this order — duplicate, wrong label,
/// localisation, wrong label and localisation, background — and every non-crowd ground truth left unmatched.
/// Detections absorbed by crowd regions are neither. Crowd regions take part in no IoU here.
/// </summary>
public static class DetectionErrorAnalysis
{
    /// <summary>
    /// The errors, false detections by descending score first, then missed detections by image and category.
    /// </summary>
    /// <param name="evaluation">The evaluation whose inputs are analysed.</param>
    /// <param name="iouThreshold">t_f, the IoU a match needs (TIDE: 0.5).</param>
    /// <param name="backgroundThreshold">t_b, below which a detection is background (TIDE: 0.1).</param>
    /// <param name="progress">The re-matching of the categories, as it goes.</param>
    /// <param name="cancellationToken">Stops the re-matching between categories (<see cref="OperationCanceledException"/>).</param>
    public static IReadOnlyList<DetectionError> Analyze(
        DetectionEvaluation evaluation, double iouThreshold = 0.5, double backgroundThreshold = 0.1, IProgress<Diagnostics.WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!(backgroundThreshold >= 0 && backgroundThreshold <= iouThreshold && iouThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(backgroundThreshold), "Needs 0 ≤ background threshold ≤ IoU threshold ≤ 1.");
        }
        var source = evaluation.Params;
        var all = source.AreaRanges.FirstOrDefault(r => string.Equals(r.Label, "all", StringComparison.Ordinal)) ?? new AreaRange("all", 0, 1e10);
        var p = new CocoParams(source.IouType, new[] { iouThreshold }, source.RecallThresholds, new[] { source.MaxDetections[source.MaxDetections.Count - 1] }, new[] { all });
        var groundTruth = evaluation.GroundTruth;
        var detections = evaluation.Detections;
        var table = MatchTable.Build(groundTruth, detections, p, recordMatches: true, progress, cancellationToken);
        var gt = groundTruth.Annotations;
        var dt = detections.Objects;
        var masks = p.IouType == IouType.Segmentation ? new CategoryMatches.MaskCache(new MatchTable.Context(groundTruth, detections, p, new int[groundTruth.Images.Count])) : null;

        // Non-crowd ground truth of each image, for the IoU against other labels.
        var byImage = new List<int>[groundTruth.Images.Count];
        for (int g = 0; g < gt.Count; g++)
        {
            if (gt.Crowd[g]) continue;
            (byImage[gt.Image[g]] ??= new List<int>()).Add(g);
        }
        double Iou(int d, int g) => DetectionIou.Between(dt, d, gt, g, false, masks);

        var falseDetections = new List<DetectionError>();
        var missed = new List<DetectionError>();
        var bestForGroundTruth = new Dictionary<int, double>();
        foreach (var category in table.Categories)
        {
            var matchedGroundTruth = new HashSet<int>();
            for (int i = 0; i < category.Count; i++)
            {
                int d = category.Detection[i];
                int image = dt.Image[d];
                var state = category.StateAt(0, 0, i, 1);
                if (category.MatchedGroundTruth![i] >= 0) matchedGroundTruth.Add(category.MatchedGroundTruth[i]);
                double bestSame = 0, bestOther = 0;
                int sameGt = -1, otherGt = -1;
                foreach (int g in byImage[image] ?? (IEnumerable<int>)Array.Empty<int>())
                {
                    double iou = Iou(d, g);
                    if (gt.Category[g] == dt.Category[d])
                    {
                        bestForGroundTruth[g] = Math.Max(bestForGroundTruth.TryGetValue(g, out var b) ? b : 0, iou);
                        if (iou > bestSame || sameGt < 0) (bestSame, sameGt) = (iou, g);
                    }
                    else if (iou > bestOther || otherGt < 0)
                    {
                        (bestOther, otherGt) = (iou, g);
                    }
                }
                if (state != MatchState.FalsePositive) continue;
                DetectionErrorKind kind;
                if (bestSame >= iouThreshold) kind = DetectionErrorKind.Duplicate;
                else if (bestOther >= iouThreshold) kind = DetectionErrorKind.WrongLabel;
                else if (bestSame >= backgroundThreshold) kind = DetectionErrorKind.Localisation;
                else if (bestOther >= backgroundThreshold) kind = DetectionErrorKind.WrongLabelAndLocalisation;
                else kind = DetectionErrorKind.Background;
                bool other = kind is DetectionErrorKind.WrongLabel or DetectionErrorKind.WrongLabelAndLocalisation;
                int related = kind == DetectionErrorKind.Background ? -1 : other ? otherGt : sameGt;
                falseDetections.Add(new DetectionError(kind, groundTruth.Images[image].Id, groundTruth.Images[image].FileName,
                    groundTruth.Categories[dt.Category[d]].Id, groundTruth.Categories[dt.Category[d]].Name,
                    Box(dt.Boxes, d), dt.Score[d], other ? bestOther : bestSame,
                    related < 0 ? null : gt.Id[related], other ? groundTruth.Categories[gt.Category[otherGt]].Id : null));
            }
            foreach (int g in category.GroundTruth)
            {
                if (gt.Crowd[g] || matchedGroundTruth.Contains(g)) continue;
                var image = groundTruth.Images[gt.Image[g]];
                missed.Add(new DetectionError(DetectionErrorKind.Missed, image.Id, image.FileName,
                    groundTruth.Categories[gt.Category[g]].Id, groundTruth.Categories[gt.Category[g]].Name,
                    Box(gt.Boxes, g), double.NaN, bestForGroundTruth.TryGetValue(g, out var best) ? best : 0, gt.Id[g], null));
            }
        }
        return falseDetections
            .OrderByDescending(e => e.Score)
            .ThenBy(e => e.ImageId)
            .Concat(missed.OrderBy(e => e.ImageId).ThenBy(e => e.CategoryId))
            .ToArray();
    }

    private static double[] Box(double[] boxes, int index) =>
        new[] { boxes[index * 4], boxes[index * 4 + 1], boxes[index * 4 + 2], boxes[index * 4 + 3] };
}
