using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// How well one label's predicted time spans match its true time spans, over every predicted video:
/// IoU = |P ∩ T| / |P ∪ T|, where P is the time covered by the items whose score for the label is ≥ the threshold
/// (touching or overlapping items merged into spans) and T the time covered by the label's annotations, each clipped
/// to [0, the video's last predicted instant] (so an annotation running to "Infinity" ends with the video).
/// Lengths are summed over videos before dividing, so long videos weigh more (a time-weighted, "frame-level" IoU).
/// </summary>
/// <param name="Label">The label.</param>
/// <param name="Threshold">The score threshold that makes an item a predicted part of the label's spans.</param>
/// <param name="IntersectionSeconds">|P ∩ T|, seconds.</param>
/// <param name="UnionSeconds">|P ∪ T|, seconds.</param>
/// <param name="PredictedSpans">Number of merged predicted spans.</param>
/// <param name="TrueSpans">Number of merged true spans.</param>
public sealed record TemporalIoU(string Label, double Threshold, double IntersectionSeconds, double UnionSeconds, int PredictedSpans, int TrueSpans)
{
    /// <summary>Intersection over union; NaN when the label is neither predicted nor true anywhere.</summary>
    public double IoU => UnionSeconds > 0 ? IntersectionSeconds / UnionSeconds : double.NaN;

    /// <summary>The temporal IoU of every label of <paramref name="data"/>, in label order (pool them with <see cref="Micro"/>).</summary>
    /// <remarks>Cost: per label, one sort of each video's predicted items by start (O(items log items) in all); memory O(items).</remarks>
    /// <param name="items">The items, in the row order of <paramref name="data"/>.</param>
    /// <param name="data">Scores (items × labels).</param>
    /// <param name="annotations">The ground-truth annotations, by video.</param>
    /// <param name="threshold">An item is part of a label's predicted spans when its score is ≥ this.</param>
    public static IReadOnlyList<TemporalIoU> PerLabel(IReadOnlyList<VideoItem> items, ClassificationData data, IReadOnlyDictionary<string, IReadOnlyList<VideoAnnotation>> annotations, double threshold) =>
        FromSums(data.Labels, threshold, Sums(items, data, annotations, threshold));

    /// <summary>
    /// Each label's figures from its sums over videos (<see cref="Sums"/>; sums of disjoint sets of videos add up to the
    /// sums of their union: a partial evaluation keeps these).
    /// </summary>
    internal static TemporalIoU[] FromSums(IReadOnlyList<string> labels, double threshold, IReadOnlyList<TemporalSums> sums) =>
        labels.Select((label, j) => new TemporalIoU(label, threshold, Seconds(sums[j].IntersectionNanoseconds), Seconds(sums[j].UnionNanoseconds), checked((int)sums[j].PredictedSpans), checked((int)sums[j].TrueSpans))).ToArray();

    /// <summary>Each label's intersection and union (whole nanoseconds) and span counts, summed over the videos of <paramref name="items"/>.</summary>
    internal static TemporalSums[] Sums(IReadOnlyList<VideoItem> items, ClassificationData data, IReadOnlyDictionary<string, IReadOnlyList<VideoAnnotation>> annotations, double threshold)
    {
        if (items.Count != data.ItemCount) throw new ArgumentException($"{items.Count} items for {data.ItemCount} rows.", nameof(items));
        // Each video's rows and end (its last predicted instant), found once for all labels.
        var videos = Enumerable.Range(0, items.Count)
            .GroupBy(i => items[i].Video, StringComparer.Ordinal)
            .Select(g => (Video: g.Key, Rows: g.ToArray(), End: g.Max(i => items[i].Segment.End.Nanoseconds)))
            .ToArray();
        var result = new TemporalSums[data.LabelCount];
        for (int label = 0; label < data.LabelCount; label++)
        {
            long intersection = 0, union = 0;
            int predictedSpans = 0, trueSpans = 0;
            var labelName = data.Labels[label];
            foreach (var (video, rows, videoEnd) in videos)
            {
                var predicted = Merge(rows.Where(i => data.Score(i, label) >= threshold).Select(i => items[i].Segment), videoEnd);
                var truth = annotations.TryGetValue(video, out var list)
                    ? Merge(list.Where(a => string.Equals(a.Label, labelName, StringComparison.Ordinal)).Select(a => a.Segment), videoEnd)
                    : new List<(long Start, long End)>();
                var overlap = IntersectionLength(predicted, truth);
                intersection += overlap;
                union += Length(predicted) + Length(truth) - overlap;
                predictedSpans += predicted.Count;
                trueSpans += truth.Count;
            }
            result[label] = new TemporalSums(intersection, union, predictedSpans, trueSpans);
        }
        return result;
    }

    /// <summary>The labels pooled: Σ intersections / Σ unions, under the label name "(all)".</summary>
    public static TemporalIoU Micro(IReadOnlyList<TemporalIoU> perLabel) => new(
        "(all)",
        perLabel.Count == 0 ? double.NaN : perLabel[0].Threshold,
        perLabel.Sum(l => l.IntersectionSeconds),
        perLabel.Sum(l => l.UnionSeconds),
        perLabel.Sum(l => l.PredictedSpans),
        perLabel.Sum(l => l.TrueSpans));

    /// <summary>Sorts, clips to [0, <paramref name="videoEnd"/>] and merges touching or overlapping spans.</summary>
    internal static List<(long Start, long End)> Merge(IEnumerable<VideoSegment> segments, long videoEnd)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var segment in segments.OrderBy(s => s.Start.Nanoseconds))
        {
            long start = Math.Max(0, segment.Start.Nanoseconds);
            long end = Math.Min(videoEnd, segment.End.Nanoseconds);
            if (end <= start) continue;
            if (merged.Count > 0 && start <= merged[merged.Count - 1].End)
            {
                var last = merged[merged.Count - 1];
                merged[merged.Count - 1] = (last.Start, Math.Max(last.End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }
        return merged;
    }

    private static long IntersectionLength(List<(long Start, long End)> a, List<(long Start, long End)> b)
    {
        long total = 0;
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            long start = Math.Max(a[i].Start, b[j].Start);
            long end = Math.Min(a[i].End, b[j].End);
            if (end > start) total += end - start;
            if (a[i].End < b[j].End) i++; else j++;
        }
        return total;
    }

    private static long Length(List<(long Start, long End)> spans) => spans.Sum(s => s.End - s.Start);

    private static double Seconds(long nanoseconds) => nanoseconds / 1e9;
}

/// <summary>One label's temporal IoU state: intersection and union in whole nanoseconds, and the merged spans counted.</summary>
internal readonly record struct TemporalSums(long IntersectionNanoseconds, long UnionNanoseconds, long PredictedSpans, long TrueSpans)
{
    public static TemporalSums operator +(TemporalSums a, TemporalSums b) =>
        new(a.IntersectionNanoseconds + b.IntersectionNanoseconds, a.UnionNanoseconds + b.UnionNanoseconds, a.PredictedSpans + b.PredictedSpans, a.TrueSpans + b.TrueSpans);
}
