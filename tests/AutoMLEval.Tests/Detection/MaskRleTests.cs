using AutoMLEval.Engine.Detection;
using Xunit;

namespace AutoMLEval.Tests.Detection;

/// <summary>maskApi semantics on masks small enough to check by hand (column-major runs, background first).</summary>
public class MaskRleTests
{
    [Fact]
    public void CompressedStringRoundTripsAndMatchesCocoEncoding()
    {
        // A 4×4 mask with a 2×2 square at rows 1–2, columns 1–2: column-major runs 5 bg, 2 fg, 2 bg, 2 fg, 5 bg.
        var mask = new MaskRle(4, 4, new uint[] { 5, 2, 2, 2, 5 });
        Assert.Equal(4, mask.Area);
        var text = mask.ToCompressedString();
        // Counts 5, 2, 2 are written as themselves ('0' + n); from the 4th on as the difference to two places before:
        // 2 − 2 = 0 → '0', 5 − 2 = 3 → '3'.
        Assert.Equal("52203", text);
        Assert.Equal(new[] { 1.0, 1, 2, 2 }, MaskRle.FromCompressedString(text, 4, 4).BoundingBox());
    }

    [Fact]
    public void PolygonOfASquareCoversItsPixels()
    {
        // The square (1,1)–(3,3) in a 5×5 image: maskApi's rasteriser fills pixel columns 1–2, rows 1–2 → area 4,
        // box [1, 1, 2, 2].
        var mask = MaskRle.FromPolygon(new double[] { 1, 1, 1, 3, 3, 3, 3, 1 }, 5, 5);
        Assert.Equal(4, mask.Area);
        Assert.Equal(new[] { 1.0, 1, 2, 2 }, mask.BoundingBox());
    }

    [Fact]
    public void UnionMergesPartsAndIouUsesDetectionAreaForCrowds()
    {
        var left = MaskRle.FromPolygon(new double[] { 0, 0, 0, 4, 2, 4, 2, 0 }, 4, 4);   // columns 0–1: 8 pixels
        var right = MaskRle.FromPolygon(new double[] { 2, 0, 2, 4, 4, 4, 4, 0 }, 4, 4);  // columns 2–3: 8 pixels
        var whole = MaskRle.Union(new[] { left, right });
        Assert.Equal(16, whole.Area);
        // left ∩ whole = 8, left ∪ whole = 16 → 0.5; as a crowd region the union is the detection's own area (8) → 1.
        Assert.Equal(0.5, DetectionIou.Mask(left, whole));
        Assert.Equal(1.0, DetectionIou.Mask(left, whole, crowd: true));
        // Disjoint halves: 0. Different image sizes: -1 (never a match).
        Assert.Equal(0.0, DetectionIou.Mask(left, right));
        Assert.Equal(-1.0, DetectionIou.Mask(left, MaskRle.FromPolygon(new double[] { 0, 0, 0, 4, 2, 4, 2, 0 }, 5, 5)));
        // An empty mask overlaps nothing.
        Assert.Equal(0.0, DetectionIou.Mask(new MaskRle(4, 4, new uint[] { 16 }), whole));
    }

    [Fact]
    public void BoxIouFollowsBbIou()
    {
        // 10×10 boxes offset by 5 in x: intersection 50, union 150.
        Assert.Equal(1.0 / 3, DetectionIou.Box(new double[] { 0, 0, 10, 10 }, new double[] { 5, 0, 10, 10 }), 15);
        // Crowd: intersection over the detection's area, 50/100.
        Assert.Equal(0.5, DetectionIou.Box(new double[] { 0, 0, 10, 10 }, new double[] { 5, 0, 10, 10 }, crowd: true), 15);
        // Identical zero-area boxes do not overlap.
        Assert.Equal(0.0, DetectionIou.Box(new double[] { 3, 3, 0, 0 }, new double[] { 3, 3, 0, 0 }));
    }
}
