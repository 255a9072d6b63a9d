using System.Globalization;
using System.Text.Json;
using AutoMLEval.Cli;
using Xunit;

namespace AutoMLEval.Tests.Video;

/// <summary>The <c>--task video</c> contract: option names, JSON names and exit codes, on the reference files.</summary>
public class VideoCliTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "video");

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.Run(args, new CliContext(output, error, FixtureDirectory));
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("segment", "predictions.segment.jsonl", "segmentClassification")]
    [InlineData("one-second", "predictions.one-sec.jsonl", "oneSecIntervalClassification")]
    public void EvaluateJsonHasTheClassificationNamesAndTheReferenceValues(string unit, string predictions, string expectedKey)
    {
        var (code, output, error) = Run("evaluate", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", predictions, "--unit", unit, "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using var document = JsonDocument.Parse(output);
        using var expectedDocument = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected.json")));
        var root = document.RootElement;
        var expected = expectedDocument.RootElement.GetProperty(expectedKey);
        Assert.Equal(unit, root.GetProperty("unit").GetString());
        Assert.Equal(expected.GetProperty("items").GetInt32(), root.GetProperty("items").GetInt32());
        Assert.Equal(60, root.GetProperty("videos").GetInt32());
        Assert.Equal(expected.GetProperty("microAuPrc").GetDouble(), root.GetProperty("auPrc").GetDouble(), 1e-9);
        Assert.Equal(expected.GetProperty("microF1At0.5").GetDouble(), root.GetProperty("microF1").GetDouble(), 1e-9);
        foreach (var label in root.GetProperty("perLabel").EnumerateArray())
        {
            var name = label.GetProperty("displayName").GetString()!;
            Assert.Equal(expected.GetProperty("perLabelAuPrc").GetProperty(name).GetDouble(), label.GetProperty("auPrc").GetDouble(), 1e-9);
            Assert.True(label.GetProperty("support").GetInt32() > 0);
        }
        var rows = root.GetProperty("confidenceMetrics").EnumerateArray().ToArray();
        // Vertex's grid: 0.00, 0.05 … 0.95, then 0.96 … 1.00.
        Assert.Equal(25, rows.Length);
        var names = rows[0].EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(
            new[] { "confidenceThreshold", "precision", "recall", "falsePositiveRate", "f1Score", "precisionAt1", "recallAt1", "falsePositiveRateAt1", "f1ScoreAt1", "truePositiveCount", "falsePositiveCount", "falseNegativeCount", "trueNegativeCount" },
            names);
        // At threshold 0 every pair is predicted: TP = all positives, TN = 0.
        Assert.Equal(0, rows[0].GetProperty("trueNegativeCount").GetInt32());
        Assert.Equal(0, root.GetProperty("skipped").GetProperty("unknownVideoInstances").GetInt32());
    }

    [Fact]
    public void ErrorsAreMostConfidentlyWrongFirst()
    {
        var (code, output, _) = Run("errors", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--format", "json", "--top", "20");

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var errors = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(20, errors.Length);
        var wrongness = errors.Select(e => e.GetProperty("kind").GetString() == "false-positive" ? e.GetProperty("score").GetDouble() : 1 - e.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(wrongness.OrderByDescending(w => w), wrongness);
        Assert.All(errors, e => Assert.True(e.GetProperty("end").GetDouble() > e.GetProperty("start").GetDouble()));
        // A false positive is never among the item's true labels; a false negative always is. trueLabels is an array, as
        // classification's errors write it.
        Assert.All(errors, e =>
        {
            var trueLabels = e.GetProperty("trueLabels").EnumerateArray().Select(t => t.GetString()).ToArray();
            Assert.NotEmpty(trueLabels);
            Assert.Equal(e.GetProperty("kind").GetString() == "false-negative", trueLabels.Contains(e.GetProperty("label").GetString()));
        });
    }

    [Fact]
    public void EvaluateCsvEndsWithAMicroRowHoldingTheHeadlinesOfTheJson()
    {
        // As classification's CSV (docs/cli.md): the per-label rows, then "(micro)" with the summed support, micro
        // AuPRC and AuROC, precision, recall and F1 at the threshold, and here the micro temporal IoU.
        string[] inputs = { "evaluate", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl" };
        var (code, csv, _) = Run([.. inputs, "--format", "csv"]);
        var (_, json, _) = Run([.. inputs, "--format", "json"]);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        using var expectedDocument = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected.json")));
        var expected = expectedDocument.RootElement.GetProperty("segmentClassification");

        Assert.Equal(0, code);
        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        // The header, seven labels and the micro row.
        Assert.Equal(9, lines.Length);
        var micro = lines[^1].Split(',');
        Assert.Equal("(micro)", micro[0]);
        Assert.Equal(root.GetProperty("perLabel").EnumerateArray().Sum(l => l.GetProperty("support").GetInt32()), int.Parse(micro[1], CultureInfo.InvariantCulture));
        Assert.Equal(expected.GetProperty("microAuPrc").GetDouble(), double.Parse(micro[2], CultureInfo.InvariantCulture), 1e-9);
        Assert.Equal(root.GetProperty("auRoc").GetDouble(), double.Parse(micro[3], CultureInfo.InvariantCulture));
        Assert.Equal(expected.GetProperty("microPrecisionAt0.5").GetDouble(), double.Parse(micro[4], CultureInfo.InvariantCulture), 1e-9);
        Assert.Equal(expected.GetProperty("microRecallAt0.5").GetDouble(), double.Parse(micro[5], CultureInfo.InvariantCulture), 1e-9);
        Assert.Equal(expected.GetProperty("microF1At0.5").GetDouble(), double.Parse(micro[6], CultureInfo.InvariantCulture), 1e-9);
        Assert.Equal(root.GetProperty("temporalIoU").GetDouble(), double.Parse(micro[7], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SweepForOneLabelEndsWithNothingPredicted()
    {
        var (code, output, _) = Run("sweep", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.one-sec.jsonl", "--unit", "one-second", "--label", "running", "--step", "0.25", "--format", "csv");

        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        // Header and thresholds 0, 0.25, 0.5, 0.75, 1; at 0 all 92 running seconds are found among 1,422.
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("displayName,confidenceThreshold,precision,recall,f1Score,falsePositiveRate,temporalIoU,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("running,0,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",92,1330,0,0", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "evaluate", "--task", "video", "--predictions", "predictions.segment.jsonl")]
    [InlineData(2, "evaluate", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--unit", "minute")]
    [InlineData(2, "evaluate", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--treshold", "0.5")]
    [InlineData(1, "errors", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--label", "juggling")]
    [InlineData(1, "evaluate", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--unit", "shot")]
    [InlineData(1, "evaluate", "--task", "video", "--ground-truth", "ground_truth.jsonl", "--predictions", "predictions.segment.jsonl", "--ml-use", "training")]
    [InlineData(1, "evaluate", "--task", "video", "--ground-truth", "missing.jsonl", "--predictions", "predictions.segment.jsonl")]
    public void WrongCommandLinesAndUnusableInputsFailClearly(int exitCode, params string[] args)
    {
        var (code, output, error) = Run(args);

        Assert.Equal(exitCode, code);
        Assert.Equal(string.Empty, output);
        // Warnings may come first; the failure line names the verb.
        Assert.Contains($"automl-eval {args[0]}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspeltAnnotationsKeyIsAWarningOnStandardErrorNamingTheLineAndTheNearField()
    {
        using var files = new TempFiles();
        var groundTruth = WithMisspeltAnnotationsKey(files);

        var (code, _, error) = Run("evaluate", "--task", "video", "--ground-truth", groundTruth, "--predictions", "predictions.segment.jsonl", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(
            $"warning MisspeltField: {groundTruth}:2: field 'timeSegmentAnotations': 'timeSegmentAnotations' is not a field of the record, so it is read without 'timeSegmentAnnotations': "
                + "the video is read as one without annotations, where no label is true. Near name: timeSegmentAnnotations.",
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().TrimEnd('\r'));
    }

    [Fact]
    public void TheSummarySaysWhichRecordsWereRejectedAsClassificationsDoesAndCountsNoWarnings()
    {
        // Two prediction lines that are not JSON and a misspelt ground-truth key (a warning): 'Issues : 3' counted the
        // warning with the rejected lines; the summary now says 2 prediction records, as the JSON's invalidPredictionLines.
        using var files = new TempFiles();
        var groundTruth = WithMisspeltAnnotationsKey(files);
        var predictions = files.Write("predictions.jsonl", [.. File.ReadAllLines(Path.Combine(FixtureDirectory, "predictions.segment.jsonl")), "not json", "{\"instance\":"]);

        var (code, table, error) = Run("evaluate", "--task", "video", "--ground-truth", groundTruth, "--predictions", predictions);
        var (_, json, _) = Run("evaluate", "--task", "video", "--ground-truth", groundTruth, "--predictions", predictions, "--format", "json");

        Assert.Equal(ExitCodes.RecordsRejected, code);
        Assert.Contains("warning MisspeltField", error, StringComparison.Ordinal);
        Assert.Contains("Records rejected : 0 ground-truth, 2 prediction (each reported as an error)", Cli.CliRunner.Unwrapped(table), StringComparison.Ordinal);
        Assert.DoesNotContain("Issues", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Entries rejected", table, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(2, document.RootElement.GetProperty("skipped").GetProperty("invalidPredictionLines").GetInt32());
    }

    /// <summary>The reference ground truth with line 2's key misspelt (a warning): clip_001 is read as a video without annotations.</summary>
    private static string WithMisspeltAnnotationsKey(TempFiles files)
    {
        var lines = File.ReadAllLines(Path.Combine(FixtureDirectory, "ground_truth.jsonl"));
        lines[1] = lines[1].Replace("\"timeSegmentAnnotations\"", "\"timeSegmentAnotations\"", StringComparison.Ordinal);
        return files.Write("gt.jsonl", lines);
    }
}
