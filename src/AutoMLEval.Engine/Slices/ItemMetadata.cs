using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Engine.Slices;

/// <summary>
/// Key/value facts about items (camera, site, lighting, …): Vertex AI's <c>dataItemResourceLabels</c> in a JSON Lines
/// import file, or a side CSV whose header's first column names the item path and whose other columns are keys
/// (<c>path,camera,site</c>), or the long form <c>path,key,value</c>.
/// </summary>
public sealed class ItemMetadata
{
    private readonly Dictionary<string, Dictionary<string, string>> _byItem;

    /// <summary>Creates metadata from item → (key → value).</summary>
    public ItemMetadata(IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, string>>> values)
        : this(values.ToDictionary(p => p.Key, p => p.Value.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), StringComparer.Ordinal), skippedRecords: 0, conflictingValues: 0)
    {
    }

    private ItemMetadata(Dictionary<string, Dictionary<string, string>> byItem, int skippedRecords, int conflictingValues, string? source = null)
    {
        _byItem = byItem;
        SkippedRecords = skippedRecords;
        ConflictingValues = conflictingValues;
        Source = source;
        Keys = _byItem.Values.SelectMany(v => v.Keys).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every key, sorted.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>How many items have metadata.</summary>
    public int ItemCount => _byItem.Count;

    /// <summary>Malformed records skipped while reading (each reported as an error naming file, line and field).</summary>
    public int SkippedRecords { get; }

    /// <summary>
    /// Values given again for an item and key with a different value (each reported as a <c>ConflictingMetadata</c>
    /// warning naming the later line); the later value is kept.
    /// </summary>
    public int ConflictingValues { get; }

    /// <summary>The file read; null for metadata made in memory.</summary>
    public string? Source { get; }

    /// <summary>
    /// Checks that a side metadata file names items as the ground truth does, or its rows go unused: none of its items
    /// among <paramref name="evaluated"/> is an error (every item would go without a value), some a warning that counts them.
    /// </summary>
    /// <exception cref="InputFormatException">No evaluated item has metadata (MetadataUnmatched).</exception>
    public void CheckMatches(IReadOnlyList<string> evaluated, IIssueSink sink)
    {
        var items = new HashSet<string>(evaluated, StringComparer.Ordinal);
        var unmatched = _byItem.Keys.Where(id => !items.Contains(id)).ToList();
        if (unmatched.Count == 0) return;
        var source = Source ?? string.Empty;
        if (unmatched.Count == ItemCount)
        {
            throw new InputFormatException("MetadataUnmatched", source, 0, string.Empty, string.Format(CultureInfo.InvariantCulture,
                "none of its {0} items is an evaluated item: it names '{1}', the ground truth '{2}'; write the paths as the ground truth does", ItemCount, unmatched[0], evaluated.Count > 0 ? evaluated[0] : string.Empty));
        }
        sink.Report(new DataIssue("UnmatchedMetadata", IssueSeverity.Warning, source, 0, string.Empty, string.Format(CultureInfo.InvariantCulture,
            "{0} of its {1} {2} not among the {3} (another split, or a path written otherwise; the first is '{4}'); {5} not used",
            unmatched.Count, Counted.Of(ItemCount, "item"), Counted.Verb(unmatched.Count, "is", "are"), Counted.Of(evaluated.Count, "evaluated item"), unmatched[0], Counted.Verb(unmatched.Count, "its row is", "their rows are"))));
    }

    /// <summary>The value of <paramref name="key"/> for an item, or null.</summary>
    public string? ValueOf(string itemId, string key) =>
        _byItem.TryGetValue(itemId, out var values) && values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Reads metadata from a JSON Lines import file (by its .jsonl/.json name) or a CSV.</summary>
    public static ItemMetadata Read(string path, IIssueSink sink) => IsJsonLines(path) ? ReadVertexJsonLines(path, sink) : ReadCsv(path, sink);

    /// <summary>Whether <see cref="Read"/> reads <paramref name="path"/> as a JSON Lines import file (.jsonl or .json, gzipped or not), else as a CSV.</summary>
    public static bool IsJsonLines(string path) => InputFile.HasExtension(path, ".jsonl") || InputFile.HasExtension(path, ".json");

    /// <summary>How many lines <see cref="KeysAtStartOf"/> reads at most: 1,000.</summary>
    public const int KeyProbeLines = 1000;

    /// <summary>How many bytes of a file (decompressed when gzipped) <see cref="KeysAtStartOf"/> reads at most: 1 MiB.</summary>
    public const int KeyProbeBytes = 1 << 20;

    /// <summary>
    /// The keys <paramref name="path"/> names at its start, sorted, as <see cref="Read"/> reads them but from its first
    /// <see cref="KeyProbeLines"/> lines or <see cref="KeyProbeBytes"/> bytes only, whichever ends first: a wide CSV's
    /// header columns but the path (whatever its rows hold), the keys of a long-form CSV's rows (path,key,value) and of a
    /// JSON Lines file's <c>dataItemResourceLabels</c> in those lines. For tab completion, which must not read a large
    /// file at every Tab: a key first named further on is not offered. Bad records go to <paramref name="sink"/>.
    /// </summary>
    public static IReadOnlyList<string> KeysAtStartOf(string path, IIssueSink sink)
    {
        using var start = StartOf(path);
        if (IsJsonLines(path)) return ReadVertexJsonLines(start, path, sink).Keys;
        var metadata = ReadCsv(start, path, sink, out var headerKeys);
        return headerKeys.Concat(metadata.Keys).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToArray();
    }

    // The whole lines of the file's first KeyProbeLines lines or KeyProbeBytes bytes (a line cut by the byte limit is left
    // out: it would not parse), in memory.
    private static MemoryStream StartOf(string path)
    {
        using var stream = InputFile.OpenRead(path);
        var buffer = new byte[KeyProbeBytes];
        int filled = 0, read;
        while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0) filled += read;
        bool whole = filled < buffer.Length || stream.ReadByte() < 0;
        int lineFeeds = 0, end = whole ? filled : 0;
        for (int i = 0; i < filled; i++)
        {
            if (buffer[i] != (byte)'\n' && buffer[i] != (byte)'\r') continue;
            if (!whole) end = i + 1;
            if (buffer[i] == (byte)'\n' && ++lineFeeds == KeyProbeLines)
            {
                end = i + 1;
                break;
            }
        }
        return new MemoryStream(buffer, 0, end, writable: false);
    }

    /// <summary>
    /// Reads every <c>dataItemResourceLabels</c> key of a Vertex AI JSON Lines import file except the split
    /// (<c>aiplatform.googleapis.com/ml_use</c>), keyed by <c>imageGcsUri</c> (or <c>content</c>). Lines that are not
    /// objects with an item path are reported and skipped; the ground-truth reader reports their other faults.
    /// </summary>
    public static ItemMetadata ReadVertexJsonLines(string path, IIssueSink sink)
    {
        // A folder goes on to OpenRead, which says it is not a file.
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"Metadata not found: {path}", path);
        using var stream = InputFile.OpenRead(path);
        return ReadVertexJsonLines(stream, path, sink);
    }

    private static ItemMetadata ReadVertexJsonLines(Stream stream, string path, IIssueSink sink)
    {
        var values = new ValuesRead(path, sink);
        int skipped = 0;
        JsonLines.ForEachLine(stream, path, (lineNumber, line) =>
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line.ToArray());
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                sink.Report(new DataIssue("InvalidJson", IssueSeverity.Error, path, lineNumber, string.Empty, $"not JSON ({JsonLines.FailureReason(e)}); its metadata is skipped"));
                skipped++;
                return;
            }
            if (root.ValueKind != JsonValueKind.Object) return;
            var item = Text(root, "imageGcsUri") ?? Text(root, "content");
            if (item is null || !root.TryGetProperty("dataItemResourceLabels", out var labels) || labels.ValueKind != JsonValueKind.Object) return;
            var entry = values.Of(item);
            foreach (var label in labels.EnumerateObject())
            {
                if (label.Name == SplitKey || label.Value.ValueKind != JsonValueKind.String) continue;
                values.Set(item, entry, label.Name, label.Value.GetString()!, lineNumber, "dataItemResourceLabels." + label.Name);
            }
        });
        return new ItemMetadata(values.ByItem, skipped, values.Conflicts, path);
    }

    private const string SplitKey = Formats.Classification.MlUse.ResourceLabelKey;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// Reads a metadata CSV; a malformed row is reported (file, line) and skipped; a value given again for an item and
    /// key with a different value is the later one, reported (<c>ConflictingMetadata</c>).
    /// </summary>
    public static ItemMetadata ReadCsv(string path, IIssueSink sink)
    {
        // A folder goes on to OpenRead, which says it is not a file.
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"Metadata not found: {path}", path);
        using var stream = InputFile.OpenRead(path);
        return ReadCsv(stream, path, sink, out _);
    }

    // As ReadCsv(path, sink); headerKeys are the keys the header names: a wide CSV's columns but the path, none for the
    // long form (path,key,value), whose keys are in its rows.
    private static ItemMetadata ReadCsv(Stream stream, string path, IIssueSink sink, out IReadOnlyList<string> headerKeys)
    {
        var values = new ValuesRead(path, sink);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        using var records = CsvLine.ReadRecords(reader, path).GetEnumerator();
        if (!records.MoveNext()) throw new InputFormatException("EmptyFile", path, 1, string.Empty, "the metadata file is empty; it needs a header such as path,camera,site");
        var columns = records.Current.Fields.ToArray();
        if (records.Current.Error is not null || columns.Length < 2)
        {
            throw new InputFormatException("MissingField", path, records.Current.Line, string.Empty, "the header needs a path column and at least one key column (path,camera,… or path,key,value)");
        }
        int skipped = 0;
        bool longForm = columns.Length == 3 && columns[1].Equals("key", StringComparison.OrdinalIgnoreCase) && columns[2].Equals("value", StringComparison.OrdinalIgnoreCase);
        headerKeys = longForm ? Array.Empty<string>() : columns.Skip(1).ToArray();
        while (records.MoveNext())
        {
            var record = records.Current;
            var fields = record.Fields;
            if (record.Error is not null || fields.Count != columns.Length || fields[0].Length == 0)
            {
                sink.Report(new DataIssue("InvalidRecord", IssueSeverity.Error, path, record.Line, columns[0],
                    record.Error ?? string.Format(CultureInfo.InvariantCulture, "expected {0} fields with a path first, found {1}; the row is skipped", columns.Length, fields.Count)));
                skipped++;
                continue;
            }
            var item = values.Of(fields[0]);
            if (longForm) values.Set(fields[0], item, fields[1], fields[2], record.Line, columns[2]);
            else for (int c = 1; c < columns.Length; c++) values.Set(fields[0], item, columns[c], fields[c], record.Line, columns[c]);
        }
        return new ItemMetadata(values.ByItem, skipped, values.Conflicts, path);
    }

    /// <summary>
    /// The values of a file as its readers gather them, with the line each came from: an item given a key again with
    /// another value keeps the later one, reported with both lines, as the ground truth's DuplicateItem names the earlier line.
    /// </summary>
    private sealed class ValuesRead
    {
        private readonly string _path;
        private readonly IIssueSink _sink;
        private readonly Dictionary<(string Item, string Key), long> _lines = new();

        public ValuesRead(string path, IIssueSink sink)
        {
            _path = path;
            _sink = sink;
        }

        public Dictionary<string, Dictionary<string, string>> ByItem { get; } = new(StringComparer.Ordinal);

        public int Conflicts { get; private set; }

        public Dictionary<string, string> Of(string item)
        {
            if (!ByItem.TryGetValue(item, out var values)) ByItem[item] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            return values;
        }

        public void Set(string item, Dictionary<string, string> values, string key, string value, long line, string field)
        {
            if (values.TryGetValue(key, out var earlier) && !string.Equals(earlier, value, StringComparison.Ordinal))
            {
                Conflicts++;
                _sink.Report(new DataIssue("ConflictingMetadata", IssueSeverity.Warning, _path, line, field, string.Format(CultureInfo.InvariantCulture,
                    "'{0}' has {1} '{2}' on line {3}; here '{4}': the later value, '{4}', is kept", item, key, earlier, _lines[(item, key)], value)));
            }
            values[key] = value;
            _lines[(item, key)] = line;
        }
    }
}
