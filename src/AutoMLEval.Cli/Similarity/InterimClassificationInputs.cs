using System.Text.Json;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;

namespace AutoMLEval.Cli.Similarity;

/// <summary>
/// INTERIM: minimal readers of the Vertex classification CSV (<c>[ML_USE,]PATH,LABEL[,LABEL…]</c>) and batch
/// predictions JSONL, kept in this one file so that it can be replaced by the shared classification readers
/// (<c>AutoMLEval.Engine.Formats</c>) once they land. The similarity verbs only need item → split and labels,
/// and item → label → confidence.
/// </summary>
internal static class InterimClassificationInputs
{
    private static readonly string[] MlUseValues = { "training", "validation", "test", "unassigned" };

    /// <summary>Reads the ground-truth CSV; a line without a path or label is reported and skipped.</summary>
    public static DatasetItems ReadGroundTruth(string path, IIssueSink issues)
    {
        if (!File.Exists(path)) throw new InputFormatException("FileNotFound", path, 0, string.Empty, "The ground-truth file does not exist.");
        var items = new List<LabeledItem>();
        long lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
            // An optional header line names its columns instead of holding an item.
            if (items.Count == 0 && fields.Any(f => f.Equals("PATH", StringComparison.OrdinalIgnoreCase) || f.Equals("ML_USE", StringComparison.OrdinalIgnoreCase))) continue;
            bool hasMlUse = MlUseValues.Contains(fields[0], StringComparer.OrdinalIgnoreCase);
            int pathField = hasMlUse ? 1 : 0;
            var labels = fields.Skip(pathField + 1).Where(f => f.Length > 0).ToArray();
            if (fields.Length <= pathField || fields[pathField].Length == 0 || labels.Length == 0)
            {
                issues.Report(new DataIssue("MalformedRecord", IssueSeverity.Error, path, lineNumber, string.Empty, "Expected [ML_USE,]PATH,LABEL."));
                continue;
            }
            items.Add(new LabeledItem(fields[pathField], hasMlUse ? fields[0].ToLowerInvariant() : string.Empty, labels));
        }
        if (items.Count == 0) throw new InputFormatException("NoRecords", path, 0, string.Empty, "No ground-truth record was read.");
        return new DatasetItems(items);
    }

    /// <summary>Reads Vertex batch predictions (<c>{"instance": {"content"}, "prediction": {"displayNames", "confidences"}}</c> per line).</summary>
    public static ItemConfidences ReadPredictions(IEnumerable<string> paths, IIssueSink issues)
    {
        var byItem = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (!File.Exists(path)) throw new InputFormatException("FileNotFound", path, 0, string.Empty, "The predictions file does not exist.");
            long lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.Trim().Length == 0) continue;
                try
                {
                    using var document = JsonDocument.Parse(line);
                    var root = document.RootElement;
                    var content = root.GetProperty("instance").GetProperty("content").GetString() ?? string.Empty;
                    var prediction = root.GetProperty("prediction");
                    var names = prediction.GetProperty("displayNames").EnumerateArray().Select(n => n.GetString() ?? string.Empty).ToArray();
                    var confidences = prediction.GetProperty("confidences").EnumerateArray().Select(c => c.GetDouble()).ToArray();
                    if (names.Length != confidences.Length || confidences.Any(c => !(c >= 0 && c <= 1)))
                    {
                        issues.Report(new DataIssue("MalformedRecord", IssueSeverity.Error, path, lineNumber, "prediction", "displayNames and confidences differ in length, or a confidence is outside [0, 1]."));
                        continue;
                    }
                    var row = new Dictionary<string, double>(StringComparer.Ordinal);
                    for (int i = 0; i < names.Length; i++) row[names[i]] = confidences[i];
                    if (byItem.ContainsKey(content))
                    {
                        issues.Report(new DataIssue("DuplicateItem", IssueSeverity.Error, path, lineNumber, "instance.content", $"Item '{content}' already has a prediction; this one is ignored."));
                        continue;
                    }
                    byItem[content] = row;
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    issues.Report(new DataIssue("MalformedRecord", IssueSeverity.Error, path, lineNumber, string.Empty, e.Message));
                }
            }
        }
        return new ItemConfidences(byItem);
    }
}
