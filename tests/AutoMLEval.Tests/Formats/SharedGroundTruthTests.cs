using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>Shards evaluated in one process at the same time read their ground truth once, and each is told its issues.</summary>
public sealed class SharedGroundTruthTests
{
    private const string GroundTruth = "path,label\na.png,cat\nb.png,dog\nc.png,\"unclosed\n";

    [Fact]
    public void Concurrent_shards_share_one_read_and_each_hears_its_issues()
    {
        using var folder = new TempFolder();
        var path = folder.Write("gt.csv", GroundTruth);
        var logs = Enumerable.Range(0, 4).Select(_ => new IssueLog()).ToArray();
        var sets = new GroundTruthSet[logs.Length];

        Parallel.For(0, logs.Length, k => sets[k] = SharedGroundTruth.Read(path, logs[k], null, CancellationToken.None));

        Assert.All(sets, s => Assert.Same(sets[0], s));
        Assert.Equal(2, sets[0].Items.Count);
        // The unclosed quote on line 4 is reported to every caller, as if each had read the file.
        Assert.All(logs, log => Assert.Equal(4, Assert.Single(log.Issues).Line));
        GC.KeepAlive(sets);
    }

    [Fact]
    public void A_rewritten_file_is_read_again()
    {
        using var folder = new TempFolder();
        var path = folder.Write("gt.csv", "path,label\na.png,cat\n");
        var first = SharedGroundTruth.Read(path, new IssueLog(), null, CancellationToken.None);

        File.WriteAllText(path, "path,label\na.png,cat\nb.png,dog\n");
        var second = SharedGroundTruth.Read(path, new IssueLog(), null, CancellationToken.None);

        Assert.NotSame(first, second);
        Assert.Equal(new[] { "a.png", "b.png" }, second.Items.Select(i => i.ItemId));
    }

    [Fact]
    public void A_folder_is_read_each_time()
    {
        using var folder = new TempFolder();
        folder.Write(Path.Combine("cat", "a.png"), string.Empty);
        var first = SharedGroundTruth.Read(folder.Root, new IssueLog(), null, CancellationToken.None);

        folder.Write(Path.Combine("dog", "b.png"), string.Empty);
        var second = SharedGroundTruth.Read(folder.Root, new IssueLog(), null, CancellationToken.None);

        Assert.Single(first.Items);
        Assert.Equal(2, second.Items.Count);
    }
}
