namespace AutoMLEval.Engine.Classification;

/// <summary>Folds many sorted states with a pairwise merge as a balanced tree, so each element goes through about log2(count) merges rather than one per later state.</summary>
internal static class BalancedMerge
{
    /// <summary>The merge of all <paramref name="states"/> (null when there are none); <paramref name="merge"/> must be associative.</summary>
    public static T? Of<T>(IEnumerable<T> states, Func<T, T, T> merge)
        where T : class
    {
        // levels[k] holds the merge of 2^k states, or null: a binary counter.
        var levels = new List<T?>();
        foreach (var state in states)
        {
            var carry = state;
            int k = 0;
            for (; k < levels.Count && levels[k] is { } held; k++)
            {
                carry = merge(held, carry);
                levels[k] = null;
            }
            if (k == levels.Count) levels.Add(carry);
            else levels[k] = carry;
        }
        T? merged = null;
        foreach (var level in levels)
        {
            if (level is not null) merged = merged is null ? level : merge(level, merged);
        }
        return merged;
    }
}
