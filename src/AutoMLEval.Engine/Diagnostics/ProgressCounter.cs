namespace AutoMLEval.Engine.Diagnostics;

/// <summary>Counts the units of one step done by any number of threads and reports each new count.</summary>
internal sealed class ProgressCounter
{
    private readonly IProgress<WorkProgress>? _progress;
    private readonly string _step;
    private readonly long _total;
    private long _completed;

    /// <summary>Starts the step at 0 of <paramref name="total"/> (reported at once, so the caller sees the step begin).</summary>
    public ProgressCounter(IProgress<WorkProgress>? progress, string step, long total)
    {
        _progress = progress;
        _step = step;
        _total = total;
        progress?.Report(new WorkProgress(step, 0, total));
    }

    /// <summary>Counts <paramref name="units"/> more done.</summary>
    public void Add(long units = 1)
    {
        var completed = Interlocked.Add(ref _completed, units);
        _progress?.Report(new WorkProgress(_step, completed, _total));
    }
}
