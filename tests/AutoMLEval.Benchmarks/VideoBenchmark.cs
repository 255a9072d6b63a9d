using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoMLEval.Benchmarks.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// Video evaluation at one-second level on synthetic files: VIDEOS videos of SECONDS seconds, 7 labels, every label
/// scored for every second (the shape Vertex writes). Times the two video readers alone, beside the classification
/// reader on a Vertex classification file of about the same size (issue 13's anchor: the video readers should read
/// as fast), then the whole evaluation (reading again); file generation is not timed. The ground-truth reader is
/// timed on a dense ground truth (one annotation per video second), as the evaluated one is too small to time.
/// </summary>
internal sealed class VideoBenchmark : IBenchmark
{
    private static readonly string[] Labels = { "cooking", "dancing", "running", "swimming", "talking", "driving", "reading" };

    public string Name => "video";

    public string Description => "video one-second evaluation on synthetic files [VIDEOS=1000] [SECONDS=120] [RUNS=5]";

    public void Run(IReadOnlyList<string> args)
    {
        int videos = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        int seconds = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 120;
        int runs = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var directory = Path.Combine(Path.GetTempPath(), "automleval-video-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var groundTruth = Path.Combine(directory, "gt.jsonl");
            var predictions = Path.Combine(directory, "p.jsonl");
            Write(groundTruth, predictions, videos, seconds);
            var denseTruth = Path.Combine(directory, "gt-dense.jsonl");
            WriteDenseTruth(denseTruth, videos, seconds);
            Console.WriteLine($"{videos} videos × {seconds} s × {Labels.Length} labels = {(long)videos * seconds * Labels.Length:N0} scores; predictions file {new FileInfo(predictions).Length / 1e6:F0} MB");
            // A classification file of about the same size (100 labels: about 4,000 bytes an item).
            var classification = VertexFiles.Ensure((int)Math.Max(1, new FileInfo(predictions).Length / 4000), 100).Predictions;
            var ratios = new ReaderRatios();
            for (int run = 1; run <= runs; run++)
            {
                var video = ReaderTiming.Time($"run {run}: video predictions", predictions, log => new VideoPredictionReader(predictions, log).Read().Sum(i => (long)i.Scores.Count), "entries");
                ReaderTiming.Time($"run {run}: video ground truth (dense)", denseTruth, log => VideoGroundTruthReader.Read(denseTruth, "test", log).Counts.Annotations, "annotations");
                var classes = ReaderTiming.Time($"run {run}: classification predictions", classification, log => PredictionReader.Read(classification, log).ItemIds.Count, "items");
                ratios.Add("video predictions", video, classes);
            }
            ratios.PrintMedians();
            var log = new IssueLog();
            var watch = Stopwatch.StartNew();
            var result = VideoEvaluator.Evaluate(groundTruth, predictions, new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, log);
            watch.Stop();
            Console.WriteLine($"read both + build items + evaluate: {watch.Elapsed.TotalSeconds:F2} s; items {result.Classification.ItemCount:N0}; auPrc {result.Classification.MicroAuPrc:F4}; issues {log.Issues.Count}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteDenseTruth(string path, int videos, int seconds)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var line = new StringBuilder();
        for (int v = 0; v < videos; v++)
        {
            line.Clear();
            line.Append("{\"videoGcsUri\":\"videos/clip_").Append(v.ToString("D6", CultureInfo.InvariantCulture)).Append(".mp4\",\"timeSegmentAnnotations\":[");
            for (int t = 0; t < seconds; t++)
            {
                if (t > 0) line.Append(',');
                line.Append("{\"displayName\":\"").Append(Labels[(v + t) % Labels.Length]).Append("\",\"startTime\":\"").Append(t).Append("s\",\"endTime\":\"").Append(t).Append(".5s\"}");
            }
            line.Append("],\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"test\"}}");
            writer.WriteLine(line.ToString());
        }
    }

    private static void Write(string groundTruthPath, string predictionsPath, int videos, int seconds)
    {
        var random = new Random(7);
        using var groundTruth = new StreamWriter(groundTruthPath, false, new UTF8Encoding(false));
        using var predictions = new StreamWriter(predictionsPath, false, new UTF8Encoding(false));
        var line = new StringBuilder();
        for (int v = 0; v < videos; v++)
        {
            var video = $"videos/clip_{v:D6}.mp4";
            var label = Labels[random.Next(Labels.Length)];
            var start = random.Next(seconds / 2);
            var end = start + 1 + random.Next(seconds - start - 1);
            groundTruth.WriteLine($"{{\"videoGcsUri\":\"{video}\",\"timeSegmentAnnotations\":[{{\"displayName\":\"{label}\",\"startTime\":\"{start}s\",\"endTime\":\"{end}.5s\"}}],\"dataItemResourceLabels\":{{\"aiplatform.googleapis.com/ml_use\":\"test\"}}}}");
            line.Clear();
            line.Append("{\"instance\":{\"content\":\"").Append(video).Append("\",\"mimeType\":\"video/mp4\",\"timeSegmentStart\":\"0s\",\"timeSegmentEnd\":\"Infinity\"},\"prediction\":[");
            for (int t = 0; t < seconds; t++)
            {
                for (int j = 0; j < Labels.Length; j++)
                {
                    if (t > 0 || j > 0) line.Append(',');
                    var score = random.NextDouble().ToString("R", CultureInfo.InvariantCulture);
                    line.Append("{\"id\":\"").Append(j).Append("\",\"displayName\":\"").Append(Labels[j]).Append("\",\"type\":\"one-sec-interval-classification\",\"timeSegmentStart\":\"")
                        .Append(t).Append("s\",\"timeSegmentEnd\":\"").Append(t + 1).Append("s\",\"confidence\":").Append(score).Append('}');
                }
            }
            line.Append("]}");
            predictions.WriteLine(line.ToString());
        }
    }
}
