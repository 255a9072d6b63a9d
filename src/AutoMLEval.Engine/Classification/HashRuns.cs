namespace AutoMLEval.Engine.Classification;

/// <summary>
/// The sorted, distinct 64-bit hashes (of item paths, of videos) of each part a merge took in, kept as that part's own
/// array (a run) instead of merged into one: merging lists the runs, and a hash in two runs is an item of two parts.
/// One k-way pass over the runs (a heap of the runs by their next hash: O(n log k)), made when first asked, counts the distinct hashes
/// and the repeats and finds the parts that hold a repeat, so that a warning names those parts alone; a union is built
/// only to write a merged part. Memory: the parts' arrays, 8 bytes a hash, and no copy of them.
/// </summary>
internal sealed class HashRuns
{
    private readonly Run[] _runs;
    private Tally? _tally;

    private HashRuns(Run[] runs) => _runs = runs;

    /// <summary>No hashes (the bootstrap resamples of a part carry none).</summary>
    public static HashRuns None { get; } = new(Array.Empty<Run>());

    /// <summary>
    /// The hashes of one part: <paramref name="hashes"/> sorted and distinct, of the predictions <paramref name="sources"/>;
    /// <paramref name="repeatsWithin"/> repeats the part counted before (a merged part written and read again, equal hashes in one shard).
    /// </summary>
    public static HashRuns Of(ulong[] hashes, IReadOnlyList<string> sources, long repeatsWithin = 0) => new(new[] { new Run(hashes, sources, repeatsWithin) });

    /// <summary>The runs of both.</summary>
    public static HashRuns Concat(HashRuns a, HashRuns b) =>
        a._runs.Length == 0 ? b : b._runs.Length == 0 ? a : new(a._runs.Concat(b._runs).ToArray());

    /// <summary>Distinct hashes over all runs.</summary>
    public long Distinct => Tallied().Distinct;

    /// <summary>Hashes held by more than one part, each extra copy once (with the runs' own <c>repeatsWithin</c>).</summary>
    public long Repeated => Tallied().Repeated;

    /// <summary>The predictions files of the parts that hold a repeated hash, ordinal order.</summary>
    public IReadOnlyList<string> RepeatedSources => Tallied().Sources;

    /// <summary>The sorted, distinct union of the runs (a single run's own array).</summary>
    public ulong[] Union()
    {
        if (_runs.Length == 1) return _runs[0].Hashes;
        var union = new ulong[Distinct];
        int n = 0;
        Visit((hash, _, repeat) =>
        {
            if (!repeat) union[n++] = hash;
        });
        return union;
    }

    private Tally Tallied()
    {
        if (_tally is { } done) return done;
        long distinct = 0, repeated = _runs.Sum(r => r.RepeatsWithin);
        var involved = _runs.Select(r => r.RepeatsWithin > 0).ToArray();
        int previousRun = -1;
        Visit((_, run, repeat) =>
        {
            if (repeat)
            {
                repeated++;
                involved[run] = involved[previousRun] = true;
            }
            else
            {
                distinct++;
            }
            previousRun = run;
        });
        var sources = _runs.Where((_, r) => involved[r]).SelectMany(r => r.Sources).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        return (_tally = new Tally(distinct, repeated, sources));
    }

    /// <summary>Every hash of every run in ascending order, equal hashes one after another: (hash, run, whether the one before was equal).</summary>
    private void Visit(Action<ulong, int, bool> visit)
    {
        if (_runs.Length == 1)
        {
            foreach (var hash in _runs[0].Hashes) visit(hash, 0, false);
            return;
        }
        // A min-heap of the runs by their next hash (netstandard2.0 has no PriorityQueue).
        var next = new int[_runs.Length];
        var heap = Enumerable.Range(0, _runs.Length).Where(r => _runs[r].Hashes.Length > 0).ToArray();
        int count = heap.Length;
        ulong Head(int run) => _runs[run].Hashes[next[run]];
        void SiftDown(int at)
        {
            while (true)
            {
                int least = at, left = (2 * at) + 1, right = left + 1;
                if (left < count && Head(heap[left]) < Head(heap[least])) least = left;
                if (right < count && Head(heap[right]) < Head(heap[least])) least = right;
                if (least == at) return;
                (heap[at], heap[least]) = (heap[least], heap[at]);
                at = least;
            }
        }
        for (int at = (count / 2) - 1; at >= 0; at--) SiftDown(at);
        bool first = true;
        ulong previous = 0;
        while (count > 0)
        {
            int run = heap[0];
            var hash = Head(run);
            visit(hash, run, !first && hash == previous);
            (first, previous) = (false, hash);
            if (++next[run] == _runs[run].Hashes.Length) heap[0] = heap[--count];
            SiftDown(0);
        }
    }

    private readonly record struct Run(ulong[] Hashes, IReadOnlyList<string> Sources, long RepeatsWithin);

    private sealed record Tally(long Distinct, long Repeated, IReadOnlyList<string> Sources);
}
