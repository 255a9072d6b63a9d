using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Formats.Detection;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Engine.Formats;

/// <summary>A partial evaluation of one task (docs/partial-evaluations.md): what a part file holds.</summary>
public interface IPartialEvaluation
{
    /// <summary>The task string of the file's header ("classification", "detection", "video").</summary>
    string Task { get; }

    /// <summary>The predictions files evaluated, ordinal order.</summary>
    IReadOnlyList<string> Sources { get; }

    /// <summary>Records rejected as unreadable when the part was made (of a merge: the ground truth's once, the predictions' summed).</summary>
    RejectedRecords Rejected { get; }

    /// <summary>The part as the bytes of its file.</summary>
    byte[] ToBytes();
}

/// <summary>Records rejected as unreadable (each an error when it was read).</summary>
/// <param name="GroundTruth">Of the ground truth (the same in every part of one evaluation).</param>
/// <param name="Predictions">Of the predictions.</param>
public readonly record struct RejectedRecords(long GroundTruth, long Predictions)
{
    /// <summary>Whether any record was rejected.</summary>
    public bool Any => GroundTruth + Predictions > 0;
}

/// <summary>
/// The container every part file shares: the magic "AMLEPART", an int32 format version and the task string, then the
/// task's own body. <see cref="ReadFrom"/> is the one place that dispatches on the task.
/// </summary>
public static class PartialEvaluation
{
    /// <summary>The first bytes of a partial-evaluation file.</summary>
    public static ReadOnlyMemory<byte> Magic { get; } = Encoding.ASCII.GetBytes("AMLEPART");

    /// <summary>
    /// The format version written: 7 (a classification part carries its predictions' label-order warnings, ConflictingIds
    /// and UnusableIds, for the merge to repeat; a video part its ground truth's video URI field as read); 6 (a video part
    /// counts the instances of videos of other splits apart); 5 (a detection
    /// part counts its ground truth's unreadable records apart); 4
    /// (classification score histograms and item hashes varint-encoded), 3 (histograms as float64 and int64 arrays, item
    /// hashes as uint64), 2 (classification without its ground truth's path) and 1 (classification without bootstrap
    /// resamples) are read too, any other refused.
    /// </summary>
    public const int FormatVersion = 7;

    /// <summary>
    /// The progress step of making a part, every task's, after its inputs are read (of classification, before its
    /// bootstrap resamples): reported by the engine, so that <c>evaluate --partial</c> and <c>-AsPartial</c> show it alike.
    /// </summary>
    public const string EvaluatingPartStep = "Evaluating the part";

    /// <summary>
    /// Reads a part of any task; a file that is not one, of another version or task, or damaged is an
    /// <see cref="InputFormatException"/> naming <paramref name="source"/>.
    /// </summary>
    public static IPartialEvaluation ReadFrom(Stream stream, string source)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var (version, task) = ReadHeader(reader, source);
        return task switch
        {
            PartialClassification.TaskName => PartialClassification.ReadBody(reader, version, source),
            PartialDetection.TaskName => PartialDetection.ReadBody(reader, version, source),
            PartialVideo.TaskName => PartialVideo.ReadBody(reader, version, source),
            _ => throw new InputFormatException("PartialEvaluationTask", source, 0, "task", $"a partial evaluation of the '{task}' task cannot be merged by this automl-eval"),
        };
    }

    /// <summary>Reads a part that must be a <typeparamref name="T"/>; a part of another task is the error PartialEvaluationTask.</summary>
    internal static T ReadFrom<T>(Stream stream, string source) where T : IPartialEvaluation
    {
        var part = ReadFrom(stream, source);
        return part is T wanted
            ? wanted
            : throw new InputFormatException("PartialEvaluationTask", source, 0, "task", $"a partial evaluation of the '{part.Task}' task cannot be merged here (only parts of one task merge)");
    }

    /// <summary>A writer of a part file (UTF-8, leaving <paramref name="stream"/> open) that has written the header: magic, <see cref="FormatVersion"/>, <paramref name="task"/>.</summary>
    internal static BinaryWriter StartWriting(Stream stream, string task)
    {
        var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic.ToArray());
        writer.Write(FormatVersion);
        writer.Write(task);
        return writer;
    }

    /// <summary>Reads the header: the version and the task.</summary>
    internal static (int Version, string Task) ReadHeader(BinaryReader reader, string source)
    {
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic.Span)) throw new InputFormatException("NotPartialEvaluation", source, 0, string.Empty, "not a partial evaluation (written by automl-eval evaluate --partial or Get-ModelEvaluation -AsPartial)");
            var version = reader.ReadInt32();
            if (version is < 1 or > FormatVersion)
            {
                throw new InputFormatException("PartialEvaluationVersion", source, 0, "version", $"partial-evaluation format version {version.ToString(CultureInfo.InvariantCulture)} is not supported; this automl-eval reads versions 1 to {FormatVersion.ToString(CultureInfo.InvariantCulture)} (use the same release to evaluate and merge)");
            }
            return (version, reader.ReadString());
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            throw Corrupt(source, e);
        }
    }

    /// <summary>The error of a truncated or damaged part.</summary>
    internal static InputFormatException Corrupt(string source, Exception e) =>
        new("CorruptPartialEvaluation", source, 0, string.Empty, $"the partial evaluation is truncated or damaged ({e.Message})");

    /// <summary>Whether reading <paramref name="e"/> means the file is truncated or damaged.</summary>
    internal static bool IsCorruption(Exception e) => e is EndOfStreamException or InvalidDataException or ArgumentException or OverflowException or FormatException;

    /// <summary>The bytes <paramref name="write"/> writes: a part's file as one array.</summary>
    internal static byte[] BytesOf(Action<Stream> write)
    {
        using var memory = new MemoryStream();
        write(memory);
        return memory.ToArray();
    }

    internal static void WriteArray<T>(BinaryWriter writer, IReadOnlyCollection<T> values, Action<T> write)
    {
        writer.Write(values.Count);
        foreach (var value in values) write(value);
    }

    internal static T[] ReadArray<T>(BinaryReader reader, Func<T> read)
    {
        var values = new T[ReadCount(reader)];
        for (int i = 0; i < values.Length; i++) values[i] = read();
        return values;
    }

    /// <summary>An array's length, refused when the stream cannot hold that many elements (a damaged file).</summary>
    internal static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length) throw new InvalidDataException($"an array length of {count.ToString(CultureInfo.InvariantCulture)}");
        return count;
    }
}
