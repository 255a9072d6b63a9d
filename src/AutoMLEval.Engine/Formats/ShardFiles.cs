using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// What a file argument names: one file, a folder of shards, or a wildcard pattern of shards (for example Vertex AI's
/// <c>predictions.results-*-of-00042.jsonl</c>). Shards come in ordinal order of their names.
/// </summary>
public static class ShardFiles
{
    /// <summary>The files a folder of prediction shards is read for.</summary>
    public static IReadOnlyList<string> PredictionExtensions { get; } = new[] { ".jsonl", ".json", ".csv", ".jsonl.gz", ".json.gz", ".csv.gz" };

    /// <summary>
    /// The files of <paramref name="path"/>: itself when it is a file (or names nothing and has no wildcard: the reader
    /// then says it is missing); a folder's prediction files (.jsonl, .json, .csv, optionally .gz; not its subfolders);
    /// the files matching a <c>*</c>/<c>?</c> pattern in its last part. A folder or pattern matching nothing is an error.
    /// </summary>
    /// <param name="path">A file, folder or pattern.</param>
    /// <param name="folderExtensions">The endings of the files taken from a folder.</param>
    public static IReadOnlyList<string> Expand(string path, IReadOnlyList<string> folderExtensions)
    {
        if (File.Exists(path)) return new[] { path };
        string[] files;
        if (Directory.Exists(path))
        {
            files = Directory.GetFiles(path).Where(f => folderExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))).ToArray();
        }
        else if (IsPattern(path))
        {
            var folder = Path.GetDirectoryName(path);
            var pattern = Path.GetFileName(path);
            if (string.IsNullOrEmpty(folder)) folder = ".";
            if (IsPattern(folder)) throw new InputFormatException("InvalidPattern", path, 0, string.Empty, "wildcards are allowed in the file name only, not in folder names");
            files = Directory.Exists(folder) ? Directory.GetFiles(folder, pattern, SearchOption.TopDirectoryOnly) : Array.Empty<string>();
        }
        else
        {
            return new[] { path };
        }
        if (files.Length == 0) throw new InputFormatException("NoFiles", path, 0, string.Empty, $"no files to read here (expected {string.Join(", ", folderExtensions)})");
        return files.OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The prediction files <paramref name="files"/> without the ground truth: a folder or pattern that also takes
    /// <paramref name="groundTruthPath"/> (<c>*.json</c> beside <c>gt.json</c>) leaves it out with a warning to
    /// <paramref name="sink"/>, where reading it as predictions stopped the evaluation. Left with no file, it is an error.
    /// </summary>
    /// <param name="files">The prediction files (<see cref="Expand"/>, or a shell's expansion of a pattern).</param>
    /// <param name="source">The predictions as given (a file, folder or pattern), for messages.</param>
    /// <param name="groundTruthPath">The ground-truth file.</param>
    /// <param name="sink">Where the warning goes.</param>
    public static IReadOnlyList<string> WithoutGroundTruth(IReadOnlyList<string> files, string source, string groundTruthPath, IIssueSink sink)
    {
        var groundTruth = Path.GetFullPath(groundTruthPath);
        // Paths differ only in case on Windows' file systems, not on Unix ones.
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var predictions = files.Where(f => !string.Equals(Path.GetFullPath(f), groundTruth, comparison)).ToArray();
        if (predictions.Length == files.Count) return files;
        if (predictions.Length == 0) throw new InputFormatException("NoFiles", source, 0, string.Empty, $"the predictions are the ground truth itself ({groundTruthPath}): no other file is left to read as predictions");
        sink.Report(new DataIssue("GroundTruthAmongPredictions", IssueSeverity.Warning, source, 0, string.Empty, $"{groundTruthPath} is the ground truth, so it is left out of the prediction files matched here"));
        return predictions;
    }

    private static readonly char[] Wildcards = { '*', '?' };

    private static bool IsPattern(string path) => path.IndexOfAny(Wildcards) >= 0;
}
