using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>How the ground truth and predictions are joined.</summary>
public sealed record ClassificationInputOptions
{
    /// <summary>The split evaluated (<see cref="MlUse"/>); formats without splits are evaluated whole.</summary>
    public string MlUse { get; init; } = Classification.MlUse.Test;

    /// <summary>Force multi-label (true) or single-label (false); null detects it from the ground truth.</summary>
    public bool? MultiLabel { get; init; }

    /// <summary>Make any item on only one side an error that stops the run.</summary>
    public bool Strict { get; init; }

    /// <summary>
    /// The predictions are one shard of several: a ground-truth item without a prediction in it is neither reported nor
    /// an error here (it is counted when the partial evaluations are merged).
    /// </summary>
    public bool IsShard { get; init; }

    /// <summary>
    /// A shard streams a ground-truth file larger than this many bytes, keeping only its own items
    /// (<see cref="GroundTruthReader.ReadForShard"/>); a smaller one is read whole, once for the shards evaluated at the
    /// same time in the process (<see cref="SharedGroundTruth"/>). 0 always streams, as a process that evaluates one
    /// shard should. The default is <see cref="ClassificationInputs.ShardStreamingThreshold"/>.
    /// </summary>
    public long ShardStreamsGroundTruthAbove { get; init; } = ClassificationInputs.ShardStreamingThreshold;

    /// <summary>
    /// The folder relative predicted paths are taken from when they are joined as files (a path that is no ground-truth
    /// item as written): where the predictions were made, the CLI's current directory or PowerShell's location. Null is
    /// the process's current directory.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How the front end names the option that picks the split ("--ml-use", "-MlUse"), for the messages that suggest another split; null names none.</summary>
    public string? SplitOption { get; init; }
}

/// <summary>What the join of ground truth and predictions used, left out, and why: every item is accounted for.</summary>
public sealed record InputSummary
{
    /// <summary>Ground-truth items in the evaluated split: <see cref="Evaluated"/> + <see cref="MissingPredictions"/> + <see cref="RejectedGroundTruthItems"/>.</summary>
    public int GroundTruthItems { get; init; }

    /// <summary>
    /// Items in the predictions file: <see cref="Evaluated"/> + <see cref="OtherSplitPredictions"/> +
    /// <see cref="UnknownPredictions"/> + <see cref="RejectedItemPredictions"/>.
    /// </summary>
    public int PredictionItems { get; init; }

    /// <summary>Items on both sides: the evaluated items.</summary>
    public int Evaluated { get; init; }

    /// <summary>Ground-truth items of the split with no prediction (left out).</summary>
    public int MissingPredictions { get; init; }

    /// <summary>Predictions for items of another split of the ground truth (left out, as intended).</summary>
    public int OtherSplitPredictions { get; init; }

    /// <summary>Predictions for items absent from the ground truth (left out).</summary>
    public int UnknownPredictions { get; init; }

    /// <summary>Ground-truth items left out because they do not fit the task (for example several labels when single-label is forced).</summary>
    public int RejectedGroundTruthItems { get; init; }

    /// <summary>
    /// Predictions for the items of <see cref="RejectedGroundTruthItems"/> and for items whose ground-truth rows were all
    /// rejected as malformed (<see cref="SkippedGroundTruthRecords"/>): left out with them.
    /// </summary>
    public int RejectedItemPredictions { get; init; }

    /// <summary>Ground-truth records skipped as malformed.</summary>
    public int SkippedGroundTruthRecords { get; init; }

    /// <summary>Prediction records skipped as malformed.</summary>
    public int SkippedPredictionRecords { get; init; }

    /// <summary>Records of a metadata file (slicing by a metadata key) skipped as malformed; 0 without one.</summary>
    public int SkippedMetadataRecords { get; init; }

    /// <summary>Repeated ground-truth rows (merged) and repeated prediction records (first kept).</summary>
    public int DuplicateRecords { get; init; }

    /// <summary>(item, label) scores of the evaluated items absent from the predictions, taken as 0 (those of items left out are not counted).</summary>
    public long MissingScores { get; init; }

    /// <summary>Labels the model scored that no ground-truth item of the split carries.</summary>
    public IReadOnlyList<string> LabelsOnlyInPredictions { get; init; } = Array.Empty<string>();

    /// <summary>Ground-truth labels the model never scored (their scores are 0).</summary>
    public IReadOnlyList<string> LabelsOnlyInGroundTruth { get; init; } = Array.Empty<string>();
}

/// <summary>The joined inputs of a classification evaluation.</summary>
/// <param name="Data">The evaluated items and scores.</param>
/// <param name="Summary">What was used and left out.</param>
/// <param name="GroundTruth">The ground truth as read (all splits), for its base folder and labels.</param>
/// <param name="MlUse">The evaluated split.</param>
public sealed record LoadedClassification(ClassificationData Data, InputSummary Summary, GroundTruthSet GroundTruth, string MlUse)
{
    /// <summary>The predictions' warnings that their ids cannot order the labels (ConflictingIds, UnusableIds), reported when read; a part carries them to its merge.</summary>
    public IReadOnlyList<DataIssue> LabelOrderIssues { get; init; } = Array.Empty<DataIssue>();

    /// <summary>Whether some prediction record gave one id two names: the cause of absent scores besides top-k that MissingScore names.</summary>
    public bool IdNamesTwoLabels { get; init; }
}

/// <summary>Reads ground truth and predictions and joins them on the item path.</summary>
public static class ClassificationInputs
{
    /// <summary>
    /// Reads both files and joins them (<paramref name="predictionPath"/> may name a folder or a wildcard pattern of
    /// shards, <see cref="ShardFiles.Expand"/>); every left-out item is counted and reported to <paramref name="sink"/> (at most
    /// <see cref="CappedIssueSink.PerCode"/> of a kind per file one by one). The reads report to
    /// <paramref name="progress"/> and stop once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static LoadedClassification Load(
        string groundTruthPath, string predictionPath, ClassificationInputOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Load(groundTruthPath, ShardFiles.Expand(predictionPath, ShardFiles.PredictionExtensions), predictionPath, options, sink, progress, cancellationToken);

    /// <summary>
    /// Reads the ground truth and the prediction shards <paramref name="predictionFiles"/> as one prediction set (in the
    /// order given; <paramref name="predictionSource"/> names the set in messages, as a pattern does) and joins them.
    /// </summary>
    public static LoadedClassification Load(
        string groundTruthPath, IReadOnlyList<string> predictionFiles, string predictionSource, ClassificationInputOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        predictionFiles = ShardFiles.WithoutGroundTruth(predictionFiles, predictionSource, groundTruthPath, sink);
        // The predictions' issues are held until the ground truth's are reported: each read's come together, the ground truth's first.
        var predictionIssues = new IssueLog();
        if (options.IsShard && File.Exists(groundTruthPath) && new FileInfo(groundTruthPath).Length > options.ShardStreamsGroundTruthAbove)
        {
            // The shard's items are known first.
            var shard = PredictionReader.ReadForJoin(predictionFiles, predictionSource, predictionIssues, isShard: true, progress, cancellationToken);
            var kept = ReadGroundTruth(held => GroundTruthReader.ReadForShard(groundTruthPath, SplitOf(options), shard.ItemIds, held, progress, cancellationToken), options, sink);
            predictionIssues.ReportTo(sink);
            return JoinReported(kept, shard, options, sink);
        }
        // The ground truth is read on a thread of its own while the predictions are read on this one: their parse leaves
        // part of the second core idle, and the ground truth's read fills it. Its issues (or its failure) are reported
        // first and the predictions' after them, as when the reads ran one after the other; only this thread reports.
        // A ground truth that fails (a mistyped path, a missing column) stops the predictions' read at once.
        var groundTruthIssues = new IssueLog();
        using var stopPredictions = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var groundTruthRead = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    var read = options.IsShard ? SharedGroundTruth.Read(groundTruthPath, groundTruthIssues, null, cancellationToken) : GroundTruthReader.Read(groundTruthPath, groundTruthIssues, null, cancellationToken);
                    // The join's lookups are ready before the predictions are: the split and its index take this core's idle time.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (MlUse.Normalize(options.MlUse) is string mlUse) read.Split(mlUse).BuildIndex();
                    return read;
                }
                catch
                {
                    stopPredictions.Cancel();
                    throw;
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        GroundTruthSet ReadBeside(IIssueSink held)
        {
            try
            {
                return groundTruthRead.GetAwaiter().GetResult();
            }
            finally
            {
                groundTruthIssues.ReportTo(held);
            }
        }
        PredictionSet predictions;
        try
        {
            predictions = PredictionReader.ReadForJoin(predictionFiles, predictionSource, predictionIssues, options.IsShard, progress, stopPredictions.Token);
        }
        catch
        {
            // Nothing runs on after the load ends; the ground truth's failure, if it stopped this read, is the one thrown.
            ReadGroundTruth(ReadBeside, options, sink);
            predictionIssues.ReportTo(sink);
            throw;
        }
        var groundTruth = ReadGroundTruth(ReadBeside, options, sink);
        predictionIssues.ReportTo(sink);
        return JoinReported(groundTruth, predictions, options, sink);
    }

    /// <summary>
    /// Reads the ground truth with <paramref name="read"/>, holding what the read reports, then reports it together with
    /// the items the join will reject (<see cref="ReportRejectedItems"/>) in line order: the errors of one file come out
    /// as its lines run, not the reader's first and the join's after them. Issues on no one line (line 0: counts past the cap,
    /// whole-file notes) come last, each kind after its listed ones.
    /// </summary>
    private static GroundTruthSet ReadGroundTruth(Func<IIssueSink, GroundTruthSet> read, ClassificationInputOptions options, IIssueSink sink)
    {
        var held = new IssueLog();
        GroundTruthSet groundTruth;
        try
        {
            groundTruth = read(held);
        }
        catch
        {
            // The read stopped on a fatal problem: what it found before is still reported, then the failure.
            ReportInLineOrder(held.Issues, sink);
            throw;
        }
        var rejections = new IssueLog();
        using (var capped = new CappedIssueSink(rejections)) ReportRejectedItems(groundTruth, options, capped);
        ReportInLineOrder(held.Issues.Concat(rejections.Issues), sink);
        return groundTruth;
    }

    /// <summary>Reports <paramref name="issues"/> file by file (a folder's files in the order first reported), each in line order.</summary>
    private static void ReportInLineOrder(IEnumerable<DataIssue> issues, IIssueSink sink)
    {
        // GroupBy keeps the first-seen order of files and OrderBy is stable: issues of one line keep the order they were reported in.
        var inOrder = issues.GroupBy(i => i.Source, StringComparer.Ordinal).SelectMany(file => file.OrderBy(i => i.Line == 0 ? long.MaxValue : i.Line));
        foreach (var issue in inOrder) sink.Report(issue);
    }

    /// <summary>
    /// Reports each item of the evaluated split that a single-label evaluation leaves out (NotSingleLabel, an error on
    /// the item's line), and counts those a read for a shard did not keep (they are past the cap).
    /// </summary>
    private static void ReportRejectedItems(GroundTruthSet groundTruth, ClassificationInputOptions options, CappedIssueSink sink)
    {
        if (options.MultiLabel is null && groundTruth.LabelCounts is { IsMultiLabelByFewItems: true } counts) ReportMultiLabelByFewItems(groundTruth.Source, counts, sink);
        if (options.MultiLabel ?? groundTruth.IsMultiLabel) return;
        var splitView = groundTruth.Split(SplitOf(options));
        foreach (var item in splitView.Items.Where(i => i.Labels.Count != 1))
        {
            var has = item.Labels.Count == 0 ? "has no label" : $"has {item.Labels.Count} labels";
            sink.Report(new DataIssue("NotSingleLabel", IssueSeverity.Error, groundTruth.Source, item.Line, "LABEL", $"'{item.ItemId}' {has} but the evaluation is single-label; the item is left out"));
        }
        if (splitView.UnlistedNotSingleLabelItems > 0) sink.CountUnlisted("NotSingleLabel", splitView.UnlistedNotSingleLabelItems);
    }

    /// <summary>
    /// Warns that the evaluation is multi-label because of a few items with several labels (MultiLabelByFewItems, on
    /// the first one's line): every figure is then a multi-label one, and the rows that decided it may be mistakes.
    /// </summary>
    private static void ReportMultiLabelByFewItems(string source, GroundTruthLabelCounts counts, CappedIssueSink sink)
    {
        var first = counts.FirstSeveralLabelItem!;
        var share = (100.0 * counts.SeveralLabelItems / counts.Items).ToString("0.#", CultureInfo.InvariantCulture);
        sink.Report(new DataIssue("MultiLabelByFewItems", IssueSeverity.Warning, source, first.Line, "LABEL",
            $"the evaluation is multi-label (subset accuracy, binary log loss) because {counts.SeveralLabelItems.ToString(CultureInfo.InvariantCulture)} of {Counted.Of(counts.Items, "item")} ({share}%) {Counted.Verb(counts.SeveralLabelItems, "has", "have")} several labels, the first here ('{first.ItemId}': {string.Join(", ", first.Labels)}); "
            + "if they are mistakes (repeated rows with another label), evaluate single-label (--single-label, -SingleLabel) to leave them out; if the data is multi-label, say so (--multi-label, -MultiLabel)"));
    }

    /// <summary>
    /// The ground-truth file size above which a shard streams it by default (<see cref="ClassificationInputOptions.ShardStreamsGroundTruthAbove"/>):
    /// a sixteenth of the memory the process may use, so that a whole read (about 3 to 4 bytes held per byte of file)
    /// takes at most a quarter of it (1.5 GB of file on a 24 GB machine); 64 MiB where the runtime does not tell
    /// (.NET Framework). Below it, the shards of one process share one read, which costs less CPU than each streaming
    /// the file (docs/partial-evaluations.md, "Scale, time and memory").
    /// </summary>
    public static long ShardStreamingThreshold { get; } =
#if NET8_0_OR_GREATER
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16;
#else
        64L << 20;
#endif

    private static string SplitOf(ClassificationInputOptions options) =>
        MlUse.Normalize(options.MlUse) ?? throw new ArgumentException($"'{options.MlUse}' is not a split (training, validation, test, unassigned).", nameof(options));

    /// <summary>Up to five names and "…", for messages.</summary>
    private static string FirstFew(IReadOnlyList<string> names) => string.Join(", ", names.Take(5)) + (names.Count > 5 ? ", …" : string.Empty);

    /// <summary>
    /// Joins read inputs on the item path. The scores of <paramref name="predictions"/> are handed over to the joined data
    /// (rearranged in place rather than copied): the set's scores cannot be read afterwards.
    /// </summary>
    public static LoadedClassification Join(GroundTruthSet groundTruth, PredictionSet predictions, ClassificationInputOptions options, IIssueSink sink)
    {
        using var capped = new CappedIssueSink(sink);
        ReportRejectedItems(groundTruth, options, capped);
        return Join(groundTruth, predictions, options, capped);
    }

    /// <summary>Joins inputs whose rejected items were reported already (<see cref="ReadGroundTruth"/>).</summary>
    private static LoadedClassification JoinReported(GroundTruthSet groundTruth, PredictionSet predictions, ClassificationInputOptions options, IIssueSink sink)
    {
        using var capped = new CappedIssueSink(sink);
        return Join(groundTruth, predictions, options, capped);
    }

    /// <summary>
    /// What NoMatchedItems says of paths that match nothing: one path from each side and the form each is written in
    /// (a ground truth's relative paths are taken from its folder, the predictions' from the working directory).
    /// </summary>
    private static string PathFormsHint(string predicted, string? groundTruthItem, GroundTruthSet groundTruth, ClassificationInputOptions options)
    {
        var hint = "paths must name the same files in both files: the predictions name "
            + ItemFiles.Described(predicted, "the working directory " + (options.WorkingDirectory ?? Directory.GetCurrentDirectory()));
        return groundTruthItem is null ? hint : hint + "; the ground truth names " + ItemFiles.Described(groundTruthItem, "its folder " + groundTruth.BaseDirectory);
    }

    /// <summary>
    /// The warnings for the labels of one side only, as one evaluation and a merge of parts report them: LabelNotPredicted
    /// for <paramref name="onlyInGroundTruth"/>, LabelNotInGroundTruth for <paramref name="onlyInPredictions"/>, both
    /// naming the predictions (<paramref name="predictionsSource"/>: what the model scores is about them, and it tells the
    /// two predictions files of a comparison apart).
    /// </summary>
    internal static void ReportLabelsInOneFileOnly(
        IReadOnlyList<string> onlyInGroundTruth, IReadOnlyList<string> onlyInPredictions, IReadOnlyList<string> predictedLabels, IReadOnlyList<string> splitLabels, string predictionsSource, string mlUse, IIssueSink sink)
    {
        // A label on one side that is written differently on the other (case, Unicode normalisation) prints alike: the
        // warnings say so, also where the other side has both forms (one id under two names, say).
        var predictedLookAlike = LookAlikeNames.Pairs(onlyInGroundTruth, predictedLabels);
        var groundTruthLookAlike = LookAlikeNames.Pairs(onlyInPredictions, splitLabels);
        foreach (var label in onlyInGroundTruth)
        {
            var lookAlike = predictedLookAlike.TryGetValue(label, out var other) ? LookAlikeNames.Clause(label, other, "the predictions") : string.Empty;
            sink.Report(new DataIssue("LabelNotPredicted", IssueSeverity.Warning, predictionsSource, 0, "prediction.displayNames", $"the ground-truth label '{label}' is never scored by the model; its scores are taken as 0{lookAlike}"));
        }
        foreach (var label in onlyInPredictions)
        {
            var lookAlike = groundTruthLookAlike.TryGetValue(label, out var other) ? LookAlikeNames.Clause(label, other, "the ground truth") : string.Empty;
            sink.Report(new DataIssue("LabelNotInGroundTruth", IssueSeverity.Warning, predictionsSource, 0, "prediction.displayNames", $"the model scores the label '{label}', which no '{mlUse}' ground-truth item carries{lookAlike}"));
        }
    }

    // The join's lookups and truth rows are shared out in blocks of this many rows.
    private const int RowsPerJoinBlock = 8192;

    private static int BlocksOf(int rows) => (rows + RowsPerJoinBlock - 1) / RowsPerJoinBlock;

    private static LoadedClassification Join(GroundTruthSet groundTruth, PredictionSet predictions, ClassificationInputOptions options, CappedIssueSink sink)
    {
        var mlUse = SplitOf(options);
        var splitView = groundTruth.Split(mlUse);
        var split = splitView.Items;
        if (splitView.ItemCount == 0)
        {
            var found = string.Join(", ", groundTruth.SplitCounts.Select(kv => $"{kv.Key} {kv.Value}"));
            throw new InputFormatException("EmptySplit", groundTruth.Source, 0, "ML_USE", $"no ground-truth item is in the '{mlUse}' split (found: {found}); pick one{(options.SplitOption is null ? string.Empty : " with " + options.SplitOption)}");
        }
        var multiLabel = options.MultiLabel ?? groundTruth.IsMultiLabel;

        var labels = predictions.Labels.ToList();
        var splitLabels = splitView.LabelsEvaluated(multiLabel);
        var predicted = new HashSet<string>(predictions.Labels, StringComparer.Ordinal);
        var carried = new HashSet<string>(splitLabels, StringComparer.Ordinal);
        var onlyInGroundTruth = splitLabels.Where(l => !predicted.Contains(l)).ToArray();
        labels.AddRange(onlyInGroundTruth);
        var onlyInPredictions = predictions.Labels.Where(l => !carried.Contains(l)).ToArray();
        // A batch job's shard can be empty: its part holds no item (the ground truth's counts only), and its labels are no news.
        bool emptyShard = options.IsShard && predictions.ItemIds.Count == 0;
        if (emptyShard) sink.Report(ShardFiles.EmptyShardWarning(predictions.Source));
        if (!emptyShard && predictions.Labels.Count > 0 && splitLabels.Count > 0 && onlyInGroundTruth.Length == splitLabels.Count)
        {
            // Every figure would be 0 after one warning per label: the files name their classes differently (often indices against names).
            throw new InputFormatException("NoCommonLabels", predictions.Source, 0, "prediction.displayNames", $"none of the model's labels ({FirstFew(predictions.Labels)}) is a label of the '{mlUse}' items of {groundTruth.Source} ({FirstFew(splitLabels)}); predictions that name classes by index need the labels file when predicting (-LabelPath, --labels)");
        }
        ReportLabelsInOneFileOnly(emptyShard ? Array.Empty<string>() : onlyInGroundTruth, onlyInPredictions, predictions.Labels, splitLabels, predictions.Source, mlUse, sink);
        var labelIndex = labels.Select((l, j) => (l, j)).ToDictionary(p => p.l, p => p.j, StringComparer.Ordinal);

        // Looked up from the predictions' side: a shard hashes its own items, not the whole split's. The lookups run on
        // every core, a block of rows each; the places found are then taken in row order.
        var predictedIds = predictions.ItemIds;
        var placeOfRow = new int[predictedIds.Count];
        Parallel.For(0, BlocksOf(predictedIds.Count), block =>
        {
            for (int r = block * RowsPerJoinBlock, end = Math.Min(predictedIds.Count, r + RowsPerJoinBlock); r < end; r++) placeOfRow[r] = splitView.IndexOf(predictedIds[r]) ?? -1;
        });
        var rowOfSplitItem = new int[split.Count];
        rowOfSplitItem.AsSpan().Fill(-1);
        int matchedAsWritten = 0;
        for (int r = 0; r < placeOfRow.Length; r++)
        {
            if (placeOfRow[r] < 0) continue;
            rowOfSplitItem[placeOfRow[r]] = r;
            matchedAsWritten++;
        }
        // Items left on both sides may be one file written in two forms (ItemFiles): the tool's own prediction files join its own ground truths.
        var itemOfRow = matchedAsWritten < split.Count && matchedAsWritten < predictions.ItemIds.Count
            ? ItemFiles.Match(groundTruth, predictions.ItemIds, options.WorkingDirectory ?? Directory.GetCurrentDirectory())
            : null;
        for (int r = 0; itemOfRow is not null && r < itemOfRow.Length; r++)
        {
            if (itemOfRow[r] is not { } item || splitView.IndexOf(item) is not int at) continue;
            // The item predicted again under another form of its path: the first prediction stands, the other is unknown.
            if (rowOfSplitItem[at] < 0) rowOfSplitItem[at] = r;
            else itemOfRow[r] = null;
        }
        var used = new bool[predictions.ItemIds.Count];
        var matched = new List<(GroundTruthItem Item, int Row)>(Math.Min(split.Count, predictions.ItemIds.Count));
        var rejectedIds = new HashSet<string>(StringComparer.Ordinal);
        List<GroundTruthItem>? withoutPrediction = null;
        for (int at = 0; at < split.Count; at++)
        {
            var item = split[at];
            if (!multiLabel && item.Labels.Count != 1)
            {
                // Reported with the ground truth's issues, in line order (ReportRejectedItems).
                rejectedIds.Add(item.ItemId);
                continue;
            }
            var row = rowOfSplitItem[at];
            if (row < 0)
            {
                // Reported with the unknown predictions, whose paths may be theirs written otherwise (UnmatchedItems).
                if (!options.IsShard) (withoutPrediction ??= new List<GroundTruthItem>()).Add(item);
                continue;
            }
            used[row] = true;
            matched.Add((item, row));
        }

        // The split's items a read for a shard did not keep (those of other than one label are rejected unlisted).
        int rejected = rejectedIds.Count + (multiLabel ? 0 : splitView.UnlistedNotSingleLabelItems);
        int missing = splitView.ItemCount - rejected - matched.Count;
        int otherSplit = 0, rejectedItemPredictions = 0;
        List<int>? unknownRows = null;
        for (int r = 0; r < used.Length; r++)
        {
            if (used[r]) continue;
            var itemId = itemOfRow?[r] ?? predictions.ItemIds[r];
            if (rejectedIds.Contains(itemId))
            {
                rejectedItemPredictions++;
            }
            else if (groundTruth.Contains(itemId))
            {
                otherSplit++;
            }
            else if (groundTruth.RejectedRecordItems.Contains(itemId))
            {
                // Its row was rejected (and reported): the item is listed, though not evaluable.
                rejectedItemPredictions++;
            }
            else
            {
                (unknownRows ??= new List<int>()).Add(r);
            }
        }
        int unknown = unknownRows?.Count ?? 0;
        UnmatchedItems.Report(groundTruth, predictions, withoutPrediction, unknownRows, sink);
        // Only the evaluated items' absent scores are taken as 0: those of items left out count for nothing.
        long missingScores = predictions.MissingScoresOf(matched.Select(m => m.Row));
        PredictionSet.ReportMissingScores(missingScores, predictions.Source, sink, predictions.IdNamesTwoLabels);
        if (options.Strict && ((missing > 0 && !options.IsShard) || unknown > 0))
        {
            throw new InputFormatException("UnmatchedItems", predictions.Source, 0, predictions.ShardOf(0).PathField, $"{Counted.Of(missing, "ground-truth item")} {Counted.Verb(missing, "has", "have")} no prediction and {Counted.Of(unknown, "prediction")} {Counted.Verb(unknown, "has", "have")} no ground truth (strict mode)");
        }
        if (matched.Count == 0 && !emptyShard)
        {
            // Predictions of another split (the validation file evaluated against the default test split) are a wrong
            // --ml-use, and those of items whose rows were rejected a problem of those rows, not a path problem: the
            // hint says which, with the task to name where the ground truth has another task's import form.
            var reasons = new List<string>();
            if (rejectedItemPredictions > 0) reasons.Add(Are(rejectedItemPredictions, "an item whose ground-truth records were rejected", "items whose ground-truth records were rejected", "each reported as an error"));
            if (otherSplit > 0) reasons.Add(Are(otherSplit, "an item of another split", "items of another split", $"{options.SplitOption ?? "the split option"} names the split evaluated"));
            if (unknown > 0)
            {
                var pathHint = PathFormsHint(predictions.ItemIds[unknownRows![0]], split.Count > 0 ? split[0].ItemId : null, groundTruth, options);
                reasons.Add(reasons.Count == 0 ? pathHint : $"for the other {unknown}, {pathHint}");
            }
            if (reasons.Count == 0) reasons.Add("paths must be written the same way in both files");
            throw new InputFormatException("NoMatchedItems", predictions.Source, 0, predictions.ShardOf(0).PathField,
                $"none of the {predictions.ItemIds.Count} predicted items is a '{mlUse}' item of {groundTruth.Source}; {string.Join("; ", reasons)}{groundTruth.OtherTaskHint}");

            // "they are items of another split (…)" where they all are, "2 are items of another split (…)" otherwise.
            string Are(int count, string one, string several, string why)
            {
                var are = count == predictions.ItemIds.Count ? Counted.Verb(count, "it is " + one, "they are " + several)
                    : count.ToString(CultureInfo.InvariantCulture) + " " + Counted.Verb(count, "is " + one, "are " + several);
                return $"{are} ({why})";
            }
        }

        var labelCount = labels.Count;
        var truth = new bool[(long)matched.Count * labelCount];
        var ids = new string[matched.Count];
        // Each item writes its own row of the truth: blocks of items on every core.
        Parallel.For(0, BlocksOf(matched.Count), block =>
        {
            for (int i = block * RowsPerJoinBlock, end = Math.Min(matched.Count, i + RowsPerJoinBlock); i < end; i++)
            {
                var (item, _) = matched[i];
                ids[i] = item.ItemId;
                long offset = (long)i * labelCount;
                var itemLabels = item.Labels;
                for (int k = 0; k < itemLabels.Count; k++) truth[offset + labelIndex[itemLabels[k]]] = true;
            }
        });
        var scores = predictions.HandOverScores(matched.Select(m => m.Row).ToArray(), labelCount);
        var summary = new InputSummary
        {
            GroundTruthItems = splitView.ItemCount,
            PredictionItems = predictions.ItemIds.Count,
            Evaluated = matched.Count,
            MissingPredictions = missing,
            OtherSplitPredictions = otherSplit,
            UnknownPredictions = unknown,
            RejectedGroundTruthItems = rejected,
            RejectedItemPredictions = rejectedItemPredictions,
            SkippedGroundTruthRecords = groundTruth.SkippedRecords,
            SkippedPredictionRecords = predictions.SkippedRecords,
            DuplicateRecords = groundTruth.DuplicateRecords + predictions.DuplicateRecords,
            MissingScores = missingScores,
            LabelsOnlyInPredictions = onlyInPredictions,
            LabelsOnlyInGroundTruth = onlyInGroundTruth,
        };
        return new LoadedClassification(ClassificationData.OverBuffer(labels, ids, scores, truth, multiLabel), summary, groundTruth, mlUse)
        {
            LabelOrderIssues = predictions.LabelOrderIssues,
            IdNamesTwoLabels = predictions.IdNamesTwoLabels,
        };
    }
}
