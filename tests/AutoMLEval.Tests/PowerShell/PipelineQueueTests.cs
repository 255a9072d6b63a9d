using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.PowerShell;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>The queue between the engine's threads and a cmdlet's pipeline thread loses and mixes nothing.</summary>
public class PipelineQueueTests
{
    [Fact]
    public void Issues_reported_from_several_threads_all_arrive_intact_each_thread_in_order()
    {
        const int Threads = 8, PerThread = 2000;
        var queue = new PipelineQueue();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                queue.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, $"file{t}.json", i + 1, "bbox", $"thread {t} record {i}"));
            }
        });

        var taken = new List<DataIssue>();
        while (queue.TryTakeIssue(out var issue)) taken.Add(issue);

        Assert.Equal(Threads * PerThread, taken.Count);
        foreach (var byThread in taken.GroupBy(i => i.Source))
        {
            var t = byThread.Key.Substring(4, 1);
            Assert.Equal(Enumerable.Range(1, PerThread).Select(n => (long)n), byThread.Select(i => i.Line));
            Assert.All(byThread, i => Assert.Equal($"thread {t} record {i.Line - 1}", i.Message));
        }
    }

    [Fact]
    public void Progress_keeps_only_the_latest_report_until_taken()
    {
        var queue = new PipelineQueue();
        Assert.Null(queue.TakeProgress());
        queue.Report(new WorkProgress("Reading a", 1, 10));
        queue.Report(new WorkProgress("Reading a", 7, 10));
        Assert.Equal(new WorkProgress("Reading a", 7, 10), queue.TakeProgress());
        Assert.Null(queue.TakeProgress());
    }
}
