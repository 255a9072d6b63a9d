namespace AutoMLEval.Engine.Diagnostics;

/// <summary>Counts the issues passing through by code, then forwards each one (single-threaded, as the readers report).</summary>
internal sealed class IssueCounter : IIssueSink
{
    private readonly IIssueSink _forward;

    /// <summary>Counts into <paramref name="counts"/> (a new dictionary when null) and forwards to <paramref name="forward"/>.</summary>
    public IssueCounter(IIssueSink forward, Dictionary<string, long>? counts = null)
    {
        _forward = forward ?? throw new ArgumentNullException(nameof(forward));
        Counts = counts ?? new Dictionary<string, long>(StringComparer.Ordinal);
    }

    /// <summary>Issues seen so far, by code.</summary>
    public Dictionary<string, long> Counts { get; }

    /// <inheritdoc />
    public void Report(DataIssue issue)
    {
        Counts[issue.Code] = Counts.TryGetValue(issue.Code, out var n) ? n + 1 : 1;
        _forward.Report(issue);
    }
}
