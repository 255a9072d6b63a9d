using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// Video evaluation at one-second level on synthetic files: VIDEOS videos of SECONDS seconds, 7 labels, every label
/// scored for every second (the shape Vertex writes). Times reading the predictions alone, then the whole evaluation (reading again); file generation is not timed.
/// </summary>
internal sealed class VideoBenchmark : IBenchmark
{
    private static readonly string[] Labels = { "cooking", "dancing", "running", "swimming", "talking", "driving", "reading" };

    public string Name => "video";

    public string Description => "video one-second evaluation on synthetic files [VIDEOS=1000] [SECONDS=120]";

    public void Run(IReadOnlyList<string> args)
    {
        int videos = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        int seconds = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 120;
        var directory = Path.Combine(Path.GetTempPath(), "automleval-video-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var groundTruth = Path.Combine(directory, "gt.jsonl");
            var predictions = Path.Combine(directory, "p.jsonl");
            Write(groundTruth, predictions, videos, seconds);
            Console.WriteLine($"{videos} videos × {seconds} s × {Labels.Length} labels = {(long)videos * seconds * Labels.Length:N0} scores; predictions file {new FileInfo(predictions).Length / 1e6:F0} MB");
            var watch = Stopwatch.StartNew();
            var log = new IssueLog();
            long entries = new VideoPredictionReader(predictions, log).Read().Sum(i => (long)i.Scores.Count);
            Console.WriteLine($"read predictions only: {watch.Elapsed.TotalSeconds:F2} s ({entries:N0} entries)");
            watch.Restart();
            var result = VideoEvaluator.Evaluate(groundTruth, predictions, new VideoEvaluationOptions { Unit = VideoUnit.OneSecond }, log);
            watch.Stop();
            Console.WriteLine($"read both + build items + evaluate: {watch.Elapsed.TotalSeconds:F2} s; items {result.Classification.ItemCount:N0}; auPrc {result.Classification.MicroAuPrc:F4}; issues {log.Issues.Count}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
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
