using System.Management.Automation;

namespace AutoMLEval;

/// <summary>What happened to an item's decision between the reference and the difference model (<c>Compare-ModelEvaluation -Change</c>).</summary>
public enum ItemChangeKind
{
    /// <summary>The reference gets it wrong, the difference right.</summary>
    Fixed,

    /// <summary>The reference gets it right, the difference wrong.</summary>
    Broken,

    /// <summary>Both get it right.</summary>
    BothCorrect,

    /// <summary>Both get it wrong.</summary>
    BothWrong,
}

/// <summary>
/// One paired item of two evaluations (<c>Compare-ModelEvaluation -By Item</c>): its change and both models' top
/// labels. <see cref="ItemId"/> and <see cref="GroundTruthPath"/> bind to Find-SimilarImage.
/// </summary>
public sealed class ItemComparison
{
    internal ItemComparison(string path, string itemId, ItemChangeKind change, string[] trueLabels, string referenceLabel, double referenceScore, string differenceLabel, double differenceScore, string groundTruthPath, ComparisonFiles files)
    {
        ReferencePath = files.ReferencePath;
        DifferencePath = files.DifferencePath;
        ReferenceSlice = files.ReferenceSlice;
        DifferenceSlice = files.DifferenceSlice;
        Path = path;
        ItemId = itemId;
        Change = change;
        TrueLabels = trueLabels;
        TrueLabel = string.Join(MisclassifiedImage.LabelSeparator, trueLabels);
        ReferenceLabel = referenceLabel;
        ReferenceScore = referenceScore;
        DifferenceLabel = differenceLabel;
        DifferenceScore = differenceScore;
        GroundTruthPath = groundTruthPath;
    }

    /// <summary>The image's full path (relative item paths resolved against the ground truth's folder); URIs as written.</summary>
    public string Path { get; }

    /// <summary>The item's path as written in the ground truth and predictions.</summary>
    public string ItemId { get; }

    /// <summary>Fixed, Broken, BothCorrect or BothWrong.</summary>
    public ItemChangeKind Change { get; }

    /// <summary>The item's true labels joined by ";".</summary>
    public string TrueLabel { get; }

    /// <summary>The item's true labels (hidden from default output and Export-Csv; see <see cref="TrueLabel"/>).</summary>
    [Hidden]
    public string[] TrueLabels { get; }

    /// <summary>The reference model's highest-scored label.</summary>
    public string ReferenceLabel { get; }

    /// <summary>Its score.</summary>
    public double ReferenceScore { get; }

    /// <summary>The difference model's highest-scored label.</summary>
    public string DifferenceLabel { get; }

    /// <summary>Its score.</summary>
    public double DifferenceScore { get; }

    /// <summary>The ground-truth file of the evaluations (lets Find-SimilarImage take these objects from the pipeline).</summary>
    public string GroundTruthPath { get; }

    /// <summary>The reference evaluation's predictions file, as on metric and label rows.</summary>
    public string ReferencePath { get; }

    /// <summary>The difference evaluation's predictions file: what tells apart the items of several evaluations piped in against one reference.</summary>
    public string DifferencePath { get; }

    /// <summary>The reference evaluation's metadata slice ("camera=a", as its <see cref="ModelEvaluation.Slice"/>; empty when it is none).</summary>
    public string ReferenceSlice { get; }

    /// <summary>The difference evaluation's metadata slice: what tells apart the rows of the -SliceBy evaluations of one predictions file piped in against one reference.</summary>
    public string DifferenceSlice { get; }

    /// <summary>The image's path, as FileInfo shows its own.</summary>
    public override string ToString() => Path;
}
