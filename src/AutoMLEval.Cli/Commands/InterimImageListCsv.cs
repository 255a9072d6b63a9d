using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Model;

namespace AutoMLEval.Cli.Commands;

/// <summary>
/// INTERIM, to be replaced by the shared classification readers (AutoMLEval.Engine/Formats): reads the image
/// paths of a Vertex AI classification data-set CSV, <c>[ML_USE,]PATH,LABEL[,LABEL…]</c>, for <c>predict</c>.
/// Paths are relative to the CSV's folder; labels are not needed to predict and are ignored.
/// </summary>
internal static class InterimImageListCsv
{
    private static readonly string[] MlUseValues = { "training", "validation", "test", "unassigned" };

    /// <summary>The images of the rows whose ML_USE is <paramref name="mlUse"/> (every row when null), in file order.</summary>
    public static List<ImageItem> Read(string csvPath, string? mlUse, IIssueSink issues)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(csvPath)) ?? string.Empty;
        var items = new List<ImageItem>();
        long lineNumber = 0;
        foreach (var line in File.ReadLines(csvPath))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            var hasMlUse = MlUseValues.Contains(fields[0], StringComparer.OrdinalIgnoreCase);
            var pathField = hasMlUse ? 1 : 0;
            if (fields.Length <= pathField || fields[pathField].Length == 0)
            {
                issues.Report(new DataIssue("MissingPath", IssueSeverity.Error, csvPath, lineNumber, "PATH", "The row has no image path; skipped."));
                continue;
            }
            if (mlUse is not null && !(hasMlUse && string.Equals(fields[0], mlUse, StringComparison.OrdinalIgnoreCase))) continue;
            var path = fields[pathField];
            items.Add(new ImageItem(path, Path.Combine(folder, path)));
        }
        return items;
    }
}
