using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Benchmarks;

/// <summary>One reader's run on one file: wall and CPU time, MiB/s of each, what it read and the issues it reported.</summary>
internal static class ReaderTiming
{
    // The machine is shared: CPU time says what a reader costs whatever else runs beside it.
    /// <summary>Reads and prints; returns the MiB per second of wall time and per CPU-second.</summary>
    public static (double Wall, double PerCpuSecond) Time(string what, string path, Func<IssueLog, long> read, string unit)
    {
        var megabytes = new FileInfo(path).Length / (1024.0 * 1024.0);
        // Each reader pays for its own garbage only, not for what the reader timed before it left behind.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (allocated, pauses, collections) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), CollectionCounts());
        var watch = Stopwatch.StartNew();
        var log = new IssueLog();
        long count = read(log);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var collected = CollectionCounts().Zip(collections, (after, before) => after - before).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}, {megabytes:F0} MiB: {seconds:F2} s wall ({megabytes / seconds:F0} MiB/s), {cpuSeconds:F2} s CPU ({megabytes / cpuSeconds:F0} MiB per CPU-second); {count:N0} {unit}, {log.Issues.Count} issues; " +
            $"{(GC.GetTotalAllocatedBytes() - allocated) / (1024.0 * 1024.0):F0} MiB allocated, collections {collected[0]}/{collected[1]}/{collected[2]} (gen 0/1/2) pausing {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds:F0} ms"));
        return (megabytes / seconds, megabytes / cpuSeconds);
    }

    private static int[] CollectionCounts() => new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };

}

/// <summary>
/// Readers' speeds against the classification reader's, run by run, and their medians: a single run's ratio moves by
/// half with the tiered JIT and the machine (the first run reads with unoptimised code).
/// </summary>
internal sealed class ReaderRatios
{
    private readonly Dictionary<string, List<(double Wall, double PerCpuSecond)>> _ratios = new(StringComparer.Ordinal);

    /// <summary>Prints and keeps how fast <paramref name="reader"/> read against the classification reader in the same run.</summary>
    public void Add(string reader, (double Wall, double PerCpuSecond) speed, (double Wall, double PerCpuSecond) classification)
    {
        var ratio = (speed.Wall / classification.Wall, speed.PerCpuSecond / classification.PerCpuSecond);
        if (!_ratios.TryGetValue(reader, out var runs)) _ratios.Add(reader, runs = new());
        runs.Add(ratio);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {reader} / classification reader: {ratio.Item1:F2} wall, {ratio.Item2:F2} per CPU-second"));
    }

    /// <summary>Each reader's median ratios over the runs after the first (the first is the JIT's).</summary>
    public void PrintMedians()
    {
        foreach (var (reader, runs) in _ratios)
        {
            var warm = runs.Count > 1 ? runs.Skip(1).ToArray() : runs.ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{reader} / classification reader, median of {warm.Length} warm runs: {Statistics.Median(warm.Select(r => r.Wall)):F2} wall, {Statistics.Median(warm.Select(r => r.PerCpuSecond)):F2} per CPU-second (issue 13's goal: 1)"));
        }
    }
}
