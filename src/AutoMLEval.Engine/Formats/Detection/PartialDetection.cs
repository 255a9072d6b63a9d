using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Detection;

/// <summary>
/// The exact, mergeable state of a COCO evaluation of the images one shard of detections predicts. Matching is per
/// image, so the state is the match table of those images (per category the evaluated detections with their score, the
/// rank of their image in the ground truth, their rank in the image and their match state per area range and IoU
/// threshold), where each counts in the confusion matrix when every detection is matched (<see cref="DetectionConfusion"/>),
/// TIDE's state of the images (<see cref="TideState"/>), the images predicted, and the ground truth's counts (equal in
/// every part). <see cref="Merge(PartialDetection, PartialDetection)"/> is a sorted merge per category into the order
/// pycocotools' stable sort leaves, so <see cref="Evaluate"/> runs the one accumulate stage on exactly the table one
/// evaluation of all the shards builds. Size: about 24 + A·T bytes per evaluated detection, 26 per detection TIDE keeps,
/// 4 per image predicted (docs/partial-evaluations.md).
/// </summary>
public sealed class PartialDetection : IPartialEvaluation
{
    /// <summary>The task string of a detection part's header (boxes or masks: the IoU type is in the parameters).</summary>
    public const string TaskName = "detection";

    private PartialDetection()
    {
    }

    /// <inheritdoc />
    public string Task => TaskName;

    /// <summary>Hash of the ground truth (images, categories, annotations), the split and the COCO parameters: parts of others do not merge.</summary>
    public ulong GroundTruthFingerprint { get; private init; }

    /// <summary>The ground-truth file as it was given to the evaluation (of the first part, in a merge).</summary>
    public string GroundTruthPath { get; private init; } = string.Empty;

    /// <summary>The split of a Vertex AI import file; empty for COCO ground truth.</summary>
    public string MlUse { get; private init; } = string.Empty;

    /// <inheritdoc />
    public IReadOnlyList<string> Sources { get; private init; } = Array.Empty<string>();

    /// <summary>Images of the ground truth (of its split).</summary>
    public int GroundTruthImages { get; private init; }

    /// <summary>Images some part's detections are on, an image in two parts counting twice.</summary>
    public int Images => PredictedImages.Length;

    /// <summary>Images predicted in more than one part (each extra copy once): their matches are not those of one pass.</summary>
    public long CrossPartImages { get; private init; }

    /// <inheritdoc />
    public RejectedRecords Rejected => new(_groundTruthInvalid, _detectionCounts[3]);

    internal CocoParams Params { get; private init; } = CocoParams.Default(IouType.BoundingBox);

    /// <summary>Ascending id order (the K axis).</summary>
    internal CocoCategory[] Categories { get; private init; } = Array.Empty<CocoCategory>();

    internal CategoryMatches[] Matches { get; private init; } = Array.Empty<CategoryMatches>();

    internal DetectionConfusionOutcomes Confusion { get; private init; } = new(Array.Empty<int[]>(), Array.Empty<int>());

    internal TideState Tide { get; private init; } = new(Array.Empty<TideDetection>(), Array.Empty<int>(), Array.Empty<int>(), Array.Empty<int>());

    /// <summary>Sorted indices (in the ground truth's image list) of the images with detections; repeated when in two parts.</summary>
    internal int[] PredictedImages { get; private init; } = Array.Empty<int>();

    // Ground truth's counts, equal in every part: annotations, crowd annotations, skipped annotations, and the unreadable
    // records among those skipped (the rest are of unlisted images or categories), which a merge rejects as evaluate does.
    private int _groundTruthObjects;
    private int _crowdObjects;
    private int _groundTruthSkipped;
    private int _groundTruthInvalid;

    // The detections read and those left out before matching (unknown image, unknown category, invalid, other split): summed.
    private long[] _detectionCounts = new long[5];

    /// <summary>
    /// The partial evaluation of a shard's detections evaluated against the whole ground truth: images the shard does
    /// not predict are left for other parts (their ground truth is missed only if no part predicts them). Reports to
    /// <paramref name="progress"/> the step <see cref="PartialEvaluation.EvaluatingPartStep"/>, as every task's part does.
    /// </summary>
    public static PartialDetection Of(
        DetectionEvaluation evaluation, string groundTruthPath, string predictionSource, string mlUse, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (evaluation.IsMerged) throw new ArgumentException("A merged evaluation is already whole; merge its parts instead.", nameof(evaluation));
        progress?.Report(new WorkProgress(PartialEvaluation.EvaluatingPartStep, 0, 0));
        var groundTruth = evaluation.GroundTruth;
        var detections = evaluation.Detections;
        var tide = DetectionErrorAnalysis.StateOf(evaluation, cancellationToken);
        return new PartialDetection
        {
            GroundTruthFingerprint = FingerprintOf(groundTruth, evaluation.Params, mlUse),
            GroundTruthPath = groundTruthPath,
            MlUse = mlUse,
            Sources = new[] { predictionSource },
            GroundTruthImages = groundTruth.Images.Count,
            Params = evaluation.Params,
            Categories = evaluation.Categories.ToArray(),
            Matches = evaluation.Table.Categories.Select(c => new CategoryMatches(c.Score, c.RankInImage, c.ImageRank, c.State, c.Positives, c.Truncated)).ToArray(),
            Confusion = evaluation.ConfusionOutcomes,
            Tide = tide,
            PredictedImages = detections.Objects.Image.Distinct().OrderBy(i => i).ToArray(),
            _groundTruthObjects = groundTruth.AnnotationCount,
            _crowdObjects = groundTruth.CrowdCount,
            _groundTruthSkipped = groundTruth.SkippedAnnotations,
            _groundTruthInvalid = groundTruth.InvalidRecords,
            _detectionCounts = new long[] { detections.Count, detections.UnknownImageCount, detections.UnknownCategoryCount, detections.InvalidCount, detections.OtherSplitCount },
        };
    }

    /// <summary>
    /// Both parts as one. Throws an <see cref="ArgumentException"/> when they come from different ground truths, splits
    /// or parameters. Commutative and associative: per category a sorted merge by (descending score, image rank, rank in
    /// the image), which no two detections of one image share.
    /// </summary>
    public static PartialDetection Merge(PartialDetection a, PartialDetection b)
    {
        RequireSameEvaluation(a, b);
        if (string.CompareOrdinal(a.Sources[0], b.Sources[0]) > 0) (a, b) = (b, a);
        int K = a.Categories.Length;
        var matches = new CategoryMatches[K];
        var rows = new int[K][];
        for (int k = 0; k < K; k++) (matches[k], rows[k]) = MergeCategory(a.Matches[k], a.Confusion.Rows[k], b.Matches[k], b.Confusion.Rows[k], a.Params);
        var images = a.PredictedImages.Concat(b.PredictedImages).OrderBy(i => i).ToArray();
        var distinctA = a.PredictedImages.Distinct().Count();
        var distinctB = b.PredictedImages.Distinct().Count();
        return new PartialDetection
        {
            GroundTruthFingerprint = a.GroundTruthFingerprint,
            GroundTruthPath = a.GroundTruthPath,
            MlUse = a.MlUse,
            Sources = a.Sources.Concat(b.Sources).OrderBy(s => s, StringComparer.Ordinal).ToArray(),
            GroundTruthImages = a.GroundTruthImages,
            Params = a.Params,
            Categories = a.Categories,
            Matches = matches,
            Confusion = new DetectionConfusionOutcomes(rows, a.Confusion.NonCrowdGroundTruth),
            Tide = TideState.Merge(a.Tide, b.Tide),
            PredictedImages = images,
            CrossPartImages = a.CrossPartImages + b.CrossPartImages + distinctA + distinctB - images.Distinct().Count(),
            _groundTruthObjects = a._groundTruthObjects,
            _crowdObjects = a._crowdObjects,
            _groundTruthSkipped = a._groundTruthSkipped,
            // A part before format version 5 does not know its unreadable records (0); a later part of the same ground truth does.
            _groundTruthInvalid = Math.Max(a._groundTruthInvalid, b._groundTruthInvalid),
            _detectionCounts = a._detectionCounts.Zip(b._detectionCounts, (x, y) => x + y).ToArray(),
        };
    }

    /// <summary>All parts as one (in any order), merged as a balanced tree.</summary>
    public static PartialDetection Merge(IEnumerable<PartialDetection> parts) =>
        BalancedMerge.Of(parts, Merge) ?? throw new ArgumentException("There are no partial evaluations to merge.", nameof(parts));

    /// <summary>
    /// The evaluation of all the parts' detections: the accumulate stage of one evaluation on the merged table, the
    /// confusion matrix and TIDE's figures from the merged states. Reports images predicted in more than one part to <paramref name="sink"/>.
    /// </summary>
    public DetectionEvaluation Evaluate(IIssueSink sink)
    {
        if (CrossPartImages > 0)
        {
            sink.Report(new DataIssue("DuplicateAcrossParts", IssueSeverity.Warning, string.Join(", ", Sources), 0, "image_id",
                $"{Counted.Of(CrossPartImages, "image")} {Counted.Verb(CrossPartImages, "has", "have")} detections in more than one part; each part's matches of {Counted.Verb(CrossPartImages, "it", "them")} are counted"));
        }
        int truncated = Matches.Sum(c => c.Truncated);
        var table = new MatchTable(Matches, Enumerable.Range(0, Categories.Length).ToArray(), Array.Empty<int>(), truncated);
        var (precision, recall) = DetectionEvaluator.Accumulate(table, Params);
        var d = _detectionCounts;
        long skipped = d[1] + d[2] + d[3] + truncated + d[4];
        var counts = new DetectionCounts(
            GroundTruthImages, Categories.Length, _groundTruthObjects, _crowdObjects, _groundTruthSkipped,
            checked((int)(d[0] - truncated)), checked((int)skipped), checked((int)d[1]), checked((int)d[2]), checked((int)d[3]), truncated, checked((int)d[4]), _groundTruthInvalid);
        return new DetectionEvaluation(Params, Categories, table, precision, recall, counts, Confusion, Tide);
    }

    // Two categories' positions in accumulate order merged into one, their confusion rows alongside.
    private static (CategoryMatches Matches, int[] Rows) MergeCategory(CategoryMatches x, int[] xRows, CategoryMatches y, int[] yRows, CocoParams p)
    {
        int n = x.Count + y.Count, planes = p.AreaRanges.Count * p.IouThresholds.Count;
        var from = new (bool FromX, int Position)[n];
        for (int i = 0, j = 0, o = 0; o < n; o++)
        {
            bool takeX = j == y.Count || (i < x.Count && !Before(y, j, x, i));
            from[o] = takeX ? (true, i++) : (false, j++);
        }
        var score = new double[n];
        var rankInImage = new int[n];
        var imageRank = new int[n];
        var rows = new int[n];
        var state = new MatchState[planes * n];
        for (int o = 0; o < n; o++)
        {
            var (fromX, i) = from[o];
            var c = fromX ? x : y;
            score[o] = c.Score[i];
            rankInImage[o] = c.RankInImage[i];
            imageRank[o] = c.ImageRank[i];
            rows[o] = (fromX ? xRows : yRows)[i];
            for (int plane = 0; plane < planes; plane++) state[plane * n + o] = c.State[plane * c.Count + i];
        }
        return (new CategoryMatches(score, rankInImage, imageRank, state, x.Positives, x.Truncated + y.Truncated), rows);
    }

    // Whether position i of a comes strictly before position j of b in accumulate order.
    private static bool Before(CategoryMatches a, int i, CategoryMatches b, int j) =>
        a.Score[i] > b.Score[j]
        || (a.Score[i] == b.Score[j] && (a.ImageRank[i] < b.ImageRank[j] || (a.ImageRank[i] == b.ImageRank[j] && a.RankInImage[i] < b.RankInImage[j])));

    private static void RequireSameEvaluation(PartialDetection a, PartialDetection b)
    {
        string? difference =
            a.GroundTruthFingerprint != b.GroundTruthFingerprint ? "they evaluate different ground truths (or different splits of it, or with other COCO parameters)"
            : !string.Equals(a.MlUse, b.MlUse, StringComparison.Ordinal) ? $"one evaluates the '{a.MlUse}' split, the other '{b.MlUse}'"
            : a.Params.IouType != b.Params.IouType ? "one evaluates boxes, the other masks"
            : a.Categories.Length != b.Categories.Length || a.Matches.Length != b.Matches.Length ? "their categories differ"
            : null;
        if (difference is not null) throw new ArgumentException($"These partial evaluations cannot be merged: {difference}.");
    }

    private static ulong FingerprintOf(CocoGroundTruth groundTruth, CocoParams p, string mlUse)
    {
        var text = new StringBuilder();
        text.Append(mlUse).Append('\n').Append(p.IouType).Append('\n');
        foreach (var v in p.IouThresholds) text.Append(RoundTripText.Of(v)).Append(' ');
        foreach (var v in p.RecallThresholds) text.Append(RoundTripText.Of(v)).Append(' ');
        foreach (var v in p.MaxDetections) text.Append(v.ToString(CultureInfo.InvariantCulture)).Append(' ');
        foreach (var r in p.AreaRanges) text.Append(r.Label).Append(':').Append(RoundTripText.Of(r.Min)).Append(':').Append(RoundTripText.Of(r.Max)).Append(' ');
        var hash = ItemHash.Of(text.Append('\n').ToString());
        foreach (var image in groundTruth.Images) hash = ItemHash.Continue(hash, FormattableString.Invariant($"{image.Id}\t{image.Width}\t{image.Height}\t{image.FileName}\n"));
        foreach (var category in groundTruth.Categories) hash = ItemHash.Continue(hash, FormattableString.Invariant($"{category.Id}\t{category.Name}\n"));
        var gt = groundTruth.Annotations;
        for (int g = 0; g < gt.Count; g++)
        {
            hash = ItemHash.Continue(hash, FormattableString.Invariant($"{gt.Id[g]}\t{gt.Image[g]}\t{gt.Category[g]}\t{gt.Crowd[g]}\t") +
                RoundTripText.Of(gt.Area[g]) + "\t" + RoundTripText.Of(gt.Boxes[g * 4]) + "\t" + RoundTripText.Of(gt.Boxes[g * 4 + 1]) + "\t" +
                RoundTripText.Of(gt.Boxes[g * 4 + 2]) + "\t" + RoundTripText.Of(gt.Boxes[g * 4 + 3]) + "\n");
        }
        return hash;
    }

    /// <summary>Writes the part in the documented binary format (docs/partial-evaluations.md), little-endian.</summary>
    public void WriteTo(Stream stream)
    {
        using var w = PartialEvaluation.StartWriting(stream, TaskName);
        w.Write(GroundTruthFingerprint);
        w.Write(GroundTruthPath);
        w.Write(MlUse);
        w.Write((byte)Params.IouType);
        PartialEvaluation.WriteArray(w, Params.IouThresholds, w.Write);
        PartialEvaluation.WriteArray(w, Params.RecallThresholds, w.Write);
        PartialEvaluation.WriteArray(w, Params.MaxDetections, w.Write);
        PartialEvaluation.WriteArray(w, Params.AreaRanges, r =>
        {
            w.Write(r.Label);
            w.Write(r.Min);
            w.Write(r.Max);
        });
        PartialEvaluation.WriteArray(w, Categories, c =>
        {
            w.Write(c.Id);
            w.Write(c.Name);
            w.Write(c.Supercategory);
        });
        PartialEvaluation.WriteArray(w, Sources, w.Write);
        foreach (var count in new long[] { GroundTruthImages, _groundTruthObjects, _crowdObjects, _groundTruthSkipped }.Concat(_detectionCounts).Append(CrossPartImages).Append(_groundTruthInvalid)) w.Write(count);
        PartialEvaluation.WriteArray(w, PredictedImages, w.Write);
        for (int k = 0; k < Matches.Length; k++)
        {
            var c = Matches[k];
            // The slot of the category's ground truth crowd included, kept so that the format stays: filled with what a label's objects count now.
            w.Write(Confusion.NonCrowdGroundTruth[k]);
            w.Write(Confusion.NonCrowdGroundTruth[k]);
            w.Write(c.Truncated);
            foreach (var positives in c.Positives) w.Write(positives);
            w.Write(c.Count);
            foreach (var v in c.Score) w.Write(v);
            foreach (var v in c.ImageRank) w.Write(v);
            foreach (var v in c.RankInImage) w.Write(v);
            foreach (var v in Confusion.Rows[k]) w.Write(v);
            foreach (var v in c.State) w.Write((byte)v);
        }
        foreach (var counts in new[] { Tide.GroundTruth, Tide.AnalysedGroundTruth, Tide.Missed })
        {
            foreach (var v in counts) w.Write(v);
        }
        PartialEvaluation.WriteArray(w, Tide.Detections, t =>
        {
            w.Write(t.Image);
            w.Write(t.Position);
            w.Write(t.Score);
            w.Write(t.Category);
            w.Write((byte)((t.IsPoint ? 1 : 0) | (t.IsTrue ? 2 : 0)));
            w.Write(t.Kind is { } kind ? (sbyte)kind : (sbyte)-1);
            w.Write(t.FixedCategory);
        });
    }

    /// <summary>The part as the bytes of its file (what PowerShell carries across runspaces and machines).</summary>
    public byte[] ToBytes() => PartialEvaluation.BytesOf(WriteTo);

    /// <summary>Reads a part written by <see cref="WriteTo"/>; anything else is an <see cref="InputFormatException"/> naming <paramref name="source"/>.</summary>
    public static PartialDetection ReadFrom(Stream stream, string source) =>
        PartialEvaluation.ReadFrom<PartialDetection>(stream, source);

    /// <summary>Reads what follows the header (<see cref="PartialEvaluation.ReadFrom"/>) of a detection part.</summary>
    // The container version detection parts first appeared in.
    private const int FirstVersion = 2;

    // The container version whose detection counts end with the ground truth's unreadable records (before: 10 counts).
    private const int GroundTruthInvalidVersion = 5;

    internal static PartialDetection ReadBody(BinaryReader r, int version, string source)
    {
        try
        {
            if (version < FirstVersion) throw new InvalidDataException($"detection parts start at format version {FirstVersion.ToString(CultureInfo.InvariantCulture)}");
            var fingerprint = r.ReadUInt64();
            var groundTruthPath = r.ReadString();
            var mlUse = r.ReadString();
            var iouType = (IouType)r.ReadByte();
            if (!Enum.IsDefined(typeof(IouType), iouType)) throw new InvalidDataException("an unknown IoU type");
            var p = new CocoParams(
                iouType, PartialEvaluation.ReadArray(r, r.ReadDouble), PartialEvaluation.ReadArray(r, r.ReadDouble), PartialEvaluation.ReadArray(r, r.ReadInt32),
                PartialEvaluation.ReadArray(r, () => new AreaRange(r.ReadString(), r.ReadDouble(), r.ReadDouble())));
            var categories = PartialEvaluation.ReadArray(r, () => new CocoCategory(r.ReadInt64(), r.ReadString(), r.ReadString()));
            var sources = PartialEvaluation.ReadArray(r, r.ReadString);
            var counts = Enumerable.Range(0, version >= GroundTruthInvalidVersion ? 11 : 10).Select(_ => r.ReadInt64()).ToArray();
            var images = PartialEvaluation.ReadArray(r, r.ReadInt32);
            int K = categories.Length, A = p.AreaRanges.Count, planes = A * p.IouThresholds.Count;
            var matches = new CategoryMatches[K];
            var rows = new int[K][];
            var nonCrowd = new int[K];
            for (int k = 0; k < K; k++)
            {
                // The slot of the category's ground truth crowd included, which a label's objects no longer count (they are its positives of area all).
                r.ReadInt32();
                nonCrowd[k] = r.ReadInt32();
                int truncated = r.ReadInt32();
                var positives = ReadInts(r, A);
                int n = r.ReadInt32();
                if (n < 0 || (long)n * (24 + planes) > r.BaseStream.Length) throw new InvalidDataException($"{n.ToString(CultureInfo.InvariantCulture)} detections of a category");
                var score = Enumerable.Range(0, n).Select(_ => r.ReadDouble()).ToArray();
                var imageRank = ReadInts(r, n);
                var rankInImage = ReadInts(r, n);
                rows[k] = ReadInts(r, n);
                var state = r.ReadBytes(planes * n);
                if (state.Length != planes * n) throw new EndOfStreamException();
                matches[k] = new CategoryMatches(score, rankInImage, imageRank, state.Select(s => s <= (byte)MatchState.Ignored ? (MatchState)s : throw new InvalidDataException("an unknown match state")).ToArray(), positives, truncated);
            }
            var tideGroundTruth = ReadInts(r, K);
            var analysed = ReadInts(r, K);
            var missed = ReadInts(r, K);
            var tideDetections = PartialEvaluation.ReadArray(r, () =>
            {
                int image = r.ReadInt32(), position = r.ReadInt32();
                double score = r.ReadDouble();
                int category = r.ReadInt32();
                byte flags = r.ReadByte();
                sbyte kind = r.ReadSByte();
                int fixedCategory = r.ReadInt32();
                if (category < 0 || category >= K || fixedCategory < TideDetection.NoFix || fixedCategory >= K || kind < -1 || kind > (sbyte)DetectionErrorKind.Missed)
                {
                    throw new InvalidDataException("a TIDE detection out of range");
                }
                return new TideDetection(image, position, score, category, (flags & 1) != 0, (flags & 2) != 0, kind < 0 ? null : (DetectionErrorKind)kind, fixedCategory);
            });
            return new PartialDetection
            {
                GroundTruthFingerprint = fingerprint,
                GroundTruthPath = groundTruthPath,
                MlUse = mlUse,
                Sources = sources,
                GroundTruthImages = checked((int)counts[0]),
                Params = p,
                Categories = categories,
                Matches = matches,
                Confusion = new DetectionConfusionOutcomes(rows, nonCrowd),
                Tide = new TideState(tideDetections, tideGroundTruth, analysed, missed),
                PredictedImages = images,
                _groundTruthObjects = checked((int)counts[1]),
                _crowdObjects = checked((int)counts[2]),
                _groundTruthSkipped = checked((int)counts[3]),
                _groundTruthInvalid = counts.Length > 10 ? checked((int)counts[10]) : 0,
                _detectionCounts = counts.Skip(4).Take(5).ToArray(),
                CrossPartImages = counts[9],
            };
        }
        catch (Exception e) when (PartialEvaluation.IsCorruption(e))
        {
            throw PartialEvaluation.Corrupt(source, e);
        }
    }

    private static int[] ReadInts(BinaryReader r, int count)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = r.ReadInt32();
        return values;
    }
}
