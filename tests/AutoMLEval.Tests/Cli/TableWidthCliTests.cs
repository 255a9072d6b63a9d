using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>
/// The default text output fits 80 columns (CliContext.RedirectedWidth, a page's, as help and usage do): a table leaves out
/// its least needed fields, in a set order, and says which; titles, notes and a summary's "name : value" lines wrap;
/// no value that tells rows apart is cut.
/// </summary>
public sealed class TableWidthCliTests
{
    private static readonly string Coco = Fixture.Path("coco", "random_bbox");
    private static readonly string Video = Fixture.Path("video");
    private static readonly string Digits = Fixture.Path("embeddings");

    public static TheoryData<string[]> CommandLines => new()
    {
        // Before: 86 columns (sweep's falsePositiveRate heading), 95 and 117 (errors' table and title), 152 (label-issues),
        // 92 (similar), 89 (outliers), 90 (error-slices), 86 (compare's significant heading), 141 (detection per category), 151 (detection errors), 97 (video errors).
        new[] { "evaluate" },
        new[] { "sweep" },
        new[] { "errors" },
        new[] { "errors", "--kind", "false-negative", "--threshold", "0.3" },
        new[] { "error-slices" },
        new[] { "compare", "--ground-truth", Path.Combine(Digits, "dataset.csv"), "--predictions", Path.Combine(Digits, "predictions.training.jsonl"), "--reference-predictions", Path.Combine(Digits, "predictions.training.jsonl"), "--ml-use", "training", "--bootstrap", "20" },
        new[] { "similar" },
        new[] { "label-issues" },
        new[] { "label-issues", "--ground-truth", Path.Combine(Digits, "dataset.csv"), "--embeddings", Path.Combine(Digits, "embeddings.training.jsonl"), "--predictions", Path.Combine(Digits, "predictions.training.jsonl") },
        new[] { "outliers" },
        new[] { "duplicates", "--threshold", "0.0005" },
        new[] { "evaluate", "--task", "detection", "--ground-truth", Path.Combine(Coco, "gt.json"), "--predictions", Path.Combine(Coco, "dt.json") },
        new[] { "sweep", "--task", "detection", "--ground-truth", Path.Combine(Coco, "gt.json"), "--predictions", Path.Combine(Coco, "dt.json") },
        new[] { "errors", "--task", "detection", "--ground-truth", Path.Combine(Coco, "gt.json"), "--predictions", Path.Combine(Coco, "dt.json") },
        new[] { "evaluate", "--ground-truth", Path.Combine(Video, "ground_truth.jsonl"), "--predictions", Path.Combine(Video, "predictions.segment.jsonl") },
        new[] { "sweep", "--ground-truth", Path.Combine(Video, "ground_truth.jsonl"), "--predictions", Path.Combine(Video, "predictions.segment.jsonl") },
        new[] { "errors", "--ground-truth", Path.Combine(Video, "ground_truth.jsonl"), "--predictions", Path.Combine(Video, "predictions.segment.jsonl") },
    };

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Text_output_fits_80_columns(string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);

        Assert.True(code == ExitCodes.Success, error);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains(lines, l => l.StartsWith("--", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.True(line.Length <= CliContext.RedirectedWidth, $"{line.Length} columns: {line}");
        }
    }

    [Fact]
    public void A_table_says_which_fields_it_left_out_and_keeps_the_ones_that_tell_rows_apart()
    {
        var (code, output, _) = CliRunner.Run("errors", "--task", "detection", "--ground-truth", Path.Combine(Coco, "gt.json"), "--predictions", Path.Combine(Coco, "dt.json"), "--top", "3");

        Assert.Equal(ExitCodes.Success, code);
        var lines = output.Split('\n');
        Assert.Equal(["kind", "imageId", "fileName", "label", "score", "iou"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Each image's whole file name, as the CSV has it.
        Assert.StartsWith("wrong-label       20  000000000020.jpg  airplane", lines[2], StringComparison.Ordinal);
        Assert.Contains("(To fit 80 columns, left out: otherCategoryId, groundTruthId, categoryId, x, y,", output, StringComparison.Ordinal);
        Assert.Contains("--format csv or json has every field.)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluates_per_label_table_leaves_out_the_best_f1_threshold_for_a_long_label_name()
    {
        using var folder = new TempFolder();
        var digits = Fixture.Path("digits");
        string Renamed(string file) => folder.Write(file, File.ReadAllText(Path.Combine(digits, file)).Replace("eight", "traffic_light_ahead", StringComparison.Ordinal));
        var (code, output, error) = CliRunner.Run("evaluate", "--ground-truth", Renamed("dataset.csv"), "--predictions", Renamed("predictions.test.jsonl"));

        Assert.True(code == ExitCodes.Success, error);
        var lines = output.Split('\n');
        int table = Array.FindIndex(lines, l => l.StartsWith("label ", StringComparison.Ordinal));
        Assert.DoesNotContain("bestF1", lines[table], StringComparison.Ordinal);
        Assert.All(lines.Skip(table).TakeWhile(l => l.Length > 0), l => Assert.True(l.Length <= 80, l));
        Assert.Contains("(To fit 80 columns, left out: bestF1Threshold;", output, StringComparison.Ordinal);
    }

    // Before: compare padded its label column to a 300-letter label, every row of the table about 390 columns wide.
    [Fact]
    public void A_label_longer_than_the_table_leaves_it_goes_on_whole_in_its_column()
    {
        using var folder = new TempFolder();
        var word = new string('x', 300);
        string Renamed(string file) => folder.Write(file, File.ReadAllText(Path.Combine(CliContext.DemoDirectory, file)).Replace("eight", word, StringComparison.Ordinal));
        var (code, output, error) = CliRunner.Run("compare", "--ground-truth", Renamed("dataset.csv"), "--predictions", Renamed("predictions.test.jsonl"),
            "--reference-predictions", Renamed("predictions.test.baseline.jsonl"), "--bootstrap", "0");

        Assert.True(code == ExitCodes.Success, error);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, l => Assert.True(l.Length <= CliContext.RedirectedWidth, $"{l.Length} columns: {l}"));
        // The label column takes the 17 columns the six numbers leave; the first line has the demo's figures of eight (as
        // compare prints them on the demo), the next ones the rest of the word in the label column, 17 letters a line.
        int at = Array.FindIndex(lines, l => l.StartsWith('x'));
        Assert.Equal(new string('x', 17) + "       52  0.9079     +0.0089     +0.0002  0.7381       -0.0866", lines[at]);
        var label = lines.Skip(at).TakeWhile(l => l.StartsWith('x')).ToArray();
        Assert.Equal(18, label.Length);
        Assert.Equal(word, string.Concat(label.Select(l => l.Split(' ')[0])));
        Assert.StartsWith("nine                    54  0.9040", lines[at + label.Length], StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_wraps_at_spaces_and_inside_a_word_longer_than_its_column_by_terminal_cells()
    {
        Assert.Equal(["a very", "long", "label"], TerminalText.Wrap("a very long label", 6));
        Assert.Equal(["abcdef", "ghij"], TerminalText.Wrap("abcdefghij", 6));
        // Wide characters take two cells (three make a line of 6); an emoji's surrogate pair is never split.
        Assert.Equal(["日本語", "ラベル"], TerminalText.Wrap("日本語ラベル", 6));
        Assert.Equal(["ab", "\U0001F600c"], TerminalText.Wrap("ab\U0001F600c", 3));
        Assert.Equal([string.Empty], TerminalText.Wrap(string.Empty, 5));
    }

    [Fact]
    public void Prose_keeps_a_word_longer_than_its_line_whole_on_a_line_of_its_own_and_counts_terminal_cells()
    {
        // A path in a note stays one piece that can be copied; the words around it wrap as usual.
        Assert.Equal(["see", "/data/a/very/long/path.jsonl", "for it"], TerminalText.Wrap("see /data/a/very/long/path.jsonl for it", 8, keepWordsWhole: true));
        Assert.Equal(["abcdefghij"], TerminalText.Wrap("abcdefghij", 6, keepWordsWhole: true));
        Assert.Equal(["a very", "long", "label"], TerminalText.Wrap("a very long label", 6, keepWordsWhole: true));
        // Chinese labels in a note take two cells a character, as in a table (prose counted characters before).
        Assert.Equal(["标签 行人", "自行车"], TerminalText.Wrap("标签 行人 自行车", 9, keepWordsWhole: true));
    }

    [Fact]
    public void A_wide_terminal_gets_every_field_and_a_narrow_one_its_own_width()
    {
        string Errors(int width)
        {
            var output = new StringWriter();
            var code = Program.Run(
                ["errors", "--task", "detection", "--ground-truth", Path.Combine(Coco, "gt.json"), "--predictions", Path.Combine(Coco, "dt.json"), "--top", "3"],
                new CliContext(output, new StringWriter(), Directory.GetCurrentDirectory()) { OutputIsTerminal = true, Width = width });
            Assert.Equal(ExitCodes.Success, code);
            return output.ToString();
        }

        var wide = Errors(200);
        var narrow = Errors(60);

        Assert.DoesNotContain("left out", wide, StringComparison.Ordinal);
        Assert.Contains("groundTruthId", wide.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("(To fit 60 columns, left out:", narrow, StringComparison.Ordinal);
        Assert.All(narrow.Split('\n').Take(5), line => Assert.True(line.TrimEnd('\r').Length <= 60, line));
    }

    // Before: error-slices, which has no CSV, said "--format csv or json has every field" (and --format csv is a usage error).
    [Fact]
    public void Error_slices_says_json_has_the_fields_its_table_left_out()
    {
        var (code, output, _) = CliRunner.Run("error-slices");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("(To fit 80 columns, left out: overRepresented; --format json has every field.)", CliRunner.Unwrapped(output), StringComparison.Ordinal);
    }

    // Before: duplicates with no pair printed "(To fit 80 columns, left out: labelsAgree …)" under its empty table.
    [Fact]
    public void A_table_without_rows_says_nothing_was_left_out()
    {
        var (code, output, _) = CliRunner.Run("duplicates", "--threshold", "0");

        Assert.Equal(ExitCodes.Success, code);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("contentA", lines[0], StringComparison.Ordinal);
        Assert.True(lines[0].Length <= CliContext.RedirectedWidth, lines[0]);
        Assert.DoesNotContain("left out", output, StringComparison.Ordinal);
    }

    // Before: error-slices, check and predict's summary fitted 80 columns whatever the terminal's width.
    [Fact]
    public void Every_table_takes_the_terminals_width()
    {
        var output = new StringWriter();
        var code = Program.Run(["error-slices"], new CliContext(output, new StringWriter(), Directory.GetCurrentDirectory()) { OutputIsTerminal = true, Width = 200 });

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("overRepresented", output.ToString().Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("left out", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_an_explanation_that_closes_the_value_starts_a_line_of_its_own()
    {
        var output = new StringWriter();

        TabularOutput.WriteProperties(output, [
            ("Records rejected", "0 ground-truth, 0 prediction, 2 metadata (each reported as an error)"),
            ("Labels in one file only", "1 only in the predictions (dgo), 1 only in the ground truth (bird)"),
        ], 80);

        Assert.Equal(
            [
                "Records rejected        : 0 ground-truth, 0 prediction, 2 metadata",
                "                          (each reported as an error)",
                // "(dgo)" names examples inside the value: the value wraps as prose.
                "Labels in one file only : 1 only in the predictions (dgo), 1 only in the ground",
                "                          truth (bird)",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void A_summary_line_goes_on_under_its_value_at_the_terminals_width_and_keeps_every_count()
    {
        string Evaluate(int width)
        {
            var output = new StringWriter();
            Assert.Equal(ExitCodes.Success, Program.Run(["evaluate"], new CliContext(output, new StringWriter(), Directory.GetCurrentDirectory()) { OutputIsTerminal = true, Width = width }));
            return output.ToString();
        }

        var wide = Evaluate(200).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var narrow = Evaluate(80).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.Contains("Predictions         : 540 (540 evaluated, 0 not in the ground truth, 0 of other splits, 0 of rejected items)", wide);
        // The count first, its explanation on the lines below, indented to the value column.
        int at = Array.IndexOf(narrow, "Predictions         : 540");
        Assert.True(at >= 0, string.Join("\n", narrow));
        Assert.Equal("                      (540 evaluated, 0 not in the ground truth, 0 of other", narrow[at + 1]);
        Assert.Equal("                      splits, 0 of rejected items)", narrow[at + 2]);
        Assert.Equal(CliRunner.Unwrapped(string.Join("\n", wide)), CliRunner.Unwrapped(string.Join("\n", narrow)));
    }
}
