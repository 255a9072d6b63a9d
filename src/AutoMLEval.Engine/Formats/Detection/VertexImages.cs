using AutoMLEval.Engine.Detection;

namespace AutoMLEval.Engine.Formats.Detection;

/// <summary>
/// A Vertex AI import's images of the evaluated split without pixel sizes, as the reader keeps them: their names' UTF-8
/// bytes in the reader's table, ids 1, 2, … in the order first listed, width and height 0. Each image's
/// <see cref="CocoImage"/> and name string are made when first asked for: made at the read, the benchmark's 200,000
/// names and records were 27 MB of small objects, and the collection that fell at the end of nearly every read copied
/// them all (about 80 ms, an eighth of the read). An evaluation asks for a few (the images its errors and reports name).
/// </summary>
internal sealed class VertexImages : IReadOnlyList<CocoImage>
{
    private readonly Utf8Names _names;
    private readonly int[] _places;
    private readonly CocoImage?[] _made;

    /// <param name="names">Every image listed in the file, each at its place.</param>
    /// <param name="places">The place in <paramref name="names"/> of each image kept.</param>
    public VertexImages(Utf8Names names, int[] places)
    {
        _names = names;
        _places = places;
        _made = new CocoImage?[places.Length];
    }

    public int Count => _places.Length;

    // Two threads may make the same image: each makes an equal record.
    public CocoImage this[int index] => _made[index] ??= new CocoImage(index + 1, 0, 0, _names[_places[index]]);

    public IEnumerator<CocoImage> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// A ground truth's images by their names' UTF-8 bytes, for the batch-prediction reader (whose parsing threads look
/// names up at once: nothing is added once it is made): an image's index, or whether the file listed it in another split.
/// </summary>
internal sealed class ImageNames
{
    /// <summary>What <see cref="ImageAt"/> gives for a name the file did not list.</summary>
    public const int Unknown = -1;

    /// <summary>What <see cref="ImageAt"/> gives for an image the file listed in another split than the evaluated one.</summary>
    public const int OtherSplit = -2;

    private readonly Utf8Names _names;
    private readonly int[] _imageAt;

    /// <param name="names">Every image listed, each at its place.</param>
    /// <param name="imageAt">By place: the image's index among the ground truth's images, or <see cref="OtherSplit"/>.</param>
    public ImageNames(Utf8Names names, int[] imageAt)
    {
        _names = names;
        _imageAt = imageAt;
    }

    /// <summary>The file names of <paramref name="images"/> (a ground truth read otherwise than from an import file), the first of a repeated name counting.</summary>
    public static ImageNames Of(IReadOnlyList<CocoImage> images)
    {
        var names = new Utf8Names();
        var imageAt = new List<int>(images.Count);
        for (int i = 0; i < images.Count; i++)
        {
            if (names.Add(images[i].FileName) == imageAt.Count) imageAt.Add(i);
        }
        return new ImageNames(names, imageAt.ToArray());
    }

    /// <summary>How many names the file listed: their places run from 0 to this.</summary>
    public int Count => _names.Count;

    /// <summary>The place of the name <paramref name="utf8"/> (valid UTF-8) among those listed, or -1 for one not listed.</summary>
    public int PlaceOf(ReadOnlySpan<byte> utf8) => _names.IndexOf(utf8);

    /// <summary>The name listed at <paramref name="place"/>.</summary>
    public string NameAt(int place) => _names[place];

    /// <summary>The index of the image listed at <paramref name="place"/> (-1: not listed), <see cref="OtherSplit"/> or <see cref="Unknown"/>.</summary>
    public int ImageAt(int place) => place < 0 ? Unknown : _imageAt[place];
}

/// <summary>
/// Where each image was first predicted in a set of batch-prediction files, so that a later line of the same image is
/// a repeat: an image listed in the ground truth by its place among <see cref="ImageNames"/>, any other by its name.
/// Kept as a dictionary of names, the check made a string and an entry for every line of a read.
/// </summary>
internal sealed class PredictedImages
{
    private readonly List<string> _files = new();

    // By place: the file (its index in _files) and line the image was first predicted on; line 0: not yet.
    private readonly (int File, long Line)[] _firstAt;
    private readonly Dictionary<string, (int File, long Line)> _unlisted = new(StringComparer.Ordinal);

    public PredictedImages(ImageNames names) => _firstAt = new (int File, long Line)[names.Count];

    /// <summary>Starts the lines of the file <paramref name="path"/>: the number that <see cref="TryAdd"/> takes for it.</summary>
    public int StartFile(string path)
    {
        _files.Add(path);
        return _files.Count - 1;
    }

    /// <summary>
    /// Notes the image at <paramref name="place"/> (or, not listed, named <paramref name="name"/>) as predicted on
    /// <paramref name="line"/> of <paramref name="file"/>; false, with where it was first predicted, when it was before.
    /// </summary>
    public bool TryAdd(int place, string? name, int file, long line, out (string Path, long Line) first)
    {
        var known = place >= 0 ? _firstAt[place] : _unlisted.TryGetValue(name!, out var unlisted) ? unlisted : default;
        if (known.Line > 0)
        {
            first = (_files[known.File], known.Line);
            return false;
        }
        if (place >= 0) _firstAt[place] = (file, line);
        else _unlisted.Add(name!, (file, line));
        first = default;
        return true;
    }
}
