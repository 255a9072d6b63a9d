namespace AutoMLEval.Engine.Classification;

/// <summary>
/// One label's (score, truth) pairs sorted by score: the input every per-label ranking metric needs, and one
/// input of the micro-averaged merge. Each pair is packed into one 64-bit key: the IEEE bits of the score
/// (non-negative doubles order like their bits) with the truth flag in the sign bit, which a score in [0, 1]
/// never uses. Keys are held in ascending score order and read from the end. Memory: 8 bytes per pair; 4 when
/// every score of the data is a float32 value (model outputs are), held as the float's bits with the truth flag in
/// its sign bit and widened to the 64-bit key as it is read: the same key, so the same metrics.
/// </summary>
internal sealed class SortedColumn
{
    private const uint NarrowTruthBit = 1U << 31;
    private const ulong TruthBit = 1UL << 63;
    private const ulong ScoreMask = ~TruthBit;
    private const int DigitBits = 11;
    private const int Radix = 1 << DigitBits;
    private const int ScoreBits = 63;

    // Micro buckets: the key bits above this one (the exponent and 5 mantissa bits of a score in [0, 1]).
    private const int BucketShift = 46;

    // Below this many pooled pairs the micro ranking is fed on one core.
    private const long ParallelMergePairs = 1 << 20;
    private const int RowsPerBlock = 4096;

    // The keys in ascending score order: 64-bit, or the narrow 32-bit form (one of the two is set).
    private readonly ulong[]? _keys;
    private readonly uint[]? _narrowKeys;

    private SortedColumn(ulong[]? keys, uint[]? narrowKeys, long positives)
    {
        _keys = keys;
        _narrowKeys = narrowKeys;
        Length = keys?.Length ?? narrowKeys!.Length;
        Positives = positives;
    }

    /// <summary>Number of pairs.</summary>
    public int Length { get; }

    /// <summary>Number of pairs whose truth flag is set.</summary>
    public long Positives { get; }

    /// <summary>Number of pairs whose truth flag is clear.</summary>
    public long Negatives => Length - Positives;

    /// <summary>Whether the keys are held in 4 bytes each.</summary>
    public bool IsNarrow => _narrowKeys is not null;

    /// <summary>The packed 64-bit key at <paramref name="index"/> (ascending score order).</summary>
    private ulong KeyAt(int index) => _narrowKeys is null ? _keys![index] : Widen(_narrowKeys[index]);

    /// <summary>Sorts one label's column of <paramref name="data"/>.</summary>
    public static SortedColumn Of(ClassificationData data, int label)
    {
        var keys = new ulong[data.ItemCount];
        for (int i = 0; i < keys.Length; i++) keys[i] = Pack(data.Score(i, label), data.IsTrue(i, label));
        return Sorted(keys, new ulong[keys.Length]);
    }

    /// <summary>
    /// Sorts every label's column; reads the row-major scores once, in blocks, and sorts labels in parallel. When every
    /// score is a float32 value (<paramref name="allowNarrow"/>), the columns hold 4-byte keys: each is widened into a
    /// per-thread buffer, sorted there and narrowed back.
    /// </summary>
    public static SortedColumn[] AllOf(ClassificationData data, bool allowNarrow = true)
    {
        int n = data.ItemCount, labels = data.LabelCount;
        int blocks = (n + RowsPerBlock - 1) / RowsPerBlock;
        var columns = new SortedColumn[labels];
        if (allowNarrow && EveryScoreIsFloat32(data, blocks))
        {
            var narrow = Transposed<uint, NarrowKeys>(data, blocks);
            Parallel.For(0, labels, () => (new ulong[n], new ulong[n]), (j, _, buffers) =>
            {
                var keys = narrow[j];
                for (int i = 0; i < n; i++) buffers.Item1[i] = Widen(keys[i]);
                var sorted = Sorted(buffers.Item1, buffers.Item2);
                for (int i = 0; i < n; i++) keys[i] = Narrow(buffers.Item1[i]);
                columns[j] = new SortedColumn(null, keys, sorted.Positives);
                return buffers;
            }, _ => { });
            return columns;
        }
        var wide = Transposed<ulong, WideKeys>(data, blocks);
        Parallel.For(0, labels, () => new ulong[n], (j, _, buffer) =>
        {
            columns[j] = Sorted(wide[j], buffer);
            return buffer;
        }, _ => { });
        return columns;
    }

    /// <summary>The packed keys of every label's column, unsorted: the row-major scores read once, in blocks of rows, in parallel.</summary>
    private static TKey[][] Transposed<TKey, TKeys>(ClassificationData data, int blocks)
        where TKeys : struct, IKeyPacking<TKey>
    {
        int n = data.ItemCount;
        var columns = new TKey[data.LabelCount][];
        for (int j = 0; j < columns.Length; j++) columns[j] = new TKey[n];
        var packing = default(TKeys);
        Parallel.For(0, blocks, block =>
        {
            for (int i = block * RowsPerBlock, end = Math.Min(n, (block + 1) * RowsPerBlock); i < end; i++)
            {
                var scores = data.ScoresOf(i);
                var truth = data.TruthOf(i);
                for (int j = 0; j < scores.Length; j++) columns[j][i] = packing.Pack(scores[j], truth[j]);
            }
        });
        return columns;
    }

    /// <summary>How a (score, truth) pair becomes a key; a struct type argument, so that the packing is inlined.</summary>
    private interface IKeyPacking<TKey>
    {
        TKey Pack(double score, bool truth);
    }

    private readonly struct WideKeys : IKeyPacking<ulong>
    {
        public ulong Pack(double score, bool truth) => SortedColumn.Pack(score, truth);
    }

    private readonly struct NarrowKeys : IKeyPacking<uint>
    {
        public uint Pack(double score, bool truth) => PackNarrow(score, truth);
    }

    /// <summary>Whether every score of <paramref name="data"/> is exactly a float32 value (so its 4-byte key loses nothing).</summary>
    private static bool EveryScoreIsFloat32(ClassificationData data, int blocks)
    {
        int n = data.ItemCount;
        bool every = true;
        Parallel.For(0, blocks, (block, state) =>
        {
            for (int i = block * RowsPerBlock, end = Math.Min(n, (block + 1) * RowsPerBlock); i < end && every; i++)
            {
                foreach (var score in data.ScoresOf(i))
                {
                    if ((double)(float)score != score)
                    {
                        every = false;
                        state.Stop();
                        return;
                    }
                }
            }
        });
        return every;
    }

    /// <summary>Sorts (score, is-positive) pairs given as parallel arrays.</summary>
    public static SortedColumn Of(double[] scores, bool[] truth)
    {
        var keys = new ulong[scores.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = Pack(scores[i], truth[i]);
        return Sorted(keys, new ulong[keys.Length]);
    }

    /// <summary>Feeds the column to <paramref name="curve"/> in descending score order, one group per distinct score.</summary>
    public void FeedTo(RankingCurve curve)
    {
        int i = Length - 1;
        while (i >= 0)
        {
            var score = KeyAt(i) & ScoreMask;
            long positives = 0, count = 0;
            for (ulong key; i >= 0 && ((key = KeyAt(i)) & ScoreMask) == score; i--)
            {
                count++;
                positives += (long)(key >> 63);
            }
            curve.Add(ScoreOf(score), positives, count - positives);
        }
    }

    /// <summary>Calls <paramref name="group"/> with (score, positives, negatives) for each distinct score, ascending.</summary>
    public void ForEachGroupAscending(Action<double, long, long> group)
    {
        int i = 0;
        while (i < Length)
        {
            var score = KeyAt(i) & ScoreMask;
            long positives = 0, count = 0;
            for (ulong key; i < Length && ((key = KeyAt(i)) & ScoreMask) == score; i++)
            {
                count++;
                positives += (long)(key >> 63);
            }
            group(ScoreOf(score), positives, count - positives);
        }
    }

    /// <summary>
    /// Feeds the pooled pairs of all <paramref name="columns"/> to <paramref name="curve"/> in descending score
    /// order: the micro-averaged ranking, without sorting the pooled list as a whole. The score range is cut
    /// into buckets by the top bits of the keys (exponent and 5 mantissa bits, so buckets follow the scores'
    /// magnitude); because every column is sorted, a bucket's pairs are one contiguous run per column. Buckets
    /// are taken from the highest down: their runs are gathered into a scratch buffer, radix-sorted on the
    /// remaining bits and fed. Cost O(pairs); memory two scratch buffers the size of the largest bucket.
    /// </summary>
    public static void FeedMergedTo(IReadOnlyList<SortedColumn> columns, RankingCurve curve, long parallelFromPairs = ParallelMergePairs)
    {
        long pairs = columns.Sum(c => (long)c.Length);
        if (pairs < parallelFromPairs || Environment.ProcessorCount < 2)
        {
            FeedBuckets(columns, columns.Select(c => c.Length - 1).ToArray(), new int[columns.Count], curve);
            return;
        }
        // Two halves of the score range on two cores: the upper half feeds this curve, the lower half a
        // continuation that starts from the upper half's totals (counted first), and the sums are joined.
        var splitBucket = MedianBucket(columns);
        var boundary = columns.Select(c => c.FirstIndexAtOrAbove(splitBucket)).ToArray();
        long tpAbove = 0, fpAbove = 0;
        for (int c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            for (int i = boundary[c]; i < column.Length; i++) tpAbove += (long)(column.KeyAt(i) >> 63);
            fpAbove += column.Length - boundary[c];
        }
        fpAbove -= tpAbove;
        var lower = curve.ContinuationBelow(ScoreOf((ulong)splitBucket << BucketShift), tpAbove, fpAbove);
        Parallel.Invoke(
            () => FeedBuckets(columns, columns.Select(c => c.Length - 1).ToArray(), boundary, curve),
            () => FeedBuckets(columns, boundary.Select(b => b - 1).ToArray(), new int[columns.Count], lower));
        curve.Absorb(lower);
    }

    /// <summary>
    /// Feeds the pairs of every column from <paramref name="cursor"/> down to <paramref name="floor"/> (inclusive),
    /// bucket by bucket from the highest.
    /// </summary>
    private static void FeedBuckets(IReadOnlyList<SortedColumn> columns, int[] cursor, int[] floor, RankingCurve curve)
    {
        var scratch = new ulong[1024];
        var buffer = new ulong[1024];
        while (true)
        {
            // The highest bucket any column still holds.
            long bucket = -1;
            for (int c = 0; c < columns.Count; c++)
            {
                if (cursor[c] >= floor[c]) bucket = Math.Max(bucket, BucketOf(columns[c].KeyAt(cursor[c])));
            }
            if (bucket < 0) return;
            int size = 0;
            for (int c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                int end = cursor[c];
                int start = end;
                while (start >= floor[c] && BucketOf(column.KeyAt(start)) == bucket) start--;
                int run = end - start;
                if (run == 0) continue;
                if (size + run > scratch.Length)
                {
                    var capacity = Math.Max(size + run, scratch.Length * 2);
                    Array.Resize(ref scratch, capacity);
                    buffer = new ulong[capacity];
                }
                column.CopyKeys(start + 1, scratch, size, run);
                size += run;
                cursor[c] = start;
            }
            RadixSort(scratch, size, buffer, BucketShift);
            int i = size - 1;
            while (i >= 0)
            {
                var score = scratch[i] & ScoreMask;
                long positives = 0, count = 0;
                for (; i >= 0 && (scratch[i] & ScoreMask) == score; i--)
                {
                    count++;
                    positives += (long)(scratch[i] >> 63);
                }
                curve.Add(ScoreOf(score), positives, count - positives);
            }
        }
    }

    private static long BucketOf(ulong key) => (long)((key & ScoreMask) >> BucketShift);

    /// <summary>The bucket holding the median of the columns' middle keys: splits the pooled pairs roughly in half.</summary>
    private static long MedianBucket(IReadOnlyList<SortedColumn> columns)
    {
        var middles = columns.Where(c => c.Length > 0).Select(c => BucketOf(c.KeyAt(c.Length / 2))).OrderBy(b => b).ToArray();
        return middles[middles.Length / 2];
    }

    /// <summary>The first index of this ascending column whose bucket is at least <paramref name="bucket"/>.</summary>
    private int FirstIndexAtOrAbove(long bucket)
    {
        int low = 0, high = Length;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (BucketOf(KeyAt(middle)) < bucket) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>Copies <paramref name="count"/> 64-bit keys from <paramref name="start"/> into <paramref name="target"/> at <paramref name="at"/>.</summary>
    private void CopyKeys(int start, ulong[] target, int at, int count)
    {
        if (_narrowKeys is null)
        {
            Array.Copy(_keys!, start, target, at, count);
            return;
        }
        for (int k = 0; k < count; k++) target[at + k] = Widen(_narrowKeys[start + k]);
    }

    private static ulong Pack(double score, bool truth)
    {
        // 0.0 and -0.0 are the same score; only +0.0's bits order correctly.
        ulong bits = score == 0 ? 0UL : (ulong)BitConverter.DoubleToInt64Bits(score);
        return truth ? bits | TruthBit : bits;
    }

    /// <summary>The 4-byte key of a float32-valued score: the float's bits (non-negative floats order like them too), truth in the sign bit.</summary>
    private static unsafe uint PackNarrow(double score, bool truth)
    {
        float single = (float)score;
        uint bits = score == 0 ? 0U : *(uint*)&single;
        return truth ? bits | NarrowTruthBit : bits;
    }

    /// <summary>The 64-bit key of a 4-byte key: the float widened to a double (exact), the truth flag moved to bit 63.</summary>
    private static unsafe ulong Widen(uint key)
    {
        uint bits = key & ~NarrowTruthBit;
        double score = *(float*)&bits;
        return (ulong)BitConverter.DoubleToInt64Bits(score) | ((ulong)(key >> 31) << 63);
    }

    /// <summary>The 4-byte key of a 64-bit key whose score is a float32 value.</summary>
    private static uint Narrow(ulong key) => PackNarrow(ScoreOf(key), (key & TruthBit) != 0);

    private static double ScoreOf(ulong bits) => BitConverter.Int64BitsToDouble((long)(bits & ScoreMask));

    /// <summary>Sorts the keys of one column and counts its positives.</summary>
    private static SortedColumn Sorted(ulong[] keys, ulong[] buffer)
    {
        long positives = 0;
        foreach (var key in keys) positives += (long)(key >> 63);
        RadixSort(keys, keys.Length, buffer, ScoreBits);
        return new SortedColumn(keys, null, positives);
    }

    /// <summary>
    /// LSD radix sort of <paramref name="keys"/>[0..<paramref name="count"/>) on the score bits below
    /// <paramref name="bits"/> (11-bit digits; a digit every key shares is skipped, e.g. the low mantissa bits of
    /// float32 confidences, or the bits a bucket already fixes). Stable, O(n), one buffer of n keys.
    /// </summary>
    private static void RadixSort(ulong[] keys, int count, ulong[] buffer, int bits)
    {
        int digits = (bits + DigitBits - 1) / DigitBits;
        var counts = new int[digits * Radix];
        for (int i = 0; i < count; i++)
        {
            var key = keys[i] & ScoreMask;
            for (int d = 0; d < digits; d++) counts[(d * Radix) + (int)((key >> (d * DigitBits)) & (Radix - 1))]++;
        }
        var source = keys;
        var target = buffer;
        for (int d = 0; d < digits && count > 0; d++)
        {
            int offset = d * Radix;
            int shift = d * DigitBits;
            if (counts[offset + (int)(((source[0] & ScoreMask) >> shift) & (Radix - 1))] == count) continue;
            int total = 0;
            for (int b = 0; b < Radix; b++)
            {
                var c = counts[offset + b];
                counts[offset + b] = total;
                total += c;
            }
            for (int i = 0; i < count; i++)
            {
                var key = source[i];
                target[counts[offset + (int)(((key & ScoreMask) >> shift) & (Radix - 1))]++] = key;
            }
            (source, target) = (target, source);
        }
        if (!ReferenceEquals(source, keys)) Array.Copy(source, keys, count);
    }
}
