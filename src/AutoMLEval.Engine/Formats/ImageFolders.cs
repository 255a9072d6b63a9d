using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// The one rule for which files of a folder are images, used by every walk of a folder of images (a label-folder
/// ground truth, a folder given to predict): an image by its extension (<see cref="ImageExtensions"/>); hidden folders
/// and files (a name starting with '.', as <c>.ipynb_checkpoints</c> and <c>.DS_Store</c>, the NAS and macOS side
/// folders <c>@eaDir</c> and <c>__MACOSX</c>, or Windows' hidden attribute) left out, a hidden folder not looked into
/// (a <c>.git</c> or <c>@eaDir</c> tree holds thousands of files, and walking it only to count them cost a read its
/// start); a link to a folder not followed (a link back up made one image dozens of items). Everything left out is
/// counted and named in one <c>FilesLeftOut</c> warning (<see cref="FilesLeftOut"/>).
/// </summary>
public static class ImageFolders
{
    /// <summary>
    /// The extensions an image file is found by (case ignored). Inference decodes with libvips, whose builds have no BMP
    /// loader: a .bmp given to predict is an error naming it, rather than a file passed over.
    /// </summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = new[] { ".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".heic", ".heif", ".avif" };

    /// <summary>Whether the file at <paramref name="path"/> is an image by its extension.</summary>
    public static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The image files of <paramref name="folder"/> and the folders inside it (full paths, in ordinal order); what is
    /// left out (hidden, not an image, a hidden folder or a link to a folder) is reported to <paramref name="sink"/>
    /// in one <c>FilesLeftOut</c> warning.
    /// </summary>
    public static IReadOnlyList<string> ImagesBelow(string folder, IIssueSink sink)
    {
        var root = new DirectoryInfo(folder);
        var leftOut = new FilesLeftOut(root);
        var images = new List<string>();
        AddFiles(root, leftOut, file =>
        {
            if (IsImage(file.Name)) images.Add(file.FullName);
            else leftOut.NotImages.Add(file);
        });
        leftOut.Report(folder, sink);
        images.Sort(StringComparer.Ordinal);
        return images;
    }

    /// <summary>
    /// Hands each file of <paramref name="directory"/> and of the folders inside it, in name order, to
    /// <paramref name="add"/>, but hidden files, and hidden folders and links to folders, which it counts in
    /// <paramref name="leftOut"/> and does not look into.
    /// </summary>
    internal static void AddFiles(DirectoryInfo directory, FilesLeftOut leftOut, Action<FileInfo> add)
    {
        foreach (var file in Ordered(directory.GetFiles()))
        {
            if (IsHidden(file)) leftOut.HiddenFiles.Add(file);
            else add(file);
        }
        foreach (var inner in Ordered(directory.GetDirectories()))
        {
            if (IsHidden(inner)) leftOut.HiddenFolders.Add(inner);
            else if ((inner.Attributes & FileAttributes.ReparsePoint) != 0) leftOut.FolderLinks.Add(inner);
            else AddFiles(inner, leftOut, add);
        }
    }

    internal static IEnumerable<T> Ordered<T>(T[] entries) where T : FileSystemInfo => entries.OrderBy(e => e.Name, StringComparer.Ordinal);

    // Dot-files, and the side folders Synology (@eaDir) and macOS archives (__MACOSX) put beside the images; Windows' hidden attribute.
    internal static bool IsHidden(FileSystemInfo entry) =>
        entry.Name.StartsWith(".", StringComparison.Ordinal) || entry.Name is "@eaDir" or "__MACOSX" || (entry.Attributes & FileAttributes.Hidden) != 0;
}

/// <summary>
/// What a walk of a folder of images left out, by reason, reported as one <c>FilesLeftOut</c> warning: "3 hidden
/// folders and 7 files are left out: 3 hidden folders (…; not looked into): .hidden, @eaDir, cat/.ipynb_checkpoints;
/// 1 hidden file (…): cat/.DS_Store; …".
/// </summary>
internal sealed class FilesLeftOut
{
    private const string HiddenNames = "a name starting with '.', @eaDir, __MACOSX";

    public FilesLeftOut(DirectoryInfo root)
    {
        HiddenFolders = new Reason(root, "hidden folder", "hidden folders", " (" + HiddenNames + "; not looked into)");
        FolderLinks = new Reason(root, "link to a folder", "links to folders", " (not followed)");
        HiddenFiles = new Reason(root, "hidden file", "hidden files", " (" + HiddenNames + ")");
        NotImages = new Reason(root, "not an image", "not images", " (" + string.Join(", ", ImageFolders.ImageExtensions) + ")");
        Outside = new Reason(root, "not in a label folder", "not in a label folder", " (beside the label folders, or deeper inside one)");
    }

    public Reason HiddenFolders { get; }

    public Reason FolderLinks { get; }

    public Reason HiddenFiles { get; }

    public Reason NotImages { get; }

    /// <summary>Files of a label-folder ground truth beside the label folders or in a folder inside one.</summary>
    public Reason Outside { get; }

    /// <summary>Reports what was left out, if anything, as one warning for <paramref name="folder"/>.</summary>
    public void Report(string folder, IIssueSink sink)
    {
        var reasons = new[] { HiddenFolders, FolderLinks, HiddenFiles, NotImages, Outside }.Where(r => r.Count > 0).ToArray();
        if (reasons.Length == 0) return;
        long files = reasons.Sum(r => r.Count) - HiddenFolders.Count - FolderLinks.Count;
        var counted = new List<string>(3);
        if (HiddenFolders.Count > 0) counted.Add(Counted.Of(HiddenFolders.Count, "hidden folder"));
        if (FolderLinks.Count > 0) counted.Add(Counted.Of(FolderLinks.Count, "link to a folder", "links to folders"));
        if (files > 0) counted.Add(Counted.Of(files, "file"));
        sink.Report(new DataIssue("FilesLeftOut", IssueSeverity.Warning, folder, 0, string.Empty,
            $"{string.Join(" and ", counted)} {Counted.Verb(HiddenFolders.Count + FolderLinks.Count + files, "is", "are")} left out: " + string.Join("; ", reasons.Select(r => r.Describe()))));
    }

    /// <summary>Files (or folders) left out for one reason: their number and the first few, relative to the walked folder.</summary>
    internal sealed class Reason
    {
        private readonly DirectoryInfo _root;
        private readonly string _reason;
        private readonly string _reasonOfMany;
        private readonly string _why;
        private readonly List<string> _first = new();

        public Reason(DirectoryInfo root, string reason, string reasonOfMany, string why)
        {
            _root = root;
            _reason = reason;
            _reasonOfMany = reasonOfMany;
            _why = why;
        }

        public long Count { get; private set; }

        public void Add(FileSystemInfo entry)
        {
            Count++;
            if (_first.Count < FirstNames.Shown) _first.Add(entry.FullName.Substring(_root.FullName.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/'));
        }

        public string Describe() => $"{Counted.Of(Count, _reason, _reasonOfMany)}{_why}: {FirstNames.Of(_first, Count)}";
    }
}
