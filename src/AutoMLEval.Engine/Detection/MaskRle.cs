namespace AutoMLEval.Engine.Detection;

/// <summary>
/// A binary mask in COCO's run-length encoding: column-major (Fortran order) runs that alternate between
/// background and foreground, starting with background (a first run of 0 when the mask starts with foreground).
/// The arithmetic of every operation follows pycocotools' <c>common/maskApi.c</c> exactly (unsigned 32-bit
/// counts, the same bounding-box and polygon rules), because the IoU values must match its evaluator bit for bit.
/// </summary>
public sealed class MaskRle
{
    /// <summary>Creates a mask from its height, width and run lengths (copied).</summary>
    public MaskRle(int height, int width, IReadOnlyList<uint> counts)
    {
        Height = height;
        Width = width;
        Counts = counts.ToArray();
    }

    private MaskRle(int height, int width, uint[] counts, bool owned)
    {
        Height = height;
        Width = width;
        Counts = owned ? counts : (uint[])counts.Clone();
    }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>The run lengths, first run background.</summary>
    internal uint[] Counts { get; }

    /// <summary>Number of foreground pixels (maskApi <c>rleArea</c>).</summary>
    public long Area
    {
        get
        {
            uint area = 0;
            for (int j = 1; j < Counts.Length; j += 2) area += Counts[j];
            return area;
        }
    }

    /// <summary>
    /// Decodes COCO's compressed RLE string (maskApi <c>rleFrString</c>: LEB128-like, 6 bits a character,
    /// ASCII 48–111, each count after the second stored as a difference to the count two places before).
    /// </summary>
    /// <exception cref="FormatException">A character outside the alphabet or a truncated number.</exception>
    public static MaskRle FromCompressedString(string counts, int height, int width)
    {
        var runs = new List<uint>(counts.Length);
        int p = 0;
        while (p < counts.Length)
        {
            long x = 0;
            int k = 0;
            bool more = true;
            while (more)
            {
                if (p >= counts.Length) throw new FormatException("the compressed RLE string ends inside a number");
                int c = counts[p] - 48;
                if (c < 0 || c > 63) throw new FormatException($"character '{counts[p]}' is not in the compressed RLE alphabet");
                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }
            if (runs.Count > 2) x += runs[runs.Count - 2];
            runs.Add(unchecked((uint)x));
        }
        return new MaskRle(height, width, runs.ToArray(), owned: true);
    }

    /// <summary>Encodes the mask as COCO's compressed RLE string (maskApi <c>rleToString</c>).</summary>
    public string ToCompressedString()
    {
        var text = new System.Text.StringBuilder(Counts.Length * 2);
        for (int i = 0; i < Counts.Length; i++)
        {
            long x = Counts[i];
            if (i > 2) x -= Counts[i - 2];
            bool more = true;
            while (more)
            {
                int c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                text.Append((char)(c + 48));
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Rasterises one polygon (x0, y0, x1, y1, ...) at the given image size exactly as maskApi
    /// <c>rleFrPoly</c>: the boundary is upsampled 5×, points on vertical pixel boundaries are kept, and the
    /// resulting column-major boundary positions become runs.
    /// </summary>
    public static MaskRle FromPolygon(IReadOnlyList<double> xy, int height, int width)
    {
        const double scale = 5;
        int k = xy.Count / 2;
        var x = new int[k + 1];
        var y = new int[k + 1];
        for (int j = 0; j < k; j++) x[j] = (int)(scale * xy[j * 2] + .5);
        x[k] = x[0];
        for (int j = 0; j < k; j++) y[j] = (int)(scale * xy[j * 2 + 1] + .5);
        y[k] = y[0];
        long total = 0;
        for (int j = 0; j < k; j++) total += Math.Max(Math.Abs(x[j] - x[j + 1]), Math.Abs(y[j] - y[j + 1])) + 1;
        var u = new int[total];
        var v = new int[total];
        int m = 0;
        for (int j = 0; j < k; j++)
        {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.Abs(xe - xs), dy = Math.Abs(ys - ye);
            bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip)
            {
                (xs, xe) = (xe, xs);
                (ys, ye) = (ye, ys);
            }
            double s = dx >= dy ? (double)(ye - ys) / dx : (double)(xe - xs) / dy;
            if (dx >= dy)
            {
                for (int d = 0; d <= dx; d++)
                {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = (int)(ys + s * t + .5);
                    m++;
                }
            }
            else
            {
                for (int d = 0; d <= dy; d++)
                {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = (int)(xs + s * t + .5);
                    m++;
                }
            }
        }

        // Keep the points where the boundary crosses a pixel column, downsampled back to pixel units.
        int pointCount = m;
        var bx = new int[pointCount];
        var by = new int[pointCount];
        m = 0;
        for (int j = 1; j < pointCount; j++)
        {
            if (u[j] == u[j - 1]) continue;
            double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
            xd = (xd + .5) / scale - .5;
            if (Math.Floor(xd) != xd || xd < 0 || xd > width - 1) continue;
            double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
            yd = (yd + .5) / scale - .5;
            if (yd < 0) yd = 0;
            else if (yd > height) yd = height;
            yd = Math.Ceiling(yd);
            bx[m] = (int)xd;
            by[m] = (int)yd;
            m++;
        }

        int n = m;
        var a = new uint[n + 1];
        for (int j = 0; j < n; j++) a[j] = unchecked((uint)(bx[j] * height + by[j]));
        a[n++] = unchecked((uint)(height * width));
        Array.Sort(a, 0, n);
        uint previous = 0;
        for (int j = 0; j < n; j++)
        {
            uint t = a[j];
            a[j] -= previous;
            previous = t;
        }
        var b = new uint[n];
        int i = 0;
        m = 0;
        b[m++] = a[i++];
        while (i < n)
        {
            if (a[i] > 0)
            {
                b[m++] = a[i++];
            }
            else
            {
                i++;
                if (i < n) b[m - 1] += a[i++];
            }
        }
        Array.Resize(ref b, m);
        return new MaskRle(height, width, b, owned: true);
    }

    /// <summary>
    /// The union of masks of one size (maskApi <c>rleMerge</c> with intersect = 0); masks of different sizes
    /// give an empty 0×0 mask, as maskApi does.
    /// </summary>
    public static MaskRle Union(IReadOnlyList<MaskRle> masks)
    {
        if (masks.Count == 0) return new MaskRle(0, 0, Array.Empty<uint>(), owned: true);
        var first = masks[0];
        if (masks.Count == 1) return first;
        int h = first.Height, w = first.Width;
        var counts = (uint[])first.Counts.Clone();
        int m = counts.Length;
        for (int index = 1; index < masks.Count; index++)
        {
            var other = masks[index];
            if (other.Height != h || other.Width != w) return new MaskRle(0, 0, Array.Empty<uint>(), owned: true);
            var current = new uint[m];
            Array.Copy(counts, current, m);
            var merged = new List<uint>(m + other.Counts.Length);
            uint ca = Run(current, 0), cb = Run(other.Counts, 0), cc = 0;
            bool v = false, va = false, vb = false;
            int ia = 1, ib = 1;
            uint ct = 1;
            while (ct > 0)
            {
                uint c = Math.Min(ca, cb);
                cc += c;
                ct = 0;
                ca -= c;
                if (ca == 0 && ia < current.Length)
                {
                    ca = current[ia++];
                    va = !va;
                }
                ct += ca;
                cb -= c;
                if (cb == 0 && ib < other.Counts.Length)
                {
                    cb = other.Counts[ib++];
                    vb = !vb;
                }
                ct += cb;
                bool vp = v;
                v = va || vb;
                if (v != vp || ct == 0)
                {
                    merged.Add(cc);
                    cc = 0;
                }
            }
            counts = merged.ToArray();
            m = counts.Length;
        }
        return new MaskRle(h, w, counts, owned: true);
    }

    /// <summary>
    /// The bounding box [x, y, width, height] of the foreground (maskApi <c>rleToBbox</c>, unsigned arithmetic
    /// included); all zeros for an empty mask.
    /// </summary>
    public double[] BoundingBox()
    {
        var box = new double[4];
        WriteBoundingBox(box, 0);
        return box;
    }

    internal void WriteBoundingBox(double[] boxes, int offset)
    {
        uint h = (uint)Height, w = (uint)Width;
        int m = Counts.Length / 2 * 2;
        if (m == 0 || h == 0)
        {
            boxes[offset] = boxes[offset + 1] = boxes[offset + 2] = boxes[offset + 3] = 0;
            return;
        }
        uint xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
        for (int j = 0; j < m; j++)
        {
            cc += Counts[j];
            uint t = cc - (uint)(j % 2);
            uint y = t % h;
            uint x = (t - y) / h;
            if (j % 2 == 0)
            {
                xp = x;
            }
            else if (xp < x)
            {
                ys = 0;
                ye = h - 1;
            }
            xs = Math.Min(xs, x);
            xe = Math.Max(xe, x);
            ys = Math.Min(ys, y);
            ye = Math.Max(ye, y);
        }
        boxes[offset] = xs;
        boxes[offset + 2] = xe - xs + 1;
        boxes[offset + 1] = ys;
        boxes[offset + 3] = ye - ys + 1;
    }

    /// <summary>
    /// Intersection over union of two masks (the per-pair part of maskApi <c>rleIou</c>, called only when
    /// their bounding boxes overlap). For a crowd ground truth the denominator is the detection's area.
    /// Returns -1 when the sizes differ (never a match), 0 when the masks do not intersect.
    /// </summary>
    internal static double Overlap(MaskRle detection, MaskRle groundTruth, bool crowd)
    {
        if (detection.Height != groundTruth.Height || detection.Width != groundTruth.Width) return -1;
        var da = detection.Counts;
        var ga = groundTruth.Counts;
        uint ca = Run(da, 0), cb = Run(ga, 0), intersection = 0, union = 0, ct = 1;
        bool va = false, vb = false;
        int a = 1, b = 1;
        while (ct > 0)
        {
            uint c = Math.Min(ca, cb);
            if (va || vb)
            {
                union += c;
                if (va && vb) intersection += c;
            }
            ct = 0;
            ca -= c;
            if (ca == 0 && a < da.Length)
            {
                ca = da[a++];
                va = !va;
            }
            ct += ca;
            cb -= c;
            if (cb == 0 && b < ga.Length)
            {
                cb = ga[b++];
                vb = !vb;
            }
            ct += cb;
        }
        if (intersection == 0) union = 1;
        else if (crowd) union = (uint)detection.Area;
        return (double)intersection / union;
    }

    // maskApi reads cnts[0] even for an empty count list (undefined there); an empty mask has no runs at all.
    private static uint Run(uint[] counts, int index) => index < counts.Length ? counts[index] : 0;
}
