using System.Text.Json;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>The one error path of the CLI and its exit codes (docs/cli.md): 0 clean, 1 unusable input, 2 usage, 3 records rejected.</summary>
public sealed class ExitCodeCliTests
{
    private static readonly string Demo = Fixture.Path("digits");

    [Fact]
    public void A_run_with_a_rejected_record_exits_3_and_counts_it()
    {
        using var folder = new TempFolder();
        var lines = File.ReadAllLines(System.IO.Path.Combine(Demo, "predictions.test.jsonl"));
        // The fourth record claims a confidence of 1.2: rejected, reported, and left out of every metric.
        lines[3] = lines[3].Replace("\"confidences\": [", "\"confidences\": [1.2, ", StringComparison.Ordinal).Replace("\"displayNames\": [", "\"displayNames\": [\"ten\", ", StringComparison.Ordinal);
        var predictions = folder.Write("predictions.jsonl", string.Join("\n", lines));

        var (code, output, error) = CliRunner.Run("evaluate", "--ground-truth", System.IO.Path.Combine(Demo, "dataset.csv"), "--predictions", predictions, "--format", "json");

        Assert.Equal(3, code);
        Assert.Contains("predictions.jsonl:4", error, StringComparison.Ordinal);
        var counts = JsonDocument.Parse(output).RootElement.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("skippedPredictionRecords").GetInt32());
        // 540 test items, one of whose prediction was rejected.
        Assert.Equal(539, counts.GetProperty("evaluated").GetInt32());
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("report")]
    public void A_missing_images_folder_is_an_error_naming_it_before_any_work(string verb)
    {
        using var folder = new TempFolder();
        var coco = AutoMLEval.Tests.Detection.CocoParityTests.CaseDirectory("tiny_bbox");
        var missing = System.IO.Path.Combine(folder.Root, "no-such-images");
        var output = System.IO.Path.Combine(folder.Root, "report.html");
        var args = new List<string> { verb, "--task", "detection", "--ground-truth", System.IO.Path.Combine(coco, "gt.json"), "--predictions", System.IO.Path.Combine(coco, "dt.json"), "--images", missing };
        if (verb == "report") args.AddRange(new[] { "--output", output });
        var (code, _, error) = CliRunner.Run(args.ToArray());
        Assert.Equal(1, code);
        Assert.Contains($"The images folder '{missing}' does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    public static TheoryData<string[], string> UnknownLabels => new()
    {
        { ["sweep", "--label", "eihgt"], "error LabelNotFound: --label: 'eihgt' is not a label of the evaluation (its 10 labels: zero, one, two, three, four, five, six, seven, eight, nine). Near name: eight." },
        // Labels match ignoring case, and so do their near names.
        { ["errors", "--label", "Eihgt"], "Near name: eight." },
        { ["errors", "--task", "video", "--ground-truth", Fixture.Path("video", "ground_truth.jsonl"), "--predictions", Fixture.Path("video", "predictions.segment.jsonl"), "--label", "juggling"], "'juggling' is not a label of the evaluation (its 7 labels: cooking," },
        { ["sweep", "--task", "video", "--ground-truth", Fixture.Path("video", "ground_truth.jsonl"), "--predictions", Fixture.Path("video", "predictions.segment.jsonl"), "--label", "cookng"], "Near name: cooking." },
        { ["sweep", "--ground-truth", Fixture.Path("coco", "random_bbox", "gt.json"), "--predictions", Fixture.Path("coco", "random_bbox", "dt.json"), "--label", "persn"], "'persn' is not a category name or id of the evaluation (its 10 labels: person," },
    };

    // Before: exit 2 (a wrong command line) with the verb's usage, while `similar --item nosuch` exited 1: which labels
    // exist is known only from the input, so an unknown one is an input error, as an unknown item is.
    [Theory]
    [MemberData(nameof(UnknownLabels))]
    public void An_unknown_label_is_an_input_error_naming_the_labels_and_the_near_one(string[] args, string expected)
    {
        var (code, output, error) = CliRunner.Run(args);

        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"automl-eval {args[0]}: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_matches_ignoring_case_as_the_cmdlets_label_does()
    {
        var (code, output, error) = CliRunner.Run("sweep", "--label", "EIGHT", "--format", "csv");

        Assert.True(code == ExitCodes.Success, error);
        Assert.StartsWith("eight,", output.Split('\n')[1], StringComparison.Ordinal);
    }

    // Before: the embedding verbs, error-slices, check and report wrote their closing lines after the progress line
    // without erasing it ("Searching neighbours … (100%)note: 540 queries …").
    [Theory]
    [InlineData("similar")]
    [InlineData("label-issues")]
    [InlineData("outliers")]
    [InlineData("duplicates")]
    [InlineData("error-slices")]
    [InlineData("check", "--min", "auPrc=0.99")]
    public void On_a_terminal_every_message_starts_on_a_line_the_progress_line_left(params string[] args)
    {
        var error = new StringWriter();
        var code = Program.Run(args, new CliContext(new StringWriter(), error, Directory.GetCurrentDirectory()) { ErrorIsTerminal = true });

        Assert.Equal(args[0] == "check" ? ExitCodes.GateFailed : ExitCodes.Success, code);
        // What a terminal shows of each line: the text after its last carriage return (a progress line erased is blank).
        var shown = error.ToString().Split('\n').Select(line => line.TrimEnd('\r').Split('\r')[^1]).Where(line => line.Trim().Length > 0).ToArray();
        Assert.NotEmpty(shown);
        // A note's continuation lines are indented (CliContext.WriteNote).
        Assert.All(shown, line => Assert.Matches("^(note|warning|error|automl-eval|[0-9]|  [^ ])", line));
    }

    // Before: at a terminal the results' first line went on after the progress line, which nothing had erased
    // ("Computing metrics: 0                              label    threshold  precision …").
    [Theory]
    [InlineData("sweep")]
    [InlineData("evaluate")]
    [InlineData("errors", "--top", "1")]
    public void On_a_terminal_the_results_start_on_a_line_the_progress_line_left(params string[] args)
    {
        // Standard output and error on one screen, as a terminal shows them.
        var screen = new StringWriter();
        var code = Program.Run(args, new CliContext(screen, screen, Directory.GetCurrentDirectory()) { ErrorIsTerminal = true, OutputIsTerminal = true, Width = 120 });

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("\r", screen.ToString(), StringComparison.Ordinal);
        // What a terminal shows of each line: the text after its last carriage return.
        var shown = screen.ToString().Split('\n').Select(line => line.TrimEnd('\r').Split('\r')[^1]).ToArray();
        var first = args[0] switch { "sweep" => "label ", "evaluate" => "Task ", _ => "False positives" };
        Assert.Contains(shown, line => line.StartsWith(first, StringComparison.Ordinal));
        Assert.DoesNotContain(shown, line => line.Contains('%', StringComparison.Ordinal) || line.Contains("Computing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_clean_run_exits_0()
    {
        var (code, _, error) = CliRunner.Run("sweep", "--format", "csv");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void No_verb_is_a_usage_error_on_standard_error_and_help_alone_is_output()
    {
        // Before: the verb list went to standard output with exit 2, so `automl-eval > out.txt` wrote help as a result.
        var (code, output, error) = CliRunner.Run();
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("Verbs:", error, StringComparison.Ordinal);

        (code, output, error) = CliRunner.Run("--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Verbs:", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public void An_unexpected_failure_is_one_line_naming_the_inputs_and_verbose_adds_the_stack_trace()
    {
        var groundTruth = System.IO.Path.Combine(Demo, "dataset.csv");
        var predictions = System.IO.Path.Combine(Demo, "predictions.test.jsonl");
        string[] args = { "evaluate", "--ground-truth", groundTruth, "--predictions", predictions };

        var (code, error) = RunWithFailingOutput(args);
        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("automl-eval evaluate: NotSupportedException: the output is gone", line, StringComparison.Ordinal);
        Assert.Contains(groundTruth, line, StringComparison.Ordinal);
        Assert.Contains(predictions, line, StringComparison.Ordinal);
        Assert.Contains("--verbose", line, StringComparison.Ordinal);

        var (verboseCode, verboseError) = RunWithFailingOutput(args.Append("--verbose").ToArray());
        Assert.Equal(1, verboseCode);
        Assert.StartsWith(line, verboseError, StringComparison.Ordinal);
        Assert.Contains($"at {typeof(ExitCodeCliTests).FullName}.{nameof(FailingWriter)}.", verboseError, StringComparison.Ordinal);
    }

    // A verb that fails for a reason no one planned for: its output stream breaks under it.
    private static (int Code, string Error) RunWithFailingOutput(string[] args)
    {
        var error = new StringWriter();
        var code = Program.Run(args, new CliContext(new FailingWriter(), error, Directory.GetCurrentDirectory()));
        return (code, error.ToString());
    }

    private sealed class FailingWriter : StringWriter
    {
        private readonly Exception _failure;

        public FailingWriter(Exception? failure = null) => _failure = failure ?? new NotSupportedException("the output is gone");

        public override void Write(char value) => throw _failure;

        // A JSON document is written in blocks (TabularOutput), which reach the writer as character arrays.
        public override void Write(char[] buffer, int index, int count) => throw _failure;

        public override void Write(string? value) => throw _failure;

        public override void WriteLine(string? value) => throw _failure;
    }

    [Fact]
    public void A_closed_standard_output_is_an_error_saying_so_and_exits_1()
    {
        // What a closed file descriptor 1 (automl-eval evaluate ... >&-) gives .NET's console writer on Linux.
        var error = new StringWriter();
        var closed = new StandardOutput(new FailingWriter(new UnauthorizedAccessException("Access to the path is denied.")));
        var code = Program.Run(new[] { "evaluate", "--format", "json" }, new CliContext(closed, error, Demo));

        Assert.Equal(1, code);
        Assert.StartsWith("automl-eval evaluate: standard output could not be written (it is closed, or what read it is gone): Access to the path is denied.", error.ToString(), StringComparison.Ordinal);
    }
}
