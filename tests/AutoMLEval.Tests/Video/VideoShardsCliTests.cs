using System.Text.Json;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Video;

/// <summary>Issue 17 for video through the CLI: a quoted pattern or a folder of prediction shards is one prediction set.</summary>
public sealed class VideoShardsCliTests
{
    private static string GroundTruth => VideoShardsTests.GroundTruth;

    [Fact]
    public void The_cli_reads_a_quoted_pattern_or_a_folder_as_the_whole_file()
    {
        using var folder = new TempFolder();
        VideoShardsTests.WriteShards(folder, VideoShardsTests.Shards());

        foreach (var format in new[] { "json", "table" })
        {
            var expected = CliRunner.RunIn(folder.Root, "evaluate", "--task", "video", "--ground-truth", GroundTruth, "--predictions", "whole.jsonl", "--format", format);
            // The shell passes a quoted pattern as written; the CLI expands it.
            var globbed = CliRunner.RunIn(folder.Root, "evaluate", "--task", "video", "--ground-truth", GroundTruth, "--predictions", "shards/part-*.jsonl", "--format", format);
            var fromFolder = CliRunner.RunIn(folder.Root, "evaluate", "--task", "video", "--ground-truth", GroundTruth, "--predictions", "shards", "--format", format);

            Assert.True(expected.ExitCode == 0, expected.Error);
            Assert.Equal(expected.Output, globbed.Output);
            Assert.Equal(expected.Output, fromFolder.Output);
            Assert.Equal(expected.ExitCode, globbed.ExitCode);
        }
    }

    [Fact]
    public void A_partial_of_a_pattern_is_one_part_of_all_its_files()
    {
        using var folder = new TempFolder();
        VideoShardsTests.WriteShards(folder, VideoShardsTests.Shards());

        var whole = CliRunner.RunIn(folder.Root, "evaluate", "--task", "video", "--ground-truth", GroundTruth, "--predictions", "whole.jsonl", "--partial", "whole.eval");
        var globbed = CliRunner.RunIn(folder.Root, "evaluate", "--task", "video", "--ground-truth", GroundTruth, "--predictions", "shards/part-*.jsonl", "--partial", "glob.eval");
        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.True(globbed.ExitCode == 0, globbed.Error);

        var fromWhole = CliRunner.RunIn(folder.Root, "merge", "whole.eval", "--format", "json");
        var fromPattern = CliRunner.RunIn(folder.Root, "merge", "glob.eval", "--format", "json");
        Assert.True(fromPattern.ExitCode == 0, fromPattern.Error);
        Assert.Equal(fromWhole.Output, fromPattern.Output);
        // The third file's repeat of the first line, across files within the one part.
        Assert.True(JsonDocument.Parse(fromPattern.Output).RootElement.GetProperty("skipped").GetProperty("duplicateEntries").GetInt64() > 0);
    }
}
