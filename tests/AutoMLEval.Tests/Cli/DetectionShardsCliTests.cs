using System.Text.Json;
using AutoMLEval.Tests.Detection;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary><c>evaluate --task detection --predictions 'shards/part-*.json'</c> (a quoted pattern) or a folder: one prediction set.</summary>
public sealed class DetectionShardsCliTests
{
    [Fact]
    public void A_quoted_pattern_of_coco_results_files_prints_what_the_whole_file_prints()
    {
        using var folder = new TempFolder();
        var directory = CocoParityTests.CaseDirectory("random_bbox");
        var groundTruth = Path.Combine(directory, "gt.json");
        var whole = Path.Combine(directory, "dt.json");
        var detections = DetectionShardsTests.Detections("random_bbox");
        // Three files of consecutive elements (the last one shorter), named so that ordinal order is file order.
        int size = (detections.Count / 3) + 1;
        for (int k = 0; k < 3; k++)
        {
            folder.Write($"shards/part-{k}.json", DetectionShardsTests.ResultsList(detections.Skip(k * size).Take(size)));
        }

        foreach (var format in new[] { "json", "table" })
        {
            var expected = CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", whole, "--format", format);
            // The shell passes a quoted pattern as written; the CLI expands it.
            var globbed = CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", "shards/part-*.json", "--format", format);
            var fromFolder = CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", "shards", "--format", format);

            Assert.True(expected.ExitCode == 0, expected.Error);
            Assert.True(globbed.ExitCode == 0, globbed.Error);
            Assert.Equal(expected.Output, globbed.Output);
            Assert.Equal(expected.Output, fromFolder.Output);
        }
        var json = JsonDocument.Parse(CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", "shards/part-*.json", "--format", "json").Output).RootElement;
        Assert.True(json.GetProperty("cocoStats").GetProperty("ap").GetDouble() > 0);
    }

    [Fact]
    public void A_folder_without_prediction_files_is_a_clear_error()
    {
        using var folder = new TempFolder();
        folder.Write("empty/readme.txt", "no predictions here");

        var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", Path.Combine(CocoParityTests.CaseDirectory("tiny_bbox"), "gt.json"), "--predictions", "empty");

        Assert.NotEqual(0, code);
        Assert.Contains("error NoFiles", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder.Root, "empty"), error, StringComparison.Ordinal);
        Assert.Contains("no files to read here (expected .json, .jsonl, .json.gz, .jsonl.gz)", error, StringComparison.Ordinal);
    }
}
