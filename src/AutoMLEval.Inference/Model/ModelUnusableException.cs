namespace AutoMLEval.Inference.Model;

/// <summary>
/// A model that does not fit what <see cref="ImageClassifier"/> needs, found as it loads (<see cref="LoadFailedCode"/>: ONNX
/// Runtime cannot read it, its input is not an image, its scores output is not one score per class) or at its first run
/// (<see cref="RunFailedCode"/>: the run fails, the output's real shape or the labels do not fit). The message starts with
/// the model's path, so that every front end names the model in the same words.
/// </summary>
public sealed class ModelUnusableException : InvalidOperationException
{
    /// <summary>The code of a model found unusable as it loads.</summary>
    public const string LoadFailedCode = "ModelLoadFailed";

    /// <summary>The code of a model found unusable when it runs.</summary>
    public const string RunFailedCode = "ModelRunFailed";

    /// <summary>The failure of the model at <paramref name="modelPath"/>, for the reason given (a sentence).</summary>
    public ModelUnusableException(string code, string modelPath, string reason, Exception? innerException = null)
        : base($"{modelPath}: {reason}", innerException)
    {
        Code = code;
        ModelPath = modelPath;
    }

    /// <summary><see cref="LoadFailedCode"/> or <see cref="RunFailedCode"/>.</summary>
    public string Code { get; }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }
}
