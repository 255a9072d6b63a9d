using System.Globalization;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Reads classification ground truth in every form Vertex AI imports, plus two plain ones:
/// <list type="bullet">
/// <item>CSV without header: <c>[ML_USE,]PATH,LABEL[,LABEL…]</c> (ML_USE training/validation/test or TRAIN/VALIDATION/TEST/UNASSIGNED);</item>
/// <item>CSV with a header naming a <c>path</c> column and a <c>label</c> column (and optionally <c>ml_use</c>);</item>
/// <item>JSON Lines with <c>imageGcsUri</c> (or <c>content</c>), <c>classificationAnnotation</c> or <c>classificationAnnotations</c>, and <c>dataItemResourceLabels."aiplatform.googleapis.com/ml_use"</c>;</item>
/// <item>a folder with one sub-folder of images per label.</item>
/// </list>
/// Bad rows are reported (file, line, field) and skipped; repeated rows of one item are merged and counted.
/// Whether the data is multi-label is decided from all rows together (<see cref="GroundTruthSet.IsMultiLabel"/>),
/// so that one odd row cannot switch the task.
/// </summary>
public static class GroundTruthReader
{
    private const string MlUseKey = MlUse.ResourceLabelKey;
    private static readonly string[] PathColumns = { "path", "content", "image", "imagegcsuri", "file", "filename", "uri", "item" };
    private static readonly string[] LabelColumns = { "label", "labels", "displayname", "class" };

    private const string BoxImportForm = "a Vertex AI bounding-box import ([ML_USE,]PATH,LABEL and eight coordinates)";
    private const string VideoImportForm = "a Vertex AI video classification import ([ML_USE,]VIDEO_URI,LABEL,START,END)";

    /// <summary>
    /// Whether the CSV file at <paramref name="path"/> starts with a header naming a path column (path,label,…); a
    /// Vertex AI CSV of ML_USE,path,label rows has none, so no column a metadata key could name.
    /// </summary>
    internal static bool CsvStartsWithHeader(string path)
    {
        using var reader = InputFile.TextReader(InputFile.OpenToLook(path));
        foreach (var record in CsvLine.ReadRecords(reader, path)) return PathColumnOf(record.Fields) >= 0;
        return false;
    }

    /// <summary>The column of a header row that names the item path, or -1 (not a header).</summary>
    private static int PathColumnOf(IReadOnlyList<string> fields) => fields.ToList().FindIndex(f => PathColumns.Contains(f.Trim().ToLowerInvariant()));

    /// <summary>
    /// Reads the ground truth at <paramref name="path"/> (a file or a folder); a file's bytes read are reported to
    /// <paramref name="progress"/>, and reading stops (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static GroundTruthSet Read(string path, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path)) return LabelFolders.Read(path, sink);
        var builder = ReadFile(path, sink, null, progress, cancellationToken);
        // Building the set (the multi-label decision, the items' index) is a pass over every item.
        cancellationToken.ThrowIfCancellationRequested();
        return builder.Build();
    }

    /// <summary>
    /// Reads the ground truth at <paramref name="path"/> for a shard whose predictions name <paramref name="predictedItems"/>,
    /// evaluated on split <paramref name="mlUse"/>: streams the file and keeps only those items (and the first few
    /// the join reports as rejected), counting the rest (<see cref="GroundTruthFilter"/>), so that memory is the kept
    /// items plus 8 bytes a row. The set's counts, labels, multi-label decision, split size and fingerprint, and every
    /// issue reported, are those of <see cref="Read"/>. A file whose left-out items repeat is read twice. A folder is
    /// read whole.
    /// </summary>
    internal static GroundTruthSet ReadForShard(string path, string mlUse, IEnumerable<string> predictedItems, IIssueSink sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path)) return LabelFolders.Read(path, sink);
        var predicted = predictedItems as IReadOnlyCollection<string> ?? predictedItems.ToArray();
        // Issues wait for the end of the first read: they are reported again by a second one.
        var firstRead = new IssueLog();
        Builder builder;
        try
        {
            builder = ReadFile(path, firstRead, new GroundTruthFilter(mlUse, predicted), progress, cancellationToken);
        }
        catch (InputFormatException)
        {
            firstRead.ReportTo(sink);
            throw;
        }
        var repeated = builder.Filter!.RepeatedPaths();
        if (repeated.Count == 0)
        {
            firstRead.ReportTo(sink);
            return builder.Build();
        }
        return ReadFile(path, sink, new GroundTruthFilter(mlUse, predicted, repeated), progress, cancellationToken).Build();
    }

    private static Builder ReadFile(string path, IIssueSink sink, GroundTruthFilter? filter, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Ground truth not found: {path}", path);
        using var capped = new CappedIssueSink(sink);
        var builder = new Builder(path, capped, filter);
        // The looks come before the read: of a pipe, what they read is kept for it (ReadOnceInput).
        bool json = !InputFile.IsCsv(path);
        InputFile.RefuseBinary(path, builder.Source, json ? "InvalidJson" : "InvalidCsv", "a ground truth is UTF-8 CSV or JSON Lines");
        using (var stream = InputFile.OpenRead(path, progress, cancellationToken))
        {
            if (json) ReadJsonLines(stream, builder, cancellationToken);
            else ReadCsv(stream, builder);
        }
        return builder;
    }

    private static void ReadJsonLines(Stream stream, Builder builder, CancellationToken cancellationToken)
    {
        JsonLines.ForEachLine(stream, builder.Source, (lineNumber, line) =>
        {
            // The stream checks at each 1 MiB block it reads; a block of JSON Lines takes a parse a line, too long to wait for a stop.
            if ((lineNumber & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var document = JsonDocument.Parse(line.ToArray());
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    builder.Skip(lineNumber, string.Empty, "InvalidRecord", "the line is not a JSON object");
                    return;
                }
                NoteMisspeltKeys(root, lineNumber, builder);
                var itemId = StringProperty(root, "imageGcsUri") ?? StringProperty(root, "content");
                if (string.IsNullOrWhiteSpace(itemId))
                {
                    builder.Skip(lineNumber, "imageGcsUri", "MissingField", WhyNoPath(root));
                    return;
                }
                var labels = new List<string>();
                builder.CountJsonRecord();
                if (root.TryGetProperty("classificationAnnotations", out var many))
                {
                    builder.CountMultiLabelRecord();
                    if (many.ValueKind != JsonValueKind.Array)
                    {
                        builder.Reject(itemId!, lineNumber, "classificationAnnotations", "InvalidRecord", "classificationAnnotations must be an array");
                        return;
                    }
                    int k = 0;
                    foreach (var annotation in many.EnumerateArray())
                    {
                        var label = annotation.ValueKind == JsonValueKind.Object ? StringProperty(annotation, "displayName") : null;
                        if (string.IsNullOrWhiteSpace(label))
                        {
                            builder.Reject(itemId!, lineNumber, $"classificationAnnotations[{k}].displayName", "MissingField", WhyNoLabel(annotation, "an annotation"));
                            return;
                        }
                        labels.Add(label!);
                        k++;
                    }
                }
                else if (root.TryGetProperty("classificationAnnotation", out var one))
                {
                    var label = one.ValueKind == JsonValueKind.Object ? StringProperty(one, "displayName") : null;
                    if (string.IsNullOrWhiteSpace(label))
                    {
                        builder.Reject(itemId!, lineNumber, "classificationAnnotation.displayName", "MissingField", WhyNoLabel(one, "the annotation"));
                        return;
                    }
                    labels.Add(label!);
                }
                else
                {
                    builder.Reject(itemId!, lineNumber, "classificationAnnotation", "MissingField", "the record has neither classificationAnnotation nor classificationAnnotations");
                    return;
                }
                string? mlUse = null;
                if (root.TryGetProperty("dataItemResourceLabels", out var resourceLabels) && resourceLabels.ValueKind == JsonValueKind.Object)
                {
                    var text = StringProperty(resourceLabels, MlUseKey);
                    if (text is not null)
                    {
                        mlUse = MlUse.Normalize(text);
                        if (mlUse is null)
                        {
                            builder.Reject(itemId!, lineNumber, $"dataItemResourceLabels.{MlUseKey}", "InvalidMlUse", $"'{text}' is not a split (training, validation, test)");
                            return;
                        }
                    }
                }
                if (RepeatedLabel(labels) is int repeated)
                {
                    builder.Reject(itemId!, lineNumber, $"classificationAnnotations[{repeated}].displayName", "DuplicateLabel", $"the label '{labels[repeated]}' is given twice for one item");
                    return;
                }
                builder.Add(itemId!, labels, mlUse, lineNumber);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                builder.Skip(lineNumber, string.Empty, "InvalidJson", $"the line is not valid JSON ({JsonLines.FailureReason(e)})");
            }
        });
    }

    private static readonly string[] RecordFields = { "imageGcsUri", "content", "classificationAnnotation", "classificationAnnotations", "dataItemResourceLabels" };
    private static readonly string[] AnnotationFields = { "displayName" };
    private static readonly string[] SplitKeys = { MlUseKey };

    // What a record read without the field means, for the warning on a key near its name.
    private static readonly Dictionary<string, string> WithoutField = new(StringComparer.Ordinal)
    {
        ["imageGcsUri"] = "the record has no image unless its content names one",
        ["content"] = "the record has no image unless its imageGcsUri names one",
        ["classificationAnnotation"] = "the record has no label",
        ["classificationAnnotations"] = "the record has no labels",
        ["dataItemResourceLabels"] = "the image has no split, so it is in every split",
        [MlUseKey] = "the image has no split, so it is in every split",
        ["displayName"] = "the annotation has no label",
    };

    /// <summary>Warns of each key of the record, its split labels and its annotations that is near a field's name.</summary>
    private static void NoteMisspeltKeys(JsonElement record, long line, Builder builder)
    {
        NoteMisspeltKeys(record, builder.RecordKeys, string.Empty, line, builder);
        if (record.TryGetProperty("dataItemResourceLabels", out var labels) && labels.ValueKind == JsonValueKind.Object) NoteMisspeltKeys(labels, builder.SplitKeyNames, "dataItemResourceLabels.", line, builder);
        if (record.TryGetProperty("classificationAnnotation", out var one) && one.ValueKind == JsonValueKind.Object) NoteMisspeltKeys(one, builder.AnnotationKeys, "classificationAnnotation.", line, builder);
        if (record.TryGetProperty("classificationAnnotations", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            int k = 0;
            foreach (var annotation in many.EnumerateArray())
            {
                if (annotation.ValueKind == JsonValueKind.Object) NoteMisspeltKeys(annotation, builder.AnnotationKeys, $"classificationAnnotations[{k}].", line, builder);
                k++;
            }
        }
    }

    // The keys of one object near one of its fields; a field itself, and Vertex AI's annotationResourceLabels beside an
    // annotation's displayName, are passed by unsearched.
    private static void NoteMisspeltKeys(JsonElement record, KeysNearFields keys, string parent, long line, Builder builder)
    {
        foreach (var member in record.EnumerateObject())
        {
            if (IsOneOf(member, keys.Fields) || member.NameEquals("annotationResourceLabels")) continue;
            if (keys.Intended(member.Name) is not { } intended) continue;
            var key = new MisspeltKey(parent + member.Name, member.Name, intended) { BesideIntended = record.TryGetProperty(intended, out _) };
            builder.Warn(MisspeltFields.Warning(builder.Source, line, key, WithoutField[intended]));
        }
    }

    private static bool IsOneOf(JsonProperty member, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (member.NameEquals(name)) return true;
        }
        return false;
    }

    private static void ReadCsv(Stream stream, Builder builder)
    {
        using var reader = InputFile.TextReader(stream);
        int pathColumn = -1, labelColumn = -1, mlUseColumn = -1, headerColumns = 0;
        bool headerChecked = false;
        // Whether a first field that is neither a split nor a path is a misspelt ML_USE or a path depends on whether
        // any row of the file names a split: rows without a header wait, from the first such row on, until a row names
        // a split or the file ends (the others go by at once, so that a shard's read holds no rows).
        bool? fileNamesSplits = null;
        var waiting = new List<CsvRecord>();
        // A first row of plain words (no split, nothing like a path: "image_path,class") waits for the second: when
        // that one holds a path, the first is a header whose columns this reader does not know, reported and skipped;
        // read as data it became an item and a label of its own (11 labels for 10, every macro figure lower).
        CsvRecord? firstRow = null;
        void Add(long line, IReadOnlyList<string> row)
        {
            if (fileNamesSplits is null && MlUse.Normalize(row[0]) is not null)
            {
                fileNamesSplits = true;
                AddVertexRows(builder, waiting, true);
            }
            if (fileNamesSplits is null && (waiting.Count > 0 || DependsOnSplits(row))) waiting.Add(new CsvRecord(line, row, null));
            else AddVertexRow(builder, row, line, fileNamesSplits ?? false);
        }
        foreach (var (lineNumber, fields, error) in CsvLine.ReadRecords(reader, builder.Source))
        {
            if (error is not null)
            {
                builder.Skip(lineNumber, string.Empty, "InvalidCsv", error);
                continue;
            }
            if (!headerChecked)
            {
                headerChecked = true;
                pathColumn = PathColumnOf(fields);
                if (pathColumn >= 0)
                {
                    var lower = fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
                    labelColumn = Array.FindIndex(lower, f => LabelColumns.Contains(f));
                    mlUseColumn = Array.FindIndex(lower, f => f is "ml_use" or "mluse" or "split");
                    if (labelColumn < 0)
                    {
                        throw new InputFormatException("MissingColumn", builder.Source, lineNumber, "label", $"the header names a path column but no label column (one of: {string.Join(", ", LabelColumns)})");
                    }
                    CsvLine.RejectRepeatedColumns(lower, builder.Source, lineNumber);
                    headerColumns = fields.Count;
                    continue;
                }
                // Numeric labels of a classification row can look like a video import's times: video is named only with a video file and an ordered segment.
                if (GroundTruthKinds.CsvImportOf(fields) == GroundTruthKind.Detection) builder.NoteImportOfOtherTask(lineNumber, "BoxImportReadAsClassification", BoxImportForm, "coordinates", "detection");
                else if (GroundTruthKinds.IsPlainlyVideoImport(fields)) builder.NoteImportOfOtherTask(lineNumber, "VideoImportReadAsClassification", VideoImportForm, "times", "video");
                if (fields.Count >= 2 && MlUse.Normalize(fields[0]) is null && !fields.Any(LooksLikePath))
                {
                    firstRow = new CsvRecord(lineNumber, fields, null);
                    continue;
                }
            }
            if (pathColumn >= 0)
            {
                AddHeaderRow(builder, fields, lineNumber, headerColumns, pathColumn, labelColumn, mlUseColumn);
                continue;
            }
            if (firstRow is { } first)
            {
                firstRow = null;
                var path = MlUse.Normalize(fields[0]) is not null && fields.Count > 1 ? fields[1] : fields[0];
                if (LooksLikePath(path))
                {
                    builder.Skip(first.Line, "PATH", "UnknownHeader",
                        $"the line looks like a header ({string.Join(", ", first.Fields)}) but names no path column (one of: {string.Join(", ", PathColumns)}); it is skipped, not read as an item");
                }
                else
                {
                    Add(first.Line, first.Fields);
                }
            }
            Add(lineNumber, fields);
        }
        if (firstRow is { } only) Add(only.Line, only.Fields);
        AddVertexRows(builder, waiting, false);
    }

    private static void AddVertexRows(Builder builder, List<CsvRecord> rows, bool fileNamesSplits)
    {
        foreach (var row in rows) AddVertexRow(builder, row.Fields, row.Line, fileNamesSplits);
        rows.Clear();
    }

    /// <summary>Whether <see cref="AddVertexRow"/> reads the row differently when other rows name splits.</summary>
    private static bool DependsOnSplits(IReadOnlyList<string> fields) => MlUse.Normalize(fields[0]) is null && fields.Count > 2 && !LooksLikePath(fields[0]);

    private static void AddHeaderRow(Builder builder, IReadOnlyList<string> fields, long lineNumber, int headerColumns, int pathColumn, int labelColumn, int mlUseColumn)
    {
        // One label a row: a field past the header's was a second label or a shifted value, read as nothing.
        if (fields.Count != headerColumns)
        {
            var path = pathColumn < fields.Count ? fields[pathColumn] : string.Empty;
            builder.Reject(path, lineNumber, string.Empty, "InvalidRecord", CsvLine.FieldCountMismatch(fields.Count, headerColumns));
            return;
        }
        string? mlUse = null;
        if (mlUseColumn >= 0 && fields[mlUseColumn].Length > 0)
        {
            mlUse = MlUse.Normalize(fields[mlUseColumn]);
            if (mlUse is null)
            {
                builder.Reject(fields[pathColumn], lineNumber, "ml_use", "InvalidMlUse", $"'{fields[mlUseColumn]}' is not a split (training, validation, test)");
                return;
            }
        }
        if (fields[pathColumn].Length == 0)
        {
            builder.Skip(lineNumber, "path", "MissingField", "the path is empty");
            return;
        }
        var labels = builder.RowLabels;
        labels.Clear();
        if (fields[labelColumn].Length > 0) labels.Add(fields[labelColumn]);
        builder.Add(fields[pathColumn], labels, mlUse, lineNumber);
    }

    private static void AddVertexRow(Builder builder, IReadOnlyList<string> fields, long lineNumber, bool fileNamesSplits)
    {
        int next = 0;
        var mlUse = MlUse.Normalize(fields[0]);
        if (mlUse is not null) next = 1;
        else if (fileNamesSplits && DependsOnSplits(fields))
        {
            // The first field was meant as the split: the path follows it.
            builder.Reject(fields[1], lineNumber, "ML_USE", "InvalidMlUse", $"'{fields[0]}' is not a split (training, validation, test, unassigned), and other rows name splits");
            return;
        }
        if (next >= fields.Count || fields[next].Length == 0)
        {
            builder.Skip(lineNumber, "PATH", "MissingField", "the row has no path");
            return;
        }
        var itemId = fields[next];
        // Empty fields (a trailing comma) are no labels.
        var labels = builder.RowLabels;
        labels.Clear();
        for (int f = next + 1; f < fields.Count; f++)
        {
            if (fields[f].Length > 0) labels.Add(fields[f]);
        }
        if (RepeatedLabel(labels) is int repeated)
        {
            builder.Reject(itemId, lineNumber, "LABEL", "DuplicateLabel", $"the label '{labels[repeated]}' is given twice in the row");
            return;
        }
        builder.Add(itemId, labels, mlUse, lineNumber);
    }

    // A path has a folder separator or an extension; a split name has neither.
    private static bool LooksLikePath(string field) => field.IndexOfAny(PathCharacters) >= 0;

    private static readonly char[] PathCharacters = { '/', '\\', '.' };

    /// <summary>The position of the first label given a second time, or null.</summary>
    private static int? RepeatedLabel(List<string> labels)
    {
        if (labels.Count < 2) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < labels.Count; k++)
        {
            if (!seen.Add(labels[k])) return k;
        }
        return null;
    }

    // What a record holds instead of a path that is a string of text: "imageGcsUri": 12345 is not "no imageGcsUri".
    private static string WhyNoPath(JsonElement record)
    {
        foreach (var field in new[] { "imageGcsUri", "content" })
        {
            if (!record.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.String) continue;
            var raw = value.GetRawText();
            if (raw.Length > JsonLines.MaxQuotedInput) raw = raw.Remove(JsonLines.MaxQuotedInput) + "…";
            return $"the record's {field} is {raw}, not a string (write the path in quotes)";
        }
        return record.TryGetProperty("imageGcsUri", out _) || record.TryGetProperty("content", out _)
            ? "the record's imageGcsUri (or content) is blank"
            : "the record has no imageGcsUri (or content)";
    }

    // What an annotation holds instead of a displayName that is a string of text: "displayName": 5 is not "no displayName".
    private static string WhyNoLabel(JsonElement annotation, string what)
    {
        if (annotation.ValueKind != JsonValueKind.Object) return $"{what} is not an object";
        if (!annotation.TryGetProperty("displayName", out var name)) return $"{what} has no displayName";
        if (name.ValueKind == JsonValueKind.String) return $"{what}'s displayName is blank";
        var raw = name.GetRawText();
        if (raw.Length > JsonLines.MaxQuotedInput) raw = raw.Remove(JsonLines.MaxQuotedInput) + "…";
        return $"{what}'s displayName is {raw}, not a string (write it in quotes)";
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? InputText.Trimmed(value.GetString()!) : null;

    /// <summary>Accumulates rows, merging repeated items and counting what was skipped.</summary>
    private sealed class Builder
    {
        private readonly IIssueSink _sink;
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<GroundTruthItem> _items = new();
        private readonly Dictionary<string, string[]> _singleLabels = new(StringComparer.Ordinal);
        private int _duplicates;
        private int _skipped;
        private int _jsonRecords;
        private int _multiLabelRecords;
        private long _itemCount;
        private long _splitItemCount;

        /// <summary>Of a read for a shard, each kept item's ordinal among all items and position in the shard's split (-1: not in it).</summary>
        private readonly List<(long Ordinal, long SplitPosition)>? _keptAt;

        public Builder(string source, IIssueSink sink, GroundTruthFilter? filter)
        {
            Source = source;
            _sink = sink;
            Filter = filter;
            if (filter is not null) _keptAt = new();
        }

        public string Source { get; }

        // The keys of records, of their dataItemResourceLabels and of their annotations, each custom key judged once a read.
        public KeysNearFields RecordKeys { get; } = new(RecordFields);

        public KeysNearFields SplitKeyNames { get; } = new(SplitKeys);

        public KeysNearFields AnnotationKeys { get; } = new(AnnotationFields);

        /// <summary>What a read for a shard keeps (null: every item).</summary>
        public GroundTruthFilter? Filter { get; }

        /// <summary>Counts a JSON Lines record read whole, to weigh how many use the multi-label form.</summary>
        public void CountJsonRecord() => _jsonRecords++;

        /// <summary>Counts a JSON Lines record in the multi-label form (<c>classificationAnnotations</c>).</summary>
        public void CountMultiLabelRecord() => _multiLabelRecords++;

        /// <summary>The labels of the row being added, one list for every row: <see cref="Add"/> keeps copies.</summary>
        public List<string> RowLabels { get; } = new();

        public void Add(string itemId, IReadOnlyList<string> labels, string? mlUse, long line)
        {
            itemId = itemId.Replace('\\', '/');
            if (_index.TryGetValue(itemId, out var existing))
            {
                var previous = _items[existing];
                if (!string.Equals(previous.MlUse, mlUse, StringComparison.Ordinal))
                {
                    // One item in two splits would be evaluated twice (or leak training items into the test split).
                    Skip(line, "ML_USE", "ConflictingSplit", $"'{itemId}' was listed in split '{previous.MlUse ?? "(none)"}' on line {previous.Line.ToString(CultureInfo.InvariantCulture)}; here it is in '{mlUse ?? "(none)"}'; the row is skipped");
                    return;
                }
                _duplicates++;
                var merged = previous.Labels.Concat(labels).Distinct(StringComparer.Ordinal).ToArray();
                _sink.Report(new DataIssue("DuplicateItem", IssueSeverity.Warning, Source, line, "PATH",
                    $"'{itemId}' was already listed on line {previous.Line.ToString(CultureInfo.InvariantCulture)}; its labels are merged ({string.Join(", ", merged)})"));
                _items[existing] = previous with { Labels = merged };
                return;
            }
            long ordinal = _itemCount++;
            long splitPosition = Filter is not null && Filter.InSplit(mlUse) ? _splitItemCount++ : -1;
            if (Filter is not null && !Filter.Keeps(itemId, labels, mlUse))
            {
                Filter.Tally(itemId, labels, mlUse, line, ordinal, splitPosition);
                return;
            }
            _keptAt?.Add((ordinal, splitPosition));
            _index[itemId] = _items.Count;
            _items.Add(new GroundTruthItem(itemId, Shared(labels), mlUse, line));
        }

        /// <summary>
        /// The labels as one shared array per single label and shared strings otherwise: a million items of ten labels
        /// then hold ten arrays, not a million (about 70 bytes an item less).
        /// </summary>
        private string[] Shared(IReadOnlyList<string> labels) =>
            labels.Count == 1 ? SingleLabel(labels[0]) : labels.Select(label => SingleLabel(label)[0]).ToArray();

        private string[] SingleLabel(string label)
        {
            if (!_singleLabels.TryGetValue(label, out var single)) _singleLabels[label] = single = new[] { label };
            return single;
        }

        public void Warn(DataIssue issue) => _sink.Report(issue);

        public void Skip(long line, string field, string code, string message)
        {
            _skipped++;
            _sink.Report(new DataIssue(code, IssueSeverity.Error, Source, line, field, message));
        }

        /// <summary>
        /// Skips a row that names its item <paramref name="itemId"/> (empty: none), so that the join counts the item's
        /// prediction as one of a rejected item rather than of an item the ground truth does not list.
        /// </summary>
        public void Reject(string itemId, long line, string field, string code, string message)
        {
            Skip(line, field, code, message);
            itemId = itemId.Replace('\\', '/');
            if (itemId.Length > 0 && (Filter is null || Filter.Predicts(itemId))) _rejectedItems.Add(itemId);
        }

        // The items of rejected rows (of a read for a shard, those the shard predicts).
        private readonly HashSet<string> _rejectedItems = new(StringComparer.Ordinal);

        /// <summary>
        /// Warns that the CSV has the form of another task's Vertex AI import (<paramref name="form"/>), whose
        /// <paramref name="values"/> a classification read takes as labels (often a row of repeated ones); the front ends
        /// read a CSV as classification unless the task (<paramref name="task"/>) is named.
        /// </summary>
        public void NoteImportOfOtherTask(long line, string code, string form, string values, string task)
        {
            var nameIt = $"name the task (--task {task}, -Task {char.ToUpperInvariant(task[0])}{task.Substring(1)})";
            _importHint = $"; the rows have the form of {form}: to evaluate it as one, {nameIt}";
            _sink.Report(new DataIssue(code, IssueSeverity.Warning, Source, line, string.Empty,
                $"the row has the form of {form}, and a classification read takes its {values} as labels; to evaluate it as {task}, {nameIt}"));
        }

        private string _importHint = string.Empty;

        public GroundTruthSet Build()
        {
            if (_itemCount == 0) throw new InputFormatException("NoItems", Source, 0, string.Empty, $"no usable ground-truth records ({_skipped} skipped){_importHint}");
            if (Filter is not null) return BuildForShard(Filter);
            var labelCounts = LabelCounts();
            return new GroundTruthSet(Source, _items, labelCounts.IsMultiLabel, _duplicates, _skipped, _index) { RejectedRecordItems = _rejectedItems, LabelCounts = labelCounts, OtherTaskHint = _importHint };
        }

        /// <summary>The kept items with the figures of the whole file: the filter's tallies of the others and the kept items' own.</summary>
        private GroundTruthSet BuildForShard(GroundTruthFilter filter)
        {
            var kept = _items.Select((item, k) => (Item: item, _keptAt![k].Ordinal, _keptAt[k].SplitPosition)).ToArray();
            var inSplit = kept.Where(k => k.SplitPosition >= 0).ToArray();
            var terms = inSplit.Aggregate(filter.FingerprintTerms, (sum, k) => unchecked(sum + GroundTruthSplit.FingerprintTerm(k.SplitPosition, k.Item.ItemId, k.Item.Labels)));
            bool OfSplit(string s) => s == filter.MlUse || s == GroundTruthSet.NoSplit;
            var splitLabels = LabelsInOrder(filter.LabelsSeen(OfSplit), inSplit);
            var singleLabelItemLabels = new Lazy<IReadOnlyList<string>>(() => LabelsInOrder(filter.LabelsSeen(OfSplit, singleLabelItemsOnly: true), inSplit.Where(k => k.Item.Labels.Count == 1)));
            var split = new GroundTruthSplit(filter.MlUse, inSplit.Select(k => k.Item).ToArray(), checked((int)_splitItemCount), splitLabels, singleLabelItemLabels, filter.UnlistedNotSingleLabelItems,
                new Lazy<ulong>(() => GroundTruthSplit.FingerprintOf(filter.MlUse, terms)));
            // Splits in order of their first item, as a whole read's grouping lists them.
            var splitCounts = filter.ItemsPerSplit.Select(kv => (Split: kv.Key, kv.Value.FirstOrdinal, kv.Value.Count))
                .Concat(kept.Select(k => (Split: k.Item.MlUse ?? GroundTruthSet.NoSplit, FirstOrdinal: k.Ordinal, Count: 1)))
                .GroupBy(s => s.Split, StringComparer.Ordinal)
                .OrderBy(g => g.Min(s => s.FirstOrdinal))
                .ToDictionary(g => g.Key, g => g.Sum(s => s.Count), StringComparer.Ordinal);
            var labelCounts = LabelCounts();
            return new GroundTruthSet(Source, _items, labelCounts.IsMultiLabel, _duplicates, _skipped, LabelsInOrder(filter.LabelsSeen(_ => true), kept), splitCounts, split)
            {
                RejectedRecordItems = _rejectedItems,
                LabelCounts = labelCounts,
                OtherTaskHint = _importHint,
            };
        }

        /// <summary>Labels in order of first appearance over all items (item by item, each item's labels in order) from where the left-out and the kept items have them.</summary>
        private static string[] LabelsInOrder(IEnumerable<(string Label, long Ordinal, int Position)> leftOut, IEnumerable<(GroundTruthItem Item, long Ordinal, long SplitPosition)> kept) =>
            leftOut.Concat(kept.SelectMany(k => k.Item.Labels.Select((label, p) => (Label: label, k.Ordinal, Position: p))))
                .GroupBy(l => l.Label, StringComparer.Ordinal)
                .Select(g => g.OrderBy(l => (l.Ordinal, l.Position)).First())
                .OrderBy(l => (l.Ordinal, l.Position))
                .Select(l => l.Label)
                .ToArray();

        /// <summary>The items with several labels and the decision they make (<see cref="GroundTruthLabelCounts"/>).</summary>
        private GroundTruthLabelCounts LabelCounts()
        {
            long several = Filter?.SeveralLabelItems ?? 0;
            var first = Filter?.FirstSeveralLabelItem;
            foreach (var item in _items)
            {
                if (item.Labels.Count < 2) continue;
                several++;
                if (first is null || item.Line < first.Line) first = item;
            }
            return new GroundTruthLabelCounts(_itemCount, several, first, _jsonRecords > 0 && _multiLabelRecords * 2 > _jsonRecords);
        }
    }
}
