using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;
using Xunit;

namespace AutoMLEval.Tests.Video;

public class VideoReaderTests
{
    internal static string Annotated(string video, string mlUse, string annotations) =>
        $"{{\"videoGcsUri\":\"{video}\",\"timeSegmentAnnotations\":[{annotations}],\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"{mlUse}\"}}}}";

    internal static string Annotation(string label, string start, string end) =>
        $"{{\"displayName\":\"{label}\",\"startTime\":{start},\"endTime\":{end}}}";

    [Fact]
    public void GroundTruthJsonLinesReportsEveryBadRecordWithLineAndField()
    {
        using var files = new TempFiles();
        var path = files.Write(
            "gt.jsonl",
            Annotated("v1", "test", Annotation("cooking", "\"1.5s\"", "\"inf\"") + "," + Annotation("dancing", "0", "2.5")),
            Annotated("v2", "training", Annotation("running", "\"0s\"", "\"1s\"")),
            "",
            "{\"videoGcsUri\":\"v3\",\"timeSegmentAnnotations\":[]}",
            "{not json",
            "{\"timeSegmentAnnotations\":[]}",
            Annotated("v4", "TEST", Annotation("cooking", "\"abc\"", "\"2s\"") + "," + Annotation("cooking", "\"5s\"", "\"2s\"") + ","
                + Annotation("cooking", "\"-1s\"", "\"2s\"") + "," + Annotation("cooking", "\"2s\"", "\"2s\"") + ",{\"startTime\":\"0s\"}"));
        var log = new IssueLog();

        var truth = VideoGroundTruthReader.ReadJsonLines(path, "test", log);

        // Line 3 is blank (not a record). v1 and v4 (ML_USE compared case-insensitively), and v3, which has no split and
        // so is in every split, as an image without one is; v2 is training.
        Assert.Equal(new[] { "v1", "v3", "v4" }, truth.Videos.Keys.OrderBy(v => v, StringComparer.Ordinal));
        Assert.Empty(truth.Videos["v3"]);
        Assert.Equal(2, truth.Videos["v1"].Count);
        Assert.Equal(new VideoSegment(VideoTime.FromSeconds(1.5), VideoTime.End), truth.Videos["v1"][0].Segment);
        Assert.Equal(new VideoSegment(VideoTime.Zero, VideoTime.FromSeconds(2.5)), truth.Videos["v1"][1].Segment);
        Assert.Empty(truth.Videos["v4"]);
        // Training labels belong to the vocabulary too.
        Assert.Equal(new[] { "cooking", "dancing", "running" }, truth.Labels);
        Assert.Equal(new VideoGroundTruthCounts(Records: 6, OtherSplitRecords: 1, NoSplitRecords: 1, InvalidRecords: 2, Annotations: 2, InvalidAnnotations: 5), truth.Counts);
        var issues = log.Issues.Select(i => (i.Code, i.Line, i.Field)).ToArray();
        Assert.Equal(
            new[]
            {
                (VideoIssueCodes.InvalidJson, 5L, ""),
                (VideoIssueCodes.MissingField, 6L, "videoGcsUri"),
                (VideoIssueCodes.InvalidTime, 7L, "timeSegmentAnnotations[0].startTime"),
                (VideoIssueCodes.ReversedSegment, 7L, "timeSegmentAnnotations[1]"),
                (VideoIssueCodes.NegativeTime, 7L, "timeSegmentAnnotations[2]"),
                (VideoIssueCodes.EmptySegment, 7L, "timeSegmentAnnotations[3]"),
                (VideoIssueCodes.MissingField, 7L, "timeSegmentAnnotations[4].displayName"),
            },
            issues);
        Assert.All(log.Issues, i => Assert.Equal(path, i.Source));
    }

    [Fact]
    public void GroundTruthCsvReadsOptionalSplitQuotesAndOpenEnds()
    {
        using var files = new TempFiles();
        var path = files.Write(
            "gt.csv",
            "test,gs://b/a.mp4,cooking,0,2.5",
            "test,\"gs://b/with,comma.mp4\",dancing,1.5s,inf",
            "training,gs://b/c.mp4,running,0,1",
            "test,gs://b/no-labels.mp4,,,",
            "test,gs://b/d.mp4,cooking",
            "test,gs://b/e.mp4,cooking,1,x",
            "gs://b/f.mp4,cooking,0,1");
        var log = new IssueLog();

        var truth = VideoGroundTruthReader.Read(path, "test", log);

        // f.mp4's line has no ML_USE field, so it is in the test split too.
        Assert.Equal(new[] { "gs://b/a.mp4", "gs://b/e.mp4", "gs://b/f.mp4", "gs://b/no-labels.mp4", "gs://b/with,comma.mp4" }, truth.Videos.Keys.OrderBy(v => v, StringComparer.Ordinal));
        Assert.Equal(1, truth.Counts.NoSplitRecords);
        Assert.Equal(new VideoSegment(VideoTime.FromSeconds(1.5), VideoTime.End), truth.Videos["gs://b/with,comma.mp4"].Single().Segment);
        Assert.Empty(truth.Videos["gs://b/no-labels.mp4"]);
        Assert.Empty(truth.Videos["gs://b/e.mp4"]);
        Assert.Equal(new[] { "cooking", "dancing", "running" }, truth.Labels);
        Assert.Equal(
            // Line 5 (a split, a video and a label) names the first field it lacks, as every record error names its field.
            new[] { (VideoIssueCodes.FieldCount, 5L, "START"), (VideoIssueCodes.InvalidTime, 6L, "END") },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)).ToArray());
        // Without a split every line counts, the 4-field one too.
        var all = VideoGroundTruthReader.Read(path, null, new IssueLog());
        Assert.Equal(6, all.Videos.Count);
    }

    [Theory]
    [InlineData("training", "TRAIN")]
    [InlineData("training", "training")]
    [InlineData("validation", "VALIDATE")]
    [InlineData("validation", "VALIDATION")]
    [InlineData("test", "TEST")]
    public void GroundTruthSplitsAreNamedAsForImages(string chosen, string written)
    {
        using var files = new TempFiles();
        var path = files.Write("gt.csv", $"{written},gs://b/a.mp4,cooking,0,1", "holdout,gs://b/b.mp4,cooking,0,1");

        var truth = VideoGroundTruthReader.Read(path, chosen, new IssueLog());

        Assert.Equal("gs://b/a.mp4", truth.Videos.Keys.Single());
        Assert.Equal(1, truth.Counts.OtherSplitRecords);
    }

    [Fact]
    public void AVideoListedUnderAnotherSplitLaterIsSkipped_AndOneListedAgainInItsSplitIsMergedWithAWarning()
    {
        // JSON Lines: v1 in test on line 1, again in test on line 3 (merged, warned), in training on line 4 (skipped);
        // v2 in training on line 2, then with no split on line 5 (skipped: "(none)" is another split). Legacy names
        // count as the split they stand for (TRAIN on line 6 is v2's training).
        using var files = new TempFiles();
        var path = files.Write(
            "gt.jsonl",
            Annotated("v1", "test", Annotation("cooking", "0", "1")),
            Annotated("v2", "training", Annotation("running", "0", "1")),
            Annotated("v1", "TEST", Annotation("dancing", "2", "3")),
            Annotated("v1", "training", Annotation("running", "0", "1")),
            "{\"videoGcsUri\":\"v2\",\"timeSegmentAnnotations\":[]}",
            Annotated("v2", "TRAIN", Annotation("running", "4", "5")));
        var log = new IssueLog();

        var truth = VideoGroundTruthReader.ReadJsonLines(path, "test", log);

        Assert.Equal(new[] { "cooking", "dancing" }, truth.Videos["v1"].Select(a => a.Label));
        Assert.Equal("v1", truth.Videos.Keys.Single());
        Assert.Equal(2, truth.Counts.InvalidRecords);
        const string Split = "dataItemResourceLabels.aiplatform.googleapis.com/ml_use";
        Assert.Equal(
            new[]
            {
                (VideoIssueCodes.DuplicateItem, IssueSeverity.Warning, 3L, "videoGcsUri", "'v1' was already listed on line 1; the annotations of both lines are kept."),
                (VideoIssueCodes.ConflictingSplit, IssueSeverity.Error, 4L, Split, "'v1' was listed in split 'test' on line 1; here it is in 'training'; the record is skipped."),
                (VideoIssueCodes.ConflictingSplit, IssueSeverity.Error, 5L, Split, "'v2' was listed in split 'training' on line 2; here it is in '(none)'; the record is skipped."),
            },
            log.Issues.Select(i => (i.Code, i.Severity, i.Line, i.Field, i.Message)).ToArray());

        // CSV: a row an annotation, so a video's rows are no repeats; a row under another split is skipped.
        var csv = files.Write("gt.csv", "test,gs://b/a.mp4,cooking,0,1", "test,gs://b/a.mp4,dancing,1,2", "training,gs://b/a.mp4,running,0,1");
        var csvLog = new IssueLog();

        var fromCsv = VideoGroundTruthReader.Read(csv, "test", csvLog);

        Assert.Equal(new[] { "cooking", "dancing" }, fromCsv.Videos["gs://b/a.mp4"].Select(a => a.Label));
        Assert.Equal(new[] { (VideoIssueCodes.ConflictingSplit, 3L, "ML_USE") }, csvLog.Issues.Select(i => (i.Code, i.Line, i.Field)).ToArray());
    }

    [Fact]
    public void GroundTruthWithNothingInTheSplitIsUnusable()
    {
        using var files = new TempFiles();
        var path = files.Write("gt.jsonl", Annotated("v1", "training", Annotation("cooking", "0", "1")));

        var error = Assert.Throws<InputFormatException>(() => VideoGroundTruthReader.Read(path, "test", new IssueLog()));

        Assert.Contains("split 'test'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 of other splits", error.Message, StringComparison.Ordinal);
    }

    internal static string Entry(string label, string type, string start, string end, string confidence) =>
        $"{{\"id\":\"0\",\"displayName\":\"{label}\",\"type\":\"{type}\",\"timeSegmentStart\":{start},\"timeSegmentEnd\":{end},\"confidence\":{confidence}}}";

    [Fact]
    public void PredictionReaderSkipsBadLinesAndEntriesAndSaysWhere()
    {
        using var files = new TempFiles();
        const string Segment = "segment-classification";
        var path = files.Write(
            "p.jsonl",
            "{\"instance\":{\"content\":\"v1\",\"timeSegmentStart\":\"1s\",\"timeSegmentEnd\":\"3s\"},\"prediction\":["
                + Entry("cooking", Segment, "\"1s\"", "\"3s\"", "0.25") + ","
                + Entry("dancing", Segment, "\"1s\"", "\"3s\"", "1.5") + ","
                + "{\"displayName\":\"x\",\"confidence\":0.5},"
                + Entry("running", Segment, "\"1,5s\"", "\"3s\"", "0.5") + ","
                + Entry("reading", Segment, "\"3s\"", "\"1s\"", "0.5") + ","
                + "{\"displayName\":\"talking\",\"type\":\"segment-classification\",\"confidence\":0.75}]}",
            "{\"instance\":{\"mimeType\":\"video/mp4\"},\"prediction\":[]}",
            "{\"instance\":{\"content\":\"v2\",\"timeSegmentEnd\":\"later\"},\"prediction\":[]}",
            "{\"instance\":{\"content\":\"v2\"},\"prediction\":{}}",
            "[1,2]");
        var log = new IssueLog();
        var reader = new VideoPredictionReader(path, log);

        var instances = reader.Read().ToArray();

        var instance = Assert.Single(instances);
        Assert.Equal("v1", instance.Video);
        Assert.Equal(1, instance.Line);
        // The kept entries: cooking with its own span, and talking, which has none and takes the instance's.
        Assert.Equal(new[] { ("cooking", 0.25, 0), ("talking", 0.75, 5) }, instance.Scores.Select(s => (s.Label, s.Confidence, s.Index)).ToArray());
        Assert.Equal(instance.Segment, instance.Scores[1].Segment);
        Assert.Equal((5L, 4L, 4L), (reader.Lines, reader.InvalidLines, reader.InvalidEntries));
        Assert.Equal(
            new[]
            {
                (VideoIssueCodes.InvalidScore, 1L, "prediction[1].confidence"),
                (VideoIssueCodes.MissingField, 1L, "prediction[2].type"),
                (VideoIssueCodes.InvalidTime, 1L, "prediction[3].timeSegmentStart"),
                (VideoIssueCodes.ReversedSegment, 1L, "prediction[4].timeSegmentStart,timeSegmentEnd"),
                (VideoIssueCodes.MissingField, 2L, "instance.content"),
                (VideoIssueCodes.InvalidTime, 3L, "instance.timeSegmentEnd"),
                (VideoIssueCodes.MissingField, 4L, "prediction"),
                (VideoIssueCodes.InvalidJson, 5L, ""),
            },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)).ToArray());
    }

    [Theory]
    [InlineData("\"0.5s\"", "\"2s\"", false)]
    [InlineData("\"2s\"", "\"3.001s\"", false)]
    [InlineData("\"5s\"", "\"6s\"", false)]
    [InlineData("\"1s\"", "\"3s\"", true)]
    [InlineData("\"2.5s\"", "\"3s\"", true)]
    // Running to Infinity is not this check's: the item builder reports it (UnboundedSegment).
    [InlineData("\"2s\"", "\"Infinity\"", true)]
    public void AnEntryMustLieWithinItsInstancesSpan(string start, string end, bool kept)
    {
        using var files = new TempFiles();
        var path = files.Write("p.jsonl",
            "{\"instance\":{\"content\":\"v1\",\"timeSegmentStart\":\"1s\",\"timeSegmentEnd\":\"3s\"},\"prediction\":["
                + Entry("cooking", "one-sec-interval-classification", start, end, "0.5") + "]}");
        var log = new IssueLog();
        var reader = new VideoPredictionReader(path, log);

        var instance = Assert.Single(reader.Read());

        Assert.Equal(kept ? 1 : 0, instance.Scores.Count);
        Assert.Equal(kept ? 0 : 1, reader.InvalidEntries);
        Assert.Equal(kept ? Array.Empty<(string, long, string)>() : new[] { (VideoIssueCodes.OutsideInstance, 1L, "prediction[0].timeSegmentStart,timeSegmentEnd") },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)).ToArray());
    }

    [Fact]
    public void AGroundTruthWhoseNameSaysNeitherFormIsReadByItsContent()
    {
        // A name without .csv or .jsonl (a pipe's /dev/fd/63 has none either): CSV lines are read as CSV, as InputFile.IsCsv
        // tells them, not rejected as bad JSON.
        using var files = new TempFiles();
        var path = files.Write("gt.txt", "", "test,gs://b/a.mp4,cooking,0,2.5", "test,gs://b/b.mp4,cooking,0,2.5");
        var log = new IssueLog();

        var truth = VideoGroundTruthReader.Read(path, "test", log);

        Assert.Equal(new[] { "gs://b/a.mp4", "gs://b/b.mp4" }, truth.Videos.Keys.OrderBy(v => v, StringComparer.Ordinal));
        Assert.Equal(new VideoSegment(VideoTime.FromSeconds(0), VideoTime.FromSeconds(2.5)), truth.Videos["gs://b/a.mp4"].Single().Segment);
        Assert.Empty(log.Issues);
        // Given as predictions, the file is told what predictions are (they are JSON Lines only), not how to name a ground truth.
        var predictions = Assert.Throws<InputFormatException>(() => new VideoPredictionReader(path, log).Read().ToArray());
        Assert.Contains("video batch predictions hold one JSON object per line", predictions.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ground truth", predictions.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlocksParsedInParallelGiveTheSequentialReadInFileOrder()
    {
        // The fixture with bad lines spliced in: tiny blocks put nearly every line in its own block, many waves of them.
        using var files = new TempFiles();
        var lines = File.ReadAllLines(Fixture.Path("video", "predictions.segment.jsonl")).ToList();
        lines.Insert(3, "{\"instance\":{\"content\":\"v9\",\"timeSegmentEnd\":\"later\"},\"prediction\":[]}");
        lines.Insert(7, "[1,2]");
        lines.Insert(9, "");
        var path = files.Write("p.jsonl", lines.ToArray());
        string Read(int blockBytes, string file)
        {
            var log = new IssueLog();
            var reader = new VideoPredictionReader(file, log) { BlockBytes = blockBytes };
            var instances = reader.Read().Select(i => $"{i.Video} {i.Segment} {i.Line}: " + string.Join(",", i.Scores.Select(s => $"{s.Label}={s.Confidence:R}@{s.Segment}"))).ToList();
            return string.Join("\n", instances.Concat(log.Issues.Select(i => $"{i.Code} {i.Line} {i.Field} {i.Message}"))) + $"\n{reader.Lines} {reader.InvalidLines} {reader.InvalidEntries}";
        }

        var whole = Read(1 << 22, path);
        Assert.Equal(whole, Read(64, path));
        Assert.Contains("InvalidTime 4 instance.timeSegmentEnd", whole, StringComparison.Ordinal);
        Assert.Contains("InvalidJson 8  Expected a JSON object, found Array; line skipped.", whole, StringComparison.Ordinal);
        // Windows PowerShell 5.1 writes UTF-16 with '>': read as the same text.
        var utf16 = Path.ChangeExtension(path, ".utf16.jsonl");
        File.WriteAllLines(utf16, lines, System.Text.Encoding.Unicode);
        Assert.Equal(whole.Replace(path, utf16, StringComparison.Ordinal), Read(1 << 22, utf16));
    }

    [Fact]
    public void ALaterFieldOfTheSameNameWinsAndFieldOrderDoesNotChangeTheChecks()
    {
        // As JsonDocument.TryGetProperty reads a repeated name: the last one. The prediction list comes first here,
        // yet the instance's missing URI is the line's one error, as when the instance comes first.
        using var files = new TempFiles();
        var path = files.Write(
            "p.jsonl",
            "{\"prediction\":[{\"displayName\":\"a\",\"type\":\"t\",\"confidence\":2}],\"instance\":{\"content\":\"\"}}",
            "{\"instance\":{\"content\":\"v0\",\"content\":\"v1\"},\"prediction\":[{\"displayName\":\"a\",\"type\":\"t\",\"confidence\":2,\"confidence\":0.5}]}");
        var log = new IssueLog();

        var instance = Assert.Single(new VideoPredictionReader(path, log).Read());

        Assert.Equal(("v1", 0.5), (instance.Video, instance.Scores.Single().Confidence));
        Assert.Equal((VideoIssueCodes.MissingField, 1L, "instance.content"), (log.Issues.Single().Code, log.Issues.Single().Line, log.Issues.Single().Field));
    }

    [Fact]
    public void AKeyNearAFieldsNameIsAWarningNamingTheField_AndTheRecordIsReadWithoutIt()
    {
        // Line 1 misspells timeSegmentAnnotations: v1 is read as a video without annotations, as before, but said.
        // Line 2 misspells an annotation's startTime (the span then starts at 0s) and the split key (ml_use ends the
        // real key as a path segment). Line 3's extra keys (timeSegments, mimeType) are near no field: no warning.
        using var files = new TempFiles();
        var path = files.Write(
            "gt.jsonl",
            "{\"videoGcsUri\":\"v1\",\"timeSegmentAnotations\":[" + Annotation("cooking", "\"1s\"", "\"2s\"") + "]}",
            "{\"videoGcsUri\":\"v2\",\"timeSegmentAnnotations\":[" + Annotation("cooking", "\"1s\"", "\"2s\"") + ",{\"displayName\":\"dancing\",\"startTme\":\"3s\",\"endTime\":\"4s\"}],"
                + "\"dataItemResourceLabels\":{\"ml_use\":\"training\"}}",
            "{\"videoGcsUri\":\"v3\",\"timeSegments\":[],\"mimeType\":\"video/mp4\",\"timeSegmentAnnotations\":[" + Annotation("cooking", "\"1s\"", "\"2s\"") + "]}");
        var log = new IssueLog();

        var truth = VideoGroundTruthReader.ReadJsonLines(path, "test", log);

        Assert.Empty(truth.Videos["v1"]);
        Assert.Equal(new VideoSegment(VideoTime.Zero, VideoTime.FromSeconds(4)), truth.Videos["v2"][1].Segment);
        Assert.Equal(
            new[]
            {
                (MisspeltFields.Code, IssueSeverity.Warning, 1L, "timeSegmentAnotations"),
                (MisspeltFields.Code, IssueSeverity.Warning, 2L, "timeSegmentAnnotations[1].startTme"),
                (MisspeltFields.Code, IssueSeverity.Warning, 2L, "dataItemResourceLabels.ml_use"),
            },
            log.Issues.Select(i => (i.Code, i.Severity, i.Line, i.Field)));
        Assert.Equal(
            "'timeSegmentAnotations' is not a field of the record, so it is read without 'timeSegmentAnnotations': the video is read as one without annotations, where no label is true. Near name: timeSegmentAnnotations.",
            log.Issues[0].Message);
        Assert.EndsWith("the span starts at 0s. Near name: startTime.", log.Issues[1].Message, StringComparison.Ordinal);
        Assert.EndsWith("Near name: aiplatform.googleapis.com/ml_use.", log.Issues[2].Message, StringComparison.Ordinal);
        // Nothing is skipped: the counts are those of the file with the keys spelt right but the fields left out.
        Assert.Equal(new VideoGroundTruthCounts(Records: 3, OtherSplitRecords: 0, NoSplitRecords: 3, InvalidRecords: 0, Annotations: 3, InvalidAnnotations: 0), truth.Counts);
    }

    [Fact]
    public void AKeyNearAFieldBesideTheFieldItselfIsSaidToBeIgnored_AndTheFieldIsRead()
    {
        // Line 1 has timeSegmentAnnotations and, after it, a misspelt copy: the annotation is read, so the warning must
        // not say the video was read without annotations. Line 2 has the misspelt copy first, then the field; its one
        // annotation has startTime and a misspelt startTme beside it (read from 1s), and endTme alone (the span runs to
        // the end of the video: that warning keeps the old form).
        using var files = new TempFiles();
        var path = files.Write(
            "gt.jsonl",
            "{\"videoGcsUri\":\"v1\",\"timeSegmentAnnotations\":[" + Annotation("cooking", "\"1s\"", "\"2s\"") + "],\"timeSegmentAnotations\":[]}",
            "{\"videoGcsUri\":\"v2\",\"timeSegmentAnotations\":[],\"timeSegmentAnnotations\":[{\"displayName\":\"dancing\",\"startTme\":\"3s\",\"startTime\":\"1s\",\"endTme\":\"4s\"}]}");
        var log = new IssueLog();

        var truth = VideoGroundTruthReader.ReadJsonLines(path, "test", log);

        Assert.Equal(new VideoSegment(VideoTime.FromSeconds(1), VideoTime.FromSeconds(2)), Assert.Single(truth.Videos["v1"]).Segment);
        Assert.Equal(new VideoSegment(VideoTime.FromSeconds(1), VideoTime.End), Assert.Single(truth.Videos["v2"]).Segment);
        Assert.Equal(
            new[]
            {
                (1L, "timeSegmentAnotations", "'timeSegmentAnotations' is not a field of the record and is ignored; 'timeSegmentAnnotations', which it is near, is there as well and is read."),
                (2L, "timeSegmentAnotations", "'timeSegmentAnotations' is not a field of the record and is ignored; 'timeSegmentAnnotations', which it is near, is there as well and is read."),
                (2L, "timeSegmentAnnotations[0].startTme", "'startTme' is not a field of the record and is ignored; 'startTime', which it is near, is there as well and is read."),
                (2L, "timeSegmentAnnotations[0].endTme", "'endTme' is not a field of the record, so it is read without 'endTime': the span runs to the end of the video. Near name: endTime."),
            },
            log.Issues.Select(i => (i.Line, i.Field, i.Message)));
        Assert.All(log.Issues, i => Assert.Equal((MisspeltFields.Code, IssueSeverity.Warning), (i.Code, i.Severity)));
    }

    [Fact]
    public void APredictionKeyNearAFieldsNameIsAWarningNamingTheField_AndVertexAIsOwnExtraKeysAreNot()
    {
        // Line 1: the instance's timeSegmentStart misspelt (read as the whole video, from 0s), and an entry's
        // timeSegmentEnd misspelt (the entry's span then ends where the instance's does, at 3s); the id and mimeType
        // Vertex AI writes are near no field. Line 2: the prediction list misspelt: the line has no list, an error after
        // the warning. Line 3: an entry's confidence misspelt beside the real one, which is read.
        using var files = new TempFiles();
        const string Segment = "segment-classification";
        var path = files.Write(
            "p.jsonl",
            "{\"instance\":{\"content\":\"v1\",\"mimeType\":\"video/mp4\",\"timeSegmentStrat\":\"1s\",\"timeSegmentEnd\":\"3s\"},\"prediction\":["
                + "{\"id\":\"0\",\"displayName\":\"cooking\",\"type\":\"" + Segment + "\",\"timeSegmentStart\":\"2s\",\"timeSegmentEn\":\"2.5s\",\"confidence\":0.25}]}",
            "{\"instance\":{\"content\":\"v2\"},\"predictions\":[" + Entry("cooking", Segment, "\"0s\"", "\"1s\"", "0.5") + "]}",
            "{\"instance\":{\"content\":\"v3\"},\"prediction\":[{\"displayName\":\"cooking\",\"type\":\"" + Segment + "\",\"confidance\":0.9,\"confidence\":0.75}]}");
        var log = new IssueLog();
        var reader = new VideoPredictionReader(path, log);

        var instances = reader.Read().ToArray();

        Assert.Equal(new[] { "v1", "v3" }, instances.Select(i => i.Video));
        Assert.Equal(new VideoSegment(VideoTime.Zero, VideoTime.FromSeconds(3)), instances[0].Segment);
        Assert.Equal(new VideoSegment(VideoTime.FromSeconds(2), VideoTime.FromSeconds(3)), instances[0].Scores.Single().Segment);
        Assert.Equal(0.75, instances[1].Scores.Single().Confidence);
        Assert.Equal(
            new[]
            {
                (MisspeltFields.Code, 1L, "instance.timeSegmentStrat"),
                (MisspeltFields.Code, 1L, "prediction[0].timeSegmentEn"),
                (MisspeltFields.Code, 2L, "predictions"),
                (VideoIssueCodes.MissingField, 2L, "prediction"),
                (MisspeltFields.Code, 3L, "prediction[0].confidance"),
            },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)));
        Assert.Equal(
            new[]
            {
                "'timeSegmentStrat' is not a field of the record, so it is read without 'timeSegmentStart': the instance starts at 0s. Near name: timeSegmentStart.",
                "'timeSegmentEn' is not a field of the record, so it is read without 'timeSegmentEnd': the entry's span ends where the instance's does. Near name: timeSegmentEnd.",
                "'predictions' is not a field of the record, so it is read without 'prediction': the line has no prediction list. Near name: prediction.",
                "The prediction list is missing or not a list. Line skipped.",
                "'confidance' is not a field of the record and is ignored; 'confidence', which it is near, is there as well and is read.",
            },
            log.Issues.Select(i => i.Message));
    }

    [Fact]
    public void ImagePredictionsAreOneErrorForTheFile_AndAStrayImageLineOneForItsLine()
    {
        // An image classifier's batch predictions (the demo's) given as video predictions: each line was a MissingField
        // error, 20 listed and a count. Its first record now ends the read with one error saying what the file is.
        var images = Fixture.Path("digits", "predictions.test.jsonl");
        var log = new IssueLog();

        var error = Assert.Throws<InputFormatException>(() => new VideoPredictionReader(images, log).Read().ToArray());

        Assert.Equal(("UnexpectedJson", images, 1L, "prediction"), (error.Issue.Code, error.Issue.Source, error.Issue.Line, error.Issue.Field));
        Assert.EndsWith("evaluate it against its image ground truth with --task classification or --task detection (-Task Classification, -Task Detection)", error.Issue.Message, StringComparison.Ordinal);
        Assert.Empty(log.Issues);

        // After a video record, such a line is skipped on its own, as any line without a prediction list.
        using var files = new TempFiles();
        var mixed = files.Write("mixed.jsonl", File.ReadLines(Fixture.Path("video", "predictions.segment.jsonl")).First(), File.ReadLines(images).First());
        var mixedLog = new IssueLog();
        var reader = new VideoPredictionReader(mixed, mixedLog);

        Assert.Single(reader.Read());
        Assert.Equal((1L, 2L), (reader.InvalidLines, reader.Lines));
        Assert.Equal((VideoIssueCodes.MissingField, 2L, "prediction", "The prediction list is missing or not a list. Line skipped."),
            mixedLog.Issues.Select(i => (i.Code, i.Line, i.Field, i.Message)).Single());
    }
}
