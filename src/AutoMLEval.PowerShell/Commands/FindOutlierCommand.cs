using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.PowerShell.Similarity;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Find-Outlier</c>: items far from their nearest reference items compared with the reference items' own
/// neighbour distances (robust z-score), most outlying first; only those above -Threshold unless -All.
/// </summary>
[Cmdlet(VerbsCommon.Find, "Outlier")]
[OutputType(typeof(OutlierCandidate))]
public sealed class FindOutlierCommand : EmbeddingCommand
{
    /// <summary>Neighbours per item when -Count is not given.</summary>
    public const int DefaultCount = 10;

    /// <summary>The split scored ("all", the default, for every split).</summary>
    [Parameter]
    [SplitName]
    [ValidateSplit]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string MlUse { get; set; } = Engine.Formats.Classification.MlUse.All;

    /// <summary>The split that defines normal ("all" for every split).</summary>
    [Parameter]
    [SplitName]
    [ValidateSplit]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string ReferenceMlUse { get; set; } = "training";

    /// <summary>The robust z-score above which an item is an outlier.</summary>
    [Parameter]
    [ValidateBetween(0.0, 1000.0)]
    public double Threshold { get; set; } = 3.5;

    /// <summary>Neighbours per item.</summary>
    [Parameter]
    [ValidateBetween(1, 100000)]
    public int Count { get; set; } = DefaultCount;

    /// <summary>Writes every scored item, not only the outliers.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Scores the items of one ground truth.</summary>
    private protected override void Analyse(string groundTruth)
    {
        var inputs = ReadInputs(groundTruth);
        if (inputs is null) return;
        var options = new OutlierOptions
        {
            Split = Engine.Formats.Classification.MlUse.SplitOrAll(MlUse),
            ReferenceSplit = Engine.Formats.Classification.MlUse.SplitOrAll(ReferenceMlUse),
            Threshold = Threshold,
            Count = Count,
            Metric = Metric(),
        };
        var result = RunAnalysis(calls => Outliers.Find(inputs.Embeddings, inputs.Dataset, options, calls.Progress, calls.Cancellation));
        if (result is null) return;
        WarnFewerNeighbors(result.NeighborCount);
        if (result.UndefinedScaleWarning("-Count") is { } undefined) WriteWarning(undefined);
        WriteVerbose(result.Summary(Counted.Of(result.References.Selected, "reference item")) + ".");
        WarnUnmatched(inputs.Embeddings, result.Scored, result.ItemIdsWithoutGroundTruth);
        foreach (var item in result.Items.Where(i => All.IsPresent || i.IsOutlier))
        {
            WriteObject(new OutlierCandidate(ProviderPaths.ItemPath(inputs.BaseDirectory, item.ItemId), item.ItemId, item.Split, SimilarityInputs.Join(item.Labels), item.MeanDistance, item.Percentile, item.RobustZ, item.IsOutlier, inputs.GroundTruthPath));
        }
    }
}
