namespace AutoMLEval.Tasks;

/// <summary>The tasks <c>Get-ModelEvaluation</c> knows, by their -Task name.</summary>
internal static class EvaluationTasks
{
    /// <summary>Image classification, single- and multi-label (the default).</summary>
    public const string Classification = "Classification";

    /// <summary>Video classification at segment, one-second or shot level.</summary>
    public const string Video = "Video";

    /// <summary>Object detection, boxes matched by box IoU (COCO bbox).</summary>
    public const string Detection = "Detection";

    /// <summary>Instance segmentation, masks matched by mask IoU (COCO segm).</summary>
    public const string Segmentation = "Segmentation";

    /// <summary>The -Unit of video evaluations when none is given (what AutoML Video evaluates).</summary>
    public const string DefaultVideoUnit = "Segment";

    private static readonly IModelEvaluationTask[] All = 
    {
        new ClassificationEvaluationTask(),
        new VideoEvaluationTask(),
        new DetectionEvaluationTask(Detection, Engine.Detection.IouType.BoundingBox),
        new DetectionEvaluationTask(Segmentation, Engine.Detection.IouType.Segmentation),
    };

    /// <summary>The task a ground truth of <paramref name="kind"/> is evaluated as when no task is named.</summary>
    public static string ForKind(Engine.Formats.GroundTruthKind kind) => Find(kind.ToString()).Name;

    /// <summary>The kind of ground truth <paramref name="task"/> (a canonical -Task name) reads.</summary>
    public static Engine.Formats.GroundTruthKind KindOf(string task) =>
        IsDetection(task) ? Engine.Formats.GroundTruthKind.Detection : task == Video ? Engine.Formats.GroundTruthKind.Video : Engine.Formats.GroundTruthKind.Classification;

    /// <summary>Whether <paramref name="task"/> (a canonical -Task name) is detection or segmentation.</summary>
    public static bool IsDetection(string task) => task is Detection or Segmentation;

    /// <summary>The files <paramref name="task"/> (a canonical -Task name) reads from a folder of prediction shards.</summary>
    public static IReadOnlyList<string> PredictionExtensionsOf(string task) =>
        IsDetection(task) ? Engine.Formats.Detection.DetectionInputs.PredictionExtensions
        : task == Video ? Engine.Video.VideoPredictionReader.PredictionExtensions
        : Engine.Formats.ShardFiles.PredictionExtensions;

    /// <summary>The task named <paramref name="name"/> (case-insensitive, as PowerShell binds -Task).</summary>
    public static IModelEvaluationTask Find(string name) =>
        All.First(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
