namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// Collects every reported issue and counts them by code, optionally forwarding each one as it arrives
/// (so a long run shows problems while it works, and the result still carries them all).
/// </summary>
public sealed class IssueLog : IIssueSink
{
    private readonly List<DataIssue> _issues = new();
    private readonly Dictionary<string, int> _countsByCode = new(StringComparer.Ordinal);
    private readonly IIssueSink? _forward;
    private readonly object _gate = new();

    /// <summary>Creates a log that also forwards each issue to <paramref name="forward"/>.</summary>
    public IssueLog(IIssueSink? forward = null) => _forward = forward;

    /// <summary>Every issue, in the order reported.</summary>
    public IReadOnlyList<DataIssue> Issues
    {
        get { lock (_gate) { return _issues.ToArray(); } }
    }

    /// <summary>How many issues of each code were reported.</summary>
    public IReadOnlyDictionary<string, int> CountsByCode
    {
        get { lock (_gate) { return new Dictionary<string, int>(_countsByCode, StringComparer.Ordinal); } }
    }

    /// <summary>Number of issues with <see cref="IssueSeverity.Error"/>.</summary>
    public int ErrorCount
    {
        get { lock (_gate) { return _issues.Count(i => i.Severity == IssueSeverity.Error); } }
    }

    /// <inheritdoc />
    public void Report(DataIssue issue)
    {
        lock (_gate)
        {
            _issues.Add(issue);
            _countsByCode[issue.Code] = _countsByCode.TryGetValue(issue.Code, out var n) ? n + 1 : 1;
        }
        _forward?.Report(issue);
    }

    /// <summary>Reports every issue held, in the order reported, to <paramref name="sink"/>: issues held while a read ran elsewhere or ahead of another's.</summary>
    public void ReportTo(IIssueSink sink)
    {
        foreach (var issue in Issues) sink.Report(issue);
    }
}
