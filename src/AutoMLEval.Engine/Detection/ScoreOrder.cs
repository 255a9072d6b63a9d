using System.Runtime.CompilerServices;
namespace AutoMLEval.Engine.Detection;

/// <summary>
/// Sorting by descending score with ties in ascending item order: the order numpy's stable
/// <c>argsort(-scores, kind='mergesort')</c> gives when the items are listed in ascending order.
/// </summary>
internal static class ScoreOrder
{
    private const int InsertionLimit = 32;

    /// <summary>Sorts <paramref name="items"/>[start..start+length) by descending <paramref name="scoreOf"/>[item], ties by ascending item.</summary>
    [MethodImpl(JitHints.Optimized)]
    public static void SortDescending(int[] items, int start, int length, double[] scoreOf)
    {
        if (length <= InsertionLimit)
        {
            for (int i = start + 1; i < start + length; i++)
            {
                int item = items[i];
                int j = i - 1;
                while (j >= start && Before(item, items[j], scoreOf))
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
            keys[i] = -scoreOf[sorted[i]];
        }
        Array.Sort(keys, sorted);
        // Array.Sort is not stable: order each run of equal scores by item.
        for (int runStart = 0, runEnd; runStart < length; runStart = runEnd)
        {
            runEnd = runStart + 1;
            while (runEnd < length && keys[runEnd] == keys[runStart]) runEnd++;
            if (runEnd - runStart > 1) Array.Sort(sorted, runStart, runEnd - runStart);
        }
        Array.Copy(sorted, 0, items, start, length);
    }

    private static bool Before(int x, int y, double[] scoreOf) =>
        scoreOf[x] > scoreOf[y] || (scoreOf[x] == scoreOf[y] && x < y);
}
