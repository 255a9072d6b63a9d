using System.Text.Json;
using AutoMLEval.Tests.Detection;
using Xunit;

namespace AutoMLEval.Tests.Cli;

/// <summary>--ml-use of Vertex AI detection files: the split evaluated, as for classification.</summary>
public sealed class DetectionSplitCliTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _import;
    private readonly string _predictions;

    public DetectionSplitCliTests()
    {
        // One cat per image: the test image found exactly, the validation image missed (the box is shifted off it:
        // IoU 0), the training image never predicted (the model was not asked about it).
        _import = _folder.Write("import.csv",
            "TEST,gs://b/a.png,cat,0.1,0.1,,,0.5,0.5,,\n"
            + "VALIDATION,gs://b/v.png,cat,0.1,0.1,,,0.5,0.5,,\n"
            + "TRAINING,gs://b/t.png,cat,0.1,0.1,,,0.5,0.5,,\n");
        _predictions = _folder.Write("predictions.jsonl",
            "{\"instance\":{\"content\":\"gs://b/a.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.9],\"bboxes\":[[0.1,0.5,0.1,0.5]]}}\n"
            + "{\"instance\":{\"content\":\"gs://b/v.png\"},\"prediction\":{\"displayNames\":[\"cat\"],\"confidences\":[0.8],\"bboxes\":[[0.6,0.9,0.6,0.9]]}}\n");
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    // test (the default): one image, its cat found, the validation detection left out as another split's → AP 1;
    // the training image without a prediction is not a miss.
    [InlineData(null, 1.0, 1)]
    [InlineData("test", 1.0, 1)]
    // validation: the one cat missed → AP 0; the test image's detection is another split's.
    [InlineData("validation", 0.0, 1)]
    // training: the cat never predicted → AP 0; both detections are other splits'.
    [InlineData("training", 0.0, 2)]
    public void Evaluates_the_split_named_by_ml_use(string? mlUse, double ap, int otherSplitDetections)
    {
        var arguments = new List<string> { "evaluate", "--task", "detection", "--ground-truth", _import, "--predictions", _predictions, "--format", "json" };
        if (mlUse is not null) arguments.AddRange(new[] { "--ml-use", mlUse });
        var (code, output, error) = CliRunner.Run(arguments.ToArray());
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(ap, root.GetProperty("cocoStats").GetProperty("ap").GetDouble(), 12);
        var counts = root.GetProperty("counts");
        Assert.Equal((1, otherSplitDetections), (counts.GetProperty("images").GetInt32(), counts.GetProperty("detectionsOtherSplit").GetInt32()));
    }

    [Fact]
    public void Ml_use_with_coco_files_is_a_usage_error()
    {
        var coco = CocoParityTests.CaseDirectory("tiny_bbox");
        var (code, _, error) = CliRunner.Run("evaluate", "--task", "detection", "--ground-truth", Path.Combine(coco, "gt.json"), "--predictions", Path.Combine(coco, "dt.json"), "--ml-use", "test");
        Assert.Equal(2, code);
        Assert.Contains("COCO files have no splits", error, StringComparison.Ordinal);
    }
}
