using System.Globalization;
using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.PowerShell.Similarity;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Find-LabelIssue</c>: every item of a split ranked by how likely its ground-truth label is wrong, from its
/// neighbours' labels and (with -PredictionPath) the model's confidence in the label, most suspicious first.
/// </summary>
[Cmdlet(VerbsCommon.Find, "LabelIssue")]
[OutputType(typeof(LabelIssueCandidate))]
public sealed class FindLabelIssueCommand : EmbeddingCommand
{
    /// <summary>Neighbours per item when -Count is not given.</summary>
    public const int DefaultCount = 10;

    /// <summary>The split ranked ("all", the default, for every split).</summary>
    [Parameter]
    [SplitName]
    [ValidateSplit]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string MlUse { get; set; } = Engine.Formats.Classification.MlUse.All;

    /// <summary>Where neighbours come from; by default the ranked split.</summary>
    [Parameter]
    [SplitName]
    [ValidateSplit]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string? ReferenceMlUse { get; set; }

    /// <summary>Batch prediction files whose confidences join the neighbours' vote (wildcards may match several).</summary>
    [Parameter]
    [Alias("Prediction", "Predictions")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? PredictionPath { get; set; }

    /// <summary>Weight a of the model's confidence against the neighbours' agreement, 0 to 1 (used with -PredictionPath).</summary>
    [Parameter]
    [ValidateBetween(0.0, 1.0)]
    public double ModelWeight { get; set; } = 0.5;

    /// <summary>Neighbours per item.</summary>
    [Parameter]
    [ValidateBetween(1, 100000)]
    public int Count { get; set; } = DefaultCount;

    /// <summary>Refuses -ModelWeight without -PredictionPath before any work: there is no model confidence to weigh, and the ranking would silently ignore it.</summary>
    protected override void BeginProcessing()
    {
        if (PredictionPath is null && MyInvocation.BoundParameters.ContainsKey(nameof(ModelWeight)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-ModelWeight weighs the model's confidence from -PredictionPath; give -PredictionPath too, or leave -ModelWeight out to rank by the neighbours alone."),
                "ModelWeightNeedsPredictions",
                ErrorCategory.InvalidArgument,
                ModelWeight));
        }
        base.BeginProcessing();
    }

    /// <summary>Ranks the items of one ground truth.</summary>
    private protected override void Analyse(string groundTruth)
    {
        var inputs = ReadInputs(groundTruth);
        if (inputs is null) return;
        ItemConfidences? confidences = null;
        if (PredictionPath is not null)
        {
            var paths = ResolveAll(PredictionPath);
            if (paths is null) return;
            try
            {
                // The engine's rule, as the CLI's label-issues: an item predicted in several files keeps its first prediction, each repeat a warning.
                confidences = RunEngine(calls => ItemConfidences.From(paths.Select(path => PredictionReader.Read(path, calls.Issues, calls.Progress, calls.Cancellation)).ToArray(), calls.Issues));
            }
            catch (InputFormatException e)
            {
                WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
                return;
            }
        }
        var split = Engine.Formats.Classification.MlUse.SplitOrAll(MlUse);
        var options = new LabelIssueOptions
        {
            Split = split,
            ReferenceSplit = ReferenceMlUse is null ? split : Engine.Formats.Classification.MlUse.SplitOrAll(ReferenceMlUse),
            ModelWeight = ModelWeight,
            Count = Count,
            Metric = Metric(),
        };
        var result = RunAnalysis(calls => LabelIssues.Find(inputs.Embeddings, inputs.Dataset, confidences, options, calls.Progress, calls.Cancellation));
        if (result is null) return;
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} ranked against {1}; score = 1 - ((1 - a) * agreement + a * confidence), a = {2}.", Counted.Of(result.Items.Count, "item"), Counted.Of(result.References.Selected, "reference"), result.ModelWeight));
        WarnUnmatched(inputs.Embeddings, result.Ranked, result.ItemIdsWithoutGroundTruth);
        WarnFewerNeighbors(result.NeighborCount);
        if (confidences is not null && result.ItemsWithoutPrediction > 0)
        {
            WriteWarning($"{Counted.Of(result.ItemsWithoutPrediction, "item")} {Counted.Verb(result.ItemsWithoutPrediction, "has", "have")} no prediction and {Counted.Verb(result.ItemsWithoutPrediction, "is", "are")} ranked by neighbours alone.");
        }
        foreach (var item in result.Items)
        {
            var neighborLabels = string.Join(" ", item.NeighborLabelCounts.Select(c => c.Key + ":" + c.Value.ToString(CultureInfo.InvariantCulture)));
            WriteObject(new LabelIssueCandidate(ProviderPaths.ItemPath(inputs.BaseDirectory, item.ItemId), item.ItemId, item.Split, SimilarityInputs.Join(item.Labels), item.SuggestedLabel, item.Score, item.NeighborAgreement, double.IsNaN(item.PrototypeAgreement) ? null : item.PrototypeAgreement, item.ModelConfidence, item.NearestNeighborDistance, neighborLabels, inputs.GroundTruthPath));
        }
    }
}
