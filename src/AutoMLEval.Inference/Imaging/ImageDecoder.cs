using System.Globalization;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Reports;
using NetVips;

namespace AutoMLEval.Inference.Imaging;

/// <summary>How an image is brought to the model's input size.</summary>
public enum ResizeMode
{
    /// <summary>Scale width and height independently to exactly the target size (aspect ratio not kept).</summary>
    Stretch,

    /// <summary>Scale so the image covers the target, then cut the centre out (aspect ratio kept).</summary>
    CenterCrop,

    /// <summary>Scale so the image fits inside the target, then pad with black around it (aspect ratio kept).</summary>
    Pad,
}

/// <summary>Decoded 8-bit pixels, interleaved row by row (height × width × channels).</summary>
public sealed class DecodedImage
{
    internal DecodedImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 (grey) or 3 (R, G, B).</summary>
    public int Channels { get; }

    /// <summary>The pixel at (x, y), channel c, is at <c>(y * Width + x) * Channels + c</c>.</summary>
    public byte[] Pixels { get; }
}

/// <summary>An image file could not be decoded (not an image, corrupt, truncated, empty), or is larger than is decoded here.</summary>
public sealed class ImageDecodeException : Exception
{

    /// <summary>Creates the exception for the file at <paramref name="source"/>; <paramref name="code"/> says which kind of failure.</summary>
    public ImageDecodeException(string source, string message, string code = SkippedImages.UnreadableImageCode)
        : base(message)
    {
        Source = source;
        Code = code;
    }

    /// <summary>The file that failed.</summary>
    public new string Source { get; }

    /// <summary><see cref="SkippedImages.UnreadableImageCode"/> or <see cref="SkippedImages.ImageTooLargeCode"/>: the issue code the front ends report.</summary>
    public string Code { get; }
}

/// <summary>
/// Decodes JPEG, PNG, WebP, TIFF (and whatever else libvips reads) into 8-bit grey or RGB pixels, turned
/// upright according to the EXIF orientation (<c>autorot</c>), with transparency flattened onto black,
/// and optionally resized. libvips is reached through NetVips. Thread-safe: images are decoded in parallel,
/// one libvips thread each.
/// </summary>
public static class ImageDecoder
{
    private static readonly Lazy<string> Initialization = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly char[] LineBreak = { '\r', '\n' };
    private const string OrientationField = "orientation";
    private const string LoaderField = "vips-loader";
    private const string JpegLoader = "jpegload_buffer";

    /// <summary>The libvips version in use, for example <c>8.18.7</c>.</summary>
    /// <exception cref="InvalidOperationException">libvips could not be loaded or started.</exception>
    public static string LibvipsVersion => Initialization.Value;

    /// <summary>The largest image file read (512 MiB): larger is not a picture a classifier or a report page needs.</summary>
    public const long MaxFileBytes = 1L << 29;

    /// <summary>
    /// The most pixels an image may declare (268,435,456, 16384 × 16384): a file that declares more (an SVG of
    /// 200000 × 200000, a decompression bomb) would exhaust memory when decoded whole, as the decoder does before
    /// resizing, so it is refused from its header with <see cref="SkippedImages.ImageTooLargeCode"/>.
    /// </summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>What to do about an image over a size limit, the end of its error.</summary>
    private const string ScaleDownAdvice = "a size limit that keeps a decompression bomb from exhausting memory, not damage; scale the image down first, for example with 'vips thumbnail IN OUT.png 8192' or 'magick IN -resize 8192x8192 OUT.png'.";

    /// <summary>Reads and decodes a file; see <see cref="Decode(byte[], string, int, int, int, ResizeMode)"/>.</summary>
    /// <exception cref="ImageDecodeException">The file is missing, unreadable, empty, not a regular file, too large or not a decodable image.</exception>
    public static DecodedImage DecodeFile(string path, int width, int height, int channels, ResizeMode resizeMode) =>
        Decode(ReadFile(path), path, width, height, channels, resizeMode);

    /// <summary>
    /// The bytes of an image file. Only a regular file of at most <see cref="MaxFileBytes"/> bytes is read: a pipe or a
    /// device (a FIFO, <c>/dev/zero</c>) reports no length and would block or never end, so it is refused unopened.
    /// </summary>
    /// <exception cref="ImageDecodeException">The file is missing, unreadable, not a regular file or too large.</exception>
    public static byte[] ReadFile(string path)
    {
        try
        {
            var file = new FileInfo(path);
#if NET6_0_OR_GREATER
            // A link is judged by what it leads to: of the link itself, FileInfo gives the length of the path it holds,
            // so a link to a FIFO blocked the read and one to /dev/zero read until memory ran out.
            if (file.LinkTarget is not null)
            {
                var target = file.ResolveLinkTarget(returnFinalTarget: true);
                if (target is DirectoryInfo) throw new ImageDecodeException(path, "The path is a link to a folder, not to an image file.");
                if (target is FileInfo final) file = final;
            }
#endif
            if (!file.Exists) throw new ImageDecodeException(path, "The file does not exist.");
            if (file.Length == 0) throw new ImageDecodeException(path, "The file is empty, or not a regular file (a pipe or a device); only image files are read.");
            if (file.Length > MaxFileBytes)
            {
                throw new ImageDecodeException(path, $"The file has {file.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, more than the {MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)} an image file is read with here: {ScaleDownAdvice}", SkippedImages.ImageTooLargeCode);
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ImageDecodeException(path, e.Message);
        }
    }

    /// <summary>Decodes an encoded image held in memory.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <param name="width">Target width, or 0 to keep the image's own size (then <paramref name="height"/> must be 0 too).</param>
    /// <param name="height">Target height, or 0.</param>
    /// <param name="channels">1 for grey (colour images are converted), 3 for RGB (grey images are replicated).</param>
    /// <param name="resizeMode">How the image is brought to the target size.</param>
    /// <exception cref="ImageDecodeException">The bytes are empty or not a decodable image.</exception>
    public static DecodedImage Decode(byte[] encoded, string source, int width, int height, int channels, ResizeMode resizeMode)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only 1 (grey) or 3 (RGB) channels are supported.");
        return Process(encoded, source, width > 0 && height > 0 ? new ResizeTarget(width, height, resizeMode) : null, image =>
        {
            if (image.Current.HasAlpha()) image.Apply(i => i.Flatten());
            var space = channels == 1 ? Enums.Interpretation.Bw : Enums.Interpretation.Srgb;
            // Most photos are already 8-bit sRGB: a no-op conversion still costs an operation per image.
            if (image.Current.Interpretation != space || image.Current.Format != Enums.BandFormat.Uchar) image.Apply(i => i.Colourspace(space));
            // Extra bands that are not alpha (for example a second grey band): keep the first ones.
            if (image.Current.Bands > channels) image.Apply(i => i.ExtractBand(0, channels));
            if (width > 0 && height > 0 && (image.Current.Width != width || image.Current.Height != height)) Resize(image, width, height, resizeMode);
            ToUchar(image);
            // Decoding actually happens here (libvips is lazy), so corrupt data surfaces here too.
            var pixels = image.Current;
            // Fetched on this thread: writing to memory hands every image to a libvips worker thread and back.
            using var region = Region.New(pixels);
            return new DecodedImage(pixels.Width, pixels.Height, pixels.Bands, region.Fetch(0, 0, pixels.Width, pixels.Height));
        });
    }

    /// <summary>
    /// A thumbnail for a report: the image upright, scaled down (never up) to fit <paramref name="maxSize"/> ×
    /// <paramref name="maxSize"/> pixels keeping its aspect ratio, in grey or sRGB, encoded as PNG when it has transparency and as
    /// JPEG (quality <see cref="ThumbnailJpegQuality"/>) otherwise.
    /// </summary>
    /// <exception cref="ImageDecodeException">The bytes are empty or not a decodable image.</exception>
    public static ReportThumbnail Thumbnail(byte[] encoded, string source, int maxSize)
    {
        if (maxSize < 1) throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "A thumbnail needs at least one pixel.");
        // Fitting inside the square is padding's rule: a large camera JPEG decodes straight at an eighth of its size.
        return Process(encoded, source, new ResizeTarget(maxSize, maxSize, ResizeMode.Pad), image =>
        {
            image.Apply(i => i.ThumbnailImage(maxSize, maxSize, Enums.Size.Down, crop: Enums.Interesting.None));
            // Grey stays grey (one band, a third of the bytes); anything else becomes sRGB.
            image.Apply(i => i.Colourspace(i.Bands <= 2 ? Enums.Interpretation.Bw : Enums.Interpretation.Srgb));
            ToUchar(image);
            // Encoding pulls the pixels through the decoder, so a corrupt file fails here.
            var small = image.Current;
            return small.HasAlpha()
                // A report is made to be shared: no EXIF (camera, GPS position), XMP or ICC data rides along.
                ? new ReportThumbnail("image/png", small.PngsaveBuffer(keep: Enums.ForeignKeep.None))
                : new ReportThumbnail("image/jpeg", small.JpegsaveBuffer(q: ThumbnailJpegQuality, keep: Enums.ForeignKeep.None));
        });
    }

    /// <summary>The JPEG quality of <see cref="Thumbnail"/>: small files, no visible blocks at thumbnail size.</summary>
    public const int ThumbnailJpegQuality = 80;

    /// <summary>
    /// Opens the encoded bytes as an upright image and runs <paramref name="work"/> on it; the image the work ends
    /// with is released, and libvips' errors become <see cref="ImageDecodeException"/>. <paramref name="resizeTo"/>, when
    /// the work resizes the image, lets a large JPEG be decoded smaller.
    /// </summary>
    private static T Process<T>(byte[] encoded, string source, ResizeTarget? resizeTo, Func<ImagePipeline, T> work)
    {
        if (encoded.Length == 0) throw new ImageDecodeException(source, "The file is empty (0 bytes).");
        _ = Initialization.Value;
        try
        {
            // fail_on=truncated: a cut-off JPEG or PNG is an error, not an image with a grey lower half.
            using var image = new ImagePipeline(Image.NewFromBuffer(encoded, failOn: Enums.FailOn.Truncated));
            // libvips reads only the header so far: refuse what would not fit in memory before any pixel is made.
            if ((long)image.Current.Width * image.Current.Height > MaxPixels)
            {
                var pixels = (long)image.Current.Width * image.Current.Height;
                throw new ImageDecodeException(
                    source,
                    $"The image has {image.Current.Width.ToString(CultureInfo.InvariantCulture)} × {image.Current.Height.ToString(CultureInfo.InvariantCulture)} = {pixels.ToString("N0", CultureInfo.InvariantCulture)} pixels, more than the {MaxPixels.ToString("N0", CultureInfo.InvariantCulture)} (16384 × 16384) an image is decoded with here: {ScaleDownAdvice}",
                    SkippedImages.ImageTooLargeCode);
            }
            var orientation = image.Current.Contains(OrientationField) && image.Current.Get(OrientationField) is int value ? value : 1;
            if (resizeTo is not null && image.Current.Contains(LoaderField) && (string)image.Current.Get(LoaderField) == JpegLoader)
            {
                // Orientations 5 to 8 turn the image a quarter: the stored width is the upright height.
                var (uprightWidth, uprightHeight) = orientation >= 5 ? (image.Current.Height, image.Current.Width) : (image.Current.Width, image.Current.Height);
                var shrink = JpegShrink(resizeTo.LargestShrink(uprightWidth, uprightHeight));
                // A large JPEG decodes straight to a half, a quarter or an eighth of its size (libjpeg scales the DCT, as
                // libvips' thumbnail does): a 12-megapixel photo for a 224 × 224 input costs a fiftieth of a full decode.
                if (shrink > 1) image.Apply(_ => Image.JpegloadBuffer(encoded, shrink: shrink, failOn: Enums.FailOn.Truncated));
            }
            // Most files carry no orientation (or "upright", 1): turning them would only copy the pixels.
            if (orientation != 1) image.Apply(i => i.Autorot());
            return work(image);
        }
        catch (VipsException e)
        {
            throw new ImageDecodeException(source, OneLine(e.Message));
        }
    }

    private static void ToUchar(ImagePipeline image)
    {
        if (image.Current.Format != Enums.BandFormat.Uchar) image.Apply(i => i.Cast(Enums.BandFormat.Uchar));
    }

    /// <summary>
    /// Resamples with libvips' linear kernel, widened when shrinking so that every source pixel counts: the antialiased
    /// bilinear resize of torchvision's <c>Resize</c> and PIL's <c>BILINEAR</c>, which most classifiers were trained on.
    /// (libvips' default lanczos3 costs about half a millisecond more per photo, a sixth of its decoding.)
    /// </summary>
    private static void Resize(ImagePipeline image, int width, int height, ResizeMode resizeMode)
    {
        int sourceWidth = image.Current.Width, sourceHeight = image.Current.Height;
        switch (resizeMode)
        {
            case ResizeMode.CenterCrop:
            {
                var scale = Math.Max((double)width / sourceWidth, (double)height / sourceHeight);
                ResizeTo(image, Math.Max(width, Scaled(sourceWidth, scale)), Math.Max(height, Scaled(sourceHeight, scale)));
                var (scaledWidth, scaledHeight) = (image.Current.Width, image.Current.Height);
                if (scaledWidth != width || scaledHeight != height) image.Apply(i => i.Crop((scaledWidth - width) / 2, (scaledHeight - height) / 2, width, height));
                break;
            }
            case ResizeMode.Pad:
            {
                var scale = Math.Min((double)width / sourceWidth, (double)height / sourceHeight);
                ResizeTo(image, Math.Min(width, Scaled(sourceWidth, scale)), Math.Min(height, Scaled(sourceHeight, scale)));
                if (image.Current.Width != width || image.Current.Height != height) image.Apply(i => i.Gravity(Enums.CompassDirection.Centre, width, height));
                break;
            }
            default:
                ResizeTo(image, width, height);
                break;
        }
    }

    /// <summary>The size an image is resized to, and how.</summary>
    private sealed record ResizeTarget(int Width, int Height, ResizeMode Mode)
    {
        /// <summary>
        /// How far an upright image of the given size may shrink before it is resized and still be resampled from at
        /// least the size it is resized to: cover (stretch, crop) needs both sides at least the target's; pad needs one.
        /// </summary>
        public double LargestShrink(int sourceWidth, int sourceHeight)
        {
            double widthRatio = (double)sourceWidth / Width, heightRatio = (double)sourceHeight / Height;
            return Mode == ResizeMode.Pad ? Math.Max(widthRatio, heightRatio) : Math.Min(widthRatio, heightRatio);
        }
    }

    /// <summary>libjpeg's scales: 8, 4, 2 or 1 (no shrink).</summary>
    private static int JpegShrink(double largest) => largest >= 8 ? 8 : largest >= 4 ? 4 : largest >= 2 ? 2 : 1;

    /// <summary>At least one pixel: a 1000 × 1 strip padded into a square keeps a row.</summary>
    private static int Scaled(int size, double scale) => Math.Max(1, (int)Math.Round(size * scale, MidpointRounding.AwayFromZero));

    private static void ResizeTo(ImagePipeline image, int width, int height)
    {
        int sourceWidth = image.Current.Width, sourceHeight = image.Current.Height;
        if (sourceWidth == width && sourceHeight == height) return;
        image.Apply(i => i.Resize((double)width / sourceWidth, vscale: (double)height / sourceHeight, kernel: Enums.Kernel.Linear));
        // libvips rounds the scaled size itself; the model needs exactly the target, not a pixel more or less.
        var (resizedWidth, resizedHeight) = (image.Current.Width, image.Current.Height);
        if (resizedWidth != width || resizedHeight != height)
        {
            throw new InvalidOperationException($"libvips resized {sourceWidth} × {sourceHeight} to {resizedWidth} × {resizedHeight}, not {width} × {height}.");
        }
    }

    /// <summary>libvips' error text (one line per decoder complaint, often repeated) as one line.</summary>
    private static string OneLine(string message)
    {
        var text = string.Join(" ", message.Split(LineBreak, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal));
        return text.Length == 0 ? "libvips could not decode the image." : text;
    }

    private static string Initialize()
    {
        // NetVips starts libvips when its assembly loads and keeps the failure rather than throwing it.
        if (!ModuleInitializer.VipsInitialized)
        {
            throw new InvalidOperationException("libvips could not be loaded: " + ModuleInitializer.Exception?.Message + LibvipsHint, ModuleInitializer.Exception);
        }
        // libvips logs decoder warnings to stderr itself; failures reach the caller as exceptions instead.
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, (_, _, _) => { });
        // No operation cache (each image is seen once) and one libvips thread per image: images are decoded in parallel instead.
        Cache.Max = 0;
        NetVips.NetVips.Concurrency = 1;
        return string.Join(".", NetVips.NetVips.Version(0), NetVips.NetVips.Version(1), NetVips.NetVips.Version(2));
    }

#if NETFRAMEWORK
    // NetVips on .NET Framework imports GLib from its own DLLs, which only libvips' shared Windows build has.
    private const string LibvipsHint = " On Windows PowerShell 5.1, libvips needs its Windows build with GLib in separate DLLs (libvips-42.dll, libglib-2.0-0.dll, libgobject-2.0-0.dll, as in the NetVips.Native.win-x64.net462 package) beside AutoMLEval.Inference.dll or on PATH; PowerShell 7 has it built in.";
#else
    private const string LibvipsHint = "";
#endif
}

/// <summary>A chain of libvips operations that holds only its latest image: each step releases the one it replaces.</summary>
internal sealed class ImagePipeline : IDisposable
{
    public ImagePipeline(Image image) => Current = image;

    /// <summary>The latest image.</summary>
    public Image Current { get; private set; }

    /// <summary>Replaces <see cref="Current"/> by the operation's result (on failure <see cref="Current"/> stays, released by <see cref="Dispose"/>).</summary>
    public void Apply(Func<Image, Image> operation)
    {
        var next = operation(Current);
        Current.Dispose();
        Current = next;
    }

    public void Dispose() => Current.Dispose();
}
