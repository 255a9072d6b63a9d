namespace AutoMLEval.Engine.Formats.Classification;

/// <summary>
/// Classifier scores read from a predictions file: one row per item, one column per label, held in one
/// contiguous buffer (row-major) so that large files cost 8 bytes per score and no per-item objects.
/// A label an item's record did not score is 0 and counted in <see cref="MissingScores"/>.
/// </summary>
public sealed class PredictionSet
{
    internal PredictionSet(string source, IReadOnlyList<string> labels, IReadOnlyList<string> itemIds, IReadOnlyList<long> lines, double[] scores, int stride, long missingScores, int skippedRecords, int duplicateRecords)
    {
        Source = source;
        Labels = labels;
        ItemIds = itemIds;
        Lines = lines;
        Scores = scores;
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

    /// <summary>Row-major scores; row <c>r</c>, label column <c>j</c> is at <c>r * Stride + ColumnOf[j]</c>.</summary>
    internal double[] Scores { get; }

    /// <summary>Scores per row in <see cref="Scores"/> (≥ the label count: columns are placed in order of first appearance).</summary>
    internal int Stride { get; }

    /// <summary>(item, label) pairs that no record scored (taken as 0).</summary>
    public long MissingScores { get; }

    /// <summary>Records that could not be used (each reported as an error).</summary>
    public int SkippedRecords { get; }

    /// <summary>Records that repeated an item already read (the first is kept; each reported).</summary>
    public int DuplicateRecords { get; }

    /// <summary>Buffer column of each label of <see cref="Labels"/>.</summary>
    internal int[] ColumnOf { get; init; } = Array.Empty<int>();

    /// <summary>The score of one row and label (in <see cref="Labels"/> order).</summary>
    public double Score(int row, int label) => Scores[((long)row * Stride) + ColumnOf[label]];
}
