using System.Text.Json;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>Picking the task from the ground truth when the user does not name it.</summary>
public sealed class GroundTruthKindTests
{
    [Theory]
    [InlineData("digits/dataset.csv", GroundTruthKind.Classification)]
    [InlineData("multilabel/ground_truth.jsonl", GroundTruthKind.Classification)]
    [InlineData("coco/tiny_bbox/gt.json", GroundTruthKind.Detection)]
    [InlineData("coco/segm_polygons/gt.json", GroundTruthKind.Detection)]
    [InlineData("video/ground_truth.jsonl", GroundTruthKind.Video)]
    public void The_kind_follows_the_files_field_names(string fixture, GroundTruthKind expected)
    {
        Assert.Equal(expected, GroundTruthKinds.Detect(Fixture.Path(fixture.Split('/'))));
    }

    [Fact]
    public void Evaluate_without_task_on_coco_files_is_a_detection_evaluation()
    {
        var (code, output, error) = CliRunner.Run("evaluate", "--ground-truth", Fixture.Path("coco", "tiny_bbox", "gt.json"), "--predictions", Fixture.Path("coco", "tiny_bbox", "dt.json"), "--format", "json");
        Assert.True(code == 0, error);
        // tiny_bbox worked by hand in Fixtures/coco/README.md: AP = 0.410891, AP50 = (1 + 51/101) / 2.
        var stats = JsonDocument.Parse(output).RootElement.GetProperty("cocoStats");
        Assert.Equal((1 + (51.0 / 101)) / 2, stats.GetProperty("ap50").GetDouble(), 12);
    }
}
