using System.Text.Json;
using AutoMLEval.Inference.Model;

namespace AutoMLEval.Inference.Output;

/// <summary>
/// Writes predictions as JSON Lines, one object per image, in the two shapes Vertex AI uses:
/// batch-prediction output <c>{"instance":{"content":PATH,"mimeType":TYPE},"prediction":{"ids":[…],"displayNames":[…],"confidences":[…]}}</c>
/// (labels by decreasing confidence) and embeddings <c>{"content":PATH,"embedding":[…]}</c>.
/// Floats are written as the shortest decimal that reads back to the same float32.
/// </summary>
public sealed class PredictionJsonWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly MemoryStream _line = new();
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    /// <summary>Writes to <paramref name="writer"/> (for example standard output); <paramref name="ownsWriter"/>: close it on dispose.</summary>
    public PredictionJsonWriter(TextWriter writer, bool ownsWriter = false)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { Indented = false, SkipValidation = true });
    }

    /// <summary>Creates (or overwrites) the UTF-8 file at <paramref name="path"/>, and its folder if needed.</summary>
    public static PredictionJsonWriter Create(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        return Create(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None));
    }

    /// <summary>Writes UTF-8 lines to <paramref name="stream"/> (for example an <see cref="Engine.Formats.OutputFile"/>'s), closing it on dispose.</summary>
    public static PredictionJsonWriter Create(Stream stream) =>
        new(new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" }, ownsWriter: true);

    /// <summary>Writes one batch-prediction line.</summary>
    public void WritePrediction(ImagePrediction prediction)
    {
        _json.WriteStartObject();
        _json.WriteStartObject("instance");
        _json.WriteString("content", prediction.Item.Content);
        _json.WriteString("mimeType", MimeType(prediction.Item.FilePath));
        _json.WriteEndObject();
        _json.WriteStartObject("prediction");
        _json.WriteStartArray("ids");
        foreach (var id in prediction.Ids) _json.WriteNumberValue(id);
        _json.WriteEndArray();
        _json.WriteStartArray("displayNames");
        foreach (var name in prediction.DisplayNames) _json.WriteStringValue(name);
        _json.WriteEndArray();
        WriteFloats("confidences", prediction.Confidences);
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine();
    }

    /// <summary>Writes one embedding line; a prediction without an embedding is an error.</summary>
    public void WriteEmbedding(ImagePrediction prediction)
    {
        var embedding = prediction.Embedding ?? throw new ArgumentException($"The prediction for '{prediction.Item.Content}' carries no embedding.", nameof(prediction));
        _json.WriteStartObject();
        _json.WriteString("content", prediction.Item.Content);
        WriteFloats("embedding", embedding);
        _json.WriteEndObject();
        EndLine();
    }

    /// <summary>The MIME type Vertex AI records for an image file, from its extension.</summary>
    public static string MimeType(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JPG" or ".JPEG" => "image/jpeg",
        ".PNG" => "image/png",
        ".WEBP" => "image/webp",
        ".TIF" or ".TIFF" => "image/tiff",
        ".GIF" => "image/gif",
        ".BMP" => "image/bmp",
        ".HEIC" or ".HEIF" => "image/heif",
        _ => "application/octet-stream",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        // Closed once: a caller that finishes the file early (to commit it) disposes again on its way out.
        if (_disposed) return;
        _disposed = true;
        _json.Dispose();
        _line.Dispose();
        _writer.Flush();
        if (_ownsWriter) _writer.Dispose();
    }

    private void WriteFloats(string name, IReadOnlyList<float> values)
    {
        _json.WriteStartArray(name);
        // float → double keeps the exact value; the shortest round-trip form of that double is what numpy/json print.
        foreach (var value in values) _json.WriteNumberValue((double)value);
        _json.WriteEndArray();
    }

    private void EndLine()
    {
        _json.Flush();
        _writer.Write(System.Text.Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length));
        _writer.Write('\n');
        _line.SetLength(0);
        _json.Reset();
    }
}
