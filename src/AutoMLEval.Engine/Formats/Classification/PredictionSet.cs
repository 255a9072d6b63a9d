using System.Globalization;
using System.Runtime.CompilerServices;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Classifier scores read from a predictions file: one row per item, one column per label, held in one
/// contiguous buffer (row-major) so that large files cost 8 bytes per score and no per-item objects.
/// A label an item's record did not score is 0 and counted in <see cref="MissingScores"/>.
/// </summary>
public sealed class PredictionSet
{
    internal PredictionSet(string source, IReadOnlyList<PredictionShard> shards, IReadOnlyList<string> labels, IReadOnlyList<string> itemIds, IReadOnlyList<long> lines, double[] scores, int stride, long missingScores, int skippedRecords, int duplicateRecords)
    {
        Source = source;
        _shards = shards;
        Labels = labels;
        ItemIds = itemIds;
        Lines = lines;
        _scores = scores;
        Stride = stride;
        MissingScores = missingScores;
        SkippedRecords = skippedRecords;
        DuplicateRecords = duplicateRecords;
    }

    /// <summary>The file read.</summary>
    public string Source { get; }

    /// <summary>Labels in column order: by the model's numeric ids when every id is a number, else by first appearance.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Item paths in row order.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>The 1-based line each row came from.</summary>
    public IReadOnlyList<long> Lines { get; }

    private readonly IReadOnlyList<PredictionShard> _shards;

    /// <summary>The file row <paramref name="row"/> was read from (of <see cref="Source"/>'s shards) and its path field, for issues on that row.</summary>
    internal PredictionShard ShardOf(int row) => PredictionShard.Of(_shards, row);

    /// <summary>Row-major scores; row <c>r</c>, label column <c>j</c> is at <c>r * Stride + ColumnOf[j]</c>.</summary>
    internal double[] Scores => _scores ?? throw new InvalidOperationException($"The scores of {Source} were handed over to an evaluation (ClassificationInputs.Join).");

    private double[]? _scores;

    /// <summary>Scores per row in <see cref="Scores"/> (≥ the label count: columns are placed in order of first appearance).</summary>
    internal int Stride { get; }

    /// <summary>(item, label) pairs that no record scored (taken as 0).</summary>
    public long MissingScores { get; }

    /// <summary>How many labels each row's record scored.</summary>
    internal IReadOnlyList<int> ScoredPerRow { get; init; } = Array.Empty<int>();

    /// <summary>The (item, label) pairs of <paramref name="rows"/> that no record scored.</summary>
    internal long MissingScoresOf(IEnumerable<int> rows)
    {
        long missing = 0;
        foreach (var row in rows) missing += Labels.Count - ScoredPerRow[row];
        return missing;
    }

    /// <summary>Whether some record gave one id two names (ConflictingIds): each name is a label that only some rows score.</summary>
    internal bool IdNamesTwoLabels { get; init; }

    /// <summary>
    /// The warnings, reported when read, that the ids cannot order the labels (ConflictingIds, UnusableIds; each at most
    /// once): kept so that a part of a sharded evaluation carries them to the merge, which says them as one pass does.
    /// </summary>
    internal IReadOnlyList<DataIssue> LabelOrderIssues { get; init; } = Array.Empty<DataIssue>();

    /// <summary>
    /// The warning that <paramref name="missing"/> scores of <paramref name="source"/> are taken as 0, if any are;
    /// <paramref name="idNamesTwoLabels"/> names the other cause than a top-k limited prediction that the predictions show.
    /// </summary>
    internal static void ReportMissingScores(long missing, string source, IIssueSink sink, bool idNamesTwoLabels = false)
    {
        if (missing <= 0) return;
        var cause = idNamesTwoLabels
            ? "a top-k limited batch prediction, or, as here, a label written two ways under one id (see ConflictingIds)"
            : "a top-k limited batch prediction";
        sink.Report(new DataIssue("MissingScore", IssueSeverity.Warning, source, 0, "prediction.confidences",
            $"{missing.ToString(CultureInfo.InvariantCulture)} (item, label) scores are absent (for example {cause}); they are taken as 0"));
    }

    /// <summary>Records that could not be used (each reported as an error).</summary>
    public int SkippedRecords { get; }

    /// <summary>The items that rejected records named (the first such rejection of each); null when none did.</summary>
    internal ItemRejections? Rejections { get; init; }

    /// <summary>Records that repeated an item already read (the first is kept; each reported).</summary>
    public int DuplicateRecords { get; }

    /// <summary>Buffer column of each label of <see cref="Labels"/>.</summary>
    internal int[] ColumnOf { get; init; } = Array.Empty<int>();

    /// <summary>The score of one row and label (in <see cref="Labels"/> order).</summary>
    public double Score(int row, int label) => Scores[((long)row * Stride) + ColumnOf[label]];

    /// <summary>
    /// Rearranges the score buffer in place into the row-major matrix of an evaluation and hands it over (the set's
    /// scores are unreadable afterwards): row <c>i</c> holds the scores of row <paramref name="rows"/>[i], in
    /// <see cref="Labels"/> order, then zeros up to <paramref name="width"/> columns. The buffer may be longer than
    /// <c>rows.Count × width</c>. Memory: two integers per row and one row of scratch, rather than a second matrix;
    /// a buffer mostly of rows left out (another split's) is copied out instead, so that they are not held.
    /// </summary>
    internal double[] HandOverScores(IReadOnlyList<int> rows, int width)
    {
        var buffer = Scores;
        _scores = null;
        int stride = Stride, labels = Labels.Count;
        long needed = (long)rows.Count * width;
        if (needed * 5 < buffer.LongLength * 4 || buffer.LongLength < needed)
        {
            var exact = new double[needed];
            for (int i = 0; i < rows.Count; i++)
            {
                long from = (long)rows[i] * stride, to = (long)i * width;
                for (int j = 0; j < labels; j++) exact[to + j] = buffer[from + ColumnOf[j]];
            }
            return exact;
        }
        PermuteRows(buffer, rows, stride);
        var columnOf = ColumnOf;
        // Optimised at once: called once a row, it ran the first thousand rows in tier-0 code.
        [MethodImpl(JitHints.Optimized)]
        void Reorder(int i, double[] row)
        {
            Array.Copy(buffer, (long)i * stride, row, 0, stride);
            long to = (long)i * width;
            for (int j = 0; j < labels; j++) buffer[to + j] = row[columnOf[j]];
            Array.Clear(buffer, (int)(to + labels), width - labels);
        }
        if (width == stride)
        {
            // Each row stays in its place: rows are reordered in parallel, a block of rows at a time.
            const int RowsPerBlock = 4096;
            Parallel.For(0, (rows.Count + RowsPerBlock - 1) / RowsPerBlock, () => new double[stride], (block, _, row) =>
            {
                for (int i = block * RowsPerBlock, end = Math.Min(rows.Count, (block + 1) * RowsPerBlock); i < end; i++) Reorder(i, row);
                return row;
            }, _ => { });
            return buffer;
        }
        // Narrowing rows move down the buffer, widening rows up: take them in the order that never overwrites a row not yet moved.
        var scratch = new double[stride];
        for (int k = 0; k < rows.Count; k++) Reorder(width < stride ? k : rows.Count - 1 - k, scratch);
        return buffer;
    }

    /// <summary>Swaps whole rows of <paramref name="buffer"/> until row slot <c>i</c> holds the original row <paramref name="rows"/>[i].</summary>
    private void PermuteRows(double[] buffer, IReadOnlyList<int> rows, int stride)
    {
        // slotOf[r]: where the original row r is now; rowIn[s]: which original row slot s holds.
        var slotOf = new int[ItemIds.Count];
        var rowIn = new int[ItemIds.Count];
        for (int r = 0; r < slotOf.Length; r++) slotOf[r] = rowIn[r] = r;
        var scratch = new double[stride];
        for (int i = 0; i < rows.Count; i++)
        {
            int s = slotOf[rows[i]];
            if (s == i) continue;
            Array.Copy(buffer, (long)i * stride, scratch, 0, stride);
            Array.Copy(buffer, (long)s * stride, buffer, (long)i * stride, stride);
            Array.Copy(scratch, 0, buffer, (long)s * stride, stride);
            (rowIn[i], rowIn[s]) = (rowIn[s], rowIn[i]);
            slotOf[rowIn[i]] = i;
            slotOf[rowIn[s]] = s;
        }
    }
}
