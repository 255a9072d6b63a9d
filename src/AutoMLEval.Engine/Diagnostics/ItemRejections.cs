namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// The first rejected record of each item that rejected records named: what lets a message about an item left without
/// a prediction or an embedding point at the error that left it out (<see cref="DataIssue.LocationAndCode"/>) rather
/// than at a file that lacks it. The prediction and embedding readers each keep one.
/// </summary>
internal sealed class ItemRejections
{
    private readonly Dictionary<string, DataIssue> _firstByItem = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="issue"/> as the rejection of <paramref name="itemId"/> unless an earlier record of the item was rejected.</summary>
    public void Note(string itemId, DataIssue issue)
    {
        // The first record of the item is the one to point at (netstandard2.0 has no TryAdd).
        if (!_firstByItem.ContainsKey(itemId)) _firstByItem[itemId] = issue;
    }

    /// <summary>Adds the rejections of a later part of the input (a block read in parallel): an item's earlier rejection stands.</summary>
    public void NoteAll(ItemRejections later)
    {
        foreach (var rejection in later._firstByItem) Note(rejection.Key, rejection.Value);
    }

    /// <summary>The first rejection of <paramref name="itemId"/>, or null when no rejected record named it.</summary>
    public DataIssue? Of(string itemId) => _firstByItem.TryGetValue(itemId, out var issue) ? issue : null;

    /// <summary>Whether a rejected record named <paramref name="itemId"/>.</summary>
    public bool Contains(string itemId) => _firstByItem.ContainsKey(itemId);

    /// <summary>The rejections of the items for which <paramref name="keep"/> is true.</summary>
    public ItemRejections Where(Func<string, bool> keep)
    {
        var kept = new ItemRejections();
        foreach (var rejection in _firstByItem)
        {
            if (keep(rejection.Key)) kept._firstByItem.Add(rejection.Key, rejection.Value);
        }
        return kept;
    }
}
