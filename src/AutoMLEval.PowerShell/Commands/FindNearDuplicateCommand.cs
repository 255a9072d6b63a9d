using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.PowerShell.Similarity;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Find-NearDuplicate</c>: pairs of items whose embeddings are nearly identical, within and across splits
/// (training/test leakage), closest first.
/// </summary>
[Cmdlet(VerbsCommon.Find, "NearDuplicate")]
[OutputType(typeof(NearDuplicate))]
public sealed class FindNearDuplicateCommand : EmbeddingCommand
{
    /// <summary>Neighbours examined per item when -Count is not given.</summary>
    public const int DefaultCount = 10;

    /// <summary>The split searched ("all", the default: within and across splits).</summary>
    [Parameter]
    [SplitName]
    [ValidateSplit]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string MlUse { get; set; } = Engine.Formats.Classification.MlUse.All;

    /// <summary>The distance at or below which a pair is a near-duplicate; by default 0.05 × the median nearest-neighbour distance.</summary>
    [Parameter]
    [ValidateBetween(0.0, double.MaxValue)]
    public double Threshold { get; set; }

    /// <summary>Neighbours examined per item (a pair is found when one is among the other's nearest).</summary>
    [Parameter]
    [ValidateBetween(1, 100000)]
    public int Count { get; set; } = DefaultCount;

    /// <summary>Finds the pairs of one ground truth.</summary>
    private protected override void Analyse(string groundTruth)
    {
        var inputs = ReadInputs(groundTruth);
        if (inputs is null) return;
        var options = new NearDuplicateOptions
        {
            Split = Engine.Formats.Classification.MlUse.SplitOrAll(MlUse),
            Threshold = MyInvocation.BoundParameters.ContainsKey(nameof(Threshold)) ? Threshold : null,
            Count = Count,
            Metric = Metric(),
        };
        var result = RunAnalysis(calls => NearDuplicates.Find(inputs.Embeddings, inputs.Dataset, options, calls.Progress, calls.Cancellation));
        if (result is null) return;
        WriteVerbose(result.Headline + ".");
        WarnUnmatched(inputs.Embeddings, result.Searched, result.ItemIdsWithoutGroundTruth);
        WarnFewerNeighbors(result.NeighborCount);
        if (result.ItemsAtNeighborLimit > 0)
        {
            WriteWarning(result.NeighborLimitNote("-Count") + ".");
        }
        foreach (var pair in result.Pairs)
        {
            WriteObject(new NearDuplicate(
                ProviderPaths.ItemPath(inputs.BaseDirectory, pair.ItemA), pair.ItemA, pair.SplitA, SimilarityInputs.Join(pair.LabelsA),
                ProviderPaths.ItemPath(inputs.BaseDirectory, pair.ItemB), pair.ItemB, pair.SplitB, SimilarityInputs.Join(pair.LabelsB),
                pair.Distance, pair.CrossSplit, pair.LabelsAgree));
        }
    }
}
