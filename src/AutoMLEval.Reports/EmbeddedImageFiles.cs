namespace AutoMLEval.Reports;

/// <summary>
/// The report's own thumbnails, without an image library: a small image file (PNG, JPEG, GIF or WebP, recognised by its
/// first bytes) is embedded as it is; a larger one is shown by name; any other file is unreadable.
/// </summary>
public sealed class EmbeddedImageFiles : IThumbnailSource
{
    private readonly long _maxBytes;

    /// <summary>Embeds files of up to <paramref name="maxBytes"/> bytes.</summary>
    public EmbeddedImageFiles(long maxBytes)
    {
        if (maxBytes < 0) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "The size limit cannot be negative.");
        _maxBytes = maxBytes;
    }

    /// <inheritdoc />
    public ReportThumbnail? Create(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > _maxBytes) return null;
        // A pipe or a device reports no length: reading it would block or never end.
        if (length == 0) throw new InvalidDataException("The file is empty, or not a regular file (a pipe or a device).");
        var bytes = File.ReadAllBytes(path);
        var mime = MimeType(bytes) ?? throw new InvalidDataException("The file is not a PNG, JPEG, GIF or WebP image.");
        return new ReportThumbnail(mime, bytes);
    }

    /// <summary>The image type from the file's signature; null when it is not an image a browser shows.</summary>
    internal static string? MimeType(byte[] bytes)
    {
        bool StartsWith(int offset, params byte[] signature) =>
            bytes.Length >= offset + signature.Length && signature.Select((b, k) => bytes[offset + k] == b).All(x => x);
        if (StartsWith(0, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (StartsWith(0, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (StartsWith(0, 0x47, 0x49, 0x46, 0x38)) return "image/gif";
        if (StartsWith(0, 0x52, 0x49, 0x46, 0x46) && StartsWith(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
        return null;
    }
}
