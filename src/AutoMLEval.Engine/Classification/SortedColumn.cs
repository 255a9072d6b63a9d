namespace AutoMLEval.Engine.Classification;

/// <summary>
/// One label's (score, truth) pairs sorted by score: the input every per-label ranking metric needs, and one
/// input of the micro-averaged merge. Each pair is packed into one 64-bit key: the IEEE bits of the score
/// (non-negative doubles order like their bits) with the truth flag in the sign bit, which a score in [0, 1]
/// never uses. Keys are held in ascending score order and read from the end. Memory: 8 bytes per pair.
/// </summary>
internal sealed class SortedColumn
{
    private const ulong TruthBit = 1UL << 63;
    private const ulong ScoreMask = ~TruthBit;
    private const int DigitBits = 11;
    private const int Digits = 6;
    private const int Radix = 1 << DigitBits;
    private const int RowsPerBlock = 4096;

    private SortedColumn(ulong[] keys, long positives)
    {
        Keys = keys;
        Positives = positives;
    }

    /// <summary>Packed keys in ascending score order.</summary>
    public ulong[] Keys { get; }

    /// <summary>Number of pairs whose truth flag is set.</summary>
    public long Positives { get; }

    /// <summary>Number of pairs whose truth flag is clear.</summary>
    public long Negatives => Keys.LongLength - Positives;

    /// <summary>Sorts one label's column of <paramref name="data"/>.</summary>
    public static SortedColumn Of(ClassificationData data, int label)
    {
        var keys = new ulong[data.ItemCount];
        for (int i = 0; i < keys.Length; i++) keys[i] = Pack(data.Score(i, label), data.IsTrue(i, label));
        return Sorted(keys, new ulong[keys.Length]);
    }

    /// <summary>Sorts every label's column; reads the row-major scores once, in blocks, and sorts labels in parallel.</summary>
    public static SortedColumn[] AllOf(ClassificationData data)
    {
        int n = data.ItemCount, labels = data.LabelCount;
        var keys = new ulong[labels][];
        for (int j = 0; j < labels; j++) keys[j] = new ulong[n];
        Parallel.For(0, (n + RowsPerBlock - 1) / RowsPerBlock, block =>
        {
            for (int i = block * RowsPerBlock, end = Math.Min(n, (block + 1) * RowsPerBlock); i < end; i++)
            {
                var scores = data.ScoresOf(i);
                var truth = data.TruthOf(i);
                for (int j = 0; j < scores.Length; j++) keys[j][i] = Pack(scores[j], truth[j]);
            }
        });
        var columns = new SortedColumn[labels];
        Parallel.For(0, labels, () => new ulong[n], (j, _, buffer) =>
        {
            columns[j] = Sorted(keys[j], buffer);
            return buffer;
        }, _ => { });
        return columns;
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
        int i = Keys.Length - 1;
        while (i >= 0)
        {
            var score = Keys[i] & ScoreMask;
            long positives = 0, count = 0;
            for (; i >= 0 && (Keys[i] & ScoreMask) == score; i--)
            {
                count++;
                positives += (long)(Keys[i] >> 63);
            }
            curve.Add(ScoreOf(score), positives, count - positives);
        }
    }

    /// <summary>
    /// Feeds the pooled pairs of all <paramref name="columns"/> to <paramref name="curve"/> in descending score order,
    /// by a k-way merge through a tournament tree of column cursors: the micro-averaged ranking without
    /// materialising the pooled list. Cost O(pairs · log labels), memory O(labels).
    /// </summary>
    public static void FeedMergedTo(IReadOnlyList<SortedColumn> columns, RankingCurve curve)
    {
        int leaves = 1;
        while (leaves < columns.Count) leaves *= 2;
        var cursor = new int[leaves];
        // Current head score bits of each leaf; -1 marks an exhausted (or absent) column so it always loses.
        var head = new long[leaves];
        var tree = new int[2 * leaves];
        for (int c = 0; c < leaves; c++)
        {
            cursor[c] = c < columns.Count ? columns[c].Keys.Length - 1 : -1;
            head[c] = cursor[c] >= 0 ? (long)(columns[c].Keys[cursor[c]] & ScoreMask) : -1;
            tree[leaves + c] = c;
        }
        for (int node = leaves - 1; node >= 1; node--)
        {
            int a = tree[2 * node], b = tree[(2 * node) + 1];
            tree[node] = head[a] >= head[b] ? a : b;
        }

        while (head[tree[1]] >= 0)
        {
            var score = head[tree[1]];
            long positives = 0, count = 0;
            while (head[tree[1]] == score)
            {
                int c = tree[1];
                var keys = columns[c].Keys;
                int i = cursor[c];
                for (; i >= 0 && (long)(keys[i] & ScoreMask) == score; i--)
                {
                    count++;
                    positives += (long)(keys[i] >> 63);
                }
                cursor[c] = i;
                head[c] = i >= 0 ? (long)(keys[i] & ScoreMask) : -1;
                // Replay the path from this leaf to the root; only its matches can change.
                var current = head[c];
                for (int node = (leaves + c) >> 1, child = leaves + c; node >= 1; child = node, node >>= 1)
                {
                    int other = tree[child ^ 1];
                    if (head[other] > current || (head[other] == current && other < c))
                    {
                        c = other;
                        current = head[other];
                    }
                    tree[node] = c;
                }
            }
            curve.Add(ScoreOf((ulong)score), positives, count - positives);
        }
    }

    private static ulong Pack(double score, bool truth)
    {
        // 0.0 and -0.0 are the same score; only +0.0's bits order correctly.
        ulong bits = score == 0 ? 0UL : (ulong)BitConverter.DoubleToInt64Bits(score);
        return truth ? bits | TruthBit : bits;
    }

    private static double ScoreOf(ulong bits) => BitConverter.Int64BitsToDouble((long)(bits & ScoreMask));

    /// <summary>
    /// LSD radix sort on the 63 score bits (6 passes of 11 bits; passes where every key has the same digit are
    /// skipped, e.g. the low mantissa bits of float32 confidences). Stable, O(n) time, one buffer of n keys.
    /// </summary>
    private static SortedColumn Sorted(ulong[] keys, ulong[] buffer)
    {
        int n = keys.Length;
        var counts = new int[Digits * Radix];
        long positives = 0;
        for (int i = 0; i < n; i++)
        {
            var key = keys[i];
            positives += (long)(key >> 63);
            var bits = key & ScoreMask;
            for (int d = 0; d < Digits; d++) counts[(d * Radix) + (int)((bits >> (d * DigitBits)) & (Radix - 1))]++;
        }
        var source = keys;
        var target = buffer;
        for (int d = 0; d < Digits && n > 0; d++)
        {
            int offset = d * Radix;
            int shift = d * DigitBits;
            if (counts[offset + (int)(((source[0] & ScoreMask) >> shift) & (Radix - 1))] == n) continue;
            int total = 0;
            for (int b = 0; b < Radix; b++)
            {
                var c = counts[offset + b];
                counts[offset + b] = total;
                total += c;
            }
            for (int i = 0; i < n; i++)
            {
                var key = source[i];
                target[counts[offset + (int)(((key & ScoreMask) >> shift) & (Radix - 1))]++] = key;
            }
            (source, target) = (target, source);
        }
        if (!ReferenceEquals(source, keys)) Array.Copy(source, keys, n);
        return new SortedColumn(keys, positives);
    }
}
