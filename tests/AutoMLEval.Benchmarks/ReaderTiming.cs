using System.Diagnostics;
using System.Globalization;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Benchmarks;

/// <summary>One reader's run on one file: wall and CPU time, MiB/s of each, what it read and the issues it reported.</summary>
internal static class ReaderTiming
{
    // The machine is shared: CPU time says what a reader costs whatever else runs beside it.
    public static void Time(string what, string path, Func<IssueLog, long> read, string unit)
    {
        var megabytes = new FileInfo(path).Length / (1024.0 * 1024.0);
        // Each reader pays for its own garbage only, not for what the reader timed before it left behind.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var log = new IssueLog();
        long count = read(log);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}, {megabytes:F0} MiB: {seconds:F2} s wall ({megabytes / seconds:F0} MiB/s), {cpuSeconds:F2} s CPU ({megabytes / cpuSeconds:F0} MiB per CPU-second); {count:N0} {unit}, {log.Issues.Count} issues"));
    }
}
