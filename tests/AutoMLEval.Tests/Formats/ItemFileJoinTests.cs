using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// The tool's own prediction files join its own ground truths: a path that is no item as written is matched as the
/// file it names (the ground truth's relative paths from its folder, the predictions' from the working directory).
/// </summary>
public sealed class ItemFileJoinTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Prediction(string path, double cat) =>
        "{\"instance\":{\"content\":\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":["
        + cat.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "," + (1 - cat).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "]}}\n";

    [Fact]
    public void Predict_images_of_a_folder_joins_that_folder_as_ground_truth()
    {
        // As `predict --images fold` run in the folder's parent writes them: "fold/cat/1.png", where the ground truth names "cat/1.png".
        _folder.Write("fold/cat/1.png", "x");
        _folder.Write("fold/dog/2.png", "x");
        var predictions = _folder.Write("p.jsonl", Prediction("fold/cat/1.png", 0.75) + Prediction("fold/dog/2.png", 0.25));
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(Path.Combine(_folder.Root, "fold"), predictions, new ClassificationInputOptions { WorkingDirectory = _folder.Root }, log);

        var s = loaded.Summary;
        Assert.Equal((2, 2, 2, 0, 0), (s.GroundTruthItems, s.PredictionItems, s.Evaluated, s.MissingPredictions, s.UnknownPredictions));
        // The evaluated items carry the ground truth's names, and each its own scores.
        Assert.Equal(new[] { "cat/1.png", "dog/2.png" }, loaded.Data.ItemIds);
        Assert.Empty(log.Issues);
    }

    [Fact]
    public void Absolute_predicted_paths_join_a_csv_of_paths_relative_to_its_folder()
    {
        // Invoke-ModelPrediction of piped files writes their full paths; dataset.csv names them from its folder.
        var gt = _folder.Write("data/dataset.csv", "test,images/a.png,cat\ntest,images/b.png,dog\ntraining,images/c.png,cat\n");
        var images = Path.Combine(_folder.Root, "data", "images");
        var predictions = _folder.Write("p.jsonl",
            Prediction(Path.Combine(images, "a.png"), 0.75) + Prediction(Path.Combine(images, "b.png"), 0.25)
            + Prediction(Path.Combine(images, "c.png"), 0.5) + Prediction(Path.Combine(images, "zzz.png"), 0.5));
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        var s = loaded.Summary;
        // c.png is a training item (another split), zzz.png no item at all: each counted as it is.
        Assert.Equal((2, 4, 2, 1, 1), (s.GroundTruthItems, s.PredictionItems, s.Evaluated, s.OtherSplitPredictions, s.UnknownPredictions));
        Assert.Equal(new[] { "images/a.png", "images/b.png" }, loaded.Data.ItemIds);
        var unknown = Assert.Single(log.Issues, i => i.Code == "UnknownItem");
        Assert.Equal(4L, unknown.Line);
    }

    [Fact]
    public void A_file_predicted_under_two_forms_of_its_path_is_evaluated_once()
    {
        var gt = _folder.Write("gt.csv", "a.png,cat\nb.png,dog\n");
        var predictions = _folder.Write("p.jsonl", Prediction("a.png", 0.75) + Prediction(Path.Combine(_folder.Root, "a.png"), 0.5));
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        Assert.Equal((1, 1, 1), (loaded.Summary.Evaluated, loaded.Summary.UnknownPredictions, loaded.Summary.MissingPredictions));
        Assert.Equal(0.75, loaded.Data.ScoresOf(0)[0]);
    }

    [Fact]
    public void No_matched_items_shows_a_path_from_each_side_and_its_form()
    {
        _folder.Write("fold/cat/1.png", "x");
        var predictions = _folder.Write("p.jsonl", Prediction("elsewhere/cat/1.png", 0.75));
        var folder = Path.Combine(_folder.Root, "fold");

        var issue = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(folder, predictions, new ClassificationInputOptions { WorkingDirectory = _folder.Root }, new IssueLog())).Issue;

        Assert.Equal("NoMatchedItems", issue.Code);
        Assert.Equal(
            $"none of the 1 predicted items is a 'test' item of {folder}; paths must name the same files in both files: "
            + $"the predictions name 'elsewhere/cat/1.png', a relative path (taken from the working directory {_folder.Root}); "
            + $"the ground truth names 'cat/1.png', a relative path (taken from its folder {folder})",
            issue.Message);
    }

    [Fact]
    public void Uris_are_matched_as_written_only()
    {
        var gt = _folder.Write("gt.csv", "gs://bucket/a.png,cat\n");
        var predictions = _folder.Write("p.jsonl", Prediction("gs://other/a.png", 0.75));

        var issue = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), new IssueLog())).Issue;

        Assert.EndsWith("the predictions name 'gs://other/a.png', a URI; the ground truth names 'gs://bucket/a.png', a URI", issue.Message, StringComparison.Ordinal);
    }
}
