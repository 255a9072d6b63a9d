using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Reads a ground truth given as a folder with one sub-folder of images per label: each image is an item named
/// <c>LABEL/FILE</c>, relative to the folder. Which files are images, and what is left out (hidden folders and files,
/// links to folders inside a label folder), follows <see cref="ImageFolders"/>; a hidden folder is no label. A file
/// beside the label folders or in a folder inside one is no item either. Every file left out is counted and named in
/// one <c>FilesLeftOut</c> warning.
/// </summary>
internal static class LabelFolders
{
    public static GroundTruthSet Read(string folder, IIssueSink sink)
    {
        var items = new List<GroundTruthItem>();
        var root = new DirectoryInfo(folder);
        var leftOut = new FilesLeftOut(root);
        foreach (var file in ImageFolders.Ordered(root.GetFiles()))
        {
            (ImageFolders.IsHidden(file) ? leftOut.HiddenFiles : leftOut.Outside).Add(file);
        }
        // A label folder may be a link (a data set assembled from folders elsewhere): it names its label all the same.
        foreach (var labelFolder in ImageFolders.Ordered(root.GetDirectories()))
        {
            if (ImageFolders.IsHidden(labelFolder))
            {
                leftOut.HiddenFolders.Add(labelFolder);
                continue;
            }
            var label = labelFolder.Name;
            ImageFolders.AddFiles(labelFolder, leftOut, file =>
            {
                if (!string.Equals(file.DirectoryName, labelFolder.FullName, StringComparison.Ordinal)) leftOut.Outside.Add(file);
                else if (!ImageFolders.IsImage(file.Name)) leftOut.NotImages.Add(file);
                else items.Add(new GroundTruthItem(label + "/" + file.Name, new[] { label }, null, 0));
            });
        }
        leftOut.Report(folder, sink);
        if (items.Count == 0) throw new InputFormatException("NoItems", folder, 0, string.Empty, "the folder has no sub-folders with images (one sub-folder per label is expected)");
        return new GroundTruthSet(folder, items, isMultiLabel: false, duplicateRecords: 0, skippedRecords: 0);
    }
}
