using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// Labels and paths read by one rule in CSV and JSON (surrounding white space is no part of them), and labels that
/// differ only in how they are written (case, Unicode normalisation) named as look-alikes where they are warned of.
/// </summary>
public sealed class LabelSpellingTests : IDisposable
{
    private const string Nfc = "oiseau \u00e9";
    private const string Nfd = "oiseau e\u0301";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Prediction(string path, params string[] names) =>
        $"{{\"instance\":{{\"content\":\"{path}\"}},\"prediction\":{{\"displayNames\":[{string.Join(",", names.Select(n => $"\"{n}\""))}],\"confidences\":[{string.Join(",", names.Select(_ => "0.25"))}]}}}}\n";

    [Fact]
    public void Spaces_around_labels_and_paths_are_trimmed_in_JSON_as_in_CSV()
    {
        var csv = _folder.Write("gt.csv", "test, a.png ,\"cat \"\ntest,b.png, dog\n");
        var jsonl = _folder.Write("gt.jsonl",
            "{\"imageGcsUri\":\" a.png \",\"classificationAnnotation\":{\"displayName\":\" cat \"}}\n"
            + "{\"imageGcsUri\":\"b.png\",\"classificationAnnotation\":{\"displayName\":\"dog\\t\"}}\n");
        // The second record's names are not the first's known labels byte for byte: read by the slower path, to the same labels.
        var predictions = _folder.Write("p.jsonl", Prediction(" a.png", "cat ", "dog") + Prediction("b.png ", " cat", " dog "));

        foreach (var gt in new[] { csv, jsonl })
        {
            var log = new IssueLog();
            var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

            Assert.Equal(new[] { "a.png", "b.png" }, loaded.GroundTruth.Items.Select(i => i.ItemId));
            Assert.Equal(new[] { "cat", "dog" }, loaded.Data.Labels);
            Assert.Equal(2, loaded.Summary.Evaluated);
            Assert.DoesNotContain(log.Issues, i => i.Severity == IssueSeverity.Error || i.Code.StartsWith("Label", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_label_written_otherwise_on_the_other_side_is_named_as_a_look_alike()
    {
        var gt = _folder.Write("gt.csv", $"test,a.png,{Nfc}\ntest,b.png,Dog\ntest,c.png,cat\n");
        var predictions = _folder.Write("p.jsonl", string.Concat(new[] { "a.png", "b.png", "c.png" }.Select(path => Prediction(path, Nfd, "dog", "cat"))));
        var log = new IssueLog();

        ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        var notPredicted = log.Issues.Where(i => i.Code == "LabelNotPredicted").Select(i => i.Message).ToArray();
        Assert.Equal(new[]
        {
            $"the ground-truth label '{Nfc}' is never scored by the model; its scores are taken as 0; it looks like '{Nfd}' of the predictions: they differ only in Unicode normalisation (NFC here, NFD there)",
            "the ground-truth label 'Dog' is never scored by the model; its scores are taken as 0; it looks like 'dog' of the predictions: they differ only in letter case",
        }, notPredicted);
        Assert.Equal(
            $"the model scores the label '{Nfd}', which no 'test' ground-truth item carries; it looks like '{Nfc}' of the ground truth: they differ only in Unicode normalisation (NFD here, NFC there)",
            log.Issues.First(i => i.Code == "LabelNotInGroundTruth").Message);
    }

    [Fact]
    public void A_path_written_otherwise_on_the_other_side_is_named_as_a_look_alike_on_both_sides()
    {
        // 'café.jpg' as Linux writes it (NFC) in the ground truth, as macOS does (NFD) in the predictions: two paths that print alike.
        const string nfc = "caf\u00e9.jpg", nfd = "cafe\u0301.jpg";
        var gt = _folder.Write("gt.csv", $"test,{nfc},cat\ntest,b.png,dog\ntest,z.png,dog\n");
        var predictions = _folder.Write("p.jsonl", Prediction(nfd, "cat", "dog") + Prediction("b.png", "cat", "dog") + Prediction("y.png", "cat", "dog"));
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        Assert.Equal((1, 2, 2), (loaded.Summary.Evaluated, loaded.Summary.MissingPredictions, loaded.Summary.UnknownPredictions));
        // Only the pair that looks alike gets the clause; z.png and y.png are simply missing and unknown.
        Assert.Equal(new[]
        {
            $"'{nfc}' has no prediction; it is left out; it looks like '{nfd}' of the predictions: they differ only in Unicode normalisation (NFC here, NFD there)",
            "'z.png' has no prediction; it is left out",
        }, log.Issues.Where(i => i.Code == "MissingPrediction").Select(i => i.Message));
        Assert.Equal(new[]
        {
            $"'{nfd}' is not in the ground truth; it is left out; it looks like '{nfc}' of the ground truth: they differ only in Unicode normalisation (NFD here, NFC there)",
            "'y.png' is not in the ground truth; it is left out",
        }, log.Issues.Where(i => i.Code == "UnknownItem").Select(i => i.Message));
        Assert.Equal(new[] { 1L, 3L }, log.Issues.Where(i => i.Code == "MissingPrediction").Select(i => i.Line));
        Assert.Equal(new[] { 1L, 3L }, log.Issues.Where(i => i.Code == "UnknownItem").Select(i => i.Line));
    }
}
