using System.Management.Automation;

namespace AutoMLEval;

/// <summary>One item of a label's gallery (<c>Get-MisclassifiedImage</c>): a false positive, false negative or true positive.</summary>
public sealed class MisclassifiedImage
{
    internal MisclassifiedImage(string path, string itemId, string label, MisclassificationKind kind, double score, string[] trueLabels, string[] predictedLabels, double? predictedScore, double? threshold, string groundTruthPath, string predictionPath, string slice)
    {
        PredictionPath = predictionPath;
        Slice = slice;
        Path = path;
        ItemId = itemId;
        Label = label;
        Kind = kind;
        Score = score;
        TrueLabels = trueLabels;
        TrueLabel = string.Join(LabelSeparator, trueLabels);
        PredictedLabels = predictedLabels;
        PredictedLabel = string.Join(LabelSeparator, predictedLabels);
        PredictedScore = predictedScore;
        Threshold = threshold;
        GroundTruthPath = groundTruthPath;
    }

    /// <summary>Separator of the labels in <see cref="TrueLabel"/>.</summary>
    public const string LabelSeparator = ";";

    /// <summary>The image's full path (relative item paths resolved against the ground truth's folder); URIs as written.</summary>
    public string Path { get; }

    /// <summary>The item's path as written in the ground truth and predictions.</summary>
    public string ItemId { get; }

    /// <summary>The label of the gallery.</summary>
    public string Label { get; }

    /// <summary>What the decision for <see cref="Label"/> was.</summary>
    public MisclassificationKind Kind { get; }

    /// <summary>The item's score for <see cref="Label"/>.</summary>
    public double Score { get; }

    /// <summary>The item's true labels joined by <see cref="LabelSeparator"/> (the CSV-friendly twin of <see cref="TrueLabels"/>).</summary>
    public string TrueLabel { get; }

    /// <summary>The item's true labels (hidden from default output and Export-Csv; see <see cref="TrueLabel"/>).</summary>
    [Hidden]
    public string[] TrueLabels { get; }

    /// <summary>
    /// What the decision predicted, joined by <see cref="LabelSeparator"/>: by top label (no <see cref="Threshold"/>), the
    /// item's highest-scored label; by threshold, every label it scores at or above <see cref="Threshold"/> (empty when none).
    /// </summary>
    public string PredictedLabel { get; }

    /// <summary>The labels of <see cref="PredictedLabel"/> (hidden from default output and Export-Csv).</summary>
    [Hidden]
    public string[] PredictedLabels { get; }

    /// <summary>The highest score of <see cref="PredictedLabel"/>'s labels (the item's top score); $null when the threshold predicted none.</summary>
    public double? PredictedScore { get; }

    /// <summary>The decision threshold, or empty when the decision is the argmax (single-label default).</summary>
    public double? Threshold { get; }

    /// <summary>The ground-truth file of the evaluation (lets Find-SimilarImage take these objects from the pipeline).</summary>
    public string GroundTruthPath { get; }

    /// <summary>The predictions file of the evaluation: what tells apart the items of several evaluations piped in (Group-Object PredictionPath).</summary>
    public string PredictionPath { get; }

    /// <summary>The slice of the evaluation ("camera=a", as its <see cref="ModelEvaluation.Slice"/>; empty when it is not one): what tells apart the items of the evaluations of one predictions file that Get-ModelEvaluation -SliceBy writes.</summary>
    public string Slice { get; }

    /// <summary>The image's path, as FileInfo shows its own.</summary>
    public override string ToString() => Path;
}
