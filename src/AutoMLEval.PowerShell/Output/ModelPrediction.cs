using System.Management.Automation;

namespace AutoMLEval;

/// <summary>
/// One image's prediction by a local ONNX model (<c>Invoke-ModelPrediction</c>): the top label and its confidence,
/// every label ranked (hidden arrays with the joined <see cref="RankedLabels"/> twin), and optionally the embedding.
/// <c>Export-ModelPrediction</c> writes these as Vertex AI batch-prediction JSON lines.
/// </summary>
public sealed class ModelPrediction
{
    // The inference result is held through an internal type of this assembly, so that loading this public type
    // never needs the inference assembly (which PowerShell 7 loads into the module's own load context).
    private readonly PredictionSource _source;

    internal ModelPrediction(PredictionSource source, string path, string itemId, string[] labels, double[] confidences, float[]? embedding)
    {
        _source = source;
        Path = path;
        ItemId = itemId;
        Labels = labels;
        Confidences = confidences;
        Embedding = embedding;
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <summary>The item as written to the predictions ("content"): the ground truth's path, or the image path as given.</summary>
    public string ItemId { get; }

    /// <summary>The highest-scored label.</summary>
    public string Label => Labels.Length > 0 ? Labels[0] : string.Empty;

    /// <summary>The confidence of <see cref="Label"/> (empty when the model scored no label).</summary>
    public double? Confidence => Confidences.Length > 0 ? Confidences[0] : null;

    /// <summary>Every label, highest confidence first, joined by ";" (the CSV-friendly twin of <see cref="Labels"/>).</summary>
    public string RankedLabels => string.Join(MisclassifiedImage.LabelSeparator, Labels);

    /// <summary>Number of values in <see cref="Embedding"/> (0 without -EmbeddingOutputName).</summary>
    public int EmbeddingLength => Embedding?.Length ?? 0;

    /// <summary>Every label, highest confidence first.</summary>
    [Hidden]
    public string[] Labels { get; }

    /// <summary>The confidences of <see cref="Labels"/>, in the same order (decreasing).</summary>
    [Hidden]
    public double[] Confidences { get; }

    /// <summary>The embedding output's values, or null without -EmbeddingOutputName.</summary>
    [Hidden]
    public float[]? Embedding { get; }

    /// <summary>The image's path, as FileInfo shows its own.</summary>
    public override string ToString() => Path;

    /// <summary>The inference result, for Export-ModelPrediction and Get-ModelEvaluation.</summary>
    internal PredictionSource Source => _source;
}

/// <summary>The inference result behind a <see cref="ModelPrediction"/>, and the model file that made it.</summary>
internal sealed class PredictionSource
{
    public PredictionSource(AutoMLEval.Inference.Model.ImagePrediction prediction, string modelPath)
    {
        Prediction = prediction;
        ModelPath = modelPath;
    }

    public AutoMLEval.Inference.Model.ImagePrediction Prediction { get; }

    public string ModelPath { get; }
}
