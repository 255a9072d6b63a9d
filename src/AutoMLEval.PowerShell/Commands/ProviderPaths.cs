using System.Collections.ObjectModel;
using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// File-system paths of cmdlet inputs, resolved as -Path / -LiteralPath resolve: through the session's providers
/// (PSDrives, relative to the current location), with wildcards unless literal or naming an existing file as written.
/// Problems become non-terminating errors (PathNotFound, AmbiguousPath, NotFileSystemPath) and a null result, or
/// terminating ones where the caller asks (a path named once for every record).
/// </summary>
internal static class ProviderPaths
{
    /// <summary>
    /// The one file or folder <paramref name="path"/> names; null after writing an error (also when a wildcard matches
    /// several), or with <paramref name="terminating"/> the error ends the command (a path that every record shares).
    /// </summary>
    public static string? ResolveOne(PSCmdlet cmdlet, string path, bool literal, bool terminating = false)
    {
        var matches = Resolve(cmdlet, path, literal, terminating);
        if (matches is null) return null;
        if (matches.Count != 1)
        {
            Fail(cmdlet, terminating, new ErrorRecord(
                new ArgumentException($"'{path}' matches {matches.Count} files; give exactly one ({LiteralHint(cmdlet, path)})."),
                "AmbiguousPath",
                ErrorCategory.InvalidArgument,
                path));
            return null;
        }
        return matches[0];
    }

    // A path's problem: the record's error, or with terminating the command's end.
    private static void Fail(PSCmdlet cmdlet, bool terminating, ErrorRecord error)
    {
        if (terminating) cmdlet.ThrowTerminatingError(error);
        cmdlet.WriteError(error);
    }

    // How to name a file whose name holds wildcard characters: the literal twin of the parameter given the path, where it has one.
    private static string LiteralHint(PSCmdlet cmdlet, string path)
    {
        var parameter = cmdlet.MyInvocation.BoundParameters.FirstOrDefault(bound => Equals(bound.Value, path)).Key;
        return parameter is not null && cmdlet.MyInvocation.MyCommand.Parameters.ContainsKey("Literal" + parameter)
            ? $"or use -Literal{parameter}"
            : "a name that holds [, ] or * needs a backtick before each";
    }

    /// <summary>
    /// The files of a set of shards: the one file or folder <paramref name="path"/> names, or every file a wildcard
    /// matches (read as one set, in ordinal order of their paths, and named by the pattern as a provider path). Null after
    /// writing an error (also when a wildcard matches folders besides other paths).
    /// </summary>
    public static ShardPaths? ResolveShards(PSCmdlet cmdlet, string path, bool literal)
    {
        var matches = Resolve(cmdlet, path, literal);
        if (matches is null) return null;
        if (matches.Count == 1) return new ShardPaths(matches[0], null);
        if (matches.Any(Directory.Exists))
        {
            cmdlet.WriteError(new ErrorRecord(
                new ArgumentException($"'{path}' matches {matches.Count} paths, folders among them; give one folder, or a pattern of files."),
                "AmbiguousPath",
                ErrorCategory.InvalidArgument,
                path));
            return null;
        }
        var pattern = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        return new ShardPaths(pattern, matches.OrderBy(m => m, StringComparer.Ordinal).ToArray());
    }

    /// <summary>Every existing file or folder <paramref name="path"/> names (wildcards may match several); null after writing an error (as <see cref="ResolveOne"/>).</summary>
    public static IReadOnlyList<string>? Resolve(PSCmdlet cmdlet, string path, bool literal, bool terminating = false)
    {
        ProviderInfo provider;
        IReadOnlyList<string> resolved;
        try
        {
            if (literal || NamesAFileAsWritten(cmdlet, path))
            {
                resolved = new[] { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
            }
            else
            {
                Collection<string> matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                if (matches.Count == 0)
                {
                    Fail(cmdlet, terminating, new ErrorRecord(new ArgumentException($"'{path}' matches no file."), "PathNotFound", ErrorCategory.ObjectNotFound, path));
                    return null;
                }
                resolved = matches;
            }
        }
        catch (SessionStateException e)
        {
            Fail(cmdlet, terminating, new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, path));
            return null;
        }
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            Fail(cmdlet, terminating, new ErrorRecord(new ArgumentException($"'{path}' is not a file-system path (provider {provider.Name})."), "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
            return null;
        }
        foreach (var file in resolved)
        {
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                Fail(cmdlet, terminating, new ErrorRecord(new FileNotFoundException($"'{file}' does not exist.", file), "PathNotFound", ErrorCategory.ObjectNotFound, path));
                return null;
            }
        }
        return resolved;
    }

    /// <summary>
    /// Whether <paramref name="path"/>, which holds wildcard characters, names an existing file or folder as written
    /// ("run [1]/gt.csv"): that item is what it means, not a pattern. Every result carries its files as written
    /// (GroundTruthPath, PredictionPath) into the next command, where they bind to parameters that take wildcards.
    /// </summary>
    private static bool NamesAFileAsWritten(PSCmdlet cmdlet, string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path)) return false;
        var asWritten = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        return string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase) && (File.Exists(asWritten) || Directory.Exists(asWritten));
    }

    /// <summary>Every file the wildcard patterns (or the <paramref name="literal"/> paths) name, in their order, each once; null after writing an error.</summary>
    public static IReadOnlyList<string>? ResolveAll(PSCmdlet cmdlet, IEnumerable<string> patterns, bool literal = false)
    {
        var files = new List<string>();
        foreach (var pattern in patterns)
        {
            var matches = Resolve(cmdlet, pattern, literal);
            if (matches is null) return null;
            files.AddRange(matches.Where(m => !files.Contains(m, StringComparer.Ordinal)));
        }
        return files;
    }

    /// <summary>
    /// The paths <paramref name="patterns"/> name, for a message: a pattern without wildcards as the path it escapes
    /// (<c>emb`[1`].jsonl</c> is <c>emb[1].jsonl</c>), a wildcard pattern as typed; <paramref name="literal"/> paths
    /// (-Literal… or piped PSPaths) as file-system paths, without their provider prefix.
    /// </summary>
    public static string Readable(PSCmdlet cmdlet, IEnumerable<string> patterns, bool literal = false) =>
        string.Join(", ", patterns.Select(p =>
            literal ? FileSystemPathOf(cmdlet, p)
            : WildcardPattern.ContainsWildcardCharacters(p) ? p
            : WildcardPattern.Unescape(p)));

    // A PSPath (Microsoft.PowerShell.Core\FileSystem::/data/a.jsonl) as its file-system path; any other text as it is.
    private static string FileSystemPathOf(PSCmdlet cmdlet, string literalPath)
    {
        try
        {
            return cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(literalPath);
        }
        catch (Exception e) when (e is SessionStateException or NotSupportedException or ArgumentException)
        {
            return literalPath;
        }
    }

    /// <summary>A relative item path resolved against the ground truth's folder; URIs (gs://…) and rooted paths as written.</summary>
    public static string ItemPath(string baseDirectory, string itemId)
    {
        if (itemId.IndexOf("://", StringComparison.Ordinal) >= 0) return itemId;
        try
        {
            return Path.GetFullPath(Path.Combine(baseDirectory, itemId));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return itemId;
        }
    }
}

/// <summary>
/// A set of shards: the path that names it, and when that is a pattern matching several files, those files
/// (<paramref name="PatternFiles"/>, ordinal order; null when <paramref name="Path"/> is one file or folder).
/// </summary>
internal sealed record ShardPaths(string Path, IReadOnlyList<string>? PatternFiles);
