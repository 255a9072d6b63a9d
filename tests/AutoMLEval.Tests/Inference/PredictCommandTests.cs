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
        File.WriteAllText(Path.Combine(images, "notes.txt"), "not an image");
        File.WriteAllText(Path.Combine(images, ".DS_Store"), "hidden");
        var model = Path.Combine(CliContext.DemoDirectory, "model.onnx");

        var (code, output, error) = Run("predict", "--model", model, "--images", "pics");

        // The unreadable image was rejected (reported as an error): the run did its work on the rest, exit code 3.
        Assert.Equal(3, code);
        Assert.Equal("pics/sub/a.png", JsonDocument.Parse(output.Trim()).RootElement.GetProperty("instance").GetProperty("content").GetString());
        Assert.Contains("error UnreadableImage: " + Path.Combine(images, "b.png"), error, StringComparison.Ordinal);
        Assert.Contains("1 images predicted, 1 unreadable", error, StringComparison.Ordinal);
        // The files passed over are named, as a label folder's are: one FilesLeftOut warning for the folder.
        Assert.Contains("FilesLeftOut", error, StringComparison.Ordinal);
        Assert.Contains("2 files are left out: 1 hidden file (a name starting with '.', @eaDir, __MACOSX): .DS_Store; 1 not an image (", error, StringComparison.Ordinal);
        Assert.Contains("): notes.txt", error, StringComparison.Ordinal);
        // No --labels and no labels metadata in the demo model: the classes are indices, which the user is told once.
        Assert.Equal(1, error.Split('\n').Count(l => l.Contains(ImageClassifier.IndexLabelsCode, StringComparison.Ordinal)));
    }

    [Fact]
    public void Predict_reports_an_image_over_the_size_limit_as_ImageTooLarge_and_counts_it_apart()
    {
        var images = Path.Combine(_folder, "big");
        Directory.CreateDirectory(images);
        File.Copy(Path.Combine(CliContext.DemoDirectory, "images", "test", "1193.png"), Path.Combine(images, "a.png"));
        // A few bytes that declare 20000 × 20000 pixels, as the tester's valid 20000 × 20000 PNG does.
        File.WriteAllText(Path.Combine(images, "huge.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20000\" height=\"20000\"><rect width=\"10\" height=\"10\"/></svg>");

        var (code, _, error) = Run("predict", "--model", Path.Combine(CliContext.DemoDirectory, "model.onnx"), "--images", Path.Combine(images, "a.png"), "--images", Path.Combine(images, "huge.svg"));

        Assert.Equal(3, code);
        Assert.Contains("error ImageTooLarge: " + Path.Combine(images, "huge.svg") + ": The image has 20000 × 20000 = 400,000,000 pixels, more than the 268,435,456 (16384 × 16384)", error, StringComparison.Ordinal);
        // Counted apart from the unreadable ones in the summary line (SkippedImages), as its error names it.
        Assert.Contains("1 images predicted, 0 unreadable, 1 too large.", error, StringComparison.Ordinal);
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

    [Theory]
    // An image-to-image model (a segmenter, an autoencoder): its 64 pixels were ranked as 64 classes.
    [InlineData("image-to-image", "The model's output 'y' has shape [-1,1,8,8]; class scores have shape [batch, classes] (one score per class for each image, at least two classes)")]
    // One value per image: it was one class, of confidence 1, for every image.
    [InlineData("one-value", "The model's output 'y' has shape [-1]; class scores have shape [batch, classes]")]
    // A sigmoid binary classifier: its one score was softmaxed into 1 for every image.
    [InlineData("sigmoid", "The model's output 'y' has shape [-1,1]: one score per image (a sigmoid binary classifier's) is not a score per class, and a softmax of one value is always 1. Export the model with two scores per image")]
    // Class indices, not scores.
    [InlineData("int64", "The model's output 'y' holds Int64; class scores are float32 [batch, classes].")]
    public void A_model_whose_output_is_not_one_score_per_class_fails_to_load_naming_the_model_and_the_output(string kind, string reason)
    {
        var model = Path.Combine(_folder, kind + ".onnx");
        string[] grey = ["N", "1", "8", "8"];
        switch (kind)
        {
            case "image-to-image": TinyOnnxModel.Write(model, grey, TinyOnnxModel.Float, grey, TinyOnnxModel.Node.Identity()); break;
            case "one-value": TinyOnnxModel.Write(model, grey, TinyOnnxModel.Float, ["N"], TinyOnnxModel.Node.ReduceMean([1, 2, 3], keepDimensions: false)); break;
            case "sigmoid": TinyOnnxModel.Write(model, grey, TinyOnnxModel.Float, ["N", "1"], TinyOnnxModel.Node.ReduceMean([1, 2, 3], keepDimensions: true), TinyOnnxModel.Node.Flatten()); break;
            default: TinyOnnxModel.Write(model, grey, TinyOnnxModel.Int64, ["N", "64"], TinyOnnxModel.Node.Flatten(), TinyOnnxModel.Node.Cast(TinyOnnxModel.Int64)); break;
        }

        var (code, output, error) = Run("predict", "--model", model, "--images", DemoImage, "--format", "jsonl");

        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"automl-eval predict: error ModelLoadFailed: {model}: {reason}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_shape_the_model_leaves_open_is_checked_on_its_first_run()
    {
        // [N,3,H,W] declared for any image size: nothing to refuse before a run; the run's [1,3,8,8] is an image, not scores.
        var model = Path.Combine(_folder, "open.onnx");
        string[] open = ["N", "3", "H", "W"];
        TinyOnnxModel.Write(model, open, TinyOnnxModel.Float, open, TinyOnnxModel.Node.Identity());

        var (code, output, error) = Run("predict", "--model", model, "--images", DemoImage, "--width", "8", "--height", "8", "--format", "jsonl");

        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"automl-eval predict: error ModelRunFailed: {model}: The model's output 'y' has shape [1,3,8,8]; class scores have shape [batch, classes]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_with_trailing_dimensions_of_one_are_one_score_per_class()
    {
        // Each channel's mean over the 8×8 image, [N,3,1,1], as a 1×1 convolution head gives. The demo's digit is grey
        // (R = G = B = m), so with --mean 0,0.1,0.2 the scores are m, m − 0.1, m − 0.2, whose softmax does not depend on m:
        // e^0, e^−0.1, e^−0.2 over their sum 2.7235682 = 0.3671654, 0.3322250, 0.3006096.
        var model = Path.Combine(_folder, "channel-means.onnx");
        TinyOnnxModel.Write(model, ["N", "3", "8", "8"], TinyOnnxModel.Float, ["N", "3", "1", "1"], TinyOnnxModel.Node.ReduceMean([2, 3], keepDimensions: true));
        File.WriteAllLines(Path.Combine(_folder, "labels.txt"), ["red", "green", "blue"]);

        var (code, output, _) = Run("predict", "--model", model, "--images", DemoImage, "--labels", "labels.txt", "--mean", "0,0.1,0.2", "--softmax", "always", "--format", "jsonl");

        Assert.Equal(0, code);
        var prediction = JsonDocument.Parse(output.Trim()).RootElement.GetProperty("prediction");
        Assert.Equal(["red", "green", "blue"], prediction.GetProperty("displayNames").EnumerateArray().Select(n => n.GetString()));
        var confidences = prediction.GetProperty("confidences").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal(0.3671654, confidences[0], 1e-6);
        Assert.Equal(0.3322250, confidences[1], 1e-6);
        Assert.Equal(0.3006096, confidences[2], 1e-6);
    }

    [Fact]
    public void Labels_that_do_not_fit_the_output_are_the_model_s_run_failure_naming_model_and_labels()
    {
        File.WriteAllLines(Path.Combine(_folder, "three.txt"), ["a", "b", "c"]);
        var model = Path.Combine(CliContext.DemoDirectory, "model.onnx");

        var (code, _, error) = Run("predict", "--model", model, "--images", DemoImage, "--labels", "three.txt", "--format", "jsonl");

        Assert.Equal(ExitCodes.UnusableInput, code);
        Assert.Contains($"automl-eval predict: error ModelRunFailed: {model}: The labels file '{Path.Combine(_folder, "three.txt")}' names 3 classes, but the model outputs 10 scores per image.", error, StringComparison.Ordinal);
    }

    private static string DemoImage => Path.Combine(CliContext.DemoDirectory, "images", "test", "1193.png");

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
