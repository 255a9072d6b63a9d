namespace AutoMLEval.Engine.Detection;

/// <summary>Which overlap COCO evaluation uses: boxes (<c>iouType="bbox"</c>) or masks (<c>"segm"</c>).</summary>
public enum IouType
{
    /// <summary>Box IoU on <c>[x, y, w, h]</c>.</summary>
    BoundingBox,

    /// <summary>Mask IoU on run-length-encoded masks.</summary>
    Segmentation,
}

/// <summary>An object-size range of COCO evaluation; an area counts as inside when <c>Min ≤ area ≤ Max</c>.</summary>
/// <param name="Label">all, small, medium or large.</param>
/// <param name="Min">Lower bound (inclusive).</param>
/// <param name="Max">Upper bound (inclusive).</param>
public sealed record AreaRange(string Label, double Min, double Max)
{
    /// <summary>Whether <paramref name="area"/> lies outside the range (pycocotools: <c>area &lt; lo or area &gt; hi</c>).</summary>
    public bool Excludes(double area) => area < Min || area > Max;
}

/// <summary>
/// The parameters of COCO evaluation, with pycocotools <c>Params(iouType)</c> defaults:
/// IoU thresholds <c>np.linspace(.5, .95, 10)</c>, recall thresholds <c>np.linspace(0, 1, 101)</c>,
/// maxDets [1, 10, 100], area ranges all [0, 1e10], small [0, 32²], medium [32², 96²], large [96², 1e10],
/// one evaluation per category (<c>useCats=1</c>).
/// </summary>
public sealed class CocoParams
{
    /// <summary>Creates parameters; thresholds must be ascending, maxDets ascending and positive.</summary>
    public CocoParams(IouType iouType, IReadOnlyList<double> iouThresholds, IReadOnlyList<double> recallThresholds, IReadOnlyList<int> maxDetections, IReadOnlyList<AreaRange> areaRanges)
    {
        if (iouThresholds.Count == 0 || recallThresholds.Count == 0 || maxDetections.Count == 0 || areaRanges.Count == 0)
        {
            throw new ArgumentException("Every parameter list needs at least one value.");
        }
        if (maxDetections.Any(m => m <= 0)) throw new ArgumentException("maxDets must be positive.", nameof(maxDetections));
        for (int i = 1; i < maxDetections.Count; i++)
        {
            if (maxDetections[i] < maxDetections[i - 1]) throw new ArgumentException("maxDets must be ascending.", nameof(maxDetections));
        }
        IouType = iouType;
        IouThresholds = iouThresholds.ToArray();
        RecallThresholds = recallThresholds.ToArray();
        MaxDetections = maxDetections.ToArray();
        AreaRanges = areaRanges.ToArray();
    }

    /// <summary>Boxes or masks.</summary>
    public IouType IouType { get; }

    /// <summary>IoU thresholds T; a detection matches when IoU ≥ threshold.</summary>
    public IReadOnlyList<double> IouThresholds { get; }

    /// <summary>Recall thresholds R at which interpolated precision is sampled.</summary>
    public IReadOnlyList<double> RecallThresholds { get; }

    /// <summary>The detection limits M per image and category; the last one also limits matching.</summary>
    public IReadOnlyList<int> MaxDetections { get; }

    /// <summary>The object-size ranges A; the first is normally "all".</summary>
    public IReadOnlyList<AreaRange> AreaRanges { get; }

    /// <summary>
    /// The index of <paramref name="iouThreshold"/> in <see cref="IouThresholds"/> (within 1e-9). Every evaluation has
    /// the default's ten (<see cref="Default"/>, <see cref="SizeIndependent"/>), so a front end checks a threshold
    /// against those before it reads any input.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not one of them.</exception>
    public int IouIndex(double iouThreshold)
    {
        for (int t = 0; t < IouThresholds.Count; t++)
        {
            if (Math.Abs(IouThresholds[t] - iouThreshold) < 1e-9) return t;
        }
        // No parameter name or value in the exception: its message is shown to users as it is, after the option's name.
        throw new ArgumentOutOfRangeException($"Not an evaluated IoU threshold; use one of {string.Join(", ", IouThresholds.Select(v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}.", innerException: null);
    }

    private static readonly int[] DefaultMaxDetections = { 1, 10, 100 };

    /// <summary>pycocotools' defaults for boxes or masks.</summary>
    public static CocoParams Default(IouType iouType) => new(
        iouType,
        Linspace(.5, .95, 10),
        Linspace(0, 1, 101),
        DefaultMaxDetections,
        new[]
        {
            new AreaRange("all", 0, 1e10),
            new AreaRange("small", 0, 32 * 32),
            new AreaRange("medium", 32 * 32, 96 * 96),
            new AreaRange("large", 96 * 96, 1e10),
        });

    /// <summary>
    /// The defaults with only the area range "all": for boxes whose pixel sizes are unknown. AP/AR by object size
    /// (small, medium, large) are then -1 (skipped); every other number is unchanged, because IoU does not change when
    /// x and y are scaled.
    /// </summary>
    public static CocoParams SizeIndependent(IouType iouType)
    {
        var defaults = Default(iouType);
        return new CocoParams(iouType, defaults.IouThresholds, defaults.RecallThresholds, defaults.MaxDetections, new[] { defaults.AreaRanges[0] });
    }

    /// <summary>
    /// numpy's <c>linspace(start, stop, num)</c> bit for bit: <c>start + i·((stop − start)/(num − 1))</c>, the last
    /// value exactly <paramref name="stop"/>. (So index 8 of linspace(.5, .95, 10) is 0.8999999999999999, not 0.9.)
    /// </summary>
    public static double[] Linspace(double start, double stop, int count)
    {
        var values = new double[count];
        if (count == 1)
        {
            values[0] = start;
            return values;
        }
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) values[i] = i * step + start;
        values[count - 1] = stop;
        return values;
    }
}
