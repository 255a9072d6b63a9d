using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Engine.Formats.Detection;

/// <summary>
/// Reads a detection ground truth and predictions in whichever form they come (COCO JSON, optionally gzipped;
/// or Vertex AI import JSONL/CSV with batch-prediction JSONL) and evaluates them: the one entry point of the
/// CLI and the cmdlets.
/// </summary>
public static class DetectionInputs
{
    /// <summary>Whether a ground-truth file is in Vertex AI's import form (JSONL or CSV) rather than COCO JSON (<see cref="IsVertexCsv"/>).</summary>
    public static bool IsVertex(string groundTruthPath) => IsVertexCsv(groundTruthPath) is not null;

    /// <summary>
    /// Of a Vertex AI import file, whether it is CSV (else JSON Lines); null for COCO JSON. The name tells (.csv, .jsonl,
    /// .json, a final .gz passed over); a file of another name (a pipe's <c>/dev/fd/63</c>) is looked at: COCO JSON
    /// starts with <c>{</c>, and so does a JSON Lines import, whose first line is one object with an <c>imageGcsUri</c>.
    /// </summary>
    internal static bool? IsVertexCsv(string groundTruthPath)
    {
        if (InputFile.HasExtension(groundTruthPath, ".csv")) return true;
        if (InputFile.HasExtension(groundTruthPath, ".jsonl")) return false;
        if (InputFile.HasExtension(groundTruthPath, ".json") || !File.Exists(groundTruthPath)) return null;
        if (JsonLines.FirstRecordProperties(groundTruthPath) is { } first) return first.Properties.Contains("imageGcsUri", StringComparer.Ordinal) ? false : null;
        return InputFile.StartsWithBrace(groundTruthPath) ? null : true;
    }

    /// <summary>Reads both files and evaluates them, of a Vertex AI import file its test split (see the overload with a split).</summary>
    /// <inheritdoc cref="Evaluate(string, string, IouType, string?, IIssueSink, string, IProgress{WorkProgress}?, CancellationToken)"/>
    public static DetectionEvaluation Evaluate(
        string groundTruthPath, string predictionPath, IouType iouType, string? imagesDirectory, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Evaluate(groundTruthPath, predictionPath, iouType, imagesDirectory, sink, MlUse.Test, progress, cancellationToken);

    /// <summary>
    /// Reads both files and evaluates with pycocotools' parameters. Vertex AI boxes are normalised: without the
    /// images' pixel sizes (<paramref name="imagesDirectory"/>), AP and AR by object size are skipped (-1) and a
    /// warning says so. Of a Vertex AI import file, the images of split <paramref name="mlUse"/> (and those without a
    /// split) are evaluated; images of other splits and their detections are left out and counted. COCO files have no
    /// splits.
    /// </summary>
    /// <param name="groundTruthPath">COCO JSON or Vertex AI import JSONL/CSV.</param>
    /// <param name="predictionPath">
    /// A COCO results list or Vertex AI batch-prediction JSONL; or a folder or wildcard pattern of such shards
    /// (<see cref="ShardFiles.Expand"/>), read as one set.
    /// </param>
    /// <param name="iouType">Boxes or masks.</param>
    /// <param name="imagesDirectory">Vertex AI only: the images, for their pixel sizes.</param>
    /// <param name="sink">Bad records, possibly from several threads at once.</param>
    /// <param name="mlUse">The split of a Vertex AI import file.</param>
    /// <param name="progress">Reading, matching and accumulating, as they go.</param>
    /// <param name="cancellationToken">Stops the reading and the evaluation (<see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">Segmentation was asked of Vertex AI files, which hold boxes only; or an images folder was given with COCO files.</exception>
    public static DetectionEvaluation Evaluate(
        string groundTruthPath,
        string predictionPath,
        IouType iouType,
        string? imagesDirectory,
        IIssueSink sink,
        string mlUse,
        IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Evaluate(groundTruthPath, ShardFiles.Expand(predictionPath, PredictionExtensions), predictionPath, iouType, imagesDirectory, sink, mlUse, progress, cancellationToken);

    /// <summary>
    /// Reads the ground truth and the prediction files <paramref name="predictionFiles"/> as one set, in the order given
    /// (<paramref name="predictionSource"/> names the set, as a pattern does), and evaluates them: a COCO results set is the
    /// union of the files' lists, a Vertex AI set the lines of all files, as if the files were one. Otherwise as the overload
    /// with one predictions path.
    /// </summary>
    /// <inheritdoc cref="Evaluate(string, string, IouType, string?, IIssueSink, string, IProgress{WorkProgress}?, CancellationToken)"/>
    public static DetectionEvaluation Evaluate(
        string groundTruthPath,
        IReadOnlyList<string> predictionFiles,
        string predictionSource,
        IouType iouType,
        string? imagesDirectory,
        IIssueSink sink,
        string mlUse,
        IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        predictionFiles = ShardFiles.WithoutGroundTruth(predictionFiles, predictionSource, groundTruthPath, sink);
        if (!IsVertex(groundTruthPath))
        {
            if (imagesDirectory is not null) throw new ArgumentException("An images folder is for Vertex AI files; COCO files carry their image sizes.");
            var (gt, dt) = CocoReader.ReadPair(groundTruthPath, predictionFiles, predictionSource, iouType, sink, progress, cancellationToken);
            return Reported(DetectionEvaluator.Evaluate(gt, dt, CocoParams.Default(iouType), progress, cancellationToken), predictionSource, sink);
        }
        if (iouType == IouType.Segmentation) throw new ArgumentException("Vertex AI files hold boxes only; evaluate them as detection.");
        var truth = VertexObjectDetection.ReadImport(groundTruthPath, imagesDirectory, sink, mlUse, progress, cancellationToken);
        var seenImages = new PredictedImages(truth.ImageNames);
        var files = predictionFiles.Select(file => VertexObjectDetection.ReadBatchPredictions(file, truth, seenImages, sink, progress, cancellationToken)).ToArray();
        var predictions = CocoDetections.Concat(predictionSource, files, firstHasBox: true);
        var parameters = CocoParams.Default(iouType);
        int unknown = truth.ImagesWithoutSize;
        if (unknown > 0)
        {
            parameters = CocoParams.SizeIndependent(iouType);
            var why = imagesDirectory is null ? "no images folder was given: --images, -ImagePath" : NotSized(truth, imagesDirectory);
            sink.Report(new DataIssue("ImageSizeUnknown", IssueSeverity.Warning, groundTruthPath, 0, string.Empty,
                $"{unknown} of {Counted.Of(truth.Images.Count, "image")} {Counted.Verb(unknown, "has", "have")} no known pixel size ({why}); AP and AR by object size (small, medium, large) are undefined (COCO's -1)."));
        }
        return Reported(DetectionEvaluator.Evaluate(truth, predictions, parameters, progress, cancellationToken), predictionSource, sink);
    }

    // Why images of a folder have no size, with the first of them and the file it was looked up as: a name that the
    // lookup (the file name of a path or URI) maps to another file than meant shows there.
    private static string NotSized(CocoGroundTruth truth, string imagesDirectory)
    {
        var first = truth.Images.First(i => i.Width <= 0 || i.Height <= 0);
        var file = Path.Combine(imagesDirectory, truth.ImageFileInFolder(first));
        return $"not found or not readable in {imagesDirectory}; the first: {first.FileName}, looked up as {file}, {(File.Exists(file) ? "not readable" : "not found")}";
    }

    // What the evaluation itself left out, told as the readers tell what they left out; and boxes outside the image,
    // told once maxDets has cut what it cuts, so that they are counted among the detections evaluated.
    private static DetectionEvaluation Reported(DetectionEvaluation evaluation, string predictionSource, IIssueSink sink)
    {
        if (BoxesOutsideImage.IssueOf(evaluation) is { } outside) sink.Report(outside);
        if (evaluation.BeyondMaxDetsIssue(predictionSource) is { } issue) sink.Report(issue);
        return evaluation;
    }

    /// <summary>The files a folder of detection prediction shards is read for: COCO results lists and Vertex AI JSONL, optionally gzipped.</summary>
    public static IReadOnlyList<string> PredictionExtensions { get; } = new[] { ".json", ".jsonl", ".json.gz", ".jsonl.gz" };
}
