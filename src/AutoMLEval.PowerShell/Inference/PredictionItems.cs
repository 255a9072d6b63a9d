using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Inference.Model;
using AutoMLEval.PowerShell.Commands;

namespace AutoMLEval.PowerShell.Inference;

/// <summary>What Invoke-ModelPrediction feeds the classifier and how it maps the results to <see cref="ModelPrediction"/>.</summary>
internal static class PredictionItems
{
    /// <summary>
    /// The images (content, file) of a ground truth (of one split, or all when <paramref name="mlUse"/> is null): the item as written
    /// is the prediction's "content", so that the predictions join the ground truth; the file is resolved against its folder.
    /// Reading reports to <paramref name="progress"/> and stops once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static IReadOnlyList<(string Content, string File)> FromGroundTruth(
        string groundTruthPath, string? mlUse, IIssueSink sink, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var groundTruth = GroundTruthReader.Read(groundTruthPath, sink, progress, cancellationToken);
        var items = mlUse is null ? groundTruth.Items : groundTruth.InSplit(mlUse);
        return items.Select(i => (i.ItemId, ProviderPaths.ItemPath(groundTruth.BaseDirectory, i.ItemId))).ToArray();
    }

    /// <summary>The classifier's items of (content, file) pairs.</summary>
    public static IReadOnlyList<ImageItem> ToImageItems(IEnumerable<(string Content, string File)> items) =>
        items.Select(i => new ImageItem(i.Content, i.File)).ToArray();

    /// <summary>The cmdlet's object of one prediction by the model at <paramref name="modelPath"/> (labels ranked, highest confidence first).</summary>
    public static ModelPrediction ToModelPrediction(ImagePrediction prediction, string modelPath) =>
        new(
            new PredictionSource(prediction, modelPath),
            prediction.Item.FilePath,
            prediction.Item.Content,
            prediction.DisplayNames.ToArray(),
            prediction.Confidences.Select(c => (double)c).ToArray(),
            prediction.Embedding?.ToArray());
}
