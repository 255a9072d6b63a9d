using AutoMLEval.Inference.Model;

namespace AutoMLEval.PowerShell.Inference;

/// <summary>
/// Predictions Get-ModelEvaluation makes (-ModelPath) or is piped (from Invoke-ModelPrediction), written to a temporary
/// batch-prediction file as Export-ModelPrediction writes them, so that they are evaluated exactly as that file would be;
/// <see cref="ShownAs"/> names the models that made them in the file's place. Disposing deletes the file.
/// </summary>
internal sealed class TemporaryPredictions : IDisposable
{
    private readonly PredictionFiles _files;
    private readonly List<string> _models = new();

    private TemporaryPredictions(string path)
    {
        Path = path;
        _files = PredictionFiles.Create(path, null);
    }

    /// <summary>The batch-prediction file, complete once <see cref="Commit"/> was called.</summary>
    public string Path { get; }

    /// <summary>The model files the predictions came from, in order of first use (one, unless predictions of several were piped).</summary>
    public string ShownAs => string.Join(", ", _models);

    /// <summary>Starts a file of a name of its own in the temporary folder.</summary>
    public static TemporaryPredictions Create() =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "automleval-" + Guid.NewGuid().ToString("N") + ".jsonl"));

    /// <summary>Writes one prediction of the model at <paramref name="modelPath"/>.</summary>
    public void Add(ImagePrediction prediction, string modelPath)
    {
        _files.Predictions.WritePrediction(prediction);
        if (!_models.Contains(modelPath, StringComparer.Ordinal)) _models.Add(modelPath);
    }

    /// <summary>Writes one prediction piped from Invoke-ModelPrediction.</summary>
    public void Add(ModelPrediction prediction) => Add(prediction.Source.Prediction, prediction.Source.ModelPath);

    /// <summary>Finishes the file, for reading.</summary>
    public void Commit() => _files.Commit();

    /// <summary>Closes and deletes the file.</summary>
    public void Dispose()
    {
        _files.Dispose();
        File.Delete(Path);
    }
}
