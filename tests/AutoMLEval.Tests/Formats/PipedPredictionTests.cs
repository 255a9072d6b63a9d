using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// Predictions and embeddings whose names do not say their form (a pipe's <c>/dev/fd/63</c>, a FIFO, <c>scores.txt</c>)
/// are told by their content, as a ground truth is: JSON Lines when the first non-blank character is <c>{</c>, else
/// CSV. CSV ones were read as JSON Lines, every line rejected. FIFOs: Linux only.
/// </summary>
public sealed class PipedPredictionTests : IDisposable
{
    private const string CsvPredictions = "path,cat,dog\na.png,0.25,0.75\nb.png,1,0\n";

    private const string CsvEmbeddings = "path,e0,e1\ny.png,3,4\nx.png,5,6\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Csv_predictions_from_a_pipe_are_read_as_csv()
    {
        if (!OperatingSystem.IsLinux()) return;
        var log = new IssueLog();
        var set = _folder.FromFifo(Encoding.UTF8.GetBytes(CsvPredictions), path => PredictionReader.Read(path, log));
        AssertCsvPredictions(set, log);
    }

    [Fact]
    public void Csv_predictions_named_txt_are_read_as_csv()
    {
        var log = new IssueLog();
        AssertCsvPredictions(PredictionReader.Read(_folder.Write("scores.txt", CsvPredictions), log), log);
    }

    [Fact]
    public void Json_lines_predictions_from_a_pipe_are_read_as_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        // Over 64 KiB: the look's bytes are replayed to the reader, which goes on with the pipe.
        var file = Fixture.Path("digits", "predictions.test.jsonl");
        Assert.True(new FileInfo(file).Length > 1 << 16);
        var log = new IssueLog();
        var piped = _folder.FromFifo(File.ReadAllBytes(file), path => PredictionReader.Read(path, log));
        var expected = PredictionReader.Read(file, new IssueLog());
        Assert.Empty(log.Issues);
        Assert.Equal(540, piped.ItemIds.Count);
        Assert.Equal(expected.ItemIds, piped.ItemIds);
        Assert.Equal(expected.Labels, piped.Labels);
        Assert.Equal(expected.Score(539, 9), piped.Score(539, 9));
    }

    [Fact]
    public void Csv_predictions_after_4_MiB_of_blank_lines_from_a_pipe_are_read_as_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The look for a '{' passed over every blank line, 4 MiB of them, past the 1 MiB a pipe keeps for its reader:
        // the read ended with ReadOnce. A look now reads the first 256 KiB only, which are kept.
        var content = Encoding.UTF8.GetBytes(new string('\n', 4 << 20) + CsvPredictions);
        var log = new IssueLog();
        AssertCsvPredictions(_folder.FromFifo(content, path => PredictionReader.Read(path, log)), log);
        var fileLog = new IssueLog();
        AssertCsvPredictions(PredictionReader.Read(_folder.Write("scores.txt", Encoding.UTF8.GetString(content)), fileLog), fileLog);
    }

    [Fact]
    public void Json_lines_after_the_look_s_256_KiB_of_blank_lines_are_told_csv_from_a_pipe_as_from_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        // A '{' past what a look reads is not seen: the input is told CSV, and a pipe gets the file's error, not ReadOnce.
        var content = Encoding.UTF8.GetBytes(new string('\n', 4 << 20) + "{\"instance\": {\"content\": \"a.png\"}, \"prediction\": {\"displayNames\": [\"cat\"], \"confidences\": [0.5]}}\n");
        var piped = Assert.Throws<InputFormatException>(() => _folder.FromFifo(content, path => PredictionReader.Read(path, new IssueLog())));
        var file = Assert.Throws<InputFormatException>(() => PredictionReader.Read(_folder.Write("scores.txt", Encoding.UTF8.GetString(content)), new IssueLog()));
        Assert.NotEqual("ReadOnce", piped.Issue.Code);
        Assert.Equal((file.Issue.Code, file.Issue.Line, file.Issue.Field), (piped.Issue.Code, piped.Issue.Line, piped.Issue.Field));
    }

    [Fact]
    public void Csv_embeddings_from_a_pipe_are_read_as_csv()
    {
        if (!OperatingSystem.IsLinux()) return;
        var log = new IssueLog();
        var set = _folder.FromFifo(Encoding.UTF8.GetBytes(CsvEmbeddings), path => EmbeddingReader.ReadFiles(new[] { path }, log, DistanceMetric.Euclidean));
        AssertCsvEmbeddings(set, log);
    }

    [Fact]
    public void Csv_embeddings_named_txt_are_read_as_csv_and_json_lines_named_txt_as_json_lines()
    {
        var log = new IssueLog();
        AssertCsvEmbeddings(EmbeddingReader.ReadFiles(new[] { _folder.Write("vectors.txt", CsvEmbeddings) }, log, DistanceMetric.Euclidean), log);
        var jsonl = EmbeddingReader.ReadFiles(new[] { _folder.Write("more.txt", "{\"content\": \"z.png\", \"embedding\": [7, 8]}\n") }, log, DistanceMetric.Euclidean);
        Assert.Empty(log.Issues);
        Assert.Equal(new[] { "z.png" }, jsonl.ItemIds);
        Assert.Equal(new[] { 7f, 8f }, jsonl.VectorAt(0).ToArray());
    }

    private static void AssertCsvPredictions(PredictionSet set, IssueLog log)
    {
        Assert.Empty(log.Issues);
        Assert.Equal(new[] { "cat", "dog" }, set.Labels);
        Assert.Equal(new[] { "a.png", "b.png" }, set.ItemIds);
        Assert.Equal((0.25, 0.75, 1.0, 0.0), (set.Score(0, 0), set.Score(0, 1), set.Score(1, 0), set.Score(1, 1)));
    }

    private static void AssertCsvEmbeddings(EmbeddingSet set, IssueLog log)
    {
        Assert.Empty(log.Issues);
        Assert.Equal(new[] { "y.png", "x.png" }, set.ItemIds);
        Assert.Equal(new[] { 3f, 4f }, set.VectorAt(0).ToArray());
        Assert.Equal(new[] { 5f, 6f }, set.VectorAt(1).ToArray());
    }
}
