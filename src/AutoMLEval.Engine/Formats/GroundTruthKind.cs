using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Engine.Formats;

/// <summary>What a ground-truth file describes, so that front ends can pick the task when the user does not.</summary>
public enum GroundTruthKind
{
    /// <summary>Image classification (Vertex AI CSV/JSONL import, header CSV, folder per label).</summary>
    Classification,

    /// <summary>Object detection (COCO ground truth, or Vertex AI bounding-box import JSONL).</summary>
    Detection,

    /// <summary>Video classification (Vertex AI video import JSONL).</summary>
    Video,
}

/// <summary>Tells the kind of a ground-truth file from the names in its first 64 KiB.</summary>
public static class GroundTruthKinds
{
    private const int PeekBytes = 1 << 16;

    /// <summary>
    /// Video when the file names <c>videoGcsUri</c> or <c>timeSegmentAnnotations</c>; detection when it names
    /// <c>boundingBoxAnnotations</c>, or is one JSON object with COCO's <c>images</c>, <c>annotations</c> or
    /// <c>categories</c>; classification otherwise (and for folders and CSV files, whose kinds need the task named).
    /// A pipe or FIFO is looked at as a file is: what the look reads is kept for the reader (<see cref="ReadOnceInput"/>).
    /// </summary>
    public static GroundTruthKind Detect(string path)
    {
        if (Directory.Exists(path) || !File.Exists(path)) return GroundTruthKind.Classification;
        string head;
        // Read as the readers read it: a UTF-16 or UTF-32 file (Windows PowerShell's > writes UTF-16) becomes UTF-8.
        using (var stream = Utf8Input.Of(InputFile.OpenToLook(path)))
        {
            var buffer = new byte[PeekBytes];
            int filled = 0, read;
            while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0) filled += read;
            head = Encoding.UTF8.GetString(buffer, 0, filled);
        }
        if (head.IndexOf("\"videoGcsUri\"", StringComparison.Ordinal) >= 0 || head.IndexOf("\"timeSegmentAnnotations\"", StringComparison.Ordinal) >= 0)
        {
            return GroundTruthKind.Video;
        }
        if (head.IndexOf("\"boundingBoxAnnotations\"", StringComparison.Ordinal) >= 0) return GroundTruthKind.Detection;
        bool coco = head.IndexOf("\"images\"", StringComparison.Ordinal) >= 0
            || head.IndexOf("\"annotations\"", StringComparison.Ordinal) >= 0
            || head.IndexOf("\"categories\"", StringComparison.Ordinal) >= 0;
        return coco && head.IndexOf("\"classificationAnnotation", StringComparison.Ordinal) < 0 ? GroundTruthKind.Detection : GroundTruthKind.Classification;
    }

    /// <summary>
    /// Whether the ground truth can be read as <paramref name="kind"/> (a task the user named): what <see cref="Detect"/>
    /// tells, except that a CSV file (by name, or of another name by content: <see cref="InputFile.IsCsv"/>) detected as
    /// classification may be a video import or a detection import, which its
    /// first record shows (<c>[ML_USE,]VIDEO_URI,LABEL,START,END</c> with times or empty in the last two fields;
    /// <c>[ML_USE,]PATH,LABEL</c> and eight coordinates, numbers or empty). Of a detection import, rows that list an image
    /// without objects (<c>[ML_USE,]PATH</c>, no LABEL) are passed over, as either task reads them: the first other row
    /// tells, and a file of none but those is one the detection reader reads.
    /// </summary>
    public static bool Fits(string path, GroundTruthKind kind)
    {
        var detected = Detect(path);
        if (kind != GroundTruthKind.Classification && detected == GroundTruthKind.Classification && File.Exists(path) && InputFile.IsCsv(path))
        {
            return kind == GroundTruthKind.Detection
                ? FirstTellingRecordIs(path, fields => VertexObjectDetection.ListsImageWithoutObjects(fields, MlUse.Normalize(fields[0]) is null ? 0 : 1) ? null : CsvImportOf(fields) == kind, ifNone: true)
                : FirstTellingRecordIs(path, fields => CsvImportOf(fields) == kind, ifNone: false);
        }
        return detected == kind;
    }

    /// <summary>
    /// The task whose Vertex AI CSV import a record has the form of: video for <c>[ML_USE,]VIDEO_URI,LABEL,START,END</c>
    /// with times or empty in the last two fields, detection for <c>[ML_USE,]PATH,LABEL</c> and eight coordinates (numbers
    /// or empty); null for any other record. A classification CSV with numeric labels can have either form.
    /// </summary>
    public static GroundTruthKind? CsvImportOf(IReadOnlyList<string> fields) =>
        fields.Count is 4 or 5 && fields.Skip(fields.Count - 2).All(IsTimeOrEmpty) ? GroundTruthKind.Video
        : fields.Count is 10 or 11 && fields.Skip(fields.Count - 8).All(IsNumberOrEmpty) ? GroundTruthKind.Detection
        : null;

    /// <summary>
    /// Whether a record is plainly a Vertex AI video classification import row rather than a classification row with
    /// numeric labels: <see cref="CsvImportOf"/> tells video, its VIDEO_URI names a video file (<see cref="VideoExtensions"/>),
    /// and its START and END are both empty or both times with START ≤ END.
    /// </summary>
    public static bool IsPlainlyVideoImport(IReadOnlyList<string> fields)
    {
        if (CsvImportOf(fields) != GroundTruthKind.Video) return false;
        var uri = fields[fields.Count - 4].Trim();
        if (!VideoExtensions.Any(e => uri.EndsWith(e, StringComparison.OrdinalIgnoreCase))) return false;
        string start = fields[fields.Count - 2], end = fields[fields.Count - 1];
        if (start.Trim().Length == 0 || end.Trim().Length == 0) return start.Trim().Length == end.Trim().Length;
        return VideoTime.TryParse(start, out var from) && VideoTime.TryParse(end, out var to) && from.CompareTo(to) <= 0;
    }

    /// <summary>The file name endings of videos (Vertex AI takes MOV, MPEG4, MP4 and AVI; the others are common too).</summary>
    public static IReadOnlyList<string> VideoExtensions { get; } = new[] { ".mp4", ".mov", ".avi", ".mpeg4", ".mpeg", ".mpg", ".m4v", ".mkv", ".webm", ".wmv", ".flv" };

    // Whether the first record that tells (fits not null) fits; ifNone when none tells. A bad record tells: it does not fit.
    private static bool FirstTellingRecordIs(string path, Func<IReadOnlyList<string>, bool?> fits, bool ifNone)
    {
        using var reader = new StreamReader(InputFile.OpenToLook(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var (_, fields, error) in CsvLine.ReadRecords(reader, path))
        {
            if (error is not null) return false;
            if (fits(fields) is { } told) return told;
        }
        return ifNone;
    }

    private static bool IsTimeOrEmpty(string text) => text.Trim().Length == 0 || VideoTime.TryParse(text, out _);

    private static bool IsNumberOrEmpty(string text) =>
        text.Trim().Length == 0 || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
