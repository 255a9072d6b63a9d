using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>The CLI's own guards on what a user types and what the data makes it print.</summary>
public sealed class CliInputGuardTests
{
    [Fact]
    public void Thresholds_grids_are_bounded()
    {
        var e = Assert.Throws<CliUsageException>(() => ThresholdGrid.Parse("0:1:1e-9"));
        Assert.Contains("at most", e.Message, StringComparison.Ordinal);
        Assert.Equal(11, ThresholdGrid.Parse("0:1:0.1").Count);
    }

    [Theory]
    [InlineData("1:0:0.1")]
    [InlineData("0:1:nan")]
    public void A_thresholds_range_that_makes_no_threshold_is_a_usage_error(string grid)
    {
        // 1:0:0.1 stops below its start and a NaN step counts nothing: both made an empty grid, which the engine
        // refused as an unexpected ArgumentException (exit 1) instead of a wrong command line (exit 2).
        var (code, output, error) = CliRunner.Run("sweep", "--thresholds", grid);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("--thresholds", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ground_truth_of_another_task_says_no_row_could_be_read_not_that_its_split_is_empty()
    {
        // The digits CSV read as a Vertex AI detection import: every row lacks a box. Before: "no image is in the 'test'
        // split (found: )", as if the file held rows of other splits.
        var (code, output, error) = CliRunner.Run("evaluate", "--task", "detection", "--ground-truth", Fixture.Path("digits", "dataset.csv"), "--predictions", Fixture.Path("digits", "predictions.test.jsonl"));

        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Empty(output);
        Assert.Contains("dataset.csv:1: field 'X_MIN'", error, StringComparison.Ordinal);
        Assert.Contains("error NoItems: ", error, StringComparison.Ordinal);
        Assert.Contains("no usable ground-truth row (1797 skipped, each reported as an error)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("found: )", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_predictions_given_with_an_image_ground_truth_are_one_error_that_names_the_video_task()
    {
        // Before: 20 InvalidRecord lines, "97 more 'InvalidRecord' issues like those above are not listed", then NoItems.
        var predictions = Fixture.Path("video", "predictions.segment.jsonl");

        var (code, output, error) = CliRunner.Run("evaluate", "--ground-truth", Fixture.Path("digits", "dataset.csv"), "--predictions", predictions);

        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Empty(output);
        Assert.Equal(
            $"automl-eval evaluate: error UnexpectedJson: {predictions}:1: field 'prediction': the file is a video model's batch predictions "
            + "(the prediction is a list of time segments with their displayName, type and confidence), not image classification predictions "
            + "(a prediction object with displayNames and confidences); evaluate it against its video ground truth with --task video (-Task Video)",
            error.TrimEnd());
    }

    [Fact]
    public void Image_predictions_given_with_a_video_ground_truth_are_one_error_that_names_the_image_tasks()
    {
        // Before: 20 MissingField lines ("The prediction list is missing or not a list"), a count of the rest, then no items.
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");

        var (code, output, error) = CliRunner.Run("evaluate", "--task", "video", "--ground-truth", Fixture.Path("video", "ground_truth.jsonl"), "--predictions", predictions);

        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Empty(output);
        Assert.Equal(
            $"automl-eval evaluate: error UnexpectedJson: {predictions}:1: field 'prediction': the file is an image model's batch predictions "
            + "(the prediction is an object, with displayNames and confidences or bboxes), not a video model's (a prediction list of time segments "
            + "with their displayName, type and confidence); evaluate it against its image ground truth with --task classification or --task detection "
            + "(-Task Classification, -Task Detection)",
            error.TrimEnd());
    }

    [Fact]
    public void Control_characters_from_the_data_are_escaped_for_the_terminal()
    {
        Assert.Equal("cat\\x1b[2Jdog\\x0a\\u202e", TerminalText.Escape("cat\u001b[2Jdog\n\u202e"));
        Assert.Equal("plain label, é", TerminalText.Escape("plain label, é"));
    }

    [Fact]
    public void A_label_with_a_line_break_is_escaped_alike_in_the_per_label_table_and_the_confusion_matrix_heading()
    {
        var directory = Directory.CreateTempSubdirectory("automl-eval-escape-").FullName;
        try
        {
            // JSON's \n: the label itself holds a line break.
            string Record(string item, string label) => $"{{\"imageGcsUri\":\"{item}.png\",\"classificationAnnotation\":{{\"displayName\":\"{label}\"}},\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"test\"}}}}";
            string Prediction(string item) => $"{{\"instance\":{{\"content\":\"{item}.png\"}},\"prediction\":{{\"displayNames\":[\"eig\\nht\",\"nine\"],\"confidences\":[0.8,0.2]}}}}";
            File.WriteAllLines(Path.Combine(directory, "gt.jsonl"), [Record("a", "eig\\nht"), Record("b", "nine")]);
            File.WriteAllLines(Path.Combine(directory, "p.jsonl"), [Prediction("a"), Prediction("b")]);

            var (_, output, _) = CliRunner.RunIn(directory, "evaluate", "--ground-truth", "gt.jsonl", "--predictions", "p.jsonl");

            var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
            // Both items are predicted eig\nht: one right, one wrong. The heading was "eig" and a line "ht  nine".
            Assert.Contains(lines, line => line.StartsWith("eig\\x0aht ", StringComparison.Ordinal));
            Assert.Contains("true \\ predicted  eig\\x0aht  nine", lines);
            Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^nine\s+1\s+0$"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Tables_are_aligned_by_terminal_cells_so_that_wide_labels_keep_the_columns_in_line()
    {
        // CJK, kana, Hangul and fullwidth letters take two cells, an emoji two, a combining accent none.
        Assert.Equal(new[] { 3, 2, 6, 4, 4, 2, 1, 0 }, new[] { "cat", "猫", "猫です", "한국", "ＡＢ", "\U0001F600", "e\u0301", string.Empty }.Select(TerminalText.Width));
        var output = new StringWriter();
        TabularOutput.WriteTable(output, new[] { "displayName", "auPrc" }, new[]
        {
            new object?[] { "猫", 1.0 },
            new object?[] { "dog", 0.5 },
            new object?[] { "ねこ", 0.25 },
        }, null, CliContext.RedirectedWidth);
        Assert.Equal(
            new[] { "label   auPrc", "-----  ------", "猫     1.0000", "dog    0.5000", "ねこ   0.2500" },
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')));
    }
}
