using System.Runtime.InteropServices;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Diagnostics;

/// <summary>No output of a run may replace one of its inputs or another of its outputs.</summary>
public class OutputPathsTests
{
    [Fact]
    public void An_output_that_is_an_input_is_named_with_both_options()
    {
        using var folder = new TempFolder();
        var groundTruth = folder.Write("dataset.csv", "x");
        var predictions = folder.Write("predictions.jsonl", "x");
        var conflict = OutputPaths.Conflict([("--output", groundTruth)], [("--predictions", predictions), ("--ground-truth", groundTruth)]);
        Assert.Equal($"--output and --ground-truth name the same file, '{groundTruth}': writing --output would replace the input; write it elsewhere.", conflict);
        Assert.Null(OutputPaths.Conflict([("--output", Path.Combine(folder.Root, "report.html"))], [("--ground-truth", groundTruth)]));
    }

    [Fact]
    public void Two_outputs_of_one_file_are_refused_but_two_of_a_device_are_not()
    {
        using var folder = new TempFolder();
        var both = Path.Combine(folder.Root, "p.jsonl");
        Assert.Equal($"--output and --embeddings name the same file, '{both}': each output needs a file of its own.",
            OutputPaths.Conflict([("--output", both), ("--embeddings", both)], []));
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        Assert.Null(OutputPaths.Conflict([("--output", "/dev/null"), ("--embeddings", "/dev/null")], []));
    }

    [Fact]
    public void A_link_to_an_input_is_the_input_and_case_counts_on_linux()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
        using var folder = new TempFolder();
        var groundTruth = folder.Write("dataset.csv", "x");
        var link = Path.Combine(folder.Root, "latest.csv");
        File.CreateSymbolicLink(link, "dataset.csv");
        Assert.Equal($"--junit and --ground-truth name the same file, '{link}' (a link to '{groundTruth}'): writing --junit would replace the input; write it elsewhere.",
            OutputPaths.Conflict([("--junit", link)], [("--ground-truth", groundTruth)]));
        Assert.Null(OutputPaths.Conflict([("--output", Path.Combine(folder.Root, "Dataset.csv"))], [("--ground-truth", groundTruth)]));
    }
}
