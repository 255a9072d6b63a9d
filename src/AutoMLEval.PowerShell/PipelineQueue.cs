using System.Collections.Concurrent;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.PowerShell;

/// <summary>
/// Holds what the engine reports from its threads until the cmdlet's pipeline thread takes it: every issue, in the
/// order reported, and only the latest progress (a bar shows one state; older ones are of no use). Reporting never
/// blocks on PowerShell and never calls it.
/// </summary>
internal sealed class PipelineQueue : IIssueSink, IProgress<WorkProgress>
{
    private readonly ConcurrentQueue<DataIssue> _issues = new();
    private readonly object _gate = new();
    private WorkProgress? _latest;

    /// <summary>Queues one issue (any thread).</summary>
    public void Report(DataIssue issue) => _issues.Enqueue(issue);

    /// <summary>Keeps <paramref name="value"/> as the latest progress (any thread).</summary>
    public void Report(WorkProgress value)
    {
        lock (_gate) _latest = value;
    }

    /// <summary>The oldest issue not yet taken.</summary>
    public bool TryTakeIssue(out DataIssue issue) => _issues.TryDequeue(out issue!);

    /// <summary>The latest progress reported since the last call, or null.</summary>
    public WorkProgress? TakeProgress()
    {
        lock (_gate)
        {
            var latest = _latest;
            _latest = null;
            return latest;
        }
    }
}
