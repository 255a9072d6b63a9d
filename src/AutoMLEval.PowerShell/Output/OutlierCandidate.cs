namespace AutoMLEval;

/// <summary>
/// One item scored by its distance from the reference split (<c>Find-Outlier</c>): the mean distance to its nearest
/// reference items, compared with the reference items' own such distances as a robust z-score (median and MAD).
/// </summary>
public sealed class OutlierCandidate
{
    internal OutlierCandidate(string path, string itemId, string split, string label, double meanDistance, double percentile, double? robustZ, bool isOutlier, string groundTruthPath)
    {
        Path = path;
        ItemId = itemId;
        Split = split;
        Label = label;
        MeanDistance = meanDistance;
        Percentile = percentile;
        RobustZ = robustZ;
        IsOutlier = isOutlier;
        GroundTruthPath = groundTruthPath;
    }

    /// <summary>The item's full path (relative item paths resolved against the ground truth's folder); URIs as written.</summary>
    public string Path { get; }

    /// <summary>The item as written in the ground truth.</summary>
    public string ItemId { get; }

    /// <summary>The item's split.</summary>
    public string Split { get; }

    /// <summary>The item's ground-truth labels joined by ";".</summary>
    public string Label { get; }

    /// <summary>Mean distance to the item's nearest reference items.</summary>
    public double MeanDistance { get; }

    /// <summary>Share of the reference items whose own mean distance is lower (ties count half), 0 to 1.</summary>
    public double Percentile { get; }

    /// <summary>
    /// (MeanDistance − median) / (1.4826 · MAD) of the reference items' own mean distances (1.253314 · their mean absolute
    /// deviation when the MAD is 0); $null when both are 0 (the reference items' distances have no spread: a warning says so).
    /// </summary>
    public double? RobustZ { get; }

    /// <summary>Whether <see cref="RobustZ"/> is above the threshold (when it is $null: whether MeanDistance is above the reference items').</summary>
    public bool IsOutlier { get; }

    /// <summary>The ground truth the item is from; with <see cref="ItemId"/> it binds to Find-SimilarImage.</summary>
    public string GroundTruthPath { get; }

    /// <summary>The item's path, as FileInfo shows its own.</summary>
    public override string ToString() => Path;
}
