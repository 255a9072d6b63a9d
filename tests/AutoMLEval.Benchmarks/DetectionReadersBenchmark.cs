using System.Globalization;
using System.Text;
using AutoMLEval.Benchmarks.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;

namespace AutoMLEval.Benchmarks;

/// <summary>
/// The Vertex AI object-detection JSONL readers (import ground truth and batch predictions) beside the classification
/// reader on a Vertex classification file of about the same size (issue 13's anchor: they should read as fast).
/// Seeded files in Vertex's forms, written to a temporary folder (not timed), each read three times: predictions of
/// IMAGES images, and an import of ten times as many, so that all three files are of about the same size.
/// </summary>
internal sealed class DetectionReadersBenchmark : IBenchmark
{
    private const int Labels = 80;
    private const int DetectionsPerImage = 100;

    // An import line is about a tenth of a prediction line's size.
    private const int ImportImagesPerPrediction = 10;

    public string Name => "detection-readers";

    public string Description => "Vertex detection JSONL readers' MiB/s beside the classification reader's, files of about the same size [IMAGES=20000] [RUNS=5] [custom-labels: import lines with two labels of the user's beside the split]";

    public void Run(IReadOnlyList<string> args)
    {
        int images = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        int runs = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        bool customLabels = args.Count > 2 && args[2] == "custom-labels";
        var directory = Path.Combine(Path.GetTempPath(), "automleval-detection-readers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var groundTruth = Path.Combine(directory, "gt.jsonl");
            var predictions = Path.Combine(directory, "predictions.jsonl");
            Write(groundTruth, predictions, images, customLabels);
            // A classification file of about the same size as the predictions (100 labels: about 4,000 bytes an item).
            var classification = VertexFiles.Ensure((int)Math.Max(1, new FileInfo(predictions).Length / 4000), 100).Predictions;
            var truth = VertexObjectDetection.ReadImport(groundTruth, sink: new IssueLog());
            var ratios = new ReaderRatios();
            for (int run = 1; run <= runs; run++)
            {
                var detections = ReaderTiming.Time($"run {run}: detection predictions", predictions, log => VertexObjectDetection.ReadBatchPredictions(predictions, truth, log).Count, "detections");
                var import = ReaderTiming.Time($"run {run}: detection ground truth", groundTruth, log => VertexObjectDetection.ReadImport(groundTruth, sink: log).AnnotationCount, "boxes");
                var classes = ReaderTiming.Time($"run {run}: classification predictions", classification, log => PredictionReader.Read(classification, log).ItemIds.Count, "items");
                ratios.Add("detection predictions", detections, classes);
                ratios.Add("detection ground truth", import, classes);
            }
            ratios.PrintMedians();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Import JSONL with about 7 boxes an image (COCO's density) and batch predictions with 100 boxes an image of the
    // first ones, as Vertex writes them: confidences with 9 digits, boxes [xMin, xMax, yMin, yMax]. With customLabels,
    // each import line's dataItemResourceLabels holds two of the user's own labels before the split, as datasets
    // labelled for slicing do.
    private static void Write(string groundTruthPath, string predictionsPath, int images, bool customLabels)
    {
        var random = new Random(7);
        using var groundTruth = new StreamWriter(groundTruthPath, false, new UTF8Encoding(false), 1 << 20);
        using var predictions = new StreamWriter(predictionsPath, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder();
        string Label(int i) => "label_" + i.ToString("D2", CultureInfo.InvariantCulture);
        // Beyond xMin and yMin, so that every box is valid.
        string Coordinate() => (0.5 + (random.NextDouble() * 0.5)).ToString("0.######", CultureInfo.InvariantCulture);
        for (int i = 0; i < images * ImportImagesPerPrediction; i++)
        {
            var image = "gs://bucket/images/image_" + i.ToString("D7", CultureInfo.InvariantCulture) + ".jpg";
            line.Clear().Append("{\"imageGcsUri\":\"").Append(image).Append("\",\"boundingBoxAnnotations\":[");
            int boxes = 1 + random.Next(13);
            for (int b = 0; b < boxes; b++)
            {
                if (b > 0) line.Append(',');
                line.Append("{\"displayName\":\"").Append(Label(random.Next(Labels)))
                    .Append("\",\"xMin\":0.1,\"yMin\":0.2,\"xMax\":").Append(Coordinate()).Append(",\"yMax\":").Append(Coordinate()).Append('}');
            }
            line.Append("],\"dataItemResourceLabels\":{");
            if (customLabels) line.Append("\"env\":\"prod\",\"camera\":\"a").Append((i % 8).ToString(CultureInfo.InvariantCulture)).Append("\",");
            line.Append("\"aiplatform.googleapis.com/ml_use\":\"test\"}}");
            groundTruth.WriteLine(line.ToString());
            if (i >= images) continue;

            line.Clear().Append("{\"instance\":{\"content\":\"").Append(image).Append("\",\"mimeType\":\"image/jpeg\"},\"prediction\":{\"ids\":[");
            for (int d = 0; d < DetectionsPerImage; d++) line.Append(d > 0 ? "," : string.Empty).Append('"').Append(random.Next()).Append('"');
            line.Append("],\"displayNames\":[");
            for (int d = 0; d < DetectionsPerImage; d++) line.Append(d > 0 ? "," : string.Empty).Append('"').Append(Label(random.Next(Labels))).Append('"');
            line.Append("],\"confidences\":[");
            for (int d = 0; d < DetectionsPerImage; d++) line.Append(d > 0 ? "," : string.Empty).Append(random.NextDouble().ToString("0.#########", CultureInfo.InvariantCulture));
            line.Append("],\"bboxes\":[");
            for (int d = 0; d < DetectionsPerImage; d++)
            {
                double x = random.NextDouble() * 0.5, y = random.NextDouble() * 0.5;
                line.Append(d > 0 ? "," : string.Empty).Append('[')
                    .Append(x.ToString("0.######", CultureInfo.InvariantCulture)).Append(',').Append((x + 0.4).ToString("0.######", CultureInfo.InvariantCulture)).Append(',')
                    .Append(y.ToString("0.######", CultureInfo.InvariantCulture)).Append(',').Append((y + 0.4).ToString("0.######", CultureInfo.InvariantCulture)).Append(']');
            }
            line.Append("]}}");
            predictions.WriteLine(line.ToString());
        }
    }
}
