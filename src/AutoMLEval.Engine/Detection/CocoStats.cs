namespace AutoMLEval.Engine.Detection;

/// <summary>
/// The 12 numbers of pycocotools <c>COCOeval.summarize()</c>, each the mean of the entries &gt; -1 of a slice of the
/// precision array [T, R, K, A, M] (AP) or recall array [T, K, A, M] (AR); -1 when the slice has none
/// (for example no ground truth in that size range).
/// Reference: cocodataset/cocoapi <c>PythonAPI/pycocotools/cocoeval.py</c>, <c>_summarizeDets</c>.
/// </summary>
/// <param name="Ap">AP at IoU .50:.95, all sizes, maxDets 100.</param>
/// <param name="Ap50">AP at IoU .50.</param>
/// <param name="Ap75">AP at IoU .75.</param>
/// <param name="ApSmall">AP for small objects (area ≤ 32²).</param>
/// <param name="ApMedium">AP for medium objects (32² ≤ area ≤ 96²).</param>
/// <param name="ApLarge">AP for large objects (area ≥ 96²).</param>
/// <param name="Ar1">AR with 1 detection per image and category.</param>
/// <param name="Ar10">AR with 10 detections.</param>
/// <param name="Ar100">AR with 100 detections.</param>
/// <param name="ArSmall">AR for small objects.</param>
/// <param name="ArMedium">AR for medium objects.</param>
/// <param name="ArLarge">AR for large objects.</param>
public sealed record CocoStats(double Ap, double Ap50, double Ap75, double ApSmall, double ApMedium, double ApLarge,
    double Ar1, double Ar10, double Ar100, double ArSmall, double ArMedium, double ArLarge)
{
    /// <summary>The names pycocotools prints, in <c>stats</c> order.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl" };

    /// <summary>The names of the evaluate JSON's <c>cocoStats</c> fields, in <c>stats</c> order: what comparisons and release gates call them.</summary>
    public static IReadOnlyList<string> JsonNames { get; } = new[] { "ap", "ap50", "ap75", "apSmall", "apMedium", "apLarge", "ar1", "ar10", "ar100", "arSmall", "arMedium", "arLarge" };

    /// <summary>
    /// The position in <c>stats</c> of the statistic <paramref name="name"/> means, ignoring case: a <see cref="JsonNames"/>
    /// name or pycocotools' (<c>APs</c> is <c>apSmall</c>); -1 for any other name.
    /// </summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < JsonNames.Count; i++)
        {
            if (string.Equals(JsonNames[i], name, StringComparison.OrdinalIgnoreCase) || string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    /// <summary>The values in pycocotools' <c>stats</c> order.</summary>
    public double[] ToArray() => new[] { Ap, Ap50, Ap75, ApSmall, ApMedium, ApLarge, Ar1, Ar10, Ar100, ArSmall, ArMedium, ArLarge };

    /// <summary>
    /// A COCO figure for a front end that shows undefined as empty: null where COCO says undefined with -1 (no ground
    /// truth in the slice; <see cref="DetectionLabelMetrics"/> uses it too) or the value is NaN.
    /// </summary>
    public static double? Defined(double value) => value < 0 || double.IsNaN(value) ? null : value;
}

/// <summary>
/// The metrics of one category. AP values are means over the category's slice of the precision array (area
/// "all", maxDets 100) after dropping -1 entries; -1 when the category has no non-ignored ground truth
/// (then detections of it affect no COCO number). The best-F1 values (EasyDL's view) are at IoU 0.5; undefined, they are
/// NaN (null in JSON), not COCO's -1, which marks only AP and AR.
/// </summary>
/// <param name="CategoryId">The COCO category id.</param>
/// <param name="DisplayName">The category name.</param>
/// <param name="Ap">AP at IoU .50:.95.</param>
/// <param name="Ap50">AP at IoU .50.</param>
/// <param name="Ap75">AP at IoU .75.</param>
/// <param name="Ar100">Recall at maxDets 100, averaged over IoU thresholds.</param>
/// <param name="ApPerIou">AP at each IoU threshold.</param>
/// <param name="GroundTruthCount">Ground-truth objects of the category that recall counts (TP + FN): crowd regions, which COCO ignores, left out (and an area beyond COCO's range all, 1e10), so that over the labels it sums to <see cref="DetectionCounts.GroundTruthObjects"/> − <see cref="DetectionCounts.CrowdObjects"/>.</param>
/// <param name="DetectionCount">Detections of the category that were evaluated.</param>
/// <param name="BestF1">The best F1 over confidence thresholds (NaN without ground truth).</param>
/// <param name="BestF1Threshold">The confidence threshold where F1 is best (the highest such score); NaN without detections or without ground truth.</param>
/// <param name="PrecisionAtBestF1">Precision at that threshold (NaN without ground truth).</param>
/// <param name="RecallAtBestF1">Recall at that threshold (NaN without ground truth).</param>
public sealed record DetectionLabelMetrics(long CategoryId, string DisplayName, double Ap, double Ap50, double Ap75, double Ar100,
    IReadOnlyList<double> ApPerIou, int GroundTruthCount, int DetectionCount, double BestF1, double BestF1Threshold, double PrecisionAtBestF1, double RecallAtBestF1);

/// <summary>What went into an evaluation, and what was left out of it.</summary>
/// <param name="Images">Images in the ground truth.</param>
/// <param name="Categories">Categories in the ground truth.</param>
/// <param name="GroundTruthObjects">Ground-truth annotations evaluated (crowd included).</param>
/// <param name="CrowdObjects">Of those, crowd regions (<c>iscrowd=1</c>), which are ignored.</param>
/// <param name="GroundTruthSkipped">Annotations left out: unreadable, or of an unlisted image or category.</param>
/// <param name="Detections">Detections evaluated.</param>
/// <param name="DetectionsSkipped">Detections left out, the sum of the five counts below.</param>
/// <param name="DetectionsUnknownImage">Left out: image id not in the ground truth.</param>
/// <param name="DetectionsUnknownCategory">Left out: category id not in the ground truth (pycocotools drops them too).</param>
/// <param name="DetectionsInvalid">Left out: rejected records (unreadable or invalid; of Vertex AI predictions, a line predicting an image again), each reported as an error.</param>
/// <param name="DetectionsBeyondMaxDets">Left out: ranked beyond the last maxDets in their image and category (pycocotools cuts them).</param>
/// <param name="DetectionsOtherSplit">Left out as intended: on images of another split (Vertex AI import files with ML_USE).</param>
/// <param name="GroundTruthInvalid">Of <paramref name="GroundTruthSkipped"/>, the annotations of unreadable records (errors: rejected; a Vertex AI import line rejected whole counts those it lists, at least one); the rest are annotations of unlisted images or categories (warnings).</param>
public sealed record DetectionCounts(int Images, int Categories, int GroundTruthObjects, int CrowdObjects, int GroundTruthSkipped,
    int Detections, int DetectionsSkipped, int DetectionsUnknownImage, int DetectionsUnknownCategory, int DetectionsInvalid, int DetectionsBeyondMaxDets,
    int DetectionsOtherSplit = 0, int GroundTruthInvalid = 0);
