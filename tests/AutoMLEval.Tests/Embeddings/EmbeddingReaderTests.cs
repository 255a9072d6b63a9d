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
        var issues = log.Issues;
        Assert.Equal(
            new[] { ("DimensionMismatch", 2L, "embedding"), ("DuplicateItem", 3L, "content"), ("MalformedRecord", 4L, "embedding[1]"), ("MalformedRecord", 5L, "content"), ("MissingField", 6L, "content"), ("NonFiniteEmbedding", 7L, "embedding[0]"), ("MalformedRecord", 8L, "") },
            issues.Select(i => (i.Code, i.Line, i.Field)));
        Assert.All(issues, i => Assert.Equal("e.jsonl", i.Source));
        Assert.Equal(7, builder.RejectedCount);
        var set = builder.Build("e.jsonl");
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
        var (_, log) = ReadJson(text);
        // The element read when the array went wrong: the empty one after 2, the one a cut line's last comma announces,
        // a cut number itself; past the closing bracket, the record is named by its last field.
        Assert.Equal(
            new[] { ("MalformedRecord", 2L, "embedding[2]"), ("MalformedRecord", 3L, "embedding[2]"), ("MalformedRecord", 4L, "embedding[1]"), ("MalformedRecord", 5L, "embedding") },
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
        Assert.Equal(
            new[] { ("NonFiniteEmbedding", 2L, "embedding[0]"), ("MalformedRecord", 3L, "column 3"), ("DimensionMismatch", 4L, "embedding") },
            log.Issues.Select(i => (i.Code, i.Line, i.Field)));
    }

    [Fact]
    public void Build_WithNothingUsable_Throws()
    {
        var (builder, _) = ReadJson("not json\n");
        var error = Assert.Throws<InputFormatException>(() => builder.Build("e.jsonl"));
        Assert.Equal("NoEmbeddings", error.Issue.Code);
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
}
