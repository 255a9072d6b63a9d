namespace AutoMLEval.Tasks;

/// <summary>What <c>Get-ModelEvaluation</c> bound, with paths already resolved to provider (file system) paths; <see cref="Unit"/> is the -Unit of video;
/// <see cref="PredictionDisplayPath"/> is what the result names as its predictions when they were written to a temporary file (the model of -ModelPath);
/// <see cref="ImagesDirectory"/> is the images folder of Vertex AI detection files (their pixel sizes);
/// <see cref="PredictionFiles"/> are the files a wildcard <see cref="PredictionPath"/> matched, read as one prediction set (null when it names one file or folder);
/// <see cref="SliceBy"/> a metadata key to evaluate each value of alone (classification), read from <see cref="MetadataPath"/> or the ground truth;
/// <see cref="WorkingDirectory"/> is PowerShell's location, which relative predicted paths are taken from when they are joined as files.</summary>
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
    string? ImagesDirectory = null,
    string? SliceBy = null,
    string? MetadataPath = null,
    IReadOnlyList<string>? PredictionFiles = null,
    string? WorkingDirectory = null);
