namespace AutoMLEval.Engine.Classification;

/// <summary>
/// What a classification evaluation works on: the label set, one row of scores per item (row-major,
/// items × labels) and the matching truth matrix. Single-label data has exactly one true label per item.
/// Instances are immutable; the arrays are not copied, so callers hand them over and do not change them.
/// Memory: 9 bytes per (item, label) pair.
/// </summary>
public sealed class ClassificationData
{
    private readonly double[] _scores;
    private readonly bool[] _truth;

    /// <summary>Creates the data set; validates shapes, score range and (single-label) one true label per item.</summary>
    /// <param name="labels">Label names, in score-column order.</param>
    /// <param name="itemIds">Item identifiers (image paths), one per row.</param>
    /// <param name="scores">Scores, row-major [item × label], each finite and in [0, 1].</param>
    /// <param name="truth">Truth, row-major [item × label].</param>
    /// <param name="isMultiLabel">Whether an item may have any number of true labels.</param>
    public ClassificationData(IReadOnlyList<string> labels, IReadOnlyList<string> itemIds, double[] scores, bool[] truth, bool isMultiLabel)
        : this(labels, itemIds, scores, truth, isMultiLabel, scoresMayBeLonger: false)
    {
    }

    private ClassificationData(IReadOnlyList<string> labels, IReadOnlyList<string> itemIds, double[] scores, bool[] truth, bool isMultiLabel, bool scoresMayBeLonger, bool checkPairs = true)
    {
        if (labels is null) throw new ArgumentNullException(nameof(labels));
        if (itemIds is null) throw new ArgumentNullException(nameof(itemIds));
        if (scores is null) throw new ArgumentNullException(nameof(scores));
        if (truth is null) throw new ArgumentNullException(nameof(truth));
        if (labels.Count == 0) throw new ArgumentException("At least one label is needed.", nameof(labels));
        long pairs = (long)itemIds.Count * labels.Count;
        if (scores.LongLength != pairs && !(scoresMayBeLonger && scores.LongLength > pairs))
        {
            throw new ArgumentException($"Expected {pairs} scores ({itemIds.Count} items × {labels.Count} labels), got {scores.LongLength}.", nameof(scores));
        }
        if (truth.LongLength != pairs) throw new ArgumentException($"Expected {pairs} truth flags, got {truth.LongLength}.", nameof(truth));
        Labels = labels;
        ItemIds = itemIds;
        _scores = scores;
        _truth = truth;
        IsMultiLabel = isMultiLabel;
        if (checkPairs) CheckPairs(scores, truth, pairs);
    }

    // Every score in [0, 1] and, single-label, one true label per item: a pass over every pair.
    private void CheckPairs(double[] scores, bool[] truth, long pairs)
    {
        var labels = Labels;
        var itemIds = ItemIds;
        for (long k = 0; k < pairs; k++)
        {
            var s = scores[k];
            if (!(s >= 0.0 && s <= 1.0))
            {
                throw new ArgumentException($"Score of item '{itemIds[(int)(k / labels.Count)]}', label '{labels[(int)(k % labels.Count)]}' is {s}; scores must be finite and in [0, 1].", nameof(scores));
            }
        }
        if (!IsMultiLabel)
        {
            // The counts are read once: through the interface, labels.Count in the loop was a call per pair.
            int itemCount = itemIds.Count, labelCount = labels.Count;
            for (int i = 0; i < itemCount; i++)
            {
                int trueCount = 0;
                long row = (long)i * labelCount;
                for (int j = 0; j < labelCount; j++)
                {
                    if (truth[row + j]) trueCount++;
                }
                if (trueCount != 1)
                {
                    throw new ArgumentException($"Item '{itemIds[i]}' has {trueCount} true labels; single-label data needs exactly one.", nameof(truth));
                }
            }
        }
    }

    /// <summary>
    /// The data over a score buffer that may be longer than the matrix (the rest unused): a predictions file's buffer,
    /// rearranged in place, is taken as it is rather than copied to its exact size. Its pairs are not checked again (a
    /// serial pass over every pair): the readers check every score as they read it, and the join sets one true label
    /// for each single-label item.
    /// </summary>
    internal static ClassificationData OverBuffer(IReadOnlyList<string> labels, IReadOnlyList<string> itemIds, double[] scores, bool[] truth, bool isMultiLabel) =>
        new(labels, itemIds, scores, truth, isMultiLabel, scoresMayBeLonger: true, checkPairs: false);

    /// <summary>Label names in column order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Item identifiers in row order.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Whether items may carry any number of true labels.</summary>
    public bool IsMultiLabel { get; }

    /// <summary>Number of items (rows).</summary>
    public int ItemCount => ItemIds.Count;

    /// <summary>Number of labels (columns).</summary>
    public int LabelCount => Labels.Count;

    /// <summary>The scores of one item, in label order.</summary>
    public ReadOnlySpan<double> ScoresOf(int item) => new(_scores, item * LabelCount, LabelCount);

    /// <summary>The scores of <paramref name="count"/> consecutive items from <paramref name="firstItem"/>, row after row.</summary>
    internal ReadOnlySpan<double> ScoresOfRows(int firstItem, int count) => new(_scores, firstItem * LabelCount, count * LabelCount);

    /// <summary>The truth flags of one item, in label order.</summary>
    public ReadOnlySpan<bool> TruthOf(int item) => new(_truth, item * LabelCount, LabelCount);

    /// <summary>The truth flags of <paramref name="count"/> consecutive items from <paramref name="firstItem"/>, row after row.</summary>
    internal ReadOnlySpan<bool> TruthOfRows(int firstItem, int count) => new(_truth, firstItem * LabelCount, count * LabelCount);

    /// <summary>Score of one (item, label) pair.</summary>
    public double Score(int item, int label) => _scores[((long)item * LabelCount) + label];

    /// <summary>Whether <paramref name="label"/> is a true label of <paramref name="item"/>.</summary>
    public bool IsTrue(int item, int label) => _truth[((long)item * LabelCount) + label];

    /// <summary>The label with the highest score of one item; the first maximum wins, as numpy's argmax.</summary>
    public int TopLabelOf(int item)
    {
        var scores = ScoresOf(item);
        int top = 0;
        for (int j = 1; j < scores.Length; j++)
        {
            if (scores[j] > scores[top]) top = j;
        }
        return top;
    }

    /// <summary>
    /// Whether the item's decision is right: its top label is true (single-label), or its labels at
    /// <paramref name="threshold"/> are exactly the true ones (multi-label, as subset accuracy).
    /// </summary>
    public bool IsDecidedCorrectly(int item, double threshold)
    {
        if (!IsMultiLabel) return TruthOf(item)[TopLabelOf(item)];
        var scores = ScoresOf(item);
        var truth = TruthOf(item);
        for (int j = 0; j < scores.Length; j++)
        {
            if ((scores[j] >= threshold) != truth[j]) return false;
        }
        return true;
    }

    /// <summary>A new data set holding the given rows, in the given order (rows may repeat: bootstrap samples).</summary>
    public ClassificationData SelectItems(IReadOnlyList<int> rows)
    {
        var labelCount = LabelCount;
        var scores = new double[(long)rows.Count * labelCount];
        var truth = new bool[scores.LongLength];
        var ids = new string[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            Array.Copy(_scores, (long)rows[r] * labelCount, scores, (long)r * labelCount, labelCount);
            Array.Copy(_truth, (long)rows[r] * labelCount, truth, (long)r * labelCount, labelCount);
            ids[r] = ItemIds[rows[r]];
        }
        return new ClassificationData(Labels, ids, scores, truth, IsMultiLabel);
    }
}
