using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>Cutting files into blocks of whole lines must not change a single line or line number.</summary>
public sealed class JsonLinesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(1 << 20)]
    public void Blocks_of_any_size_give_back_every_line_with_its_number(int blockBytes)
    {
        var random = new Random(blockBytes);
        var lines = Enumerable.Range(0, 300).Select(i => i % 17 == 0 ? string.Empty : new string((char)('a' + (i % 26)), random.Next(1, 150))).ToArray();
        // Every line ending a reader meets: LF, CRLF and a lone CR (old Mac, or a file cut on a CR), mixed.
        var endings = new[] { "\n", "\r\n", "\r" };
        var text = new StringBuilder("\uFEFF");
        foreach (var line in lines)
        {
            // An empty line ended by LF right after a lone CR would be one CRLF: the text itself would say otherwise.
            var ending = endings[random.Next(3)];
            if (line.Length == 0 && text[text.Length - 1] == '\r' && ending == "\n") ending = "\r";
            text.Append(line).Append(ending);
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        var seen = new List<(long, string)>();
        foreach (var block in JsonLines.ReadBlocks(stream, blockBytes, "test.jsonl"))
        {
            JsonLines.ForEachLine(block.Bytes.AsSpan(0, block.Length), block.FirstLine, (n, line) => seen.Add((n, Encoding.UTF8.GetString(line.ToArray()))));
            block.Return();
        }
        var expected = lines.Select((l, i) => ((long)(i + 1), l)).Where(p => p.l.Length > 0).ToList();
        Assert.Equal(expected, seen);
    }

    /// <summary>
    /// A block's line endings are counted 32 bytes at a time where no CR is in it: every length up to 300 bytes (whole
    /// vectors and every tail), with no line end, LF only, and a CR, a CRLF or a CR as the last byte put at every
    /// place, against the definition (every LF, and every CR not followed by an LF) counted byte by byte.
    /// </summary>
    [Fact]
    public void Line_ends_are_counted_as_defined_for_every_length_and_place_of_a_cr()
    {
        var random = new Random(5);
        for (int length = 0; length <= 300; length++)
        {
            var text = new byte[length];
            for (int k = 0; k < length; k++) text[k] = random.Next(8) == 0 ? (byte)'\n' : (byte)'a';
            Assert.Equal(LineEndsByDefinition(text), JsonLines.CountLineEnds(text, length));
            for (int at = 0; at < length; at++)
            {
                foreach (var ending in new[] { "\r", "\r\n" })
                {
                    var withCr = (byte[])text.Clone();
                    for (int k = 0; k < ending.Length && at + k < length; k++) withCr[at + k] = (byte)ending[k];
                    Assert.Equal(LineEndsByDefinition(withCr), JsonLines.CountLineEnds(withCr, length));
                }
            }
        }
    }

    /// <summary>
    /// The reading thread counts a block's line feeds read by read (256 KiB each), and leaves a block with a CR to be
    /// counted when it is cut: files of several reads a block with LF endings only, with one CRLF or lone CR put at a
    /// read's last byte, and with a CR in the rest carried to the next block, number every line as one read would.
    /// </summary>
    [Theory]
    [InlineData("\n", 1000)]
    [InlineData("\r\n", (1 << 18) - 1)]
    [InlineData("\r", (1 << 18) - 1)]
    [InlineData("\r", (1 << 20) - 1)]
    [InlineData("\r\n", (3 << 18) + 5)]
    public void Line_numbers_stay_exact_across_the_reads_of_a_block(string ending, int at)
    {
        var random = new Random(at);
        var text = new StringBuilder();
        while (text.Length < at - 300) text.Append('x', random.Next(0, 300)).Append('\n');
        // The one line ending of its kind begins at byte `at`: a read's or a block's last byte, or within a read.
        text.Append('x', at - text.Length).Append(ending);
        while (text.Length < 3 << 20) text.Append('x', random.Next(0, 300)).Append('\n');
        var expected = text.ToString().Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')
            .Select((line, k) => (Line: (long)(k + 1), Text: line)).Where(l => l.Text.Length > 0).ToList();
        foreach (int blockBytes in new[] { 1 << 20, (1 << 19) + 3 })
        {
            using var stream = new MemoryStream(Encoding.ASCII.GetBytes(text.ToString()));
            var seen = new List<(long, string)>();
            foreach (var block in JsonLines.ReadBlocks(stream, blockBytes, "test.jsonl"))
            {
                JsonLines.ForEachLine(block.Bytes.AsSpan(0, block.Length), block.FirstLine, (n, line) => seen.Add((n, Encoding.ASCII.GetString(line.ToArray()))));
                block.Return();
            }
            Assert.Equal(expected, seen);
        }
    }

    private static long LineEndsByDefinition(byte[] text)
    {
        long count = 0;
        for (int k = 0; k < text.Length; k++)
        {
            if (text[k] == (byte)'\n' || (text[k] == (byte)'\r' && (k + 1 == text.Length || text[k + 1] != (byte)'\n'))) count++;
        }
        return count;
    }

    /// <summary>
    /// The parallel reader parses waves of 2 × cores blocks; it crashed ("Index was out of range") when the block
    /// count was a whole number of waves, because it then sized an empty last wave from its first block. Every
    /// record count from 1 to 90 over block sizes of about one to twelve records gives every block count up to 90,
    /// so every whole number of waves on any machine up to 45 cores, and records cut at every offset.
    /// </summary>
    [Fact]
    public void Every_record_count_and_block_size_reads_the_same_as_one_block()
    {
        var random = new Random(11);
        var endings = new[] { "\n", "\r\n", "\r" };
        var records = Enumerable.Range(0, 90).Select(i =>
            $"{{\"instance\":{{\"content\":\"{i}.png\"}},\"prediction\":{{\"displayNames\":[\"a\",\"b\"],\"confidences\":[{i / 100.0:R},0.5]}}}}" + endings[random.Next(3)]).ToArray();
        foreach (var count in Enumerable.Range(1, records.Length))
        {
            var path = _folder.Write($"p{count}.jsonl", string.Concat(records.Take(count)));
            var one = PredictionReader.Read(path, new IssueLog(), 1 << 20);
            Assert.Equal(count, one.ItemIds.Count);
            foreach (var blockBytes in new[] { 100, 128, 150, 256, 333, 1024 })
            {
                var log = new IssueLog();
                var many = PredictionReader.Read(path, log, blockBytes);
                Assert.Empty(log.Issues);
                Assert.Equal(one.ItemIds, many.ItemIds);
                Assert.Equal(one.Lines, many.Lines);
                Assert.Equal(one.Labels, many.Labels);
                for (int r = 0; r < count; r++) Assert.Equal((one.Score(r, 0), one.Score(r, 1)), (many.Score(r, 0), many.Score(r, 1)));
            }
        }
    }

    [Fact]
    public void Parallel_block_parsing_equals_one_block_including_issues_duplicates_and_late_labels()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            // A new label "late" appears only from item 150 on; item 7 repeats at line 181; line 100 is broken.
            var late = i >= 150 ? ",\"late\"" : string.Empty;
            var lateScore = i >= 150 ? ",0.25" : string.Empty;
            var item = i == 180 ? 7 : i;
            text.Append(i == 99
                ? "{broken\n"
                : $"{{\"instance\":{{\"content\":\"{item}.png\"}},\"prediction\":{{\"displayNames\":[\"a\",\"b\"{late}],\"confidences\":[0.5,0.125{lateScore}]}}}}\n");
        }
        var path = _folder.Write("p.jsonl", text.ToString());
        var oneLog = new IssueLog();
        var one = PredictionReader.Read(path, oneLog, 1 << 20);
        var manyLog = new IssueLog();
        var many = PredictionReader.Read(path, manyLog, 300);
        Assert.Equal(one.ItemIds, many.ItemIds);
        Assert.Equal(one.Labels, many.Labels);
        Assert.Equal(new[] { "a", "b", "late" }, many.Labels);
        Assert.Equal(one.Lines, many.Lines);
        Assert.Equal(oneLog.Issues, manyLog.Issues);
        Assert.Equal((1, 1), (many.SkippedRecords, many.DuplicateRecords));
        Assert.Equal(100L, manyLog.Issues.Single(i => i.Code == "InvalidJson").Line);
        Assert.Equal(181L, manyLog.Issues.Single(i => i.Code == "DuplicatePrediction").Line);
        for (int r = 0; r < many.ItemIds.Count; r++)
        {
            for (int j = 0; j < 3; j++) Assert.Equal(one.Score(r, j), many.Score(r, j));
        }
        Assert.Equal(0.25, many.Score(many.ItemIds.Count - 1, 2));
        Assert.Equal(0.0, many.Score(0, 2));
        Assert.Equal(one.MissingScores, many.MissingScores);
    }

    [Fact]
    public void An_item_of_the_first_block_repeated_after_the_table_is_sized_for_the_file_is_still_a_repeat()
    {
        // The file's table is sized for the whole file after its first block: the rows read by then must still be found.
        var lines = Enumerable.Range(0, 40).Select(i => $"{{\"instance\":{{\"content\":\"{(i == 39 ? 0 : i)}.png\"}},\"prediction\":{{\"displayNames\":[\"a\",\"b\"],\"confidences\":[0.5,{(i == 39 ? "0.75" : "0.125")}]}}}}");
        var path = _folder.Write("p.jsonl", string.Join("\n", lines) + "\n");
        var log = new IssueLog();

        var set = PredictionReader.Read(path, log, 300);

        Assert.Equal(39, set.ItemIds.Count);
        Assert.Equal(1, set.DuplicateRecords);
        var repeat = Assert.Single(log.Issues, i => i.Code == "DuplicatePrediction");
        Assert.Equal(40L, repeat.Line);
        Assert.Equal(0.125, set.Score(0, 1));
    }
}
