using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>
/// Inputs from a FIFO across runs of one process (as a long PowerShell session runs its cmdlets): what one run looked
/// at and did not read is closed when it ends, and the next run on the same path reads its own input. Linux only.
/// </summary>
public sealed class PipedInputCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_run_after_an_error_on_a_fifo_reads_the_fifo_anew()
    {
        if (!OperatingSystem.IsLinux()) return;
        var fifo = _folder.Fifo("ground-truth");
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");
        // compare takes no video ground truth: the error comes right after the look at the FIFO's kind. Its writer,
        // blocked on what the look did not read, ends when the run closes the pipe.
        var video = File.ReadAllBytes(Fixture.Path("video", "ground_truth.jsonl")).Concat(Enumerable.Repeat((byte)'\n', 4 << 20)).ToArray();
        var firstWriter = TempFolder.WriteToFifo(fifo, video);
        var (refused, _, error) = CliRunner.Run("compare", "--ground-truth", fifo, "--predictions", predictions, "--reference-predictions", predictions);
        Assert.Equal(2, refused);
        Assert.Contains("The ground truth is video ground truth", error, StringComparison.Ordinal);
        Assert.True(await TempFolder.Ends(firstWriter), "the pipe the refused run looked at stayed open");

        var file = Fixture.Path("digits", "dataset.csv");
        var secondWriter = TempFolder.WriteToFifo(fifo, File.ReadAllBytes(file));
        var (code, output, _) = CliRunner.Run("evaluate", "--ground-truth", fifo, "--predictions", predictions, "--format", "json");
        Assert.True(await TempFolder.Ends(secondWriter), "the writer of the second run did not finish");

        // The digits evaluation, as of the file (540 items): before, the first run's video bytes were replayed to this one.
        var expected = CliRunner.Run("evaluate", "--ground-truth", file, "--predictions", predictions, "--format", "json");
        Assert.Equal((0, expected.Output.Replace(file, fifo, StringComparison.Ordinal)), (code, output));
    }
}
