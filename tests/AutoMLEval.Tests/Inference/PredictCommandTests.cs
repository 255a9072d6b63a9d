using AutoMLEval.Inference.Model;
using AutoMLEval.Engine.Formats.Classification;
using System.Text.Json;
using AutoMLEval.Cli;
using AutoMLEval.Cli.Commands;
using AutoMLEval.Engine.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.Inference;

public sealed class PredictCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "automl-eval-predict-" + Guid.NewGuid().ToString("N"));

    public PredictCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Predict_on_the_demo_writes_one_vertex_line_per_test_image_and_the_embeddings()
    {
        var (code, _, error) = Run("predict", "--output", "p.jsonl", "--embedding-output", "embedding", "--embeddings", "e.jsonl", "--batch-size", "64");

        Assert.Equal(0, code);
        Assert.Contains("540 images predicted, 0 unreadable", error, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(_folder, "p.jsonl"));
        Assert.Equal(540, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        // The demo's first test row (dataset.csv order), its path as the CSV writes it, names from labels.txt.
        Assert.Equal("images/test/1193.png", first.RootElement.GetProperty("instance").GetProperty("content").GetString());
        Assert.Equal("image/png", first.RootElement.GetProperty("instance").GetProperty("mimeType").GetString());
        Assert.Equal("zero", first.RootElement.GetProperty("prediction").GetProperty("displayNames")[0].GetString());
        Assert.Equal(540, File.ReadAllLines(Path.Combine(_folder, "e.jsonl")).Length);
    }

    [Fact]
    public void Predict_on_image_files_and_folders_names_them_as_given_and_reports_unreadable_ones()
    {
        var images = Path.Combine(_folder, "pics");
        Directory.CreateDirectory(Path.Combine(images, "sub"));
        File.Copy(Path.Combine(CliContext.DemoDirectory, "images", "test", "1193.png"), Path.Combine(images, "sub", "a.png"));
        File.WriteAllBytes(Path.Combine(images, "b.png"), Array.Empty<byte>());
        File.WriteAllText(Path.Combine(images, "notes.txt"), "not an image, not listed");
        var model = Path.Combine(CliContext.DemoDirectory, "model.onnx");

        var (code, output, error) = Run("predict", "--model", model, "--images", "pics");

        // The unreadable image was rejected (reported as an error): the run did its work on the rest, exit code 3.
        Assert.Equal(3, code);
        Assert.Equal("pics/sub/a.png", JsonDocument.Parse(output.Trim()).RootElement.GetProperty("instance").GetProperty("content").GetString());
        Assert.Contains("error UnreadableImage: " + Path.Combine(images, "b.png"), error, StringComparison.Ordinal);
        Assert.Contains("1 images predicted, 1 unreadable", error, StringComparison.Ordinal);
        // No --labels and no labels metadata in the demo model: the classes are indices, which the user is told once.
        Assert.Equal(1, error.Split('\n').Count(l => l.Contains(ImageClassifier.IndexLabelsCode, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--ground-truth", "x.csv", "--images", "pics")]
    [InlineData("--embeddings", "e.jsonl")]
    [InlineData("--model", "m.onnx")]
    [InlineData("--mean", "0.1,0.2")]
    // A standard deviation divides: 0 made every score NaN and the run end on a serializer's message.
    [InlineData("--std", "0")]
    [InlineData("--std", "1,-1,1")]
    public void Impossible_option_combinations_are_usage_errors(params string[] options)
    {
        var (code, _, _) = Run(new[] { "predict" }.Concat(options).ToArray());

        Assert.Equal(2, code);
    }

    [Fact]
    public void Non_finite_model_output_is_each_image_s_error_and_the_run_goes_on()
    {
        // A scale far past any pixel range overflows the demo model's input to infinity: every score NaN. Each image is
        // reported and skipped, not the whole run ended by the JSON writer; nothing usable is written.
        var (code, output, error) = Run("predict", "--scale", "1e38", "--format", "jsonl");

        Assert.Equal(3, code);
        Assert.Equal(string.Empty, output.Trim());
        Assert.Contains("error NonFiniteScores: ", error, StringComparison.Ordinal);
        Assert.Contains("0 images predicted, 0 unreadable, 540 with a non-finite output", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_images_and_a_folder_given_as_the_model_are_errors_naming_them()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "empty"));
        var model = Path.Combine(CliContext.DemoDirectory, "model.onnx");

        var (emptyCode, _, emptyError) = Run("predict", "--model", model, "--images", "empty");
        var (folderCode, _, folderError) = Run("predict", "--model", _folder, "--images", Path.Combine(CliContext.DemoDirectory, "images", "test", "1193.png"));

        Assert.Equal((1, 1), (emptyCode, folderCode));
        Assert.Contains("The folder 'empty' holds no image files", emptyError, StringComparison.Ordinal);
        Assert.Contains($"'{_folder}' is a folder; give the model's .onnx file.", folderError, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_of_a_ground_truth_split_resolve_against_the_csv_folder()
    {
        var csv = Path.Combine(_folder, "data", "dataset.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(csv)!);
        File.WriteAllLines(csv, new[] { "test,img/a.png,cat", "training,img/b.png,dog", "TEST,img/c.png,cat,dog", "test,,cat", "" });
        var log = new IssueLog();

        var items = ImageItem.FromGroundTruth(GroundTruthReader.Read(csv, log), "test");

        Assert.Equal(new[] { "img/a.png", "img/c.png" }, items.Select(i => i.Content));
        Assert.Equal(Path.Combine(_folder, "data", "img/a.png"), items[0].FilePath);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("MissingField", 4L, "PATH"), (issue.Code, issue.Line, issue.Field));
    }

    [Fact]
    public void Predict_to_a_terminal_prints_a_summary_per_label_unless_json_lines_are_asked_for()
    {
        var (code, output, error) = RunOnTerminal("predict");

        Assert.Equal(0, code);
        var rows = output.TrimEnd().Split('\n').Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        // One row per label the demo model tops (all ten digits), together every one of the 540 test images.
        Assert.Equal(10, rows.Count);
        Assert.Equal(540, rows.Sum(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        // predictedLabel's table heading is 'predicted' in every table (errors' too).
        Assert.StartsWith("predicted  images  meanScore", output, StringComparison.Ordinal);
        Assert.Contains("540 images predicted, 0 unreadable (not written: --output FILE or --format jsonl writes them)", error, StringComparison.Ordinal);

        var (_, lines, _) = RunOnTerminal("predict", "--format", "jsonl");
        Assert.Equal(540, lines.TrimEnd().Split('\n').Length);
        Assert.StartsWith("{\"instance\"", lines, StringComparison.Ordinal);
    }

    private (int Code, string Output, string Error) Run(params string[] args) => Run(outputIsTerminal: false, args);

    private (int Code, string Output, string Error) RunOnTerminal(params string[] args) => Run(outputIsTerminal: true, args);

    private (int Code, string Output, string Error) Run(bool outputIsTerminal, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, new CliContext(output, error, _folder) { OutputIsTerminal = outputIsTerminal });
        return (code, output.ToString(), error.ToString());
    }
}
