namespace AutoMLEval.Engine.Diagnostics;

/// <summary>How bad a problem in the input is.</summary>
public enum IssueSeverity
{
    /// <summary>A record could not be used; it was skipped and counted.</summary>
    Error,

    /// <summary>A data-quality oddity: the record was used, or left out by design, and counted.</summary>
    Warning,
}

/// <summary>
/// One problem found in the input, located precisely enough for a person to fix it:
/// the file, the 1-based line (0 when the problem is not on one line), and the field.
/// </summary>
/// <param name="Code">A stable identifier (for example <c>InvalidScore</c>); PowerShell uses it as the ErrorId.</param>
/// <param name="Severity">Whether the record was skipped (error) or only noted (warning).</param>
/// <param name="Source">The file (or other source) the record came from.</param>
/// <param name="Line">1-based line number, or 0 when not applicable.</param>
/// <param name="Field">The field or column at fault, or an empty string.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
public sealed record DataIssue(string Code, IssueSeverity Severity, string Source, long Line, string Field, string Message)
{
    /// <summary>"file:line: field: message", the form compilers use, so editors can jump to it.</summary>
    public override string ToString()
    {
        var field = string.IsNullOrEmpty(Field) ? string.Empty : $" field '{Field}':";
        return $"{Location()}:{field} {Message}";
    }

    /// <summary>"file:line", or the file alone when the problem is not on one line: where <see cref="ToString"/> says it is.</summary>
    public string Location() => Line > 0 ? $"{Source}:{Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : Source;

    /// <summary>
    /// "p.jsonl:2 InvalidScore": where the problem is and its code, for a message that points at the error that
    /// rejected an item's record (reported in full when read).
    /// </summary>
    public string LocationAndCode() => Location() + " " + Code;
}
