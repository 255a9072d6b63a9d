using System.Management.Automation;

namespace AutoMLEval;

/// <summary>
/// One wrong decision on one video item (<c>Get-MisclassifiedImage</c> on a <see cref="VideoEvaluation"/>): a label
/// predicted on a segment, second or shot where it is not true, or a true label not predicted there.
/// </summary>
public sealed class MisclassifiedSegment
{
    internal MisclassifiedSegment(string video, double start, double end, string unit, string label, MisclassificationKind kind, double score, double confidence, string[] trueLabels, double threshold, long predictionLine, string predictionPath)
    {
        PredictionPath = predictionPath;
        Video = video;
        Start = start;
        End = end;
        Unit = unit;
        Label = label;
        Kind = kind;
        Score = score;
        Confidence = confidence;
        TrueLabels = trueLabels;
        TrueLabel = string.Join(MisclassifiedImage.LabelSeparator, trueLabels);
        Threshold = threshold;
        PredictionLine = predictionLine;
    }

    /// <summary>The predictions file of the evaluation: what tells apart the errors of several evaluations piped in (Group-Object PredictionPath).</summary>
    public string PredictionPath { get; }

    /// <summary>The video's URI or path as written in the ground truth.</summary>
    public string Video { get; }

    /// <summary>Start of the item, in seconds.</summary>
    public double Start { get; }

    /// <summary>End of the item, in seconds (exclusive).</summary>
    public double End { get; }

    /// <summary>What the item is: Segment, OneSecond or Shot.</summary>
    public string Unit { get; }

    /// <summary>The label decided wrongly.</summary>
    public string Label { get; }

    /// <summary>FalsePositive (predicted, not true) or FalseNegative (true, not predicted).</summary>
    public MisclassificationKind Kind { get; }

    /// <summary>The item's score for <see cref="Label"/>.</summary>
    public double Score { get; }

    /// <summary>How confidently wrong: the score of a false positive, 1 − the score of a false negative (the list is sorted by it, highest first).</summary>
    public double Confidence { get; }

    /// <summary>The item's true labels joined by ";" (the CSV-friendly twin of <see cref="TrueLabels"/>).</summary>
    public string TrueLabel { get; }

    /// <summary>The item's true labels (hidden from default output and Export-Csv; see <see cref="TrueLabel"/>).</summary>
    [Hidden]
    public string[] TrueLabels { get; }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; }

    /// <summary>
    /// The line of the predictions file (<see cref="PredictionPath"/>; of its own shard when that names several files) where
    /// the item was first scored.
    /// </summary>
    public long PredictionLine { get; }

    /// <summary>"v.mp4 [4s, 8s): talk FalseNegative".</summary>
    public override string ToString() => OutputValues.Text("{0} [{1}s, {2}s): {3} {4}", Video, Start, End, Label, Kind);
}
