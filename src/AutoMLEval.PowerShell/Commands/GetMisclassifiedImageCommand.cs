using System.Management.Automation;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Get-MisclassifiedImage</c>: the false positives, false negatives or true positives of labels of a
/// <see cref="ModelEvaluation"/>, most confidently wrong first.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MisclassifiedImage")]
[OutputType(typeof(MisclassifiedImage))]
public sealed class GetMisclassifiedImageCommand : PSCmdlet
{
    /// <summary>The evaluation, from Get-ModelEvaluation.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    public ModelEvaluation? InputObject { get; set; }

    /// <summary>The labels whose galleries are listed, one after the other; every label when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Which gallery.</summary>
    [Parameter]
    public MisclassificationKind Kind { get; set; } = MisclassificationKind.FalsePositive;

    /// <summary>Decide by score ≥ threshold instead of the argmax (multi-label always uses a threshold: the evaluation's unless given).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Threshold { get; set; } = 0.5;

    /// <summary>Writes the galleries of one evaluation.</summary>
    protected override void ProcessRecord()
    {
        var model = InputObject!;
        var evaluation = model.Evaluation;
        double? threshold = MyInvocation.BoundParameters.ContainsKey(nameof(Threshold)) ? Threshold
            : evaluation.IsMultiLabel ? evaluation.Options.Threshold
            : null;
        var outcome = Kind switch
        {
            MisclassificationKind.FalseNegative => PredictionOutcome.FalseNegative,
            MisclassificationKind.TruePositive => PredictionOutcome.TruePositive,
            _ => PredictionOutcome.FalsePositive,
        };
        if (Label is null)
        {
            WriteItems(model, ErrorAnalysis.Find(evaluation.Data, outcome, null, threshold), threshold);
            return;
        }
        foreach (var name in Label)
        {
            int index = InvokeThresholdSweepCommand.IndexOfLabel(evaluation, name);
            if (index < 0)
            {
                WriteError(InvokeThresholdSweepCommand.UnknownLabelError(name, evaluation.Labels));
                continue;
            }
            WriteItems(model, ErrorAnalysis.Find(evaluation.Data, outcome, index, threshold), threshold);
        }
    }

    private void WriteItems(ModelEvaluation model, IEnumerable<ClassifiedItem> items, double? threshold)
    {
        foreach (var item in items)
        {
            WriteObject(new MisclassifiedImage(ItemPath(model.ItemBaseDirectory, item.ItemId), item.ItemId, item.Label, Kind, item.Score, item.TrueLabels.ToArray(), item.PredictedLabel, item.PredictedScore, threshold));
        }
    }

    /// <summary>A relative item path resolved against the ground truth's folder; URIs (gs://…) and rooted paths as written.</summary>
    private static string ItemPath(string baseDirectory, string itemId)
    {
        if (itemId.IndexOf("://", StringComparison.Ordinal) >= 0) return itemId;
        try
        {
            return Path.GetFullPath(Path.Combine(baseDirectory, itemId));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return itemId;
        }
    }
}
