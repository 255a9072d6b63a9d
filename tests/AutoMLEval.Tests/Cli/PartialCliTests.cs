using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>
/// The CLI contract of issue 17: <c>evaluate --partial OUT</c> per shard, then <c>merge PART... --format json</c> prints
/// what <c>evaluate</c> prints for all shards together; a folder or glob given to --predictions is one prediction set.
/// </summary>
public sealed class PartialCliTests
{
    private static readonly string GroundTruth = Fixture.Path("digits", "dataset.csv");

    [Fact]
    public void Merged_shards_print_what_evaluate_prints_for_all_of_them()
    {
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        // Three shards of 200, 200 and 140 lines, as a batch prediction writes them.
        for (int k = 0; k < 3; k++) folder.Write($"shards/predictions.results-0000{k}-of-00003.jsonl", string.Join("\n", lines.Skip(k * 200).Take(200)) + "\n");
        for (int k = 0; k < 3; k++)
        {
            var (code, output, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", $"shards/predictions.results-0000{k}-of-00003.jsonl", "--partial", $"part-{k}.eval");
            Assert.True(code == 0, error);
            Assert.Contains($"of {Math.Min(200, lines.Length - (k * 200))} items", output, StringComparison.Ordinal);
            // Items of the other shards are not missing yet.
            Assert.DoesNotContain("MissingPrediction", error, StringComparison.Ordinal);
        }

        var merged = CliRunner.RunIn(folder.Root, "merge", "part-2.eval", "part-0.eval", "part-1.eval", "--format", "json");
        var whole = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", Fixture.Path("digits", "predictions.test.jsonl"), "--format", "json");
        var globbed = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", "shards/*.jsonl", "--format", "json");
        var folderRead = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", "shards", "--format", "json");

        Assert.True(merged.ExitCode == 0, merged.Error);
        JsonAssert.Close(whole.Output, merged.Output, 1e-12);
        JsonAssert.Close(whole.Output, globbed.Output, 1e-12);
        JsonAssert.Close(whole.Output, folderRead.Output, 1e-12);
    }

    // Two shards of the demo's first test predictions (shards/s0.jsonl, s1.jsonl) and their parts with resamples (parts/).
    private static void WriteBootstrapParts(TempFolder folder, int shardItems, int resamples)
    {
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        for (int k = 0; k < 2; k++)
        {
            folder.Write($"shards/s{k}.jsonl", string.Join("\n", lines.Skip(k * shardItems).Take(shardItems)) + "\n");
            var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", $"shards/s{k}.jsonl", "--partial", $"parts/s{k}.eval", "--bootstrap", resamples.ToString(CultureInfo.InvariantCulture));
            Assert.True(code == 0, error);
        }
    }

    [Fact]
    public void Merged_shards_with_bootstrap_print_the_intervals_evaluate_prints()
    {
        using var folder = new TempFolder();
        WriteBootstrapParts(folder, shardItems: 270, resamples: 30);

        var merged = CliRunner.RunIn(folder.Root, "merge", "parts", "--format", "json");
        var whole = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", "shards", "--bootstrap", "30", "--format", "json");

        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.Equal(12, JsonDocument.Parse(whole.Output).RootElement.GetProperty("confidenceIntervals").EnumerateObject().Count());
        JsonAssert.Close(whole.Output, merged.Output, 1e-12);
    }

    [Fact]
    public void Merged_parts_with_bootstrap_as_csv_say_the_intervals_are_not_shown()
    {
        // evaluate --bootstrap --format csv is a usage error; merge has no --bootstrap, so it prints the CSV and says so.
        using var folder = new TempFolder();
        WriteBootstrapParts(folder, shardItems: 60, resamples: 5);

        var merged = CliRunner.RunIn(folder.Root, "merge", "parts", "--format", "csv");
        var whole = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", "shards", "--format", "csv");

        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.Equal(whole.Output, merged.Output);
        Assert.Contains(
            "note: the parts carry 5 bootstrap resamples, whose intervals the CSV's per-label rows cannot show: merge them with --format json (or table) to see the intervals.",
            CliRunner.Unwrapped(merged.Error), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_names_the_parts_when_their_settings_differ()
    {
        using var folder = new TempFolder();
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");
        Assert.Equal(0, CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", predictions, "--partial", "plain.eval").ExitCode);
        Assert.Equal(0, CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", predictions, "--partial", "resampled.eval", "--bootstrap", "3").ExitCode);

        var (code, _, error) = CliRunner.RunIn(folder.Root, "merge", "plain.eval", "resampled.eval");

        Assert.Equal(1, code);
        Assert.Contains("error PartialEvaluationsDiffer", error, StringComparison.Ordinal);
        Assert.Contains("plain.eval", error, StringComparison.Ordinal);
        Assert.Contains("bootstrap resamples differ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_counts_items_of_no_shard_as_missing_and_reports_items_in_two_parts()
    {
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        folder.Write("a.jsonl", string.Join("\n", lines.Take(300)));
        folder.Write("b.jsonl", string.Join("\n", lines.Skip(250).Take(150)));
        foreach (var name in new[] { "a", "b" })
        {
            var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", $"{name}.jsonl", "--partial", $"parts/{name}.eval");
            Assert.True(code == 0, error);
        }

        // A folder of parts is read whole.
        var (exit, output, stderr) = CliRunner.RunIn(folder.Root, "merge", "parts", "--format", "json");

        Assert.True(exit == 0, stderr);
        var counts = JsonDocument.Parse(output).RootElement.GetProperty("counts");
        // 540 test items; shards hold lines 0–299 and 250–399: 400 distinct items, 50 in both, 140 in neither.
        Assert.Equal(450, counts.GetProperty("evaluated").GetInt32());
        Assert.Equal(140, counts.GetProperty("missingPredictions").GetInt32());
        Assert.Equal(50, counts.GetProperty("duplicateRecords").GetInt32());
        Assert.Contains("DuplicateAcrossParts", stderr, StringComparison.Ordinal);
        Assert.Contains("50 items were evaluated in more than one part", stderr, StringComparison.Ordinal);
        // The table says why more items were evaluated than the ground truth's distinct ones (400 + 50 copies).
        var table = CliRunner.RunIn(folder.Root, "merge", "parts");
        Assert.Contains("Items evaluated : 450 of 540 ground-truth items (50 of them extra copies from parts that share items; 140 without prediction, 0 rejected)", CliRunner.Unwrapped(table.Output), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, string> ShardWithARejectedRecord => new()
    {
        // The fourth record of the second shard claims a confidence of 1.2 (as ExitCodeCliTests' one-pass case).
        { "classification", Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl"), "\"confidences\": [", "\"confidences\": [1.2, " },
        // A segment prediction's confidence of 1.97 (its 0.97 with a 1 for the 0).
        { "video", Fixture.Path("video", "ground_truth.jsonl"), Fixture.Path("video", "predictions.segment.jsonl"), "\"confidence\": 0.", "\"confidence\": 1." },
    };

    [Theory]
    [MemberData(nameof(ShardWithARejectedRecord))]
    public void Merge_of_parts_that_rejected_records_exits_3_as_evaluate_of_all_the_shards_does(string task, string groundTruth, string predictions, string find, string replace)
    {
        // Before: each evaluate --partial exited 3, but their merge exited 0, with the rejected record counted in its output.
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(predictions);
        // Shards hold whole videos (a video's segments are on consecutive lines): the first line of another item after the middle.
        static string Content(string line) => JsonDocument.Parse(line).RootElement.GetProperty("instance").GetProperty("content").GetString()!;
        int half = lines.Length / 2;
        while (Content(lines[half]) == Content(lines[half - 1])) half++;
        lines[half + 3] = ReplaceFirst(lines[half + 3], find, replace);
        folder.Write("a.jsonl", string.Join("\n", lines.Take(half)) + "\n");
        folder.Write("b.jsonl", string.Join("\n", lines.Skip(half)) + "\n");
        folder.Write("whole.jsonl", string.Join("\n", lines) + "\n");
        var codes = new[] { "a", "b" }.Select(name => CliRunner.RunIn(folder.Root, "evaluate", "--task", task, "--ground-truth", groundTruth, "--predictions", $"{name}.jsonl", "--partial", $"{name}.eval").ExitCode).ToArray();
        Assert.Equal(new[] { 0, 3 }, codes);

        var whole = CliRunner.RunIn(folder.Root, "evaluate", "--task", task, "--ground-truth", groundTruth, "--predictions", "whole.jsonl", "--format", "json");
        var merged = CliRunner.RunIn(folder.Root, "merge", "a.eval", "b.eval", "--format", "json");

        Assert.Equal(3, whole.ExitCode);
        Assert.Equal(3, merged.ExitCode);
        // Only b rejected a record: the error names its predictions file (what can be fixed) and its part file alone.
        Assert.Contains($"error RecordsRejectedInParts: {Path.Combine(folder.Root, "b.jsonl")}: 0 ground-truth records and 1 prediction record were rejected when the parts were evaluated (each reported then, when b.eval was written)", merged.Error, StringComparison.Ordinal);
        JsonAssert.Close(whole.Output, merged.Output, 1e-12);
    }

    [Fact]
    public void Merge_shows_the_engine_s_progress_on_a_terminal_only()
    {
        // Before: the merge's steps were Merge-ModelEvaluation's alone; automl-eval merge showed none.
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        folder.Write("a.jsonl", string.Join("\n", lines.Take(270)) + "\n");
        folder.Write("b.jsonl", string.Join("\n", lines.Skip(270)) + "\n");
        foreach (var name in new[] { "a", "b" })
        {
            var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", GroundTruth, "--predictions", $"{name}.jsonl", "--partial", $"{name}.eval");
            Assert.True(code == 0, error);
        }
        var terminal = new StringWriter();

        var exitCode = Program.Run(new[] { "merge", "a.eval", "b.eval", "--format", "json" }, new CliContext(new StringWriter(), terminal, folder.Root) { ErrorIsTerminal = true });

        Assert.Equal(ExitCodes.Success, exitCode);
        // The first step is drawn at once (later ones within 200 ms are not redrawn), and erased at the end.
        Assert.StartsWith("\rMerging parts: 0 of 2 (0%)", terminal.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, terminal.ToString().Split('\r')[^1].Trim());
        // Redirected, standard error holds no progress line.
        Assert.Equal(string.Empty, CliRunner.RunIn(folder.Root, "merge", "a.eval", "b.eval", "--format", "json").Error);
    }

    [Fact]
    public void Merge_of_detection_parts_that_rejected_a_detection_exits_3()
    {
        using var folder = new TempFolder();
        var gt = Fixture.Path("coco", "tiny_bbox", "gt.json");
        var detections = JsonDocument.Parse(File.ReadAllText(Fixture.Path("coco", "tiny_bbox", "dt.json"))).RootElement.EnumerateArray().Select(d => d.GetRawText()).ToArray();
        folder.Write("a.json", "[" + string.Join(",", detections.Take(3)) + "]");
        // A box with a word for a number: an InvalidRecord, skipped and counted.
        folder.Write("b.json", "[" + string.Join(",", detections.Skip(3).Append("{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, \"x\", 4], \"score\": 0.5}")) + "]");
        var codes = new[] { "a", "b" }.Select(name => CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", gt, "--predictions", $"{name}.json", "--partial", $"{name}.eval").ExitCode).ToArray();
        Assert.Equal(new[] { 0, 3 }, codes);

        var merged = CliRunner.RunIn(folder.Root, "merge", "a.eval", "b.eval", "--format", "json");

        Assert.Equal(3, merged.ExitCode);
        Assert.Contains("0 ground-truth records and 1 prediction record were rejected", merged.Error, StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(merged.Output).RootElement.GetProperty("counts").GetProperty("detectionsInvalid").GetInt32());
    }

    [Fact]
    public void Merge_of_detection_parts_rejects_the_ground_truths_unreadable_records_as_evaluate_does()
    {
        // Before: a part kept unreadable annotations (errors) and those of unlisted images (warnings) as one count, and
        // the merge rejected neither: it exited 0 where evaluate of all the shards exited 3.
        using var folder = new TempFolder();
        var truth = JsonNode.Parse(File.ReadAllText(Fixture.Path("coco", "tiny_bbox", "gt.json")))!;
        var annotations = truth["annotations"]!.AsArray();
        annotations.Add(JsonNode.Parse("{\"id\": 90, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, \"x\", 4], \"area\": 4, \"iscrowd\": 0}"));
        annotations.Add(JsonNode.Parse("{\"id\": 91, \"image_id\": 999, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"area\": 12, \"iscrowd\": 0}"));
        var gt = folder.Write("gt.json", truth.ToJsonString());
        var detections = JsonDocument.Parse(File.ReadAllText(Fixture.Path("coco", "tiny_bbox", "dt.json"))).RootElement.EnumerateArray().Select(d => d.GetRawText()).ToArray();
        folder.Write("a.json", "[" + string.Join(",", detections.Take(3)) + "]");
        folder.Write("b.json", "[" + string.Join(",", detections.Skip(3)) + "]");
        folder.Write("whole.json", "[" + string.Join(",", detections) + "]");
        var codes = new[] { "a", "b" }.Select(name => CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", gt, "--predictions", $"{name}.json", "--partial", $"{name}.eval").ExitCode).ToArray();
        Assert.Equal(new[] { 3, 3 }, codes);

        var whole = CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", gt, "--predictions", "whole.json", "--format", "json");
        var merged = CliRunner.RunIn(folder.Root, "merge", "a.eval", "b.eval", "--format", "json");

        Assert.Equal(3, whole.ExitCode);
        Assert.Equal(3, merged.ExitCode);
        Assert.Contains("1 ground-truth record and 0 prediction records were rejected", merged.Error, StringComparison.Ordinal);
        var counts = JsonDocument.Parse(merged.Output).RootElement.GetProperty("counts");
        // Two annotations left out: the unreadable one (rejected) and the one of an unlisted image (a warning).
        Assert.Equal((2, 1), (counts.GetProperty("groundTruthSkipped").GetInt32(), counts.GetProperty("groundTruthInvalid").GetInt32()));
        JsonAssert.Close(whole.Output, merged.Output, 1e-12);
        // The table says it too, as evaluate's does.
        Assert.Contains("groundTruthSkipped : 2 (1 unreadable)", CliRunner.RunIn(folder.Root, "merge", "a.eval", "b.eval").Output, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the line");
        return text[..at] + replace + text[(at + find.Length)..];
    }

    public static TheoryData<string, string, string, string?, int, int> PartialOfEachTask => new()
    {
        // The digits test split: 540 items, all predicted.
        { "classification", Fixture.Path("digits", "dataset.csv"), Fixture.Path("digits", "predictions.test.jsonl"), "test", 540, 540 },
        // tiny_bbox: 2 images, both predicted; a COCO ground truth has no split.
        { "detection", Fixture.Path("coco", "tiny_bbox", "gt.json"), Fixture.Path("coco", "tiny_bbox", "dt.json"), null, 2, 2 },
        // The video fixture (video/README.md): 117 segment items of 60 test videos.
        { "video", Fixture.Path("video", "ground_truth.jsonl"), Fixture.Path("video", "predictions.segment.jsonl"), "test", 117, 60 },
    };

    [Theory]
    [MemberData(nameof(PartialOfEachTask))]
    public void Partial_says_what_it_wrote_in_the_format_asked(string task, string groundTruth, string predictions, string? mlUse, int items, int groundTruthItems)
    {
        using var folder = new TempFolder();
        string[] Args(string format) => ["evaluate", "--task", task, "--ground-truth", groundTruth, "--predictions", predictions, "--partial", "parts/a.eval", "--format", format];

        var json = CliRunner.RunIn(folder.Root, Args("json"));
        var csv = CliRunner.RunIn(folder.Root, Args("csv"));
        var table = CliRunner.RunIn(folder.Root, Args("table"));

        // Before, every form printed the sentence, so `--format json` was not JSON.
        Assert.True(json.ExitCode == 0, json.Error);
        var root = JsonDocument.Parse(json.Output).RootElement;
        var path = Path.Combine(folder.Root, "parts", "a.eval");
        Assert.Equal(path, root.GetProperty("path").GetString());
        Assert.True(File.Exists(path));
        Assert.Equal(task, root.GetProperty("task").GetString());
        Assert.Equal(mlUse, root.GetProperty("mlUse").GetString());
        Assert.Equal(items, root.GetProperty("items").GetInt64());
        Assert.Equal(groundTruthItems, root.GetProperty("groundTruthItems").GetInt64());
        Assert.Equal(groundTruth, root.GetProperty("groundTruthPath").GetString());
        Assert.Equal(predictions, root.GetProperty("predictionPath").GetString());
        Assert.Equal(
            $"path,task,mlUse,items,groundTruthItems,groundTruthPath,predictionPath\n{path},{task},{mlUse},{items},{groundTruthItems},{groundTruth},{predictions}\n",
            csv.Output.ReplaceLineEndings("\n"));
        Assert.StartsWith("Partial evaluation of ", table.Output, StringComparison.Ordinal);
        Assert.Contains("written to parts/a.eval; merge the parts with: automl-eval merge PART...", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_refuses_a_file_that_is_no_partial_evaluation_and_needs_parts()
    {
        var (code, _, error) = CliRunner.Run("merge", GroundTruth);
        Assert.Equal(1, code);
        Assert.Contains("NotPartialEvaluation", error, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("merge", "--format", "json").ExitCode);
        Assert.Equal(2, CliRunner.Run("evaluate", "--partial", "x.eval", "--slice-by", "camera").ExitCode);
    }

    [Fact]
    public void Merge_of_a_missing_part_names_it_as_every_input_does()
    {
        var missing = Path.Combine(Path.GetTempPath(), "automleval-no-such-part.eval");
        var (code, _, error) = CliRunner.Run("merge", missing);
        Assert.Equal(1, code);
        Assert.Contains("Input file not found: " + missing, error, StringComparison.Ordinal);
    }
}
