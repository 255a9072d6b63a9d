using System.Globalization;
using System.Text;

namespace AutoMLEval.Benchmarks.Classification;

/// <summary>
/// A seeded single-label data set on disk in the forms users evaluate: Vertex AI batch-prediction JSONL (classes sorted
/// by confidence, with ids; float32 confidences printed as float64) and a ground-truth CSV (path,label). The true label's
/// score is boosted, so the metrics are neither trivial nor random. Kept in the temporary folder between runs.
/// </summary>
internal static class VertexFiles
{
    /// <summary>Writes the two files of N items × L labels unless they exist; returns their paths.</summary>
    public static (string GroundTruth, string Predictions) Ensure(int items, int labels)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"automleval-vertex-{items}x{labels}");
        var predictions = stem + ".jsonl";
        var groundTruth = stem + "-truth.csv";
        if (!File.Exists(predictions) || !File.Exists(groundTruth)) Write(predictions, groundTruth, items, labels);
        return (groundTruth, predictions);
    }

    private static void Write(string predictionPath, string groundTruthPath, int items, int labels)
    {
        var random = new Random(7);
        using var writer = new StreamWriter(predictionPath, false, new UTF8Encoding(false), 1 << 20);
        using var truth = new StreamWriter(groundTruthPath, false, new UTF8Encoding(false), 1 << 16);
        truth.WriteLine("path,label");
        var scores = new double[labels];
        var order = new int[labels];
        var line = new StringBuilder();
        for (int i = 0; i < items; i++)
        {
            int trueLabel = random.Next(labels);
            double sum = 0;
            for (int j = 0; j < labels; j++)
            {
                scores[j] = Math.Exp((random.NextDouble() * 6) + (j == trueLabel ? 3 : 0));
                sum += scores[j];
                order[j] = j;
            }
            for (int j = 0; j < labels; j++) scores[j] = (float)(scores[j] / sum);
            Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));
            var path = "gs://bucket/images/" + i.ToString(CultureInfo.InvariantCulture) + ".jpg";
            line.Clear();
            line.Append("{\"instance\": {\"content\": \"").Append(path).Append("\", \"mimeType\": \"image/jpeg\"}, \"prediction\": {\"ids\": [");
            line.Append(string.Join(", ", order.Select(j => j.ToString(CultureInfo.InvariantCulture))));
            line.Append("], \"displayNames\": [").Append(string.Join(", ", order.Select(j => "\"label_" + j.ToString(CultureInfo.InvariantCulture) + "\"")));
            line.Append("], \"confidences\": [").Append(string.Join(", ", order.Select(j => scores[j].ToString("R", CultureInfo.InvariantCulture)))).Append("]}}");
            writer.WriteLine(line.ToString());
            truth.Write(path);
            truth.Write(",label_");
            truth.WriteLine(trueLabel.ToString(CultureInfo.InvariantCulture));
        }
    }
}
