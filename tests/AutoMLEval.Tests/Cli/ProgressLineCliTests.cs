using AutoMLEval.Cli;
using AutoMLEval.Engine.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>The progress line fits the terminal (its columns less one), so that '\r' redraws and erases it in place.</summary>
public class ProgressLineCliTests
{
    private const string LongName = "Reading predictions_of_the_candidate_model_for_release_candidate_2026_12_07_shard_all.jsonl";

    [Fact]
    public void A_long_file_name_loses_its_middle_and_the_counts_stay_whole()
    {
        // 15.0 of 24.2 MB: the tester's 112-character line on an 80-column terminal.
        var progress = new WorkProgress(LongName, 15_728_640, 25_375_539, WorkUnit.Bytes);

        var line = CliContext.ProgressLine(progress, 79);

        Assert.Equal(79, line.Length);
        Assert.StartsWith("Reading predictions_of_the_", line, StringComparison.Ordinal);
        Assert.EndsWith("shard_all.jsonl: 15.0 of 24.2 MB (61%)", line, StringComparison.Ordinal);
        Assert.Single(line, '…');
    }

    [Fact]
    public void A_line_that_fits_is_unchanged()
    {
        Assert.Equal("Reading p.jsonl: 12.0 of 48.0 MB (25%)", CliContext.ProgressLine(new WorkProgress("Reading p.jsonl", 12_582_912, 50_331_648, WorkUnit.Bytes), 79));
        Assert.Equal("Computing metrics", CliContext.ProgressLine(new WorkProgress("Computing metrics", 0, 0), 79));
    }

    [Fact]
    public void A_terminal_narrower_than_the_counts_cuts_the_whole_line()
    {
        var line = CliContext.ProgressLine(new WorkProgress("Bootstrap resamples", 1200, 100_000), 20);
        Assert.Equal("Bootstrap …,000 (1%)", line);
    }

    [Fact]
    public void Control_characters_of_a_file_name_are_escaped()
    {
        Assert.Equal("Reading a\\x1b[2Jb.csv: 1 of 2 (50%)", CliContext.ProgressLine(new WorkProgress("Reading a\u001b[2Jb.csv", 1, 2), 79));
    }

    [Fact]
    public void The_progress_line_written_and_erased_on_the_terminal_is_as_wide_as_the_terminal_less_one()
    {
        var error = new StringWriter();
        var context = new CliContext(new StringWriter(), error, Directory.GetCurrentDirectory()) { ErrorIsTerminal = true, ProgressWidth = 79 };

        context.Report(new WorkProgress(LongName, 15_728_640, 25_375_539, WorkUnit.Bytes));
        context.ClearProgress();

        var written = error.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, written.Length);
        Assert.Equal(79, written[0].Length);
        Assert.Equal(new string(' ', 79), written[1]);
    }

    [Fact]
    public void Predict_draws_the_progress_line_of_every_verb_and_erases_it_before_the_summary()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, Directory.GetCurrentDirectory()) { ErrorIsTerminal = true, OutputIsTerminal = true, ProgressWidth = 79 };

        // The bundled demo: the model's predictions of the 540 test images.
        int code = Program.Run(["predict"], context);

        Assert.Equal(0, code);
        var text = error.ToString();
        // Before: its own bar ("[#####…] 540/540 images, 0 unreadable"), left on screen above the summary.
        Assert.DoesNotContain("[#", text, StringComparison.Ordinal);
        Assert.Contains("\rPredicting images: ", text, StringComparison.Ordinal);
        // The last state drawn, then erased by as many spaces, then the closing line.
        Assert.Matches("\\rPredicting images: [^\\r]*\\r +\\rautoml-eval predict: 540 images predicted, 0 unreadable", text);
    }
}
