using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// Whether a ground truth is multi-label is decided from its items with several labels, and a decision taken on few of
/// them is told, with the rows that took it: it changes every figure (accuracy becomes subset accuracy).
/// </summary>
public sealed class MultiLabelDecisionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // 100 single-label items i0..i99 (cat, dog alternating) and their predictions; extra rows appended to the ground truth.
    private (string GroundTruth, string Predictions) Write(params string[] extraRows)
    {
        var gt = new StringBuilder();
        var predictions = new StringBuilder();
        for (int i = 0; i < 100; i++)
        {
            gt.Append("test,i").Append(i).Append(".png,").Append(i % 2 == 0 ? "cat" : "dog").Append('\n');
            predictions.Append("{\"instance\":{\"content\":\"i").Append(i).Append(".png\"},\"prediction\":{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[0.75,0.25]}}\n");
        }
        foreach (var row in extraRows) gt.Append(row).Append('\n');
        return (_folder.Write("gt.csv", gt.ToString()), _folder.Write("p.jsonl", predictions.ToString()));
    }

    [Fact]
    public void Rows_without_a_label_are_no_evidence_of_multi_label_data_and_are_left_out_of_a_single_label_run()
    {
        // Vertex AI imports unlabelled images (test,img.png): two of them used to switch 100 items to multi-label (2%).
        var (gt, predictions) = Write("test,i100.png", "test,i101.png");
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        Assert.False(loaded.Data.IsMultiLabel);
        Assert.Equal(100, loaded.Summary.Evaluated);
        Assert.Equal(2, loaded.Summary.RejectedGroundTruthItems);
        var rejected = log.Issues.Where(i => i.Code == "NotSingleLabel").ToArray();
        Assert.Equal(new long[] { 101, 102 }, rejected.Select(i => i.Line));
        Assert.Equal("'i100.png' has no label but the evaluation is single-label; the item is left out", rejected[0].Message);
        Assert.DoesNotContain(log.Issues, i => i.Code == "MultiLabelByFewItems");
    }

    [Fact]
    public void Multi_label_decided_by_few_items_is_a_warning_naming_the_first_and_the_choice()
    {
        // Two repeated rows with another label (label noise): 2 of 100 items have several labels, at least 2 and 1%.
        var (gt, predictions) = Write("test,i10.png,dog", "test,i20.png,dog");
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        Assert.True(loaded.Data.IsMultiLabel);
        var warning = Assert.Single(log.Issues, i => i.Code == "MultiLabelByFewItems");
        Assert.Equal((IssueSeverity.Warning, gt, 11L, "LABEL"), (warning.Severity, warning.Source, warning.Line, warning.Field));
        Assert.Equal(
            "the evaluation is multi-label (subset accuracy, binary log loss) because 2 of 100 items (2%) have several labels, the first here ('i10.png': cat, dog); "
            + "if they are mistakes (repeated rows with another label), evaluate single-label (--single-label, -SingleLabel) to leave them out; if the data is multi-label, say so (--multi-label, -MultiLabel)",
            warning.Message);

        // Either choice made explicitly is no decision of the tool's: no warning.
        foreach (var multiLabel in new bool?[] { true, false })
        {
            var chosen = new IssueLog();
            ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions { MultiLabel = multiLabel }, chosen);
            Assert.DoesNotContain(chosen.Issues, i => i.Code == "MultiLabelByFewItems");
        }
    }

    [Fact]
    public void Multi_label_data_with_over_a_tenth_of_its_items_labelled_several_times_is_quiet()
    {
        // 12 of 112 items name two labels on their row: multi-label data as Vertex AI's CSV writes it.
        var (gt, predictions) = Write(Enumerable.Range(100, 12).Select(i => $"test,i{i}.png,cat,dog").ToArray());
        var log = new IssueLog();

        var loaded = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), log);

        Assert.True(loaded.Data.IsMultiLabel);
        Assert.Equal((112L, 12L, false), (loaded.GroundTruth.LabelCounts!.Items, loaded.GroundTruth.LabelCounts.SeveralLabelItems, loaded.GroundTruth.LabelCounts.IsMultiLabelByFewItems));
        Assert.DoesNotContain(log.Issues, i => i.Code == "MultiLabelByFewItems");
    }

    [Fact]
    public void A_shard_s_streamed_read_decides_and_warns_as_a_whole_read()
    {
        var (gt, predictions) = Write("test,i10.png,dog", "test,i20.png,dog", "training,t1.png,cat,dog");
        var whole = new IssueLog();
        var streamed = new IssueLog();

        var a = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions(), whole);
        var b = ClassificationInputs.Load(gt, predictions, new ClassificationInputOptions { IsShard = true, ShardStreamsGroundTruthAbove = 0 }, streamed);

        // The training item t1.png weighs in too, unread by the shard: 3 of 101 items (the repeated rows are no new items).
        var (x, y) = (a.GroundTruth.LabelCounts!, b.GroundTruth.LabelCounts!);
        Assert.Equal((101L, 3L, "i10.png", 11L), (x.Items, x.SeveralLabelItems, x.FirstSeveralLabelItem!.ItemId, x.FirstSeveralLabelItem.Line));
        Assert.Equal((x.Items, x.SeveralLabelItems, x.FirstSeveralLabelItem.ItemId, x.FirstSeveralLabelItem.Line), (y.Items, y.SeveralLabelItems, y.FirstSeveralLabelItem!.ItemId, y.FirstSeveralLabelItem.Line));
        Assert.Equal(
            Assert.Single(whole.Issues, i => i.Code == "MultiLabelByFewItems").Message,
            Assert.Single(streamed.Issues, i => i.Code == "MultiLabelByFewItems").Message);
    }
}
