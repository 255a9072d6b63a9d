using System.Globalization;
using System.Text.RegularExpressions;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// The plain scanner reads a Vertex line exactly as the <see cref="System.Text.Json.Utf8JsonReader"/> does, whatever the
/// line holds: random records (numbers in every JSON form, ids bare or quoted, names escaped or not, repeated and
/// missing fields, white space anywhere) are read as written, where the plain scanner takes what it can, and again with
/// a member <c>"\u0078": 0</c> put first in each record, whose escape makes the scanner decline every line to the
/// reader. Items, labels, scores (bit for bit) and every issue must be the same.
/// </summary>
public sealed class PlainScannerParityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_line_reads_the_same_whether_the_plain_scanner_or_the_reader_takes_it(int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, 400).Select(_ => Record(random)).ToList();
        var plain = Read("plain.jsonl", lines);
        var reader = Read("reader.jsonl", lines.Select(line => "{\"\\u0078\": 0, " + line.Substring(1)));

        Assert.Equal(reader.Set.ItemIds, plain.Set.ItemIds);
        Assert.Equal(reader.Set.Labels, plain.Set.Labels);
        Assert.Equal(reader.Set.SkippedRecords, plain.Set.SkippedRecords);
        for (int row = 0; row < plain.Set.ItemIds.Count; row++)
        {
            for (int label = 0; label < plain.Set.Labels.Count; label++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(reader.Set.Score(row, label)), BitConverter.DoubleToInt64Bits(plain.Set.Score(row, label)));
            }
        }
        Assert.Equal(reader.Issues, plain.Issues);
        // Varied enough that many records are read and many skipped.
        Assert.InRange(plain.Set.ItemIds.Count, 50, 350);
        Assert.InRange(plain.Set.SkippedRecords, 50, 350);
    }

    private (PredictionSet Set, string[] Issues) Read(string name, IEnumerable<string> lines)
    {
        var log = new IssueLog();
        var set = PredictionReader.Read(_folder.Write(name, string.Join("\n", lines) + "\n"), log);
        // Positions in the reader's messages ("byte 113") differ by the member put first; everything else must not.
        return (set, log.Issues.Select(i => $"{i.Severity} {i.Code} {i.Line} {i.Field}: {BytePosition.Replace(i.Message, "byte #")}").ToArray());
    }

    private static readonly Regex BytePosition = new(@"byte \d+", RegexOptions.CultureInvariant);

    // Written between quotes as they are: escapes, and a bare quote (not JSON) that must not match the label a"b.
    private static readonly string[] Names = { "cat", "dog", "猫", "a\\\"b", "a\"b", "c\\u0061t", "bird", "", "x y" };

    // One record: mostly the plain form Vertex writes, with a random departure now and then.
    private static string Record(Random random)
    {
        int count = 1 + random.Next(4);
        var labels = Enumerable.Range(0, count).Select(_ => random.Next(Names.Length)).ToArray();
        var members = new List<string>();
        if (random.Next(20) > 0) members.Add($"\"instance\": {{\"content\": \"images/{random.Next(300)}.png\", \"mimeType\": \"image/png\"}}");
        var prediction = new List<string>();
        if (random.Next(3) > 0) prediction.Add($"\"ids\": [{string.Join(", ", labels.Select(l => Id(l, random)))}]");
        prediction.Add($"\"displayNames\": [{string.Join(", ", labels.Select(l => "\"" + Names[l] + "\""))}]");
        prediction.Add($"\"confidences\": [{string.Join(", ", labels.Select(_ => Number(random)))}]");
        if (random.Next(15) == 0) prediction.Add(prediction[random.Next(prediction.Count)]);
        if (random.Next(15) == 0) prediction.RemoveAt(random.Next(prediction.Count));
        prediction = prediction.OrderBy(_ => random.Next(4)).ToList();
        members.Add($"\"prediction\": {{{string.Join(Separator(random), prediction)}}}");
        if (random.Next(10) == 0) members.Add("\"extra\": [1, {\"a\": null}, true, \"s\"]");
        return "{" + string.Join(Separator(random), members.OrderBy(_ => random.Next(3))) + "}";
    }

    private static string Separator(Random random) => random.Next(4) switch
    {
        0 => ",",
        1 => " ,\t",
        _ => ", ",
    };

    private static string Id(int label, Random random) => random.Next(12) switch
    {
        0 => $"\"{label}\"",
        1 => $"\"00{label}\"",
        2 => "-" + label.ToString(CultureInfo.InvariantCulture),
        3 => label + ".0",
        4 => "1" + new string('0', 18 + random.Next(2)),
        5 => (70_000 + label).ToString(CultureInfo.InvariantCulture),
        6 => "0" + label.ToString(CultureInfo.InvariantCulture),
        _ => label.ToString(CultureInfo.InvariantCulture),
    };

    private static string Number(Random random) => random.Next(16) switch
    {
        0 => "0",
        1 => "1",
        2 => "-0",
        3 => "1e-5",
        4 => "2.5E-1",
        5 => "1.5",
        6 => "\"0.5\"",
        7 => "0.0000000000000000000012345678901234567",
        8 => "0.12345678901234567890123",
        9 => "01",
        10 => "1e400",
        11 => "0." + random.Next(1000).ToString("D3", CultureInfo.InvariantCulture),
        _ => ((float)random.NextDouble()).ToString("G17", CultureInfo.InvariantCulture),
    };
}
