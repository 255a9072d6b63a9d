using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// The one error a merge reports (for both front ends) when records were rejected making its parts, and the parts a
/// merge cannot read.
/// </summary>
public class RecordsRejectedInPartsTests
{
    private static readonly string GroundTruth = Fixture.Path("digits", "dataset.csv");

    [Fact]
    public void Names_the_predictions_files_and_counts_ground_truth_and_prediction_records_apart()
    {
        var issue = RecordsRejectedInParts.Of(new RejectedRecords(0, 2), new[] { "a.jsonl", "b.jsonl" }, new[] { "a.eval", "b.eval" });

        Assert.NotNull(issue);
        Assert.Equal("RecordsRejectedInParts", issue!.Code);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal("a.jsonl, b.jsonl", issue.Source);
        Assert.Equal("0 ground-truth records and 2 prediction records were rejected when the parts were evaluated (each reported then, when a.eval, b.eval were written); the merged evaluation holds the other records only", issue.Message);
    }

    [Fact]
    public void Is_no_issue_when_every_record_was_read()
    {
        Assert.Null(RecordsRejectedInParts.Of(new RejectedRecords(0, 0), Array.Empty<string>(), Array.Empty<string>()));
    }

    [Fact]
    public void A_merge_of_part_files_reports_it_naming_the_rejecting_shard_and_its_part_file()
    {
        // Before: the CLI named the .eval file and Merge-ModelEvaluation the predictions file, each deciding for itself.
        using var folder = new TempFolder();
        var (shardA, shardB) = WriteShards(folder);
        var parts = new[] { PartToMerge.OfFile(WritePart(folder, shardA, "a.eval")), PartToMerge.OfFile(WritePart(folder, shardB, "b.eval")) };
        var log = new IssueLog();

        var merged = Assert.IsType<MergedClassification>(PartialMerge.Run(parts, log));

        Assert.Equal(540, merged.Summary.Evaluated);
        var issue = Assert.Single(log.Issues, i => i.Code == RecordsRejectedInParts.Code);
        Assert.Equal(shardB, issue.Source);
        Assert.Equal("0 ground-truth records and 1 prediction record were rejected when the parts were evaluated (each reported then, when b.eval was written); the merged evaluation holds the other records only", issue.Message);
    }

    [Fact]
    public void A_merge_of_parts_in_memory_names_the_rejecting_shard_alone()
    {
        using var folder = new TempFolder();
        var (shardA, shardB) = WriteShards(folder);
        var parts = new[] { shardA, shardB }.Select(s => PartToMerge.OfBytes(s, () => File.ReadAllBytes(WritePart(folder, s, Path.GetFileName(s) + ".eval")))).ToArray();
        var log = new IssueLog();

        PartialMerge.Run(parts, log);

        var issue = Assert.Single(log.Issues, i => i.Code == RecordsRejectedInParts.Code);
        Assert.Equal(shardB, issue.Source);
        Assert.Equal("0 ground-truth records and 1 prediction record were rejected when the parts were evaluated (each reported then); the merged evaluation holds the other records only", issue.Message);
    }

    [Fact]
    public void A_part_that_cannot_be_read_stops_the_merge_or_is_reported_and_left_out()
    {
        using var folder = new TempFolder();
        var (shardA, _) = WriteShards(folder);
        var part = WritePart(folder, shardA, "a.eval");
        var notes = folder.Write("notes.eval", "not a part");
        var parts = new[] { PartToMerge.OfFile(notes), PartToMerge.OfFile(part) };

        // The CLI: an input that cannot be used stops the command.
        Assert.Equal("NotPartialEvaluation", Assert.Throws<InputFormatException>(() => PartialMerge.Run(parts, new IssueLog())).Issue.Code);

        // Merge-ModelEvaluation: an error for that input, and the others merge.
        var log = new IssueLog();
        var merged = Assert.IsType<MergedClassification>(PartialMerge.Run(parts, log, skipUnreadable: true));
        Assert.Equal(270, merged.Summary.Evaluated);
        var issue = Assert.Single(log.Issues, i => i.Severity == IssueSeverity.Error);
        Assert.Equal(("NotPartialEvaluation", notes), (issue.Code, issue.Source));
        Assert.Null(PartialMerge.Run(new[] { PartToMerge.OfFile(notes) }, new IssueLog(), skipUnreadable: true));
    }

    /// <summary>The digits' 540 test predictions in two shards of 270 lines; the second gets one more line, no JSON: a rejected record.</summary>
    private static (string A, string B) WriteShards(TempFolder folder)
    {
        var lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
        Assert.Equal(540, lines.Length);
        return (folder.Write("a.jsonl", string.Join("\n", lines.Take(270)) + "\n"), folder.Write("b.jsonl", string.Join("\n", lines.Skip(270)) + "\nnot json\n"));
    }

    /// <summary>Writes the part of <paramref name="shard"/> as evaluate --partial does; its path.</summary>
    private static string WritePart(TempFolder folder, string shard, string name)
    {
        var inputs = ClassificationInputs.Load(GroundTruth, shard, new ClassificationInputOptions { IsShard = true }, new IssueLog());
        var path = Path.Combine(folder.Root, name);
        File.WriteAllBytes(path, PartialClassification.Of(inputs, shard, new ClassificationOptions()).ToBytes());
        return path;
    }
}
