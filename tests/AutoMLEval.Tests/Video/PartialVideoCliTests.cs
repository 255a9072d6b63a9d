using System.Text.Json;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Video;

/// <summary>Issue 17 for video through the CLI: <c>evaluate --partial</c> per shard, then <c>merge</c>.</summary>
public sealed class PartialVideoCliTests
{
    [Fact]
    public void Cli_merge_prints_what_evaluate_prints_for_all_the_shards()
    {
        using var folder = new TempFolder();
        var groundTruth = Fixture.Path("video", "ground_truth.jsonl");
        var lines = File.ReadAllLines(Fixture.Path("video", "predictions.segment.jsonl")).Where(l => l.Length > 0).ToArray();
        // Three shards of whole videos; the third video of each ten is in no shard (missing at merge).
        var video = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("instance").GetProperty("content").GetString()!).ToArray();
        var names = video.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();
        var kept = Enumerable.Range(0, lines.Length).Where(i => names.IndexOf(video[i]) % 10 != 3).ToArray();
        folder.Write("all.jsonl", string.Join("\n", kept.Select(i => lines[i])) + "\n");
        for (int k = 0; k < 3; k++)
        {
            folder.Write($"shards/s{k}.jsonl", string.Join("\n", kept.Where(i => names.IndexOf(video[i]) % 3 == k).Select(i => lines[i])) + "\n");
            var (code, output, error) = CliRunner.RunIn(folder.Root, "evaluate", "--task", "video", "--ground-truth", groundTruth, "--predictions", $"shards/s{k}.jsonl", "--partial", $"parts/s{k}.eval");
            Assert.True(code == 0, error);
            Assert.Contains("written to parts/s", output, StringComparison.Ordinal);
            // Videos of the other shards are not without predictions yet.
            Assert.DoesNotContain("VideoWithoutPredictions", error, StringComparison.Ordinal);
        }

        var merged = CliRunner.RunIn(folder.Root, "merge", "parts", "--format", "json");
        var whole = CliRunner.RunIn(folder.Root, "evaluate", "--task", "video", "--ground-truth", groundTruth, "--predictions", "all.jsonl", "--format", "json");

        Assert.True(merged.ExitCode == 0, merged.Error);
        JsonAssert.Close(whole.Output, merged.Output, 1e-12);
        Assert.Contains("\"VideoWithoutPredictions\": 6", merged.Output, StringComparison.Ordinal);
        var table = CliRunner.RunIn(folder.Root, "merge", "parts/s0.eval", "parts/s1.eval", "parts/s2.eval");
        Assert.Contains("Videos             : 54 of 60 predicted", table.Output, StringComparison.Ordinal);
    }
}
