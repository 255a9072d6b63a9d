namespace AutoMLEval.Tasks;

/// <summary>What <c>Get-ModelEvaluation</c> bound, with paths already resolved to provider (file system) paths; <see cref="Unit"/> is the -Unit of video.</summary>
internal sealed record EvaluationRequest(
    string GroundTruthPath,
    string PredictionPath,
    string MlUse,
    double Threshold,
    bool? MultiLabel,
    bool Strict,
    int BootstrapSamples,
    string Unit = EvaluationTasks.DefaultVideoUnit);
