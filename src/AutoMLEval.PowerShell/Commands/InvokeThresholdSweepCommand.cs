using System.Management.Automation;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Invoke-ThresholdSweep</c>: confidence-threshold rows (Vertex AI's <c>confidenceMetrics</c>) of a
/// <see cref="ModelEvaluation"/>, micro-averaged, for chosen labels, or for every label.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ThresholdSweep", DefaultParameterSetName = MicroParameterSet)]
[OutputType(typeof(ThresholdRow))]
public sealed class InvokeThresholdSweepCommand : PSCmdlet
{
    /// <summary>Rows pooled over every (item, label) pair, with the At1 variants.</summary>
    public const string MicroParameterSet = "Micro";

    /// <summary>Rows of the named labels.</summary>
    public const string LabelParameterSet = "Label";

    /// <summary>Rows of every label.</summary>
    public const string PerLabelParameterSet = "PerLabel";

    /// <summary>The evaluation, from Get-ModelEvaluation.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    public ModelEvaluation? InputObject { get; set; }

    /// <summary>The thresholds; by default Vertex AI's grid 0, 0.05 … 0.95, 0.96 … 1.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0.0, 1.0)]
    public double[]? Threshold { get; set; }

    /// <summary>Labels whose own rows are wanted.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LabelParameterSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Rows for every label.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PerLabelParameterSet)]
    public SwitchParameter PerLabel { get; set; }

    /// <summary>Writes the rows of one evaluation.</summary>
    protected override void ProcessRecord()
    {
        var evaluation = InputObject!.Evaluation;
        IReadOnlyList<double> grid = Threshold ?? ClassificationOptions.VertexThresholds;
        switch (ParameterSetName)
        {
            case LabelParameterSet:
                foreach (var name in Label!)
                {
                    int index = IndexOfLabel(evaluation, name);
                    if (index < 0)
                    {
                        WriteError(UnknownLabelError(name, evaluation.Labels));
                        continue;
                    }
                    WriteLabelRows(evaluation, grid, index);
                }
                break;
            case PerLabelParameterSet:
                for (int j = 0; j < evaluation.Labels.Count; j++) WriteLabelRows(evaluation, grid, j);
                break;
            default:
                WriteMicroRows(evaluation, grid);
                break;
        }
    }

    private void WriteMicroRows(ClassificationEvaluation evaluation, IReadOnlyList<double> grid)
    {
        // The evaluation already holds the rows of its own grid; another grid needs one more pass of the engine.
        var rows = grid.SequenceEqual(evaluation.Options.ThresholdGrid)
            ? evaluation.ConfidenceMetrics
            : ClassificationEvaluator.Evaluate(evaluation.Data, evaluation.Options with { ThresholdGrid = grid, BootstrapSamples = 0 }).ConfidenceMetrics;
        foreach (var row in rows)
        {
            var output = ToRow(ThresholdRow.MicroAverage, row.All);
            output.PrecisionAt1 = row.AtTop1.Precision;
            output.RecallAt1 = row.AtTop1.Recall;
            output.FalsePositiveRateAt1 = row.AtTop1.FalsePositiveRate;
            output.F1ScoreAt1 = row.AtTop1.F1;
            WriteObject(output);
        }
    }

    private void WriteLabelRows(ClassificationEvaluation evaluation, IReadOnlyList<double> grid, int label)
    {
        foreach (var counts in ClassificationEvaluator.Sweep(evaluation.Data, grid, label)) WriteObject(ToRow(evaluation.Labels[label], counts));
    }

    private static ThresholdRow ToRow(string label, ThresholdCounts c) =>
        new(label, c.Threshold, c.TruePositives, c.FalsePositives, c.FalseNegatives, c.TrueNegatives, c.Precision, c.Recall, c.FalsePositiveRate, c.F1);

    /// <summary>The column of a label (ordinal, as labels are matched everywhere), or -1.</summary>
    internal static int IndexOfLabel(ClassificationEvaluation evaluation, string label)
    {
        for (int j = 0; j < evaluation.Labels.Count; j++)
        {
            if (string.Equals(evaluation.Labels[j], label, StringComparison.Ordinal)) return j;
        }
        return -1;
    }

    /// <summary>The non-terminating error for a label the evaluation does not have.</summary>
    internal static ErrorRecord UnknownLabelError(string label, IReadOnlyList<string> labels) =>
        new(new ArgumentException($"There is no label '{label}'; the labels are: {string.Join(", ", labels)}."), "UnknownLabel", ErrorCategory.ObjectNotFound, label);
}
