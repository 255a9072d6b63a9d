using System.Management.Automation;
using AutoMLEval.Engine.Comparison;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Compare-ModelEvaluation</c>: a difference (candidate) model against a reference on the items both evaluated:
/// per headline metric both values, the delta and its paired 95% bootstrap interval, with McNemar's exact test on the
/// Accuracy row (-By Metric); per label (-By Label); or per item, fixed and broken (-By Item). Detection evaluations of
/// the same ground truth compare COCO's AP, AP50 and AP75 (intervals from a paired bootstrap of images) and each
/// category's AP; they have no item rows.
/// </summary>
[Cmdlet(VerbsData.Compare, "ModelEvaluation")]
[OutputType(typeof(MetricComparison), typeof(LabelComparison), typeof(ItemComparison), typeof(DetectionLabelComparison))]
public sealed class CompareModelEvaluationCommand : EngineCmdlet
{
    /// <summary>-By: one row per headline metric.</summary>
    public const string ByMetric = "Metric";

    /// <summary>-By: one row per label.</summary>
    public const string ByLabel = "Label";

    /// <summary>-By: one row per paired item.</summary>
    public const string ByItem = "Item";

    /// <summary>The changes -By Item lists when -Change is not given: the items whose decision changed.</summary>
    private static readonly ItemChangeKind[] ChangedItems = { ItemChangeKind.Fixed, ItemChangeKind.Broken };

    private static readonly string[] ByValues = { ByMetric, ByLabel, ByItem };

    /// <summary>The reference evaluation (e.g. last release's model), from Get-ModelEvaluation.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("ReferenceEvaluation", "Baseline")]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? Reference { get; set; }

    /// <summary>The evaluation compared with it (the candidate), from Get-ModelEvaluation or the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [Alias("DifferenceEvaluation", "Candidate")]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? Difference { get; set; }

    /// <summary>Rows per Metric (the default), Label or Item.</summary>
    [Parameter]
    [ValidateSet(ByMetric, ByLabel, ByItem, IgnoreCase = true)]
    public string By { get; set; } = ByMetric;

    /// <summary>-By Item: the changes listed (Fixed, Broken, BothCorrect, BothWrong); Fixed and Broken when not given. Alone it implies -By Item.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public ItemChangeKind[]? Change { get; set; }

    /// <summary>Paired bootstrap resamples for the intervals of the deltas; 0 for none.</summary>
    [Parameter]
    [ValidateBetween(0, 100000)]
    public int BootstrapSamples { get; set; } = EvaluationComparisons.DefaultBootstrapSamples;

    /// <summary>Seed of the resampling (the same seed gives the same intervals; the CLI's default).</summary>
    [Parameter]
    public int Seed { get; set; } = new ComparisonOptions().Seed;

    private string _by = ByMetric;

    /// <summary>Checks the arguments given on the command line before any work.</summary>
    protected override void BeginProcessing()
    {
        bool byGiven = MyInvocation.BoundParameters.ContainsKey(nameof(By));
        _by = Change is not null && !byGiven ? ByItem : ByValues.First(b => string.Equals(b, By, StringComparison.OrdinalIgnoreCase));
        if (Change is not null && _by != ByItem)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-Change lists items: it goes with -By Item, not -By {_by}."),
                "ChangeNeedsItem",
                ErrorCategory.InvalidArgument,
                Change));
        }
        if (Reference is DetectionModelEvaluation && _by == ByItem)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-By Item lists items whose decision changed; detection evaluations have none: compare them -By Metric or -By Label."),
                "ItemsNotForDetection",
                ErrorCategory.InvalidArgument,
                Reference));
        }
        if (Reference is not (ModelEvaluation or DetectionModelEvaluation)) ThrowTerminatingError(EvaluationComparisons.NotClassification(Reference!, nameof(Reference)));
    }

    /// <summary>Compares one difference evaluation with the reference.</summary>
    protected override void ProcessRecord()
    {
        if (Reference is DetectionModelEvaluation referenceDetections)
        {
            CompareDetections(referenceDetections);
            return;
        }
        var reference = (ModelEvaluation)Reference!;
        if (Difference is not ModelEvaluation difference)
        {
            WriteError(EvaluationComparisons.NotClassification(Difference!, nameof(Difference)));
            return;
        }
        // Label and item rows have no intervals: no resamples to wait for.
        var samples = _by == ByMetric ? BootstrapSamples : 0;
        if (EvaluationComparisons.Compare(this, reference, difference, samples, Seed) is not { } comparison) return;
        var files = new ComparisonFiles(comparison.Matching.PairedItems, reference.PredictionPath, difference.PredictionPath, reference.Slice, difference.Slice);
        switch (_by)
        {
            case ByLabel:
                double? threshold = comparison.Reference.IsMultiLabel ? comparison.Reference.Options.Threshold : null;
                foreach (var l in comparison.PerLabel)
                {
                    WriteObject(new LabelComparison(l.Label, l.Support, l.ReferenceAuPrc, l.CandidateAuPrc, l.ReferenceAuRoc, l.CandidateAuRoc, l.ReferenceF1, l.CandidateF1, threshold, files));
                }
                break;
            case ByItem:
                var changes = Change ?? ChangedItems;
                foreach (var item in comparison.Items)
                {
                    var change = ToChange(item.Change);
                    if (!changes.Contains(change)) continue;
                    WriteObject(new ItemComparison(ProviderPaths.ItemPath(difference.ItemBaseDirectory, item.ItemId), item.ItemId, change, item.TrueLabels.ToArray(),
                        item.ReferenceLabel, item.ReferenceScore, item.CandidateLabel, item.CandidateScore, difference.GroundTruthPath, files));
                }
                break;
            default:
                foreach (var m in comparison.Metrics)
                {
                    var row = new MetricComparison(EvaluationComparisons.DisplayName(m.Name), m.HigherIsBetter, m.Reference, m.Candidate, m.CiLower, m.CiUpper, files);
                    if (m.Name == "accuracy")
                    {
                        row.PValue = comparison.McNemarPValue;
                        row.Fixed = comparison.Fixed;
                        row.Broken = comparison.Broken;
                    }
                    WriteObject(row);
                }
                break;
        }
    }

    /// <summary>Compares one difference detection evaluation with the reference: AP rows (-By Metric) or category rows (-By Label).</summary>
    private void CompareDetections(DetectionModelEvaluation reference)
    {
        if (Difference is not DetectionModelEvaluation difference)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"-Difference: a detection evaluation is compared with a detection evaluation, not a {Difference!.Task.ToLowerInvariant()} one."),
                "TaskNotComparable",
                ErrorCategory.InvalidArgument,
                Difference));
            return;
        }
        if (MergedEvaluations.Refuse(this, "matching its detections again", reference, difference)) return;
        DetectionComparison comparison;
        try
        {
            var samples = _by == ByMetric ? BootstrapSamples : 0;
            comparison = RunEngine(calls => DetectionComparer.Compare(reference.Evaluation, difference.Evaluation, samples, Seed, calls.Progress, calls.Cancellation));
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            WriteError(new ErrorRecord(e, "EvaluationsNotComparable", ErrorCategory.InvalidData, difference));
            return;
        }
        var files = new ComparisonFiles(comparison.Images, reference.PredictionPath, difference.PredictionPath);
        if (_by == ByLabel)
        {
            foreach (var l in comparison.PerLabel)
            {
                WriteObject(new DetectionLabelComparison(l.Label, l.CategoryId, l.GroundTruthObjects, l.ReferenceAp, l.CandidateAp, l.ReferenceAp50, l.CandidateAp50, files));
            }
            return;
        }
        foreach (var m in comparison.Metrics) WriteObject(new MetricComparison(EvaluationComparisons.DetectionDisplayName(m.Name), m.HigherIsBetter, m.Reference, m.Candidate, m.CiLower, m.CiUpper, files));
    }

    private static ItemChangeKind ToChange(DecisionChange change) => change switch
    {
        DecisionChange.Fixed => ItemChangeKind.Fixed,
        DecisionChange.Broken => ItemChangeKind.Broken,
        DecisionChange.BothCorrect => ItemChangeKind.BothCorrect,
        _ => ItemChangeKind.BothWrong,
    };
}
