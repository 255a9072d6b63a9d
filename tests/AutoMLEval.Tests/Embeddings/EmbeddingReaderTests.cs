using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using Xunit;

namespace AutoMLEval.Tests.Embeddings;

public class EmbeddingReaderTests
{
    private static (EmbeddingSetBuilder Builder, IssueLog Log) ReadJson(string text)
    {
        var log = new IssueLog();
        var builder = new EmbeddingSetBuilder(log);
        EmbeddingReader.ReadJsonLines(new MemoryStream(Encoding.UTF8.GetBytes(text)), "e.jsonl", builder);
        return (builder, log);
    }

    [Fact]
    public void JsonLines_ReadsRecordsAndIgnoresOtherProperties()
    {
        var (builder, log) = ReadJson("{\"content\": \"a.png\", \"embedding\": [1, 2.5, -3e-1]}\n\n{\"extra\": {\"x\": [1]}, \"embedding\": [4,5,6], \"content\": \"b.png\"}");
        var set = builder.Build("e.jsonl");
        Assert.Empty(log.Issues);
        Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
        Assert.Equal(new[] { 1f, 2.5f, -0.3f }, set.VectorAt(0).ToArray());
        Assert.Equal(new[] { 4f, 5f, 6f }, set.VectorAt(1).ToArray());
    }

    [Fact]
    public void JsonLines_ReportsEachBadLineWithLineAndField()
    {
        var text = string.Join("\n",
            "{\"content\": \"a.png\", \"embedding\": [1, 2]}",
            "{\"content\": \"b.png\", \"embedding\": [1, 2, 3]}",
            "{\"content\": \"a.png\", \"embedding\": [3, 4]}",
            "{\"content\": \"c.png\", \"embedding\": [1, \"x\"]}",
            "{\"content\": \"d.png\"",
            "{\"embedding\": [1, 2]}",
            "{\"content\": \"e.png\", \"embedding\": [1e39, 2]}",
            "[1, 2]");
        var (builder, log) = ReadJson(text);
        var set = builder.Build("e.jsonl");
        // In line order, though a length and a repeated item are known only once every line is read (they came last,
        // and the errors read 4, 5, 6, 7, 8, 2, 3). The codes are every reader's: a line cut short is InvalidJson, a
        // field of the wrong kind, a number beyond a float's range (it was "not a finite number") and JSON that is no
        // object are InvalidRecord (they were MalformedRecord, a code of this reader's only).
        Assert.Equal(
            new[] { ("DimensionMismatch", 2L, "embedding"), ("DuplicateItem", 3L, "content"), ("InvalidRecord", 4L, "embedding[1]"), ("InvalidJson", 5L, "content"), ("MissingField", 6L, "content"), ("InvalidRecord", 7L, "embedding[0]"), ("InvalidRecord", 8L, "") },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)));
        Assert.Equal("1e39 is outside the float32 range (±3.4e38) the embeddings are stored in.", log.Issues[5].Message);
        Assert.All(log.Issues, i => Assert.Equal("e.jsonl", i.Source));
        Assert.Equal(7, builder.RejectedCount);
        Assert.Equal(new[] { "a.png" }, set.ItemIds);
        // The set counts them, for the front ends to show beside their results; a subset was not read.
        Assert.Equal(7, set.SkippedRecords);
        Assert.Equal(0, set.Where(_ => true).SkippedRecords);
    }

    [Fact]
    public void JsonLines_NamesTheElementWhereTheArrayIsDamagedOrCut()
    {
        var text = string.Join("\n",
            "{\"content\": \"a.png\", \"embedding\": [1, 2, 3]}",
            "{\"content\": \"b.png\", \"embedding\": [1, 2,, 3]}",
            "{\"content\": \"c.png\", \"embedding\": [1, 2, ",
            "{\"content\": \"d.png\", \"embedding\": [1, 2.",
            "{\"content\": \"e.png\", \"embedding\": [1, 2, 3]");
        var (builder, log) = ReadJson(text);
        // The issues are reported, in line order, when the set is built.
        builder.Build("e.jsonl");
        // The element read when the array went wrong: the empty one after 2, the one a cut line's last comma announces,
        // a cut number itself; past the closing bracket, the record is named by its last field.
        Assert.Equal(
            new[] { ("InvalidJson", 2L, "embedding[2]"), ("InvalidJson", 3L, "embedding[2]"), ("InvalidJson", 4L, "embedding[1]"), ("InvalidJson", 5L, "embedding") },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)));
    }

    [Theory]
    [InlineData("path,e0,e1\na.png,1,2\n\"b,c.png\",3,4\n")]
    [InlineData("a.png,1,2\n\"b,c.png\",3,4\n")]
    public void Csv_ReadsWithOrWithoutHeader(string text)
    {
        var log = new IssueLog();
        var builder = new EmbeddingSetBuilder(log);
        EmbeddingReader.ReadCsv(new StringReader(text), "e.csv", builder);
        var set = builder.Build("e.csv");
        Assert.Empty(log.Issues);
        Assert.Equal(new[] { "a.png", "b,c.png" }, set.ItemIds);
        Assert.Equal(new[] { 3f, 4f }, set.VectorAt(1).ToArray());
    }

    [Fact]
    public void Csv_RejectsNaNAndBadNumbers()
    {
        var log = new IssueLog();
        var builder = new EmbeddingSetBuilder(log);
        EmbeddingReader.ReadCsv(new StringReader("a.png,1,2\nb.png,NaN,2\nc.png,1,two\nd.png,1\n"), "e.csv", builder);
        // One vector of two values, one of one: a tie, which the length seen first wins.
        Assert.Equal(new[] { "a.png" }, builder.Build("e.csv").ItemIds);
        // A value that is no number is named by its element, as a NaN is (it was 'column 3').
        Assert.Equal(
            new[] { ("NonFiniteEmbedding", 2L, "embedding[0]"), ("InvalidRecord", 3L, "embedding[1]"), ("DimensionMismatch", 4L, "embedding") },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)));
    }

    [Fact]
    public void Csv_ANumberBeyondTheFloatRangeIsOutOfRange_NotInfinite_NorAHeader()
    {
        var log = new IssueLog();
        var builder = new EmbeddingSetBuilder(log);
        // 1e39 and -1e39 are finite numbers that a float cannot hold (they read as infinities); "Infinity" is one. A
        // first line holding 1e39 is a record, not a header.
        EmbeddingReader.ReadCsv(new StringReader("e.png,1e39,2\na.png,1,2\nb.png,1,-1e39\nc.png,Infinity,2\nd.png,3.4e38,2\n\"x.png\",\"1\",\"2\"\n"), "e.csv", builder);
        var set = builder.Build("e.csv");
        Assert.Equal(new[] { "a.png", "d.png", "x.png" }, set.ItemIds);
        Assert.Equal(3.4e38f, set.VectorAt(1)[0]);
        Assert.Equal(
            new[]
            {
                ("InvalidRecord", 1L, "embedding[0]", "1e39 is outside the float32 range (±3.4e38) the embeddings are stored in."),
                ("InvalidRecord", 3L, "embedding[1]", "-1e39 is outside the float32 range (±3.4e38) the embeddings are stored in."),
                ("NonFiniteEmbedding", 4L, "embedding[0]", "Value 0 of item 'c.png' is not a finite number."),
            },
            log.Issues.Select(i => (i.Code, i.Line, i.Field, i.Message)));
        Assert.Equal(3, set.SkippedRecords);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void JsonLines_ADamagedLineIsTheOnlyOneRejected_FirstOrNot(int badLine)
    {
        // Five vectors of three values, one of them cut to two. The first vector read used to fix the dimension, so a
        // cut first line rejected the four good ones after it.
        var lines = Enumerable.Range(1, 5).Select(i => $"{{\"content\": \"{i}.png\", \"embedding\": [{i}, 0, 1]}}").ToArray();
        lines[badLine - 1] = $"{{\"content\": \"{badLine}.png\", \"embedding\": [{badLine}, 0]}}";
        var (builder, log) = ReadJson(string.Join("\n", lines));
        var set = builder.Build("e.jsonl");
        Assert.Equal(3, set.Dimension);
        Assert.Equal(Enumerable.Range(1, 5).Where(i => i != badLine).Select(i => $"{i}.png"), set.ItemIds);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("DimensionMismatch", "e.jsonl", (long)badLine, "embedding"), (issue.Code, issue.Source, issue.Line, issue.Field));
        Assert.Equal($"Item '{badLine}.png' has 2 values; the embeddings have 3 (4 of the 5 vectors read).", issue.Message);
        Assert.Equal(1, set.SkippedRecords);
    }

    [Fact]
    public void Build_TheLengthMostRecordsHaveIsTheDimension_AndAWrongLengthDoesNotClaimItsItem()
    {
        // a.png comes first with a wrong length, then with the right one: the second record is its vector, no duplicate.
        var (builder, log) = ReadJson(string.Join("\n",
            "{\"content\": \"a.png\", \"embedding\": [1]}",
            "{\"content\": \"b.png\", \"embedding\": [1, 2]}",
            "{\"content\": \"a.png\", \"embedding\": [3, 4]}",
            "{\"content\": \"c.png\", \"embedding\": [5, 6]}"));
        var set = builder.Build("e.jsonl");
        // Three vectors of two values, one of one.
        Assert.Equal(2, set.Dimension);
        Assert.Equal(new[] { "b.png", "a.png", "c.png" }, set.ItemIds);
        Assert.Equal(new[] { 3f, 4f }, set.VectorAt(1).ToArray());
        Assert.Equal(new[] { ("DimensionMismatch", 1L) }, log.Issues.Select(i => (i.Code, i.Line)));
    }

    [Fact]
    public void Build_WithNothingUsable_Throws()
    {
        var (builder, log) = ReadJson("not json\n");
        var error = Assert.Throws<InputFormatException>(() => builder.Build("e.jsonl"));
        Assert.Equal("NoEmbeddings", error.Issue.Code);
        // The line's own error is reported first, though no set is built.
        Assert.Equal(new[] { ("InvalidJson", 1L) }, log.Issues.Select(i => (i.Code, i.Line)));
    }

    [Fact]
    public void Build_UnderCosineAZeroVectorIsRejected_UnderEuclideanItIsAPoint()
    {
        // Before: accepted under cosine, at distance 1 from everything (a failed feature extraction writes zeros).
        const string Text = "a.png,1,2\nz.png,0,0\nb.png,0,3\n";
        var log = new IssueLog();
        var cosine = new EmbeddingSetBuilder(log);
        EmbeddingReader.ReadCsv(new StringReader(Text), "e.csv", cosine);
        var set = cosine.Build("e.csv");
        Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("ZeroEmbedding", IssueSeverity.Error, "e.csv", 2L, "embedding"), (issue.Code, issue.Severity, issue.Source, issue.Line, issue.Field));
        Assert.StartsWith("Item 'z.png' has a vector of zeros: it has no direction, so no cosine distance", issue.Message, StringComparison.Ordinal);
        Assert.Equal(1, set.SkippedRecords);

        var euclideanLog = new IssueLog();
        var euclidean = new EmbeddingSetBuilder(euclideanLog, DistanceMetric.Euclidean);
        EmbeddingReader.ReadCsv(new StringReader(Text), "e.csv", euclidean);
        Assert.Equal(new[] { "a.png", "z.png", "b.png" }, euclidean.Build("e.csv").ItemIds);
        Assert.Empty(euclideanLog.Issues);
    }

    [Fact]
    public void Build_KeepsTheRejectionOfEachItemLeftWithoutAVector()
    {
        // Three values is the dimension; b is cut to two, c holds a NaN, d a word, e is rejected once and then read whole,
        // g holds a number beyond float32.
        var log = new IssueLog();
        var builder = new EmbeddingSetBuilder(log);
        EmbeddingReader.ReadCsv(new StringReader("a.png,1,2,3\nb.png,1,2\nc.png,1,NaN,3\nd.png,1,x,3\ne.png,1,2\ne.png,4,5,6\ng.png,1e39,2,3\n"), "/data/e.csv", builder);
        var set = builder.Build("/data/e.csv");
        Assert.Equal(new[] { "a.png", "e.png" }, set.ItemIds);
        // The issues held while reading and those found when building come out in line order.
        Assert.Equal(
            new[] { (2L, "DimensionMismatch"), (3L, "NonFiniteEmbedding"), (4L, "InvalidRecord"), (5L, "DimensionMismatch"), (7L, "InvalidRecord") },
            log.Issues.Select(i => (i.Line, i.Code)).ToArray());
        Assert.Equal(5, set.SkippedRecords);
        Assert.Equal(("InvalidRecord", 7L, "embedding[0]"), (set.RejectionOf("g.png")!.Code, set.RejectionOf("g.png")!.Line, set.RejectionOf("g.png")!.Field));
        Assert.Equal(("DimensionMismatch", 2L), (set.RejectionOf("b.png")!.Code, set.RejectionOf("b.png")!.Line));
        Assert.Equal(("NonFiniteEmbedding", 3L), (set.RejectionOf("c.png")!.Code, set.RejectionOf("c.png")!.Line));
        Assert.Equal(("InvalidRecord", 4L), (set.RejectionOf("d.png")!.Code, set.RejectionOf("d.png")!.Line));
        // e.png has its vector; a.png and an item never read were not rejected.
        Assert.Null(set.RejectionOf("e.png"));
        Assert.Null(set.RejectionOf("a.png"));
        Assert.Null(set.RejectionOf("f.png"));
        Assert.Equal(new[] { "b.png", "d.png" }, set.Rejected(new[] { "b.png", "f.png", "d.png" }));
        Assert.Equal(" (b.png: /data/e.csv:2 DimensionMismatch, c.png: /data/e.csv:3 NonFiniteEmbedding, d.png: /data/e.csv:4 InvalidRecord)", set.RejectionsInParentheses(new[] { "f.png", "b.png", "c.png", "d.png" }));
        // A subset is no reading: it has no rejections.
        Assert.Null(set.Where(_ => true).RejectionOf("b.png"));
    }

    [Fact]
    public void LeftOut_TellsItemsTheFilesDoNotHoldFromRejectedOnes_AndAdvisesOnTheFormerAlone()
    {
        // b.png's record is cut to two values (the dimension is three); f.png and h.png have no record at all, so the
        // advice on their split's files is for them, worded with the front end's option.
        var log = new IssueLog();
        var builder = new EmbeddingSetBuilder(log);
        EmbeddingReader.ReadCsv(new StringReader("a.png,1,2,3\nb.png,1,2\n"), "/data/e.csv", builder);
        var set = builder.Build("/data/e.csv");
        Assert.Equal(
            "2 queries without an embedding (f.png, h.png; give the embedding files of their split too, for example -EmbeddingPath embeddings.*.jsonl) and 1 whose embedding record was rejected (b.png: /data/e.csv:2 DimensionMismatch)",
            set.LeftOut(new[] { "f.png", "b.png", "h.png" }, "query", "queries", "-EmbeddingPath"));
        Assert.Equal("1 item whose embedding record was rejected (b.png: /data/e.csv:2 DimensionMismatch)", set.LeftOut(new[] { "b.png" }, "item", null, "--embeddings"));
        Assert.Equal("1 item without an embedding (f.png; give the embedding files of their split too, for example --embeddings embeddings.*.jsonl)", set.LeftOut(new[] { "f.png" }, "item", null, "--embeddings"));
        Assert.Equal("0 reference items without an embedding", set.LeftOut(Array.Empty<string>(), "reference item", null, "--embeddings"));
    }

    [Fact]
    public void EmbeddingSet_RejectsNonFiniteAndRepeatedIds()
    {
        Assert.Throws<ArgumentException>(() => new EmbeddingSet(new[] { "a" }, new[] { float.NaN }, 1));
        Assert.Throws<ArgumentException>(() => new EmbeddingSet(new[] { "a", "a" }, new[] { 1f, 2f }, 1));
        Assert.Throws<ArgumentException>(() => new EmbeddingSet(new[] { "a" }, new[] { 1f, 2f }, 1));
    }

    [Fact]
    public void ReadFiles_AnItemInTwoFilesIsADuplicate()
    {
        var folder = Path.Combine(Path.GetTempPath(), "automl-eval-embeddings-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var jsonl = Path.Combine(folder, "a.jsonl");
            var csv = Path.Combine(folder, "b.csv");
            File.WriteAllText(jsonl, "{\"content\": \"x.png\", \"embedding\": [1, 2]}\n");
            File.WriteAllText(csv, "path,e0,e1\ny.png,3,4\nx.png,5,6\n");
            var log = new IssueLog();
            var set = EmbeddingReader.ReadFiles(new[] { jsonl, csv }, log);
            Assert.Equal(new[] { "x.png", "y.png" }, set.ItemIds);
            var issue = Assert.Single(log.Issues);
            Assert.Equal(("DuplicateItem", csv, 3L), (issue.Code, issue.Source, issue.Line));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReadFile_AFolderIsNotAFile_AMissingFileIsNotFound()
    {
        var folder = Path.Combine(Path.GetTempPath(), "automl-eval-embeddings-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var asFolder = Assert.Throws<InputFormatException>(() => EmbeddingReader.ReadFile(folder, new EmbeddingSetBuilder(new IssueLog()))).Issue;
            Assert.Equal(("NotAFile", folder), (asFolder.Code, asFolder.Source));
            var missing = Path.Combine(folder, "none.jsonl");
            var notFound = Assert.Throws<InputFormatException>(() => EmbeddingReader.ReadFile(missing, new EmbeddingSetBuilder(new IssueLog()))).Issue;
            Assert.Equal(("FileNotFound", missing), (notFound.Code, notFound.Source));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReadFiles_AnEmptyFileBesideOthersIsAWarningNamingIt_AloneItIsNoEmbeddings()
    {
        var folder = Path.Combine(Path.GetTempPath(), "automl-eval-embeddings-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var full = Path.Combine(folder, "a.jsonl");
            var empty = Path.Combine(folder, "b.jsonl");
            File.WriteAllText(full, "{\"content\": \"x.png\", \"embedding\": [1, 2]}\n");
            File.WriteAllText(empty, "\n");
            var log = new IssueLog();

            var set = EmbeddingReader.ReadFiles(new[] { full, empty }, log);

            Assert.Equal(new[] { "x.png" }, set.ItemIds);
            var issue = Assert.Single(log.Issues);
            Assert.Equal(("EmptyFile", IssueSeverity.Warning, empty, 0L), (issue.Code, issue.Severity, issue.Source, issue.Line));
            var alone = new IssueLog();
            Assert.Equal("NoEmbeddings", Assert.Throws<InputFormatException>(() => EmbeddingReader.ReadFiles(new[] { empty }, alone)).Issue.Code);
            Assert.Empty(alone.Issues);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReadFiles_TheDimensionIsTheOneTheFilesAgreeOn()
    {
        // The first file's only vector is short: it used to fix the dimension and reject the second file's three.
        using var folder = new TempFolder();
        var jsonl = folder.Write("a.jsonl", "{\"content\": \"w.png\", \"embedding\": [1, 2]}\n");
        var csv = folder.Write("b.csv", "path,e0,e1,e2\nx.png,1,2,3\ny.png,4,5,6\nz.png,7,8,9\n");
        var log = new IssueLog();
        var set = EmbeddingReader.ReadFiles(new[] { jsonl, csv }, log);
        Assert.Equal(new[] { "x.png", "y.png", "z.png" }, set.ItemIds);
        Assert.Equal(new[] { 4f, 5f, 6f }, set.VectorAt(1).ToArray());
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("DimensionMismatch", jsonl, 1L, "embedding"), (issue.Code, issue.Source, issue.Line, issue.Field));
    }

    [Fact]
    public void Many_bad_lines_are_held_no_further_than_the_cap_lists_them_and_reported_in_the_same_words()
    {
        // 3,000 lines: every third a NaN (1,000 NonFiniteEmbedding, held when read), every other fifth one value too many
        // (400 DimensionMismatch, found when built), every other seventh all zeros (229 ZeroEmbedding, held), the rest good.
        using var folder = new TempFolder();
        var text = new StringBuilder();
        for (int i = 1; i <= 3000; i++)
        {
            text.Append(i % 3 == 0 ? $"n{i},NaN,1" : i % 5 == 0 ? $"w{i},1,0,1" : i % 7 == 0 ? $"z{i},0,0" : $"g{i},1,0").Append('\n');
        }
        var path = folder.Write("e.csv", text.ToString());

        // What the builder reported when it held every issue: all of them in line order, then capped.
        var all = new IssueLog();
        var holdingAll = new EmbeddingSetBuilder(all);
        EmbeddingReader.ReadFile(path, holdingAll);
        holdingAll.Build(path);
        var expected = new IssueLog();
        using (var capped = new CappedIssueSink(expected))
        {
            foreach (var issue in all.Issues) capped.Report(issue);
        }

        var log = new IssueLog();
        using (var capped = new CappedIssueSink(log))
        {
            var builder = new EmbeddingSetBuilder(capped);
            EmbeddingReader.ReadFile(path, builder);
            // The first 20 NonFiniteEmbedding and the first 20 ZeroEmbedding: the 1,189 after them are only counted.
            Assert.Equal((1229, 2 * CappedIssueSink.PerCode), (builder.RejectedCount, builder.HeldIssueCount));
            Assert.Equal(1629, builder.Build(path).SkippedRecords);
        }

        Assert.Equal(expected.Issues, log.Issues);
        Assert.Equal(3 * (CappedIssueSink.PerCode + 1), log.Issues.Count);
        var nonFinite = log.Issues.Where(i => i.Code == "NonFiniteEmbedding").ToArray();
        Assert.Equal((3L, 60L), (nonFinite[0].Line, nonFinite[CappedIssueSink.PerCode - 1].Line));
        Assert.Equal(
            new[]
            {
                "980 more 'NonFiniteEmbedding' issues like those above are not listed (1000 in all)",
                "380 more 'DimensionMismatch' issues like those above are not listed (400 in all)",
                "209 more 'ZeroEmbedding' issues like those above are not listed (229 in all)",
            },
            log.Issues.Skip(3 * CappedIssueSink.PerCode).Select(i => i.Message));
        // The front end's read (its own capped sink) reports the same.
        var read = new IssueLog();
        EmbeddingReader.ReadFiles(new[] { path }, read);
        Assert.Equal(expected.Issues, read.Issues);
    }
}
