using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Inference.Model;

/// <summary>One image to predict: the name written to the output, and the file to read.</summary>
/// <param name="Content">What the output records as the image (the path as the data set or the user wrote it).</param>
/// <param name="FilePath">The file to decode (absolute, or relative to the working directory).</param>
public sealed record ImageItem(string Content, string FilePath)
{
    /// <summary>
    /// A folder's image files (recursively, in ordinal order, as <see cref="ImageFolders.ImagesBelow"/> finds them: what
    /// it leaves out is reported to <paramref name="sink"/>), each named as <paramref name="given"/> (the folder as the
    /// user wrote it) joined with its path inside the folder; <paramref name="folder"/> is the folder's full path.
    /// </summary>
    public static IReadOnlyList<ImageItem> FromFolder(string given, string folder, IIssueSink sink)
    {
        // The files found are full paths: the folder's own full path is what they start with.
        var full = Path.GetFullPath(folder);
        return ImageFolders.ImagesBelow(folder, sink)
            .Select(f => new ImageItem(Path.Combine(given, f.Substring(full.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).Replace('\\', '/'), f))
            .ToArray();
    }

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
        var values = confidences.ToArray();
        var ids = new int[values.Length];
        for (int i = 0; i < ids.Length; i++) ids[i] = i;
        // Ties go to the lower label index, so that output is reproducible.
        Array.Sort(ids, new ByDecreasingConfidence(values));
        var ranked = new float[ids.Length];
        var names = new string[ids.Length];
        for (int rank = 0; rank < ids.Length; rank++)
        {
            ranked[rank] = values[ids[rank]];
            names[rank] = labels[ids[rank]];
        }
        Ids = ids;
        Confidences = ranked;
        DisplayNames = names;
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

    /// <summary>Whether every confidence and embedding value is a finite number (a model fed out-of-range input can give NaN).</summary>
    internal bool IsFinite => Confidences.All(IsFiniteValue) && (Embedding is null || Embedding.All(IsFiniteValue));

    private static bool IsFiniteValue(float value) => !float.IsNaN(value) && !float.IsInfinity(value);

    /// <summary>The confidences indexed by label (the order the model outputs them).</summary>
    public float[] ConfidencesByLabel()
    {
        var byLabel = new float[Ids.Count];
        for (int rank = 0; rank < Ids.Count; rank++) byLabel[Ids[rank]] = Confidences[rank];
        return byLabel;
    }

    /// <summary>
    /// Label indices by decreasing confidence, then increasing index: a total order, so the unstable sort gives one answer.
    /// Confidences compare as <see cref="float.CompareTo(float)"/> does (NaN lowest, −0 equal to 0).
    /// </summary>
    private sealed class ByDecreasingConfidence : IComparer<int>
    {
        private readonly float[] _values;

        public ByDecreasingConfidence(float[] values) => _values = values;

        public int Compare(int x, int y)
        {
            var byConfidence = _values[y].CompareTo(_values[x]);
            return byConfidence != 0 ? byConfidence : x.CompareTo(y);
        }
    }
}

/// <summary>How far a prediction run has come.</summary>
/// <param name="Completed">Images predicted so far.</param>
/// <param name="Skipped">Images skipped (each reported as an issue), by why: unreadable, too large, a non-finite output.</param>
/// <param name="Total">Images in the run, when known in advance.</param>
public readonly record struct InferenceProgress(int Completed, SkippedImages Skipped, int? Total)
{
    /// <summary>Images done: predicted or skipped.</summary>
    public int Done => Completed + Skipped.Total;
}
