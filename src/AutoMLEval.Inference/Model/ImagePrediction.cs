using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Inference.Model;

/// <summary>One image to predict: the name written to the output, and the file to read.</summary>
/// <param name="Content">What the output records as the image (the path as the data set or the user wrote it).</param>
/// <param name="FilePath">The file to decode (absolute, or relative to the working directory).</param>
public sealed record ImageItem(string Content, string FilePath)
{
    /// <summary>The file extensions a folder's images are found by (what libvips decodes).</summary>
    public static readonly IReadOnlyCollection<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif", ".bmp", ".heic", ".heif", ".avif" };

    /// <summary>
    /// A folder's image files (recursively, in ordinal order), each named as <paramref name="given"/> (the folder as the
    /// user wrote it) joined with its path inside the folder; <paramref name="folder"/> is the folder's full path.
    /// </summary>
    public static IReadOnlyList<ImageItem> FromFolder(string given, string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new ImageItem(Path.Combine(given, f.Substring(folder.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).Replace('\\', '/'), f))
            .ToArray();

    /// <summary>An item whose output name is its path.</summary>
    public static ImageItem FromPath(string path) => new(path, path);

    /// <summary>
    /// The images of a classification ground truth (one split, or every item when <paramref name="mlUse"/> is null),
    /// in file order: each keeps its path as written, and is read relative to the ground truth's folder.
    /// </summary>
    public static IReadOnlyList<ImageItem> FromGroundTruth(GroundTruthSet groundTruth, string? mlUse) =>
        (mlUse is null ? groundTruth.Items : groundTruth.InSplit(mlUse))
            .Select(i => new ImageItem(i.ItemId, Path.Combine(groundTruth.BaseDirectory, i.ItemId)))
            .ToArray();
}

/// <summary>One image's prediction: every label ranked by confidence, highest first, and optionally an embedding.</summary>
public sealed class ImagePrediction
{
    internal ImagePrediction(ImageItem item, IReadOnlyList<string> labels, ReadOnlySpan<float> confidences, float[]? embedding)
    {
        Item = item;
        var order = new int[confidences.Length];
        var values = confidences.ToArray();
        for (int i = 0; i < order.Length; i++) order[i] = i;
        // Stable on ties (lower label index first) so that output is reproducible.
        Ids = order.OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();
        Confidences = Ids.Select(i => values[i]).ToArray();
        DisplayNames = Ids.Select(i => labels[i]).ToArray();
        Embedding = embedding;
    }

    /// <summary>The image.</summary>
    public ImageItem Item { get; }

    /// <summary>Label indices, by decreasing confidence.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>Label names, in the order of <see cref="Ids"/>.</summary>
    public IReadOnlyList<string> DisplayNames { get; }

    /// <summary>Confidences, in the order of <see cref="Ids"/> (decreasing).</summary>
    public IReadOnlyList<float> Confidences { get; }

    /// <summary>The embedding output's values for this image, or null when none was asked for.</summary>
    public IReadOnlyList<float>? Embedding { get; }

    /// <summary>The confidences indexed by label (the order the model outputs them).</summary>
    public float[] ConfidencesByLabel()
    {
        var byLabel = new float[Ids.Count];
        for (int rank = 0; rank < Ids.Count; rank++) byLabel[Ids[rank]] = Confidences[rank];
        return byLabel;
    }
}

/// <summary>How far a prediction run has come.</summary>
/// <param name="Completed">Images predicted so far.</param>
/// <param name="Failed">Images that could not be decoded (each reported as an issue).</param>
/// <param name="Total">Images in the run, when known in advance.</param>
public readonly record struct InferenceProgress(int Completed, int Failed, int? Total);
