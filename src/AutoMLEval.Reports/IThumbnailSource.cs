namespace AutoMLEval.Reports;

/// <summary>An image to embed in a report: its bytes and their type (a type browsers show, such as image/png or image/jpeg).</summary>
/// <param name="MimeType">The media type of <paramref name="Bytes"/>.</param>
/// <param name="Bytes">The encoded image.</param>
public sealed record ReportThumbnail(string MimeType, byte[] Bytes)
{
    /// <summary>The image as a <c>data:</c> URI, the only kind of image source the report's policy allows.</summary>
    public string DataUri => $"data:{MimeType};base64,{Convert.ToBase64String(Bytes)}";
}

/// <summary>
/// Makes the thumbnails of a report's galleries. The report has no image library; a front end that has one (the CLI
/// and the module pass libvips, the library inference decodes with) plugs it in through
/// <see cref="ReportOptions.Thumbnails"/>. Implementations are called from one thread at a time.
/// </summary>
public interface IThumbnailSource
{
    /// <summary>The thumbnail of the image file at <paramref name="path"/> (a file that exists), or null to show the file's name instead.</summary>
    /// <exception cref="InvalidDataException">The file is not an image the source can read; the report shows its name and counts it as unreadable.</exception>
    /// <exception cref="ImageTooLargeException">The image is larger than the source decodes; shown by its name as an unreadable one is, counted as too large, with its own warning code.</exception>
    ReportThumbnail? Create(string path);
}

/// <summary>An image larger than an <see cref="IThumbnailSource"/> decodes: a size limit, not damage (the message says which and what to do).</summary>
public sealed class ImageTooLargeException : IOException
{
    /// <summary>Creates the exception with the source's message.</summary>
    public ImageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
