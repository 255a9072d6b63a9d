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

    /// <summary>The index of the image named <paramref name="utf8"/> (valid UTF-8), <see cref="OtherSplit"/> or <see cref="Unknown"/>.</summary>
    public int ImageAt(ReadOnlySpan<byte> utf8)
    {
        int place = _names.IndexOf(utf8);
        return place < 0 ? Unknown : _imageAt[place];
    }
}
