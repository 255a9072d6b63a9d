using System.Runtime.InteropServices;

namespace AutoMLEval.Inference.Native;

/// <summary>
/// The few functions of libvips' C API that decoding needs. libvips' operations are variadic C functions
/// (<c>vips_autorot(in, &amp;out, NULL)</c>); calling them through fixed signatures is sound on the x64 calling
/// conventions when every extra argument is an int, a string or a pointer and the list ends with NULL.
/// </summary>
internal static class VipsNative
{
    private const string Library = NativeLibraryResolver.Libvips;

    /// <summary>VipsInterpretation: one-band 8-bit grey.</summary>
    public const int InterpretationBlackWhite = 1;

    /// <summary>VipsInterpretation: three-band 8-bit sRGB.</summary>
    public const int InterpretationSrgb = 22;

    /// <summary>VipsBandFormat: unsigned char.</summary>
    public const int FormatUChar = 0;

    /// <summary>VipsSize: stretch to exactly the requested width and height.</summary>
    public const int SizeForce = 3;

    /// <summary>VipsSize: fit inside the requested box, keeping the aspect ratio.</summary>
    public const int SizeBoth = 0;

    /// <summary>VipsSize: like <see cref="SizeBoth"/>, but never enlarge.</summary>
    public const int SizeDown = 2;

    /// <summary>VipsInteresting: crop around the centre.</summary>
    public const int InterestingCentre = 1;

    /// <summary>VipsCompassDirection: centre.</summary>
    public const int CompassCentre = 0;

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_init(string argv0);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int g_setenv(string variable, string value, int overwrite);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern void vips_cache_set_max(int max);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern void vips_concurrency_set(int concurrency);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern IntPtr vips_version_string();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern IntPtr vips_error_buffer();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern void vips_error_clear();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern unsafe IntPtr vips_image_new_from_buffer(byte* buffer, UIntPtr length, string optionString, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_autorot(IntPtr input, out IntPtr output, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_flatten(IntPtr input, out IntPtr output, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_colourspace(IntPtr input, out IntPtr output, int space, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_cast(IntPtr input, out IntPtr output, int format, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_extract_band(IntPtr input, out IntPtr output, int band, string nName, int n, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_thumbnail_image(IntPtr input, out IntPtr output, int width,
        string heightName, int height,
        string sizeName, int size,
        string cropName, int crop, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_gravity(IntPtr input, out IntPtr output, int direction, int width, int height, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_image_get_width(IntPtr image);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_image_get_height(IntPtr image);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_image_get_bands(IntPtr image);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_image_get_format(IntPtr image);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_image_get_interpretation(IntPtr image);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_image_hasalpha(IntPtr image);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern IntPtr vips_image_write_to_memory(IntPtr image, out UIntPtr size);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_pngsave_buffer(IntPtr input, out IntPtr buffer, out UIntPtr length, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int vips_jpegsave_buffer(IntPtr input, out IntPtr buffer, out UIntPtr length, string qualityName, int quality, IntPtr end);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern void g_object_unref(IntPtr gobject);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern void g_free(IntPtr memory);
}
