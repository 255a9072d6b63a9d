using AutoMLEval.Engine.Formats;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>
/// Reads embedding files into an <see cref="EmbeddingSetBuilder"/>, one record at a time:
/// <list type="bullet">
/// <item>JSON Lines (<c>.jsonl</c>, <c>.json</c>): one object per line, <c>{"content": PATH, "embedding": [floats]}</c>;
/// other properties are ignored. Each line is parsed with <see cref="Utf8JsonReader"/> straight from the file's bytes.</item>
/// <item>CSV (<c>.csv</c>): <c>path,e0,e1,…</c>, with or without a header line (a first line whose value
/// columns are not all numbers is a header); the path may be quoted (RFC 4180).</item>
/// </list>
/// A malformed record is reported (file, line, field) and skipped; blank lines are ignored.
/// </summary>
public static class EmbeddingReader
{
    /// <summary>
    /// Reads every file into one set; an item present in two files is a <c>DuplicateItem</c> issue. The bytes read are
    /// reported to <paramref name="progress"/>; reading stops (<see cref="OperationCanceledException"/>) once
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="paths">The files, read in order.</param>
    /// <param name="issues">Where rejected records are reported.</param>
    /// <param name="metric">The distance the vectors are for: under cosine a zero vector is rejected (<see cref="EmbeddingSetBuilder(IIssueSink, DistanceMetric)"/>).</param>
    /// <param name="progress">Receives the bytes read.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static EmbeddingSet ReadFiles(IEnumerable<string> paths, IIssueSink issues, DistanceMetric metric = DistanceMetric.Cosine, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var capped = new CappedIssueSink(issues);
        var builder = new EmbeddingSetBuilder(capped, metric);
        var names = paths.ToList();
        foreach (var path in names)
        {
            int before = builder.RecordsRead;
            ReadFile(path, builder, progress, cancellationToken);
            // Alone it is NoEmbeddings; beside other files an empty one (a failed export, a wrong split's file) would pass unsaid.
            if (names.Count > 1 && builder.RecordsRead == before) builder.Report(new DataIssue("EmptyFile", IssueSeverity.Warning, path, 0, string.Empty, "The embeddings file holds no record; it adds no vector."));
        }
        return builder.Build(string.Join(", ", names));
    }

    /// <summary>
    /// Reads one file, CSV or JSON Lines as <see cref="InputFile.IsCsv"/> tells (the name, else the content: a pipe's
    /// <c>/dev/fd/63</c>); reports and stops as <see cref="ReadFiles"/>.
    /// </summary>
    public static void ReadFile(string path, EmbeddingSetBuilder builder, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        // A folder is InputFile's NotAFile, not a file that does not exist.
        if (!File.Exists(path) && !Directory.Exists(path)) throw new InputFormatException("FileNotFound", path, 0, string.Empty, "The embeddings file does not exist.");
        // The look at a pipe's content comes before the read, which replays it.
        bool csv = InputFile.IsCsv(path);
        // JSON Lines' reader checks its first block itself.
        if (csv) InputFile.RefuseBinary(path, path, "InvalidCsv", "embeddings are UTF-8 JSON Lines or CSV");
        using var stream = InputFile.OpenRead(path, progress, cancellationToken);
        if (csv)
        {
            using var reader = InputFile.TextReader(stream);
            ReadCsv(reader, path, builder);
        }
        else
        {
            ReadJsonLines(stream, path, builder);
        }
    }

    /// <summary>Reads JSON Lines records <c>{"content": PATH, "embedding": [floats]}</c> from a stream.</summary>
    public static void ReadJsonLines(Stream stream, string source, EmbeddingSetBuilder builder)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        var values = new List<float>();
        JsonLines.ForEachLine(stream, source, (lineNumber, bytes) =>
        {
            values.Clear();
            string? content = null;
            bool hasEmbedding = false;
            bool inEmbedding = false;
            string field = string.Empty;
            try
            {
                var json = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
                if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
                {
                    builder.Reject("InvalidRecord", source, lineNumber, string.Empty, "The line is not a JSON object.");
                    return;
                }
                while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
                {
                    field = json.GetString() ?? string.Empty;
                    json.Read();
                    if ((field == "content" && content is not null) || (field == "embedding" && hasEmbedding))
                    {
                        throw new FormatException($"\"{field}\" is given twice.");
                    }
                    if (field == "content" && json.TokenType == JsonTokenType.String)
                    {
                        content = json.GetString();
                    }
                    else if (field == "embedding" && json.TokenType == JsonTokenType.StartArray)
                    {
                        hasEmbedding = true;
                        inEmbedding = true;
                        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                        {
                            if (json.TokenType != JsonTokenType.Number) throw new FormatException("The value is not a number.");
                            // A JSON number is finite: one that does not fit a float is out of its range (1e39), not infinite.
                            if (!json.TryGetSingle(out var value) || float.IsInfinity(value))
                            {
                                RejectOutOfRange(builder, source, lineNumber, values.Count, Encoding.UTF8.GetString(json.ValueSpan.ToArray()), content);
                                return;
                            }
                            values.Add(value);
                        }
                        inEmbedding = false;
                    }
                    else if (field is "content" or "embedding")
                    {
                        throw new FormatException(field == "content" ? "Expected a string." : "Expected an array of numbers.");
                    }
                    else
                    {
                        json.Skip();
                    }
                }
                field = string.Empty;
                JsonLines.EndOfRecord(ref json);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                // A line that is not JSON (or holds two records, or a string that is not UTF-8) is InvalidJson; JSON that is
                // no embedding record (a field of the wrong type, or given twice) is InvalidRecord, as every reader names them.
                var code = e is FormatException ? "InvalidRecord" : "InvalidJson";
                // A value of the array, and a line cut or damaged inside it, is named by the element's index, as a
                // non-finite value is ("Value 1 is not a number" read as if 1 were the value; "field 'embedding': byte
                // 3001" left the user counting commas).
                if (inEmbedding) field = ElementField(values.Count);
                builder.Reject(code, source, lineNumber, field, JsonLines.FailureReason(e), content);
                return;
            }
            if (content is null) builder.Reject("MissingField", source, lineNumber, "content", "The record has no \"content\" string.");
            else if (!hasEmbedding) builder.Reject("MissingField", source, lineNumber, "embedding", $"Item '{content}' has no \"embedding\" array.", content);
            else builder.Add(content, values.ToArray(), source, lineNumber);
        });
    }

    /// <summary>Reads CSV records <c>path,e0,e1,…</c> (optional header) from a text reader.</summary>
    public static void ReadCsv(TextReader reader, string source, EmbeddingSetBuilder builder)
    {
        if (reader is null) throw new ArgumentNullException(nameof(reader));
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        var values = new List<float>();
        bool firstRecord = true;
        foreach (var (lineNumber, fields, error) in CsvLine.ReadRecords(reader, source))
        {
            if (error is not null)
            {
                builder.Reject("InvalidCsv", source, lineNumber, string.Empty, error);
                continue;
            }
            values.Clear();
            int bad = -1;
            bool outOfRange = false;
            for (int i = 1; i < fields.Count; i++)
            {
                // .NET Framework fails a number beyond the float range, .NET gives it as infinite: either way it is out of
                // range when the text is a number (with digits), and stays a NaN or infinity the builder rejects when not.
                bool parsed = float.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
                if (!parsed || float.IsInfinity(value))
                {
                    outOfRange = IsNumberOutOfRange(fields[i]);
                    if (!parsed || outOfRange)
                    {
                        bad = i;
                        break;
                    }
                }
                values.Add(value);
            }
            bool header = firstRecord && bad >= 0 && !outOfRange;
            firstRecord = false;
            if (header) continue;
            if (outOfRange)
            {
                RejectOutOfRange(builder, source, lineNumber, bad - 1, fields[bad], fields[0]);
                continue;
            }
            if (bad >= 0)
            {
                // A value is named by its element, as the builder names a NaN (column 3 is embedding[1]).
                builder.Reject("InvalidRecord", source, lineNumber, ElementField(bad - 1), $"'{fields[bad]}' is not a number.", fields[0]);
                continue;
            }
            builder.Add(fields[0], values.ToArray(), source, lineNumber);
        }
    }

    /// <summary>Whether <paramref name="text"/> is a number (it has digits: not NaN nor Infinity) too large for a float.</summary>
    private static bool IsNumberOutOfRange(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return false;
        return double.IsInfinity(value) ? text.Any(char.IsDigit) : Math.Abs(value) > float.MaxValue;
    }

    /// <summary>Rejects the record of <paramref name="itemId"/> (null when not yet read) for a value beyond ±3.4e38: a float, which holds the vectors, cannot hold it.</summary>
    private static void RejectOutOfRange(EmbeddingSetBuilder builder, string source, long line, int element, string text, string? itemId) =>
        builder.Reject("InvalidRecord", source, line, ElementField(element), $"{text} is outside the float32 range (±3.4e38) the embeddings are stored in.", itemId);

    private static string ElementField(int element) => FormattableString.Invariant($"embedding[{element}]");
}
