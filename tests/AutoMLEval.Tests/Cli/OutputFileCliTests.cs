using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>Output files are checked before any work: none replaces an input, another output, or is named '-'.</summary>
public sealed class OutputFileCliTests
{
    [Fact]
    public void Report_refuses_an_output_that_is_its_ground_truth_and_leaves_the_file()
    {
        using var folder = new TempFolder();
        var groundTruth = folder.Write("dataset.csv", File.ReadAllText(Fixture.Path("digits", "dataset.csv")));
        var (code, output, error) = CliRunner.RunIn(folder.Root, "report", "--ground-truth", "dataset.csv", "--predictions", Fixture.Path("digits", "predictions.test.jsonl"), "--output", "dataset.csv");
        // Before: exit 0, "report written to …/dataset.csv", and the ground truth was the HTML page.
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"automl-eval report: --output and --ground-truth name the same file, '{groundTruth}': writing --output would replace the input; write it elsewhere.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Fixture.Path("digits", "dataset.csv")), File.ReadAllText(groundTruth));
    }

    [Fact]
    public void Report_without_output_refuses_a_ground_truth_named_as_its_default_file()
    {
        // report writes report.html in the current folder when --output is not given: that default was not checked, and the
        // ground truth of that name became the page.
        using var folder = new TempFolder();
        var content = File.ReadAllText(Fixture.Path("digits", "dataset.csv"));
        var groundTruth = folder.Write("report.html", content);
        var (code, output, error) = CliRunner.RunIn(folder.Root, "report", "--task", "classification", "--ground-truth", "report.html", "--predictions", Fixture.Path("digits", "predictions.test.jsonl"));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"automl-eval report: --output's default and --ground-truth name the same file, '{groundTruth}': writing --output's default would replace the input; write it elsewhere.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(groundTruth));
    }

    [Fact]
    public void Evaluate_refuses_a_partial_written_over_its_predictions()
    {
        using var folder = new TempFolder();
        var predictions = folder.Write("p.jsonl", File.ReadAllText(Fixture.Path("digits", "predictions.test.jsonl")));
        var (code, _, error) = CliRunner.RunIn(folder.Root, "evaluate", "--ground-truth", Fixture.Path("digits", "dataset.csv"), "--predictions", "p.jsonl", "--partial", "./p.jsonl");
        Assert.Equal(2, code);
        Assert.Contains($"--partial and --predictions name the same file, '{predictions}'", error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Fixture.Path("digits", "predictions.test.jsonl")), File.ReadAllText(predictions));
    }

    [Fact]
    public void Predict_refuses_predictions_and_embeddings_in_one_file_before_loading_the_model()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.RunIn(folder.Root, "predict", "--model", "no-model.onnx", "--ground-truth", Fixture.Path("digits", "dataset.csv"),
            "--output", "p.jsonl", "--embedding-output", "embedding", "--embeddings", "p.jsonl");
        Assert.Equal(2, code);
        Assert.Contains($"--output and --embeddings name the same file, '{Path.Combine(folder.Root, "p.jsonl")}': each output needs a file of its own.", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Root));
    }

    [Fact]
    public void A_dash_is_a_usage_error_not_a_file_named_dash()
    {
        using var folder = new TempFolder();
        var (code, _, error) = CliRunner.RunIn(folder.Root, "report", "--output", "-");
        // Before: "report written to …/-".
        Assert.Equal(2, code);
        Assert.Contains("automl-eval report: --output -: '-' is not a file name here; give a file (on Linux and macOS, /dev/stdout writes standard output).", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Root));
    }
}
