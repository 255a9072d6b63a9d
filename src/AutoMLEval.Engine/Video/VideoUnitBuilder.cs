using System.Globalization;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Video;

/// <summary>
/// Turns video predictions into the items of one <see cref="VideoUnit"/> and their true labels, as multi-label
/// <see cref="ClassificationData"/>: the items are the distinct (video, span) pairs among the prediction entries of
/// the unit's type, in order of first appearance; the columns are the ground truth's labels. Every entry left out
/// is counted in <see cref="VideoUnitCounts"/> and reported.
/// Memory: one row of scores per item while building (8 bytes per (item, label) pair), then the
/// <see cref="ClassificationData"/> arrays (9 bytes per pair).
/// </summary>
public static class VideoUnitBuilder
{
    /// <summary>Builds the items of <paramref name="unit"/> from <paramref name="predictions"/> (streamed once).</summary>
    /// <param name="truth">The ground truth of the evaluated split.</param>
    /// <param name="predictions">The prediction instances, for example <see cref="VideoPredictionReader.Read"/>.</param>
    /// <param name="unit">Which entries form the items, and which truth rule applies.</param>
    /// <param name="predictionSource">The prediction file's name, for issue locations.</param>
    /// <param name="sink">Where left-out entries are reported.</param>
    /// <exception cref="InputFormatException">No entry of the unit's type matched the ground truth.</exception>
    public static VideoUnitData Build(VideoGroundTruth truth, IEnumerable<VideoPredictionInstance> predictions, VideoUnit unit, string predictionSource, IIssueSink sink) =>
        Build(truth, predictions, unit, predictionSource, sink, isShard: false);

    /// <summary>
    /// As <see cref="Build(VideoGroundTruth, IEnumerable{VideoPredictionInstance}, VideoUnit, string, IIssueSink)"/>; with
    /// <paramref name="isShard"/>, the predictions are one shard of several: ground-truth videos it does not predict are
    /// not reported or counted (other shards may predict them). <paramref name="uncappedIssueCounts"/>, when given,
    /// counts every issue by code, those past the sink's cap too (a merge caps the parts' sums as one evaluation would).
    /// </summary>
    internal static VideoUnitData Build(
        VideoGroundTruth truth, IEnumerable<VideoPredictionInstance> predictions, VideoUnit unit, string predictionSource, IIssueSink sink, bool isShard, Dictionary<string, long>? uncappedIssueCounts = null)
    {
        if (truth is null) throw new ArgumentNullException(nameof(truth));
        if (predictions is null) throw new ArgumentNullException(nameof(predictions));
        if (sink is null) throw new ArgumentNullException(nameof(sink));
        if (truth.Labels.Count == 0)
        {
            throw new InputFormatException(VideoIssueCodes.NoItems, truth.Source, 0, "timeSegmentAnnotations", "The ground truth has no labelled annotation, so there is nothing to evaluate.");
        }
        // A video, an unknown video or label is reported once, yet there can be thousands of each (a ground truth of
        // 5,000 videos and predictions for 100): the first of each code are listed, the rest counted.
        using var capped = new CappedIssueSink(sink);
        var state = new BuildState(truth, unit, predictionSource, uncappedIssueCounts is null ? capped : new IssueCounter(capped, uncappedIssueCounts), isShard);
        foreach (var instance in predictions) state.Add(instance);
        return state.Finish();
    }

    /// <summary>
    /// The true-label flags of the bounded span <paramref name="item"/> (one per label of <paramref name="labelIndex"/>)
    /// under the rule of <paramref name="unit"/>: a label is true when at least one of its annotations satisfies the rule.
    /// </summary>
    public static bool[] TrueLabels(VideoUnit unit, IReadOnlyList<VideoAnnotation> annotations, VideoSegment item, IReadOnlyDictionary<string, int> labelIndex)
    {
        var flags = new bool[labelIndex.Count];
        foreach (var annotation in annotations)
        {
            if (VideoUnits.LabelsItem(unit, annotation.Segment, item)) flags[labelIndex[annotation.Label]] = true;
        }
        return flags;
    }

    private sealed class BuildState
    {
        private readonly VideoGroundTruth _truth;
        private readonly VideoUnit _unit;
        private readonly string _type;
        private readonly string _source;
        private readonly IIssueSink _sink;
        private readonly Dictionary<string, int> _labelIndex;
        private readonly Dictionary<string, Dictionary<VideoSegment, int>> _itemsByVideo = new(StringComparer.Ordinal);
        private readonly List<VideoItem> _items = new();
        private readonly List<double[]> _scores = new();
        private readonly HashSet<string> _reportedUnknownVideos = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reportedUnknownLabels = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _otherTypes = new(StringComparer.Ordinal);
        private long _instances;
        private long _unknownVideoInstances;
        private long _otherSplitInstances;
        private VideoPredictionInstance? _firstOtherSplit;
        private long _otherTypeEntries;
        private long _unknownLabelEntries;
        private long _unboundedEntries;
        private long _duplicateEntries;

        private readonly bool _isShard;

        public BuildState(VideoGroundTruth truth, VideoUnit unit, string source, IIssueSink sink, bool isShard)
        {
            _isShard = isShard;
            _truth = truth;
            _unit = unit;
            _type = VideoUnits.PredictionType(unit);
            _source = source;
            _sink = sink;
            _labelIndex = truth.Labels.Select((label, index) => (label, index)).ToDictionary(p => p.label, p => p.index, StringComparer.Ordinal);
        }

        public void Add(VideoPredictionInstance instance)
        {
            _instances++;
            if (!_truth.Videos.ContainsKey(instance.Video))
            {
                if (_truth.OtherSplitVideos.Contains(instance.Video))
                {
                    _otherSplitInstances++;
                    _firstOtherSplit ??= instance;
                    return;
                }
                _unknownVideoInstances++;
                if (_reportedUnknownVideos.Add(instance.Video))
                {
                    Warn(VideoIssueCodes.UnknownVideo, instance.Line, "instance.content",
                        $"The video '{instance.Video}' is in no split of the ground truth; its predictions are skipped (further lines of this video are counted, not reported).", instance.File);
                }
                return;
            }
            if (instance.Scores.Count == 0)
            {
                // Vertex AI lists the labels a model scored: a segment asked about with none is an item whose every label
                // scores 0 (counted as missing scores). A one-second or shot line without entries names no interval.
                if (_unit == VideoUnit.Segment && instance.Segment.IsBounded) RowOf(instance, instance.Segment);
                else Warn(VideoIssueCodes.EmptyPrediction, instance.Line, "prediction", $"The line lists no '{_type}' entry for {instance.Video}, so it gives no item to evaluate.", instance.File);
                return;
            }
            bool unboundedReported = false;
            bool duplicateReported = false;
            foreach (var score in instance.Scores)
            {
                if (!string.Equals(score.Type, _type, StringComparison.Ordinal))
                {
                    _otherTypeEntries++;
                    _otherTypes[score.Type] = _otherTypes.TryGetValue(score.Type, out var n) ? n + 1 : 1;
                    continue;
                }
                if (!_labelIndex.TryGetValue(score.Label, out var label))
                {
                    _unknownLabelEntries++;
                    if (_reportedUnknownLabels.Add(score.Label))
                    {
                        Warn(VideoIssueCodes.UnknownLabel, instance.Line, $"prediction[{score.Index}].displayName",
                            $"The label '{score.Label}' is not used by the ground truth; its scores are skipped (further entries are counted, not reported).", instance.File);
                    }
                    continue;
                }
                if (!score.Segment.IsBounded)
                {
                    _unboundedEntries++;
                    if (!unboundedReported)
                    {
                        unboundedReported = true;
                        _sink.Report(new DataIssue(VideoIssueCodes.UnboundedSegment, IssueSeverity.Error, instance.File ?? _source, instance.Line, $"prediction[{score.Index}].timeSegmentEnd",
                            $"The span {score.Segment} runs to the end of an unknown-length video, so no truth rule applies; the line's entries like it are skipped."));
                    }
                    continue;
                }
                var row = RowOf(instance, score.Segment);
                if (!double.IsNaN(row[label]))
                {
                    _duplicateEntries++;
                    if (!duplicateReported)
                    {
                        duplicateReported = true;
                        Warn(VideoIssueCodes.DuplicatePrediction, instance.Line, $"prediction[{score.Index}]",
                            $"A second score for '{score.Label}' on {instance.Video} {score.Segment}; the first one is kept (further duplicates on this line are counted, not reported).", instance.File);
                    }
                    continue;
                }
                row[label] = score.Confidence;
            }
        }

        // The unit whose entries the predictions hold most of, where they hold no entry of this one's.
        private string OtherUnitHint()
        {
            foreach (var type in _otherTypes.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key))
            {
                if (VideoUnits.TryFromPredictionType(type, out var unit))
                {
                    return $" The predictions are '{type}': evaluate them at the unit '{VideoUnits.OptionName(unit)}' (--unit {VideoUnits.OptionName(unit)}; -Unit {unit}).";
                }
            }
            return string.Empty;
        }

        public VideoUnitData Finish()
        {
            if (_otherTypeEntries > 0)
            {
                var types = string.Join(", ", _otherTypes.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Value.ToString(CultureInfo.InvariantCulture)} {t.Key}"));
                Warn(VideoIssueCodes.OtherPredictionType, 0, "prediction[].type", $"Only '{_type}' entries form the items; entries of other types are not used: {types}.");
            }
            if (_firstOtherSplit is { } first)
            {
                var n = _otherSplitInstances;
                Warn(VideoIssueCodes.OtherSplit, first.Line, "instance.content",
                    $"{Counted.Of(n, "prediction instance")} {Counted.Verb(n, "is", "are")} of videos the ground truth has in other splits than '{_truth.Split}' "
                    + $"(the first: '{first.Video}'); {Counted.Verb(n, "it is", "they are")} left out, as intended.", first.File);
            }
            // A shard of whole videos may hold no instance at all (a batch job's empty shard): its part holds no item.
            if (_items.Count == 0 && !(_isShard && _instances == 0))
            {
                throw new InputFormatException(VideoIssueCodes.NoItems, _source, 0, "prediction[].type",
                    $"No '{_type}' prediction matched a video of the ground truth ({Counted.Of(_instances, "instance")} read, {_unknownVideoInstances} for unknown videos, {_otherSplitInstances} for videos of other splits, {Counted.Of(_otherTypeEntries, "entry", "entries")} of other types).{OtherUnitHint()}");
            }
            if (_unit != VideoUnit.Segment) WarnOfOverlappingItems();
            long videosWithoutPredictions = 0;
            foreach (var video in _isShard ? Enumerable.Empty<string>() : _truth.Videos.Keys.OrderBy(v => v, StringComparer.Ordinal))
            {
                if (_itemsByVideo.ContainsKey(video)) continue;
                videosWithoutPredictions++;
                Warn(VideoIssueCodes.VideoWithoutPredictions, 0, _truth.VideoField,
                    $"The ground-truth video '{video}' has no '{_type}' prediction; its annotations are not evaluated.", _truth.Source);
            }

            int labelCount = _labelIndex.Count;
            var scores = new double[(long)_items.Count * labelCount];
            var flags = new bool[scores.LongLength];
            long missing = 0;
            VideoItem? firstMissing = null;
            for (int i = 0; i < _items.Count; i++)
            {
                var item = _items[i];
                var truthRow = TrueLabels(_unit, _truth.Videos[item.Video], item.Segment, _labelIndex);
                for (int j = 0; j < labelCount; j++)
                {
                    var score = _scores[i][j];
                    if (double.IsNaN(score))
                    {
                        // A label the model did not score for this item: as if it scored 0 (counted below).
                        score = 0.0;
                        missing++;
                        firstMissing ??= item;
                    }
                    scores[((long)i * labelCount) + j] = score;
                    flags[((long)i * labelCount) + j] = truthRow[j];
                }
            }
            if (missing > 0)
            {
                Warn(VideoIssueCodes.MissingScores, firstMissing!.Line, "prediction",
                    $"{Counted.Of(missing, "(item, label) pair")} {Counted.Verb(missing, "has", "have")} no score and {Counted.Verb(missing, "counts", "count")} as 0 (the first is {firstMissing}).");
            }
            var data = new ClassificationData(_truth.Labels, _items.Select(item => item.ToString()).ToArray(), scores, flags, isMultiLabel: true);
            var counts = new VideoUnitCounts(
                _truth.Videos.Count,
                _itemsByVideo.Count,
                _instances,
                _unknownVideoInstances,
                _otherTypeEntries,
                _unknownLabelEntries,
                _unboundedEntries,
                _duplicateEntries,
                missing,
                videosWithoutPredictions)
            {
                OtherSplitInstances = _otherSplitInstances,
            };
            return new VideoUnitData(_unit, data, _items.ToArray(), _truth.Videos, counts)
            {
                UnknownVideos = _reportedUnknownVideos.ToArray(),
                UnknownLabels = _reportedUnknownLabels.ToArray(),
            };
        }

        // One-second intervals and shots tile their video, so overlapping ones are a model's or a merge's mistake: each
        // is still an item of its own (the overlapped time counts once per item; the temporal IoU counts it once), and
        // one warning gives their number and the first in file order. Segments asked about may overlap by design.
        private void WarnOfOverlappingItems()
        {
            long overlapping = 0;
            int first = int.MaxValue;
            foreach (var spans in _itemsByVideo.Values)
            {
                var end = VideoTime.Zero;
                foreach (var span in spans.OrderBy(s => s.Key.Start).ThenBy(s => s.Key.End))
                {
                    if (span.Key.Start < end)
                    {
                        overlapping++;
                        first = Math.Min(first, span.Value);
                    }
                    if (span.Key.End > end) end = span.Key.End;
                }
            }
            if (overlapping == 0) return;
            var item = _items[first];
            Warn(VideoIssueCodes.OverlappingItems, item.Line, "prediction[].timeSegmentStart,timeSegmentEnd",
                $"{Counted.Of(overlapping, $"{VideoUnits.OptionName(_unit)} item")} {Counted.Verb(overlapping, "overlaps", "overlap")} an earlier item of {Counted.Verb(overlapping, "its", "their")} video "
                + $"(the first is {item}); each is evaluated as an item of its own, so the time they share counts once per item.", item.File);
        }

        private double[] RowOf(VideoPredictionInstance instance, VideoSegment segment)
        {
            if (!_itemsByVideo.TryGetValue(instance.Video, out var spans)) _itemsByVideo[instance.Video] = spans = new Dictionary<VideoSegment, int>();
            if (!spans.TryGetValue(segment, out var index))
            {
                index = _items.Count;
                spans[segment] = index;
                _items.Add(new VideoItem(instance.Video, segment, instance.Line) { File = instance.File });
                var row = new double[_labelIndex.Count];
                for (int j = 0; j < row.Length; j++) row[j] = double.NaN;
                _scores.Add(row);
            }
            return _scores[index];
        }

        private void Warn(string code, long line, string field, string message, string? source = null) =>
            _sink.Report(new DataIssue(code, IssueSeverity.Warning, source ?? _source, line, field, message));
    }
}
