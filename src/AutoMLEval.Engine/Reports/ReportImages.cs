namespace AutoMLEval.Engine.Reports;

/// <summary>
/// Gallery thumbnails: a small image file (PNG, JPEG, GIF or WebP, recognised by its first bytes) is embedded as a
/// <c>data:</c> URI as it is. Nothing is decoded or scaled here (the engine has no image library); a larger, missing,
/// remote or unrecognised file gets no thumbnail and the page shows its name.
/// </summary>
internal sealed class ReportImages
{
    private readonly string _baseDirectory;
    private readonly int _maxBytes;

    public ReportImages(string baseDirectory, int maxBytes)
    {
        _baseDirectory = baseDirectory;
        _maxBytes = maxBytes;
    }

    /// <summary>The image of an item as a data URI, or null.</summary>
    public string? DataUri(string itemId)
    {
        if (_maxBytes == 0 || itemId.IndexOf("://", StringComparison.Ordinal) >= 0) return null;
        string path;
        try
        {
            path = Path.IsPathRooted(itemId) ? itemId : Path.Combine(_baseDirectory, itemId);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var file = new FileInfo(path);
        if (!file.Exists || file.Length > _maxBytes || file.Length < 12) return null;
        var bytes = File.ReadAllBytes(path);
        var mime = MimeType(bytes);
        return mime is null ? null : $"data:{mime};base64,{Convert.ToBase64String(bytes)}";
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
