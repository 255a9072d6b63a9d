using System.Text;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// The exact, mergeable state of a video-classification evaluation of one shard of the predictions (whole videos):
/// the multi-label classification state of its items (<see cref="PartialClassification"/>: row statistics and per-label
/// score histograms, merged by sorted merge), each label's temporal-IoU sums in whole nanoseconds (matching is within a
/// video, so the sums of disjoint sets of videos add up), the readers' and the item builder's counts, the issues by code
/// (to give the counts one evaluation reports), and 64-bit hashes of the predicted videos to find videos in two parts.
/// <see cref="Merge(PartialVideo, PartialVideo)"/> is associative and commutative; <see cref="Evaluate"/> gives what
/// <see cref="VideoEvaluator"/> gives for all the shards together, to rounding (docs/partial-evaluations.md).
/// Size: the classification state (3 to 4 bytes per distinct float32 score per label), 32 bytes per label, 8 bytes per video.
/// </summary>
public sealed record PartialVideo : IPartialEvaluation
{
    /// <summary>The task name in the partial-evaluation file.</summary>
    public const string TaskName = "video";

    /// <inheritdoc/>
    public string Task => TaskName;

    private PartialVideo()
    {
    }

    /// <summary>Hash of the evaluated split of the ground truth (videos, annotations, labels): parts of other ground truths do not merge.</summary>
    public ulong GroundTruthFingerprint { get; private init; }

    /// <summary>The evaluated ML_USE split, or null for every record.</summary>
    public string? Split { get; private init; }

    /// <summary>What an item is.</summary>
    public VideoUnit Unit { get; private init; }

    /// <summary>The threshold of the figures at a threshold and of the temporal IoU spans.</summary>
    public double Threshold => Classification.Options.Threshold;

    /// <summary>The predictions files evaluated, ordinal order.</summary>
    public IReadOnlyList<string> Sources { get; private init; } = Array.Empty<string>();

    /// <summary>
    /// The ground truth's path as the shard's evaluation was given it, carried by the items' classification part
    /// (empty in parts of format version 3 and older); a merge keeps the first part's.
    /// </summary>
    public string GroundTruthPath => Classification.GroundTruthPath;

    /// <summary>
    /// The video URI's field of the ground truth as it was read (<see cref="VideoGroundTruth.VideoField"/>: a CSV's
    /// <c>VIDEO_URI</c>, whatever its name, a pipe's too), which a merge's issues name; a merge keeps the first part's.
    /// </summary>
    public string VideoField { get; private init; } = VideoGroundTruthReader.JsonVideoField;

    /// <summary>Evaluated items, an item of a video evaluated in two parts counting twice.</summary>
    public long Items => Classification.Items;

    /// <summary>Videos predicted in more than one part (each extra copy once).</summary>
    public long CrossPartVideos => VideoHashes.Repeated;

    /// <summary>What the ground-truth reader read (the same in every part).</summary>
    public VideoGroundTruthCounts GroundTruthCounts { get; private init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>What the prediction readers read (summed).</summary>
    public VideoPredictionCounts PredictionCounts { get; private init; } = new(0, 0, 0);

    /// <summary>
    /// What building the items used and left out (summed; the predicted videos are the distinct <see cref="VideoHashes"/>,
    /// counted when first asked, and videos without predictions are counted at <see cref="Evaluate"/>).
    /// </summary>
    public VideoUnitCounts UnitCounts => SummedUnitCounts with { PredictedVideos = VideoHashes.Distinct };

    // The builders' counts added up at each merge, but for PredictedVideos: only the final evaluation needs that one, which
    // takes a pass over every part's hashes (a video in two parts is one video).
    private VideoUnitCounts SummedUnitCounts { get; init; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <inheritdoc />
    public RejectedRecords Rejected => new(GroundTruthCounts.InvalidRecords + GroundTruthCounts.InvalidAnnotations, PredictionCounts.InvalidLines + PredictionCounts.InvalidEntries);

    internal PartialClassification Classification { get; private init; } = null!;

    internal TemporalSums[] Temporal { get; private init; } = Array.Empty<TemporalSums>();

    /// <summary>Hashes of the predicted videos, sorted and distinct within each part merged in.</summary>
    internal HashRuns VideoHashes { get; private init; } = HashRuns.None;

    /// <summary>Sorted, distinct hashes of the predicted videos the ground truth's split does not have.</summary>
    internal ulong[] UnknownVideoHashes { get; private init; } = Array.Empty<ulong>();

    /// <summary>The predicted labels the ground truth never uses, ordinal order.</summary>
    internal string[] UnknownLabels { get; private init; } = Array.Empty<string>();

    /// <summary>Issues of the ground-truth reader by code, as reported (after its cap; the same in every part).</summary>
    internal SortedDictionary<string, long> GroundTruthIssues { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>Issues of the prediction readers by code, before the cap (summed).</summary>
    internal SortedDictionary<string, long> PredictionIssues { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>Issues of the item builder by code (summed; those reported once per evaluation are recounted at <see cref="Evaluate"/>).</summary>
    internal SortedDictionary<string, long> BuilderIssues { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Evaluates one shard of predictions against the whole ground truth: ground-truth videos the shard does not predict
    /// are not reported or counted as without predictions until the parts are merged. Issues go to <paramref name="sink"/>
    /// as <see cref="VideoEvaluator"/> reports them, but for the classification warnings (about the merged figures).
    /// Reports to <paramref name="progress"/> the reading, then the step <see cref="PartialEvaluation.EvaluatingPartStep"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for bootstrap intervals (they do not merge here).</exception>
    public static PartialVideo Of(
        string groundTruthPath, string predictionsPath, VideoEvaluationOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Of(groundTruthPath, ShardFiles.Expand(predictionsPath, VideoPredictionReader.PredictionExtensions), predictionsPath, options, sink, progress, cancellationToken);

    /// <summary>
    /// As the overload with one predictions path, of the files <paramref name="predictionFiles"/> read as one shard in the
    /// order given (<paramref name="predictionsPath"/> names them, as a pattern does).
    /// </summary>
    public static PartialVideo Of(
        string groundTruthPath, IReadOnlyList<string> predictionFiles, string predictionsPath, VideoEvaluationOptions options, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        options.Classification.Validate();
        predictionFiles = ShardFiles.WithoutGroundTruth(predictionFiles, predictionsPath, groundTruthPath, sink);
        var groundTruthIssues = new IssueCounter(sink);
        var truth = VideoGroundTruthReader.Read(groundTruthPath, options.Split, groundTruthIssues, progress, cancellationToken);
        var predictionIssues = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new VideoPredictionReader(predictionFiles, predictionsPath, sink, progress, cancellationToken) { UncappedIssueCounts = predictionIssues };
        var builderIssues = new Dictionary<string, long>(StringComparer.Ordinal);
        var units = VideoUnitBuilder.Build(truth, reader.Read(), options.Unit, reader.Path, sink, isShard: true, builderIssues);
        if (units.Items.Count == 0) sink.Report(ShardFiles.EmptyShardWarning(predictionsPath));
        progress?.Report(new WorkProgress(PartialEvaluation.EvaluatingPartStep, 0, 0));
        var classification = PartialClassification.OfData(units.Data, options.Classification, predictionsPath, groundTruthPath, cancellationToken);
        var videoHashes = units.Items.Select(i => ItemHash.Of(i.Video)).Distinct().ToArray();
        Array.Sort(videoHashes);
        var unknownVideos = units.UnknownVideos.Select(ItemHash.Of).Distinct().ToArray();
        Array.Sort(unknownVideos);
        return new PartialVideo
        {
            GroundTruthFingerprint = FingerprintOf(truth),
            Split = options.Split,
            Unit = options.Unit,
            Sources = new[] { predictionsPath },
            GroundTruthCounts = truth.Counts,
            PredictionCounts = new VideoPredictionCounts(reader.Lines, reader.InvalidLines, reader.InvalidEntries),
            SummedUnitCounts = units.Counts,
            Classification = classification,
            Temporal = TemporalIoU.Sums(units.Items, units.Data, units.Annotations, options.Classification.Threshold),
            VideoHashes = HashRuns.Of(videoHashes, new[] { predictionsPath }),
            UnknownVideoHashes = unknownVideos,
            UnknownLabels = units.UnknownLabels.OrderBy(l => l, StringComparer.Ordinal).ToArray(),
            GroundTruthIssues = new SortedDictionary<string, long>(groundTruthIssues.Counts, StringComparer.Ordinal),
            PredictionIssues = new SortedDictionary<string, long>(predictionIssues, StringComparer.Ordinal),
            BuilderIssues = new SortedDictionary<string, long>(builderIssues, StringComparer.Ordinal),
            VideoField = truth.VideoField,
        };
    }

    /// <summary>Both parts as one; an <see cref="ArgumentException"/> when they come from different ground truths, splits, units or thresholds.</summary>
    public static PartialVideo Merge(PartialVideo a, PartialVideo b)
    {
        string? difference =
            a.GroundTruthFingerprint != b.GroundTruthFingerprint ? "they evaluate different ground truths (or different splits of it)"
            : a.Unit != b.Unit ? $"one evaluates {VideoUnits.OptionName(a.Unit)} items, the other {VideoUnits.OptionName(b.Unit)}"
            : null;
        if (difference is not null) throw new ArgumentException($"These partial evaluations cannot be merged: {difference}.");
        if (string.CompareOrdinal(a.Sources[0], b.Sources[0]) > 0) (a, b) = (b, a);
        var videos = HashRuns.Concat(a.VideoHashes, b.VideoHashes);
        var (ua, ub, pa, pb) = (a.SummedUnitCounts, b.SummedUnitCounts, a.PredictionCounts, b.PredictionCounts);
        return a with
        {
            Sources = a.Sources.Concat(b.Sources).OrderBy(s => s, StringComparer.Ordinal).ToArray(),
            PredictionCounts = new VideoPredictionCounts(pa.Lines + pb.Lines, pa.InvalidLines + pb.InvalidLines, pa.InvalidEntries + pb.InvalidEntries),
            SummedUnitCounts = new VideoUnitCounts(
                ua.Videos,
                0,
                ua.Instances + ub.Instances,
                ua.UnknownVideoInstances + ub.UnknownVideoInstances,
                ua.OtherTypeEntries + ub.OtherTypeEntries,
                ua.UnknownLabelEntries + ub.UnknownLabelEntries,
                ua.UnboundedEntries + ub.UnboundedEntries,
                ua.DuplicateEntries + ub.DuplicateEntries,
                ua.MissingScores + ub.MissingScores,
                0)
            {
                OtherSplitInstances = ua.OtherSplitInstances + ub.OtherSplitInstances,
            },
            Classification = PartialClassification.Merge(a.Classification, b.Classification),
            Temporal = a.Temporal.Zip(b.Temporal, (x, y) => x + y).ToArray(),
            VideoHashes = videos,
            UnknownVideoHashes = PartialClassification.MergeSorted(a.UnknownVideoHashes, b.UnknownVideoHashes, out _),
            UnknownLabels = a.UnknownLabels.Union(b.UnknownLabels, StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToArray(),
            PredictionIssues = Sum(a.PredictionIssues, b.PredictionIssues),
            BuilderIssues = Sum(a.BuilderIssues, b.BuilderIssues),
        };
    }

    /// <summary>All parts as one (in any order), merged as a balanced tree.</summary>
    public static PartialVideo Merge(IEnumerable<PartialVideo> parts) =>
        BalancedMerge.Of(parts, Merge) ?? throw new ArgumentException("There are no partial evaluations to merge.", nameof(parts));

    /// <summary>
    /// The evaluation of all the parts' items, and the issues one evaluation of all the shards reports, by code (for
    /// <c>VideoJson</c>'s <c>issues</c>); ground-truth videos no part predicts are counted now (and reported to
    /// <paramref name="sink"/>, once with their number). Videos predicted in more than one part are reported too (and
    /// counted among the issues). Ground-truth issues and the classification warnings name the ground truth, as one evaluation does.
    /// </summary>
    public (VideoEvaluation Evaluation, IReadOnlyDictionary<string, int> IssueCounts) Evaluate(IIssueSink sink)
    {
        var classification = Classification.Metrics();
        var labels = classification.PerLabel.Select(l => l.Label).ToArray();
        var withoutPredictions = UnitCounts.Videos - UnitCounts.PredictedVideos;
        var evaluation = new VideoEvaluation(
            Unit,
            UnitCounts with { VideosWithoutPredictions = withoutPredictions },
            classification,
            TemporalIoU.FromSums(labels, Threshold, Temporal),
            GroundTruthCounts,
            PredictionCounts);
        var issues = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string code, long count)
        {
            if (count > 0) issues[code] = checked((issues.TryGetValue(code, out var n) ? n : 0) + (int)count);
        }

        foreach (var issue in GroundTruthIssues) Add(issue.Key, issue.Value);
        // The prediction reader and the builder each list CappedIssueSink.PerCode issues of a code, then one saying how many more.
        foreach (var issue in PredictionIssues) Add(issue.Key, CappedIssueSink.Reported(issue.Value));
        foreach (var issue in BuilderIssues.Where(i => !OncePerEvaluation.Contains(i.Key))) Add(issue.Key, CappedIssueSink.Reported(issue.Value));
        // The builder reports these once per video, label or evaluation, however many entries.
        Add(VideoIssueCodes.UnknownVideo, CappedIssueSink.Reported(UnknownVideoHashes.Length));
        Add(VideoIssueCodes.UnknownLabel, CappedIssueSink.Reported(UnknownLabels.Length));
        Add(VideoIssueCodes.OtherPredictionType, UnitCounts.OtherTypeEntries > 0 ? 1 : 0);
        Add(VideoIssueCodes.MissingScores, UnitCounts.MissingScores > 0 ? 1 : 0);
        Add(VideoIssueCodes.OtherSplit, UnitCounts.OtherSplitInstances > 0 ? 1 : 0);
        Add(VideoIssueCodes.OverlappingItems, BuilderIssues.ContainsKey(VideoIssueCodes.OverlappingItems) ? 1 : 0);
        Add(VideoIssueCodes.VideoWithoutPredictions, CappedIssueSink.Reported(withoutPredictions));
        foreach (var warning in classification.Warnings) Add(warning.Code, 1);
        // Issues of ground-truth fields name its file, as one evaluation does (parts before format version 4 do not carry it).
        var groundTruth = GroundTruthPath.Length > 0 ? GroundTruthPath : string.Join(", ", Sources);
        foreach (var warning in classification.Warnings) sink.Report(warning with { Source = groundTruth });
        if (withoutPredictions > 0)
        {
            // One evaluation warns once per video; the merge says how many, at the field one evaluation names (a CSV's VIDEO_URI).
            sink.Report(new DataIssue(VideoIssueCodes.VideoWithoutPredictions, IssueSeverity.Warning, groundTruth, 0, VideoField,
                $"{Counted.Of(withoutPredictions, "ground-truth video")} {Counted.Verb(withoutPredictions, "has", "have")} no '{VideoUnits.PredictionType(Unit)}' prediction in any part; {Counted.Verb(withoutPredictions, "its", "their")} annotations are not evaluated"));
        }
        if (CrossPartVideos > 0)
        {
            sink.Report(new DataIssue(VideoIssueCodes.DuplicateAcrossParts, IssueSeverity.Warning, string.Join(", ", VideoHashes.RepeatedSources), 0, "instance.content",
                $"{Counted.Of(CrossPartVideos, "video")} {Counted.Verb(CrossPartVideos, "was", "were")} predicted in more than one part; each copy's items are counted in the metrics"));
            Add(VideoIssueCodes.DuplicateAcrossParts, 1);
        }
        return (evaluation, issues);
    }

    private static readonly HashSet<string> OncePerEvaluation = new(StringComparer.Ordinal)
    {
        VideoIssueCodes.UnknownVideo, VideoIssueCodes.UnknownLabel, VideoIssueCodes.OtherPredictionType, VideoIssueCodes.MissingScores, VideoIssueCodes.VideoWithoutPredictions,
        VideoIssueCodes.OverlappingItems, VideoIssueCodes.OtherSplit,
    };

    /// <summary>Writes the part (docs/partial-evaluations.md): the common header with task "video", then its state; little-endian.</summary>
    public void WriteTo(Stream stream)
    {
        using var writer = PartialEvaluation.StartWriting(stream, TaskName);
        writer.Write(GroundTruthFingerprint);
        writer.Write(Split is not null);
        writer.Write(Split ?? string.Empty);
        writer.Write((int)Unit);
        writer.Write(Sources.Count);
        foreach (var source in Sources) writer.Write(source);
        var g = GroundTruthCounts;
        var p = PredictionCounts;
        var u = UnitCounts;
        foreach (var count in new[]
        {
            g.Records, g.OtherSplitRecords, g.NoSplitRecords, g.InvalidRecords, g.Annotations, g.InvalidAnnotations, p.Lines, p.InvalidLines, p.InvalidEntries,
            u.Videos, u.PredictedVideos, u.Instances, u.UnknownVideoInstances, u.OtherTypeEntries, u.UnknownLabelEntries, u.UnboundedEntries, u.DuplicateEntries, u.MissingScores, CrossPartVideos,
            u.OtherSplitInstances,
        })
        {
            writer.Write(count);
        }
        var classification = Classification.ToBytes();
        writer.Write(classification.Length);
        writer.Write(classification);
        writer.Write(Temporal.Length);
        foreach (var t in Temporal)
        {
            writer.Write(t.IntersectionNanoseconds);
            writer.Write(t.UnionNanoseconds);
            writer.Write(t.PredictedSpans);
            writer.Write(t.TrueSpans);
        }
        WriteHashes(writer, VideoHashes.Union());
        WriteHashes(writer, UnknownVideoHashes);
        writer.Write(UnknownLabels.Length);
        foreach (var label in UnknownLabels) writer.Write(label);
        foreach (var issues in new[] { GroundTruthIssues, PredictionIssues, BuilderIssues })
        {
            writer.Write(issues.Count);
            foreach (var issue in issues)
            {
                writer.Write(issue.Key);
                writer.Write(issue.Value);
            }
        }
        writer.Write(VideoField);
    }

    /// <summary>Reads a part <see cref="WriteTo"/> wrote; anything else is an <see cref="InputFormatException"/> naming <paramref name="source"/>.</summary>
    public static PartialVideo ReadFrom(Stream stream, string source) => PartialEvaluation.ReadFrom<PartialVideo>(stream, source);

    /// <summary>Reads what follows the header (<see cref="PartialEvaluation.ReadFrom"/>) of a video part.</summary>
    internal static PartialVideo ReadBody(BinaryReader reader, int version, string source)
    {
        try
        {
            var fingerprint = reader.ReadUInt64();
            var hasSplit = reader.ReadBoolean();
            var split = reader.ReadString();
            var unit = (VideoUnit)reader.ReadInt32();
            if (!Enum.IsDefined(typeof(VideoUnit), unit)) throw new InvalidDataException($"unit {(int)unit}");
            var sources = Enumerable.Range(0, PartialEvaluation.ReadCount(reader)).Select(_ => reader.ReadString()).ToArray();
            // Version 6 added the instances of videos of other splits (counted among the unknown videos before).
            var c = Enumerable.Range(0, version >= 6 ? 20 : 19).Select(_ => reader.ReadInt64()).ToArray();
            var classificationBytes = reader.ReadBytes(PartialEvaluation.ReadCount(reader));
            var classification = PartialClassification.ReadFrom(new MemoryStream(classificationBytes, writable: false), source);
            var temporal = Enumerable.Range(0, PartialEvaluation.ReadCount(reader)).Select(_ => new TemporalSums(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64())).ToArray();
            if (temporal.Length != classification.Labels.Count || sources.Length == 0) throw new InvalidDataException("the temporal IoU does not match the labels");
            return new PartialVideo
            {
                GroundTruthFingerprint = fingerprint,
                Split = hasSplit ? split : null,
                Unit = unit,
                Sources = sources,
                GroundTruthCounts = new VideoGroundTruthCounts(c[0], c[1], c[2], c[3], c[4], c[5]),
                PredictionCounts = new VideoPredictionCounts(c[6], c[7], c[8]),
                SummedUnitCounts = new VideoUnitCounts(c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16], c[17], 0) { OtherSplitInstances = version >= 6 ? c[19] : 0 },
                Classification = classification,
                Temporal = temporal,
                VideoHashes = HashRuns.Of(ReadHashes(reader), sources, c[18]),
                UnknownVideoHashes = ReadHashes(reader),
                UnknownLabels = Enumerable.Range(0, PartialEvaluation.ReadCount(reader)).Select(_ => reader.ReadString()).ToArray(),
                GroundTruthIssues = ReadIssues(reader),
                PredictionIssues = ReadIssues(reader),
                BuilderIssues = ReadIssues(reader),
                // Version 7 added the field; a part before it is told by the ground truth's name, as its merge was.
                VideoField = version >= 7 ? reader.ReadString() : VideoGroundTruthReader.VideoFieldOf(classification.GroundTruthPath),
            };
        }
        catch (Exception e) when (PartialEvaluation.IsCorruption(e))
        {
            throw PartialEvaluation.Corrupt(source, e);
        }
    }

    /// <summary>The part as the bytes of its file (what PowerShell carries across runspaces and machines).</summary>
    public byte[] ToBytes() => PartialEvaluation.BytesOf(WriteTo);


    private static void WriteHashes(BinaryWriter writer, ulong[] hashes)
    {
        writer.Write(hashes.Length);
        BinaryArrays.Write(writer, hashes);
    }

    private static ulong[] ReadHashes(BinaryReader reader) => BinaryArrays.Read<ulong>(reader, PartialEvaluation.ReadCount(reader));

    private static SortedDictionary<string, long> ReadIssues(BinaryReader reader)
    {
        var issues = new SortedDictionary<string, long>(StringComparer.Ordinal);
        int count = PartialEvaluation.ReadCount(reader);
        for (int k = 0; k < count; k++) issues[reader.ReadString()] = reader.ReadInt64();
        return issues;
    }

    private static SortedDictionary<string, long> Sum(SortedDictionary<string, long> a, SortedDictionary<string, long> b)
    {
        var sum = new SortedDictionary<string, long>(a, StringComparer.Ordinal);
        foreach (var issue in b) sum[issue.Key] = (sum.TryGetValue(issue.Key, out var n) ? n : 0) + issue.Value;
        return sum;
    }

    // The split, its videos and their annotations, and the label vocabulary.
    private static ulong FingerprintOf(VideoGroundTruth truth)
    {
        var hash = ItemHash.Of((truth.Split ?? "\u0000all") + "\n" + string.Join("\u001f", truth.Labels) + "\n");
        foreach (var video in truth.Videos.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            hash = ItemHash.Continue(hash, video.Key + "\t" + string.Join("\u001f", video.Value.Select(a => FormattableString.Invariant($"{a.Label}\u001e{a.Segment.Start.Nanoseconds}\u001e{a.Segment.End.Nanoseconds}"))) + "\n");
        }
        return hash;
    }
}
