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
}
