using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>Ctrl+C (the context's cancellation) ends a verb with exit code 130 and leaves no half-written output file.</summary>
public class CancellationCliTests
{
    [Theory]
    [InlineData("evaluate")]
    [InlineData("report")]
    [InlineData("duplicates")]
    [InlineData("predict", "--output", "predictions.jsonl")]
    public void A_cancelled_verb_exits_130_and_writes_no_output_file(string verb, params string[] options)
    {
        using var folder = new TempFolder();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, folder.Root) { Cancellation = cancel.Token };

        // With no input files every verb runs on the bundled demo; report writes report.html in the working folder.
        int code = Program.Run(new[] { verb }.Concat(options).ToArray(), context);

        Assert.Equal(Program.CancelledExitCode, code);
        Assert.Equal($"automl-eval {verb}: cancelled.", error.ToString().Trim());
        Assert.Empty(output.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Root));
    }

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("json")]
    public void Ctrl_C_while_the_results_are_written_stops_the_writing_and_exits_130(string format)
    {
        using var cancel = new CancellationTokenSource();
        // Ctrl+C arrives once the output has its first line: the sweep's 100,001 thresholds are then still being written.
        var output = new CancellingWriter(cancel);
        var error = new StringWriter();
        var context = new CliContext(output, error, Directory.GetCurrentDirectory()) { Cancellation = cancel.Token };

        int code = Program.Run(["sweep", "--thresholds", "0:1:0.00001", "--format", format], context);

        Assert.Equal(Program.CancelledExitCode, code);
        Assert.Equal("automl-eval sweep: cancelled.", error.ToString().Trim());
        // The first write only: every later one sees the cancellation (JSON in blocks of 65,536 characters).
        Assert.InRange(output.ToString().Length, 1, 1 << 16);
    }

    [Fact]
    public void Report_written_without_cancellation_is_the_only_file_in_its_folder()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.RunIn(folder.Root, "report", "--output", "page.html");
        Assert.True(code == 0, error);
        Assert.Equal(new[] { Path.Combine(folder.Root, "page.html") }, Directory.GetFileSystemEntries(folder.Root));
    }

    /// <summary>Output that asks for cancellation after its first write, as a Ctrl+C during the writing does.</summary>
    private sealed class CancellingWriter(CancellationTokenSource cancel) : StringWriter
    {
        public override void Write(char value)
        {
            base.Write(value);
            cancel.Cancel();
        }

        public override void Write(char[] buffer, int index, int count)
        {
            base.Write(buffer, index, count);
            cancel.Cancel();
        }

        public override void Write(string? value)
        {
            base.Write(value);
            cancel.Cancel();
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            cancel.Cancel();
        }
    }
}
