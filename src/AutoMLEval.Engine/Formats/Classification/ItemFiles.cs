namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// The second way predictions join a ground truth, for paths that match nothing as written: as the files they name.
/// The tool's own files write one image in different forms (a folder ground truth names <c>LABEL/FILE</c> relative to
/// the folder, <c>predict --images DIR</c> the path as given on its command line, <c>Invoke-ModelPrediction</c> of
/// piped files the absolute path), so a ground-truth path is resolved against the ground truth's folder and a predicted
/// one against the evaluation's working directory (predict wrote it relative to its own: the same folder when both run
/// from one). URIs (<c>gs://</c>) name no local file and are matched as written only.
/// </summary>
internal static class ItemFiles
{
    /// <summary>
    /// For each of <paramref name="predictedItems"/> that is no ground-truth item as written, the ground-truth item whose
    /// file it names, or null; null when none does. Only called when the paths as written leave items unmatched.
    /// </summary>
    public static string?[]? Match(GroundTruthSet groundTruth, IReadOnlyList<string> predictedItems, string workingDirectory)
    {
        string?[]? itemOfRow = null;
        Dictionary<string, string>? itemOfFile = null;
        for (int r = 0; r < predictedItems.Count; r++)
        {
            var predicted = predictedItems[r];
            if (groundTruth.Contains(predicted) || FileOf(predicted, workingDirectory) is not { } file) continue;
            itemOfFile ??= ItemsByFile(groundTruth);
            if (!itemOfFile.TryGetValue(file, out var item)) continue;
            itemOfRow ??= new string?[predictedItems.Count];
            itemOfRow[r] = item;
        }
        return itemOfRow;
    }

    /// <summary>
    /// <paramref name="path"/> quoted with the form it is written in, for a message: "'x', a URI", "'x', an absolute path"
    /// or "'x', a relative path (taken from <paramref name="relativeTo"/>)".
    /// </summary>
    public static string Described(string path, string relativeTo) =>
        IsUri(path) ? $"'{path}', a URI" : Path.IsPathRooted(path) ? $"'{path}', an absolute path" : $"'{path}', a relative path (taken from {relativeTo})";

    private static Dictionary<string, string> ItemsByFile(GroundTruthSet groundTruth)
    {
        var byFile = new Dictionary<string, string>(groundTruth.Items.Count, StringComparer.Ordinal);
        var folder = groundTruth.BaseDirectory;
        foreach (var item in groundTruth.Items)
        {
            // Two ways of writing one file in the ground truth ("a.png", "./a.png"): the first row's item stands for it.
            if (FileOf(item.ItemId, folder) is { } file && !byFile.TryGetValue(file, out _)) byFile[file] = item.ItemId;
        }
        return byFile;
    }

    private static string? FileOf(string path, string folder)
    {
        if (path.Length == 0 || IsUri(path)) return null;
        try
        {
            return Path.GetFullPath(Path.Combine(folder, path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            // Characters no file name can hold: the path names no file, and joins as written only.
            return null;
        }
    }

    private static bool IsUri(string path) => path.IndexOf("://", StringComparison.Ordinal) > 0;
}
