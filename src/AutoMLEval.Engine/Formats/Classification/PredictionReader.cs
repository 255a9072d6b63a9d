using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Reads classifier predictions:
/// <list type="bullet">
/// <item>Vertex AI batch prediction JSON Lines: <c>{"instance":{"content":PATH,…},"prediction":{"ids":[…],"displayNames":[…],"confidences":[…]}}</c>, streamed;</item>
/// <item>CSV with a header: a path column (<c>path</c>, <c>content</c>, …) and one column of scores per label.</item>
/// </list>
/// Scores must be finite and in [0, 1]; a bad record is reported (file, line, field) and skipped.
/// </summary>
public static class PredictionReader
{
    private static readonly string[] PathColumns = { "path", "content", "image", "imagegcsuri", "file", "filename", "uri", "item" };

    /// <summary>
    /// Reads the predictions in <paramref name="path"/>; the bytes read are reported to <paramref name="progress"/>, and reading
    /// stops (<see cref="OperationCanceledException"/>) once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static PredictionSet Read(string path, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Read(path, sink, OrderedJsonLines.DefaultBlockBytes, progress, cancellationToken);

    /// <summary>Reads with JSONL blocks of <paramref name="blockBytes"/> (tests use tiny blocks to cross block boundaries).</summary>
    internal static PredictionSet Read(string path, IIssueSink sink, int blockBytes, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Read(new[] { path }, path, sink, blockBytes, progress, cancellationToken);

    /// <summary>
    /// Reads the shards <paramref name="paths"/> (in the order given) as one prediction set named <paramref name="source"/>:
    /// labels, repeated items and missing scores are found across files as within one. Issues name the file they are in.
    /// </summary>
    public static PredictionSet Read(IReadOnlyList<string> paths, string source, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Read(paths, source, sink, OrderedJsonLines.DefaultBlockBytes, progress, cancellationToken);

    /// <summary>
    /// <see cref="Read(IReadOnlyList{string}, string, IIssueSink, IProgress{WorkProgress}?, CancellationToken)"/> for a
    /// join with a ground truth, which says how many absent scores its evaluated items have
    /// (<see cref="PredictionSet.MissingScoresOf"/>): the file's own count takes in items that are not evaluated. A
    /// shard (<paramref name="isShard"/>) may hold no usable prediction (a batch job's empty shard): the set is then empty,
    /// where otherwise it is the error NoItems.
    /// </summary>
    internal static PredictionSet ReadForJoin(IReadOnlyList<string> paths, string source, IIssueSink sink, bool isShard, IProgress<WorkProgress>? progress, CancellationToken cancellationToken) =>
        Read(paths, source, sink, OrderedJsonLines.DefaultBlockBytes, progress, cancellationToken, reportMissingScores: false, allowNoItems: isShard);

    private static PredictionSet Read(
        IReadOnlyList<string> paths, string source, IIssueSink sink, int blockBytes, IProgress<WorkProgress>? progress, CancellationToken cancellationToken, bool reportMissingScores = true, bool allowNoItems = false)
    {
        if (paths.Count == 0) throw new ArgumentException("There are no prediction files to read.", nameof(paths));
        using var capped = new CappedIssueSink(sink);
        var table = new ScoreTable(paths[0], capped);
        foreach (var path in paths)
        {
            table.Source = path;
            if (InputFile.HasExtension(path, ".tsv"))
            {
                // Read as JSON Lines, it was an InvalidJson error a line and then NoItems, none of which named the separator.
                throw new InputFormatException("InvalidCsv", path, 1, string.Empty,
                    "a tab-separated file (.tsv): predictions are Vertex AI JSON Lines or a CSV with commas between its fields (save it as comma-separated CSV)");
            }
            // The look at a pipe's content (its name does not say CSV) comes before the read, which replays it.
            bool csv = InputFile.IsCsv(path);
            // JSON Lines' reader checks its first block itself.
            if (csv) InputFile.RefuseBinary(path, path, "InvalidCsv", "predictions are UTF-8 JSON Lines or CSV");
            using var stream = InputFile.OpenRead(path, progress, cancellationToken);
            if (csv) ReadCsv(stream, table, allowNoItems);
            else ReadJsonLines(stream, table, blockBytes, new FileInfo(path).Length);
        }
        table.Source = source;
        return table.Build(paths, reportMissingScores, allowNoItems);
    }

    /// <summary>
    /// Parses blocks of whole lines in parallel, a wave at a time (<see cref="OrderedJsonLines.ParseBlocks"/>), each
    /// into its own small table, and appends those to <paramref name="table"/> in file order while the next wave is
    /// parsed: memory stays bounded by the blocks in flight, and labels, rows and reported issues come out in the same
    /// order as a sequential read.
    /// </summary>
    /// <remarks>
    /// After the first block the score buffer is sized once for the whole file (<paramref name="fileBytes"/> at the
    /// bytes per row seen so far), rather than doubled as it fills: doubling would hold up to three times the
    /// scores at the moment of a copy. A gzip file's size underestimates; the buffer then grows as before. The
    /// blocks' tables are reused once appended, labels and all: their score buffers and (with thousands of labels)
    /// label tables are large, and fresh ones would pile up as garbage until the next full collection.
    /// </remarks>
    private static void ReadJsonLines(Stream stream, ScoreTable table, int blockBytes, long fileBytes)
    {
        var source = table.Source;
        table.PathField = PredictionShard.JsonPathField;
        var appended = new ConcurrentBag<ScoreTable>();
        bool firstBlock = true;
        foreach (var (parsed, bytes) in OrderedJsonLines.ParseBlocks(stream, source, blockBytes, block => (ParseBlock(block, source, appended), (long)block.Length)))
        {
            // A file whose first record is a video model's is all of that task: one error for it, not one a line.
            if (firstBlock && parsed.VideoPredictionLine is long line)
            {
                throw new InputFormatException("UnexpectedJson", source, line, "prediction",
                    "the file is a video model's batch predictions (the prediction is a list of time segments with their displayName, "
                    + "type and confidence), not image classification predictions (a prediction object with displayNames and confidences); "
                    + "evaluate it against its video ground truth with --task video (-Task Video)");
            }
            firstBlock = false;
            table.Append(parsed, bytes);
            appended.Add(parsed);
            if (fileBytes > 0)
            {
                table.Reserve(fileBytes);
                fileBytes = 0;
            }
        }
    }

    private static ScoreTable ParseBlock(JsonLines.Block block, string source, ConcurrentBag<ScoreTable> reusable)
    {
        var local = reusable.TryTake(out var table) ? table.StartBlock() : new ScoreTable(source);
        JsonLines.ForEachLine(block.Bytes.AsSpan(0, block.Length), block.FirstLine, local.AddJsonLine);
        return local;
    }

    private static void ReadCsv(Stream stream, ScoreTable table, bool allowEmpty)
    {
        using var reader = InputFile.TextReader(stream);
        using var records = CsvLine.ReadRecords(reader, table.Source).GetEnumerator();
        if (!records.MoveNext())
        {
            if (allowEmpty) return;
            throw new InputFormatException("NoItems", table.Source, 1, string.Empty, "the file is empty");
        }
        var (headerLine, columns, headerError) = records.Current;
        if (headerError is not null) throw new InputFormatException("InvalidCsv", table.Source, headerLine, string.Empty, headerError);
        var pathColumn = columns.Select(c => c.ToLowerInvariant()).ToList().FindIndex(c => PathColumns.Contains(c));
        if (pathColumn < 0)
        {
            throw new InputFormatException("MissingColumn", table.Source, headerLine, "path", $"the header needs a path column (one of: {string.Join(", ", PathColumns)}) and one column of scores per label{CsvLine.SeparatorHint(columns)}");
        }
        table.PathField = columns[pathColumn];
        var labelColumns = Enumerable.Range(0, columns.Count).Where(c => c != pathColumn).ToArray();
        CsvLine.RejectRepeatedColumns(columns, table.Source, headerLine);
        var labelIndex = labelColumns.Select(c => table.LabelIndex(columns[c], headerLine)).ToList();
        var row = new double[labelColumns.Length];
        var scores = new List<double>(row.Length);
        while (records.MoveNext())
        {
            var (lineNumber, fields, error) = records.Current;
            if (error is not null)
            {
                table.Skip(lineNumber, string.Empty, "InvalidCsv", error);
                continue;
            }
            if (fields.Count != columns.Count)
            {
                table.Skip(lineNumber, string.Empty, "InvalidRecord", CsvLine.FieldCountMismatch(fields.Count, columns.Count));
                continue;
            }
            bool ok = true;
            for (int k = 0; k < labelColumns.Length && ok; k++)
            {
                var text = fields[labelColumns[k]];
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out row[k]))
                {
                    table.Skip(lineNumber, columns[labelColumns[k]], "InvalidScore", $"'{text}' is not a number", fields[pathColumn]);
                    ok = false;
                }
                else if (!ScoreTable.IsValidScore(row[k]))
                {
                    table.Skip(lineNumber, columns[labelColumns[k]], "InvalidScore", $"the score {text} is not in [0, 1]", fields[pathColumn]);
                    ok = false;
                }
            }
            if (ok && fields[pathColumn].Length == 0)
            {
                table.Skip(lineNumber, columns[pathColumn], "MissingField", "the path is empty");
                ok = false;
            }
            if (!ok) continue;
            scores.Clear();
            scores.AddRange(row);
            table.AddRow(fields[pathColumn], lineNumber, labelIndex, scores);
        }
    }

    /// <summary>
    /// The growing score buffer and label table shared by both formats. A record changes nothing (no label, no id,
    /// no row) until it has been read whole and accepted, so that a rejected record leaves no trace but its count.
    /// </summary>
    private sealed class ScoreTable
    {
        private IIssueSink _sink;
        private readonly List<string> _labels = new();
        private readonly List<byte[]> _labelUtf8 = new();
        // A label's UTF-8 bytes with their quotes, as the plain scanner takes them; null for a label it cannot take so (an escape).
        private readonly List<byte[]?> _quotedLabel = new();
        private readonly Dictionary<string, int> _labelIndex = new(StringComparer.Ordinal);
        private readonly Dictionary<long, int> _labelOfId = new();
        // The same for ids below SmallIds, as label + 1 (0: none), read a hundred times a line where a dictionary costs.
        private int[] _labelOfSmallId = Array.Empty<int>();
        private const int SmallIds = 1 << 16;
        private readonly List<long?> _idOfLabel = new();
        // Where each label first appears (file and line): the line to name when no record gives it an id.
        private readonly List<string> _sourceOfLabel = new();
        private readonly List<long> _lineOfLabel = new();
        private Dictionary<string, int> _rowOfItem = new(StringComparer.Ordinal);
        private readonly List<string> _itemIds = new();
        private readonly List<long> _lines = new();
        private readonly List<int> _scoredPerRow = new();

        // The file's table: the first row read from each shard, so that a repeat can name the shard of the first prediction
        // and the join the shard of a row it leaves out.
        private readonly List<PredictionShard> _shards = new();

        // The record being read: labels as indices (a label not yet in the table is ~k, k into _newLabels), ids, scores.
        private readonly List<int> _rowLabels = new();
        private readonly List<string> _newLabels = new();
        private readonly List<long?> _rowIds = new();
        private readonly List<double> _rowScores = new();
        // The record each label was last named in (by _record, counted up for each list of names read: nothing to clear).
        private int[] _labelSeenInRecord = new int[16];
        private readonly List<int> _previousLabels = new();
        private int _record;
        // The position of the first label the record names a second time, or -1 (a label not yet in the table aside).
        private int _repeatedAt;
        // Labels of the record read by the plain scanner that were found by the id the record gives them.
        private int _labelsFoundById;
        // What the reader found where the record's instance.content should be a string (a number, an object), or null.
        private string? _contentKind;
        // The items whose records were rejected, where the record named one: the join says so of an item it finds
        // without a prediction. Made on the first such record only.
        private ItemRejections? _rejections;

        private double[] _scores = new double[1024];
        private int _stride = 1;
        private long _scored;
        private int _skipped;
        private int _duplicates;
        private bool _everyIdNumeric = true;
        // The first record whose ids disagree with earlier records' (ConflictingIds, reported once by Build), and
        // whether any such record gave one id to two names: each name is then a label that only some rows score.
        private DataIssue? _idConflict;
        private bool _idNamesTwoLabels;
        // The first record with an id that is not an integer (UnusableIds, reported once by Build), and how the
        // record being read writes its first such id (kept by the reader, which alone reads such ids).
        private DataIssue? _nonIntegerId;
        private string? _nonIntegerIdAsWritten;
        private readonly bool _isBlock;

        // What a cell no record scored holds: 0 in the file's table; NaN in a block's, so that appending a block
        // can tell which labels its accepted rows score.
        private readonly double _unscored;

        public ScoreTable(string source, IIssueSink sink)
        {
            Source = source;
            _sink = sink;
        }

        /// <summary>A table for one block of a file: repeated items are found when blocks are appended (not here).</summary>
        public ScoreTable(string source)
            : this(source, new IssueLog())
        {
            _isBlock = true;
            _unscored = double.NaN;
            _scores.AsSpan().Fill(_unscored);
        }

        /// <summary>
        /// Empties this block's table for the next block, its labels kept: appending maps only the labels a block's
        /// accepted rows score, so labels of earlier blocks leave no trace.
        /// </summary>
        public ScoreTable StartBlock()
        {
            _itemIds.Clear();
            _lines.Clear();
            _scoredPerRow.Clear();
            _scored = 0;
            _skipped = 0;
            _duplicates = 0;
            _everyIdNumeric = true;
            _idConflict = null;
            _idNamesTwoLabels = false;
            _nonIntegerId = null;
            _labelsGivenTakenIds = null;
            VideoPredictionLine = null;
            _sink = new IssueLog();
            _rejections = null;
            _scores.AsSpan().Fill(_unscored);
            return this;
        }

        /// <summary>The file being read (issues name it); the set's name once every file is read.</summary>
        public string Source { get; set; }

        /// <summary>The field of the file being read that holds the item paths, as its issues name it.</summary>
        public string PathField { get; set; } = PredictionShard.JsonPathField;

        public int RowCount => _itemIds.Count;

        public int LabelCount => _labels.Count;

        /// <summary>The line of a block's first record when its prediction is a list, as a video model writes it; otherwise null.</summary>
        public long? VideoPredictionLine { get; private set; }

        /// <summary>Bytes of the file appended so far (blocks' lines), to estimate rows per block.</summary>
        public long BytesRead { get; private set; }

        // The most elements one .NET array holds (Array.MaxLength, absent from netstandard2.0).
        private const long MaxScores = 0x7FFFFFC7;

        public static bool IsValidScore(double score) => score >= 0.0 && score <= 1.0;

        /// <summary>The index of <paramref name="label"/>, added to the table if new, as first seen on <paramref name="line"/>.</summary>
        public int LabelIndex(string label, long line)
        {
            if (_labelIndex.TryGetValue(label, out var index)) return index;
            index = _labels.Count;
            _labels.Add(label);
            _sourceOfLabel.Add(Source);
            _lineOfLabel.Add(line);
            _labelUtf8.Add(Encoding.UTF8.GetBytes(label));
            _quotedLabel.Add(PlainJson.IsPlainString(_labelUtf8[index]) ? Encoding.UTF8.GetBytes("\"" + label + "\"") : null);
            _labelIndex[label] = index;
            _idOfLabel.Add(null);
            if (index == _labelSeenInRecord.Length) Array.Resize(ref _labelSeenInRecord, 2 * index);
            return index;
        }

        /// <summary>Reports a rejected record; <paramref name="itemId"/> is the item it names, where it names one.</summary>
        public void Skip(long line, string field, string code, string message, string? itemId = null)
        {
            _skipped++;
            var issue = new DataIssue(code, IssueSeverity.Error, Source, line, field, message);
            _sink.Report(issue);
            if (!string.IsNullOrEmpty(itemId)) (_rejections ??= new ItemRejections()).Note(itemId!.Replace('\\', '/'), issue);
        }

        // Lists, not interfaces: the copy reads both at every score, and through an interface neither read is inlined.
        public void AddRow(string itemId, long line, List<int> labels, List<double> scores)
        {
            itemId = itemId.Replace('\\', '/');
            if (IsRepeated(itemId, line)) return;
            var offset = StartRow(itemId, line);
            for (int k = 0; k < labels.Count; k++) _scores[offset + labels[k]] = scores[k];
            _scoredPerRow.Add(labels.Count);
            _scored += labels.Count;
        }

        /// <summary>
        /// Sizes the buffer, and the rows' ids, lines and lookup, for the rows a file of <paramref name="fileBytes"/>
        /// holds, at the bytes per row read so far: grown by doubling, they were copied (and the lookup rehashed) about
        /// twenty times for 200,000 rows, on the thread that appends the blocks in order.
        /// </summary>
        public void Reserve(long fileBytes)
        {
            if (RowCount == 0 || BytesRead == 0) return;
            long rows = OrderedJsonLines.ExpectedInFile(fileBytes, BytesRead, RowCount);
            long needed = Math.Min(rows * _stride, MaxScores);
            if (needed > _scores.LongLength) Array.Resize(ref _scores, (int)needed);
            int capacity = (int)Math.Min(rows, MaxScores / Math.Max(_stride, 1));
            if (capacity <= _itemIds.Capacity) return;
            _itemIds.Capacity = capacity;
            _lines.Capacity = capacity;
            _scoredPerRow.Capacity = capacity;
            // netstandard2.0 has no Dictionary.EnsureCapacity: the few rows read so far are copied into a sized one.
            var rowOfItem = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
            foreach (var row in _rowOfItem) rowOfItem.Add(row.Key, row.Value);
            _rowOfItem = rowOfItem;
        }

        /// <summary>Appends the rows, labels and issues of a table parsed from a later block of the same file.</summary>
        public void Append(ScoreTable block, long blockBytes)
        {
            BytesRead += blockBytes;
            ((IssueLog)block._sink).ReportTo(_sink);
            _skipped += block._skipped;
            _duplicates += block._duplicates;
            if (block._rejections is { } rejected) (_rejections ??= new ItemRejections()).NoteAll(rejected);
            _everyIdNumeric &= block._everyIdNumeric;
            _idNamesTwoLabels |= block._idNamesTwoLabels;
            _nonIntegerId ??= block._nonIntegerId;
            var conflictBefore = _idConflict;
            // A block label enters the file's table only with the first accepted row that scores it: a row dropped
            // here as a repeated item must not add a label.
            var labelMap = new int[block._labels.Count];
            labelMap.AsSpan().Fill(-1);
            int unmapped = labelMap.Length;
            for (int r = 0; r < block._itemIds.Count; r++)
            {
                if (IsRepeated(block._itemIds[r], block._lines[r])) continue;
                long source = (long)r * block._stride;
                // Usually the block's first row maps every label: the rows after it are not searched for new ones.
                for (int j = 0; unmapped > 0 && j < labelMap.Length; j++)
                {
                    if (labelMap[j] < 0 && !double.IsNaN(block._scores[source + j]))
                    {
                        labelMap[j] = MapLabel(block, j, block._lines[r]);
                        unmapped--;
                    }
                }
                var offset = StartRow(block._itemIds[r], block._lines[r]);
                for (int j = 0; j < labelMap.Length; j++)
                {
                    var score = block._scores[source + j];
                    if (!double.IsNaN(score)) _scores[offset + labelMap[j]] = score;
                }
                _scoredPerRow.Add(block._scoredPerRow[r]);
                _scored += block._scoredPerRow[r];
            }
            // The file's first conflict: one of an earlier block stands; within this block, the earlier line of the one
            // found against earlier blocks (as labels were mapped) and the one found inside the block.
            if (conflictBefore is null && block._idConflict is { } inBlock && (_idConflict is null || inBlock.Line < _idConflict.Line)) _idConflict = inBlock;
            foreach (var label in block._labelsGivenTakenIds ?? Enumerable.Empty<int>())
            {
                if (labelMap[label] >= 0) (_labelsGivenTakenIds ??= new HashSet<int>()).Add(labelMap[label]);
            }
        }

        // line: the row whose label is mapped, where its id conflicts with the file's.
        private int MapLabel(ScoreTable block, int label, long line)
        {
            var index = LabelIndex(block._labels[label], line);
            if (block._idOfLabel[label] is long id) RecordId(index, id, line);
            return index;
        }

        /// <summary>Whether <paramref name="itemId"/> already has a row of the file (reported); blocks do not check.</summary>
        private bool IsRepeated(string itemId, long line)
        {
            if (_isBlock || !_rowOfItem.TryGetValue(itemId, out var existing)) return false;
            _duplicates++;
            var firstSource = PredictionShard.Of(_shards, existing).Source;
            var where = string.Equals(firstSource, Source, StringComparison.Ordinal) ? string.Empty : " of " + firstSource;
            _sink.Report(new DataIssue("DuplicatePrediction", IssueSeverity.Warning, Source, line, PathField,
                $"'{itemId}' was already predicted on line {_lines[existing].ToString(CultureInfo.InvariantCulture)}{where}; the first prediction is kept"));
            return true;
        }

        /// <summary>Starts the row of a new item, wide enough for every label known now, and returns its offset in the buffer.</summary>
        private long StartRow(string itemId, long line)
        {
            var row = _itemIds.Count;
            EnsureCapacity(row + 1, _labels.Count, line);
            if (!_isBlock)
            {
                _rowOfItem[itemId] = row;
                if (_shards.Count == 0 || !ReferenceEquals(_shards[_shards.Count - 1].Source, Source)) _shards.Add(new PredictionShard(row, Source, PathField));
            }
            _itemIds.Add(itemId);
            _lines.Add(line);
            return (long)row * _stride;
        }

        /// <summary>
        /// Reads a record into the table, or reports why it is skipped. A line of the plain form Vertex AI writes is read
        /// by a <see cref="PlainJson"/> scanner (a fraction of the reader's cost per token: a record holds three tokens a
        /// label); any other line, and any line whose values the scanner would have to judge (a score out of range, an
        /// id that is not a plain integer), by the <see cref="Utf8JsonReader"/>, whose results and messages are the reference.
        /// </summary>
        public void AddJsonLine(long lineNumber, ReadOnlySpan<byte> line)
        {
            ClearRecord();
            if (!ReadPlainLine(line, out var content, out int names, out int ids, out int confidences))
            {
                ClearRecord();
                if (!ReadLine(lineNumber, line, out content, out names, out ids, out confidences)) return;
            }
            if (string.IsNullOrEmpty(content))
            {
                var found = content is not null ? "an empty string" : _contentKind is { } kind ? kind : null;
                Skip(lineNumber, "instance.content", "MissingField", found is null ? "the record has no instance.content" : $"instance.content is {found}, not the item's path");
                return;
            }
            if (names == 0 || confidences == 0 || names != confidences)
            {
                // The list that is missing is the field to fix: a record without displayNames is no fault of its confidences.
                var field = names == 0 ? "prediction.displayNames" : "prediction.confidences";
                var message = names == confidences
                    ? "the prediction scores no label (its displayNames and confidences are empty or missing)"
                    : $"prediction needs as many confidences as displayNames (got {confidences} confidences and {names} displayNames)";
                Skip(lineNumber, field, "MissingField", message, content);
                return;
            }
            if (ids > 0 && ids != names)
            {
                Skip(lineNumber, "prediction.ids", "InvalidRecord", $"prediction has {ids} ids but {names} displayNames", content);
                return;
            }
            if (RepeatedLabel() is int repeated)
            {
                Skip(lineNumber, $"prediction.displayNames[{repeated}]", "DuplicateLabel", $"the label '{NameInRecord(repeated)}' is scored twice in one record", content);
                return;
            }
            for (int k = 0; k < _rowLabels.Count; k++)
            {
                if (_rowLabels[k] < 0) _rowLabels[k] = LabelIndex(_newLabels[~_rowLabels[k]], lineNumber);
            }
            // A label found by its id already holds that id (one mapping sets both ways): only the others need recording.
            if (ids > 0 && _labelsFoundById < _rowLabels.Count) RecordIds(lineNumber);
            AddRow(content!, lineNumber, _rowLabels, _rowScores);
            _previousLabels.Clear();
            _previousLabels.AddRange(_rowLabels);
        }

        private void ClearRecord()
        {
            _contentKind = null;
            StartNames();
            _rowScores.Clear();
            _rowIds.Clear();
            _labelsFoundById = 0;
        }

        // The record's fields with the reader; false when the line is skipped (reported).
        private bool ReadLine(long lineNumber, ReadOnlySpan<byte> line, out string? content, out int names, out int ids, out int confidences)
        {
            content = null;
            names = ids = confidences = 0;
            var reader = new Utf8JsonReader(line);
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    Skip(lineNumber, string.Empty, "InvalidRecord", "the line is not a JSON object");
                    return false;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("instance"u8))
                    {
                        reader.Read();
                        content = ReadInstanceContent(ref reader);
                    }
                    else if (reader.ValueTextEquals("prediction"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            // A list is what a video classifier's batch prediction writes: say so, as the file is then of the wrong task.
                            bool isList = reader.TokenType == JsonTokenType.StartArray;
                            if (isList && RowCount == 0 && _skipped == 0) VideoPredictionLine = lineNumber;
                            var video = isList ? " (a list, as a video model's batch predictions write it: evaluate those with --task video, -Task Video)" : string.Empty;
                            Skip(lineNumber, "prediction", "InvalidRecord", $"prediction must be an object with displayNames and confidences{video}");
                            return false;
                        }
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("displayNames"u8)) names = ReadNames(ref reader);
                            else if (reader.ValueTextEquals("ids"u8)) ids = ReadIds(ref reader);
                            else if (reader.ValueTextEquals("confidences"u8))
                            {
                                confidences = ReadConfidences(ref reader, lineNumber, content);
                                if (confidences < 0) return false;
                            }
                            else
                            {
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                JsonLines.EndOfRecord(ref reader);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                Skip(lineNumber, string.Empty, "InvalidJson", $"the line is not valid JSON ({JsonLines.FailureReason(e)})");
                return false;
            }
            return true;
        }

        /// <summary>
        /// The record's fields from a line of the plain form (<see cref="PlainJson"/>: valid UTF-8 without U+FFFD, no
        /// escapes; instance an object whose content or imageGcsUri is a string; prediction an object whose ids are plain
        /// integers or strings of digits, displayNames strings and confidences finite numbers in [0, 1]; none of
        /// these fields repeated), as <see cref="ReadLine"/> reads them; false, fields in any state, for any other line.
        /// </summary>
        private bool ReadPlainLine(ReadOnlySpan<byte> line, out string? content, out int names, out int ids, out int confidences)
        {
            content = null;
            names = ids = confidences = 0;
            // The scanner takes only text (PlainJson.TryReadString): a pass over the line to check it first cost 6% of a run.
            var json = new PlainJson(line);
            bool hasInstance = false, hasPrediction = false, closed;
            for (int i = 0; json.NextMember(i, out var name, out closed); i++)
            {
                bool read = name.SequenceEqual("instance"u8) ? !hasInstance && (hasInstance = ReadPlainInstance(ref json, out content))
                    : name.SequenceEqual("prediction"u8) ? !hasPrediction && (hasPrediction = ReadPlainPrediction(ref json, out names, out ids, out confidences))
                    : json.TrySkipValue();
                if (!read) return false;
            }
            return closed && json.AtEnd();
        }

        private static bool ReadPlainInstance(ref PlainJson json, out string? content)
        {
            content = null;
            bool closed;
            for (int i = 0; json.NextMember(i, out var name, out closed); i++)
            {
                if (name.SequenceEqual("content"u8) || name.SequenceEqual("imageGcsUri"u8))
                {
                    if (!json.TryReadString(out var value)) return false;
                    content = InputText.Trimmed(Utf8Lines.Decode(value));
                }
                else if (!json.TrySkipValue())
                {
                    return false;
                }
            }
            return closed;
        }

        private bool ReadPlainPrediction(ref PlainJson json, out int names, out int ids, out int confidences)
        {
            names = ids = confidences = -1;
            bool closed;
            for (int i = 0; json.NextMember(i, out var name, out closed); i++)
            {
                bool read = name.SequenceEqual("displayNames"u8) ? names < 0 && ReadPlainNames(ref json, out names)
                    : name.SequenceEqual("ids"u8) ? ids < 0 && ReadPlainIds(ref json, out ids)
                    : name.SequenceEqual("confidences"u8) ? confidences < 0 && ReadPlainConfidences(ref json, out confidences)
                    : json.TrySkipValue();
                if (!read) return false;
            }
            names = Math.Max(names, 0);
            ids = Math.Max(ids, 0);
            confidences = Math.Max(confidences, 0);
            return closed;
        }

        private bool ReadPlainNames(ref PlainJson json, out int count)
        {
            // The count and the names found by id are locals, written out once: as the out parameter and the field they
            // were read and written in memory at every name.
            int read = 0, foundById = 0;
            bool plain;
            for (; ; read++)
            {
                // Most names are the label known under the id beside them: taken with the comma before them by one comparison.
                int byId = LabelById(read);
                if (byId >= 0 && _quotedLabel[byId] is { } quoted && json.TryTakeElement(read, quoted))
                {
                    AddName(byId);
                    foundById++;
                    continue;
                }
                if (!json.NextElement(read, out bool closed))
                {
                    plain = closed;
                    break;
                }
                int previous = PreviousLabel(read);
                if (previous >= 0 && _quotedLabel[previous] is { } known && json.TryTakeString(known))
                {
                    AddName(previous);
                    continue;
                }
                if (!json.TryReadString(out var name))
                {
                    plain = false;
                    break;
                }
                AddName(LabelOf(Utf8Lines.Decode(name)));
            }
            count = read;
            _labelsFoundById += foundById;
            return plain;
        }

        // Ids as JSON integers or strings of up to 19 digits within a long (any other form is left to the reader).
        private bool ReadPlainIds(ref PlainJson json, out int count) => json.TryReadDigitList(_rowIds, out count);

        private bool ReadPlainConfidences(ref PlainJson json, out int count)
        {
            int first = _rowScores.Count;
            if (!json.TryReadNumberList(_rowScores, out count)) return false;
            for (int k = first; k < _rowScores.Count; k++)
            {
                if (!IsValidScore(_rowScores[k])) return false;
            }
            return true;
        }

        private string NameInRecord(int position) => _rowLabels[position] < 0 ? _newLabels[~_rowLabels[position]] : _labels[_rowLabels[position]];

        private void StartNames()
        {
            _rowLabels.Clear();
            _newLabels.Clear();
            _record++;
            _repeatedAt = -1;
        }

        // A name of the record, as its label's index (~k for a label not yet in the table), marked as seen as it is read.
        private void AddName(int label)
        {
            if (label >= 0)
            {
                if (_labelSeenInRecord[label] != _record) _labelSeenInRecord[label] = _record;
                else if (_repeatedAt < 0) _repeatedAt = _rowLabels.Count;
            }
            _rowLabels.Add(label);
        }

        /// <summary>The position of the first label the record names a second time, or null.</summary>
        private int? RepeatedLabel()
        {
            if (_repeatedAt >= 0) return _repeatedAt;
            if (_newLabels.Count > 1 && _newLabels.Distinct(StringComparer.Ordinal).Count() != _newLabels.Count)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (int k = 0; k < _rowLabels.Count; k++)
                {
                    if (_rowLabels[k] < 0 && !seen.Add(_newLabels[~_rowLabels[k]])) return k;
                }
            }
            return null;
        }

        private void RecordIds(long line)
        {
            for (int k = 0; k < _rowIds.Count; k++)
            {
                if (_rowIds[k] is long id) RecordId(_rowLabels[k], id, line);
                else NoteNonIntegerId(k, line);
            }
        }

        /// <summary>An id the labels cannot be ordered by; the file's first is kept (rare: built only then) to be reported once.</summary>
        private void NoteNonIntegerId(int position, long line)
        {
            _everyIdNumeric = false;
            if (_nonIntegerId is not null) return;
            _nonIntegerId = new DataIssue("UnusableIds", IssueSeverity.Warning, Source, line, "prediction.ids",
                $"the id of the label '{_labels[_rowLabels[position]]}' is {_nonIntegerIdAsWritten}, not a 64-bit integer{CannotOrderLabels}");
        }

        /// <summary>
        /// The first label no record gives an id while others have one, as UnusableIds at its first line; null if none. A
        /// label a CSV shard brought in (a CSV has no ids) is named by its column of the CSV's header, not by JSON's field.
        /// </summary>
        private DataIssue? LabelWithoutId()
        {
            int label = -1;
            for (int j = 0; j < _idOfLabel.Count && label < 0; j++)
            {
                // A name given an id another name holds has an id: ConflictingIds said so.
                if (_idOfLabel[j] is null && _labelsGivenTakenIds?.Contains(j) != true) label = j;
            }
            if (label < 0 || !_idOfLabel.Any(id => id.HasValue)) return null;
            var source = _sourceOfLabel[label];
            return InputFile.HasExtension(source, ".csv")
                ? new DataIssue("UnusableIds", IssueSeverity.Warning, source, _lineOfLabel[label], _labels[label],
                    $"the label '{_labels[label]}' first appears here, as a column of a CSV, which gives no ids, while other labels have ids in the JSON Lines files{CannotOrderLabels}")
                : new DataIssue("UnusableIds", IssueSeverity.Warning, source, _lineOfLabel[label], "prediction.ids",
                    $"no record gives the label '{_labels[label]}' an id (it first appears here), while other labels have ids{CannotOrderLabels}");
        }

        /// <summary>Of two issues (either may be null), the one on the earlier line of the files in read order.</summary>
        private static DataIssue? FirstRead(DataIssue? a, DataIssue? b, IReadOnlyList<string> paths)
        {
            if (a is null || b is null) return a ?? b;
            int fileOfA = paths.TakeWhile(p => !string.Equals(p, a.Source, StringComparison.Ordinal)).Count();
            int fileOfB = paths.TakeWhile(p => !string.Equals(p, b.Source, StringComparison.Ordinal)).Count();
            return (fileOfA, a.Line).CompareTo((fileOfB, b.Line)) <= 0 ? a : b;
        }

        // What every warning of ids that cannot order the labels says of the order taken instead.
        private const string CannotOrderLabels = "; the ids cannot order the labels, so they are ordered as they first appear in the predictions (which decides argmax and top-k ties)";

        private void RecordId(int label, long id, long line)
        {
            if (_idOfLabel[label] is null && !_labelOfId.ContainsKey(id))
            {
                _idOfLabel[label] = id;
                _labelOfId[id] = label;
                if (id >= 0 && id < SmallIds)
                {
                    if (id >= _labelOfSmallId.Length) Array.Resize(ref _labelOfSmallId, (int)Math.Min(SmallIds, Math.Max(2 * _labelOfSmallId.Length, id + 1)));
                    _labelOfSmallId[id] = label + 1;
                }
            }
            else if (_idOfLabel[label] != id)
            {
                // The same name under two ids (or two names under one id): ids cannot order the labels.
                _everyIdNumeric = false;
                NoteIdConflict(label, id, line);
            }
        }

        // The labels whose only ids name other labels too (rare: built only then): not labels without an id.
        private HashSet<int>? _labelsGivenTakenIds;

        /// <summary>Keeps the first conflict of ids (rare: built only then), to be reported once with the order the labels take instead.</summary>
        private void NoteIdConflict(int label, long id, long line)
        {
            var name = _labels[label];
            bool twoNames = _idOfLabel[label] is null;
            _idNamesTwoLabels |= twoNames;
            if (twoNames) (_labelsGivenTakenIds ??= new HashSet<int>()).Add(label);
            if (_idConflict is not null) return;
            var idText = id.ToString(CultureInfo.InvariantCulture);
            string conflict;
            if (twoNames)
            {
                var earlier = _labels[_labelOfId[id]];
                var lookAlike = LookAlikeNames.AreLookAlike(name, earlier) ? LookAlikeNames.Clause(name, earlier, "the earlier records") : string.Empty;
                conflict = $"the id {idText} names '{name}' here but '{earlier}' in earlier records, so the two are separate labels{lookAlike}";
            }
            else
            {
                conflict = $"the label '{name}' has the id {idText} here but {_idOfLabel[label]!.Value.ToString(CultureInfo.InvariantCulture)} in earlier records";
            }
            _idConflict = new DataIssue("ConflictingIds", IssueSeverity.Warning, Source, line, "prediction.ids", conflict + CannotOrderLabels);
        }

        /// <summary>The set read from <paramref name="paths"/> (in their read order, which decides the first of two warnings).</summary>
        public PredictionSet Build(IReadOnlyList<string> paths, bool reportMissingScores, bool allowNoItems)
        {
            if (_itemIds.Count == 0 && !allowNoItems) throw new InputFormatException("NoItems", Source, 0, string.Empty, $"no usable prediction records ({_skipped} skipped)");
            var order = Enumerable.Range(0, _labels.Count).ToArray();
            if (_everyIdNumeric && _idOfLabel.All(id => id.HasValue))
            {
                order = order.OrderBy(j => _idOfLabel[j]!.Value).ToArray();
            }
            var labelOrderIssues = new List<DataIssue>();
            if (_idConflict is not null) labelOrderIssues.Add(_idConflict);
            // The first such line, of either cause, as one pass and a merge of parts (which keeps each part's first) say it.
            if (FirstRead(_nonIntegerId, LabelWithoutId(), paths) is { } unusable) labelOrderIssues.Add(unusable);
            foreach (var issue in labelOrderIssues) _sink.Report(issue);
            long missing = ((long)_itemIds.Count * _labels.Count) - _scored;
            if (reportMissingScores) PredictionSet.ReportMissingScores(missing, Source, _sink, _idNamesTwoLabels);
            return new PredictionSet(Source, _shards, order.Select(j => _labels[j]).ToArray(), _itemIds, _lines, _scores, _stride, missing, _skipped, _duplicates)
            {
                ColumnOf = order,
                ScoredPerRow = _scoredPerRow,
                Rejections = _rejections,
                IdNamesTwoLabels = _idNamesTwoLabels,
                LabelOrderIssues = labelOrderIssues,
            };
        }

        private static string KindOf(JsonTokenType token) => token switch
        {
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "a list",
            _ => "null",
        };

        // The item's path; null where there is none, with _contentKind saying what stands in its place, if anything.
        private string? ReadInstanceContent(ref Utf8JsonReader reader)
        {
            _contentKind = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }
            string? content = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isContent = reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("imageGcsUri"u8);
                reader.Read();
                if (isContent)
                {
                    content = reader.TokenType == JsonTokenType.String ? InputText.Trimmed(reader.GetString()!) : null;
                    _contentKind = content is null ? KindOf(reader.TokenType) : null;
                }
                reader.Skip();
            }
            return content;
        }

        // Each list read replaces the record's earlier one: the last of a repeated field counts, as for every other field.
        private int ReadNames(ref Utf8JsonReader reader)
        {
            StartNames();
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("displayNames must be an array of strings");
            int k = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String) throw new JsonException("displayNames must be an array of strings");
                AddName(LabelOf(ref reader, k));
                k++;
            }
            return k;
        }

        /// <summary>The index of a known label, or ~k for the k-th label of the record that the table does not hold yet.</summary>
        private int LabelOf(ref Utf8JsonReader reader, int position)
        {
            int byId = LabelById(position);
            if (byId >= 0 && reader.ValueTextEquals(_labelUtf8[byId])) return byId;
            int previous = PreviousLabel(position);
            if (previous >= 0 && reader.ValueTextEquals(_labelUtf8[previous])) return previous;
            return LabelOf(reader.GetString()!);
        }

        /// <summary>
        /// The label the name at <paramref name="position"/> most likely is, to be confirmed by its UTF-8 bytes without
        /// making a string (-1 for none): the one known under the id this record gives there (Vertex writes ids before
        /// displayNames); failing that, <see cref="PreviousLabel"/>.
        /// </summary>
        private int LabelById(int position) => position < _rowIds.Count && _rowIds[position] is long id ? KnownLabelOfId(id) : -1;

        /// <summary>The label the previous accepted record named at <paramref name="position"/> (files list labels in one order), or -1.</summary>
        private int PreviousLabel(int position) => position < _previousLabels.Count ? _previousLabels[position] : -1;

        private int KnownLabelOfId(long id) =>
            (ulong)id < (ulong)_labelOfSmallId.Length ? _labelOfSmallId[id] - 1
            : id >= 0 && id < SmallIds ? -1
            : _labelOfId.TryGetValue(id, out var known) ? known : -1;

        private int LabelOf(string name)
        {
            name = InputText.Trimmed(name);
            if (_labelIndex.TryGetValue(name, out var index)) return index;
            _newLabels.Add(name);
            return ~(_newLabels.Count - 1);
        }

        private int ReadIds(ref Utf8JsonReader reader)
        {
            _rowIds.Clear();
            _nonIntegerIdAsWritten = null;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("ids must be an array");
            int k = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                long? id = null;
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number)) id = number;
                else if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) id = parsed;
                else
                {
                    _nonIntegerIdAsWritten ??= reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? AsWritten(ref reader) : KindOf(reader.TokenType);
                    reader.Skip();
                }
                _rowIds.Add(id);
                k++;
            }
            return k;
        }

        // content: the record's item, when its instance came before its prediction (as Vertex AI writes it).
        private int ReadConfidences(ref Utf8JsonReader reader, long lineNumber, string? content)
        {
            _rowScores.Clear();
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("confidences must be an array of numbers");
            int k = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    // A number written in quotes ("0.3") is the usual case: say what the value is, not only what it is not.
                    var what = reader.TokenType == JsonTokenType.String
                        ? $"the confidence {AsWritten(ref reader)} is a string, not a number (write it without quotes)"
                        : "a confidence is not a number";
                    Skip(lineNumber, $"prediction.confidences[{k}]", "InvalidScore", what, content);
                    return -1;
                }
                var score = reader.GetDouble();
                if (!IsValidScore(score))
                {
                    // As written: 1e400 reads as infinity, which the file does not say.
                    Skip(lineNumber, $"prediction.confidences[{k}]", "InvalidScore", $"the confidence {AsWritten(ref reader)} is not in [0, 1]", content);
                    return -1;
                }
                _rowScores.Add(score);
                k++;
            }
            return k;
        }

        /// <summary>The current value as the file writes it (a string in its quotes), cut to <see cref="JsonLines.MaxQuotedInput"/> characters, for a message.</summary>
        private static string AsWritten(ref Utf8JsonReader reader)
        {
            var text = reader.TokenType == JsonTokenType.String
                ? "\"" + reader.GetString() + "\""
                : Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
            return text.Length > JsonLines.MaxQuotedInput ? text.Remove(JsonLines.MaxQuotedInput) + "…" : text;
        }

        private void EnsureCapacity(int rows, int labels, long line)
        {
            var stride = labels > _stride ? Math.Max(labels, (int)Math.Min(int.MaxValue, _stride * 2L)) : _stride;
            long needed = (long)rows * stride;
            if (needed > MaxScores)
            {
                throw new InputFormatException("TooLarge", Source, line, "prediction.displayNames",
                    $"{rows.ToString(CultureInfo.InvariantCulture)} items × {labels.ToString(CultureInfo.InvariantCulture)} labels are more scores than one evaluation can hold ({MaxScores.ToString(CultureInfo.InvariantCulture)})");
            }
            if (stride > _stride)
            {
                // A label appeared that earlier rows did not score: widen every row (rare: usually the first record names them all).
                var wider = new double[Math.Min(Math.Max(needed, 1024), MaxScores)];
                if (_isBlock) wider.AsSpan().Fill(_unscored);
                for (long r = 0; r < _itemIds.Count; r++) Array.Copy(_scores, r * _stride, wider, r * stride, _stride);
                _scores = wider;
                _stride = stride;
            }
            if (needed > _scores.LongLength)
            {
                var old = _scores.Length;
                Array.Resize(ref _scores, (int)Math.Min(Math.Max(needed, _scores.LongLength * 2), MaxScores));
                if (_isBlock) _scores.AsSpan(old).Fill(_unscored);
            }
        }
    }
}
