using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoMLEval.Engine.Classification;

/// <summary>
/// One label's (score, truth) pairs sorted by score: the input every per-label ranking metric needs, and one
/// input of the micro-averaged merge. Each pair is packed into one key: the IEEE bits of the score (non-negative
/// floating-point numbers order like their bits) with the truth flag in the sign bit, which a score in [0, 1]
/// never uses. Keys are held in ascending score order and read from the end. Memory: 8 bytes per pair (the
/// double's bits); 4 when every score of the data is a float32 value (model outputs are), held as the float's
/// bits and sorted, merged and read as they are: a float32 value widens to the double exactly and the order of
/// the bits is the order of the scores in both forms, so both give the same groups and the same metrics.
/// </summary>
internal sealed class SortedColumn
{
    private const int DigitBits = 11;
    private const int Radix = 1 << DigitBits;

    // Below this many pooled pairs the micro ranking is fed on one core.
    private const long ParallelMergePairs = 1 << 20;

    // Below this many pairs (512 KiB of 8-byte keys) the micro ranking sorts one pooled copy.
    private const long PooledMergePairs = 1 << 16;
    private const int RowsPerBlock = 4096;

    // Rows transposed a label at a time: their scores (8 bytes a label) stay in the core's cache while each label's
    // keys are written, instead of every row writing one key into each of the label columns.
    private const int RowsPerTile = 64;

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

    /// <summary>Sorts one label's column of <paramref name="data"/>.</summary>
    public static SortedColumn Of(ClassificationData data, int label)
    {
        var keys = new ulong[data.ItemCount];
        for (int i = 0; i < keys.Length; i++) keys[i] = WideKeys.Pack(data.Score(i, label), data.IsTrue(i, label));
        return Sorted<ulong, WideKeys>(keys, new ulong[keys.Length]);
    }

    /// <summary>Sorts (score, is-positive) pairs given as parallel arrays.</summary>
    public static SortedColumn Of(double[] scores, bool[] truth)
    {
        var keys = new ulong[scores.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = WideKeys.Pack(scores[i], truth[i]);
        return Sorted<ulong, WideKeys>(keys, new ulong[keys.Length]);
    }

    /// <summary>
    /// Sorts every label's column; reads the row-major scores once, in blocks, and sorts labels in parallel, handing
    /// each sorted column to <paramref name="sorted"/> (with its label) on the thread that sorted it, while it is still
    /// in that core's cache. When every score is a float32 value (<paramref name="allowNarrow"/>), the columns hold
    /// 4-byte keys. <paramref name="cancellationToken"/> is checked between labels.
    /// </summary>
    public static SortedColumn[] AllOf(ClassificationData data, bool allowNarrow = true, Action<int, SortedColumn>? sorted = null, CancellationToken cancellationToken = default)
    {
        int blocks = (data.ItemCount + RowsPerBlock - 1) / RowsPerBlock;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        return allowNarrow && EveryScoreIsFloat32(data, blocks)
            ? AllOf<uint, NarrowKeys>(data, blocks, sorted, parallel)
            : AllOf<ulong, WideKeys>(data, blocks, sorted, parallel);
    }

    private static SortedColumn[] AllOf<TKey, TForm>(ClassificationData data, int blocks, Action<int, SortedColumn>? sorted, ParallelOptions parallel)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var keys = Transposed<TKey, TForm>(data, blocks);
        var columns = new SortedColumn[data.LabelCount];
        Parallel.For(0, columns.Length, parallel, () => new TKey[data.ItemCount], (j, _, buffer) =>
        {
            columns[j] = Sorted<TKey, TForm>(keys[j], buffer);
            sorted?.Invoke(j, columns[j]);
            return buffer;
        }, _ => { });
        return columns;
    }

    /// <summary>The keys of every label's column, unsorted: the row-major scores read once, in blocks of rows, in parallel.</summary>
    private static TKey[][] Transposed<TKey, TForm>(ClassificationData data, int blocks)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        int n = data.ItemCount;
        var columns = new TKey[data.LabelCount][];
        for (int j = 0; j < columns.Length; j++) columns[j] = new TKey[n];
        var form = default(TForm);
        int labels = columns.Length;
        // Optimised at once: called once a block of rows, too few times to be recompiled, its loops ran as on-stack
        // replacement code, which took about a quarter more time here.
        Parallel.For(0, blocks, [MethodImpl(JitHints.Optimized)] (block) =>
        {
            int end = Math.Min(n, (block + 1) * RowsPerBlock);
            for (int tile = block * RowsPerBlock; tile < end; tile += RowsPerTile)
            {
                int rows = Math.Min(RowsPerTile, end - tile);
                var scores = data.ScoresOfRows(tile, rows);
                var truth = data.TruthOfRows(tile, rows);
                for (int j = 0; j < labels; j++)
                {
                    var column = columns[j].AsSpan(tile, rows);
                    for (int r = 0, k = j; r < column.Length; r++, k += labels) column[r] = form.Pack(scores[k], truth[k]);
                }
            }
        });
        return columns;
    }

    /// <summary>Whether every score of <paramref name="data"/> is exactly a float32 value (so its 4-byte key loses nothing).</summary>
    private static bool EveryScoreIsFloat32(ClassificationData data, int blocks)
    {
        int n = data.ItemCount;
        bool every = true;
        Parallel.For(0, blocks, (block, state) =>
        {
            int start = block * RowsPerBlock;
            if (!AreFloat32Values(data.ScoresOfRows(start, Math.Min(n, start + RowsPerBlock) - start)))
            {
                every = false;
                state.Stop();
            }
        });
        return every;
    }

    /// <summary>Whether each value survives the round trip to float32 unchanged; a vector of values at a time.</summary>
    private static bool AreFloat32Values(ReadOnlySpan<double> values)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        foreach (var vector in vectors)
        {
            Vector.Widen(Vector.Narrow(vector, vector), out var roundTrip, out _);
            if (!Vector.EqualsAll(roundTrip, vector)) return false;
        }
        for (int k = vectors.Length * Vector<double>.Count; k < values.Length; k++)
        {
            if ((double)(float)values[k] != values[k]) return false;
        }
        return true;
    }

    /// <summary>Feeds the column to <paramref name="curve"/> in descending score order, one group per distinct score.</summary>
    public void FeedTo(RankingCurve curve)
    {
        if (_narrowKeys is null) FeedDescending<ulong, WideKeys>(_keys!, Length, curve);
        else FeedDescending<uint, NarrowKeys>(_narrowKeys, Length, curve);
    }

    /// <summary>Calls <paramref name="group"/> with (score, positives, negatives) for each distinct score, ascending.</summary>
    public void ForEachGroupAscending(Action<double, long, long> group)
    {
        if (_narrowKeys is null) ForEachGroupAscending<ulong, WideKeys>(_keys!, group);
        else ForEachGroupAscending<uint, NarrowKeys>(_narrowKeys, group);
    }

    private static void ForEachGroupAscending<TKey, TForm>(TKey[] keys, Action<double, long, long> group)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var form = default(TForm);
        int i = 0;
        while (i < keys.Length)
        {
            var score = form.ScoreBits(keys[i]);
            int start = i;
            long positives = 0;
            for (; i < keys.Length && form.ScoreBits(keys[i]) == score; i++) positives += form.Truth(keys[i]);
            group(form.ScoreOf(score), positives, i - start - positives);
        }
    }

    /// <summary>
    /// Feeds keys[0..<paramref name="count"/>) (ascending) to <paramref name="curve"/> from the highest, as one group per
    /// distinct score would. Most pairs are negative (a label is true of few items), and a run of negatives only moves
    /// the false positives and the area: each run between two groups that hold a positive, found a vector of keys at a
    /// time, is one <see cref="RankingCurve.AddNegatives"/>, cut where a requested threshold falls. The first group
    /// and every group that holds a positive go to <see cref="RankingCurve.Add(double, long, long)"/>.
    /// </summary>
    private static unsafe void FeedDescending<TKey, TForm>(TKey[] keys, int count, RankingCurve curve)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var form = default(TForm);
        if (count == 0) return;
        fixed (TKey* start = keys)
        {
            int top = FeedGroup<TKey, TForm>(start, count - 1, 0, curve);
            while (top >= 0)
            {
                // Down to the next pending threshold's first key, no threshold falls between two pairs.
                double threshold = curve.PendingThresholdAtOrBelow(ScoreAt<TKey, TForm>(start, top));
                int floor = double.IsNegativeInfinity(threshold) ? 0 : FirstIndexScoredAtLeast<TKey, TForm>(start, top + 1, threshold);
                while (top >= floor)
                {
                    int positive = form.LastPositive(start, floor, top);
                    if (positive < floor)
                    {
                        curve.AddNegatives(ScoreAt<TKey, TForm>(start, top), ScoreAt<TKey, TForm>(start, floor), top - floor + 1);
                        top = floor - 1;
                        break;
                    }
                    // The negatives above the positive's group of equal scores are a run; the group itself is fed whole.
                    var score = form.ScoreBits(start[positive]);
                    int groupTop = positive;
                    while (groupTop < top && form.ScoreBits(start[groupTop + 1]) == score) groupTop++;
                    if (groupTop < top) curve.AddNegatives(ScoreAt<TKey, TForm>(start, top), ScoreAt<TKey, TForm>(start, groupTop + 1), top - groupTop);
                    top = FeedGroup<TKey, TForm>(start, groupTop, floor, curve);
                }
            }
        }
    }

    /// <summary>Feeds the group of keys scored as keys[<paramref name="top"/>], down to <paramref name="floor"/> at most; returns the index below it.</summary>
    private static unsafe int FeedGroup<TKey, TForm>(TKey* keys, int top, int floor, RankingCurve curve)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var form = default(TForm);
        var score = form.ScoreBits(keys[top]);
        long positives = 0;
        int next = top;
        for (; next >= floor && form.ScoreBits(keys[next]) == score; next--) positives += form.Truth(keys[next]);
        curve.Add(form.ScoreOf(score), positives, top - next - positives);
        return next;
    }

    private static unsafe double ScoreAt<TKey, TForm>(TKey* keys, int index)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
        => default(TForm).ScoreOf(default(TForm).ScoreBits(keys[index]));

    /// <summary>The first index in [0, <paramref name="end"/>) of ascending <paramref name="keys"/> scored at least <paramref name="score"/>; <paramref name="end"/> if none.</summary>
    private static unsafe int FirstIndexScoredAtLeast<TKey, TForm>(TKey* keys, int end, double score)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        int low = 0, high = end;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (ScoreAt<TKey, TForm>(keys, middle) < score) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>
    /// Feeds the pooled pairs of all <paramref name="columns"/> to <paramref name="curve"/> in descending score
    /// order: the micro-averaged ranking, without sorting the pooled list as a whole. The score range is cut
    /// into buckets by the top bits of the keys (the exponent and 6 mantissa bits, so buckets follow the scores'
    /// magnitude, with the same boundaries in both key forms); because every column is sorted, a bucket's pairs are
    /// one contiguous run per column. Buckets are taken from the highest down: their runs are gathered into a
    /// scratch buffer, radix-sorted on the remaining bits and fed. Cost O(pairs); memory two scratch buffers the
    /// size of the largest bucket. <paramref name="cancellationToken"/> is checked between buckets. Fewer pairs than
    /// <paramref name="pooledBelowPairs"/> are pooled and sorted as one list instead: a bootstrap evaluates a few
    /// thousand pairs thousands of times, and each bucket's gathering cost more than the pairs it held.
    /// </summary>
    public static void FeedMergedTo(
        IReadOnlyList<SortedColumn> columns, RankingCurve curve, long parallelFromPairs = ParallelMergePairs, long pooledBelowPairs = PooledMergePairs, CancellationToken cancellationToken = default)
    {
        if (columns.All(c => c.IsNarrow)) FeedMergedTo<uint, NarrowKeys>(columns.Select(c => c._narrowKeys!).ToArray(), curve, parallelFromPairs, pooledBelowPairs, cancellationToken);
        else FeedMergedTo<ulong, WideKeys>(columns.Select(c => c.WidenedKeys()).ToArray(), curve, parallelFromPairs, pooledBelowPairs, cancellationToken);
    }

    /// <summary>The 64-bit keys of this column (a copy when it holds 4-byte keys).</summary>
    private ulong[] WidenedKeys()
    {
        if (_narrowKeys is null) return _keys!;
        var form = default(NarrowKeys);
        return _narrowKeys.Select(key => WideKeys.Pack(form.ScoreOf(form.ScoreBits(key)), form.Truth(key) != 0)).ToArray();
    }

    private static void FeedMergedTo<TKey, TForm>(TKey[][] columns, RankingCurve curve, long parallelFromPairs, long pooledBelowPairs, CancellationToken cancellationToken)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        long pairs = columns.Sum(c => (long)c.Length);
        if (pairs < pooledBelowPairs)
        {
            var pooled = new TKey[pairs];
            int at = 0;
            foreach (var column in columns)
            {
                Array.Copy(column, 0, pooled, at, column.Length);
                at += column.Length;
            }
            RadixSort<TKey, TForm>(pooled, pooled.Length, new TKey[pooled.Length], default(TForm).ScoreBitCount);
            FeedDescending<TKey, TForm>(pooled, pooled.Length, curve);
            return;
        }
        if (pairs < parallelFromPairs || Environment.ProcessorCount < 2)
        {
            FeedBuckets<TKey, TForm>(columns, columns.Select(c => c.Length - 1).ToArray(), new int[columns.Length], curve, cancellationToken);
            return;
        }
        // Two halves of the score range on two cores: the upper half feeds this curve, the lower half a
        // continuation that starts from the upper half's totals (counted first), and the sums are joined.
        var form = default(TForm);
        var splitBucket = MedianBucket<TKey, TForm>(columns);
        var boundary = columns.Select(c => FirstIndexAtOrAbove<TKey, TForm>(c, 0, c.Length, splitBucket)).ToArray();
        var positivesAbove = new long[columns.Length];
        Parallel.For(0, columns.Length, c =>
        {
            long positives = 0;
            var keys = columns[c];
            for (int i = boundary[c]; i < keys.Length; i++) positives += form.Truth(keys[i]);
            positivesAbove[c] = positives;
        });
        long tpAbove = positivesAbove.Sum();
        long fpAbove = columns.Select((c, k) => (long)(c.Length - boundary[k])).Sum() - tpAbove;
        var lower = curve.ContinuationBelow(form.ScoreOf((ulong)splitBucket << form.BucketShift), tpAbove, fpAbove);
        Parallel.Invoke(
            new ParallelOptions { CancellationToken = cancellationToken },
            () => FeedBuckets<TKey, TForm>(columns, columns.Select(c => c.Length - 1).ToArray(), boundary, curve, cancellationToken),
            () => FeedBuckets<TKey, TForm>(columns, boundary.Select(b => b - 1).ToArray(), new int[columns.Length], lower, cancellationToken));
        curve.Absorb(lower);
    }

    /// <summary>
    /// Feeds the pairs of every column from <paramref name="cursor"/> down to <paramref name="floor"/> (inclusive),
    /// bucket by bucket from the highest.
    /// </summary>
    private static void FeedBuckets<TKey, TForm>(TKey[][] columns, int[] cursor, int[] floor, RankingCurve curve, CancellationToken cancellationToken)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var form = default(TForm);
        var scratch = new TKey[1024];
        var buffer = new TKey[1024];
        // A call has a bucket for every 1/64 of an octave its scores span, most of them a few pairs: one room for the digit counts.
        var counts = new int[Radix * ((form.BucketShift + DigitBits - 1) / DigitBits)];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The highest bucket any column still holds.
            long bucket = -1;
            for (int c = 0; c < columns.Length; c++)
            {
                if (cursor[c] >= floor[c]) bucket = Math.Max(bucket, BucketOf<TKey, TForm>(columns[c][cursor[c]]));
            }
            if (bucket < 0) return;
            int size = 0;
            for (int c = 0; c < columns.Length; c++)
            {
                if (cursor[c] < floor[c]) continue;
                // Every key at or below the cursor is in this bucket or a lower one: the run is the keys of this bucket.
                int start = FirstIndexAtOrAbove<TKey, TForm>(columns[c], floor[c], cursor[c] + 1, bucket);
                int run = cursor[c] + 1 - start;
                if (run == 0) continue;
                if (size + run > scratch.Length)
                {
                    var capacity = Math.Max(size + run, scratch.Length * 2);
                    Array.Resize(ref scratch, capacity);
                    buffer = new TKey[capacity];
                }
                Array.Copy(columns[c], start, scratch, size, run);
                size += run;
                cursor[c] = start - 1;
            }
            RadixSort<TKey, TForm>(scratch, size, buffer, form.BucketShift, counts);
            FeedDescending<TKey, TForm>(scratch, size, curve);
        }
    }

    private static long BucketOf<TKey, TForm>(TKey key)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
        => (long)(default(TForm).ScoreBits(key) >> default(TForm).BucketShift);

    /// <summary>The bucket holding the median of the columns' middle keys: splits the pooled pairs roughly in half.</summary>
    private static long MedianBucket<TKey, TForm>(TKey[][] columns)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var middles = columns.Where(c => c.Length > 0).Select(c => BucketOf<TKey, TForm>(c[c.Length / 2])).OrderBy(b => b).ToArray();
        return middles[middles.Length / 2];
    }

    /// <summary>The first index in [<paramref name="low"/>, <paramref name="high"/>) of ascending <paramref name="keys"/> whose bucket is at least <paramref name="bucket"/>; <paramref name="high"/> if none.</summary>
    private static int FirstIndexAtOrAbove<TKey, TForm>(TKey[] keys, int low, int high, long bucket)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (BucketOf<TKey, TForm>(keys[middle]) < bucket) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>Sorts the keys of one column and counts its positives.</summary>
    private static SortedColumn Sorted<TKey, TForm>(TKey[] keys, TKey[] buffer)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var positives = keys.Length >= BucketFirstKeys
            ? BucketSort<TKey, TForm>(keys, buffer, default(TForm).ScoreBitCount)
            : RadixSort<TKey, TForm>(keys, keys.Length, buffer, default(TForm).ScoreBitCount);
        return new SortedColumn(keys as ulong[], keys as uint[], positives);
    }

    // From this many keys (2 MiB of 4-byte keys) a column is sorted by its top digit first: each pass of the plain
    // radix sort over a column larger than the cache reads and writes it in memory again. Below it the plain sort
    // is as fast or faster (200,000 items: 3% slower by buckets; 1,000,000: 9% faster).
    private const int BucketFirstKeys = 1 << 19;

    // Buckets this small are sorted by insertion, where clearing a radix sort's digit counts would cost more.
    private const int InsertionSortKeys = 64;

    /// <summary>
    /// The same order as <see cref="RadixSort{TKey, TForm}"/> (stable, by score), for columns larger than the cache:
    /// one pass scatters the keys by their top digit, and each of those buckets, which fits in the cache, is then
    /// sorted on the bits below it. Returns the number of positive keys.
    /// </summary>
    private static unsafe long BucketSort<TKey, TForm>(TKey[] keys, TKey[] buffer, int bits)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var form = default(TForm);
        int count = keys.Length;
        int topShift = bits - DigitBits;
        var starts = new int[Radix + 1];
        long positives = 0;
        fixed (TKey* keysStart = keys, bufferStart = buffer)
        fixed (int* startsAt = starts)
        {
            for (int i = 0; i < count; i++)
            {
                positives += form.Truth(keysStart[i]);
                startsAt[(int)(form.ScoreBits(keysStart[i]) >> topShift) + 1]++;
            }
            for (int b = 0; b < Radix; b++) startsAt[b + 1] += startsAt[b];
            if (startsAt[(int)(form.ScoreBits(keysStart[0]) >> topShift) + 1] - startsAt[(int)(form.ScoreBits(keysStart[0]) >> topShift)] == count)
            {
                // One bucket holds every key: the top digit orders nothing.
                RadixSort<TKey, TForm>(keys, count, buffer, topShift);
                return positives;
            }
            var next = new int[Radix];
            Array.Copy(starts, next, Radix);
            fixed (int* nextAt = next)
            {
                for (int i = 0; i < count; i++)
                {
                    var key = keysStart[i];
                    bufferStart[nextAt[(int)(form.ScoreBits(key) >> topShift)]++] = key;
                }
            }
            int digits = (topShift + DigitBits - 1) / DigitBits;
            var counts = new int[Math.Max(1, digits) * Radix];
            fixed (int* countsAt = counts)
            {
                for (int b = 0; b < Radix; b++)
                {
                    int start = startsAt[b], size = startsAt[b + 1] - start;
                    if (size == 0) continue;
                    var bucket = bufferStart + start;
                    if (size <= InsertionSortKeys) InsertionSort<TKey, TForm>(bucket, size);
                    else
                    {
                        new Span<int>(countsAt, digits * Radix).Clear();
                        SortRun<TKey, TForm>(bucket, keysStart + start, size, digits, countsAt);
                    }
                    Buffer.MemoryCopy(bucket, keysStart + start, (long)size * sizeof(TKey), (long)size * sizeof(TKey));
                }
            }
        }
        return positives;
    }

    /// <summary>A stable insertion sort by score of a few keys.</summary>
    private static unsafe void InsertionSort<TKey, TForm>(TKey* keys, int count)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var form = default(TForm);
        for (int i = 1; i < count; i++)
        {
            var key = keys[i];
            var score = form.ScoreBits(key);
            int j = i - 1;
            for (; j >= 0 && form.ScoreBits(keys[j]) > score; j--) keys[j + 1] = keys[j];
            keys[j + 1] = key;
        }
    }

    /// <summary>
    /// LSD radix sort of <paramref name="keys"/>[0..<paramref name="count"/>) on the score bits below
    /// <paramref name="bits"/> (11-bit digits; a digit every key shares is skipped, e.g. the low mantissa bits of
    /// float32 confidences held as doubles, or the bits a bucket already fixes). Stable, O(n), one buffer of n keys.
    /// Returns the number of positive keys, counted in the pass that counts the digits. A few keys are sorted by
    /// insertion: a radix sort's digit counts (up to six digits of 2,048) cost more to clear and sum than they save.
    /// <paramref name="counts"/>, when given, is the room for those counts, reused from call to call.
    /// </summary>
    private static unsafe long RadixSort<TKey, TForm>(TKey[] keys, int count, TKey[] buffer, int bits, int[]? counts = null)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        if (count == 0) return 0;
        fixed (TKey* keysStart = keys, bufferStart = buffer)
        {
            if (count <= InsertionSortKeys)
            {
                InsertionSort<TKey, TForm>(keysStart, count);
                return CountPositives<TKey, TForm>(keysStart, count);
            }
            int digits = (bits + DigitBits - 1) / DigitBits;
            if (counts is null || counts.Length < digits * Radix) counts = new int[Math.Max(1, digits) * Radix];
            else counts.AsSpan(0, digits * Radix).Clear();
            fixed (int* countsStart = counts)
            {
                return SortRun<TKey, TForm>(keysStart, bufferStart, count, digits, countsStart);
            }
        }
    }

    private static unsafe long CountPositives<TKey, TForm>(TKey* keys, int count)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        long positives = 0;
        for (int i = 0; i < count; i++) positives += default(TForm).Truth(keys[i]);
        return positives;
    }

    /// <summary>
    /// <see cref="RadixSort{TKey, TForm}"/> on <paramref name="digits"/> digits of <paramref name="count"/> keys, with
    /// <paramref name="buffer"/> as room and <paramref name="counts"/> (digits × radix, zero) for the digit counts;
    /// the sorted keys end in <paramref name="keys"/>.
    /// </summary>
    private static unsafe long SortRun<TKey, TForm>(TKey* keys, TKey* buffer, int count, int digits, int* counts)
        where TKey : unmanaged
        where TForm : struct, IKeyForm<TKey>
    {
        var form = default(TForm);
        long positives = 0;
        for (int i = 0; i < count; i++)
        {
            var key = keys[i];
            positives += form.Truth(key);
            var score = form.ScoreBits(key);
            for (int d = 0; d < digits; d++) counts[(d * Radix) + (int)((score >> (d * DigitBits)) & (Radix - 1))]++;
        }
        var source = keys;
        var target = buffer;
        for (int d = 0; d < digits; d++)
        {
            var offsets = counts + (d * Radix);
            int shift = d * DigitBits;
            if (offsets[(int)((form.ScoreBits(source[0]) >> shift) & (Radix - 1))] == count) continue;
            int total = 0;
            for (int b = 0; b < Radix; b++)
            {
                var c = offsets[b];
                offsets[b] = total;
                total += c;
            }
            for (int i = 0; i < count; i++)
            {
                var key = source[i];
                target[offsets[(int)((form.ScoreBits(key) >> shift) & (Radix - 1))]++] = key;
            }
            var sorted = target;
            target = source;
            source = sorted;
        }
        if (source != keys) Buffer.MemoryCopy(source, keys, (long)count * sizeof(TKey), (long)count * sizeof(TKey));
        return positives;
    }
}

/// <summary>
/// How a key holds a (score, truth) pair. A struct type argument, so that the sort and the feeding loops are
/// compiled once per key width with every call inlined.
/// </summary>
internal interface IKeyForm<TKey>
    where TKey : unmanaged
{
    /// <summary>Bits holding the score; the truth flag is the bit above them.</summary>
    int ScoreBitCount { get; }

    /// <summary>
    /// The key bits below a micro-merge bucket: a bucket is the exponent and the top 6 mantissa bits, so a float32
    /// score and its double fall in buckets with the same boundaries (for every normal float).
    /// </summary>
    int BucketShift { get; }

    TKey Pack(double score, bool truth);

    /// <summary>The score's bits without the truth flag: equal for equal scores, ordered as the scores.</summary>
    ulong ScoreBits(TKey key);

    /// <summary>1 for a positive pair, else 0.</summary>
    long Truth(TKey key);

    /// <summary>The score whose bits are <paramref name="scoreBits"/>.</summary>
    double ScoreOf(ulong scoreBits);

    /// <summary>The highest index in [<paramref name="low"/>, <paramref name="high"/>] holding a positive key; <paramref name="low"/> − 1 if none.</summary>
    unsafe int LastPositive(TKey* keys, int low, int high);
}

/// <summary>A double's bits with the truth flag in bit 63: any score.</summary>
internal readonly struct WideKeys : IKeyForm<ulong>
{
    private const ulong TruthBit = 1UL << 63;

    public int ScoreBitCount => 63;

    public int BucketShift => 46;

    public static ulong Pack(double score, bool truth)
    {
        // 0.0 and -0.0 are the same score; only +0.0's bits order correctly.
        ulong bits = score == 0 ? 0UL : (ulong)BitConverter.DoubleToInt64Bits(score);
        return truth ? bits | TruthBit : bits;
    }

    ulong IKeyForm<ulong>.Pack(double score, bool truth) => Pack(score, truth);

    public ulong ScoreBits(ulong key) => key & ~TruthBit;

    public long Truth(ulong key) => (long)(key >> 63);

    public double ScoreOf(ulong scoreBits) => BitConverter.Int64BitsToDouble((long)scoreBits);

    public unsafe int LastPositive(ulong* keys, int low, int high) => KeyScan.LastWithBit(keys, low, high, TruthBit);
}

/// <summary>A float's bits with the truth flag in bit 31: scores that are float32 values.</summary>
internal readonly struct NarrowKeys : IKeyForm<uint>
{
    private const uint TruthBit = 1U << 31;

    public int ScoreBitCount => 31;

    public int BucketShift => 17;

    public unsafe uint Pack(double score, bool truth)
    {
        float single = (float)score;
        uint bits = score == 0 ? 0U : *(uint*)&single;
        return truth ? bits | TruthBit : bits;
    }

    public ulong ScoreBits(uint key) => key & ~TruthBit;

    public long Truth(uint key) => key >> 31;

    public unsafe double ScoreOf(ulong scoreBits)
    {
        uint bits = (uint)scoreBits;
        return *(float*)&bits;
    }

    public unsafe int LastPositive(uint* keys, int low, int high) => KeyScan.LastWithBit(keys, low, high, TruthBit);
}

/// <summary>Finds the last key with a bit set, a vector of keys at a time: the runs of negatives are long.</summary>
internal static class KeyScan
{
    /// <summary>The highest index in [<paramref name="low"/>, <paramref name="high"/>] whose key has <paramref name="bit"/> set; <paramref name="low"/> − 1 if none.</summary>
    public static unsafe int LastWithBit(uint* keys, int low, int high, uint bit)
    {
        int at = SkipVectorsWithout(keys, low, high, bit);
        while (at >= low && (keys[at] & bit) == 0) at--;
        return at;
    }

    /// <inheritdoc cref="LastWithBit(uint*, int, int, uint)"/>
    public static unsafe int LastWithBit(ulong* keys, int low, int high, ulong bit)
    {
        int at = SkipVectorsWithout(keys, low, high, bit);
        while (at >= low && (keys[at] & bit) == 0) at--;
        return at;
    }

    // Steps down from high over whole vectors of keys none of which has the bit; the keys left are checked one by one.
    private static unsafe int SkipVectorsWithout<T>(T* keys, int low, int high, T bit)
        where T : unmanaged
    {
        int lanes = Vector<T>.Count;
        var mask = new Vector<T>(bit);
        int at = high;
        while (at - lanes + 1 >= low && Vector.EqualsAll(Vector.BitwiseAnd(*(Vector<T>*)(keys + at - lanes + 1), mask), Vector<T>.Zero)) at -= lanes;
        return at;
    }
}
