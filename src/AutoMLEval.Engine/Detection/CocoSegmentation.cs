namespace AutoMLEval.Engine.Detection;

/// <summary>How a COCO <c>segmentation</c> field is written.</summary>
public enum SegmentationKind
{
    /// <summary>A list of polygons <c>[[x0, y0, x1, y1, ...], ...]</c> in pixels; the parts are merged (union).</summary>
    Polygons,

    /// <summary><c>{"size": [h, w], "counts": "..."}</c>: COCO's compressed run-length string.</summary>
    CompressedRle,

    /// <summary><c>{"size": [h, w], "counts": [n0, n1, ...]}</c>: column-major runs starting with background.</summary>
    UncompressedRle,
}

/// <summary>
/// A COCO segmentation as read from the file, turned into a <see cref="MaskRle"/> only when masks are evaluated
/// (polygons need the image size). Mirrors pycocotools <c>COCO.annToRLE</c>.
/// </summary>
public sealed class CocoSegmentation
{
    private CocoSegmentation(SegmentationKind kind, IReadOnlyList<double[]>? polygons, string? compressed, uint[]? counts, int height, int width)
    {
        Kind = kind;
        Polygons = polygons ?? Array.Empty<double[]>();
        CompressedCounts = compressed;
        UncompressedCounts = counts;
        Height = height;
        Width = width;
    }

    /// <summary>How the segmentation was written.</summary>
    public SegmentationKind Kind { get; }

    /// <summary>The polygons (empty unless <see cref="Kind"/> is <see cref="SegmentationKind.Polygons"/>).</summary>
    public IReadOnlyList<double[]> Polygons { get; }

    /// <summary>The RLE string of a compressed RLE, otherwise null.</summary>
    public string? CompressedCounts { get; }

    internal uint[]? UncompressedCounts { get; }

    /// <summary>The RLE's own height (<c>size[0]</c>); 0 for polygons, which take the image's.</summary>
    public int Height { get; }

    /// <summary>The RLE's own width (<c>size[1]</c>); 0 for polygons.</summary>
    public int Width { get; }

    /// <summary>
    /// A polygon segmentation; <paramref name="polygons"/> must not be empty, and its parts must all be boxes of 4 numbers
    /// (when the first is) or all polygons of at least 6.
    /// </summary>
    public static CocoSegmentation FromPolygons(IReadOnlyList<double[]> polygons) =>
        new(SegmentationKind.Polygons, polygons, null, null, 0, 0);

    /// <summary>A compressed-RLE segmentation.</summary>
    public static CocoSegmentation FromCompressedRle(string counts, int height, int width) =>
        new(SegmentationKind.CompressedRle, null, counts, null, height, width);

    /// <summary>An uncompressed-RLE segmentation.</summary>
    public static CocoSegmentation FromUncompressedRle(IReadOnlyList<uint> counts, int height, int width) =>
        new(SegmentationKind.UncompressedRle, null, null, counts.ToArray(), height, width);

    /// <summary>
    /// The mask, as pycocotools <c>annToRLE</c> builds it: polygons rasterised at the image size and merged
    /// (a first part of exactly 4 numbers makes maskApi read every part as a box [x, y, w, h], which is kept);
    /// RLEs at their own size.
    /// </summary>
    /// <exception cref="FormatException">A compressed RLE string that cannot be decoded.</exception>
    public MaskRle ToMask(int imageHeight, int imageWidth)
    {
        switch (Kind)
        {
            case SegmentationKind.CompressedRle:
                return MaskRle.FromCompressedString(CompressedCounts!, Height, Width);
            case SegmentationKind.UncompressedRle:
                return new MaskRle(Height, Width, UncompressedCounts!);
            default:
                bool boxes = Polygons[0].Length == 4;
                var parts = new MaskRle[Polygons.Count];
                for (int i = 0; i < parts.Length; i++)
                {
                    var p = Polygons[i];
                    parts[i] = MaskRle.FromPolygon(boxes ? BoxCorners(p) : p, imageHeight, imageWidth);
                }
                return MaskRle.Union(parts);
        }
    }

    // maskApi rleFrBbox: the box as the polygon (xs,ys) (xs,ye) (xe,ye) (xe,ys).
    private static double[] BoxCorners(double[] box)
    {
        double xs = box[0], xe = xs + box[2], ys = box[1], ye = ys + box[3];
        return new[] { xs, ys, xs, ye, xe, ye, xe, ys };
    }
}
