using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Imaging;
using AutoMLEval.Inference.Model;
using Xunit;

namespace AutoMLEval.Tests.Inference;

public sealed class PreprocessingTests
{
    [Fact]
    public void A_pytorch_grey_input_with_dynamic_batch_is_nchw_with_one_channel()
    {
        var input = ModelInput.Resolve("image", typeof(float), new[] { -1, 1, 32, 32 }, new PreprocessingOptions());

        Assert.Equal(new ModelInput("image", TensorLayout.Nchw, 1, 32, 32, null), input);
        Assert.Equal(new long[] { 5, 1, 32, 32 }, input.Shape(5));
    }

    [Fact]
    public void A_tensorflow_input_with_channels_last_and_a_fixed_batch_is_nhwc()
    {
        var input = ModelInput.Resolve("x", typeof(float), new[] { 1, 224, 160, 3 }, new PreprocessingOptions());

        Assert.Equal(new ModelInput("x", TensorLayout.Nhwc, 3, 224, 160, 1), input);
        Assert.Equal(new long[] { 1, 224, 160, 3 }, input.Shape(1));
    }

    [Fact]
    public void A_dynamic_size_needs_the_size_from_the_options()
    {
        var dims = new[] { -1, 3, -1, -1 };

        Assert.Throws<InvalidOperationException>(() => ModelInput.Resolve("x", typeof(float), dims, new PreprocessingOptions()));
        var input = ModelInput.Resolve("x", typeof(float), dims, new PreprocessingOptions { Width = 300, Height = 200 });
        Assert.Equal((3, 200, 300), (input.Channels, input.Height, input.Width));
    }

    [Fact]
    public void Inputs_that_are_not_float_images_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => ModelInput.Resolve("x", typeof(long), new[] { 1, 3, 8, 8 }, new PreprocessingOptions()));
        Assert.Throws<InvalidOperationException>(() => ModelInput.Resolve("x", typeof(float), new[] { 1, 784 }, new PreprocessingOptions()));
        Assert.Throws<InvalidOperationException>(() => ModelInput.Resolve("x", typeof(float), new[] { 1, 3, 8, 8 }, new PreprocessingOptions { Width = 9 }));
    }

    [Fact]
    public void Pixels_are_scaled_normalised_and_laid_out_per_channel()
    {
        // Two pixels, RGB: (0, 51, 255) and (255, 102, 0). scale 1/255, mean 0.5, std 0.5:
        // v = (p/255 − 0.5)/0.5 = 2p/255 − 1, so 0 → −1, 51 → −0.6, 102 → −0.2, 255 → 1.
        var image = new DecodedImage(2, 1, 3, new byte[] { 0, 51, 255, 255, 102, 0 });
        var options = new PreprocessingOptions { Mean = new[] { 0.5f }, Std = new[] { 0.5f } };
        var nchw = new float[6];
        var nhwc = new float[6];
        var bgr = new float[6];

        ImageTensor.Write(image, new ModelInput("x", TensorLayout.Nchw, 3, 1, 2, null), options, nchw);
        ImageTensor.Write(image, new ModelInput("x", TensorLayout.Nhwc, 3, 1, 2, null), options, nhwc);
        ImageTensor.Write(image, new ModelInput("x", TensorLayout.Nchw, 3, 1, 2, null), options with { ChannelOrder = ChannelOrder.Bgr }, bgr);

        // NCHW: all red values, then green, then blue.
        AssertClose(new[] { -1f, 1f, -0.6f, -0.2f, 1f, -1f }, nchw);
        // NHWC: pixel by pixel.
        AssertClose(new[] { -1f, -0.6f, 1f, 1f, -0.2f, -1f }, nhwc);
        // BGR: the blue plane first.
        AssertClose(new[] { 1f, -1f, -0.6f, -0.2f, -1f, 1f }, bgr);
    }

    [Fact]
    public void Per_channel_mean_and_std_apply_to_their_channel()
    {
        // ImageNet: a white pixel gives (1 − mean[c]) / std[c].
        var image = new DecodedImage(1, 1, 3, new byte[] { 255, 255, 255 });
        var tensor = new float[3];

        ImageTensor.Write(image, new ModelInput("x", TensorLayout.Nchw, 3, 1, 1, null), PreprocessingOptions.ImageNet, tensor);

        AssertClose(new[] { (1 - 0.485f) / 0.229f, (1 - 0.456f) / 0.224f, (1 - 0.406f) / 0.225f }, tensor);
    }

    [Fact]
    public void Softmax_of_zero_and_ln3_is_a_quarter_and_three_quarters()
    {
        // exp(0) = 1 and exp(ln 3) = 3, so the row becomes 1/4, 3/4; a +1000 shift must not overflow.
        var scores = new[] { 0f, (float)Math.Log(3), 1000f, 1000f + (float)Math.Log(3) };

        ScoreTransform.SoftmaxRows(scores, 2);

        AssertClose(new[] { 0.25f, 0.75f, 0.25f, 0.75f }, scores);
    }

    [Theory]
    [InlineData(new[] { 0.2f, 0.8f, 0.5f, 0.5f }, false)]
    [InlineData(new[] { 0.2f, 0.8f, 0.5f, 0.6f }, true)]
    [InlineData(new[] { -0.1f, 1.1f, 0.5f, 0.5f }, true)]
    [InlineData(new[] { 2.5f, -1f, 0f, 3f }, true)]
    public void Scores_are_logits_unless_every_row_is_a_probability_distribution(float[] scores, bool expected)
    {
        Assert.Equal(expected, ScoreTransform.LooksLikeLogits(scores, 2));
    }

    [Fact]
    public void Labels_rank_by_decreasing_confidence_then_by_index_whatever_the_values()
    {
        // Many ties, NaN, both zeros and infinities: the ranking is the stable sort by float.CompareTo, decreasing.
        var random = new Random(5);
        var pool = new[] { 0f, -0f, 0.25f, 0.5f, 1f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f };
        for (int trial = 0; trial < 200; trial++)
        {
            var scores = Enumerable.Range(0, 1 + random.Next(60)).Select(_ => random.Next(3) == 0 ? (float)random.NextDouble() : pool[random.Next(pool.Length)]).ToArray();
            var labels = Enumerable.Range(0, scores.Length).Select(i => "label" + i).ToArray();

            var prediction = new ImagePrediction(ImageItem.FromPath("x.png"), labels, scores, null);

            var expected = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
            Assert.Equal(expected, prediction.Ids);
            Assert.Equal(expected.Select(i => labels[i]), prediction.DisplayNames);
            Assert.Equal(expected.Select(i => scores[i]), prediction.Confidences);
        }
    }

    [Fact]
    public void Labels_come_from_the_caller_then_the_model_metadata_then_indices()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["labels"] = "[\"cat\",\"dog\"]" };
        var none = new Dictionary<string, string>(StringComparer.Ordinal);

        Assert.Equal(new[] { "a", "b" }, LabelSource.Resolve(new[] { "a", "b" }, null, metadata, 2));
        Assert.Equal(new[] { "cat", "dog" }, LabelSource.Resolve(null, null, metadata, 2));
        Assert.Equal(new[] { "0", "1", "2" }, LabelSource.Resolve(null, null, none, 3));
        Assert.Equal("The model's 'labels' metadata names 2 classes, but the model outputs 3 scores per image.", Assert.Throws<InvalidOperationException>(() => LabelSource.Resolve(null, null, metadata, 3)).Message);
        // Labels from a file that do not fit name the file.
        Assert.Equal("The labels file 'labels.txt' names 2 classes, but the model outputs 3 scores per image.", Assert.Throws<InvalidOperationException>(() => LabelSource.Resolve(new[] { "a", "b" }, "labels.txt", metadata, 3)).Message);
    }

    [Theory]
    [InlineData("cat,dog , bird")]
    [InlineData("cat\ndog\nbird\n")]
    [InlineData("[\"cat\", \"dog\", \"bird\"]")]
    public void Label_metadata_may_be_a_json_array_or_a_list(string value)
    {
        Assert.Equal(new[] { "cat", "dog", "bird" }, LabelSource.ParseMetadata(value));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void A_labels_file_with_a_blank_line_or_a_name_twice_is_refused_by_line()
    {
        using var folder = new TempFolder();
        var blank = Path.Combine(folder.Root, "blank.txt");
        var twice = Path.Combine(folder.Root, "twice.txt");
        var trailing = Path.Combine(folder.Root, "trailing.txt");
        File.WriteAllText(blank, "cat\n\ndog\n");
        File.WriteAllText(twice, "cat\ndog\n cat \n");
        File.WriteAllText(trailing, "cat\ndog\n\n\n");

        var blankError = Assert.Throws<InputFormatException>(() => LabelSource.ReadFile(blank));
        var twiceError = Assert.Throws<InputFormatException>(() => LabelSource.ReadFile(twice));

        Assert.Equal(("InvalidLabels", blank, 2L), (blankError.Issue.Code, blankError.Issue.Source, blankError.Issue.Line));
        Assert.Equal(("InvalidLabels", twice, 3L), (twiceError.Issue.Code, twiceError.Issue.Source, twiceError.Issue.Line));
        Assert.Contains("'cat' is on line 1 too", twiceError.Message, StringComparison.Ordinal);
        // Blank lines at the end are no names.
        Assert.Equal(new[] { "cat", "dog" }, LabelSource.ReadFile(trailing));
        // A folder given as the labels file is said to be one (it was a raw "access denied").
        var asFolder = Assert.Throws<InputFormatException>(() => LabelSource.ReadFile(folder.Root)).Issue;
        Assert.Equal(("NotAFile", folder.Root), (asFolder.Code, asFolder.Source));
    }

    [Fact]
    public void A_folder_link_is_not_followed_when_a_folder_is_searched_for_images()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder();
        var images = Path.Combine(folder.Root, "images");
        Directory.CreateDirectory(Path.Combine(images, "sub"));
        File.WriteAllBytes(Path.Combine(images, "a.png"), new byte[] { 1 });
        File.WriteAllBytes(Path.Combine(images, "sub", "b.png"), new byte[] { 1 });
        // A link back up: followed, every image came again under sub/up/sub/up/...
        Directory.CreateSymbolicLink(Path.Combine(images, "sub", "up"), images);
        File.CreateSymbolicLink(Path.Combine(images, "c.png"), Path.Combine(images, "a.png"));

        var log = new IssueLog();
        var found = ImageItem.FromFolder("images", images, log);

        Assert.Equal(new[] { "images/a.png", "images/c.png", "images/sub/b.png" }, found.Select(i => i.Content));
        // The link not followed is counted, as a hidden folder is.
        Assert.Equal("1 link to a folder is left out: 1 link to a folder (not followed): sub/up", Assert.Single(log.Issues).Message);
    }

    [Fact]
    public void A_folder_searched_for_images_leaves_out_hidden_folders_and_files_as_a_label_folder_does_and_counts_them()
    {
        using var folder = new TempFolder();
        var images = Path.Combine(folder.Root, "images");
        foreach (var name in new[] { "a.png", "b.BMP", "c.avif", "notes.txt", ".DS_Store", "cat/d.jpg", "cat/.ipynb_checkpoints/d-checkpoint.jpg", ".git/objects/e.png", "@eaDir/a.png/SYNOFILE_THUMB_M.jpg" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(images, name))!);
            File.WriteAllBytes(Path.Combine(images, name), new byte[] { 1 });
        }
        var log = new IssueLog();

        var found = ImageItem.FromFolder("images", images, log);

        // One list of extensions for every folder walk: .bmp (which the label-folder reader took) and .avif (which
        // prediction took) both; a .bmp that libvips cannot decode is then an error naming it, not a file passed over.
        Assert.Equal(new[] { "images/a.png", "images/b.BMP", "images/c.avif", "images/cat/d.jpg" }, found.Select(i => i.Content));
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("FilesLeftOut", IssueSeverity.Warning, images, 0L), (issue.Code, issue.Severity, issue.Source, issue.Line));
        Assert.Equal(
            "3 hidden folders and 2 files are left out: 3 hidden folders (a name starting with '.', @eaDir, __MACOSX; not looked into): .git, @eaDir, cat/.ipynb_checkpoints; "
            + "1 hidden file (a name starting with '.', @eaDir, __MACOSX): .DS_Store; "
            + "1 not an image (.jpg, .jpeg, .png, .webp, .bmp, .gif, .tif, .tiff, .heic, .heif, .avif): notes.txt",
            issue.Message);
    }

    [Fact]
    public void Settings_that_would_make_the_input_unusable_are_named_before_a_run()
    {
        Assert.Null(new PreprocessingOptions().Problem());
        Assert.Null(PreprocessingOptions.ImageNet.Problem());
        Assert.Equal("the std needs numbers above 0, got 1,0,1", (new PreprocessingOptions { Std = new[] { 1f, 0f, 1f } }).Problem());
        Assert.Equal("the std needs one value or three, got 2", (new PreprocessingOptions { Std = new[] { 1f, 1f } }).Problem());
        Assert.Equal("the mean needs one value or three, got 2", (new PreprocessingOptions { Mean = new[] { 0f, 0f } }).Problem());
        Assert.Equal("the scale must be a finite number above 0, got 0", (new PreprocessingOptions { Scale = 0 }).Problem());
        Assert.Equal("the width and height must be at least 1, got 0, 32", (new PreprocessingOptions { Width = 0, Height = 32 }).Problem());
    }
}
