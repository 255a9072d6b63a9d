using System.Text.Json;
using AutoMLEval.Tests.Cli;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary><c>evaluate</c> without <c>--task</c>: the CLI evaluates the task the ground truth's kind names.</summary>
public sealed class GroundTruthKindCliTests
{
    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void Coco_files_written_as_utf16_or_utf32_evaluate_as_their_utf8_twins(string encoding)
    {
        var folder = Path.Combine(Path.GetTempPath(), "automl-eval-wide-coco-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var paths = new[] { "gt.json", "dt.json" }.Select(name =>
            {
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, File.ReadAllText(Fixture.Path("coco", "tiny_bbox", name)), System.Text.Encoding.GetEncoding(encoding));
                return path;
            }).ToArray();

            var (code, output, error) = CliRunner.Run("evaluate", "--ground-truth", paths[0], "--predictions", paths[1], "--format", "json");

            Assert.True(code == 0, error);
            var stats = JsonDocument.Parse(output).RootElement.GetProperty("cocoStats");
            Assert.Equal((1 + (51.0 / 101)) / 2, stats.GetProperty("ap50").GetDouble(), 12);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
