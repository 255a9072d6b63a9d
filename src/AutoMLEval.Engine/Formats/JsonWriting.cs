using System.Text.Encodings.Web;
using System.Text.Json;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.Engine.Formats;

/// <summary>JSON output conventions shared by every writer.</summary>
public static class JsonWriting
{
    /// <summary>How every JSON document the front ends print or save is written: indented, with labels and paths in any script as they are.</summary>
    public static JsonWriterOptions DocumentOptions => new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes one JSON document built by <paramref name="write"/> to the file <paramref name="path"/> as the CLI prints it
    /// (<see cref="DocumentOptions"/>, a final newline), under a temporary name moved into place when complete.
    /// </summary>
    public static void WriteDocument(string path, Action<Utf8JsonWriter> write)
    {
        using var file = OutputFile.Create(path);
        using (var writer = new Utf8JsonWriter(file.Stream, DocumentOptions))
        {
            write(writer);
        }
        file.Stream.WriteByte((byte)'\n');
        file.Commit();
    }

    /// <summary>
    /// Writes a number, or null when it is undefined (NaN) or infinite: JSON has no NaN, and an undefined metric
    /// (the AuPRC of a label without positives) must stay visibly undefined rather than become 0.
    /// Named apart from <see cref="Utf8JsonWriter.WriteNumber(string, double)"/>, which throws on NaN and would win overload resolution.
    /// </summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) writer.WriteNull(name);
        else writer.WriteNumber(name, value);
    }

    /// <summary>Writes an array element the way <see cref="WriteNumberOrNull"/> writes a property: null when undefined or infinite.</summary>
    public static void WriteNumberOrNullValue(this Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) writer.WriteNullValue();
        else writer.WriteNumberValue(value);
    }

    /// <summary>
    /// A confusion matrix's counts: <c>rows</c> (one array of counts per true label) up to
    /// <see cref="ConfusionMatrix.DenseLabelLimit"/> labels; above it <c>cells</c>, the non-zero counts as
    /// [true label index, predicted label index, count], row by row.
    /// </summary>
    public static void WriteConfusionCounts(this Utf8JsonWriter writer, ConfusionMatrix matrix)
    {
        if (matrix.ListsEveryCell)
        {
            writer.WriteStartArray("rows");
            for (int i = 0; i < matrix.Labels.Count; i++)
            {
                writer.WriteStartArray();
                foreach (var count in matrix.Row(i)) writer.WriteNumberValue(count);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            return;
        }
        writer.WriteStartArray("cells");
        foreach (var (trueLabel, predictedLabel, count) in matrix.ListedCells())
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(trueLabel);
            writer.WriteNumberValue(predictedLabel);
            writer.WriteNumberValue(count);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }
}
