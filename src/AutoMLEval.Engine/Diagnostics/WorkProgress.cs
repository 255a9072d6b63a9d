using System.Globalization;

namespace AutoMLEval.Engine.Diagnostics;

/// <summary>What <see cref="WorkProgress.Completed"/> and <see cref="WorkProgress.Total"/> count.</summary>
public enum WorkUnit
{
    /// <summary>Records, resamples, queries, categories: whatever the step names.</summary>
    Items,

    /// <summary>Bytes of an input file (compressed files count their compressed bytes).</summary>
    Bytes,
}

/// <summary>
/// How far one step of a long engine operation is. Engine operations take an <see cref="IProgress{T}"/> of this and
/// report as they go, possibly from several threads at once: an implementation must be thread-safe and return at once
/// (the cmdlets keep the latest report and show it from their pipeline thread; nothing is written from the engine's).
/// </summary>
/// <param name="Step">What is being done, in a few words ("Reading predictions.jsonl", "Bootstrap resamples").</param>
/// <param name="Completed">Units done so far.</param>
/// <param name="Total">Units in all; 0 when not known in advance.</param>
/// <param name="Unit">What the counts count.</param>
public readonly record struct WorkProgress(string Step, long Completed, long Total, WorkUnit Unit = WorkUnit.Items)
{
    /// <summary>Whole percent done (0 to 100), or null when the total is not known.</summary>
    public int? Percent => Total > 0 ? (int)Math.Min(100, Math.Max(0, 100 * Completed / Total)) : null;

    /// <summary>"Reading predictions.jsonl: 12.0 of 48.3 MB", "Bootstrap resamples: 120 of 1,000"; a step that counts nothing (0 of 0 items) is its name alone.</summary>
    public override string ToString()
    {
        if (Unit == WorkUnit.Items && Completed == 0 && Total == 0) return Step;
        if (Unit == WorkUnit.Bytes)
        {
            var done = (Completed / 1048576.0).ToString("N1", CultureInfo.InvariantCulture);
            return Total > 0 ? $"{Step}: {done} of {(Total / 1048576.0).ToString("N1", CultureInfo.InvariantCulture)} MB" : $"{Step}: {done} MB";
        }
        var completed = Completed.ToString("N0", CultureInfo.InvariantCulture);
        return Total > 0 ? $"{Step}: {completed} of {Total.ToString("N0", CultureInfo.InvariantCulture)}" : $"{Step}: {completed}";
    }
}
