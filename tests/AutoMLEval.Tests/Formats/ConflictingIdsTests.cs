using System.Globalization;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// Vertex AI ids that disagree between records: the labels cannot follow the ids, and the one ConflictingIds warning
/// says where the disagreement starts and which order the labels take instead.
/// </summary>
public sealed class ConflictingIdsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Record(string path, long[] ids, string[] names, double[] scores) =>
        "{\"instance\":{\"content\":\"" + path + "\"},\"prediction\":{\"ids\":[" + string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))
        + "],\"displayNames\":[" + string.Join(",", names.Select(n => "\"" + n + "\"")) + "],\"confidences\":["
        + string.Join(",", scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture))) + "]}}";

    // Ten records naming b (id 2) before a (id 1); record line `conflicting` gives each other ids by `change`.
    private static string Lines(int conflicting, Func<long[], long[]> change, string[]? names = null) =>
        string.Join("\n", Enumerable.Range(1, 10).Select(line =>
            Record($"{line}.png", line == conflicting ? change(new long[] { 2, 1 }) : new long[] { 2, 1 }, names ?? new[] { "b", "a" }, new[] { 0.5, 0.5 }))) + "\n";

    [Theory]
    // Whole-file blocks, and blocks of a line or two: a conflict found inside a block or against earlier blocks alike.
    [InlineData(1 << 20)]
    [InlineData(200)]
    [InlineData(400)]
    public void Ids_shifted_on_one_line_are_reported_once_at_that_line_and_the_labels_keep_first_appearance(int blockBytes)
    {
        var path = _folder.Write("p.jsonl", Lines(6, ids => ids.Select(i => i + 100).ToArray()));
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log, blockBytes);

        // Without the conflict, ids order the labels a (1), b (2); with it, as line 1 names them.
        Assert.Equal(new[] { "b", "a" }, set.Labels);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("ConflictingIds", IssueSeverity.Warning, path, 6L, "prediction.ids"), (issue.Code, issue.Severity, issue.Source, issue.Line, issue.Field));
        Assert.Equal(
            "the label 'b' has the id 102 here but 2 in earlier records; the ids cannot order the labels, so they are ordered as they first appear in the predictions (which decides argmax and top-k ties)",
            issue.Message);
    }

    [Fact]
    public void Ids_that_agree_order_the_labels_and_say_nothing()
    {
        var log = new IssueLog();

        var set = PredictionReader.Read(_folder.Write("p.jsonl", Lines(6, ids => ids)), log);

        Assert.Equal(new[] { "a", "b" }, set.Labels);
        Assert.Empty(log.Issues);
    }

    [Fact]
    public void Two_ids_swapped_on_one_line_name_the_first_label_with_both_ids()
    {
        var log = new IssueLog();

        PredictionReader.Read(_folder.Write("p.jsonl", Lines(3, ids => ids.Reverse().ToArray())), log);

        var issue = Assert.Single(log.Issues);
        Assert.Equal((3L, "prediction.ids"), (issue.Line, issue.Field));
        Assert.StartsWith("the label 'b' has the id 1 here but 2 in earlier records;", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_under_a_name_in_another_letter_case_says_so_and_the_missing_scores_name_it_as_their_cause()
    {
        // Id 3 is cat on odd lines and Cat on even ones: two labels, each scored by half the items (4 absent scores),
        // which is not a top-k limited prediction.
        var gt = _folder.Write("gt.csv", "test,1.png,cat\ntest,2.png,dog\ntest,3.png,cat\ntest,4.png,dog\n");
        var predictions = _folder.Write("p.jsonl", string.Join("\n", Enumerable.Range(1, 4).Select(line =>
            Record($"{line}.png", new long[] { 3, 4 }, new[] { line % 2 == 1 ? "cat" : "Cat", "dog" }, new[] { 0.25, 0.75 }))) + "\n");
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        Assert.Equal(new[] { "cat", "dog", "Cat" }, loaded.Data.Labels);
        var conflict = log.Issues.Single(i => i.Code == "ConflictingIds");
        // Cat is given an id (cat's): no UnusableIds saying that no record gives it one (there was, besides ConflictingIds).
        Assert.DoesNotContain(log.Issues, i => i.Code == "UnusableIds");
        Assert.Equal((predictions, 2L, "prediction.ids"), (conflict.Source, conflict.Line, conflict.Field));
        Assert.StartsWith(
            "the id 3 names 'Cat' here but 'cat' in earlier records, so the two are separate labels; it looks like 'cat' of the earlier records: they differ only in letter case;",
            conflict.Message, StringComparison.Ordinal);
        // The ground truth carries cat, which the predictions have too: the look-alike is named all the same.
        var notInGroundTruth = log.Issues.Single(i => i.Code == "LabelNotInGroundTruth");
        Assert.Equal((predictions, "prediction.displayNames"), (notInGroundTruth.Source, notInGroundTruth.Field));
        Assert.Equal(
            "the model scores the label 'Cat', which no 'test' ground-truth item carries; it looks like 'cat' of the ground truth: they differ only in letter case",
            notInGroundTruth.Message);
        Assert.Equal(
            "4 (item, label) scores are absent (for example a top-k limited batch prediction, or, as here, a label written two ways under one id (see ConflictingIds)); they are taken as 0",
            log.Issues.Single(i => i.Code == "MissingScore").Message);
    }

    // Ids that are not integers, or labels that no record gives an id, cannot order the labels either: the same switch
    // to first appearance, reported once as UnusableIds (another cause, another fix than ids that disagree).
    [Theory]
    [InlineData(1 << 20)]
    [InlineData(200)]
    public void An_id_that_is_not_an_integer_is_reported_once_at_its_first_line_and_the_labels_keep_first_appearance(int blockBytes)
    {
        // Lines 4 and 7 write b's id as a name and a fraction; every other line gives b 2 and a 1.
        var lines = Lines(0, ids => ids).Split('\n');
        lines[3] = lines[3].Replace("\"ids\":[2,1]", "\"ids\":[\"b\",1]", StringComparison.Ordinal);
        lines[6] = lines[6].Replace("\"ids\":[2,1]", "\"ids\":[2.5,1]", StringComparison.Ordinal);
        var path = _folder.Write("p.jsonl", string.Join("\n", lines));
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log, blockBytes);

        Assert.Equal(new[] { "b", "a" }, set.Labels);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("UnusableIds", IssueSeverity.Warning, path, 4L, "prediction.ids"), (issue.Code, issue.Severity, issue.Source, issue.Line, issue.Field));
        Assert.Equal(
            "the id of the label 'b' is \"b\", not a 64-bit integer; the ids cannot order the labels, so they are ordered as they first appear in the predictions (which decides argmax and top-k ties)",
            issue.Message);
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(200)]
    public void A_label_no_record_gives_an_id_is_reported_at_its_first_line_while_others_have_ids(int blockBytes)
    {
        // Lines 1-5 give b 2 and a 1; lines 6-10 carry no ids and add c (line 6), which no record gives an id.
        var path = _folder.Write("p.jsonl", string.Join("\n", Enumerable.Range(1, 10).Select(line => line <= 5
            ? Record($"{line}.png", new long[] { 2, 1 }, new[] { "b", "a" }, new[] { 0.5, 0.5 })
            : "{\"instance\":{\"content\":\"" + line + ".png\"},\"prediction\":{\"displayNames\":[\"c\",\"b\",\"a\"],\"confidences\":[0.2,0.4,0.4]}}")) + "\n");
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log, blockBytes);

        Assert.Equal(new[] { "b", "a", "c" }, set.Labels);
        var issue = Assert.Single(log.Issues, i => i.Code == "UnusableIds");
        Assert.Equal((IssueSeverity.Warning, path, 6L, "prediction.ids"), (issue.Severity, issue.Source, issue.Line, issue.Field));
        Assert.Equal(
            "no record gives the label 'c' an id (it first appears here), while other labels have ids; the ids cannot order the labels, so they are ordered as they first appear in the predictions (which decides argmax and top-k ties)",
            issue.Message);
    }

    [Fact]
    public void Records_without_ids_beside_records_that_give_every_label_its_id_keep_the_id_order()
    {
        // Line 1 has no ids and names b before a; later lines give b 2 and a 1: the ids order the labels.
        var path = _folder.Write("p.jsonl",
            "{\"instance\":{\"content\":\"0.png\"},\"prediction\":{\"displayNames\":[\"b\",\"a\"],\"confidences\":[0.5,0.5]}}\n" + Lines(0, ids => ids));
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log);

        Assert.Equal(new[] { "a", "b" }, set.Labels);
        Assert.Empty(log.Issues);
    }

    [Fact]
    public void A_file_without_ids_keeps_first_appearance_and_says_nothing()
    {
        var path = _folder.Write("p.jsonl", string.Join("\n", Enumerable.Range(1, 3).Select(line =>
            "{\"instance\":{\"content\":\"" + line + ".png\"},\"prediction\":{\"displayNames\":[\"b\",\"a\"],\"confidences\":[0.5,0.5]}}")) + "\n");
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log);

        Assert.Equal(new[] { "b", "a" }, set.Labels);
        Assert.Empty(log.Issues);
    }
}
