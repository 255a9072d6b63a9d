using System.Text;
using AutoMLEval.Engine.Formats;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// CSV records as <see cref="CsvLine.ReadRecords"/> cuts them from its reader's 16 Ki-character buffer: lines handed
/// out in place, and those that cross the buffer's end or end with a CR at its last character gathered across reads.
/// </summary>
public sealed class CsvLineTests
{
    private const int Buffer = 1 << 14;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Records_are_the_lines_TextReader_reads_split_at_commas_wherever_the_buffer_ends(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var endings = new[] { "\n", "\r\n", "\r" };
        while (text.Length < 5 * Buffer)
        {
            // Lengths around the buffer's size and tiny ones, so that line ends and CRLF pairs fall on its edges.
            int length = random.Next(4) switch { 0 => random.Next(0, 3), 1 => random.Next(Buffer - 40, Buffer + 40), _ => random.Next(1, 200) };
            for (int k = 0; k < length; k++) text.Append(random.Next(12) switch { 0 => ',', 1 => ' ', 2 => '\t', _ => (char)('a' + random.Next(26)) });
            text.Append(endings[random.Next(endings.Length)]);
        }

        var expected = new List<(long Line, string[] Fields)>();
        using (var lines = new StringReader(text.ToString()))
        {
            long number = 0;
            for (string? line; (line = lines.ReadLine()) is not null;)
            {
                number++;
                if (line.Trim().Length > 0) expected.Add((number, line.Split(',').Select(f => f.Trim()).ToArray()));
            }
        }
        var records = CsvLine.ReadRecords(new StringReader(text.ToString()), "t.csv").ToList();

        Assert.Equal(expected.Count, records.Count);
        for (int r = 0; r < records.Count; r++)
        {
            Assert.Null(records[r].Error);
            Assert.Equal(expected[r].Line, records[r].Line);
            Assert.Equal(expected[r].Fields, records[r].Fields);
        }
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void A_line_end_on_the_buffer_edge_ends_one_line(string ending)
    {
        // The first line fills the buffer up to its last character, where the line end begins.
        var first = new string('a', Buffer - 1);
        var text = first + ending + "b,c" + ending + ending + "d";

        var records = CsvLine.ReadRecords(new StringReader(text), "t.csv").ToList();

        Assert.Equal(new long[] { 1, 2, 4 }, records.Select(r => r.Line));
        Assert.Equal(new[] { first }, records[0].Fields);
        Assert.Equal(new[] { "b", "c" }, records[1].Fields);
        Assert.Equal(new[] { "d" }, records[2].Fields);
    }

    [Fact]
    public void Quoted_fields_keep_commas_and_doubled_quotes_and_lose_surrounding_spaces()
    {
        var text = "path,label\n\"a, b.png\" , \"say \"\"cat\"\"\"\n \t \nc.png,\"\"\nd.png,\uFFFD\n\" e.png \",\"  dog\"\n";

        var records = CsvLine.ReadRecords(new StringReader(text), "t.csv").ToList();

        Assert.Equal(new long[] { 1, 2, 4, 5, 6 }, records.Select(r => r.Line));
        Assert.Equal(new[] { "a, b.png", "say \"cat\"" }, records[1].Fields);
        Assert.Equal(new[] { "c.png", string.Empty }, records[2].Fields);
        Assert.Equal("the line is not valid UTF-8 text (save the file as UTF-8)", records[3].Error);
        // One rule for every reader: surrounding white space is no part of a label or path, quoted or not (as in JSON).
        Assert.Equal(new[] { "e.png", "dog" }, records[4].Fields);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_quoted_line_break_is_part_of_its_field_and_the_record_is_numbered_by_its_first_line(string ending)
    {
        // As Python's csv and Excel write a path or label holding a line break (RFC 4180); a blank line inside the quotes is kept too.
        var text = string.Join(ending, "test,a.png,cat", "test,\"multi", string.Empty, "line/c.png\",\"dog", "cat\"", "test,d.png,\"\"\"x\"\"", "y\",\"z", "w\"", "test,e.png,dog") + ending;

        var records = CsvLine.ReadRecords(new StringReader(text), "t.csv").ToList();

        Assert.Equal(new long[] { 1, 2, 6, 9 }, records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
        Assert.Equal(new[] { "test", "multi\n\nline/c.png", "dog\ncat" }, records[1].Fields);
        Assert.Equal(new[] { "test", "d.png", "\"x\"\ny", "z\nw" }, records[2].Fields);
        Assert.Equal(new[] { "test", "e.png", "dog" }, records[3].Fields);
    }

    [Fact]
    public void A_quote_left_open_makes_the_rest_of_the_file_one_rejected_record_not_made_up_items()
    {
        var text = "test,a.png,cat\ntest,\"open.png,cat\ntest,b.png,dog\ntest,c.png,dog\n";

        var records = CsvLine.ReadRecords(new StringReader(text), "t.csv").ToList();

        Assert.Equal(new long[] { 1, 2 }, records.Select(r => r.Line));
        Assert.Equal("a quoted field is not closed: the record runs from here to the end of the file (line 4)", records[1].Error);
        Assert.Empty(records[1].Fields);
    }
}
