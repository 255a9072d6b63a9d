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
    private const string MlUseKey = "aiplatform.googleapis.com/ml_use";
    private static readonly string[] PathColumns = { "path", "content", "image", "imagegcsuri", "file", "filename", "uri", "item" };
    private static readonly string[] LabelColumns = { "label", "labels", "displayname", "class" };
    private static readonly string[] ImageExtensions = { ".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff" };

    /// <summary>
    /// Reads the ground truth at <paramref name="path"/> (a file or a folder); a file's bytes read are reported to
    /// <paramref name="progress"/>, and reading stops (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static GroundTruthSet Read(string path, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path)) return ReadFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Ground truth not found: {path}", path);
        using var capped = new CappedIssueSink(sink);
        var builder = new Builder(path, capped);
        using (var stream = InputFile.OpenRead(path, progress, cancellationToken))
        {
            if (LooksLikeJson(path, stream)) ReadJsonLines(stream, builder);
            else ReadCsv(stream, builder);
        }
        return builder.Build();
    }

    private static bool LooksLikeJson(string path, Stream stream)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 3) : path;
        if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return true;
        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return false;
        // Unknown extension: decide by the first non-blank character (gzip streams cannot seek, so peek via a copy-free check only on plain files).
        if (!stream.CanSeek) return false;
        int b;
        while ((b = stream.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
        {
        }
        stream.Position = 0;
        return b == '{';
    }

    private static void ReadJsonLines(Stream stream, Builder builder)
    {
        JsonLines.ForEachLine(stream, builder.Source, (lineNumber, line) =>
        {
            try
            {
                using var document = JsonDocument.Parse(line.ToArray());
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    builder.Skip(lineNumber, string.Empty, "InvalidRecord", "the line is not a JSON object");
                    return;
                }
                var itemId = StringProperty(root, "imageGcsUri") ?? StringProperty(root, "content");
                if (string.IsNullOrWhiteSpace(itemId))
                {
                    builder.Skip(lineNumber, "imageGcsUri", "MissingField", "the record has no imageGcsUri (or content)");
                    return;
                }
                var labels = new List<string>();
                builder.CountJsonRecord();
                if (root.TryGetProperty("classificationAnnotations", out var many))
                {
                    builder.CountMultiLabelRecord();
                    if (many.ValueKind != JsonValueKind.Array)
                    {
                        builder.Skip(lineNumber, "classificationAnnotations", "InvalidRecord", "classificationAnnotations must be an array");
                        return;
                    }
                    int k = 0;
                    foreach (var annotation in many.EnumerateArray())
                    {
                        var label = annotation.ValueKind == JsonValueKind.Object ? StringProperty(annotation, "displayName") : null;
                        if (string.IsNullOrWhiteSpace(label))
                        {
                            builder.Skip(lineNumber, $"classificationAnnotations[{k}].displayName", "MissingField", "an annotation has no displayName");
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
                        builder.Skip(lineNumber, "classificationAnnotation.displayName", "MissingField", "the annotation has no displayName");
                        return;
                    }
                    labels.Add(label!);
                }
                else
                {
                    builder.Skip(lineNumber, "classificationAnnotation", "MissingField", "the record has neither classificationAnnotation nor classificationAnnotations");
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
                            builder.Skip(lineNumber, $"dataItemResourceLabels.{MlUseKey}", "InvalidMlUse", $"'{text}' is not a split (training, validation, test)");
                            return;
                        }
                    }
                }
                if (RepeatedLabel(labels) is int repeated)
                {
                    builder.Skip(lineNumber, $"classificationAnnotations[{repeated}].displayName", "DuplicateLabel", $"the label '{labels[repeated]}' is given twice for one item");
                    return;
                }
                builder.Add(itemId!, labels, mlUse, lineNumber);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                builder.Skip(lineNumber, string.Empty, "InvalidJson", $"the line is not valid JSON ({e.Message})");
            }
        });
    }

    private static void ReadCsv(Stream stream, Builder builder)
    {
        using var reader = InputFile.TextReader(stream);
        int pathColumn = -1, labelColumn = -1, mlUseColumn = -1;
        bool headerChecked = false;
        // Rows without a header are kept until the end: whether a first field that is not a split is a misspelt
        // ML_USE or a path depends on whether other rows of the file name splits.
        var vertexRows = new List<CsvRecord>();
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
                var lower = fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
                pathColumn = Array.FindIndex(lower, f => PathColumns.Contains(f));
                if (pathColumn >= 0)
                {
                    labelColumn = Array.FindIndex(lower, f => LabelColumns.Contains(f));
                    mlUseColumn = Array.FindIndex(lower, f => f is "ml_use" or "mluse" or "split");
                    if (labelColumn < 0)
                    {
                        throw new InputFormatException("MissingColumn", builder.Source, lineNumber, "label", $"the header names a path column but no label column (one of: {string.Join(", ", LabelColumns)})");
                    }
                    CsvLine.RejectRepeatedColumns(lower, builder.Source, lineNumber);
                    continue;
                }
            }
            if (pathColumn >= 0) AddHeaderRow(builder, fields, lineNumber, pathColumn, labelColumn, mlUseColumn);
            else vertexRows.Add(new CsvRecord(lineNumber, fields, null));
        }
        var fileNamesSplits = vertexRows.Any(r => MlUse.Normalize(r.Fields[0]) is not null);
        foreach (var row in vertexRows) AddVertexRow(builder, row.Fields, row.Line, fileNamesSplits);
    }

    private static void AddHeaderRow(Builder builder, IReadOnlyList<string> fields, long lineNumber, int pathColumn, int labelColumn, int mlUseColumn)
    {
        if (fields.Count <= Math.Max(pathColumn, labelColumn))
        {
            builder.Skip(lineNumber, "label", "MissingField", $"the row has {fields.Count} fields; the header has more");
            return;
        }
        string? mlUse = null;
        if (mlUseColumn >= 0 && mlUseColumn < fields.Count && fields[mlUseColumn].Length > 0)
        {
            mlUse = MlUse.Normalize(fields[mlUseColumn]);
            if (mlUse is null)
            {
                builder.Skip(lineNumber, "ml_use", "InvalidMlUse", $"'{fields[mlUseColumn]}' is not a split (training, validation, test)");
                return;
            }
        }
        if (fields[pathColumn].Length == 0)
        {
            builder.Skip(lineNumber, "path", "MissingField", "the path is empty");
            return;
        }
        var labels = fields[labelColumn].Length == 0 ? Array.Empty<string>() : new[] { fields[labelColumn] };
        builder.Add(fields[pathColumn], labels, mlUse, lineNumber);
    }

    private static void AddVertexRow(Builder builder, IReadOnlyList<string> fields, long lineNumber, bool fileNamesSplits)
    {
        int next = 0;
        var mlUse = MlUse.Normalize(fields[0]);
        if (mlUse is not null) next = 1;
        else if (fileNamesSplits && fields.Count > 2 && !LooksLikePath(fields[0]))
        {
            builder.Skip(lineNumber, "ML_USE", "InvalidMlUse", $"'{fields[0]}' is not a split (training, validation, test, unassigned), and other rows name splits");
            return;
        }
        if (next >= fields.Count || fields[next].Length == 0)
        {
            builder.Skip(lineNumber, "PATH", "MissingField", "the row has no path");
            return;
        }
        var itemId = fields[next];
        // Empty fields (a trailing comma) are no labels.
        var labels = fields.Skip(next + 1).Where(f => f.Length > 0).ToArray();
        if (RepeatedLabel(labels) is int repeated)
        {
            builder.Skip(lineNumber, "LABEL", "DuplicateLabel", $"the label '{labels[repeated]}' is given twice in the row");
            return;
        }
        builder.Add(itemId, labels, mlUse, lineNumber);
    }

    // A path has a folder separator or an extension; a split name has neither.
    private static bool LooksLikePath(string field) => field.IndexOfAny(PathCharacters) >= 0;

    private static readonly char[] PathCharacters = { '/', '\\', '.' };

    /// <summary>The position of the first label given a second time, or null.</summary>
    private static int? RepeatedLabel(IReadOnlyList<string> labels)
    {
        if (labels.Count < 2) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < labels.Count; k++)
        {
            if (!seen.Add(labels[k])) return k;
        }
        return null;
    }

    private static GroundTruthSet ReadFolder(string folder)
    {
        var items = new List<GroundTruthItem>();
        foreach (var labelFolder in Directory.GetDirectories(folder).OrderBy(d => d, StringComparer.Ordinal))
        {
            var label = Path.GetFileName(labelFolder);
            foreach (var file in Directory.GetFiles(labelFolder).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (!ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant())) continue;
                items.Add(new GroundTruthItem(label + "/" + Path.GetFileName(file), new[] { label }, null, 0));
            }
        }
        if (items.Count == 0) throw new InputFormatException("NoItems", folder, 0, string.Empty, "the folder has no sub-folders with images (one sub-folder per label is expected)");
        return new GroundTruthSet(folder, items, isMultiLabel: false, duplicateRecords: 0, skippedRecords: 0);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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

        public Builder(string source, IIssueSink sink)
        {
            Source = source;
            _sink = sink;
        }

        public string Source { get; }

        /// <summary>Counts a JSON Lines record read whole, to weigh how many use the multi-label form.</summary>
        public void CountJsonRecord() => _jsonRecords++;

        /// <summary>Counts a JSON Lines record in the multi-label form (<c>classificationAnnotations</c>).</summary>
        public void CountMultiLabelRecord() => _multiLabelRecords++;

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

        public void Skip(long line, string field, string code, string message)
        {
            _skipped++;
            _sink.Report(new DataIssue(code, IssueSeverity.Error, Source, line, field, message));
        }

        public GroundTruthSet Build()
        {
            if (_items.Count == 0) throw new InputFormatException("NoItems", Source, 0, string.Empty, $"no usable ground-truth records ({_skipped} skipped)");
            return new GroundTruthSet(Source, _items, IsMultiLabel(), _duplicates, _skipped);
        }

        /// <summary>
        /// Multi-label when most JSON Lines records use the multi-label form, or when items with other than one label
        /// are at least 2 and at least 1% of the items: one odd row (a second label, a repeated item with another
        /// label) does not switch the whole run; in single-label mode such an item is left out and reported.
        /// </summary>
        private bool IsMultiLabel()
        {
            if (_jsonRecords > 0 && _multiLabelRecords * 2 > _jsonRecords) return true;
            int notSingle = _items.Count(i => i.Labels.Count != 1);
            return notSingle >= 2 && notSingle * 100L >= _items.Count;
        }
    }
}
