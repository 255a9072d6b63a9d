using System.Globalization;
using AutoMLEval.Engine.Detection;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Detection;

/// <summary>
/// The detections of one batch-prediction file whose box reaches outside [0, 1]: batch-prediction boxes are normalised,
/// so a corner beyond the image is a damaged box, and a file of them all is in pixels. They are kept (IoU is defined for
/// any box) and said once after the evaluation (<see cref="IssueOf"/>), counted among the detections evaluated: maxDets
/// cuts some only then. Each is kept with its place in the file and its box as written, 48 bytes a box outside; a file
/// without one keeps nothing.
/// </summary>
internal sealed class BoxesOutsideImage
{
    private readonly List<OutsideBox> _boxes;

    public BoxesOutsideImage(string path)
        : this(path, 0, new List<OutsideBox>())
    {
    }

    private BoxesOutsideImage(string path, int firstDetection, List<OutsideBox> boxes)
    {
        Path = path;
        FirstDetection = firstDetection;
        _boxes = boxes;
    }

    /// <summary>The batch-prediction file.</summary>
    public string Path { get; }

    /// <summary>Where the file's detections start in the set's (non-zero for a later file of shards read as one).</summary>
    public int FirstDetection { get; }

    public bool IsEmpty => _boxes.Count == 0;

    /// <summary>Notes the detection <paramref name="detection"/> of the file (its index among the file's detections kept), at <c>prediction.bboxes[<paramref name="index"/>]</c> of <paramref name="line"/>.</summary>
    public void Add(int detection, long line, int index, double xMin, double xMax, double yMin, double yMax) =>
        _boxes.Add(new OutsideBox(line, detection, index, xMin, xMax, yMin, yMax));

    /// <summary>The same boxes where the file's detections start at <paramref name="firstDetection"/> of a set of files.</summary>
    public BoxesOutsideImage StartingAt(int firstDetection) => new(Path, firstDetection, _boxes);

    /// <summary>
    /// The one <c>BoxOutOfRange</c> warning of the evaluated detections whose box is outside, at the first of them in
    /// file order; null when none is. Detections maxDets cut are not counted, nor named as the first.
    /// </summary>
    public static DataIssue? IssueOf(DetectionEvaluation evaluation)
    {
        var files = evaluation.Detections.OutsideImage;
        if (files.Count == 0) return null;
        var evaluated = evaluation.EvaluatedDetections();
        int count = 0;
        BoxesOutsideImage? firstFile = null;
        OutsideBox first = default;
        foreach (var file in files)
        {
            foreach (var box in file._boxes)
            {
                if (evaluated is not null && !evaluated[file.FirstDetection + box.Detection]) continue;
                if (count++ == 0) (firstFile, first) = (file, box);
            }
        }
        if (firstFile is null) return null;
        int total = evaluation.Counts.Detections;
        // The file's order.
        var shown = "[" + string.Join(", ", new[] { first.XMin, first.XMax, first.YMin, first.YMax }.Select(c => c.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var message = count == total
            ? $"every evaluated detection ({Counted.Of(count, "detection")}) has a box outside [0, 1] (the first here: {shown}): the boxes look like pixel coordinates, but batch-prediction boxes are [xMin, xMax, yMin, yMax] as fractions of the image's width and height. They are evaluated as they are, and can hardly match a ground-truth box."
            : $"{count.ToString(CultureInfo.InvariantCulture)} of {Counted.Of(total, "evaluated detection")} {Counted.Verb(count, "has", "have")} a box outside [0, 1] (the first here: {shown}); batch-prediction boxes are fractions of the image's width and height, so a corner beyond the image is a damaged box. {Counted.Verb(count, "It is", "They are")} evaluated as {Counted.Verb(count, "it is", "they are")}.";
        return new DataIssue("BoxOutOfRange", IssueSeverity.Warning, firstFile.Path, first.Line, FormattableString.Invariant($"prediction.bboxes[{first.Index}]"), message);
    }

    // The line first: no padding between the fields.
    private readonly record struct OutsideBox(long Line, int Detection, int Index, double XMin, double XMax, double YMin, double YMax);
}
