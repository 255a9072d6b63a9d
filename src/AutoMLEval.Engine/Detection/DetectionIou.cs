namespace AutoMLEval.Engine.Detection;

/// <summary>
/// Intersection over union as pycocotools' maskApi computes it (<c>bbIou</c>, <c>rleIou</c>). For a crowd
/// ground truth the union is replaced by the detection's area, so a detection inside a crowd region scores 1.
/// Boxes are <c>[x, y, w, h]</c>; an overlap with zero width or height is 0, even for identical empty boxes.
/// </summary>
public static class DetectionIou
{
    /// <summary>IoU of two boxes <c>[x, y, w, h]</c>.</summary>
    public static double Box(IReadOnlyList<double> detection, IReadOnlyList<double> groundTruth, bool crowd = false) =>
        Box(detection[0], detection[1], detection[2], detection[3], groundTruth[0], groundTruth[1], groundTruth[2], groundTruth[3], crowd);

    /// <summary>IoU of two masks; -1 when their sizes differ, 0 when their bounding boxes do not overlap.</summary>
    public static double Mask(MaskRle detection, MaskRle groundTruth, bool crowd = false)
    {
        var d = detection.BoundingBox();
        var g = groundTruth.BoundingBox();
        return Box(d[0], d[1], d[2], d[3], g[0], g[1], g[2], g[3], crowd) > 0 ? MaskRle.Overlap(detection, groundTruth, crowd) : 0;
    }

    /// <summary>IoU of detection <paramref name="d"/> and ground truth <paramref name="g"/>: boxes, or masks when <paramref name="masks"/> is given.</summary>
    internal static double Between(CocoObjects dt, int d, CocoObjects gt, int g, bool crowd, CategoryMatches.MaskCache? masks)
    {
        if (masks is not null) return Mask(masks.Detection(d), masks.GroundTruth(g), crowd);
        var db = dt.Boxes;
        var gb = gt.Boxes;
        return Box(db[d * 4], db[d * 4 + 1], db[d * 4 + 2], db[d * 4 + 3], gb[g * 4], gb[g * 4 + 1], gb[g * 4 + 2], gb[g * 4 + 3], crowd);
    }

    internal static double Box(double dx, double dy, double dw, double dh, double gx, double gy, double gw, double gh, bool crowd)
    {
        double w = Math.Min(dw + dx, gw + gx) - Math.Max(dx, gx);
        if (w <= 0) return 0;
        double h = Math.Min(dh + dy, gh + gy) - Math.Max(dy, gy);
        if (h <= 0) return 0;
        double intersection = w * h;
        double detectionArea = dw * dh;
        double union = crowd ? detectionArea : detectionArea + gw * gh - intersection;
        return intersection / union;
    }
}
