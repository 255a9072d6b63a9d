namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// The input as a whole cannot be read (not the format it claims to be, no usable records, a header
/// missing a required column). Single bad records are reported through <see cref="IIssueSink"/> instead.
/// </summary>
public sealed class InputFormatException : Exception
{
    /// <summary>Creates the exception from the located issue that caused it.</summary>
    public InputFormatException(DataIssue issue)
        : base(issue.ToString()) => Issue = issue;

    /// <summary>Creates the exception for a problem located in a file.</summary>
    public InputFormatException(string code, string source, long line, string field, string message)
        : this(new DataIssue(code, IssueSeverity.Error, source, line, field, message))
    {
    }

    /// <summary>The located problem.</summary>
    public DataIssue Issue { get; }
}
