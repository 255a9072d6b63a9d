using System.Text.Json;
using AutoMLEval.Tests.Detection;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>One option vocabulary and one set of field names across tasks (docs/cli.md), and usage errors that show one verb's options.</summary>
public sealed class OptionVocabularyCliTests
{
    private static readonly string VideoFolder = Fixture.Path("video");

    private static readonly string[] CountFields = { "truePositiveCount", "falsePositiveCount", "falseNegativeCount" };

    private static string Coco(string file) => System.IO.Path.Combine(CocoParityTests.CaseDirectory("tiny_bbox"), file);

    [Fact]
    public void Sweep_takes_the_same_threshold_grid_and_writes_the_same_names_for_every_task()
    {
        var classification = CliRunner.Run("sweep", "--thresholds", "0,0.5", "--format", "json");
        var detection = CliRunner.Run("sweep", "--task", "detection", "--ground-truth", Coco("gt.json"), "--predictions", Coco("dt.json"), "--thresholds", "0,0.5", "--format", "json");
        var video = CliRunner.RunIn(VideoFolder, "sweep", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--thresholds", "0,0.5", "--format", "json");

        foreach (var (code, output, error) in new[] { classification, detection, video })
        {
            Assert.True(code == 0, error);
            var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
            Assert.Equal(new[] { 0.0, 0.5 }, rows.Select(r => r.GetProperty("confidenceThreshold").GetDouble()));
            foreach (var field in CountFields.Append("precision").Append("recall").Append("f1Score")) Assert.True(rows[0].TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public void Sweep_csv_headers_are_the_json_names()
    {
        var (code, output, error) = CliRunner.Run("sweep", "--task", "detection", "--ground-truth", Coco("gt.json"), "--predictions", Coco("dt.json"), "--format", "csv");
        Assert.True(code == 0, error);
        Assert.Equal("displayName,confidenceThreshold,precision,recall,f1Score,truePositiveCount,falsePositiveCount,falseNegativeCount", output.Split('\n')[0].TrimEnd('\r'));
    }

    [Theory]
    [InlineData("classification", null, "(micro)")]
    [InlineData("classification", "eight", "eight")]
    [InlineData("detection", null, "(micro)")]
    [InlineData("detection", "dog", "dog")]
    [InlineData("detection", "1", "cat")]
    [InlineData("video", null, "(micro)")]
    [InlineData("video", "talking", "talking")]
    public void Sweep_rows_of_every_task_start_with_their_label(string task, string? label, string displayName)
    {
        // Before: detection and video rows had no displayName, so the rows of several runs (one per label) could not be
        // told apart once put together; classification's had it (docs/cli.md, "Output fields").
        var inputs = task switch
        {
            "detection" => new[] { "--ground-truth", Coco("gt.json"), "--predictions", Coco("dt.json") },
            "video" => new[] { "--ground-truth", System.IO.Path.Combine(VideoFolder, "ground_truth.jsonl"), "--predictions", System.IO.Path.Combine(VideoFolder, "predictions.segment.jsonl") },
            _ => Array.Empty<string>(),
        };
        string[] arguments = ["sweep", "--task", task, .. inputs, .. label is null ? Array.Empty<string>() : ["--label", label], "--thresholds", "0,0.5", "--format"];
        var (code, output, error) = CliRunner.Run([.. arguments, "csv"]);
        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        Assert.StartsWith("displayName,confidenceThreshold,", lines[0], StringComparison.Ordinal);
        Assert.Equal(new[] { $"{displayName},0,", $"{displayName},0.5," }, lines.Skip(1).Select(line => line[..(line.IndexOf(',', line.IndexOf(',') + 1) + 1)]));
        // The JSON rows name their label too (detection's lacked it).
        (code, output, error) = CliRunner.Run([.. arguments, "json"]);
        Assert.True(code == 0, error);
        Assert.Equal(new[] { displayName, displayName }, JsonDocument.Parse(output).RootElement.EnumerateArray().Select(row => row.GetProperty("displayName").GetString()));
    }

    [Fact]
    public void Video_step_is_short_for_a_thresholds_range()
    {
        string[] inputs = { "sweep", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--format", "csv" };
        var step = CliRunner.RunIn(VideoFolder, inputs.Concat(new[] { "--step", "0.25" }).ToArray());
        var range = CliRunner.RunIn(VideoFolder, inputs.Concat(new[] { "--thresholds", "0:1:0.25" }).ToArray());
        Assert.Equal(0, step.ExitCode);
        // Header and 0, 0.25, 0.5, 0.75, 1.
        Assert.Equal(6, step.Output.Trim().Split('\n').Length);
        Assert.Equal(range.Output, step.Output);
    }

    [Fact]
    public void Errors_top_limits_every_task_and_detection_keeps_limit_as_an_alias()
    {
        string[] detection = { "errors", "--task", "detection", "--ground-truth", Coco("gt.json"), "--predictions", Coco("dt.json"), "--format", "csv" };
        var top = CliRunner.Run(detection.Concat(new[] { "--top", "2" }).ToArray());
        var limit = CliRunner.Run(detection.Concat(new[] { "--limit", "2" }).ToArray());
        Assert.Equal(0, top.ExitCode);
        Assert.Equal(3, top.Output.Trim().Split('\n').Length);
        Assert.Equal(top.Output, limit.Output);
        Assert.Equal(2, CliRunner.Run(detection.Concat(new[] { "--top", "2", "--limit", "2" }).ToArray()).ExitCode);

        var video = CliRunner.RunIn(VideoFolder, "errors", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--kind", "false-negative", "--top", "3", "--format", "json");
        Assert.Equal(0, video.ExitCode);
        var errors = JsonDocument.Parse(video.Output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, errors.Length);
        Assert.All(errors, e => Assert.Equal("false-negative", e.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("classification (the default)", "--thresholds", "sweep", "--bogus")]
    [InlineData("classification (the default)", "--kind", "errors", "--bogus")]
    [InlineData("video:", "--unit", "evaluate", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--treshold", "0.5")]
    public void A_wrong_option_prints_only_that_verbs_usage_for_the_task_in_effect(string task, string verbOption, params string[] args)
    {
        var (code, output, error) = CliRunner.RunIn(VideoFolder, args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(task, error, StringComparison.Ordinal);
        Assert.Contains(verbOption, error, StringComparison.Ordinal);
        foreach (var otherTask in new[] { "classification (the default)", "video:", "detection, segmentation:" }.Where(t => t != task))
        {
            Assert.DoesNotContain(otherTask, error, StringComparison.Ordinal);
        }
        // The task's options only (counted by the lines that start with one, however descriptions wrap): well under the
        // 26 to 30 options each of these verbs' help lists for every task.
        Assert.InRange(error.Split('\n').Count(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal)), 3, 14);
    }

    [Fact]
    public void Help_for_a_named_task_shows_that_task_only()
    {
        var (code, output, _) = CliRunner.Run("errors", "--task", "detection", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--iou-threshold", output, StringComparison.Ordinal);
        Assert.DoesNotContain("classification (the default)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_help_says_which_kinds_each_task_takes_and_its_default()
    {
        // Before: "false-positive, false-negative, true-positive, all, a TIDE kind" for every task, while classification
        // refuses all and defaults to false-positive, and video refuses true-positive.
        var (code, output, _) = CliRunner.Run("errors", "--help");
        Assert.Equal(0, code);
        var text = string.Join(" ", output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("false-positive (default), false-negative or true-positive (classification)", text, StringComparison.Ordinal);
        Assert.Contains("all (default), false or a TIDE kind (detection)", text, StringComparison.Ordinal);
        Assert.Contains("all (default), false-positive or false-negative (video)", text, StringComparison.Ordinal);
        var (allCode, _, allError) = CliRunner.RunIn(Fixture.Path("digits"), "errors", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--kind", "all");
        Assert.Equal(2, allCode);
        Assert.Contains("must be one of false-positive, false-negative, true-positive", allError, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_help_says_classification_decides_by_top_label_without_threshold()
    {
        // Before: "(default 0.5)" for classification too, while single-label errors without --threshold are those of each
        // image's top label (56 of the demo's, against 36 at --threshold 0.5). Video's errors do decide at 0.5.
        var (code, output, _) = CliRunner.Run("errors", "--help");
        Assert.Equal(0, code);
        var text = string.Join(" ", output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        var classification = text[text.IndexOf("classification (the default):", StringComparison.Ordinal)..text.IndexOf("video:", StringComparison.Ordinal)];
        Assert.Contains("--threshold T decide by score: a label is predicted when its score >= T (default: single-label, each image's top label whatever its score; multi-label, 0.5)", classification, StringComparison.Ordinal);
        Assert.Contains("--threshold T the decision threshold for precision, recall and F1 (default 0.5)", text[text.IndexOf("video:", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var (_, evaluateHelp, _) = CliRunner.Run("evaluate", "--task", "classification", "--help");
        Assert.Contains("the decision threshold for precision, recall and F1 (default 0.5)", string.Join(" ", evaluateHelp.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private const string EverySplit = "only the items of this split (Vertex AI's ML_USE): test, validation, training, ...; default every split";
    private const string TestSplit = "the split (Vertex AI's ML_USE): test (default), validation, training, ...";

    [Theory]
    [InlineData("predict", EverySplit)]
    [InlineData("label-issues", EverySplit)]
    [InlineData("outliers", EverySplit)]
    [InlineData("duplicates", EverySplit)]
    [InlineData("evaluate", TestSplit)]
    [InlineData("similar", TestSplit)]
    public void Ml_use_help_says_each_verbs_own_default(string verb, string description)
    {
        // Before: "test (default)" for every verb from the shared option, while predict, label-issues, outliers and
        // duplicates read every split without --ml-use (docs/similar-images.md, docs/inference.md; Invoke-ModelPrediction's
        // help: "every split").
        var (code, output, _) = CliRunner.Run(verb, "--help");
        Assert.Equal(0, code);
        var text = string.Join(" ", output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--ml-use SPLIT " + description, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluate", "classification, detection, segmentation or video")]
    [InlineData("report", "classification, video, detection or segmentation")]
    [InlineData("compare", "classification, detection or segmentation")]
    [InlineData("check", "classification, detection or segmentation")]
    public void Task_help_names_the_tasks_the_verb_takes(string verb, string tasks)
    {
        // Before: compare --help and check --help offered "... segmentation or video" from the shared option, and then
        // refused --task video ("must be one of classification, detection, segmentation").
        foreach (var args in new[] { new[] { verb, "--help" }, new[] { verb, "--bogus" } })
        {
            var (_, output, error) = CliRunner.Run(args);
            var text = string.Join(" ", (output + error).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"--task TASK {tasks} (default: what the ground truth holds)", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Similar_top_is_described_as_the_query_items_it_keeps()
    {
        // similar --top 2 prints 2 query items with 6 neighbours each (12 rows); help said "at most N rows".
        var (code, output, _) = CliRunner.Run("similar", "--top", "2", "--format", "csv");
        Assert.Equal(0, code);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(12, rows.Length);
        Assert.Equal(2, rows.Select(r => r.Split(',')[0]).Distinct().Count());
        var (_, help, _) = CliRunner.Run("similar", "--help");
        var text = string.Join(" ", help.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--top N at most N results (default all; similar: N query items, each with its --count neighbours)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_issues_without_ml_use_ranks_every_split_of_the_demo()
    {
        // The demo's 1,131 training, 126 validation and 540 test images (module/demo/digits/dataset.csv).
        var (code, output, _) = CliRunner.Run("label-issues", "--format", "json");
        Assert.Equal(0, code);
        Assert.Equal(1797, JsonDocument.Parse(output).RootElement.GetArrayLength());
    }
}
