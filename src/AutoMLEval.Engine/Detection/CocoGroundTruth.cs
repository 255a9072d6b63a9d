using AutoMLEval.Engine.Formats.Detection;

namespace AutoMLEval.Engine.Detection;

/// <summary>One entry of a COCO file's <c>images</c>.</summary>
/// <param name="Id">The image id annotations and detections refer to.</param>
/// <param name="Width">Width in pixels (polygons are rasterised at this size).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="FileName">The <c>file_name</c>, or an empty string.</param>
public sealed record CocoImage(long Id, int Width, int Height, string FileName);

/// <summary>One entry of a COCO file's <c>categories</c>.</summary>
/// <param name="Id">The category id annotations and detections refer to.</param>
/// <param name="Name">The display name.</param>
/// <param name="Supercategory">The supercategory, or an empty string.</param>
public sealed record CocoCategory(long Id, string Name, string Supercategory);

/// <summary>
/// A COCO ground-truth file: images, categories and the annotations that refer to a listed image and category,
/// held as flat arrays (one entry per annotation, in file order). Annotations of unlisted images or categories
/// are left out, as pycocotools' <c>getAnnIds(imgIds, catIds)</c> leaves them out, and counted.
/// </summary>
public sealed class CocoGroundTruth
{
    private static readonly char[] PathSeparators = { '/', '\\' };

    internal CocoGroundTruth(string source, IReadOnlyList<CocoImage> images, CocoCategory[] categories, CocoObjects annotations, int skippedAnnotations)
    {
        Source = source;
        Images = images;
        Categories = categories;
        Annotations = annotations;
        SkippedAnnotations = skippedAnnotations;
        CategoryIndex = Index(categories.Select(c => c.Id), categories.Length);
    }

    /// <summary>The file the ground truth was read from.</summary>
    public string Source { get; }

    /// <summary>The images, in file order.</summary>
    public IReadOnlyList<CocoImage> Images { get; }

    /// <summary>The categories, in file order.</summary>
    public IReadOnlyList<CocoCategory> Categories { get; }

    /// <summary>Number of annotations kept.</summary>
    public int AnnotationCount => Annotations.Count;

    /// <summary>Number of kept annotations with <c>iscrowd=1</c>.</summary>
    public int CrowdCount => Annotations.Crowd.Count(c => c);

    /// <summary>
    /// Whether every image has a width and height. Without them (Vertex AI files with normalised boxes and no image
    /// files at hand) only the size-independent metrics are meaningful; see <see cref="CocoParams.SizeIndependent"/>.
    /// </summary>
    public bool HasImageSizes => ImagesWithoutSize == 0;

    /// <summary>Images whose pixel size is not known (no images folder, or the image not found or unreadable in it).</summary>
    public int ImagesWithoutSize => Images is VertexImages ? Images.Count : Images.Count(i => i.Width <= 0 || i.Height <= 0);

    /// <summary>Annotations left out: unreadable records and those of unlisted images or categories.</summary>
    public int SkippedAnnotations { get; }

    /// <summary>
    /// Of <see cref="SkippedAnnotations"/>, the annotations of unreadable records (each reported as an error: rejected;
    /// a Vertex AI import line rejected whole counts those it lists, at least one); the rest are annotations of unlisted
    /// images or categories, left out as pycocotools leaves them (warnings).
    /// </summary>
    public int InvalidRecords { get; init; }

    /// <summary>
    /// Whether an images folder (<c>--images</c>, <c>-ImagePath</c>) holds the images under their file names alone rather than
    /// at their paths relative to it: true for Vertex AI files, whose images are <c>gs://</c> URIs (the bucket's folders are not
    /// the folder's); false for COCO, whose <c>file_name</c> is relative to the images folder.
    /// </summary>
    public bool ImagesByFileName { get; init; }

    /// <summary>
    /// Where <paramref name="image"/>'s file is in an images folder, relative to it: the one lookup for the pixel sizes the
    /// Vertex AI reader reads and the images a report draws (see <see cref="ImagesByFileName"/>).
    /// </summary>
    public string ImageFileInFolder(CocoImage image)
    {
        if (image is null) throw new ArgumentNullException(nameof(image));
        return ImagesByFileName ? FileNameOf(image.FileName) : image.FileName;
    }

    /// <summary>The file name of a URI or path: what follows its last slash or backslash.</summary>
    internal static string FileNameOf(string uri) => uri.Substring(uri.LastIndexOfAny(PathSeparators) + 1);

    internal CocoObjects Annotations { get; }

    /// <summary>
    /// The images by their names' bytes, with those of the file's other splits than the evaluated one (a Vertex AI import
    /// file's, made by its reader); for any other ground truth, made from <see cref="Images"/> when first asked for.
    /// </summary>
    internal ImageNames ImageNames
    {
        get => LazyInitializer.EnsureInitialized(ref _imageNames, () => ImageNames.Of(Images))!;
        init => _imageNames = value;
    }

    private ImageNames? _imageNames;

    /// <summary>The id of the image at <paramref name="index"/>, without making a Vertex AI import's image (whose ids are 1, 2, … in order).</summary>
    internal long ImageIdAt(int index) => Images is VertexImages ? index + 1 : Images[index].Id;

    // Made when first asked for (a COCO results file, a report's drawn images): evaluating a Vertex AI import's
    // predictions never asks, and building it for 200,000 images was a serial step at the end of every import read.
    internal Dictionary<long, int> ImageIndex => LazyInitializer.EnsureInitialized(ref _imageIndex, () => Index(Images.Select(i => i.Id), Images.Count))!;

    private Dictionary<long, int>? _imageIndex;

    internal Dictionary<long, int> CategoryIndex { get; }

    // Sized at once: grown and rehashed, a Vertex import's 200,000 images were 0.3% of its read.
    private static Dictionary<long, int> Index(IEnumerable<long> ids, int count)
    {
        var index = new Dictionary<long, int>(count);
        int i = 0;
        foreach (var id in ids) index[id] = i++;
        return index;
    }
}

/// <summary>
/// A COCO results file: the detections of listed images and categories, as flat arrays in file order.
/// Detections of categories missing from the ground truth are left out (as pycocotools does); detections of
/// unknown images are left out too (pycocotools refuses the whole file); both are counted.
/// </summary>
public sealed class CocoDetections
{
    internal CocoDetections(string source, CocoObjects detections, bool firstHasBox, int unknownImage, int unknownCategory, int invalid)
    {
        Source = source;
        Objects = detections;
        FirstHasBox = firstHasBox;
        UnknownImageCount = unknownImage;
        UnknownCategoryCount = unknownCategory;
        InvalidCount = invalid;
    }

    /// <summary>The file the detections were read from.</summary>
    public string Source { get; }

    /// <summary>Number of detections kept.</summary>
    public int Count => Objects.Count;

    /// <summary>Detections whose <c>image_id</c> is not in the ground truth's images (left out).</summary>
    public int UnknownImageCount { get; }

    /// <summary>Detections whose <c>category_id</c> is not in the ground truth's categories (left out).</summary>
    public int UnknownCategoryCount { get; }

    /// <summary>Unreadable detection records (left out, each reported).</summary>
    public int InvalidCount { get; }

    /// <summary>Detections on images of another split than the evaluated one (left out, as intended).</summary>
    public int OtherSplitCount { get; init; }

    /// <summary>Of Vertex AI batch predictions, each file's detections whose box reaches outside [0, 1] (none for a file without).</summary>
    internal IReadOnlyList<BoxesOutsideImage> OutsideImage { get; init; } = Array.Empty<BoxesOutsideImage>();

    /// <summary>
    /// Whether the first detection has a non-empty <c>bbox</c>. pycocotools' <c>loadRes</c> decides from the first
    /// result alone: with a box, every detection's area is w·h (segm evaluation too); without, the area comes from the
    /// mask. Either way a segmentation result without a box has its mask's box (pycocotools fails on one after a first
    /// result with a box).
    /// </summary>
    public bool FirstHasBox { get; }

    internal CocoObjects Objects { get; }

    /// <summary>
    /// The detections of several files read as one set, <paramref name="source"/> naming the set: their detections in file
    /// order (as if the files were one) and their counts summed. <paramref name="firstHasBox"/> is the set's answer (the
    /// first detection of all files), which the reader carries from file to file.
    /// </summary>
    internal static CocoDetections Concat(string source, IReadOnlyList<CocoDetections> files, bool firstHasBox)
    {
        if (files.Count == 1 && string.Equals(files[0].Source, source, StringComparison.Ordinal)) return files[0];
        var outsideImage = new List<BoxesOutsideImage>();
        int firstDetection = 0;
        foreach (var file in files)
        {
            outsideImage.AddRange(file.OutsideImage.Select(boxes => boxes.StartingAt(firstDetection + boxes.FirstDetection)));
            firstDetection += file.Count;
        }
        return new CocoDetections(
            source,
            CocoObjects.Concat(files.Select(f => f.Objects).ToArray()),
            firstHasBox,
            files.Sum(f => f.UnknownImageCount),
            files.Sum(f => f.UnknownCategoryCount),
            files.Sum(f => f.InvalidCount))
        {
            OtherSplitCount = files.Sum(f => f.OtherSplitCount),
            OutsideImage = outsideImage,
        };
    }
}

/// <summary>
/// Ground-truth annotations or detections as parallel arrays (no object per item): image and category as
/// indices into the ground truth's lists, boxes as x, y, w, h (NaN when absent), area, score, crowd flag, id
/// and segmentation.
/// </summary>
internal sealed class CocoObjects
{
    private readonly long _firstId;
    private double[]? _score;
    private bool[]? _crowd;
    private long[]? _id;
    private CocoSegmentation?[]? _segmentation;

    public CocoObjects(int[] image, int[] category, double[] boxes, double[] area, double[] score, bool[] crowd, long[] id, CocoSegmentation?[] segmentation)
        : this(image, category, boxes, area, score, firstId: 0)
    {
        _crowd = crowd;
        _id = id;
        _segmentation = segmentation;
    }

    /// <summary>
    /// Boxes as Vertex AI files hold them: <paramref name="score"/> null where the file has none (every score 0), ids
    /// <paramref name="firstId"/>, <paramref name="firstId"/> + 1, …, no crowd flag and no segmentation. Those columns
    /// are made when first asked for, not at the read: for 2 M detections they were 34 MB of new memory a read (ids,
    /// segmentations and crowd flags) that a box evaluation never looks at, and 22 MB more for a ground truth's scores.
    /// </summary>
    public CocoObjects(int[] image, int[] category, double[] boxes, double[] area, double[]? score, long firstId)
    {
        Image = image;
        Category = category;
        Boxes = boxes;
        Area = area;
        _score = score;
        _firstId = firstId;
    }

    public int Count => Image.Length;

    public int[] Image { get; }

    public int[] Category { get; }

    /// <summary>4 values per object: x, y, w, h.</summary>
    public double[] Boxes { get; }

    public double[] Area { get; }

    public double[] Score => _score ?? Made(ref _score, count => new double[count]);

    public bool[] Crowd => _crowd ?? Made(ref _crowd, count => new bool[count]);

    public long[] Id => _id ?? Made(ref _id, SequentialIds);

    public CocoSegmentation?[] Segmentation => _segmentation ?? Made(ref _segmentation, count => new CocoSegmentation?[count]);

    // A column made on first use; threads that ask at once all get the one made first.
    private T[] Made<T>(ref T[]? column, Func<int, T[]> make)
    {
        var made = make(Count);
        return Interlocked.CompareExchange(ref column, made, null) ?? made;
    }

    private long[] SequentialIds(int count)
    {
        var ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = _firstId + i;
        return ids;
    }

    /// <summary>The objects of <paramref name="parts"/> one after another, ids as they were (the evaluator does not read detections' ids).</summary>
    public static CocoObjects Concat(IReadOnlyList<CocoObjects> parts) => new(
        parts.SelectMany(p => p.Image).ToArray(),
        parts.SelectMany(p => p.Category).ToArray(),
        parts.SelectMany(p => p.Boxes).ToArray(),
        parts.SelectMany(p => p.Area).ToArray(),
        parts.SelectMany(p => p.Score).ToArray(),
        parts.SelectMany(p => p.Crowd).ToArray(),
        parts.SelectMany(p => p.Id).ToArray(),
        parts.SelectMany(p => p.Segmentation).ToArray());
}
