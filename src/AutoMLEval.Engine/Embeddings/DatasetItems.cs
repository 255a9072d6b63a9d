using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Engine.Embeddings;

/// <summary>One item of a data set: its identifier (image path), its split (ML_USE) and its ground-truth labels.</summary>
/// <param name="ItemId">The item, matched as an ordinal string against embedding and prediction files.</param>
/// <param name="Split">Its split (<c>training</c>, <c>validation</c>, <c>test</c>, <c>unassigned</c>, …).</param>
/// <param name="Labels">Its ground-truth labels (one for single-label data).</param>
public sealed record LabeledItem(string ItemId, string Split, IReadOnlyList<string> Labels);

/// <summary>
/// The ground truth the similarity analyses need: item → split and labels. Immutable. An item listed twice
/// (multi-label CSV rows) has its labels merged; a different split on a later row is kept from the first.
/// </summary>
public sealed class DatasetItems
{
    private readonly Dictionary<string, LabeledItem> _byId = new(StringComparer.Ordinal);
    private readonly List<LabeledItem> _items = new();

    /// <summary>Creates the catalogue from items; repeated identifiers have their labels merged.</summary>
    public DatasetItems(IEnumerable<LabeledItem> items)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        var order = new List<string>();
        var labels = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var splits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!labels.TryGetValue(item.ItemId, out var list))
            {
                labels[item.ItemId] = list = new List<string>();
                splits[item.ItemId] = item.Split ?? string.Empty;
                order.Add(item.ItemId);
            }
            foreach (var label in item.Labels)
            {
                if (!list.Contains(label, StringComparer.Ordinal)) list.Add(label);
            }
        }
        foreach (var id in order)
        {
            var item = new LabeledItem(id, splits[id], labels[id].ToArray());
            _items.Add(item);
            _byId[id] = item;
        }
    }

    /// <summary>Every item, in first-seen order.</summary>
    public IReadOnlyList<LabeledItem> Items => _items;

    /// <summary>The ground-truth file the items were read from, named in errors (empty when they were not read from one).</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Ground-truth records the reader rejected (each reported as an error); 0 when the items were not read from a file.</summary>
    public int SkippedRecords { get; init; }

    /// <summary>
    /// The items of a classification ground truth as read by the shared reader (every split); an item without a split
    /// is in the split <see cref="MlUse.Unassigned"/>, so that asking for that split selects it.
    /// </summary>
    public static DatasetItems From(GroundTruthSet groundTruth) =>
        new(groundTruth.Items.Select(i => new LabeledItem(i.ItemId, i.MlUse ?? MlUse.Unassigned, i.Labels))) { Source = groundTruth.Source, SkippedRecords = groundTruth.SkippedRecords };

    /// <summary>The item with this identifier, or null.</summary>
    public LabeledItem? Find(string itemId) => _byId.TryGetValue(itemId, out var item) ? item : null;

    /// <summary>Whether the split name selects the item: null selects every split; otherwise an ordinal-ignore-case match.</summary>
    internal static bool InSplit(LabeledItem item, string? split) =>
        split is null || string.Equals(item.Split, split, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A model's confidence per (item, label), for example read from batch predictions. Immutable.
/// A label the prediction does not list has confidence 0.
/// </summary>
public sealed class ItemConfidences
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, double>> _byItem;

    /// <summary>Creates the table from item → (label → confidence in [0, 1]).</summary>
    public ItemConfidences(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> confidences)
    {
        if (confidences is null) throw new ArgumentNullException(nameof(confidences));
        _byItem = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var pair in confidences)
        {
            foreach (var label in pair.Value)
            {
                if (!(label.Value >= 0 && label.Value <= 1))
                {
                    throw new ArgumentException($"Confidence of item '{pair.Key}', label '{label.Key}' is {label.Value}; it must be in [0, 1].", nameof(confidences));
                }
            }
            _byItem[pair.Key] = pair.Value;
        }
    }

    /// <summary>Number of items with a prediction.</summary>
    public int Count => _byItem.Count;

    /// <summary>Prediction records the reader rejected (each reported as an error); 0 when the confidences were not read from files.</summary>
    public int SkippedRecords { get; init; }

    /// <summary>
    /// The confidences of batch predictions as read by the shared reader (a label a record did not score is 0).
    /// An item predicted in more than one file keeps its first prediction; each repeat is reported, capped as the
    /// readers cap their issues (a second model's file matched by a wildcard repeats every item).
    /// </summary>
    public static ItemConfidences From(IEnumerable<PredictionSet> predictionFiles, IIssueSink sink)
    {
        using var capped = new CappedIssueSink(sink);
        var byItem = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        int skippedRecords = 0;
        foreach (var predictions in predictionFiles)
        {
            skippedRecords += predictions.SkippedRecords;
            for (int r = 0; r < predictions.ItemIds.Count; r++)
            {
                if (byItem.ContainsKey(predictions.ItemIds[r]))
                {
                    var shard = predictions.ShardOf(r);
                    capped.Report(new DataIssue("DuplicatePrediction", IssueSeverity.Warning, shard.Source, predictions.Lines[r], shard.PathField,
                        $"'{predictions.ItemIds[r]}' is already predicted in an earlier file; the first prediction is kept"));
                    continue;
                }
                var row = new Dictionary<string, double>(predictions.Labels.Count, StringComparer.Ordinal);
                for (int j = 0; j < predictions.Labels.Count; j++) row[predictions.Labels[j]] = predictions.Score(r, j);
                byItem[predictions.ItemIds[r]] = row;
            }
        }
        return new ItemConfidences(byItem) { SkippedRecords = skippedRecords };
    }

    /// <summary>The item's confidences by label, or null when it has no prediction.</summary>
    public IReadOnlyDictionary<string, double>? Find(string itemId) => _byItem.TryGetValue(itemId, out var row) ? row : null;
}
