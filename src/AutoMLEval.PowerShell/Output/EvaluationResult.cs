namespace AutoMLEval;

/// <summary>
/// What <c>Get-ModelEvaluation</c> writes, whatever the task: <see cref="ModelEvaluation"/> (classification) or
/// <see cref="VideoEvaluation"/> (video) or <see cref="DetectionModelEvaluation"/> (detection, segmentation). <c>Invoke-ThresholdSweep</c> and <c>Get-MisclassifiedImage</c> take any of them from the pipeline.
/// </summary>
public abstract class EvaluationResult
{
    // Only this assembly derives: the cmdlets know every kind of result.
    internal EvaluationResult()
    {
    }

    /// <summary>The evaluation task (the -Task value of Get-ModelEvaluation).</summary>
    public abstract string Task { get; }

    /// <summary>The evaluated split (test, validation, training, unassigned); empty where the files have no split (detection).</summary>
    public abstract string? MlUse { get; }

    /// <summary>Number of evaluated items.</summary>
    public abstract int Items { get; }

    /// <summary>The ground-truth file (binds to -GroundTruthPath of Get-ModelEvaluation and the Find-* cmdlets).</summary>
    public abstract string GroundTruthPath { get; }

    /// <summary>The predictions file, or the model of Get-ModelEvaluation -ModelPath.</summary>
    public abstract string PredictionPath { get; }

    /// <summary>
    /// The prediction files a merge of partial evaluations was made from, as its parts name them (a shard, or the folder
    /// or pattern a part read); null for an evaluation of files. It binds by name to Get-ModelEvaluation, which reads
    /// these again as one set where <see cref="PredictionPath"/> names no readable path (shards of several folders, or
    /// some of a folder's: their names joined). Hidden, as Content is: Export-Csv would write it as "System.String[]".
    /// </summary>
    [System.Management.Automation.Hidden, NotInJson]
    public string[]? PredictionFiles { get; internal set; }

    /// <summary>
    /// The predictions' file name as the views and ToString show it. A merge of shards with no folder or pattern of their
    /// own has as <see cref="PredictionPath"/> their full paths joined, whose last file name alone would read as one
    /// shard: it shows each shard's file name.
    /// </summary>
    internal string PredictionFileName => FileNameOf(PredictionPath, PredictionFiles);

    /// <summary>The <see cref="PredictionFileName"/> of a predictions path and the files it was read from (null when not known).</summary>
    internal static string FileNameOf(string? predictionPath, string[]? predictionFiles) =>
        predictionFiles is { Length: > 1 } files && predictionPath == string.Join(", ", files)
            ? string.Join(", ", files.Select(System.IO.Path.GetFileName))
            : System.IO.Path.GetFileName(predictionPath) ?? string.Empty;

    /// <summary>
    /// Whether this is a merge of partial evaluations (Merge-ModelEvaluation): it keeps the figures, not the items or
    /// detections that listing errors, sweeping other thresholds, comparing and reports need.
    /// </summary>
    internal abstract bool IsMerged { get; }
}
