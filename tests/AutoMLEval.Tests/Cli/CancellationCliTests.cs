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

    [Fact]
    public void Report_written_without_cancellation_is_the_only_file_in_its_folder()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.RunIn(folder.Root, "report", "--output", "page.html");
        Assert.True(code == 0, error);
        Assert.Equal(new[] { Path.Combine(folder.Root, "page.html") }, Directory.GetFileSystemEntries(folder.Root));
    }
}
