using System.Collections.Concurrent;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;
using AutoMLEval.Tests.Embeddings;
using Xunit;

namespace AutoMLEval.Tests.Diagnostics;

/// <summary>Long engine operations report their progress to the caller and stop with OperationCanceledException when cancelled.</summary>
public class CancellationAndProgressTests
{
    private static readonly string DigitsGroundTruth = Fixture.Path("digits", "dataset.csv");
    private static readonly string DigitsPredictions = Fixture.Path("digits", "predictions.test.jsonl");

    [Fact]
    public void Bootstrap_reports_each_resample_and_stops_when_cancelled()
    {
        var data = ClassificationInputs.Load(DigitsGroundTruth, DigitsPredictions, new ClassificationInputOptions(), new IssueLog()).Data;
        using var cancel = new CancellationTokenSource();
        // Cancelled at the third resample of 100,000 (hours of work): the evaluation must end there, not run on.
        var progress = new RecordingProgress(p =>
        {
            if (p.Step == "Bootstrap resamples" && p.Completed == 3) cancel.Cancel();
        });
        var options = new ClassificationOptions { BootstrapSamples = 100_000 };

        Assert.ThrowsAny<OperationCanceledException>(() => ClassificationEvaluator.Evaluate(data, options, progress, cancel.Token));

        var resamples = progress.Reports.Where(p => p.Step == "Bootstrap resamples").ToArray();
        Assert.Equal(new long[] { 0, 1, 2, 3 }, resamples.Select(p => p.Completed));
        Assert.All(resamples, p => Assert.Equal(100_000, p.Total));
    }

    [Fact]
    public void A_partial_evaluation_reports_its_step_then_each_bootstrap_resample()
    {
        // Reported by the engine, so that evaluate --partial and Get-ModelEvaluation -AsPartial show the same steps.
        var inputs = ClassificationInputs.Load(DigitsGroundTruth, DigitsPredictions, new ClassificationInputOptions { IsShard = true }, new IssueLog());
        var progress = new RecordingProgress();

        PartialClassification.Of(inputs, DigitsPredictions, new ClassificationOptions { BootstrapSamples = 2 }, progress);

        Assert.Equal(new[] { "Evaluating the part", "Bootstrap resamples: 0 of 2", "Bootstrap resamples: 1 of 2", "Bootstrap resamples: 2 of 2" }, progress.Reports.Select(p => p.ToString()));
    }

    [Fact]
    public void A_detection_part_reports_its_step_as_a_classification_part_does()
    {
        // The shard's detections are read and matched before (their own steps); making the part is the step left.
        var caseFolder = Detection.CocoParityTests.CaseDirectory("random_bbox");
        var evaluation = Detection.CocoParityTests.Evaluate("random_bbox", out _);
        var progress = new RecordingProgress();

        PartialDetection.Of(evaluation, Path.Combine(caseFolder, "gt.json"), Path.Combine(caseFolder, "dt.json"), string.Empty, progress);

        Assert.Equal(new[] { "Evaluating the part" }, progress.Reports.Select(p => p.ToString()));
    }

    [Fact]
    public void A_video_part_reports_the_reading_then_its_step_as_a_classification_part_does()
    {
        var progress = new RecordingProgress();

        PartialVideo.Of(Fixture.Path("video", "ground_truth.jsonl"), Fixture.Path("video", "predictions.segment.jsonl"), new VideoEvaluationOptions(), new IssueLog(), progress);

        // The reads count bytes, as many reports as blocks; the part's step comes once, after them.
        var steps = progress.Reports.Where(p => p.Unit == WorkUnit.Items).Select(p => p.ToString()).ToArray();
        Assert.Equal(new[] { "Evaluating the part" }, steps);
        Assert.Equal("Evaluating the part", progress.Reports[^1].ToString());
        Assert.Equal(
            new[] { "Reading ground_truth.jsonl", "Reading predictions.segment.jsonl", "Evaluating the part" },
            progress.Reports.Select(p => p.Step).Distinct());
    }

    [Fact]
    public void A_merge_reports_the_parts_read_and_merged_then_its_evaluation_and_each_resample()
    {
        var part = DigitsPartBytes(bootstrapSamples: 2);
        var progress = new RecordingProgress();

        var merged = PartialMerge.Run(new[] { PartToMerge.OfBytes("a", () => part), PartToMerge.OfBytes("b", () => part) }, new IssueLog(), progress: progress);

        Assert.IsType<MergedClassification>(merged);
        Assert.Equal(
            new[] { "Merging parts: 0 of 2", "Merging parts: 1 of 2", "Merging parts: 2 of 2", "Evaluating the merged parts", "Bootstrap resamples: 0 of 2", "Bootstrap resamples: 1 of 2", "Bootstrap resamples: 2 of 2" },
            progress.Reports.Select(p => p.ToString()));
    }

    [Fact]
    public void A_merge_stops_within_the_read_of_a_part_once_cancelled()
    {
        // Before: Merge-ModelEvaluation decoded every part before its work (and its Stop) began.
        var part = DigitsPartBytes(bootstrapSamples: 0);
        using var cancel = new CancellationTokenSource();
        var parts = new[]
        {
            PartToMerge.OfBytes("a", () => part),
            PartToMerge.OfBytes("b", () =>
            {
                cancel.Cancel();
                return part;
            }),
            PartToMerge.OfBytes("c", () => throw new InvalidOperationException("a part after the stop is not read")),
        };
        var progress = new RecordingProgress();

        Assert.ThrowsAny<OperationCanceledException>(() => PartialMerge.Run(parts, new IssueLog(), progress: progress, cancellationToken: cancel.Token));

        Assert.Equal(new[] { "Merging parts: 0 of 3", "Merging parts: 1 of 3" }, progress.Reports.Select(p => p.ToString()));
    }

    /// <summary>The file bytes of the partial evaluation of the digits' test predictions.</summary>
    private static byte[] DigitsPartBytes(int bootstrapSamples)
    {
        var inputs = ClassificationInputs.Load(DigitsGroundTruth, DigitsPredictions, new ClassificationInputOptions { IsShard = true }, new IssueLog());
        return PartialClassification.Of(inputs, DigitsPredictions, new ClassificationOptions { BootstrapSamples = bootstrapSamples }).ToBytes();
    }

    [Fact]
    public void Reading_reports_the_bytes_of_the_file_up_to_its_length()
    {
        var progress = new RecordingProgress();
        var predictions = PredictionReader.Read(DigitsPredictions, new IssueLog(), progress);

        Assert.True(predictions.ItemIds.Count > 0);
        var reads = progress.Reports.Where(p => p.Step == "Reading predictions.test.jsonl").ToArray();
        Assert.NotEmpty(reads);
        Assert.All(reads, p => Assert.Equal(WorkUnit.Bytes, p.Unit));
        Assert.Equal(new FileInfo(DigitsPredictions).Length, reads[^1].Completed);
        Assert.Equal(100, reads[^1].Percent);
    }

    [Fact]
    public void A_cancelled_read_throws_instead_of_returning_part_of_the_file()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PredictionReader.Read(DigitsPredictions, new IssueLog(), null, cancel.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => GroundTruthReader.Read(DigitsGroundTruth, new IssueLog(), null, cancel.Token));
        var coco = Fixture.Path("coco", "random_bbox");
        Assert.ThrowsAny<OperationCanceledException>(() =>
            DetectionInputs.Evaluate(Path.Combine(coco, "gt.json"), Path.Combine(coco, "dt.json"), IouType.BoundingBox, null, new IssueLog(), null, cancel.Token));
    }

    [Fact]
    public void Detection_reports_every_category_matched_and_accumulated()
    {
        var coco = Fixture.Path("coco", "random_bbox");
        var progress = new RecordingProgress();
        var evaluation = DetectionInputs.Evaluate(Path.Combine(coco, "gt.json"), Path.Combine(coco, "dt.json"), IouType.BoundingBox, null, new IssueLog(), progress);

        int categories = evaluation.Categories.Count;
        Assert.True(categories > 1);
        foreach (var step in new[] { "Matching detections", "Accumulating categories" })
        {
            var reports = progress.Reports.Where(p => p.Step == step).ToArray();
            // One report as the step starts (0) and one per category, from whichever thread did it.
            Assert.Equal(categories + 1, reports.Length);
            Assert.Equal(categories, reports.Max(p => p.Completed));
            Assert.All(reports, p => Assert.Equal(categories, p.Total));
        }
    }

    [Fact]
    public void Detection_stops_between_categories_when_cancelled()
    {
        var coco = Fixture.Path("coco", "random_bbox");
        using var cancel = new CancellationTokenSource();
        var progress = new RecordingProgress(p =>
        {
            if (p.Step == "Matching detections") cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            DetectionInputs.Evaluate(Path.Combine(coco, "gt.json"), Path.Combine(coco, "dt.json"), IouType.BoundingBox, null, new IssueLog(), progress, cancel.Token));
        Assert.DoesNotContain(progress.Reports, p => p.Step == "Accumulating categories");
    }

    [Fact]
    public void Neighbour_search_reports_the_queries_done_and_stops_when_cancelled()
    {
        var queries = NearestNeighborSearchTests.RandomSet(300, 8, 1, "q");
        var references = NearestNeighborSearchTests.RandomSet(500, 8, 2, "r");
        var options = new NeighborSearchOptions { Count = 3, QueryBlockSize = 16 };
        var progress = new RecordingProgress();
        NearestNeighborSearch.Search(queries, references, options, progress);
        Assert.Equal(300, progress.Reports.Max(p => p.Completed));
        Assert.All(progress.Reports, p => Assert.Equal(300, p.Total));

        using var cancel = new CancellationTokenSource();
        var stopping = new RecordingProgress(p =>
        {
            if (p.Completed > 0) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => NearestNeighborSearch.Search(queries, references, options, stopping, cancel.Token));
        Assert.True(stopping.Reports.Max(p => p.Completed) < 300, "the search went on to the end after being cancelled");
    }

    [Fact]
    public void A_read_cancelled_between_blocks_hands_over_no_block_after_the_cancellation()
    {
        // Ctrl+C mid-file: the blocks read and parsed before it were still handed over (a wave of them, then the wave being
        // parsed) before the cancellation was thrown, which made a stop wait for work nobody wanted.
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"{{\"line\": {i}}}\n"));
        foreach (int cancelAtRead in new[] { 5, 20, 60 })
        {
            using var stream = new CancellingStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), cancelAtRead);
            int handedOver = 0;
            Assert.ThrowsAny<OperationCanceledException>(() =>
            {
                foreach (var firstLine in OrderedJsonLines.ParseBlocks(stream, "lines.jsonl", 64, block => block.FirstLine))
                {
                    Assert.False(stream.Cancelled, $"block of line {firstLine} handed over after the read was cancelled (at read {cancelAtRead})");
                    handedOver++;
                }
            });
            Assert.True(stream.Cancelled);
            Assert.True(handedOver < cancelAtRead, "more blocks than reads");
        }
    }

    /// <summary>A stream whose <paramref name="cancelAtRead"/>th read throws as a cancelled read does.</summary>
    private sealed class CancellingStream(Stream inner, int cancelAtRead) : ReadOnlyStream
    {
        private int _reads;

        public bool Cancelled { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (++_reads >= cancelAtRead)
            {
                Cancelled = true;
                throw new OperationCanceledException();
            }
            return inner.Read(buffer, offset, count);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    [Fact]
    public void Work_progress_reads_as_a_status_line()
    {
        // 12,582,912 bytes = 12.0 MiB; 50,331,648 = 48.0 MiB; 25%.
        var bytes = new WorkProgress("Reading p.jsonl", 12_582_912, 50_331_648, WorkUnit.Bytes);
        Assert.Equal("Reading p.jsonl: 12.0 of 48.0 MB", bytes.ToString());
        Assert.Equal(25, bytes.Percent);
        Assert.Equal("Bootstrap resamples: 1,200 of 100,000", new WorkProgress("Bootstrap resamples", 1200, 100_000).ToString());
        Assert.Null(new WorkProgress("Scanning", 5, 0).Percent);
        // A step that counts nothing (the evaluation of a merge) is its name alone, not "Evaluating the merged parts: 0".
        Assert.Equal("Evaluating the merged parts", new WorkProgress("Evaluating the merged parts", 0, 0).ToString());
        Assert.Equal("Scanning: 5", new WorkProgress("Scanning", 5, 0).ToString());
    }

    /// <summary>Keeps every report (from any thread), optionally reacting to each as it arrives.</summary>
    private sealed class RecordingProgress(Action<WorkProgress>? onReport = null) : IProgress<WorkProgress>
    {
        private readonly ConcurrentQueue<WorkProgress> _reports = new();

        public IReadOnlyList<WorkProgress> Reports => _reports.ToArray();

        public void Report(WorkProgress value)
        {
            _reports.Enqueue(value);
            onReport?.Invoke(value);
        }
    }
}
