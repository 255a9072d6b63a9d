using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// The exact, mergeable state of a classification evaluation of some of the items (a shard of the predictions):
/// the row statistics (sums and counts), per label the positives and negatives at each distinct score, the items'
/// top-1 confidences the same way, the Brier sum, and a 64-bit hash of each evaluated item's path to find items
/// evaluated in two parts. <see cref="Merge(PartialClassification, PartialClassification)"/> is associative and commutative; <see cref="Evaluate"/> gives what one
/// evaluation of all the parts' predictions together gives, to rounding (see docs/partial-evaluations.md).
/// Size: about 3 to 4 bytes per distinct float32 score per label and of the top-1 confidences (up to 14 for float64
/// scores), about 6 bytes per item hash, and labels² counts for the confusion matrix; with bootstrap intervals, that
/// state (without item hashes) once more per resample. A merge keeps the parts' histograms as they are (runs, read
/// by a k-way merge when evaluated), so merging costs no more memory than the parts.
/// </summary>
public sealed record PartialClassification : IPartialEvaluation
{
    /// <summary>The task string of a classification part's header.</summary>
    public const string TaskName = "classification";

    /// <inheritdoc />
    public string Task => TaskName;

    private PartialClassification()
    {
    }

    /// <summary>Hash of the evaluated split of the ground truth (item paths and labels): parts of other ground truths do not merge.</summary>
    public ulong GroundTruthFingerprint { get; private init; }

    /// <summary>The evaluated split.</summary>
    public string MlUse { get; private init; } = string.Empty;

    /// <summary>Whether the evaluation is multi-label.</summary>
    public bool IsMultiLabel { get; private init; }

    /// <summary>Threshold, grid, top-k, and the bootstrap's resamples and seed.</summary>
    public ClassificationOptions Options { get; private init; } = new();

    /// <summary>Labels in column order: the predicted ones, then the ground-truth labels of the split no part predicts.</summary>
    public IReadOnlyList<string> Labels { get; private init; } = Array.Empty<string>();

    /// <summary>Every label some part's predictions score.</summary>
    public IReadOnlyList<string> PredictedLabels { get; private init; } = Array.Empty<string>();

    /// <summary>Every label the ground truth's split carries, in order of first appearance.</summary>
    public IReadOnlyList<string> SplitLabels { get; private init; } = Array.Empty<string>();

    /// <summary>The predictions files evaluated, ordinal order.</summary>
    public IReadOnlyList<string> Sources { get; private init; } = Array.Empty<string>();

    /// <summary>The ground truth's path as the shard's evaluation was given it (empty in parts of format version 2 and older); a merge keeps the first part's.</summary>
    public string GroundTruthPath { get; private init; } = string.Empty;

    /// <summary>
    /// The predictions' warnings that their ids cannot order the labels (ConflictingIds, UnusableIds), the first of each
    /// code over the parts in the order their files are read (empty in parts before format version 7): the merge says
    /// them as one pass of all the shards does, once.
    /// </summary>
    public IReadOnlyList<DataIssue> LabelOrderIssues { get; private init; } = Array.Empty<DataIssue>();

    /// <summary>Whether some part's predictions gave one id two names: the cause of absent scores besides top-k that MissingScore names.</summary>
    public bool IdNamesTwoLabels { get; private init; }

    /// <summary>Evaluated (item, prediction) rows, an item evaluated in two parts counting twice.</summary>
    public long Items => Rows.Items;

    /// <summary>Items evaluated in more than one part (each extra copy once).</summary>
    public long CrossPartDuplicates => ItemHashes.Repeated;

    /// <summary>The ground truth's counts (the same in every part) and the parts' prediction counts (summed).</summary>
    public InputSummary Counts { get; private init; } = new();

    /// <inheritdoc />
    public RejectedRecords Rejected => new(Counts.SkippedGroundTruthRecords, Counts.SkippedPredictionRecords);

    /// <summary>Repeated ground-truth rows (counted once however many parts there are).</summary>
    internal int GroundTruthDuplicateRecords { get; private init; }

    internal RowStatistics Rows { get; private init; } = new(1, 1);

    internal ScoreHistogram[] LabelScores { get; private init; } = Array.Empty<ScoreHistogram>();

    internal ScoreHistogram TopScores { get; private init; } = ScoreHistogram.Empty;

    internal double BrierSum { get; private init; }

    /// <summary>FNV-1a 64-bit hashes of the evaluated item paths, sorted and distinct within each part merged in.</summary>
    internal HashRuns ItemHashes { get; private init; } = HashRuns.None;

    /// <summary>
    /// The same state of each Poisson bootstrap resample of the items (<see cref="PoissonResamples"/>: an item's weights
    /// depend on its id only, so resample b of the whole is resample b of every part, merged).
    /// </summary>
    internal PartialClassification[] Resamples { get; private init; } = Array.Empty<PartialClassification>();

    /// <summary>
    /// The partial evaluation of joined inputs whose predictions are one shard: the ground-truth items absent from it
    /// are not counted as missing until the parts are merged and evaluated. With <see cref="ClassificationOptions.BootstrapSamples"/>,
    /// it also holds the state of each Poisson resample of the shard's items, so the merged evaluation has the intervals
    /// of one evaluation of all the shards. Reports to <paramref name="progress"/> the step <see cref="PartialEvaluation.EvaluatingPartStep"/>, then
    /// each resample done (<see cref="Bootstrap.ResamplesStep"/>), so that every front end shows the same steps.
    /// </summary>
    public static PartialClassification Of(LoadedClassification inputs, string predictionSource, ClassificationOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var data = inputs.Data;
        var split = inputs.GroundTruth.Split(inputs.MlUse);
        var hashes = data.ItemIds.Select(ItemHash.Of).Distinct().ToArray();
        Array.Sort(hashes);
        var summary = inputs.Summary;
        var header = new PartialClassification
        {
            GroundTruthFingerprint = split.Fingerprint,
            MlUse = inputs.MlUse,
            IsMultiLabel = data.IsMultiLabel,
            Options = options,
            Labels = data.Labels.ToArray(),
            PredictedLabels = data.Labels.Except(summary.LabelsOnlyInGroundTruth, StringComparer.Ordinal).ToArray(),
            SplitLabels = split.LabelsEvaluated(data.IsMultiLabel),
            GroundTruthDuplicateRecords = inputs.GroundTruth.DuplicateRecords,
            Sources = new[] { predictionSource },
            GroundTruthPath = inputs.GroundTruth.Source,
            LabelOrderIssues = inputs.LabelOrderIssues,
            IdNamesTwoLabels = inputs.IdNamesTwoLabels,
            Counts = summary with { MissingPredictions = 0, Evaluated = 0, LabelsOnlyInGroundTruth = Array.Empty<string>(), LabelsOnlyInPredictions = Array.Empty<string>() },
            ItemHashes = HashRuns.Of(hashes, new[] { predictionSource }, data.ItemCount - hashes.Length),
        };
        var resampleOptions = Bootstrap.ResampleOptions(options);
        var resamples = new PoissonResamples(data.ItemIds, options.BootstrapSeed);
        progress?.Report(new WorkProgress(PartialEvaluation.EvaluatingPartStep, 0, 0));
        var part = header.WithStateOf(data, options, cancellationToken);
        if (options.BootstrapSamples == 0) return part;
        var resamplesDone = new ProgressCounter(progress, Bootstrap.ResamplesStep, options.BootstrapSamples);
        return part with
        {
            Resamples = Enumerable.Range(0, options.BootstrapSamples)
                .Select(_ =>
                {
                    var resample = header.WithStateOf(data.SelectItems(resamples.Next()), resampleOptions, cancellationToken) with { ItemHashes = HashRuns.None };
                    resamplesDone.Add();
                    return resample;
                })
                .ToArray(),
        };
    }

    /// <summary>
    /// The state of classification data not joined from files (the items of a video evaluation of
    /// <paramref name="groundTruthPath"/>): no ground-truth counts, split or fingerprint; the columns are
    /// <paramref name="data"/>'s labels in every part; items in two parts are found by their ids. No bootstrap resamples.
    /// </summary>
    internal static PartialClassification OfData(ClassificationData data, ClassificationOptions options, string source, string groundTruthPath, CancellationToken cancellationToken)
    {
        options.Validate();
        if (options.BootstrapSamples > 0) throw new ArgumentException("Partial evaluations of this task carry no bootstrap resamples.", nameof(options));
        var hashes = data.ItemIds.Select(ItemHash.Of).Distinct().ToArray();
        Array.Sort(hashes);
        var header = new PartialClassification
        {
            IsMultiLabel = data.IsMultiLabel,
            Labels = data.Labels.ToArray(),
            PredictedLabels = data.Labels.ToArray(),
            SplitLabels = data.Labels.ToArray(),
            Sources = new[] { source },
            GroundTruthPath = groundTruthPath,
            Counts = new InputSummary { PredictionItems = data.ItemCount },
            ItemHashes = HashRuns.Of(hashes, new[] { source }, data.ItemCount - hashes.Length),
        };
        return header.WithStateOf(data, options, cancellationToken);
    }

    /// <summary>This part's header (ground truth, settings, labels, counts) with the metric state of <paramref name="data"/> evaluated with <paramref name="options"/>.</summary>
    private PartialClassification WithStateOf(ClassificationData data, ClassificationOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rows = ClassificationEvaluator.ComputeRows(data, options, new ParallelOptions { CancellationToken = cancellationToken }, out var topScore, out var topCorrect, out var brier);
        return this with
        {
            Options = options,
            Rows = rows,
            LabelScores = SortedColumn.AllOf(data, cancellationToken: cancellationToken).Select(ScoreHistogram.Of).ToArray(),
            TopScores = ScoreHistogram.Of(SortedColumn.Of(topScore, topCorrect)),
            BrierSum = brier,
        };
    }

    /// <summary>
    /// Both parts as one. Throws an <see cref="ArgumentException"/> when they come from different ground truths, splits,
    /// kinds or settings. Labels: the predicted labels in order of first appearance over the parts taken in the ordinal
    /// order of their first predictions file (the order a glob of shards is read in), then the split's labels none predicts.
    /// </summary>
    public static PartialClassification Merge(PartialClassification a, PartialClassification b)
    {
        RequireSameEvaluation(a, b);
        if (string.CompareOrdinal(a.Sources[0], b.Sources[0]) > 0) (a, b) = (b, a);
        var predicted = a.PredictedLabels.Concat(b.PredictedLabels).Distinct(StringComparer.Ordinal).ToArray();
        var predictedSet = new HashSet<string>(predicted, StringComparer.Ordinal);
        var labels = predicted.Concat(a.SplitLabels.Where(l => !predictedSet.Contains(l))).ToArray();
        var wideA = a.Widened(labels);
        var wideB = b.Widened(labels);
        var rows = wideA.Rows;
        rows.Merge(wideB.Rows);
        return new PartialClassification
        {
            GroundTruthFingerprint = a.GroundTruthFingerprint,
            MlUse = a.MlUse,
            IsMultiLabel = a.IsMultiLabel,
            Options = a.Options,
            Labels = labels,
            PredictedLabels = predicted,
            SplitLabels = a.SplitLabels,
            GroundTruthDuplicateRecords = a.GroundTruthDuplicateRecords,
            Sources = a.Sources.Concat(b.Sources).OrderBy(s => s, StringComparer.Ordinal).ToArray(),
            GroundTruthPath = a.GroundTruthPath.Length > 0 ? a.GroundTruthPath : b.GroundTruthPath,
            // One pass reads the shards in this order and warns of the first of each.
            LabelOrderIssues = a.LabelOrderIssues.Concat(b.LabelOrderIssues).GroupBy(i => i.Code, StringComparer.Ordinal).Select(g => g.First()).ToArray(),
            IdNamesTwoLabels = a.IdNamesTwoLabels || b.IdNamesTwoLabels,
            Counts = a.Counts with
            {
                PredictionItems = a.Counts.PredictionItems + b.Counts.PredictionItems,
                OtherSplitPredictions = a.Counts.OtherSplitPredictions + b.Counts.OtherSplitPredictions,
                UnknownPredictions = a.Counts.UnknownPredictions + b.Counts.UnknownPredictions,
                RejectedItemPredictions = a.Counts.RejectedItemPredictions + b.Counts.RejectedItemPredictions,
                SkippedPredictionRecords = a.Counts.SkippedPredictionRecords + b.Counts.SkippedPredictionRecords,
                DuplicateRecords = a.Counts.DuplicateRecords + b.Counts.DuplicateRecords - a.GroundTruthDuplicateRecords,
                // An item of one part lacks a score for each label only the other part's predictions carry.
                MissingScores = a.Counts.MissingScores + b.Counts.MissingScores
                    + (a.Counts.PredictionItems * (predicted.Length - a.PredictedLabels.Count))
                    + (b.Counts.PredictionItems * (predicted.Length - b.PredictedLabels.Count)),
            },
            Rows = rows,
            LabelScores = wideA.LabelScores.Zip(wideB.LabelScores, ScoreHistogram.Merge).ToArray(),
            TopScores = ScoreHistogram.Merge(a.TopScores, b.TopScores),
            BrierSum = a.BrierSum + b.BrierSum,
            ItemHashes = HashRuns.Concat(a.ItemHashes, b.ItemHashes),
            Resamples = a.Resamples.Zip(b.Resamples, Merge).ToArray(),
        };
    }

    /// <summary>All parts as one (in any order: the merge is commutative and associative), merged as a balanced tree.</summary>
    public static PartialClassification Merge(IEnumerable<PartialClassification> parts) =>
        BalancedMerge.Of(parts, Merge) ?? throw new ArgumentException("There are no partial evaluations to merge.", nameof(parts));

    /// <summary>
    /// The evaluation of all the parts' items, and the counts: ground-truth items of the split that no part evaluated are
    /// missing predictions now. Reports to <paramref name="sink"/> what one evaluation of all the shards reports once their
    /// records are read: the labels of one side only (naming the predictions), missing predictions and scores, undefined metrics and too few examples (naming the ground truth
    /// as it does), and the items found in more than one part (naming those parts). Each resample evaluated is reported to
    /// <paramref name="progress"/> (<see cref="Bootstrap.ResamplesStep"/>), and <paramref name="cancellationToken"/> is checked before each.
    /// </summary>
    public (ClassificationEvaluation Evaluation, InputSummary Summary) Evaluate(IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var evaluation = Metrics();
        if (Resamples.Length > 0)
        {
            // As the one-pass bootstrap: a resample without items is left out.
            var evaluated = Resamples.Where(r => r.Items > 0).ToArray();
            var resamplesDone = new ProgressCounter(progress, Bootstrap.ResamplesStep, evaluated.Length);
            double[] HeadlineOf(PartialClassification resample)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = Bootstrap.HeadlineValues(resample.Metrics());
                resamplesDone.Add();
                return values;
            }
            evaluation.Intervals = Bootstrap.Named(Bootstrap.PercentilesOf(evaluated.Select(HeadlineOf).ToArray()));
        }
        var predicted = new HashSet<string>(PredictedLabels, StringComparer.Ordinal);
        var carried = new HashSet<string>(SplitLabels, StringComparer.Ordinal);
        long distinctItems = Items - CrossPartDuplicates;
        var summary = Counts with
        {
            Evaluated = checked((int)Items),
            MissingPredictions = checked((int)(Counts.GroundTruthItems - Counts.RejectedGroundTruthItems - distinctItems)),
            DuplicateRecords = checked((int)(Counts.DuplicateRecords + CrossPartDuplicates)),
            LabelsOnlyInGroundTruth = SplitLabels.Where(l => !predicted.Contains(l)).ToArray(),
            LabelsOnlyInPredictions = PredictedLabels.Where(l => !carried.Contains(l)).ToArray(),
        };
        // Issues of ground-truth fields name its file, as one pass does (parts before format version 3 do not carry it).
        var groundTruth = GroundTruthPath.Length > 0 ? GroundTruthPath : string.Join(", ", Sources);
        var predictions = ShardFiles.PathOf(Sources, ShardFiles.PredictionExtensions) ?? string.Join(", ", Sources);
        ClassificationInputs.ReportLabelsInOneFileOnly(summary.LabelsOnlyInGroundTruth, summary.LabelsOnlyInPredictions, PredictedLabels, SplitLabels, predictions, MlUse, sink);
        if (CrossPartDuplicates > 0)
        {
            var involved = ItemHashes.RepeatedSources;
            sink.Report(new DataIssue("DuplicateAcrossParts", IssueSeverity.Warning, string.Join(", ", involved), 0, string.Join(", ", involved.Select(PredictionShard.PathFieldOf).Distinct(StringComparer.Ordinal)),
                $"{Counted.Of(CrossPartDuplicates, "item")} {Counted.Verb(CrossPartDuplicates, "was", "were")} evaluated in more than one part; each copy is counted in the metrics"));
        }
        if (summary.MissingPredictions > 0)
        {
            sink.Report(new DataIssue("MissingPrediction", IssueSeverity.Warning, groundTruth, 0, "PATH",
                $"{Counted.Of(summary.MissingPredictions, $"'{MlUse}' ground-truth item")} {Counted.Verb(summary.MissingPredictions, "has", "have")} no prediction in any part; {Counted.Verb(summary.MissingPredictions, "it is", "they are")} left out"));
        }
        foreach (var issue in LabelOrderIssues) sink.Report(issue);
        // As one pass of all the shards: every absent score, the parts' own and those of labels only other parts score (taken as 0 here).
        PredictionSet.ReportMissingScores(summary.MissingScores, predictions, sink, IdNamesTwoLabels);
        ClassificationRun.ReportWarnings(evaluation, groundTruth, sink);
        return (evaluation, summary);
    }

    /// <summary>The metrics of the state (no intervals).</summary>
    internal ClassificationEvaluation Metrics()
    {
        var grid = Options.ThresholdGrid;
        // The labels' curves and the pooled one are independent: on every core.
        var labelCurves = new RankingCurve[LabelScores.Length];
        RankingCurve? micro = null;
        Parallel.Invoke(
            () => micro = ScoreHistogram.PooledCurve(LabelScores, Array.Empty<double>()),
            () => Parallel.For(0, LabelScores.Length, j => labelCurves[j] = LabelScores[j].Curve(grid)));
        var calibration = IsMultiLabel ? null : Calibration.Of(TopScores, BrierSum);
        return ClassificationEvaluator.Assemble(null, Labels, IsMultiLabel, Options, Rows, labelCurves, micro!, TopScores.Curve(grid), calibration);
    }

    /// <summary>The first bytes of a partial-evaluation file (<see cref="PartialEvaluation.Magic"/>).</summary>
    public static ReadOnlyMemory<byte> Magic => PartialEvaluation.Magic;

    /// <summary>The format version written (<see cref="PartialEvaluation.FormatVersion"/>).</summary>
    public const int FormatVersion = PartialEvaluation.FormatVersion;

    /// <summary>Writes the part in the documented binary format (docs/partial-evaluations.md), little-endian.</summary>
    public void WriteTo(Stream stream)
    {
        using var writer = PartialEvaluation.StartWriting(stream, TaskName);
        writer.Write(GroundTruthFingerprint);
        writer.Write(MlUse);
        writer.Write(IsMultiLabel);
        writer.Write(Options.Threshold);
        WriteArray(writer, Options.ThresholdGrid, writer.Write);
        writer.Write(Options.MaxTopK);
        WriteArray(writer, Labels, writer.Write);
        WriteArray(writer, PredictedLabels, writer.Write);
        WriteArray(writer, SplitLabels, writer.Write);
        WriteArray(writer, Sources, writer.Write);
        var c = Counts;
        foreach (var count in new long[] { c.GroundTruthItems, c.RejectedGroundTruthItems, c.SkippedGroundTruthRecords, GroundTruthDuplicateRecords, c.PredictionItems, c.OtherSplitPredictions, c.UnknownPredictions, c.RejectedItemPredictions, c.SkippedPredictionRecords, c.DuplicateRecords, c.MissingScores, CrossPartDuplicates })
        {
            writer.Write(count);
        }
        WriteState(writer);
        var hashes = ItemHashes.Union();
        writer.Write(hashes.Length);
        var hashBytes = Varint.EncodeAscending(hashes);
        writer.Write(hashBytes.Length);
        writer.Write(hashBytes);
        writer.Write(Options.BootstrapSeed);
        writer.Write(Resamples.Length);
        foreach (var resample in Resamples) resample.WriteState(writer);
        writer.Write(GroundTruthPath);
        WriteArray(writer, LabelOrderIssues, issue =>
        {
            writer.Write(issue.Code);
            writer.Write(issue.Source);
            writer.Write(issue.Line);
            writer.Write(issue.Field);
            writer.Write(issue.Message);
        });
        writer.Write(IdNamesTwoLabels);
    }

    /// <summary>The metric state: row statistics, the histograms of the labels and of the top-1 confidences, the Brier sum.</summary>
    private void WriteState(BinaryWriter writer)
    {
        Rows.WriteTo(writer);
        foreach (var histogram in LabelScores.Append(TopScores)) histogram.WriteTo(writer);
        writer.Write(BrierSum);
    }

    /// <summary>This part's header with the metric state <see cref="WriteState"/> wrote in format <paramref name="version"/>, read with <paramref name="options"/>.</summary>
    private PartialClassification WithStateFrom(BinaryReader reader, int version, ClassificationOptions options)
    {
        var rows = RowStatistics.ReadFrom(reader);
        if (rows.LabelCount != Labels.Count) throw new InvalidDataException("the row statistics do not match the labels");
        var histograms = version >= CompactVersion
            ? ScoreHistogram.ReadFrom(reader, Labels.Count + 1)
            : Enumerable.Range(0, Labels.Count + 1).Select(_ => ScoreHistogram.ReadArrays(reader)).ToArray();
        return this with
        {
            Options = options,
            Rows = rows,
            LabelScores = histograms.Take(Labels.Count).ToArray(),
            TopScores = histograms[Labels.Count],
            BrierSum = reader.ReadDouble(),
        };
    }

    /// <summary>Reads a part written by <see cref="WriteTo"/>; a file that is not one, or of another version, is an <see cref="InputFormatException"/> naming <paramref name="source"/>.</summary>
    public static PartialClassification ReadFrom(Stream stream, string source) =>
        PartialEvaluation.ReadFrom<PartialClassification>(stream, source);

    /// <summary>Reads what follows the header (<see cref="PartialEvaluation.ReadFrom"/>) of a classification part of <paramref name="version"/>.</summary>
    internal static PartialClassification ReadBody(BinaryReader reader, int version, string source)
    {
        try
        {
            var fingerprint = reader.ReadUInt64();
            var mlUse = reader.ReadString();
            var multiLabel = reader.ReadBoolean();
            var options = new ClassificationOptions { Threshold = reader.ReadDouble(), ThresholdGrid = ReadArray(reader, reader.ReadDouble), MaxTopK = reader.ReadInt32() };
            var labels = ReadArray(reader, reader.ReadString);
            var predicted = ReadArray(reader, reader.ReadString);
            var splitLabels = ReadArray(reader, reader.ReadString);
            var sources = ReadArray(reader, reader.ReadString);
            var c = Enumerable.Range(0, 12).Select(_ => reader.ReadInt64()).ToArray();
            var header = new PartialClassification
            {
                GroundTruthFingerprint = fingerprint,
                MlUse = mlUse,
                IsMultiLabel = multiLabel,
                Options = options,
                Labels = labels,
                PredictedLabels = predicted,
                SplitLabels = splitLabels,
                Sources = sources,
                Counts = new InputSummary
                {
                    GroundTruthItems = checked((int)c[0]),
                    RejectedGroundTruthItems = checked((int)c[1]),
                    SkippedGroundTruthRecords = checked((int)c[2]),
                    PredictionItems = checked((int)c[4]),
                    OtherSplitPredictions = checked((int)c[5]),
                    UnknownPredictions = checked((int)c[6]),
                    RejectedItemPredictions = checked((int)c[7]),
                    SkippedPredictionRecords = checked((int)c[8]),
                    DuplicateRecords = checked((int)c[9]),
                    MissingScores = c[10],
                },
                GroundTruthDuplicateRecords = checked((int)c[3]),
            };
            var part = header.WithStateFrom(reader, version, options) with { ItemHashes = HashRuns.Of(ReadItemHashes(reader, version), sources, c[11]) };
            if (version == 1) return part;
            var seed = reader.ReadInt32();
            var resampleCount = reader.ReadInt32();
            if (resampleCount < 0 || resampleCount > reader.BaseStream.Length) throw new InvalidDataException($"{resampleCount.ToString(CultureInfo.InvariantCulture)} bootstrap resamples");
            var resampled = options with { BootstrapSamples = resampleCount, BootstrapSeed = seed };
            var resampleHeader = header with { Options = resampled };
            return part with
            {
                Options = resampled,
                Resamples = Enumerable.Range(0, resampleCount).Select(_ => resampleHeader.WithStateFrom(reader, version, Bootstrap.ResampleOptions(resampled))).ToArray(),
                GroundTruthPath = version >= 3 ? reader.ReadString() : string.Empty,
                LabelOrderIssues = version >= LabelOrderVersion
                    ? ReadArray(reader, () => new DataIssue(reader.ReadString(), IssueSeverity.Warning, reader.ReadString(), reader.ReadInt64(), reader.ReadString(), reader.ReadString()))
                    : Array.Empty<DataIssue>(),
                IdNamesTwoLabels = version >= LabelOrderVersion && reader.ReadBoolean(),
            };
        }
        catch (Exception e) when (PartialEvaluation.IsCorruption(e))
        {
            throw PartialEvaluation.Corrupt(source, e);
        }
    }

    // The format version whose histograms and item hashes are varint-encoded (before: arrays of float64 and int64).
    private const int CompactVersion = 4;

    // The format version whose classification parts end with the predictions' label-order warnings and IdNamesTwoLabels.
    private const int LabelOrderVersion = 7;

    /// <summary>The item hashes: their count, then (version 4) the length of their varint deltas and those bytes, or (before) the hashes as uint64.</summary>
    private static ulong[] ReadItemHashes(BinaryReader reader, int version)
    {
        var count = PartialEvaluation.ReadCount(reader);
        if (version < CompactVersion) return BinaryArrays.Read<ulong>(reader, count);
        var length = PartialEvaluation.ReadCount(reader);
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException();
        return Varint.DecodeAscending(bytes, count);
    }

    /// <summary>The part as the bytes of its file (what PowerShell carries across runspaces and machines).</summary>
    public byte[] ToBytes() => PartialEvaluation.BytesOf(WriteTo);

    private static void WriteArray<T>(BinaryWriter writer, IReadOnlyCollection<T> values, Action<T> write) => PartialEvaluation.WriteArray(writer, values, write);

    private static T[] ReadArray<T>(BinaryReader reader, Func<T> read) => PartialEvaluation.ReadArray(reader, read);

    /// <summary>This part over <paramref name="labels"/> (a superset of its own): new labels score 0 and are never true.</summary>
    private PartialClassification Widened(string[] labels)
    {
        var index = labels.Select((l, j) => (l, j)).ToDictionary(p => p.l, p => p.j, StringComparer.Ordinal);
        var columnOf = Labels.Select(l => index[l]).ToArray();
        var scores = new ScoreHistogram[labels.Length];
        // A part without items (an empty shard) adds no group, not one of no counts.
        var zero = Items == 0 ? ScoreHistogram.Empty : new ScoreHistogram(ZeroScore, new long[1], new[] { Items });
        for (int j = 0; j < labels.Length; j++) scores[j] = zero;
        for (int j = 0; j < Labels.Count; j++) scores[columnOf[j]] = LabelScores[j];
        return new PartialClassification
        {
            Labels = labels,
            Rows = Rows.Widened(columnOf, labels.Length, Options.Threshold, IsMultiLabel),
            LabelScores = scores,
        };
    }

    private static readonly double[] ZeroScore = { 0.0 };

    private static void RequireSameEvaluation(PartialClassification a, PartialClassification b)
    {
        string? difference =
            a.GroundTruthFingerprint != b.GroundTruthFingerprint ? "they evaluate different ground truths (or different splits of it)"
            : !string.Equals(a.MlUse, b.MlUse, StringComparison.Ordinal) ? $"one evaluates the '{a.MlUse}' split, the other '{b.MlUse}'"
            : a.IsMultiLabel != b.IsMultiLabel ? "one is single-label, the other multi-label"
            : a.Options.Threshold != b.Options.Threshold ? $"their thresholds differ ({a.Options.Threshold.ToString(CultureInfo.InvariantCulture)} and {b.Options.Threshold.ToString(CultureInfo.InvariantCulture)})"
            : !a.Options.ThresholdGrid.SequenceEqual(b.Options.ThresholdGrid) ? "their threshold grids differ"
            : a.Options.MaxTopK != b.Options.MaxTopK ? "their top-k settings differ"
            : a.Resamples.Length != b.Resamples.Length || a.Options.BootstrapSeed != b.Options.BootstrapSeed
                ? $"their bootstrap resamples differ ({a.Resamples.Length.ToString(CultureInfo.InvariantCulture)} and {b.Resamples.Length.ToString(CultureInfo.InvariantCulture)}, seeds {a.Options.BootstrapSeed.ToString(CultureInfo.InvariantCulture)} and {b.Options.BootstrapSeed.ToString(CultureInfo.InvariantCulture)})"
            : !a.SplitLabels.SequenceEqual(b.SplitLabels, StringComparer.Ordinal) ? "their ground truths carry different labels"
            : null;
        if (difference is not null) throw new ArgumentException($"These partial evaluations cannot be merged: {difference}.");
    }

    /// <summary>The sorted union of two sorted arrays of distinct hashes; <paramref name="repeated"/>: how many are in both.</summary>
    internal static ulong[] MergeSorted(ulong[] a, ulong[] b, out long repeated)
    {
        // The repeats are counted first, so that the union is allocated once at its size.
        repeated = 0;
        for (int i = 0, k = 0; i < a.Length && k < b.Length;)
        {
            if (a[i] < b[k]) i++;
            else if (b[k] < a[i]) k++;
            else
            {
                i++;
                k++;
                repeated++;
            }
        }
        var merged = new ulong[a.Length + b.Length - repeated];
        int x = 0, y = 0, n = 0;
        while (x < a.Length || y < b.Length)
        {
            if (y == b.Length || (x < a.Length && a[x] < b[y])) merged[n++] = a[x++];
            else if (x == a.Length || b[y] < a[x]) merged[n++] = b[y++];
            else
            {
                merged[n++] = a[x++];
                y++;
            }
        }
        return merged;
    }
}
