using System.Globalization;
using System.Text;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Video;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// The container every partial evaluation file shares (docs/partial-evaluations.md): the magic "AMLEPART", the format
/// version and the task, then the task's state. <see cref="Read"/> is the one place that chooses the task's reader,
/// for every front end (<c>automl-eval merge</c>, <c>Merge-ModelEvaluation</c>).
/// </summary>
public static class PartialEvaluationFile
{
    /// <summary>The first bytes of a partial-evaluation file.</summary>
    public static ReadOnlyMemory<byte> Magic { get; } = Encoding.ASCII.GetBytes("AMLEPART");

    /// <summary>The format version written; version 1 (classification without bootstrap resamples) is read too, any other refused.</summary>
    public const int FormatVersion = 2;

    /// <summary>
    /// Reads a part of any task: a <see cref="PartialClassification"/> or a <see cref="PartialVideo"/>. A stream that is not
    /// a part, of a later version, of an unknown task or damaged is an <see cref="InputFormatException"/> naming <paramref name="source"/>.
    /// </summary>
    public static object Read(Stream stream, string source)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        string task;
        using (var reader = new BinaryReader(memory, Encoding.UTF8, leaveOpen: true))
        {
            task = ReadHeader(reader, source, expectedTask: null).Task;
        }
        memory.Position = 0;
        return task switch
        {
            PartialClassification.Task => PartialClassification.ReadFrom(memory, source),
            PartialVideo.Task => PartialVideo.ReadFrom(memory, source),
            _ => throw new InputFormatException("PartialEvaluationTask", source, 0, "task", $"a partial evaluation of the '{task}' task cannot be merged by this automl-eval (classification and video)"),
        };
    }

    /// <summary>Writes the magic, the version and <paramref name="task"/>.</summary>
    internal static void WriteHeader(BinaryWriter writer, string task)
    {
        writer.Write(Magic.ToArray());
        writer.Write(FormatVersion);
        writer.Write(task);
    }

    /// <summary>Reads and checks the magic, the version and (unless null) that the task is <paramref name="expectedTask"/>.</summary>
    internal static (int Version, string Task) ReadHeader(BinaryReader reader, string source, string? expectedTask)
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
            var task = reader.ReadString();
            if (expectedTask is not null && task != expectedTask) throw new InputFormatException("PartialEvaluationTask", source, 0, "task", $"a partial evaluation of the '{task}' task cannot be read as one of the '{expectedTask}' task");
            return (version, task);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new InputFormatException("CorruptPartialEvaluation", source, 0, string.Empty, $"the partial evaluation is truncated or damaged ({e.Message})");
        }
    }
}
