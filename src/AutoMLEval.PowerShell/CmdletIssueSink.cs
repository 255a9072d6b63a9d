using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.PowerShell;

/// <summary>
/// Turns the engine's reports into PowerShell's streams: an error-severity issue (a record that was skipped) becomes
/// a non-terminating error whose ErrorId is the issue's stable Code, category InvalidData, target the file; a
/// warning-severity issue becomes a warning. Both carry "file:line: field: message".
/// </summary>
/// <remarks>
/// Only for engine code that runs on the cmdlet's pipeline thread (a lazy enumeration the cmdlet drives, as inference
/// is): PowerShell refuses writes from any other thread. Work on other threads reports through
/// <see cref="EngineCmdlet.RunEngine{T}"/>, which queues the issues and writes them here from the pipeline thread.
/// </remarks>
internal sealed class CmdletIssueSink : IIssueSink
{
    private readonly Cmdlet _cmdlet;

    public CmdletIssueSink(Cmdlet cmdlet) => _cmdlet = cmdlet;

    public void Report(DataIssue issue) => Write(_cmdlet, issue);

    /// <summary>Writes <paramref name="issue"/> as an error or a warning of <paramref name="cmdlet"/> (on its pipeline thread).</summary>
    public static void Write(Cmdlet cmdlet, DataIssue issue)
    {
        if (issue.Severity == IssueSeverity.Error) cmdlet.WriteError(ToErrorRecord(issue, null));
        else cmdlet.WriteWarning(issue.ToString());
    }

    /// <summary>
    /// The error record of an issue; <paramref name="exception"/> is the engine's exception when there is one. Its
    /// category is InvalidData (the data is wrong), except ReadError for a file that cannot be opened or read at all
    /// (<c>Unreadable</c>: the file may be fine, the reading failed), as Get-Content's.
    /// </summary>
    public static ErrorRecord ToErrorRecord(DataIssue issue, Exception? exception) =>
        new(exception ?? new InvalidDataException(issue.ToString()), issue.Code, CategoryOf(issue.Code), issue.Source);

    private static ErrorCategory CategoryOf(string code) =>
        string.Equals(code, "Unreadable", StringComparison.Ordinal) ? ErrorCategory.ReadError : ErrorCategory.InvalidData;
}
