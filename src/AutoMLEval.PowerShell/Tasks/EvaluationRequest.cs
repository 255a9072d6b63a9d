namespace AutoMLEval.Tasks;

/// <summary>What <c>Get-ModelEvaluation</c> bound, with paths already resolved to provider (file system) paths; <see cref="Unit"/> is the -Unit of video;
/// <see cref="PredictionDisplayPath"/> is what the result names as its predictions when they were written to a temporary file (the model of -ModelPath);
/// <see cref="ImagesDirectory"/> is the images folder of Vertex AI detection files (their pixel sizes).</summary>
internal sealed record EvaluationRequest(
    string GroundTruthPath,
    string PredictionPath,
    string MlUse,
    double Threshold,
    bool? MultiLabel,
    bool Strict,
    int BootstrapSamples,
    string Unit = EvaluationTasks.DefaultVideoUnit,
    string? PredictionDisplayPath = null,
    string? ImagesDirectory = null);
