using System.Text.Json;
using System.Text.Json.Nodes;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary><c>evaluate --slice-by</c>: every slice equals an evaluation of its items alone.</summary>
public sealed class SliceCliTests
{
    private static readonly string[] Metrics = { "auPrc", "auRoc", "logLoss", "accuracy", "macroF1", "macroAuPrc", "hammingLoss" };

    [Fact]
    public void Slices_from_data_item_resource_labels_equal_evaluating_each_slice_alone()
    {
        using var folder = new TempFolder();
        // The multi-label fixture with a camera label on every item: a, b or c by line number, none on every 50th.
        var lines = File.ReadAllLines(Fixture.Path("multilabel", "ground_truth.jsonl"));
        var cameras = new Dictionary<string, List<string>>();
        var tagged = lines.Select((line, i) =>
        {
            var node = JsonNode.Parse(line)!;
            if (i % 50 == 0) return node.ToJsonString();
            var camera = "abc"[i % 3].ToString();
            node["dataItemResourceLabels"]!["camera"] = camera;
            if (!cameras.TryGetValue(camera, out var list)) cameras[camera] = list = new List<string>();
            list.Add(node.ToJsonString());
            return node.ToJsonString();
        }).ToArray();
        // A line that is not JSON among them: reported once, as the ground truth's, though the metadata is read from it too.
        var groundTruth = folder.Write("gt.jsonl", string.Join("\n", tagged.Append("{not json")));
        var predictions = Fixture.Path("multilabel", "predictions.jsonl");
        var (code, output, error) = CliRunner.Run("evaluate", "--ground-truth", groundTruth, "--predictions", predictions, "--slice-by", "camera", "--format", "json");
        Assert.True(code == 3, error);
        Assert.Single(error.Split('\n'), l => l.Contains($"gt.jsonl:{tagged.Length + 1}:", StringComparison.Ordinal));
        var json = JsonDocument.Parse(output).RootElement;
        var slices = json.GetProperty("slices").EnumerateArray().ToArray();
        Assert.Equal(4, slices.Length);
        Assert.Equal(400, slices.Sum(s => s.GetProperty("items").GetInt32()));
        var missing = slices.Single(s => s.GetProperty("value").ValueKind == JsonValueKind.Null);
        Assert.Equal(8, missing.GetProperty("items").GetInt32());
        Assert.Contains("SmallSlice", error, StringComparison.Ordinal);

        foreach (var (camera, records) in cameras)
        {
            var alone = folder.Write($"gt-{camera}.jsonl", string.Join("\n", records));
            var (aloneCode, aloneOutput, aloneError) = CliRunner.Run("evaluate", "--ground-truth", alone, "--predictions", predictions, "--format", "json");
            Assert.True(aloneCode == 0, aloneError);
            var expected = JsonDocument.Parse(aloneOutput).RootElement;
            var slice = slices.Single(s => s.GetProperty("value").GetString() == camera);
            Assert.Equal("camera", slice.GetProperty("key").GetString());
            Assert.Equal(records.Count, slice.GetProperty("items").GetInt32());
            foreach (var metric in Metrics) Assert.Equal(expected.GetProperty(metric).GetDouble(), slice.GetProperty(metric).GetDouble(), 12);
        }
    }

    [Fact]
    public void Slices_from_a_side_csv_and_an_unknown_key_is_a_clear_error()
    {
        using var folder = new TempFolder();
        var demo = Fixture.Path("digits");
        var items = File.ReadAllLines(Path.Combine(demo, "dataset.csv")).Where(l => l.StartsWith("test,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToArray();
        var metadata = folder.Write("meta.csv", "path,camera\n" + string.Join("\n", items.Select((p, i) => $"{p},{(i < 300 ? "north" : "south")}")) + "\n");
        var (code, output, error) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "camera", "--metadata", metadata, "--format", "json");
        Assert.True(code == 0, error);
        var slices = JsonDocument.Parse(output).RootElement.GetProperty("slices").EnumerateArray().ToArray();
        Assert.Equal(new[] { ("north", 300), ("south", 240) }, slices.Select(s => (s.GetProperty("value").GetString()!, s.GetProperty("items").GetInt32())));

        var (badCode, _, badError) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "site", "--metadata", metadata);
        Assert.Equal(1, badCode);
        Assert.Contains("no item has the metadata key 'site'", badError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_side_csv_whose_paths_are_not_the_ground_truths_is_reported_not_ignored()
    {
        using var folder = new TempFolder();
        var demo = Fixture.Path("digits");
        var items = File.ReadAllLines(Path.Combine(demo, "dataset.csv")).Where(l => l.StartsWith("test,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToArray();
        // Two extra rows (a training item and a path written another way) beside the 540 test items: counted in a warning.
        var some = folder.Write("some.csv", "path,camera\n" + string.Join("\n", items.Select(p => $"{p},north").Append("images/training/0001.png,south").Append("./images/test/0000.png,south")) + "\n");
        var (code, output, error) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "camera", "--metadata", some, "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(540, JsonDocument.Parse(output).RootElement.GetProperty("slices")[0].GetProperty("items").GetInt32());
        Assert.Contains("warning UnmatchedMetadata: ", error, StringComparison.Ordinal);
        Assert.Contains("2 of its 542 items are not among the 540 evaluated items", error, StringComparison.Ordinal);

        // Every path written another way (file names only): every item would have fallen in the slice without a value.
        var none = folder.Write("none.csv", "path,camera\n" + string.Join("\n", items.Select(p => $"{Path.GetFileName(p)},north")) + "\n");
        var (noneCode, noneOutput, noneError) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "camera", "--metadata", none);
        Assert.Equal(1, noneCode);
        Assert.Empty(noneOutput);
        Assert.Contains("error MetadataUnmatched: ", noneError, StringComparison.Ordinal);
        Assert.Contains($"it names '{Path.GetFileName(items[0])}', the ground truth '{items[0]}'", noneError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_ground_truth_slices_by_its_header_columns_and_one_without_a_header_needs_a_metadata_file()
    {
        using var folder = new TempFolder();
        var demo = Fixture.Path("digits");
        var test = File.ReadAllLines(Path.Combine(demo, "dataset.csv")).Where(l => l.StartsWith("test,", StringComparison.Ordinal)).Select(l => l.Split(',')).ToArray();
        // The same 540 test items with a header and a camera column: the first 300 north, the other 240 south.
        var withHeader = folder.Write("gt.csv", "path,label,camera\n" + string.Join("\n", test.Select((f, i) => $"{f[1]},{f[2]},{(i < 300 ? "north" : "south")}")) + "\n");
        var predictions = Path.Combine(demo, "predictions.test.jsonl");
        var (code, output, error) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", withHeader, "--predictions", predictions, "--slice-by", "camera", "--format", "json");
        Assert.True(code == 0, error);
        var slices = JsonDocument.Parse(output).RootElement.GetProperty("slices").EnumerateArray().ToArray();
        Assert.Equal(new[] { ("north", 300), ("south", 240) }, slices.Select(s => (s.GetProperty("value").GetString()!, s.GetProperty("items").GetInt32())));

        // ML_USE,path,label rows: the first row is an item, not a header of keys (it used to be read as one: "the keys are: images/training/1283.png, zero").
        var (badCode, _, badError) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "camera");
        Assert.Equal(1, badCode);
        Assert.Contains("a CSV ground truth without a header (ML_USE,path,label rows) holds no metadata", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_metadata_row_is_reported_with_its_line_and_counted_as_skipped()
    {
        using var folder = new TempFolder();
        var demo = Fixture.Path("digits");
        var items = File.ReadAllLines(Path.Combine(demo, "dataset.csv")).Where(l => l.StartsWith("test,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToArray();
        // Line 6 (the 5th item) has a third field; line 8 (the 7th) has no path: both skipped, so those 2 items have no camera.
        var rows = items.Select((p, i) => i == 4 ? $"{p},north,extra" : i == 6 ? ",north" : $"{p},north").ToArray();
        var metadata = folder.Write("meta.csv", "path,camera\n" + string.Join("\n", rows) + "\n");
        var (code, output, error) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "camera", "--metadata", metadata, "--format", "json");
        // Exit code 3: records were rejected (each reported).
        Assert.True(code == 3, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, json.GetProperty("counts").GetProperty("skippedMetadataRecords").GetInt32());
        Assert.Equal(0, json.GetProperty("counts").GetProperty("skippedGroundTruthRecords").GetInt32());
        Assert.Equal(new[] { ("north", 538), ((string?)null, 2) }.Select(s => (s.Item1, s.Item2)),
            json.GetProperty("slices").EnumerateArray().Select(s => (s.GetProperty("value").GetString(), s.GetProperty("items").GetInt32())));
        Assert.Contains("meta.csv:6: field 'path'", error, StringComparison.Ordinal);
        Assert.Contains("meta.csv:8: field 'path'", error, StringComparison.Ordinal);

        var (_, table, _) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "camera", "--metadata", metadata);
        Assert.Contains("Records rejected : 0 ground-truth, 0 prediction, 2 metadata (each reported as an error)", CliRunner.Unwrapped(table), StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_given_two_cameras_is_a_warning_naming_the_later_line_and_the_value_kept()
    {
        // Before: the later row silently won. Every test item is camera b; the first item is listed again, as camera a.
        using var folder = new TempFolder();
        var demo = Fixture.Path("digits");
        var items = File.ReadAllLines(Path.Combine(demo, "dataset.csv")).Where(l => l.StartsWith("test,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToArray();
        var metadata = folder.Write("meta.csv", "path,camera\n" + string.Join("\n", items.Select(p => p + ",b")) + $"\n{items[0]},a\n");
        var (code, output, error) = CliRunner.RunIn(demo, "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--slice-by", "camera", "--metadata", metadata, "--format", "json");
        // A warning, not a rejected record: exit code 0.
        Assert.True(code == 0, error);
        Assert.Contains($"warning ConflictingMetadata: {metadata}:542: field 'camera': '{items[0]}' has camera 'b' on line 2; here 'a': the later value, 'a', is kept", CliRunner.Unwrapped(error), StringComparison.Ordinal);
        Assert.Equal(new[] { ("b", 539), ("a", 1) }.Select(s => ((string?)s.Item1, s.Item2)),
            JsonDocument.Parse(output).RootElement.GetProperty("slices").EnumerateArray().Select(s => (s.GetProperty("value").GetString(), s.GetProperty("items").GetInt32())));
    }

    [Fact]
    public void A_metadata_folder_is_said_to_be_a_folder_not_a_ground_truth_folder()
    {
        // --metadata naming a folder was taken for a folder ground truth ("a ground-truth folder holds no metadata"),
        // though the ground truth was the demo's CSV: the user's mistake is the metadata path.
        using var folder = new TempFolder();
        var (code, output, error) = CliRunner.Run("evaluate", "--slice-by", "camera", "--metadata", folder.Root);
        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Empty(output);
        Assert.Contains("NotAFile", error, StringComparison.Ordinal);
        Assert.Contains(folder.Root, error, StringComparison.Ordinal);
        Assert.DoesNotContain("ground-truth folder", error, StringComparison.Ordinal);
    }
}
