namespace AutoMLEval.Cli;

/// <summary>The process exit codes of <c>automl-eval</c>, the same for every verb; documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>The verb did its work and no input record was rejected (warnings, such as duplicate or unmatched records, leave it 0).</summary>
    public const int Success = 0;

    /// <summary>An input could not be used (missing file, unreadable format, nothing to evaluate), or the run failed.</summary>
    public const int UnusableInput = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>
    /// The verb did its work, but input records were rejected (each reported on standard error as an error naming
    /// file, line and field, and counted in the output): the results hold the other records only.
    /// </summary>
    public const int RecordsRejected = 3;

    /// <summary><c>check</c>: at least one release gate failed (this wins over <see cref="RecordsRejected"/>).</summary>
    public const int GateFailed = 4;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
