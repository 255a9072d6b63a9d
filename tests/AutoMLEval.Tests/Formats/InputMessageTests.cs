using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>What the classification readers say of bad input: the value as the file writes it, the separator, the rejected record.</summary>
public sealed class InputMessageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    // 1e400 reads as infinity, which the file does not say; "0.3" is a number in quotes.
    [InlineData("[1e400,0.5]", "the confidence 1e400 is not in [0, 1]")]
    [InlineData("[1.5,0.5]", "the confidence 1.5 is not in [0, 1]")]
    [InlineData("[\"0.3\",0.5]", "the confidence \"0.3\" is a string, not a number (write it without quotes)")]
    [InlineData("[null,0.5]", "a confidence is not a number")]
    public void A_bad_confidence_is_quoted_as_written(string confidences, string message)
    {
        var path = _folder.Write("p.jsonl",
            "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":" + confidences + "}}\n"
            + "{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.5,0.5]}}\n");
        var log = new IssueLog();
        PredictionReader.Read(path, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("InvalidScore", 1L, "prediction.confidences[0]", message), (issue.Code, issue.Line, issue.Field, issue.Message));
    }

    [Theory]
    [InlineData("{\"imageGcsUri\":12345,\"classificationAnnotation\":{\"displayName\":\"cat\"}}", "the record's imageGcsUri is 12345, not a string (write the path in quotes)")]
    [InlineData("{\"imageGcsUri\":\" \",\"classificationAnnotation\":{\"displayName\":\"cat\"}}", "the record's imageGcsUri (or content) is blank")]
    [InlineData("{\"classificationAnnotation\":{\"displayName\":\"cat\"}}", "the record has no imageGcsUri (or content)")]
    public void A_ground_truth_record_without_a_string_path_says_what_it_holds(string line, string message)
    {
        var gt = _folder.Write("gt.jsonl", "{\"imageGcsUri\":\"a.png\",\"classificationAnnotation\":{\"displayName\":\"cat\"}}\n" + line + "\n");
        var log = new IssueLog();
        GroundTruthReader.Read(gt, log);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("MissingField", 2L, "imageGcsUri", message), (issue.Code, issue.Line, issue.Field, issue.Message));
    }

    [Fact]
    public void Strict_counts_one_of_each_in_the_singular()
    {
        var gt = _folder.Write("gt.csv", "a.png,cat\nb.png,dog\n");
        var predictions = _folder.Write("p.csv", "path,cat,dog\na.png,0.5,0.5\nzzz.png,0.5,0.5\n");
        var issue = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions { Strict = true }, new IssueLog())).Issue;
        Assert.Equal("1 ground-truth item has no prediction and 1 prediction has no ground truth (strict mode)", issue.Message);
    }

    [Fact]
    public void A_tab_separated_predictions_file_is_one_error_naming_its_separator()
    {
        var path = _folder.Write("p.tsv", "path\tcat\tdog\na.png\t0.7\t0.3\n");
        var issue = Assert.Throws<InputFormatException>(() => PredictionReader.Read(path, new IssueLog())).Issue;
        Assert.Equal(("InvalidCsv", 1L), (issue.Code, issue.Line));
        Assert.Equal("a tab-separated file (.tsv): predictions are Vertex AI JSON Lines or a CSV with commas between its fields (save it as comma-separated CSV)", issue.Message);
    }

    [Fact]
    public void A_semicolon_csv_is_told_its_separator()
    {
        var path = _folder.Write("p.csv", "path;cat;dog\na.png;0,7;0,3\n");
        var issue = Assert.Throws<InputFormatException>(() => PredictionReader.Read(path, new IssueLog())).Issue;
        Assert.Equal("MissingColumn", issue.Code);
        Assert.EndsWith("one column of scores per label; its fields are separated by ';', not commas (save it as comma-separated CSV, with '.' as the decimal point)", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p.jsonl", "{\"instance\":{\"content\":\"a.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.5,0.5]}}\n{\"instance\":{\"content\":\"b.png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[1.5,0.5]}}\n", 2)]
    [InlineData("p.csv", "path,cat,dog\na.png,0.5,0.5\nb.png,abc,0.5\n", 3)]
    public void An_item_whose_prediction_was_rejected_points_at_that_record(string name, string text, long line)
    {
        var gt = _folder.Write("gt.csv", "a.png,cat\nb.png,dog\n");
        var predictions = _folder.Write(name, text);
        var log = new IssueLog();
        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);
        Assert.Equal((1, 1, 1), (loaded.Summary.Evaluated, loaded.Summary.MissingPredictions, loaded.Summary.SkippedPredictionRecords));
        var missing = Assert.Single(log.Issues, i => i.Code == "MissingPrediction");
        Assert.Equal($"'b.png' has no prediction: its prediction record was rejected ({predictions}:{line} InvalidScore); it is left out", missing.Message);
    }
}
