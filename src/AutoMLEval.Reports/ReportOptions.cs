using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Slices;

namespace AutoMLEval.Reports;

/// <summary>Settings of an HTML evaluation report.</summary>
public sealed record ReportOptions
{
    /// <summary>The page title; null for one made from the task and the input file names.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// Steps of the threshold slider between 0 and 1: the page embeds the engine's sweep at every k / steps
    /// (and at the run's own threshold), so 100 gives 0.00, 0.01 … 1.00.
    /// </summary>
    public int ThresholdSteps { get; init; } = 100;

    /// <summary>
    /// Items embedded per gallery (label × true positive / false positive / false negative): the first ones in the
    /// engine's order (<see cref="AutoMLEval.Engine.Classification.ErrorAnalysis.Find"/>); the page says how many more there are.
    /// </summary>
    public int GalleryItems { get; init; } = 96;

    /// <summary>
    /// Without <see cref="Thumbnails"/>: image files up to this size are embedded as they are (PNG, JPEG, GIF or WebP)
    /// as gallery thumbnails; larger or missing files are shown by name. 0 embeds no image at all, whatever the source.
    /// </summary>
    public int MaxEmbeddedImageBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Whether images outside the data's own folder (absolute paths elsewhere, <c>../</c>) may be embedded. A report is
    /// made to be shared, so by default only images under the ground truth's (or the images') folder are: an item
    /// that names any other file is shown by name and counted.
    /// </summary>
    public bool AllowImagesOutsideData { get; init; }

    /// <summary>
    /// Makes the gallery thumbnails; null for <see cref="EmbeddedImageFiles"/> with <see cref="MaxEmbeddedImageBytes"/>.
    /// The CLI and the module pass one that scales with libvips, the image library inference decodes with.
    /// </summary>
    public IThumbnailSource? Thumbnails { get; init; }

    /// <summary>
    /// Embeddings of the evaluated and the training items: with them, each gallery card offers its
    /// <see cref="SimilarItems"/> nearest training items (<see cref="SimilarImages.Find"/>, cosine distance) with their
    /// labels, distances and thumbnails. Null: no similar images.
    /// </summary>
    public EmbeddingSet? Embeddings { get; init; }

    /// <summary>The front end's option that takes the embedding files (--embeddings, -EmbeddingPath), named in the advice on items without an embedding.</summary>
    public string EmbeddingsOption { get; init; } = "--embeddings";

    /// <summary>
    /// A classification run's metadata slices (<see cref="MetadataSlices.Evaluate(Engine.Formats.Classification.ClassificationRun, string, string?, IIssueSink, CancellationToken)"/>), shown as a table with each slice's
    /// metrics and embedded in the evaluation's JSON as the CLI's <c>evaluate --slice-by</c> writes it; null for none.
    /// </summary>
    public IReadOnlyList<EvaluationSlice>? Slices { get; init; }

    /// <summary>
    /// The metadata slice a classification run is the evaluation of (<c>camera=b</c>: one of <c>Get-ModelEvaluation
    /// -SliceBy</c>'s), named in the default title and the subtitle, since its figures are those of the slice's items
    /// only; null for a whole evaluation.
    /// </summary>
    public string? Slice { get; init; }

    /// <summary>
    /// The report's classification model compared with a baseline on the same items (<see cref="ModelComparer.Compare"/>
    /// with the baseline as reference), shown as a Comparison section: metric deltas with their paired intervals,
    /// McNemar's test, and the first <see cref="GalleryItems"/> fixed and broken items; null for none.
    /// </summary>
    public ModelComparison? Comparison { get; init; }

    /// <summary>Similar training items per gallery item when <see cref="Embeddings"/> are given.</summary>
    public int SimilarItems { get; init; } = 4;

    /// <summary>Videos drawn as timelines in a video report (the first ones by name); the page says how many there are.</summary>
    public int TimelineVideos { get; init; } = 100;

    /// <summary>Where problems found while writing (an image file that cannot be read) are reported; null to only count them in the page.</summary>
    public IIssueSink? Issues { get; init; }

    /// <summary>Told how far the writing is (label sweeps, thumbnails, similar images); null for no reports. Called from any thread.</summary>
    public IProgress<WorkProgress>? Progress { get; init; }

    /// <summary>Stops the writing (<see cref="OperationCanceledException"/>) between two labels or two thumbnails; the output is then incomplete.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (ThresholdSteps < 1 || ThresholdSteps > 1000) throw new ArgumentOutOfRangeException(nameof(ThresholdSteps), ThresholdSteps, "The slider needs 1 to 1000 steps.");
        if (GalleryItems < 0) throw new ArgumentOutOfRangeException(nameof(GalleryItems), GalleryItems, "Gallery items cannot be negative.");
        if (SimilarItems < 1 || SimilarItems > 100) throw new ArgumentOutOfRangeException(nameof(SimilarItems), SimilarItems, "Similar items must be 1 to 100.");
        if (TimelineVideos < 0) throw new ArgumentOutOfRangeException(nameof(TimelineVideos), TimelineVideos, "Timeline videos cannot be negative.");
        if (MaxEmbeddedImageBytes < 0) throw new ArgumentOutOfRangeException(nameof(MaxEmbeddedImageBytes), MaxEmbeddedImageBytes, "The image size limit cannot be negative.");
    }
}
