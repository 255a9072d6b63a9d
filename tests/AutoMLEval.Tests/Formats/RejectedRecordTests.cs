using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// A rejected record leaves no trace in the metrics beyond being counted: evaluating a file with one bad record
/// equals evaluating the file without it, for every metric written, wherever the record falls (first line, last
/// line, either side of a block boundary of the parallel reader).
/// </summary>
public sealed class RejectedRecordTests : IDisposable
{
    private static readonly string[] Lines = File.ReadAllLines(Fixture.Path("digits", "predictions.test.jsonl"));
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> BadRecords => new()
    {
        // The issue's cases: a confidence above 1, and a misspelt label in a record also rejected for its score.
        { "{\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"displayNames\":[\"zero\",\"one\"],\"confidences\":[1.2,0.1]}}", "InvalidScore" },
        { "{\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"ids\":[0,8],\"displayNames\":[\"zero\",\"eigth\"],\"confidences\":[0.5,1.2]}}", "InvalidScore" },
        // A label named twice in one record, one of them new: neither may become a column.
        { "{\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"displayNames\":[\"eigth\",\"eigth\"],\"confidences\":[0.5,0.5]}}", "DuplicateLabel" },
        { "{\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"displayNames\":[\"zero\",\"zero\"],\"confidences\":[0.5,0.5]}}", "DuplicateLabel" },
        // Two records on one line: both rejected, located, not the second one dropped in silence.
        { "{\"instance\":{\"content\":\"images/test/9998.png\"},\"prediction\":{\"displayNames\":[\"new\"],\"confidences\":[0.5]}} {\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"displayNames\":[\"zero\"],\"confidences\":[0.5]}}", "InvalidJson" },
        { "{\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"displayNames\":[\"other\",\"zero\"],\"confidences\":[0.5]}}", "MissingField" },
        { "{\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"displayNames\":[\"other\"],\"confidences\":[0.5,", "InvalidJson" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void One_bad_prediction_record_changes_nothing_but_the_rejected_count(string badRecord, string code)
    {
        var clean = _folder.Write("clean.jsonl", string.Join("\n", Lines) + "\n");
        var expected = EvaluationJson(clean, blockBytes: 1 << 22, out _);
        // Record sizes are about 470 bytes: blocks of 1 KiB hold two lines, so the positions below fall at block starts and ends.
        foreach (var position in new[] { 0, 1, 2, 3, 4, 5, 17, Lines.Length / 2, Lines.Length - 1, Lines.Length })
        {
            foreach (var blockBytes in new[] { 1024, 1 << 22 })
            {
                var withBad = Lines.Take(position).Append(badRecord).Concat(Lines.Skip(position));
                var path = _folder.Write($"bad-{position}-{blockBytes}.jsonl", string.Join("\n", withBad) + "\n");
                var actual = EvaluationJson(path, blockBytes, out var log);
                Assert.Equal(expected, actual);
                var error = log.Issues.Single(i => i.Severity == IssueSeverity.Error);
                Assert.Equal((code, position + 1L), (error.Code, error.Line));
            }
        }
    }

    [Theory]
    // A trailing comma is no second label; a misspelt split is a rejected row, not a path with a label "test/…".
    [InlineData("test,images/test/1193.png,zero,", "test,images/test/1193.png,zero", 0)]
    [InlineData("tset,images/test/1193.png,zero", null, 1)]
    // A repeated item with another label: the item is left out of single-label evaluation, the run stays single-label.
    [InlineData("test,images/test/1193.png,seven", "", 0)]
    public void One_odd_ground_truth_row_does_not_switch_the_task_or_move_other_items(string oddRow, string? equivalentRow, int rejectedRows)
    {
        var gtLines = File.ReadAllLines(Fixture.Path("digits", "dataset.csv"));
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");
        var withOdd = _folder.Write("odd.csv", string.Join("\n", gtLines.Take(300).Append(oddRow).Concat(gtLines.Skip(300))) + "\n");
        var log = new IssueLog();
        var odd = ClassificationInputs.Load(withOdd, predictions, new ClassificationInputOptions(), log);
        Assert.False(odd.Data.IsMultiLabel);
        Assert.Equal(rejectedRows, odd.Summary.SkippedGroundTruthRecords);
        if (equivalentRow is null)
        {
            var reference = ClassificationInputs.Load(_folder.Write("ref.csv", string.Join("\n", gtLines) + "\n"), predictions, new ClassificationInputOptions(), new IssueLog());
            Assert.Equal(Json(reference), Json(odd));
            Assert.Equal(("InvalidMlUse", 301L), (log.Issues.First(i => i.Severity == IssueSeverity.Error).Code, log.Issues.First(i => i.Severity == IssueSeverity.Error).Line));
        }
        else if (equivalentRow.Length == 0)
        {
            Assert.Equal(1, odd.Summary.RejectedGroundTruthItems);
            Assert.DoesNotContain("images/test/1193.png", odd.Data.ItemIds);
            Assert.Contains(log.Issues, i => i.Code == "DuplicateItem");
            Assert.Contains(log.Issues, i => i.Code == "NotSingleLabel" && i.Line == 301);
        }
        else
        {
            var fixedFile = _folder.Write("fixed.csv", string.Join("\n", gtLines.Take(300).Append(equivalentRow).Concat(gtLines.Skip(300))) + "\n");
            Assert.Equal(Json(ClassificationInputs.Load(fixedFile, predictions, new ClassificationInputOptions(), new IssueLog())), Json(odd));
        }
    }

    public static TheoryData<string, string> BadGroundTruthRows => new()
    {
        // An item of two labels in a single-label run is left out (NotSingleLabel), and its labels with it: its second
        // label, carried by no other item, was an 11th label of support 0 in every macro average (AuPRC 0.7677 for 0.8445).
        { "test,images/test/9999.png,zero,extra", "NotSingleLabel" },
        { "test,images/test/9999.png,extra,extra", "DuplicateLabel" },
        { "tset,images/test/9999.png,extra", "InvalidMlUse" },
    };

    [Theory]
    [MemberData(nameof(BadGroundTruthRows))]
    public void One_bad_ground_truth_row_changes_nothing_but_the_counts(string badRow, string code)
    {
        var gtLines = File.ReadAllLines(Fixture.Path("digits", "dataset.csv"));
        var predictions = Fixture.Path("digits", "predictions.test.jsonl");
        var clean = _folder.Write("clean.csv", string.Join("\n", gtLines) + "\n");
        var expected = CountlessJson(ClassificationInputs.Load(clean, predictions, new ClassificationInputOptions(), new IssueLog()));
        // A shard's part, its ground truth read whole or streamed (kept items only), merged: the same again.
        var expectedParts = new[] { 0L, long.MaxValue }.Select(streamAbove => MergedPartJson(clean, predictions, streamAbove)).ToArray();
        Assert.Equal(expectedParts[0], expectedParts[1]);
        foreach (var position in new[] { 0, 300, gtLines.Length })
        {
            var path = _folder.Write($"bad-{position}.csv", string.Join("\n", gtLines.Take(position).Append(badRow).Concat(gtLines.Skip(position))) + "\n");
            var log = new IssueLog();
            var loaded = ClassificationInputs.Load(path, predictions, new ClassificationInputOptions(), log);

            Assert.Equal(10, loaded.Data.Labels.Count);
            Assert.Equal(expected, CountlessJson(loaded));
            var error = log.Issues.Single(i => i.Severity == IssueSeverity.Error);
            Assert.Equal((code, position + 1L), (error.Code, error.Line));
            Assert.DoesNotContain(log.Issues, i => i.Severity == IssueSeverity.Warning && i.Message.Contains("'extra'", StringComparison.Ordinal));
            foreach (var streamAbove in new[] { 0L, long.MaxValue }) Assert.Equal(expectedParts[0], MergedPartJson(path, predictions, streamAbove));
        }
    }

    // The evaluation and every count but those a rejected ground-truth row changes (the split's items, those rejected, rows skipped).
    private static string CountlessJson(LoadedClassification loaded)
    {
        var evaluation = ClassificationEvaluator.Evaluate(loaded.Data, new ClassificationOptions());
        return Write(w => ClassificationJson.Write(w, evaluation, Countless(loaded.Summary), loaded.MlUse));
    }

    private static InputSummary Countless(InputSummary summary) => summary with { GroundTruthItems = 0, RejectedGroundTruthItems = 0, SkippedGroundTruthRecords = 0 };

    private static string MergedPartJson(string groundTruth, string predictions, long streamAbove)
    {
        var inputs = ClassificationInputs.Load(groundTruth, predictions, new ClassificationInputOptions { IsShard = true, ShardStreamsGroundTruthAbove = streamAbove }, new IssueLog());
        var part = PartialClassification.Of(inputs, predictions, new ClassificationOptions());
        var read = PartialClassification.ReadFrom(new MemoryStream(part.ToBytes()), predictions);
        var (evaluation, summary) = PartialClassification.Merge(new[] { read }).Evaluate(new IssueLog());
        return Write(w => ClassificationJson.Write(w, evaluation, Countless(summary), inputs.MlUse));
    }

    [Fact]
    public void The_ground_truths_issues_come_before_the_predictions_though_both_are_read_at_once()
    {
        // The two files are read on two threads; what they report reaches the caller's sink on the caller's thread,
        // the ground truth's first, each in line order, whether the load succeeds or a read fails.
        var gtLines = File.ReadAllLines(Fixture.Path("digits", "dataset.csv"));
        var groundTruth = _folder.Write("gt.csv", string.Join("\n", gtLines.Take(100).Append("tset,images/test/x.png,zero").Concat(gtLines.Skip(100))) + "\n");
        var badRecord = "{\"instance\":{\"content\":\"images/test/9999.png\"},\"prediction\":{\"displayNames\":[\"zero\"],\"confidences\":[1.5]}}";
        var predictions = _folder.Write("p.jsonl", string.Join("\n", Lines.Take(3).Append(badRecord).Concat(Lines.Skip(3))) + "\n");
        var caller = Environment.CurrentManagedThreadId;
        var sink = new ThreadRecordingSink();
        ClassificationInputs.Load(groundTruth, predictions, new ClassificationInputOptions(), sink);
        var errors = sink.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => (i.Code, i.Line)).ToArray();
        Assert.Equal(new[] { ("InvalidMlUse", 101L), ("InvalidScore", 4L) }, errors);
        Assert.All(sink.Threads, thread => Assert.Equal(caller, thread));

        // Predictions with no usable record: the ground truth's issues still come first, then the failure.
        var unusable = _folder.Write("none.jsonl", badRecord + "\n");
        var failing = new ThreadRecordingSink();
        var noItems = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(groundTruth, unusable, new ClassificationInputOptions(), failing));
        Assert.Equal("NoItems", noItems.Issue.Code);
        Assert.Equal(new[] { "InvalidMlUse", "InvalidScore" }, failing.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.Code));

        // A ground truth that cannot be read fails the load as it did when it was read first, whatever the predictions.
        var noLabelColumn = _folder.Write("nolabel.csv", "path,score\nimages/test/1193.png,1\n");
        var missing = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(noLabelColumn, unusable, new ClassificationInputOptions(), new IssueLog()));
        Assert.Equal("MissingColumn", missing.Issue.Code);
        Assert.Throws<FileNotFoundException>(() => ClassificationInputs.Load(_folder.Write("x", string.Empty) + ".missing", predictions, new ClassificationInputOptions(), new IssueLog()));
    }

    [Fact]
    public void A_video_models_prediction_list_is_rejected_with_a_message_that_names_the_video_task()
    {
        // A video batch prediction's line among classification predictions (line 2: a file that starts so is a video
        // model's whole, below): its prediction is a list of entries.
        var videoLine = "{\"instance\":{\"content\":\"images/test/1193.png\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"4s\"},"
            + "\"prediction\":[{\"displayName\":\"zero\",\"type\":\"segment-classification\",\"confidence\":0.9}]}";
        var predictions = _folder.Write("video.jsonl", string.Join("\n", Lines.Skip(2).Prepend(videoLine).Prepend(Lines[0])) + "\n");
        var log = new IssueLog();

        ClassificationInputs.Load(Fixture.Path("digits", "dataset.csv"), predictions, new ClassificationInputOptions(), log);

        var error = log.Issues.Single(i => i.Severity == IssueSeverity.Error);
        Assert.Equal(("InvalidRecord", 2L, "prediction"), (error.Code, error.Line, error.Field));
        Assert.Equal(
            "prediction must be an object with displayNames and confidences (a list, as a video model's batch predictions write it: evaluate those with --task video, -Task Video)",
            error.Message);
    }

    [Fact]
    public void A_file_of_video_predictions_is_one_error_for_the_file_that_names_the_video_task()
    {
        // The video fixture's 117 segment lines given with an image ground truth were 20 errors listed and a count of
        // 97 more, then NoItems; now the first line says what the file is, and nothing else is reported.
        var log = new IssueLog();

        var error = Assert.Throws<InputFormatException>(() => ClassificationInputs.Load(
            Fixture.Path("digits", "dataset.csv"), Fixture.Path("video", "predictions.segment.jsonl"), new ClassificationInputOptions(), log));

        Assert.Equal(("UnexpectedJson", Fixture.Path("video", "predictions.segment.jsonl"), 1L, "prediction"), (error.Issue.Code, error.Issue.Source, error.Issue.Line, error.Issue.Field));
        Assert.EndsWith("evaluate it against its video ground truth with --task video (-Task Video)", error.Issue.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);
    }

    private sealed class ThreadRecordingSink : IIssueSink
    {
        public List<DataIssue> Issues { get; } = new();

        public List<int> Threads { get; } = new();

        public void Report(DataIssue issue)
        {
            Issues.Add(issue);
            Threads.Add(Environment.CurrentManagedThreadId);
        }
    }

    private static string Json(LoadedClassification loaded)
    {
        var evaluation = ClassificationEvaluator.Evaluate(loaded.Data, new ClassificationOptions());
        return Write(w => ClassificationJson.Write(w, evaluation, loaded.Summary with { SkippedGroundTruthRecords = 0, DuplicateRecords = 0 }, loaded.MlUse));
    }

    // Every metric and count the product writes, but the count of rejected prediction records.
    private static string EvaluationJson(string predictionsPath, int blockBytes, out IssueLog log)
    {
        log = new IssueLog();
        var groundTruth = GroundTruthReader.Read(Fixture.Path("digits", "dataset.csv"), log);
        var predictions = PredictionReader.Read(predictionsPath, log, blockBytes);
        var loaded = ClassificationInputs.Join(groundTruth, predictions, new ClassificationInputOptions(), log);
        var evaluation = ClassificationEvaluator.Evaluate(loaded.Data, new ClassificationOptions());
        return Write(w => ClassificationJson.Write(w, evaluation, loaded.Summary with { SkippedPredictionRecords = 0 }, loaded.MlUse));
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
