using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Reports;

public class ReportCommandTests
{
    [Fact]
    public void Report_WithNoInputs_WritesTheDemoReportToReportHtml()
    {
        var directory = Directory.CreateTempSubdirectory("automl-eval-report-").FullName;
        try
        {
            var error = new StringWriter();
            var context = new CliContext(new StringWriter(), error, directory);
            Assert.Equal(0, Program.Run(new[] { "report", "--threshold", "0.8", "--title", "Digits <demo>" }, context));
            var html = File.ReadAllText(Path.Combine(directory, "report.html"));
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            Assert.Contains("<title>Digits &lt;demo&gt;</title>", html, StringComparison.Ordinal);
            // The slider starts at the given threshold: index 80 of the 0.01 grid.
            Assert.Contains("\"initial\":80,", html, StringComparison.Ordinal);
            Assert.Contains("report written to", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Report_RejectsAnUnknownOption()
    {
        var error = new StringWriter();
        var context = new CliContext(new StringWriter(), error, Path.GetTempPath());
        Assert.Equal(2, Program.Run(new[] { "report", "--format", "json" }, context));
        Assert.Contains("format", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_EmbedsOnlyImagesUnderTheDataFolderUnlessAllowed()
    {
        // Two items: one image beside the ground truth, one named by an absolute path elsewhere (a private photo, say).
        using var data = new TempFolder();
        using var elsewhere = new TempFolder();
        var image = Path.Combine(AppContext.BaseDirectory, "Fixtures", "images", "quadrants.png");
        File.Copy(image, Path.Combine(data.Root, "inside.png"));
        var outside = Path.Combine(elsewhere.Root, "outside.png");
        File.Copy(image, outside);
        data.Write("gt.csv", $"test,inside.png,cat\ntest,{outside},dog\n");
        data.Write("p.jsonl",
            "{\"instance\":{\"content\":\"inside.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.2,0.8]}}\n"
            + $"{{\"instance\":{{\"content\":\"{outside}\"}},\"prediction\":{{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.7,0.3]}}}}\n");
        foreach (var (allow, embedded, outsideData) in new[] { (false, 1, 1), (true, 2, 0) })
        {
            var error = new StringWriter();
            var arguments = new List<string> { "report", "--ground-truth", "gt.csv", "--predictions", "p.jsonl", "--output", "r.html" };
            if (allow) arguments.Add("--allow-outside-images");
            Assert.Equal(0, Program.Run(arguments, new CliContext(new StringWriter(), error, data.Root)));
            var html = File.ReadAllText(Path.Combine(data.Root, "r.html"));
            Assert.Contains($"\"embedded\":{embedded},", html, StringComparison.Ordinal);
            Assert.Contains($"\"outsideData\":{outsideData}}}", html, StringComparison.Ordinal);
            // An image outside is shown by name: with the one embedded, both images are counted.
            Assert.Contains($"\"notShown\":{2 - embedded},", html, StringComparison.Ordinal);
            Assert.Equal(!allow, error.ToString().Contains("ImageOutsideData", StringComparison.Ordinal));
        }
    }
}
