namespace AutoMLEval;

/// <summary>One neighbour of a query image (<c>Find-SimilarImage</c>): a reference item near the query in embedding space, with its labels.</summary>
public sealed class SimilarImageMatch
{
    internal SimilarImageMatch(string queryItemId, string queryLabel, int neighborRank, string path, string itemId, string split, string label, double distance, bool agreesWithQuery)
    {
        QueryItemId = queryItemId;
        QueryLabel = queryLabel;
        NeighborRank = neighborRank;
        Path = path;
        ItemId = itemId;
        Split = split;
        Label = label;
        Distance = distance;
        AgreesWithQuery = agreesWithQuery;
    }

    /// <summary>The query item as written in the ground truth.</summary>
    public string QueryItemId { get; }

    /// <summary>The query's ground-truth labels joined by ";".</summary>
    public string QueryLabel { get; }

    /// <summary>1 for the nearest neighbour, 2 for the next, … (not Rank: on an array of matches, Rank is the array's own).</summary>
    public int NeighborRank { get; }

    /// <summary>The neighbour's full path (relative item paths resolved against the ground truth's folder); URIs as written.</summary>
    public string Path { get; }

    /// <summary>The neighbour as written in the ground truth.</summary>
    public string ItemId { get; }

    /// <summary>The neighbour's split.</summary>
    public string Split { get; }

    /// <summary>The neighbour's ground-truth labels joined by ";".</summary>
    public string Label { get; }

    /// <summary>Distance between the two embeddings (cosine: 1 − cosine similarity; or Euclidean).</summary>
    public double Distance { get; }

    /// <summary>Whether the neighbour's ground-truth labels are the query's, as a set (multi-label: <c>cat;bird</c> and <c>cat</c> do not agree).</summary>
    public bool AgreesWithQuery { get; }

    /// <summary>The neighbour's path, as FileInfo shows its own.</summary>
    public override string ToString() => Path;
}
