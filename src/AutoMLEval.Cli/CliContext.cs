using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Cli;

/// <summary>Where a verb writes: results to standard output, problems and progress to standard error.</summary>
internal sealed class CliContext : IIssueSink
{
    public CliContext(TextWriter output, TextWriter error, string workingDirectory)
    {
        Output = output;
        Error = error;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>Results (JSON, CSV or a table).</summary>
    public TextWriter Output { get; }

    /// <summary>Warnings, errors and progress.</summary>
    public TextWriter Error { get; }

    /// <summary>The directory relative input paths resolve against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Whether standard error is a terminal (progress bars are drawn only then).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The folder of the bundled demo data set (digits).</summary>
    public static string DemoDirectory => Path.Combine(AppContext.BaseDirectory, "demo", "digits");

    /// <summary>An absolute path for a user-given one, relative to <see cref="WorkingDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));

    /// <inheritdoc />
    public void Report(DataIssue issue) =>
        Error.WriteLine($"{(issue.Severity == IssueSeverity.Error ? "error" : "warning")} {issue.Code}: {TerminalText.Escape(issue.ToString())}");
}
