using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Engine.Classification;

/// <summary>
/// How many positive and negative pairs hold each distinct score: all that the ranking metrics (<see cref="RankingCurve"/>)
/// read from a sorted column, in a form that merges exactly by adding counts per score. It is held as one or more
/// encoded runs (<see cref="ScoreRun"/>: about 3 to 4 bytes per distinct float32 score); a merge only collects the runs,
/// and every reader takes the groups highest score first from a k-way merge of them, so no merged histogram is built.
/// </summary>
internal sealed class ScoreHistogram
{
    private readonly ScoreRun[] _runs;

    private ScoreHistogram(ScoreRun[] runs)
    {
        _runs = runs;
        TotalPositives = runs.Sum(r => r.Positives);
        TotalNegatives = runs.Sum(r => r.Negatives);
        Groups = runs.Sum(r => (long)r.Groups);
    }

    /// <summary>A histogram of distinct <paramref name="scores"/> in ascending order and their counts.</summary>
    public ScoreHistogram(double[] scores, long[] positives, long[] negatives)
        : this(new[] { ScoreRun.OfAscending(scores, positives, negatives) })
    {
    }

    public static ScoreHistogram Empty { get; } = new(Array.Empty<ScoreRun>());

    public long TotalPositives { get; }

    public long TotalNegatives { get; }

    /// <summary>The groups of the runs together: the distinct scores when there is one run (as a part read from a file has).</summary>
    public long Groups { get; }

    /// <summary>The histogram of a sorted column (one group per distinct score).</summary>
    public static ScoreHistogram Of(SortedColumn column)
    {
        int groups = 0;
        column.ForEachGroupAscending((_, _, _) => groups++);
        var scores = new double[groups];
        var positives = new long[groups];
        var negatives = new long[groups];
        int g = 0;
        column.ForEachGroupAscending((score, p, n) =>
        {
            scores[g] = score;
            positives[g] = p;
            negatives[g++] = n;
        });
        return new ScoreHistogram(scores, positives, negatives);
    }

    /// <summary>The counts of both: their runs together, O(runs); equal scores of two runs are one group to every reader.</summary>
    public static ScoreHistogram Merge(ScoreHistogram a, ScoreHistogram b) => new(a._runs.Concat(b._runs).ToArray());

    /// <summary>The groups, highest score first, equal scores of several runs summed into one.</summary>
    public DescendingGroups Descending() => new(_runs);

    /// <summary>
    /// The curve of the pooled pairs of many histograms (the micro-averaged ranking), fed highest score first by a k-way
    /// merge of all their runs: O(D log k) for D groups in k runs, and no pooled histogram is held.
    /// </summary>
    public static RankingCurve PooledCurve(IReadOnlyList<ScoreHistogram> parts, IReadOnlyList<double> thresholds) =>
        Feed(new DescendingGroups(parts.SelectMany(h => h._runs)), new RankingCurve(parts.Sum(h => h.TotalPositives), parts.Sum(h => h.TotalNegatives), thresholds));

    /// <summary>A finished curve over these pairs, reporting counts at <paramref name="thresholds"/>.</summary>
    public RankingCurve Curve(IReadOnlyList<double> thresholds) => Feed(Descending(), new RankingCurve(TotalPositives, TotalNegatives, thresholds));

    private static RankingCurve Feed(DescendingGroups groups, RankingCurve curve)
    {
        Span<ScoreGroup> batch = stackalloc ScoreGroup[256];
        int filled = 0;
        while (groups.Next(out var score, out var positives, out var negatives))
        {
            batch[filled++] = new ScoreGroup(score, positives, negatives);
            if (filled == batch.Length)
            {
                curve.Add(batch);
                filled = 0;
            }
        }
        curve.Add(batch.Slice(0, filled));
        curve.Finish();
        return curve;
    }

    /// <summary>Writes the histogram as one run (<see cref="ScoreRun.WriteTo"/>), its runs merged as they are written.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        var run = _runs.Length switch
        {
            0 => ScoreRun.Empty,
            1 => _runs[0],
            _ => ScoreRun.OfDescending(Descending(), wideKeys: _runs.Any(r => r.WideKeys)),
        };
        run.WriteTo(writer);
    }

    /// <summary>
    /// Reads <paramref name="count"/> histograms <see cref="WriteTo"/> wrote one after another (format version 4), then
    /// checks every group of each, the histograms on every core (a damaged one is an <see cref="InvalidDataException"/>).
    /// </summary>
    public static ScoreHistogram[] ReadFrom(BinaryReader reader, int count)
    {
        var runs = Enumerable.Range(0, count).Select(_ => ScoreRun.ReadFrom(reader)).ToArray();
        var checkedRuns = new ScoreRun[count];
        try
        {
            Parallel.For(0, count, j => checkedRuns[j] = runs[j].Checked());
        }
        catch (AggregateException e)
        {
            // Rethrown as itself, so that callers see the damaged file's exception rather than the loop's.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return checkedRuns.Select(r => new ScoreHistogram(new[] { r })).ToArray();
    }

    /// <summary>Reads a histogram of format versions 1 to 3: the group count, then the scores (float64, ascending), positives and negatives (int64), each an array.</summary>
    public static ScoreHistogram ReadArrays(BinaryReader reader)
    {
        var count = PartialEvaluation.ReadCount(reader);
        return new ScoreHistogram(BinaryArrays.Read<double>(reader, count), BinaryArrays.Read<long>(reader, count), BinaryArrays.Read<long>(reader, count));
    }
}

/// <summary>
/// One sorted run of a histogram, encoded: per distinct score, highest first, the score's order-preserving key (of its
/// float32 value when every score of the run is one, else of its float64 value) as a varint of the first key and then
/// of each difference to the previous key less 1, followed by the positives and the negatives as varints.
/// </summary>
internal sealed class ScoreRun
{
    private ScoreRun(byte[] bytes, int groups, bool wideKeys, long positives, long negatives)
    {
        Bytes = bytes;
        Groups = groups;
        WideKeys = wideKeys;
        Positives = positives;
        Negatives = negatives;
    }

    public static ScoreRun Empty { get; } = new(Array.Empty<byte>(), 0, false, 0, 0);

    public byte[] Bytes { get; }

    public int Groups { get; }

    /// <summary>Whether the keys are of float64 scores (else of float32 ones).</summary>
    public bool WideKeys { get; }

    public long Positives { get; }

    public long Negatives { get; }

    /// <summary>The run of distinct ascending <paramref name="scores"/> and their (non-negative) counts.</summary>
    public static ScoreRun OfAscending(double[] scores, long[] positives, long[] negatives)
    {
        if (positives.Length != scores.Length || negatives.Length != scores.Length) throw new ArgumentException("Scores and counts differ in length.");
        bool wide = false;
        for (int i = 0; i < scores.Length; i++)
        {
            if (i > 0 && !(scores[i - 1] < scores[i])) throw new ArgumentException("Scores of a histogram must strictly increase.", nameof(scores));
            if (positives[i] < 0 || negatives[i] < 0) throw new ArgumentException("Counts of a histogram cannot be negative.");
            wide |= (double)(float)scores[i] != scores[i];
        }
        var builder = new Builder(wide, scores.Length);
        for (int i = scores.Length - 1; i >= 0; i--) builder.Add(scores[i], positives[i], negatives[i]);
        return builder.Finish();
    }

    /// <summary>The run of <paramref name="groups"/> (highest first, as a k-way merge gives them).</summary>
    public static ScoreRun OfDescending(DescendingGroups groups, bool wideKeys)
    {
        var builder = new Builder(wideKeys, 1024);
        while (groups.Next(out var score, out var positives, out var negatives)) builder.Add(score, positives, negatives);
        return builder.Finish();
    }

    /// <summary>Writes the int32 group count, a byte 32 or 64 (the keys' width), the int32 length of the encoded groups and them.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Groups);
        writer.Write((byte)(WideKeys ? 64 : 32));
        writer.Write(Bytes.Length);
        writer.Write(Bytes);
    }

    /// <summary>Reads a run <see cref="WriteTo"/> wrote, unchecked and without its totals until <see cref="Checked"/>.</summary>
    public static ScoreRun ReadFrom(BinaryReader reader)
    {
        var groups = PartialEvaluation.ReadCount(reader);
        var width = reader.ReadByte();
        if (width is not (32 or 64)) throw new InvalidDataException($"a score width of {width} bits");
        var length = PartialEvaluation.ReadCount(reader);
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException();
        return new ScoreRun(bytes, groups, width == 64, 0, 0);
    }

    /// <summary>This run with its totals, every group decoded once to check it (a damaged run is an <see cref="InvalidDataException"/>).</summary>
    public ScoreRun Checked()
    {
        var cursor = new RunCursor(this);
        long positives = 0, negatives = 0;
        while (cursor.MoveNext())
        {
            positives = checked(positives + cursor.Positives);
            negatives = checked(negatives + cursor.Negatives);
        }
        if (!cursor.AtEnd) throw new InvalidDataException("a score histogram longer than its groups");
        return new ScoreRun(Bytes, Groups, WideKeys, positives, negatives);
    }

    /// <summary>Order-preserving keys: the sign bit flipped for positive scores, every bit for negative ones.</summary>
    internal static unsafe ulong KeyOf(double score, bool wide)
    {
        // -0 and 0 are one score (as in a merge of histograms): both take the key of 0.
        if (score == 0) score = 0;
        if (wide)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(score);
            return (bits & (1UL << 63)) != 0 ? ~bits : bits | (1UL << 63);
        }
        var single = (float)score;
        var narrow = *(uint*)&single;
        return (narrow & (1U << 31)) != 0 ? ~narrow : narrow | (1U << 31);
    }

    /// <summary>The score of a key made by <see cref="KeyOf"/>.</summary>
    internal static unsafe double ScoreOf(ulong key, bool wide)
    {
        if (wide) return BitConverter.Int64BitsToDouble((long)((key & (1UL << 63)) != 0 ? key & ~(1UL << 63) : ~key));
        var narrow = (uint)key;
        var bits = (narrow & (1U << 31)) != 0 ? narrow & ~(1U << 31) : ~narrow;
        return *(float*)&bits;
    }

    /// <summary>Encodes groups given highest score first.</summary>
    private sealed class Builder
    {
        private readonly bool _wide;
        private byte[] _buffer;
        private int _length;
        private int _groups;
        private ulong _lastKey;
        private long _positives;
        private long _negatives;

        public Builder(bool wideKeys, int expectedGroups)
        {
            _wide = wideKeys;
            _buffer = new byte[Math.Max(16, expectedGroups * 4)];
        }

        public void Add(double score, long positives, long negatives)
        {
            var key = KeyOf(score, _wide);
            if (_groups > 0 && key >= _lastKey) throw new ArgumentException("Scores of a run must strictly decrease.", nameof(score));
            Varint.Write(ref _buffer, ref _length, _groups == 0 ? key : _lastKey - key - 1);
            Varint.Write(ref _buffer, ref _length, (ulong)positives);
            Varint.Write(ref _buffer, ref _length, (ulong)negatives);
            _lastKey = key;
            _groups = checked(_groups + 1);
            _positives += positives;
            _negatives += negatives;
        }

        public ScoreRun Finish()
        {
            Array.Resize(ref _buffer, _length);
            return new ScoreRun(_buffer, _groups, _wide, _positives, _negatives);
        }
    }
}

/// <summary>A forward cursor over a run's groups, highest score first.</summary>
internal sealed class RunCursor
{
    private readonly byte[] _bytes;
    private readonly bool _wide;
    private readonly int _groups;
    private int _read;
    private int _offset;
    private ulong _key;

    public RunCursor(ScoreRun run)
    {
        _bytes = run.Bytes;
        _wide = run.WideKeys;
        _groups = run.Groups;
    }

    public double Score { get; private set; }

    public long Positives { get; private set; }

    public long Negatives { get; private set; }

    /// <summary>Whether every group has been read and every byte used.</summary>
    public bool AtEnd => _read == _groups && _offset == _bytes.Length;

    /// <summary>Moves to the next group; false after the last. Damaged bytes are an <see cref="InvalidDataException"/>.</summary>
    public bool MoveNext()
    {
        if (_read == _groups) return false;
        var value = Varint.Read(_bytes, ref _offset);
        if (_read == 0)
        {
            if (!_wide && value > uint.MaxValue) throw new InvalidDataException("a float32 score key over 32 bits");
            _key = value;
        }
        else
        {
            if (value >= _key) throw new InvalidDataException("scores that do not decrease");
            _key -= value + 1;
        }
        Score = ScoreRun.ScoreOf(_key, _wide);
        if (double.IsNaN(Score)) throw new InvalidDataException("a score that is not a number");
        var positives = Varint.Read(_bytes, ref _offset);
        var negatives = Varint.Read(_bytes, ref _offset);
        if (positives > long.MaxValue || negatives > long.MaxValue) throw new InvalidDataException("a count over 63 bits");
        Positives = (long)positives;
        Negatives = (long)negatives;
        _read++;
        return true;
    }
}

/// <summary>
/// The groups of many runs in one descending order: a max-heap of the runs' cursors by their current score; equal
/// scores of several runs are one group.
/// </summary>
internal sealed class DescendingGroups
{
    private readonly RunCursor[] _heap;
    private int _count;

    public DescendingGroups(IEnumerable<ScoreRun> runs)
    {
        _heap = runs.Select(r => new RunCursor(r)).Where(c => c.MoveNext()).ToArray();
        _count = _heap.Length;
        for (int i = (_count / 2) - 1; i >= 0; i--) SiftDown(i);
    }

    /// <summary>The next group (the highest score not yet given, with the counts of every run at it); false when none is left.</summary>
    public bool Next(out double score, out long positives, out long negatives)
    {
        positives = negatives = 0;
        if (_count == 0)
        {
            score = 0;
            return false;
        }
        score = _heap[0].Score;
        do
        {
            var top = _heap[0];
            positives += top.Positives;
            negatives += top.Negatives;
            if (!top.MoveNext()) _heap[0] = _heap[--_count];
            SiftDown(0);
        }
        while (_count > 0 && _heap[0].Score == score);
        return true;
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int largest = i, left = (2 * i) + 1, right = left + 1;
            if (left < _count && _heap[left].Score > _heap[largest].Score) largest = left;
            if (right < _count && _heap[right].Score > _heap[largest].Score) largest = right;
            if (largest == i) return;
            (_heap[i], _heap[largest]) = (_heap[largest], _heap[i]);
            i = largest;
        }
    }
}
