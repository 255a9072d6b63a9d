using System.Runtime.ExceptionServices;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats;

/// <summary>
/// Parses a JSON Lines stream a wave of blocks at a time, the blocks of a wave in parallel
/// (<see cref="JsonLines.ReadBlocks"/>), and yields the records in file order, each line's issues reported to the
/// sink just before its record: the caller sees what a sequential read gives, and the sink is called only on the
/// enumerating thread. Memory: the blocks of one wave and the records parsed from them.
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
    /// from <paramref name="newParser"/> (one per block, so a parser may keep caches without locks), in blocks of
    /// <paramref name="blockBytes"/> (tests use tiny blocks to cross block and wave boundaries).
    /// </summary>
    /// <exception cref="InputFormatException">A line is longer than <see cref="InputFile.MaxRecordLength"/>.</exception>
    public static IEnumerable<(T Record, long Line)> Parse<T>(Stream stream, string source, IIssueSink sink, Func<LineParser<T>> newParser, int blockBytes = DefaultBlockBytes)
    {
        var wave = new List<JsonLines.Block>(Math.Max(2, Environment.ProcessorCount * 2));
        try
        {
            foreach (var block in JsonLines.ReadBlocks(stream, blockBytes, source))
            {
                wave.Add(block);
                if (wave.Count < wave.Capacity) continue;
                foreach (var parsed in ParseWave(wave, newParser))
                {
                    foreach (var record in parsed.Replay(sink)) yield return record;
                }
            }
            foreach (var parsed in ParseWave(wave, newParser))
            {
                foreach (var record in parsed.Replay(sink)) yield return record;
            }
        }
        finally
        {
            foreach (var block in wave) block.Return();
        }
    }

    private static ParsedBlock<T>[] ParseWave<T>(List<JsonLines.Block> wave, Func<LineParser<T>> newParser)
    {
        var parsed = new ParsedBlock<T>[wave.Count];
        try
        {
            Parallel.For(0, wave.Count, k =>
            {
                var block = new ParsedBlock<T>(newParser());
                JsonLines.ForEachLine(wave[k].Bytes.AsSpan(0, wave[k].Length), wave[k].FirstLine, block.Add);
                parsed[k] = block;
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        finally
        {
            foreach (var block in wave) block.Return();
            wave.Clear();
        }
        return parsed;
    }

    /// <summary>One block's records, and its issues with, for each record, how many of them come before it.</summary>
    private sealed class ParsedBlock<T> : IIssueSink
    {
        private readonly LineParser<T> _parse;
        private readonly List<(T Record, long Line, int IssuesBefore)> _records = new();
        private readonly List<DataIssue> _issues = new();

        public ParsedBlock(LineParser<T> parse) => _parse = parse;

        public void Add(long lineNumber, ReadOnlySpan<byte> line)
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
