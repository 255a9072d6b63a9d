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
    /// A path that <see cref="Expand"/> reads as exactly <paramref name="files"/> (the shards of a merged evaluation, so
    /// that it can be evaluated again): the one file; else their folder when its files of
    /// <paramref name="folderExtensions"/> are these and no others; else the pattern of the names' common start and end
    /// (<c>folder/p-0*.jsonl</c>) when it matches these and no others. Null when the files lie in several folders, or
    /// other files of their folder would be read too (part files named <c>*.json</c> beside <c>.json</c> shards, another
    /// split's predictions), or the folder is not there to look in.
    /// </summary>
    /// <param name="files">The shards.</param>
    /// <param name="folderExtensions">The endings of the files <see cref="Expand"/> takes from a folder.</param>
    /// <param name="escapeLiteral">
    /// Escapes the literal parts of a pattern (its folder, the names' common start and end) for the reader that expands
    /// it: PowerShell's wildcards take <c>[</c> <c>]</c> as a character class, so that <c>run [1]/p-*.jsonl</c> matched
    /// nothing there; <see cref="Expand"/> (the CLI) takes them literally and needs none.
    /// </param>
    public static string? PathOf(IReadOnlyList<string> files, IReadOnlyList<string> folderExtensions, Func<string, string>? escapeLiteral = null)
    {
        if (files.Count == 1) return files[0];
        var folder = files.Count == 0 ? null : Path.GetDirectoryName(files[0]);
        if (string.IsNullOrEmpty(folder) || files.Any(f => !string.Equals(Path.GetDirectoryName(f), folder, StringComparison.Ordinal)) || !Directory.Exists(folder)) return null;
        var names = files.Select(f => Path.GetFileName(f)).ToArray();
        bool Only(IEnumerable<string> matched) => new HashSet<string>(matched.Select(f => Path.GetFileName(f)), StringComparer.Ordinal).SetEquals(names);
        if (Only(Directory.GetFiles(folder).Where(f => folderExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))))) return folder;
        var first = names[0];
        int shortest = names.Min(n => n.Length);
        int prefix = 0;
        while (prefix < shortest && names.All(n => n[prefix] == first[prefix])) prefix++;
        int suffix = 0;
        while (suffix < shortest - prefix && names.All(n => n[n.Length - 1 - suffix] == first[first.Length - 1 - suffix])) suffix++;
        var start = first.Remove(prefix);
        var end = first.Remove(0, first.Length - suffix);
        if (IsPattern(first) || !Only(Directory.GetFiles(folder, $"{start}*{end}", SearchOption.TopDirectoryOnly))) return null;
        var escape = escapeLiteral ?? (literal => literal);
        return Path.Combine(escape(folder!), $"{escape(start)}*{escape(end)}");
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

    /// <summary>
    /// The warning of a shard without a usable prediction (an empty file, or every record rejected): a batch job's
    /// shard may be empty, so its partial evaluation is written, holding no item, and a merge takes nothing from it
    /// but its counts (rejected records among them). Evaluated alone, such a file is the error NoItems.
    /// </summary>
    public static DataIssue EmptyShardWarning(string source) =>
        new("EmptyShard", IssueSeverity.Warning, source, 0, string.Empty, "the shard holds no usable prediction: its partial evaluation holds no item, and a merge takes only its counts from it");

    private static readonly char[] Wildcards = { '*', '?' };

    private static bool IsPattern(string path) => path.IndexOfAny(Wildcards) >= 0;
}
