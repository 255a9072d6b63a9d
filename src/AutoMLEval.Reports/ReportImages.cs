using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Reports;

/// <summary>
/// The gallery thumbnails of one report: finds an item's file (relative ids against the ground truth's folder), asks the
/// <see cref="IThumbnailSource"/> for its thumbnail, and counts what happened, so the page can say how many images are
/// shown, not found, unreadable or too large (<see cref="SkippedImages"/>, as inference counts them). A remote, missing,
/// unreadable or too large image is shown by its name; an unreadable or too large one is reported as a warning, and missing
/// ones as one warning with their count (a wrong images folder is the usual cause).
/// </summary>
internal sealed class ReportImages
{

    /// <summary>The <see cref="DataIssue.Code"/> of the first image left out for lying outside the data's folder.</summary>
    public const string ImageOutsideDataCode = "ImageOutsideData";

    /// <summary>The <see cref="DataIssue.Code"/> of the warning that some image files were not found.</summary>
    public const string ImagesNotFoundCode = "ImagesNotFound";

    private readonly string _baseDirectory;
    private readonly bool _allowOutside;
    private readonly IThumbnailSource? _source;
    private readonly IIssueSink? _issues;
    private readonly ProgressCounter _thumbnails;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Thumbnails of <paramref name="items"/> items at most are asked for (the progress's total).</summary>
    public ReportImages(string baseDirectory, ReportOptions options, int items)
    {
        _baseDirectory = Path.GetFullPath(baseDirectory);
        _allowOutside = options.AllowImagesOutsideData;
        _source = options.MaxEmbeddedImageBytes == 0 ? null : options.Thumbnails ?? new EmbeddedImageFiles(options.MaxEmbeddedImageBytes);
        _issues = options.Issues;
        _cancellationToken = options.CancellationToken;
        _thumbnails = new ProgressCounter(options.Progress, "Making thumbnails", items);
    }

    /// <summary>Thumbnails embedded.</summary>
    public int Embedded { get; private set; }

    /// <summary>
    /// Items shown by name: remote, missing, outside the data's folder, or declined by the source (for example too large to
    /// embed as they are). With <see cref="Embedded"/> and <see cref="Skipped"/>, every item asked for.
    /// </summary>
    public int NotShown { get; private set; }

    /// <summary>Of <see cref="NotShown"/>, the local files that do not exist.</summary>
    public int NotFound { get; private set; }

    /// <summary>The first file not found, named in the warning.</summary>
    private string? _firstNotFound;

    /// <summary>Files that exist but could not be made into thumbnails: unreadable, or over the source's size limit.</summary>
    public SkippedImages Skipped { get; private set; }

    /// <summary>Of <see cref="NotShown"/>, items naming a file outside the data's folder (<see cref="ReportOptions.AllowImagesOutsideData"/>).</summary>
    public int OutsideData { get; private set; }

    /// <summary>The image of an item as a data URI, or null.</summary>
    public string? DataUri(string itemId)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        _thumbnails.Add();
        var path = _source is null ? null : LocalPath(itemId);
        if (path is null || !File.Exists(path))
        {
            NotShown++;
            if (path is not null)
            {
                NotFound++;
                _firstNotFound ??= path;
            }
            return null;
        }
        if (!_allowOutside && !IsUnderBaseDirectory(path))
        {
            NotShown++;
            if (OutsideData++ == 0)
            {
                _issues?.Report(new DataIssue(ImageOutsideDataCode, IssueSeverity.Warning, path, 0, string.Empty,
                    $"images outside the data's folder {_baseDirectory} are shown by name, not embedded, in a report made to be shared (this is the first); allow them with --allow-outside-images / -AllowImageOutsideData"));
            }
            return null;
        }
        try
        {
            var thumbnail = _source!.Create(path);
            if (thumbnail is null) NotShown++;
            else Embedded++;
            return thumbnail?.DataUri;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            var code = e is ImageTooLargeException ? SkippedImages.ImageTooLargeCode : SkippedImages.UnreadableImageCode;
            Skipped = Skipped.Add(code);
            _issues?.Report(new DataIssue(code, IssueSeverity.Warning, path, 0, string.Empty, $"No thumbnail (the report shows the file name): {e.Message}"));
            return null;
        }
    }

    /// <summary>
    /// Writes the counts as a JSON object, once every thumbnail was asked for (the skipped files as <see cref="SkippedImages.Reasons"/>,
    /// so the page names them as the CLI does); reports the files not found as one warning.
    /// </summary>
    public void WriteCounts(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject(name);
        json.WriteNumber("embedded", Embedded);
        json.WriteNumber("notShown", NotShown);
        json.WriteNumber("notFound", NotFound);
        json.WriteStartArray("skipped");
        foreach (var (images, reason) in Skipped.Reasons)
        {
            json.WriteStartObject();
            json.WriteNumber("images", images);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("outsideData", OutsideData);
        json.WriteEndObject();
        if (NotFound > 0)
        {
            var asked = Embedded + NotShown + Skipped.Total;
            _issues?.Report(new DataIssue(ImagesNotFoundCode, IssueSeverity.Warning, _baseDirectory, 0, string.Empty,
                $"{NotFound.ToString(CultureInfo.InvariantCulture)} of {Counted.Of(asked, "image")} {Counted.Verb(NotFound, "was", "were")} not found (the first: {_firstNotFound}); the report shows their file names. Is the images folder right?"));
        }
    }

    private bool IsUnderBaseDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = _baseDirectory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? _baseDirectory : _baseDirectory + Path.DirectorySeparatorChar;
        return full.StartsWith(folder, System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private string? LocalPath(string itemId)
    {
        if (itemId.IndexOf("://", StringComparison.Ordinal) >= 0) return null;
        try
        {
            return Path.IsPathRooted(itemId) ? itemId : Path.Combine(_baseDirectory, itemId);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
