using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Tests.Detection;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>
/// The CLI contract of issue 17 for detection: <c>evaluate --task detection --partial OUT</c> per shard, then
/// <c>merge PART... --format json</c> prints what <c>evaluate --task detection --format json</c> prints for all of
/// them, for COCO results files and Vertex AI batch-prediction JSONL alike.
/// </summary>
public sealed class DetectionPartialCliTests
{
    [Fact]
    public void Merged_coco_shards_print_what_evaluate_prints_for_the_whole_file()
    {
        using var folder = new TempFolder();
        var (groundTruth, whole, shards) = PartialDetectionTests.Shards(folder, "edge_crowd", roundScores: false, seed: 2, shardCount: 3);

        AssertMergeIsEvaluate(folder, groundTruth, whole, shards);
    }

    [Fact]
    public void Merged_vertex_shards_print_what_evaluate_prints_for_the_whole_file()
    {
        using var folder = new TempFolder();
        // 12 images with a cat and a dog each; the model finds most of them, shifted a little, with tied scores across
        // images, some with the label swapped and some on nothing; the test split only (validation rows left out).
        var import = new StringBuilder();
        var predictions = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            double x = 0.05 * (i % 4);
            import.Append(CultureInfo.InvariantCulture, $"{(i == 11 ? "VALIDATION" : "TEST")},gs://b/{i}.png,cat,{x},0.1,,,{x + 0.3},0.5,,\n");
            import.Append(CultureInfo.InvariantCulture, $"{(i == 11 ? "VALIDATION" : "TEST")},gs://b/{i}.png,dog,0.5,0.5,,,0.9,0.9,,\n");
            var shift = 0.02 * (i % 3);
            var catLabel = i % 5 == 0 ? "dog" : "cat";
            predictions.Add(FormattableString.Invariant(
                $"{{\"instance\":{{\"content\":\"gs://b/{i}.png\"}},\"prediction\":{{\"displayNames\":[\"{catLabel}\",\"dog\",\"cat\"],\"confidences\":[{0.9 - (0.1 * (i % 3))},0.7,0.4],\"bboxes\":[[{x + shift},{x + 0.3 + shift},0.1,0.5],[0.5,{0.9 - shift},0.5,0.9],[0.0,0.1,0.8,0.95]]}}}}"));
        }
        var groundTruth = folder.Write("import.csv", import.ToString());
        var whole = folder.Write("predictions.jsonl", string.Join("\n", predictions) + "\n");
        var shards = Enumerable.Range(0, 3).Select(k => folder.Write($"predictions.results-0000{k}-of-00003.jsonl", string.Join("\n", predictions.Where((_, i) => i % 3 == k)) + "\n")).ToArray();

        AssertMergeIsEvaluate(folder, groundTruth, whole, shards);
    }

    [Fact]
    public void Parts_of_another_task_or_ground_truth_are_refused()
    {
        using var folder = new TempFolder();
        var (groundTruth, _, shards) = PartialDetectionTests.Shards(folder, "random_bbox", roundScores: false, seed: 1, shardCount: 2);
        Assert.Equal(0, CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", shards[0], "--partial", "detection.eval").ExitCode);
        var other = CocoParityTests.CaseDirectory("edge_mix");
        Assert.Equal(0, CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", Path.Combine(other, "gt.json"), "--predictions", Path.Combine(other, "dt.json"), "--partial", "other.eval").ExitCode);
        Assert.Equal(0, CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", Fixture.Path("digits", "dataset.csv"), "--predictions", Fixture.Path("digits", "predictions.test.jsonl"), "--partial", "classification.eval").ExitCode);

        var otherTruth = CliRunner.RunIn(folder.Root, "merge", "detection.eval", "other.eval");
        var otherTask = CliRunner.RunIn(folder.Root, "merge", "detection.eval", "classification.eval");

        Assert.NotEqual(0, otherTruth.ExitCode);
        Assert.Contains("PartialEvaluationsDiffer", otherTruth.Error, StringComparison.Ordinal);
        Assert.Contains("different ground truths", otherTruth.Error, StringComparison.Ordinal);
        Assert.Contains("different tasks (detection and classification)", otherTask.Error, StringComparison.Ordinal);
    }

    private static void AssertMergeIsEvaluate(TempFolder folder, string groundTruth, string whole, string[] shards)
    {
        for (int k = 0; k < shards.Length; k++)
        {
            var (code, output, error) = CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", shards[k], "--partial", $"parts/part-{k}.eval");
            Assert.True(code == 0, error);
            Assert.Contains("Partial evaluation of", output, StringComparison.Ordinal);
        }

        var merged = CliRunner.RunIn(folder.Root, "merge", "parts/part-2.eval", "parts/part-0.eval", "parts/part-1.eval", "--format", "json");
        var expected = CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", whole, "--format", "json");

        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.True(expected.ExitCode == 0, expected.Error);
        // Not a vacuous match: the evaluation found something.
        Assert.True(JsonDocument.Parse(expected.Output).RootElement.GetProperty("cocoStats").GetProperty("ap").GetDouble() > 0);
        JsonAssert.Close(expected.Output, merged.Output, 1e-12);
        Assert.Equal(CliRunner.RunIn(folder.Root, "evaluate", "--task", "detection", "--ground-truth", groundTruth, "--predictions", whole).Output, CliRunner.RunIn(folder.Root, "merge", "parts").Output);
    }
}
