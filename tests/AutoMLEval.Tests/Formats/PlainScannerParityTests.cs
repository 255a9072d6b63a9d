using System.Globalization;
using System.Text.RegularExpressions;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using Xunit;

namespace AutoMLEval.Tests.Formats;

/// <summary>
/// The plain scanner reads a Vertex line exactly as the <see cref="System.Text.Json.Utf8JsonReader"/> does, whatever the
/// line holds: random records (numbers in every JSON form, ids bare or quoted, names escaped or not, repeated and
/// missing fields, white space anywhere) are read as written, where the plain scanner takes what it can, and again with
/// a member <c>"\u0078": 0</c> put first in each record, whose escape makes the scanner decline every line to the
/// reader. Items, labels, scores (bit for bit) and every issue must be the same; the same for Vertex detection
/// imports and batch predictions (images, categories, boxes and scores bit for bit, counts and issues).
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
        var reader = Read("reader.jsonl", lines.Select(WithEscapeFirst));

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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_detection_line_reads_the_same_whether_the_plain_scanner_or_the_reader_takes_it(int seed)
    {
        var random = new Random(seed);
        var imports = Enumerable.Range(0, 60).Select(i => ImportRecord(i, random)).ToList();
        var predictions = Enumerable.Range(0, 200).Select(_ => DetectionRecord(random)).ToList();

        var plainLog = new IssueLog();
        var plainTruth = VertexObjectDetection.ReadImport(_folder.Write("plain-import.jsonl", string.Join("\n", imports) + "\n"), sink: plainLog);
        var plain = VertexObjectDetection.ReadBatchPredictions(_folder.Write("plain.jsonl", string.Join("\n", predictions) + "\n"), plainTruth, plainLog);
        var readerLog = new IssueLog();
        var readerTruth = VertexObjectDetection.ReadImport(_folder.Write("reader-import.jsonl", string.Join("\n", imports.Select(WithEscapeFirst)) + "\n"), sink: readerLog);
        var reader = VertexObjectDetection.ReadBatchPredictions(_folder.Write("reader.jsonl", string.Join("\n", predictions.Select(WithEscapeFirst)) + "\n"), readerTruth, readerLog);

        Assert.Equal(readerTruth.Images.Select(i => i.FileName), plainTruth.Images.Select(i => i.FileName));
        Assert.Equal(readerTruth.Categories.Select(c => c.Name), plainTruth.Categories.Select(c => c.Name));
        Assert.Equal(Bits(readerTruth.Annotations.Boxes), Bits(plainTruth.Annotations.Boxes));
        Assert.Equal(readerTruth.Annotations.Category, plainTruth.Annotations.Category);
        Assert.Equal((reader.Count, reader.UnknownImageCount, reader.UnknownCategoryCount, reader.InvalidCount, reader.OtherSplitCount),
            (plain.Count, plain.UnknownImageCount, plain.UnknownCategoryCount, plain.InvalidCount, plain.OtherSplitCount));
        Assert.Equal(reader.Objects.Image, plain.Objects.Image);
        Assert.Equal(reader.Objects.Category, plain.Objects.Category);
        Assert.Equal(Bits(reader.Objects.Boxes), Bits(plain.Objects.Boxes));
        Assert.Equal(Bits(reader.Objects.Score), Bits(plain.Objects.Score));
        Assert.Equal(Issues(readerLog, "reader"), Issues(plainLog, "plain"));
        // Boxes outside [0, 1] are said after the evaluation: the same count and first.
        var readerOutside = BoxesOutsideImage.IssueOf(DetectionEvaluator.Evaluate(readerTruth, reader));
        var plainOutside = BoxesOutsideImage.IssueOf(DetectionEvaluator.Evaluate(plainTruth, plain));
        Assert.NotNull(plainOutside);
        Assert.Equal((readerOutside!.Line, readerOutside.Field, readerOutside.Message), (plainOutside.Line, plainOutside.Field, plainOutside.Message));
        Assert.InRange(plain.Count, 20, 2000);
        Assert.InRange(plain.InvalidCount + plain.UnknownCategoryCount, 10, 2000);
    }

    [Fact]
    public void Detection_predictions_read_in_blocks_of_any_size_give_the_same_objects()
    {
        // Blocks of 600 bytes hold a few lines each: the objects of every block are copied to their own stretch of the
        // result in parallel, and lines of unknown images leave unclaimed objects between the claimed ones.
        var random = new Random(4);
        var imports = Enumerable.Range(0, 60).Select(i => ImportRecord(i, random)).ToList();
        var predictions = _folder.Write("blocks.jsonl", string.Join("\n", Enumerable.Range(0, 400).Select(_ => DetectionRecord(random))) + "\n");
        var truth = VertexObjectDetection.ReadImport(_folder.Write("blocks-import.jsonl", string.Join("\n", imports) + "\n"), sink: new IssueLog());
        CocoDetections Read(int blockBytes) => VertexObjectDetection.ReadBatchPredictions(
            predictions, truth, new PredictedImages(truth.ImageNames), new IssueLog(), null, CancellationToken.None, blockBytes);

        var whole = Read(OrderedJsonLines.DefaultBlockBytes);
        var blocks = Read(600);
        Assert.Equal(whole.Objects.Image, blocks.Objects.Image);
        Assert.Equal(whole.Objects.Category, blocks.Objects.Category);
        Assert.Equal(Bits(whole.Objects.Boxes), Bits(blocks.Objects.Boxes));
        Assert.Equal(Bits(whole.Objects.Score), Bits(blocks.Objects.Score));
        Assert.Equal(whole.Objects.Id, blocks.Objects.Id);
        Assert.Equal(Enumerable.Range(1, whole.Count).Select(i => (long)i), whole.Objects.Id);
        Assert.InRange(whole.Count, 20, 2000);
        Assert.InRange(whole.UnknownImageCount, 10, 2000);
    }

    // Bytes that are not text, written in place of {XX} marks: inside strings the scanner reads (paths, labels it does
    // not know) and outside them; beside them text the scanner must still take (other scripts, a known label in one).
    private static readonly string[] NotTextLines =
    {
        "{\"instance\": {\"content\": \"images/猫/1.png\"}, \"prediction\": {\"displayNames\": [\"猫\", \"dog\"], \"confidences\": [0.25, 0.75]}}",
        "{\"instance\": {\"content\": \"images/{FF}2.png\"}, \"prediction\": {\"displayNames\": [\"cat\", \"dog\"], \"confidences\": [0.25, 0.75]}}",
        "{\"instance\": {\"content\": \"images/{E4}{B8}3.png\"}, \"prediction\": {\"displayNames\": [\"cat\", \"dog\"], \"confidences\": [0.25, 0.75]}}",
        "{\"instance\": {\"content\": \"images/{EF}{BF}{BD}4.png\"}, \"prediction\": {\"displayNames\": [\"cat\", \"dog\"], \"confidences\": [0.25, 0.75]}}",
        "{\"instance\": {\"content\": \"images/{C0}{AF}5.png\"}, \"prediction\": {\"displayNames\": [\"cat\", \"dog\"], \"confidences\": [0.25, 0.75]}}",
        "{\"instance\": {\"content\": \"images/6.png\"}, \"prediction\": {\"displayNames\": [\"cat\", \"d{FF}g\"], \"confidences\": [0.25, 0.75]}}",
        "{\"instance\": {\"content\": \"images/7.png\"}, \"prediction\": {\"displayNames\": [\"cat\", \"dog\"], \"confidences\": [0.25, {FF}0.75]}}",
        "{\"instance\": {\"content\": \"images/8.png\"}, \"extra\": \"{ED}{A0}{80}\", \"prediction\": {\"displayNames\": [\"cat\", \"dog\"], \"confidences\": [0.25, 0.75]}}",
        "{\"instance\": {\"content\": \"images/9.png\"}, \"prediction\": {\"displayNames\": [\"cat\", \"dog\"], \"confidences\": [0.25, 0.75]}}",
    };

    [Fact]
    public void A_line_that_is_not_text_reads_the_same_whether_the_plain_scanner_or_the_reader_takes_it()
    {
        var log = new IssueLog();
        var plain = PredictionReader.Read(WriteBytes("plain-bytes.jsonl", NotTextLines), log);
        var readerLog = new IssueLog();
        var reader = PredictionReader.Read(WriteBytes("reader-bytes.jsonl", NotTextLines.Select(WithEscapeFirst)), readerLog);

        Assert.Equal(reader.ItemIds, plain.ItemIds);
        Assert.Equal(new[] { "images/猫/1.png", "images/\uFFFD4.png", "images/8.png", "images/9.png" }, plain.ItemIds);
        Assert.Equal(reader.Labels, plain.Labels);
        Assert.Equal(5, plain.SkippedRecords);
        Assert.Equal(
            readerLog.Issues.Select(i => $"{i.Code} {i.Line}: {BytePosition.Replace(i.Message, "byte #")}").Select(m => m.Replace("reader-bytes", "FILE", StringComparison.Ordinal)),
            log.Issues.Select(i => $"{i.Code} {i.Line}: {BytePosition.Replace(i.Message, "byte #")}").Select(m => m.Replace("plain-bytes", "FILE", StringComparison.Ordinal)));
        // The reader checks what it decodes: bytes that are not text in a member it skips, and U+FFFD itself, pass.
        Assert.Equal(new long[] { 2, 3, 5, 6, 7 }, log.Issues.Where(i => i.Code == "InvalidJson").Select(i => i.Line));
    }

    [Fact]
    public void A_detection_line_that_is_not_text_reads_the_same_whether_the_plain_scanner_or_the_reader_takes_it()
    {
        const string Box = "\"bboxes\": [[0.1, 0.5, 0.1, 0.5]]";
        var imports = new[]
        {
            "{\"imageGcsUri\": \"gs://b/猫.png\", \"boundingBoxAnnotations\": [{\"displayName\": \"猫\", \"xMin\": 0.1, \"yMin\": 0.1, \"xMax\": 0.5, \"yMax\": 0.5}], \"dataItemResourceLabels\": {\"aiplatform.googleapis.com/ml_use\": \"test\"}}",
            "{\"imageGcsUri\": \"gs://b/{FF}.png\", \"boundingBoxAnnotations\": [], \"dataItemResourceLabels\": {\"aiplatform.googleapis.com/ml_use\": \"test\"}}",
            "{\"imageGcsUri\": \"gs://b/2.png\", \"boundingBoxAnnotations\": [{\"displayName\": \"d{EF}{BF}{BD}g\", \"xMin\": 0.1, \"yMin\": 0.1, \"xMax\": 0.5, \"yMax\": 0.5}], \"dataItemResourceLabels\": {\"aiplatform.googleapis.com/ml_use\": \"test\"}}",
        };
        var predictions = new[]
        {
            $"{{\"instance\": {{\"content\": \"gs://b/猫.png\"}}, \"prediction\": {{\"displayNames\": [\"猫\"], \"confidences\": [0.9], {Box}}}}}",
            $"{{\"instance\": {{\"content\": \"gs://b/猫.png\"}}, \"prediction\": {{\"displayNames\": [\"{{E4}}{{B8}}\"], \"confidences\": [0.9], {Box}}}}}",
            $"{{\"instance\": {{\"content\": \"gs://b/{{C0}}{{AF}}.png\"}}, \"prediction\": {{\"displayNames\": [\"猫\"], \"confidences\": [0.9], {Box}}}}}",
        };

        var plainLog = new IssueLog();
        var plainTruth = VertexObjectDetection.ReadImport(WriteBytes("plain-import.jsonl", imports), sink: plainLog);
        var plain = VertexObjectDetection.ReadBatchPredictions(WriteBytes("plain.jsonl", predictions), plainTruth, plainLog);
        var readerLog = new IssueLog();
        var readerTruth = VertexObjectDetection.ReadImport(WriteBytes("reader-import.jsonl", imports.Select(WithEscapeFirst)), sink: readerLog);
        var reader = VertexObjectDetection.ReadBatchPredictions(WriteBytes("reader.jsonl", predictions.Select(WithEscapeFirst)), readerTruth, readerLog);

        Assert.Equal(new[] { "gs://b/猫.png" }, plainTruth.Images.Select(i => i.FileName));
        Assert.Equal(readerTruth.Images.Select(i => i.FileName), plainTruth.Images.Select(i => i.FileName));
        Assert.Equal((reader.Count, reader.InvalidCount), (plain.Count, plain.InvalidCount));
        Assert.Equal(1, plain.Count);
        Assert.Equal(Issues(readerLog, "reader"), Issues(plainLog, "plain"));
        Assert.Equal(4, plainLog.Issues.Count(i => i.Message.Contains("not valid UTF-8", StringComparison.Ordinal)));
    }

    // The lines as UTF-8, each {XX} mark replaced by the byte 0xXX.
    private string WriteBytes(string name, IEnumerable<string> lines)
    {
        var text = string.Join("\n", lines) + "\n";
        var bytes = new List<byte>();
        for (int at = 0; at < text.Length;)
        {
            if (text[at] == '{' && at + 3 < text.Length && text[at + 3] == '}' && Uri.IsHexDigit(text[at + 1]) && Uri.IsHexDigit(text[at + 2]))
            {
                bytes.Add(byte.Parse(text.AsSpan(at + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                at += 4;
                continue;
            }
            int next = text.IndexOf('{', at + 1);
            if (next < 0) next = text.Length;
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text.Substring(at, next - at)));
            at = next;
        }
        var path = Path.Combine(_folder.Root, name);
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    // An escaped member first: the plain scanner declines the line, and the Utf8JsonReader reads all of it.
    private static string WithEscapeFirst(string line) => string.Concat("{\"\\u0078\": 0, ", line.AsSpan(1));

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static string[] Issues(IssueLog log, string fileStem) =>
        log.Issues.Select(i => $"{i.Severity} {i.Code} {i.Line} {i.Field}: {BytePosition.Replace(i.Message, "byte #")}".Replace(fileStem, "FILE", StringComparison.Ordinal)).ToArray();

    // An import line: a few boxes on image i, corners in every number form now and then.
    private static string ImportRecord(int image, Random random)
    {
        var boxes = Enumerable.Range(0, 1 + random.Next(3)).Select(_ =>
            $"{{\"displayName\": \"{Names[random.Next(Names.Length)]}\", \"xMin\": {Corner(random, low: true)}, \"yMin\": {Corner(random, low: true)}, \"xMax\": {Corner(random, low: false)}, \"yMax\": {Corner(random, low: false)}}}");
        return $"{{\"imageGcsUri\": \"gs://b/img{image}.png\", \"boundingBoxAnnotations\": [{string.Join(Separator(random), boxes)}], \"dataItemResourceLabels\": {{\"aiplatform.googleapis.com/ml_use\": \"test\"}}}}";
    }

    // A batch-prediction line: boxes [xMin, xMax, yMin, yMax] for images of the import and a few others.
    private static string DetectionRecord(Random random)
    {
        int count = random.Next(5);
        var names = Enumerable.Range(0, count).Select(_ => "\"" + Names[random.Next(Names.Length)] + "\"");
        var scores = Enumerable.Range(0, count).Select(_ => random.Next(6) == 0 ? Number(random) : ((float)random.NextDouble()).ToString("G9", CultureInfo.InvariantCulture));
        var boxes = Enumerable.Range(0, count).Select(_ => "[" + string.Join(", ", Enumerable.Range(0, random.Next(12) == 0 ? 3 : 4).Select(k => Corner(random, low: k % 2 == 0))) + "]");
        var prediction = new List<string>
        {
            $"\"displayNames\": [{string.Join(", ", names)}]",
            $"\"confidences\": [{string.Join(", ", scores)}]",
            $"\"bboxes\": [{string.Join(Separator(random), boxes)}]",
        };
        if (random.Next(12) == 0) prediction.Add(prediction[random.Next(prediction.Count)]);
        if (random.Next(12) == 0) prediction.RemoveAt(random.Next(prediction.Count));
        var members = new List<string>
        {
            $"\"instance\": {{\"content\": \"gs://b/img{random.Next(70)}.png\"}}",
            $"\"prediction\": {{{string.Join(Separator(random), prediction.OrderBy(_ => random.Next(3)))}}}",
        };
        return "{" + string.Join(Separator(random), members.OrderBy(_ => random.Next(3))) + "}";
    }

    // A low corner (xMin, yMin) below one half, a high one above, in various forms; now and then one out of range or not a number.
    private static string Corner(Random random, bool low) => random.Next(60) switch
    {
        0 => low ? "0" : "1",
        1 => "1.5",
        2 => "-0.25",
        3 => "\"0.5\"",
        4 => low ? "25e-2" : "7.5E-1",
        5 => low ? "0.0000000000000000000012345678901234567" : "0.99999999999999999999",
        _ => ((low ? 0 : 0.5) + (random.NextDouble() / 2)).ToString("0.######", CultureInfo.InvariantCulture),
    };

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

    private static string Id(int label, Random random) => random.Next(14) switch
    {
        // Vertex AI's label ids: 19-digit strings, and one beyond a long.
        12 => $"\"{7_940_209_837_593_608_000 + label}\"",
        13 => $"\"{9_223_372_036_854_775_800UL + (ulong)label}\"",
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
