using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

/// <summary>
/// Issue 17 for video: the prediction shards a folder or a wildcard pattern names are read as one set, the lines of all
/// files in ordinal order of their names: the same evaluation as the concatenated file, every bad record named by its
/// own file and line.
/// </summary>
public sealed class VideoShardsTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "video");

    internal static string GroundTruth => Path.Combine(FixtureDirectory, "ground_truth.jsonl");

    /// <summary>
    /// The reference segment predictions in three files by line (39 lines each), the third ending with the first line
    /// again: a video predicted again in a later file. Returns the files' lines in order.
    /// </summary>
    internal static string[][] Shards()
    {
        var lines = File.ReadAllLines(Path.Combine(FixtureDirectory, "predictions.segment.jsonl"));
        return new[] { lines[..39], lines[39..78], lines[78..].Append(lines[0]).ToArray() };
    }

    /// <summary>Writes the shards to <c>shards/part-K.jsonl</c> and their concatenation to <c>whole.jsonl</c>; returns the whole file.</summary>
    internal static string WriteShards(TempFolder folder, string[][] shards)
    {
        for (int k = 0; k < shards.Length; k++) folder.Write($"shards/part-{k}.jsonl", string.Join("\n", shards[k]) + "\n");
        return folder.Write("whole.jsonl", string.Join("\n", shards.SelectMany(s => s)) + "\n");
    }

    private static string Json(string predictions)
    {
        var log = new IssueLog();
        return PartialVideoTests.Json(VideoEvaluator.Evaluate(GroundTruth, predictions, new VideoEvaluationOptions(), log), log.CountsByCode);
    }

    [Fact]
    public void A_pattern_or_a_folder_of_shards_evaluates_exactly_as_the_concatenated_file()
    {
        using var folder = new TempFolder();
        var whole = WriteShards(folder, Shards());

        var expected = Json(whole);

        Assert.Equal(expected, Json(Path.Combine(folder.Root, "shards", "part-*.jsonl")));
        Assert.Equal(expected, Json(Path.Combine(folder.Root, "shards")));
        // The repeated first line is a repeat of every entry it scores, as it would be within one file.
        Assert.Contains("\"DuplicatePrediction\"", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_counts_are_summed_over_the_files_and_the_set_is_named_by_its_pattern()
    {
        using var folder = new TempFolder();
        WriteShards(folder, Shards());
        var pattern = Path.Combine(folder.Root, "shards", "part-?.jsonl");
        var reader = new VideoPredictionReader(ShardFiles.Expand(pattern, VideoPredictionReader.PredictionExtensions), pattern, new IssueLog());

        var instances = reader.Read().ToList();

        // 117 reference lines and the repeated one.
        Assert.Equal(118, reader.Lines);
        Assert.Equal(118, instances.Count);
        Assert.Equal(pattern, reader.Path);
        Assert.Equal(new[] { "part-0.jsonl", "part-1.jsonl", "part-2.jsonl" }, reader.Files.Select(Path.GetFileName));
        // Lines are numbered within their own file: the repeated line is the third file's 40th.
        Assert.Equal((Path.Combine(folder.Root, "shards", "part-2.jsonl"), 40L), (instances[^1].File, instances[^1].Line));
    }

    [Fact]
    public void A_bad_line_names_its_own_file_and_line()
    {
        using var folder = new TempFolder();
        var shards = Shards();
        shards[1][1] = "{not json";
        shards[2][0] = "{\"instance\":{\"content\":\"videos/not_in_the_ground_truth.mp4\"},\"prediction\":[]}";
        WriteShards(folder, shards);
        var log = new IssueLog();

        var evaluation = VideoEvaluator.Evaluate(GroundTruth, Path.Combine(folder.Root, "shards", "*.jsonl"), new VideoEvaluationOptions(), log);

        var badLine = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.InvalidJson);
        Assert.Equal((Path.Combine(folder.Root, "shards", "part-1.jsonl"), 2L), (badLine.Source, badLine.Line));
        var unknown = Assert.Single(log.Issues, i => i.Code == VideoIssueCodes.UnknownVideo);
        Assert.Equal((Path.Combine(folder.Root, "shards", "part-2.jsonl"), 1L), (unknown.Source, unknown.Line));
        Assert.Equal(118, evaluation.PredictionCounts.Lines);
        Assert.Equal(1, evaluation.PredictionCounts.InvalidLines);
    }
}
