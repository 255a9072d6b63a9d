using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Reads a ground truth given as a folder with one sub-folder of images per label: each image is an item named
/// <c>LABEL/FILE</c>, relative to the folder. Hidden folders and files (a name starting with '.', as
/// <c>.ipynb_checkpoints</c> and <c>.DS_Store</c>, or the NAS and macOS side folders <c>@eaDir</c> and <c>__MACOSX</c>)
/// are no labels and no items; every file left out is counted and named in one <c>FilesLeftOut</c> warning. A hidden
/// folder counts as one folder left out and is not looked into: a <c>.git</c> or <c>@eaDir</c> tree holds thousands of
/// files, and walking it only to count them cost the read its start.
/// </summary>
internal static class LabelFolders
{
    private static readonly string[] ImageExtensions = { ".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff" };

    public static GroundTruthSet Read(string folder, IIssueSink sink)
    {
        var items = new List<GroundTruthItem>();
        const string HiddenNames = "a name starting with '.', @eaDir, __MACOSX";
        var hiddenFolders = new LeftOut("hidden folder", "hidden folders", " (" + HiddenNames + "; not looked into)");
        var hidden = new LeftOut("hidden file", "hidden files", " (" + HiddenNames + ")");
        var notImages = new LeftOut("not an image", "not images", " (" + string.Join(", ", ImageExtensions) + ")");
        var outside = new LeftOut("not in a label folder", null, " (beside the label folders, or deeper inside one)");
        var root = new DirectoryInfo(folder);
        foreach (var file in Ordered(root.GetFiles()))
        {
            (IsHidden(file) ? hidden : outside).Add(root, file);
        }
        foreach (var labelFolder in Ordered(root.GetDirectories()))
        {
            if (IsHidden(labelFolder))
            {
                hiddenFolders.Add(root, labelFolder);
                continue;
            }
            var label = labelFolder.Name;
            foreach (var file in Ordered(labelFolder.GetFiles()))
            {
                if (IsHidden(file)) hidden.Add(root, file);
                else if (!ImageExtensions.Contains(file.Extension.ToLowerInvariant())) notImages.Add(root, file);
                else items.Add(new GroundTruthItem(label + "/" + file.Name, new[] { label }, null, 0));
            }
            AddFoldersBelow(root, labelFolder, outside, hiddenFolders);
        }
        var leftOut = new[] { hiddenFolders, hidden, notImages, outside }.Where(l => l.Count > 0).ToArray();
        if (leftOut.Length > 0)
        {
            long files = leftOut.Sum(l => l.Count) - hiddenFolders.Count;
            var counted = new List<string>(2);
            if (hiddenFolders.Count > 0) counted.Add(Counted.Of(hiddenFolders.Count, "hidden folder"));
            if (files > 0) counted.Add(Counted.Of(files, "file"));
            sink.Report(new DataIssue("FilesLeftOut", IssueSeverity.Warning, folder, 0, string.Empty,
                $"{string.Join(" and ", counted)} {Counted.Verb(hiddenFolders.Count + files, "is", "are")} left out: " + string.Join("; ", leftOut.Select(l => l.Describe()))));
        }
        if (items.Count == 0) throw new InputFormatException("NoItems", folder, 0, string.Empty, "the folder has no sub-folders with images (one sub-folder per label is expected)");
        return new GroundTruthSet(folder, items, isMultiLabel: false, duplicateRecords: 0, skippedRecords: 0);
    }

    /// <summary>
    /// Counts each folder inside <paramref name="directory"/>: a hidden one as one of <paramref name="hiddenFolders"/>,
    /// not looked into; the files of any other, and of the folders inside it, as <paramref name="files"/>.
    /// </summary>
    private static void AddFoldersBelow(DirectoryInfo root, DirectoryInfo directory, LeftOut files, LeftOut hiddenFolders)
    {
        foreach (var inner in Ordered(directory.GetDirectories()))
        {
            if (IsHidden(inner))
            {
                hiddenFolders.Add(root, inner);
                continue;
            }
            foreach (var file in Ordered(inner.GetFiles())) files.Add(root, file);
            AddFoldersBelow(root, inner, files, hiddenFolders);
        }
    }

    private static IEnumerable<T> Ordered<T>(T[] entries) where T : FileSystemInfo => entries.OrderBy(e => e.Name, StringComparer.Ordinal);

    // Dot-files, and the side folders Synology (@eaDir) and macOS archives (__MACOSX) put beside the images; Windows' hidden attribute.
    private static bool IsHidden(FileSystemInfo entry) =>
        entry.Name.StartsWith(".", StringComparison.Ordinal) || entry.Name is "@eaDir" or "__MACOSX" || (entry.Attributes & FileAttributes.Hidden) != 0;

    /// <summary>Files (or hidden folders) left out for one reason: their number and the first few, relative to the folder.</summary>
    private sealed class LeftOut
    {
        private readonly string _reason;
        private readonly string? _reasonOfMany;
        private readonly string _why;
        private readonly List<string> _first = new();

        // reasonOfMany: the reason's words for more than one file, where they differ ("not images").
        public LeftOut(string reason, string? reasonOfMany, string why)
        {
            _reason = reason;
            _reasonOfMany = reasonOfMany;
            _why = why;
        }

        public long Count { get; private set; }

        public void Add(DirectoryInfo root, FileSystemInfo entry)
        {
            Count++;
            if (_first.Count < FirstNames.Shown) _first.Add(entry.FullName.Substring(root.FullName.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/'));
        }

        public string Describe() => $"{Counted.Of(Count, _reason, _reasonOfMany ?? _reason)}{_why}: {FirstNames.Of(_first, Count)}";
    }
}
