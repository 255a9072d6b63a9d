using System.Text.Json;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Reports;

/// <summary>
/// A confusion matrix as the page's heat map reads it (<c>R.confusionTable</c> in report.js): the shown labels' rows ×
/// columns, row-major, with an "other labels" column last in each row when not every label is shown.
/// </summary>
internal static class ConfusionBlock
{
    /// <summary>Writes <c>other</c>, <c>counts</c> and <c>percent</c> (row percentages rounded to 0.1) of the block of <paramref name="shown"/> labels.</summary>
    public static void Write(Utf8JsonWriter json, ConfusionMatrix matrix, IReadOnlyList<int> shown)
    {
        bool other = shown.Count < matrix.Labels.Count;
        var counts = new List<long>();
        var percents = new List<double>();
        foreach (var i in shown)
        {
            foreach (var j in shown)
            {
                counts.Add(matrix.Count(i, j));
                percents.Add(matrix.RowPercent(i, j));
            }
            if (other)
            {
                var total = matrix.RowTotal(i);
                var rest = total - shown.Sum(j => matrix.Count(i, j));
                counts.Add(rest);
                percents.Add(total == 0 ? 0.0 : 100.0 * rest / total);
            }
        }
        json.WriteBoolean("other", other);
        json.WriteStartArray("counts");
        foreach (var count in counts) json.WriteNumberValue(count);
        json.WriteEndArray();
        json.WriteStartArray("percent");
        foreach (var p in percents) json.WriteNumberValue(Math.Round(p, 1));
        json.WriteEndArray();
    }
}
