using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Reports;

namespace AutoMLEval.Inference.Imaging;

/// <summary>
/// Report thumbnails made with libvips, the library inference decodes with: any image it reads (JPEG, PNG, WebP, TIFF …),
/// upright and scaled down to fit <see cref="MaxSize"/> pixels (<see cref="ImageDecoder.Thumbnail"/>).
/// </summary>
public sealed class LibvipsThumbnails : IThumbnailSource
{
    /// <summary>The default longest side: the gallery shows thumbnails at up to 120 CSS pixels.</summary>
    public const int DefaultMaxSize = 96;

    /// <summary>Thumbnails that fit <paramref name="maxSize"/> × <paramref name="maxSize"/> pixels.</summary>
    public LibvipsThumbnails(int maxSize = DefaultMaxSize)
    {
        if (maxSize < 1) throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "A thumbnail needs at least one pixel.");
        MaxSize = maxSize;
    }

    /// <summary>The longest side of a thumbnail, in pixels.</summary>
    public int MaxSize { get; }

    /// <inheritdoc />
    public ReportThumbnail? Create(string path)
    {
        try
        {
            return ImageDecoder.Thumbnail(ImageDecoder.ReadFile(path), path, MaxSize);
        }
        catch (ImageDecodeException e)
        {
            throw e.Code == SkippedImages.ImageTooLargeCode ? new ImageTooLargeException(e.Message, e) : new InvalidDataException(e.Message, e);
        }
    }
}
