using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// A ground-truth file read once per process for all the shards evaluated against it at the same time
/// (<c>ForEach-Object -Parallel</c> runspaces share the process): without it each shard re-reads and holds the whole
/// ground truth, so a fan-out of 16 shards cost 16 reads and 16 copies. A set is kept only while some evaluation holds
/// it (weakly referenced) and only while the file's length and write time are unchanged; every caller is told the
/// issues its read found, as if it had read the file itself.
/// </summary>
internal static class SharedGroundTruth
{
    private static readonly Dictionary<string, Slot> Slots = new(StringComparer.Ordinal);

    /// <summary>The ground truth at <paramref name="path"/>, read now or by a concurrent shard of the same file.</summary>
    public static GroundTruthSet Read(string path, IIssueSink sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        // A folder's ground truth changes without its own write time changing: read it each time.
        if (!File.Exists(path)) return GroundTruthReader.Read(path, sink, progress, cancellationToken);
        var file = new FileInfo(path);
        var version = (file.Length, file.LastWriteTimeUtc);
        Slot slot;
        lock (Slots)
        {
            if (!Slots.TryGetValue(file.FullName, out slot!)) Slots[file.FullName] = slot = new Slot();
        }
        // Wait for a concurrent read of the same file rather than read it twice, but stay cancellable while waiting.
        while (!Monitor.TryEnter(slot, 100)) cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (slot.Version == version && slot.Set is not null && slot.Set.TryGetTarget(out var shared))
            {
                foreach (var issue in slot.Issues) sink.Report(issue);
                return shared;
            }
            var recorder = new RecordingSink(sink);
            var set = GroundTruthReader.Read(path, recorder, progress, cancellationToken);
            slot.Version = version;
            slot.Set = new WeakReference<GroundTruthSet>(set);
            slot.Issues = recorder.Issues;
            return set;
        }
        finally
        {
            Monitor.Exit(slot);
        }
    }

    private sealed class Slot
    {
        public (long Length, DateTime Written) Version { get; set; }

        public WeakReference<GroundTruthSet>? Set { get; set; }

        /// <summary>What the read of <see cref="Set"/> reported (capped per kind by the reader).</summary>
        public IReadOnlyList<DataIssue> Issues { get; set; } = Array.Empty<DataIssue>();
    }

    private sealed class RecordingSink : IIssueSink
    {
        private readonly IIssueSink _inner;

        public RecordingSink(IIssueSink inner) => _inner = inner;

        public List<DataIssue> Issues { get; } = new();

        public void Report(DataIssue issue)
        {
            Issues.Add(issue);
            _inner.Report(issue);
        }
    }
}
