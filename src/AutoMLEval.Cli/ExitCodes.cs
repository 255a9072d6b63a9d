namespace AutoMLEval.Cli;

/// <summary>The process exit codes of <c>automl-eval</c>, documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>The verb did its work.</summary>
    public const int Success = 0;

    /// <summary>An input could not be used (missing file, unreadable format, nothing to evaluate).</summary>
    public const int UnusableInput = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary><c>check</c>: at least one release gate failed.</summary>
    public const int GateFailed = 4;
}
