using System.Runtime.CompilerServices;
namespace AutoMLEval.Engine.Detection;

/// <summary>
/// Sorting by descending score with ties in ascending item order: the order numpy's stable
/// <c>argsort(-scores, kind='mergesort')</c> gives when the items are listed in ascending order.
/// </summary>
internal static class ScoreOrder
{
    private const int InsertionLimit = 32;

    /// <summary>
    /// Sorts <paramref name="items"/>[start..start+length) by descending <paramref name="scoreOf"/>[item], ties by ascending item.
    /// Beyond a few items, a merge sort that starts from the runs already in that order: what is sorted here is mostly
    /// made of them (a category's detections, an image's kept detections), so 80 runs take 7 merge passes, not a full sort.
    /// </summary>
    [MethodImpl(JitHints.Optimized)]
    public static void SortDescending(int[] items, int start, int length, double[] scoreOf)
    {
        if (length <= InsertionLimit)
        {
            for (int i = start + 1; i < start + length; i++)
            {
                int item = items[i];
                double score = scoreOf[item];
                int j = i - 1;
                while (j >= start && Before(score, item, scoreOf[items[j]], items[j]))
                {
                    items[j + 1] = items[j];
                    j--;
                }
                items[j + 1] = item;
            }
            return;
        }
        var keys = new double[length];
        var sorted = new int[length];
        for (int i = 0; i < length; i++)
        {
            sorted[i] = items[start + i];
            keys[i] = scoreOf[sorted[i]];
        }
        MergeRuns(keys, sorted);
        Array.Copy(sorted, 0, items, start, length);
    }

    // Bottom-up merge of the runs already in order, the scores carried beside the items so that comparisons read memory
    // in order. Pairs of neighbouring runs are merged until one is left.
    [MethodImpl(JitHints.Optimized)]
    private static void MergeRuns(double[] keys, int[] items)
    {
        int n = keys.Length;
        var ends = new List<int>();
        for (int i = 1; i < n; i++)
        {
            if (Before(keys[i], items[i], keys[i - 1], items[i - 1])) ends.Add(i);
        }
        if (ends.Count == 0) return;
        ends.Add(n);
        double[] fromKeys = keys, toKeys = new double[n];
        int[] fromItems = items, toItems = new int[n];
        while (ends.Count > 1)
        {
            int merged = 0, runStart = 0;
            for (int r = 0; r < ends.Count; r += 2)
            {
                int middle = ends[r], end = r + 1 < ends.Count ? ends[r + 1] : middle;
                Merge(fromKeys, fromItems, runStart, middle, end, toKeys, toItems);
                ends[merged++] = end;
                runStart = end;
            }
            ends.RemoveRange(merged, ends.Count - merged);
            (fromKeys, toKeys) = (toKeys, fromKeys);
            (fromItems, toItems) = (toItems, fromItems);
        }
        if (!ReferenceEquals(fromItems, items))
        {
            Array.Copy(fromKeys, keys, n);
            Array.Copy(fromItems, items, n);
        }
    }

    // Merges [start, middle) and [middle, end) of the source into the same range of the target; the left run's item
    // goes first unless the right one's is strictly before it.
    [MethodImpl(JitHints.Optimized)]
    private static void Merge(double[] keys, int[] items, int start, int middle, int end, double[] toKeys, int[] toItems)
    {
        int left = start, right = middle, to = start;
        while (left < middle && right < end)
        {
            bool takeRight = Before(keys[right], items[right], keys[left], items[left]);
            int from = takeRight ? right++ : left++;
            toKeys[to] = keys[from];
            toItems[to++] = items[from];
        }
        int rest = left < middle ? left : right, restEnd = left < middle ? middle : end;
        Array.Copy(keys, rest, toKeys, to, restEnd - rest);
        Array.Copy(items, rest, toItems, to, restEnd - rest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(double score, int item, double otherScore, int otherItem) =>
        score > otherScore || (score == otherScore && item < otherItem);
}
