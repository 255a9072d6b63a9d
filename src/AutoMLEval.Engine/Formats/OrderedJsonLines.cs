using System.Runtime.ExceptionServices;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Parses a JSON Lines stream a wave of blocks at a time, the blocks of a wave in parallel
/// (<see cref="JsonLines.ReadBlocks"/>), and yields the records in file order, each line's issues reported to the
/// sink just before its record: the caller sees what a sequential read gives, and the sink is called only on the
/// enumerating thread. The next wave is read and parsed while the caller handles the records of the one before, so
/// that the cores do not wait for the caller. Memory: the blocks of two waves and the records parsed from them.
/// </summary>
internal static class OrderedJsonLines
{
    /// <summary>
    /// Parses one line, on any thread: false when the line holds no record (a blank line). Issues go to
    /// <paramref name="issues"/> (kept for the line), never to a shared sink.
    /// </summary>
    public delegate bool LineParser<T>(long lineNumber, ReadOnlySpan<byte> line, IIssueSink issues, out T record);

    /// <summary>The size of a block of lines (a block grows to hold a longer line).</summary>
    public const int DefaultBlockBytes = 1 << 22;

    /// <summary>
    /// Every record of <paramref name="stream"/> (<paramref name="source"/> names it in errors), parsed by a parser
    /// from <paramref name="newParser"/> (one per block, so a parser may keep caches without locks; given the block's
    /// length in bytes, so that it may size what it keeps by it), in blocks of
    /// <paramref name="blockBytes"/> (tests use tiny blocks to cross block and wave boundaries).
    /// </summary>
    /// <exception cref="InputFormatException">
    /// A line is longer than <see cref="InputFile.MaxRecordLength"/>: thrown after the records of the waves before the
    /// one it is in, as a read of one wave after the other would.
    /// </exception>
    public static IEnumerable<(T Record, long Line)> Parse<T>(Stream stream, string source, IIssueSink sink, Func<int, LineParser<T>> newParser, int blockBytes = DefaultBlockBytes)
    {
        foreach (var parsed in ParseRecordBlocks(stream, source, newParser, blockBytes))
        {
            foreach (var record in parsed.Replay(sink)) yield return record;
        }
    }

    /// <summary>
    /// About how many records (or rows, or images) a file of <paramref name="fileBytes"/> holds, at
    /// <paramref name="countRead"/> in its first <paramref name="bytesRead"/>: 2% and a few over, so that a table sized
    /// by it after the first block rarely has to grow.
    /// </summary>
    public static long ExpectedInFile(long fileBytes, long bytesRead, long countRead) => (long)Math.Ceiling(fileBytes * 1.02 * countRead / bytesRead) + 16;

    /// <summary>
    /// As <see cref="Parse{T}"/>, a block at a time: the caller sees each block's records (and the bytes they were
    /// parsed from) before it replays them, to size its tables by the first block or to look ahead within a block.
    /// </summary>
    public static IEnumerable<ParsedBlock<T>> ParseRecordBlocks<T>(Stream stream, string source, Func<int, LineParser<T>> newParser, int blockBytes = DefaultBlockBytes) =>
        ParseBlocks(stream, source, blockBytes, block => ParsedBlock<T>.Of(block, newParser(block.Length)));

    /// <summary>
    /// Every block of whole lines of <paramref name="stream"/>, as <paramref name="parseBlock"/> makes it into a
    /// <typeparamref name="TParsed"/> on any thread (the block's buffer is returned after), in file order: the blocks
    /// of a wave are parsed in parallel, and the next wave is read and parsed while the caller handles the one before.
    /// </summary>
    /// <exception cref="InputFormatException">As <see cref="Parse{T}"/>; what <paramref name="parseBlock"/> throws comes after the blocks of the waves before.</exception>
    /// <exception cref="OperationCanceledException">The stream's read was cancelled: at once, without the blocks read before it.</exception>
    public static IEnumerable<TParsed> ParseBlocks<TParsed>(Stream stream, string source, int blockBytes, Func<JsonLines.Block, TParsed> parseBlock)
    {
        int waveSize = Math.Max(2, Environment.ProcessorCount * 2);
        var wave = new List<JsonLines.Block>(waveSize);
        Task<TParsed[]>? parsing = null;
        ExceptionDispatchInfo? readFailure = null;
        using var blocks = JsonLines.ReadBlocks(stream, blockBytes, source).GetEnumerator();
        // Stops the blocks of a wave not yet started when the caller stops early or the read is cancelled.
        using var stopParsing = new CancellationTokenSource();
        try
        {
            bool more = true;
            while (more)
            {
                more = NextBlock(blocks, ref readFailure);
                // A cancelled read (Ctrl+C) ends at once: the records of the waves in hand are not wanted.
                if (readFailure?.SourceException is OperationCanceledException) readFailure.Throw();
                if (more) wave.Add(blocks.Current);
                if (more && wave.Count < waveSize) continue;
                if (readFailure is not null) ReturnBlocks(wave);
                var started = wave.Count > 0 ? StartWave(wave, parseBlock, stopParsing.Token) : null;
                wave = new List<JsonLines.Block>(waveSize);
                var previous = parsing;
                parsing = started;
                if (previous is null) continue;
                foreach (var parsed in previous.GetAwaiter().GetResult()) yield return parsed;
            }
            if (parsing is not null)
            {
                var last = parsing;
                parsing = null;
                foreach (var parsed in last.GetAwaiter().GetResult()) yield return parsed;
            }
            readFailure?.Throw();
        }
        finally
        {
            ReturnBlocks(wave);
            // A caller that stops early (or fails) may leave a wave being parsed: it returns its own blocks when done.
            if (parsing is not null)
            {
                stopParsing.Cancel();
                ((IAsyncResult)parsing).AsyncWaitHandle.WaitOne();
            }
        }
    }

    // The next block, or false at the end or when reading fails (the failure kept to be thrown after the records before it).
    private static bool NextBlock(IEnumerator<JsonLines.Block> blocks, ref ExceptionDispatchInfo? failure)
    {
        try
        {
            return blocks.MoveNext();
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
            return false;
        }
    }

    private static void ReturnBlocks(List<JsonLines.Block> wave)
    {
        foreach (var block in wave) block.Return();
        wave.Clear();
    }

    private static Task<TParsed[]> StartWave<TParsed>(List<JsonLines.Block> wave, Func<JsonLines.Block, TParsed> parseBlock, CancellationToken stop) =>
        Task.Run(() => ParseWave(wave, parseBlock, stop));

    private static TParsed[] ParseWave<TParsed>(List<JsonLines.Block> wave, Func<JsonLines.Block, TParsed> parseBlock, CancellationToken stop)
    {
        var parsed = new TParsed[wave.Count];
        // Each block's failure is kept at its place, so that the earliest block's is thrown, whichever finished first.
        var failures = new ExceptionDispatchInfo?[wave.Count];
        try
        {
            Parallel.For(0, wave.Count, new ParallelOptions { CancellationToken = stop }, k =>
            {
                try
                {
                    parsed[k] = parseBlock(wave[k]);
                }
                catch (Exception e)
                {
                    failures[k] = ExceptionDispatchInfo.Capture(e);
                }
            });
        }
        finally
        {
            ReturnBlocks(wave);
        }
        Array.Find(failures, f => f is not null)?.Throw();
        return parsed;
    }

    /// <summary>One block's records, and its issues with, for each record, how many of them come before it.</summary>
    internal sealed class ParsedBlock<T> : IIssueSink
    {
        private readonly LineParser<T> _parse;
        private readonly List<(T Record, long Line, int IssuesBefore)> _records;
        private readonly List<DataIssue> _issues = new();

        private ParsedBlock(LineParser<T> parse, int lines, int bytes)
        {
            _parse = parse;
            _records = new(lines);
            Bytes = bytes;
        }

        /// <summary>The length of the block the records were parsed from.</summary>
        public int Bytes { get; }

        public int RecordCount => _records.Count;

        public T RecordAt(int index) => _records[index].Record;

        // The records' list is sized at once by the block's lines: grown by doubling, a block of 5,800 import lines
        // took 1.4 MB of large arrays for its list, three times the 0.5 MB it holds (on a 137 MiB file, 33 MB more).
        public static ParsedBlock<T> Of(JsonLines.Block block, LineParser<T> parse)
        {
            var parsed = new ParsedBlock<T>(parse, checked((int)block.LineEnds + 1), block.Length);
            JsonLines.ForEachLine(block.Bytes.AsSpan(0, block.Length), block.FirstLine, parsed.Add);
            return parsed;
        }

        private void Add(long lineNumber, ReadOnlySpan<byte> line)
        {
            if (_parse(lineNumber, line, this, out var record)) _records.Add((record, lineNumber, _issues.Count));
        }

        public void Report(DataIssue issue) => _issues.Add(issue);

        public IEnumerable<(T Record, long Line)> Replay(IIssueSink sink)
        {
            int reported = 0;
            foreach (var (record, line, issuesBefore) in _records)
            {
                for (; reported < issuesBefore; reported++) sink.Report(_issues[reported]);
                yield return (record, line);
            }
            for (; reported < _issues.Count; reported++) sink.Report(_issues[reported]);
        }
    }
}
