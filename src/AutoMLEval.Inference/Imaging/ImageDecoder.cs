using System.Runtime.InteropServices;
using AutoMLEval.Engine.Reports;
using AutoMLEval.Inference.Native;

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

/// <summary>An image file could not be decoded (not an image, corrupt, truncated, empty).</summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception for the file at <paramref name="source"/>.</summary>
    public ImageDecodeException(string source, string message)
        : base(message) => Source = source;

    /// <summary>The file that failed.</summary>
    public new string Source { get; }
}

/// <summary>
/// Decodes JPEG, PNG, WebP, TIFF (and whatever else libvips reads) into 8-bit grey or RGB pixels, turned
/// upright according to the EXIF orientation (<c>vips_autorot</c>), with transparency flattened onto black,
/// and optionally resized. Thread-safe: images are decoded in parallel, one libvips thread each.
/// </summary>
public static class ImageDecoder
{
    private static readonly Lazy<string> Initialization = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly object ErrorGate = new();
    private static readonly char[] LineBreak = { '\n' };

    /// <summary>The libvips version in use, for example <c>8.18.7</c>.</summary>
    public static string LibvipsVersion => Initialization.Value;

    /// <summary>Reads and decodes a file; see <see cref="Decode(byte[], string, int, int, int, ResizeMode)"/>.</summary>
    /// <exception cref="ImageDecodeException">The file is missing, unreadable, empty or not a decodable image.</exception>
    public static DecodedImage DecodeFile(string path, int width, int height, int channels, ResizeMode resizeMode)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ImageDecodeException(path, e.Message);
        }
        return Decode(bytes, path, width, height, channels, resizeMode);
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
        return Process(encoded, source, (ref IntPtr image) =>
        {
            if (VipsNative.vips_image_hasalpha(image) != 0)
            {
                image = Apply(image, source, VipsNative.vips_flatten(image, out var flat, IntPtr.Zero), flat);
            }
            var space = channels == 1 ? VipsNative.InterpretationBlackWhite : VipsNative.InterpretationSrgb;
            image = Apply(image, source, VipsNative.vips_colourspace(image, out var converted, space, IntPtr.Zero), converted);
            if (VipsNative.vips_image_get_bands(image) > channels)
            {
                // Extra bands that are not alpha (for example a second grey band): keep the first ones.
                image = Apply(image, source, VipsNative.vips_extract_band(image, out var bands, 0, "n", channels, IntPtr.Zero), bands);
            }
            if (width > 0 && height > 0 && (VipsNative.vips_image_get_width(image) != width || VipsNative.vips_image_get_height(image) != height))
            {
                image = Resize(image, source, width, height, resizeMode);
            }
            image = ToUChar(image, source);
            return ToManaged(image, source);
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
        return Process(encoded, source, (ref IntPtr image) =>
        {
            image = Apply(image, source, VipsNative.vips_thumbnail_image(image, out var small, maxSize, "height", maxSize, "size", VipsNative.SizeDown, "crop", 0, IntPtr.Zero), small);
            // Grey stays grey (one band, a third of the bytes); anything else becomes sRGB.
            var space = VipsNative.vips_image_get_bands(image) <= 2 ? VipsNative.InterpretationBlackWhite : VipsNative.InterpretationSrgb;
            image = Apply(image, source, VipsNative.vips_colourspace(image, out var converted, space, IntPtr.Zero), converted);
            image = ToUChar(image, source);
            bool png = VipsNative.vips_image_hasalpha(image) != 0;
            // Encoding pulls the pixels through the decoder, so a corrupt file fails here.
            var status = png
                ? VipsNative.vips_pngsave_buffer(image, out var buffer, out var length, IntPtr.Zero)
                : VipsNative.vips_jpegsave_buffer(image, out buffer, out length, "Q", ThumbnailJpegQuality, IntPtr.Zero);
            if (status != 0) throw LastError(source);
            try
            {
                var bytes = new byte[checked((int)length.ToUInt64())];
                Marshal.Copy(buffer, bytes, 0, bytes.Length);
                return new ReportThumbnail(png ? "image/png" : "image/jpeg", bytes);
            }
            finally
            {
                VipsNative.g_free(buffer);
            }
        });
    }

    /// <summary>The JPEG quality of <see cref="Thumbnail"/>: small files, no visible blocks at thumbnail size.</summary>
    public const int ThumbnailJpegQuality = 80;

    /// <summary>An operation on an image that may replace it (releasing the one it replaces, see <see cref="Apply"/>).</summary>
    private delegate T ImageWork<T>(ref IntPtr image);

    /// <summary>Opens the encoded bytes as an upright image, runs <paramref name="work"/> on it and releases whatever image it ends with.</summary>
    private static unsafe T Process<T>(byte[] encoded, string source, ImageWork<T> work)
    {
        if (encoded.Length == 0) throw new ImageDecodeException(source, "The file is empty (0 bytes).");
        _ = Initialization.Value;
        // libvips reads the buffer lazily, so it stays pinned until the last image made from it is released.
        fixed (byte* buffer = encoded)
        {
            // fail_on=truncated: a cut-off JPEG or PNG is an error, not an image with a grey lower half.
            var image = VipsNative.vips_image_new_from_buffer(buffer, (UIntPtr)encoded.Length, "[fail_on=truncated]", IntPtr.Zero);
            if (image == IntPtr.Zero) throw LastError(source);
            try
            {
                image = Apply(image, source, VipsNative.vips_autorot(image, out var rotated, IntPtr.Zero), rotated);
                return work(ref image);
            }
            finally
            {
                VipsNative.g_object_unref(image);
            }
        }
    }

    private static IntPtr ToUChar(IntPtr image, string source) =>
        VipsNative.vips_image_get_format(image) == VipsNative.FormatUChar
            ? image
            : Apply(image, source, VipsNative.vips_cast(image, out var cast, VipsNative.FormatUChar, IntPtr.Zero), cast);

    private static IntPtr Resize(IntPtr image, string source, int width, int height, ResizeMode resizeMode)
    {
        switch (resizeMode)
        {
            case ResizeMode.CenterCrop:
                return Apply(image, source, VipsNative.vips_thumbnail_image(image, out var cropped, width, "height", height, "size", VipsNative.SizeBoth, "crop", VipsNative.InterestingCentre, IntPtr.Zero), cropped);
            case ResizeMode.Pad:
                image = Apply(image, source, VipsNative.vips_thumbnail_image(image, out var fitted, width, "height", height, "size", VipsNative.SizeBoth, "crop", 0, IntPtr.Zero), fitted);
                return Apply(image, source, VipsNative.vips_gravity(image, out var padded, VipsNative.CompassCentre, width, height, IntPtr.Zero), padded);
            default:
                return Apply(image, source, VipsNative.vips_thumbnail_image(image, out var stretched, width, "height", height, "size", VipsNative.SizeForce, "crop", 0, IntPtr.Zero), stretched);
        }
    }

    private static DecodedImage ToManaged(IntPtr image, string source)
    {
        var width = VipsNative.vips_image_get_width(image);
        var height = VipsNative.vips_image_get_height(image);
        var bands = VipsNative.vips_image_get_bands(image);
        // Decoding actually happens here (libvips is lazy), so corrupt data surfaces here too.
        var memory = VipsNative.vips_image_write_to_memory(image, out var size);
        if (memory == IntPtr.Zero) throw LastError(source);
        try
        {
            var pixels = new byte[checked((int)size.ToUInt64())];
            Marshal.Copy(memory, pixels, 0, pixels.Length);
            return new DecodedImage(width, height, bands, pixels);
        }
        finally
        {
            VipsNative.g_free(memory);
        }
    }

    /// <summary>Replaces <paramref name="input"/> by the operation's output, releasing the input either way.</summary>
    private static IntPtr Apply(IntPtr input, string source, int status, IntPtr output)
    {
        if (status != 0)
        {
            // The caller's finally releases the input on failure.
            throw LastError(source);
        }
        VipsNative.g_object_unref(input);
        return output;
    }

    private static ImageDecodeException LastError(string source)
    {
        string message;
        lock (ErrorGate)
        {
            message = Marshal.PtrToStringAnsi(VipsNative.vips_error_buffer()) ?? string.Empty;
            VipsNative.vips_error_clear();
        }
        message = string.Join(" ", message.Split(LineBreak, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Distinct(StringComparer.Ordinal));
        return new ImageDecodeException(source, message.Length == 0 ? "libvips could not decode the image." : message);
    }

    private static string Initialize()
    {
        NativeLibraryResolver.Register();
        // libvips prints decoder warnings to stderr itself; failures reach the caller as exceptions instead.
        _ = VipsNative.g_setenv("VIPS_WARNING", "0", 0);
        if (VipsNative.vips_init("automl-eval") != 0) throw new InvalidOperationException("libvips failed to start: " + Marshal.PtrToStringAnsi(VipsNative.vips_error_buffer()));
        // No operation cache (each image is seen once) and one libvips thread per image: images are decoded in parallel instead.
        VipsNative.vips_cache_set_max(0);
        VipsNative.vips_concurrency_set(1);
        return Marshal.PtrToStringAnsi(VipsNative.vips_version_string()) ?? string.Empty;
    }
}
