namespace AutoMLEval;

/// <summary>
/// A partial evaluation of one shard of predictions (<c>Get-ModelEvaluation -AsPartial</c>): exact and mergeable, it is
/// carried as the bytes of its file in base64 (<see cref="Content"/>, docs/partial-evaluations.md), so that it survives PowerShell's
/// serialisation (<c>Start-ThreadJob</c>, <c>ForEach-Object -Parallel</c>, <c>Invoke-Command</c>, <c>Export-Clixml</c>)
/// and <c>Merge-ModelEvaluation</c> takes it live or deserialized.
/// </summary>
public sealed class PartialModelEvaluation
{
    private string? _content;

    internal PartialModelEvaluation(string task, string groundTruthPath, string predictionPath, string mlUse, long items, int groundTruthItems, byte[] content)
    {
        Task = task;
        GroundTruthPath = groundTruthPath;
        PredictionPath = predictionPath;
        // As every evaluation's MlUse: null, not empty, where the ground truth has no splits.
        MlUse = mlUse.Length == 0 ? null : mlUse;
        Items = items;
        GroundTruthItems = groundTruthItems;
        Bytes = content;
    }

    /// <summary>The evaluation task ("Classification", "Detection", "Segmentation" or "Video").</summary>
    public string Task { get; }

    /// <summary>The ground-truth file.</summary>
    public string GroundTruthPath { get; }

    /// <summary>The shard of predictions evaluated.</summary>
    public string PredictionPath { get; }

    /// <summary>The evaluated split (empty for COCO ground truth, which has none).</summary>
    public string? MlUse { get; }

    /// <summary>Items of the shard evaluated (on both sides of the join); for detection, the images the shard predicts.</summary>
    public long Items { get; }

    /// <summary>Ground-truth items of the split in all (those of no shard count as missing once the parts are merged); for detection, its images; for video, its videos.</summary>
    public int GroundTruthItems { get; }

    /// <summary>
    /// The partial evaluation in its file format, base64 (a string survives every serialisation): its bytes, written to a
    /// file, merge with <c>automl-eval merge</c>. Made when first read (serialising the part reads it): a live part is
    /// merged from its bytes, so that a fan-out of large shards holds each part once rather than also as a string 2.7
    /// times its size. Hidden: Format-List * and Export-Csv printed it whole (47 KB for the demo's 540 items, gigabytes
    /// for a large shard), while serialisation, which it is for, carries hidden properties too.
    /// </summary>
    [System.Management.Automation.Hidden]
    public string Content => _content ??= Convert.ToBase64String(Bytes);

    /// <summary>The part's file bytes, which a live part is merged from.</summary>
    internal byte[] Bytes { get; }

    /// <summary>"Partial evaluation of test, 180 of 540 items (predictions.results-00001.jsonl)"; of detection, "Partial Detection evaluation, 61 of 200 images (shard0.json)"; of video, "Partial video evaluation of test, 39 items of 60 ground-truth videos (…)".</summary>
    public override string ToString() => Task switch
    {
        "Classification" => OutputValues.Text("Partial evaluation of {0}, {1} of {2} items ({3})", MlUse, Items, GroundTruthItems, System.IO.Path.GetFileName(PredictionPath)),
        Tasks.EvaluationTasks.Video => OutputValues.Text("Partial video evaluation of {0}, {1} items of {2} ground-truth videos ({3})", MlUse, Items, GroundTruthItems, System.IO.Path.GetFileName(PredictionPath)),
        _ => OutputValues.Text("Partial {0} evaluation, {1} of {2} images ({3})", Task, Items, GroundTruthItems, System.IO.Path.GetFileName(PredictionPath)),
    };
}
