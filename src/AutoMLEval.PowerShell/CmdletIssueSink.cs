using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.PowerShell;

/// <summary>
/// Turns the engine's reports into PowerShell's streams: an error-severity issue (a record that was skipped) becomes
/// a non-terminating error whose ErrorId is the issue's stable Code, category InvalidData, target the file; a
/// warning-severity issue becomes a warning. Both carry "file:line: field: message".
/// </summary>
internal sealed class CmdletIssueSink : IIssueSink
{
    private readonly Cmdlet _cmdlet;

    public CmdletIssueSink(Cmdlet cmdlet) => _cmdlet = cmdlet;

    public void Report(DataIssue issue)
    {
        if (issue.Severity == IssueSeverity.Error) _cmdlet.WriteError(ToErrorRecord(issue, null));
        else _cmdlet.WriteWarning(issue.ToString());
    }

    /// <summary>The error record of an issue; <paramref name="exception"/> is the engine's exception when there is one.</summary>
    public static ErrorRecord ToErrorRecord(DataIssue issue, Exception? exception) =>
        new(exception ?? new InvalidDataException(issue.ToString()), issue.Code, ErrorCategory.InvalidData, issue.Source);
}
