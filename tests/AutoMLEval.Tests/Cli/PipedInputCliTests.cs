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

    [Fact]
    public async Task A_detection_part_of_a_piped_vertex_import_is_the_part_of_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        // Whether the import is Vertex AI's (it has splits) was asked after the read: the FIFO, read and closed, was opened
        // again and the run waited for a writer that never came. Two images of the test split, one of validation.
        const string import = "TEST,gs://b/0.png,cat,0.1,0.1,,,0.4,0.5,,\nTEST,gs://b/1.png,dog,0.5,0.5,,,0.9,0.9,,\nVALIDATION,gs://b/2.png,cat,0.1,0.1,,,0.4,0.5,,\n";
        var predictions = _folder.Write("predictions.jsonl",
            "{\"instance\":{\"content\":\"gs://b/0.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.9],\"bboxes\":[[0.1,0.4,0.1,0.5]]}}\n"
            + "{\"instance\":{\"content\":\"gs://b/1.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.8],\"bboxes\":[[0.5,0.9,0.5,0.9]]}}\n");
        var fifo = _folder.Fifo("import");
        var writer = TempFolder.WriteToFifo(fifo, System.Text.Encoding.UTF8.GetBytes(import));
        var piped = CliRunner.RunIn(_folder.Root, "evaluate", "--task", "detection", "--ground-truth", fifo, "--predictions", predictions, "--partial", "piped.eval");
        Assert.True(await TempFolder.Ends(writer), "the writer of the FIFO did not finish");
        var file = _folder.Write("import.csv", import);
        var expected = CliRunner.RunIn(_folder.Root, "evaluate", "--task", "detection", "--ground-truth", file, "--predictions", predictions, "--partial", "file.eval");

        Assert.True(piped.ExitCode == 0, piped.Error);
        // The split is the import's TEST, as of the file: 2 images evaluated of the ground truth's 2.
        Assert.Equal(expected.Output.Replace(file, fifo, StringComparison.Ordinal).Replace("file.eval", "piped.eval", StringComparison.Ordinal), piped.Output);
        Assert.Equal(CliRunner.RunIn(_folder.Root, "merge", "file.eval", "--format", "json").Output, CliRunner.RunIn(_folder.Root, "merge", "piped.eval", "--format", "json").Output.Replace(fifo, file, StringComparison.Ordinal));
    }
}
