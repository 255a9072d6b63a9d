using System.Globalization;
using System.Text.Json;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>The command line as System.CommandLine parses it: completion, generated help, per-task options, culture.</summary>
public sealed class CommandLineCliTests
{
    private static readonly string VideoFolder = Fixture.Path("video");

    [Theory]
    // A shell passes the line as typed and the cursor position; the answer is one completion per line.
    [InlineData("automl-eval evaluate --gr", "--ground-truth")]
    [InlineData("automl-eval evaluate --format c", "csv")]
    [InlineData("automl-eval sweep --task vi", "video")]
    [InlineData("automl-eval err", "error-slices\nerrors")]
    public void The_suggest_directive_completes_verbs_options_and_their_values(string line, string expected)
    {
        var (code, output, error) = CliRunner.Run($"[suggest:{line.Length}]", line);

        Assert.True(code == 0, error);
        Assert.Equal(expected, output.ReplaceLineEndings("\n").Trim());
    }

    [Fact]
    public void Every_verbs_help_lists_every_option_it_declares_and_hides_earlier_names()
    {
        foreach (var verb in Program.Commands)
        {
            var (code, output, _) = CliRunner.Run(verb.Name, "--help");

            Assert.Equal(0, code);
            // The summary as one line, however it was wrapped.
            Assert.StartsWith($"automl-eval {verb.Name}: {verb.Summary}", string.Join(" ", output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            foreach (var option in verb.Options.Where(o => !o.Hidden))
            {
                Assert.Contains($"  {option.Name} ", output, StringComparison.Ordinal);
            }
            // Help marks a repeatable option once; its description does not say so again.
            Assert.DoesNotContain("repeatable (repeatable)", string.Join(" ", output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            Assert.DoesNotContain("--limit", output, StringComparison.Ordinal);
            Assert.DoesNotContain("--step", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_and_usage_fit_80_columns_when_not_written_to_a_terminal()
    {
        // CliRunner's writers are no terminal, as a file, a pipe or a CI log.
        var texts = Program.Commands.Select(verb => CliRunner.Run(verb.Name, "--help").Output)
            .Append(CliRunner.Run("--help").Output)
            .Append(CliRunner.Run("compare", "--bogus").Error)
            .ToArray();
        foreach (var line in texts.SelectMany(text => text.ReplaceLineEndings("\n").Split('\n')))
        {
            Assert.True(line.Length <= 80, $"{line.Length} columns: {line}");
        }
        // Wrapped, not cut: every option of every verb is still named.
        Assert.All(Program.Commands.Zip(texts), pair => Assert.All(pair.First.Options.Where(o => !o.Hidden), o => Assert.Contains($"  {o.Name} ", pair.Second, StringComparison.Ordinal)));
    }

    [Fact]
    public void Help_on_a_terminal_uses_its_width()
    {
        var output = new StringWriter();
        var code = Program.Run(new[] { "report", "--help" }, new CliContext(output, new StringWriter(), Directory.GetCurrentDirectory()) { OutputIsTerminal = true, Width = 120 });
        Assert.Equal(0, code);
        var widest = output.ToString().ReplaceLineEndings("\n").Split('\n').Max(line => line.Length);
        // report's summary alone is 200 columns: wrapped at the terminal's 120, not at 80.
        Assert.InRange(widest, 81, 120);
    }

    [Fact]
    public void A_usage_error_lists_that_verbs_options_only()
    {
        var (code, output, error) = CliRunner.Run("compare", "--bogus");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("automl-eval compare: Unknown option: --bogus.", error, StringComparison.Ordinal);
        Assert.Contains("--reference-predictions", error, StringComparison.Ordinal);
        // check's gates and predict's model are other verbs' options.
        Assert.DoesNotContain("--min", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--model", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Option --bootstrap is for classification only (the task here is video).", "evaluate", "--bootstrap", "10")]
    [InlineData("Option --iou-threshold is for detection and segmentation only (the task here is video).", "sweep", "--iou-threshold", "0.5")]
    [InlineData("Option --background-threshold is for detection and segmentation only (the task here is video).", "errors", "--background-threshold", "0.1")]
    public void An_option_of_another_task_is_refused_naming_its_task(string message, string verb, params string[] option)
    {
        string[] video = { verb, "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl" };

        // The task is detected from the ground truth (a video import), as without the option.
        var (code, output, error) = CliRunner.RunIn(VideoFolder, video.Concat(option).ToArray());

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"automl-eval {verb}: {message}", error, StringComparison.Ordinal);
        Assert.Contains("  video:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("classification (the default)", error, StringComparison.Ordinal);
    }

    [Theory]
    // Before: sweep took --threshold and did nothing with it (its rows are the grid's thresholds), for either task.
    [InlineData(".")]
    [InlineData("video")]
    public void Sweep_refuses_the_decision_threshold_it_has_no_use_for_and_points_at_its_grid(string folder)
    {
        string[] args = folder == "video"
            ? ["sweep", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--threshold", "0.3"]
            : ["sweep", "--threshold", "0.3"];
        var (code, output, error) = CliRunner.RunIn(folder == "video" ? VideoFolder : Directory.GetCurrentDirectory(), args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("automl-eval sweep: Unknown option: --threshold. sweep does not take --threshold: ", error, StringComparison.Ordinal);
        Assert.Contains("evaluate", error.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("Did you mean --thresholds?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_verb_refuses_every_option_it_does_not_take()
    {
        // An option of some verb given to another that does not declare it is a usage error before any work, never
        // dropped: the parse sees it unknown. Values are given to valued options and refused as leftovers by flags.
        var verbs = Program.Commands;
        foreach (var verb in verbs)
        {
            var own = verb.Options.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var option in verbs.SelectMany(v => v.Options).DistinctBy(o => o.Name).Where(o => !own.Contains(o.Name)))
            {
                var (code, output, error) = CliRunner.Run(verb.Name, option.Name, "1");
                Assert.True(code == ExitCodes.Usage, $"{verb.Name} {option.Name} 1: exit {code}");
                Assert.Equal(string.Empty, output);
                // An earlier name (hidden from help) is not advertised as another verb's option.
                var says = option.Hidden ? $"Unknown option: {option.Name}." : $"Unknown option: {option.Name}. {verb.Name} does not take {option.Name}: ";
                Assert.StartsWith($"automl-eval {verb.Name}: {says}", error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Numbers_are_read_in_the_invariant_culture_whatever_the_current_one()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // A German runbook: "0.25" is a quarter, "0,25" is not a number here (nor 25).
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var (code, output, error) = CliRunner.Run("errors", "--threshold", "0.25", "--top", "1", "--format", "json");
            var (commaCode, _, commaError) = CliRunner.Run("errors", "--threshold", "0,25");

            Assert.True(code == 0, error);
            Assert.Equal(0.25, JsonDocument.Parse(output).RootElement[0].GetProperty("threshold").GetDouble());
            Assert.Equal(2, commaCode);
            Assert.Contains("Option --threshold needs a finite number, got '0,25'.", commaError, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("Option --ground-truth needs a value, got the option --strict.", "evaluate", "--ground-truth", "--strict")]
    // The option's value that follows is then left over: before, that was reported instead ("Unexpected argument 'json'").
    [InlineData("Option --predictions needs a value, got the option --format.", "evaluate", "--ground-truth", "dataset.csv", "--predictions", "--format", "json")]
    [InlineData("Option --predictions needs a value, got the option --top.", "errors", "--ground-truth", "dataset.csv", "--predictions", "--top", "3")]
    // An unbounded maximum is not named (before: "between 1 and 2147483647", "between 0 and Infinity").
    [InlineData("Option --top must be at least 1, got 0.", "errors", "--top", "0")]
    [InlineData("Option --threshold must be at least 0, got -1.", "duplicates", "--threshold", "-1")]
    [InlineData("Option --threshold must be between 0 and 1, got 1.5.", "evaluate", "--threshold", "1.5")]
    // As the cmdlets' range checks (ValidateBetween): no infinite distance, no negative z, and a count too large for an int is out of range.
    [InlineData("Option --threshold needs a finite number, got 'Infinity'.", "duplicates", "--threshold", "Infinity")]
    [InlineData("Option --threshold must be between 0 and 1000, got -1.", "outliers", "--threshold", "-1")]
    [InlineData("Option --count must be between 1 and 100000, got 100000000000.", "similar", "--count", "100000000000")]
    [InlineData("Option --format must be one of table, json, csv; got 'xml'.", "sweep", "--format", "xml")]
    [InlineData("Unexpected argument 'extra'; options have the form --name value.", "evaluate", "extra")]
    // An unquoted wildcard that the shell expanded ("--predictions shards/s*.jsonl") leaves its second file over.
    [InlineData("Unexpected argument 'shards/s02.jsonl'; options have the form --name value. An option takes one path: quote a wildcard, so that automl-eval expands it rather than the shell (--predictions 'shards/*.jsonl').",
        "evaluate", "--predictions", "shards/s01.jsonl", "shards/s02.jsonl")]
    public void A_wrong_value_is_a_usage_error_before_any_work(string message, params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"automl-eval {args[0]}: {message}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_starting_with_at_is_a_path_not_a_response_file()
    {
        var (code, _, error) = CliRunner.Run("evaluate", "--ground-truth", "@no-such.csv", "--predictions", "@no-such.jsonl");

        Assert.Equal(1, code);
        Assert.Contains("@no-such.csv", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TRAIN", "training")]
    [InlineData("validate", "validation")]
    public void Ml_use_takes_the_split_names_files_use(string given, string split)
    {
        // The demo's predictions are of test items: the error names the split the option meant (it was a usage error).
        var (code, _, error) = CliRunner.RunIn(Fixture.Path("digits"), "evaluate", "--ground-truth", "dataset.csv", "--predictions", "predictions.test.jsonl", "--ml-use", given);
        Assert.Equal(1, code);
        Assert.Contains($"none of the 540 predicted items is a '{split}' item", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validation", 126)]
    [InlineData("TRAIN", 1131)]
    public void The_demo_evaluates_the_split_asked_with_its_predictions_of_that_split(string split, int items)
    {
        // The demo had read its test predictions whatever the split: 20 warnings, then NoMatchedItems.
        var (code, output, error) = CliRunner.Run("evaluate", "--ml-use", split, "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(items, JsonDocument.Parse(output).RootElement.GetProperty("counts").GetProperty("evaluated").GetInt32());
    }
}
