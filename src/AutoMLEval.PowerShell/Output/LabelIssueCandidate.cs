namespace AutoMLEval;

/// <summary>
/// One item ranked by how likely its ground-truth label is wrong (<c>Find-LabelIssue</c>):
/// <see cref="Score"/> = 1 − ((1 − a) · e + a · <see cref="ModelConfidence"/>), a the model weight and e the embedding evidence:
/// the mean of <see cref="NeighborAgreement"/> and <see cref="PrototypeAgreement"/>, or the first alone when the second is null.
/// </summary>
public sealed class LabelIssueCandidate
{
    internal LabelIssueCandidate(string path, string itemId, string split, string label, string suggestedLabel, double score, double neighborAgreement, double? prototypeAgreement, double modelConfidence, double nearestNeighborDistance, string neighborLabels, string groundTruthPath)
    {
        Path = path;
        ItemId = itemId;
        Split = split;
        Label = label;
        SuggestedLabel = suggestedLabel;
        Score = score;
        NeighborAgreement = neighborAgreement;
        PrototypeAgreement = prototypeAgreement;
        ModelConfidence = OutputValues.Defined(modelConfidence);
        NearestNeighborDistance = OutputValues.Defined(nearestNeighborDistance);
        NeighborLabels = neighborLabels;
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

    /// <summary>The label its neighbours, the prototypes (and the model) favour.</summary>
    public string SuggestedLabel { get; }

    /// <summary>How likely the given label is wrong, 0 to 1 (highest first).</summary>
    public double Score { get; }

    /// <summary>Distance-weighted share of the neighbours that carry the item's label.</summary>
    public double NeighborAgreement { get; }

    /// <summary>
    /// The class-prototype probability of the item's label (softmax over the distances to each label's mean, the item
    /// left out); null when the references are multi-label or a label has fewer than 10 of them.
    /// </summary>
    public double? PrototypeAgreement { get; }

    /// <summary>The model's confidence in the item's label (empty without a prediction).</summary>
    public double? ModelConfidence { get; }

    /// <summary>Distance to the nearest neighbour (empty when there is none).</summary>
    public double? NearestNeighborDistance { get; }

    /// <summary>The neighbours' labels with their counts, "label:count" separated by spaces.</summary>
    public string NeighborLabels { get; }

    /// <summary>The ground truth the item is from; with <see cref="ItemId"/> it binds to Find-SimilarImage.</summary>
    public string GroundTruthPath { get; }

    /// <summary>The item's path, as FileInfo shows its own.</summary>
    public override string ToString() => Path;
}
