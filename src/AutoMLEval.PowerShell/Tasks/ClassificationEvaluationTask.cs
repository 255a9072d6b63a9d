using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>Classification: <see cref="ClassificationRun.Start"/> and the mapping of its result to <see cref="ModelEvaluation"/>.</summary>
internal sealed class ClassificationEvaluationTask : IModelEvaluationTask
{
    /// <summary>The engine's bootstrap interval names and the <see cref="ModelEvaluation"/> properties they belong to.</summary>
    private static readonly (string Engine, string Property)[] IntervalNames =
    {
        ("MicroAuPrc", nameof(ModelEvaluation.AuPrc)),
        ("MicroAuRoc", nameof(ModelEvaluation.AuRoc)),
        ("LogLoss", nameof(ModelEvaluation.LogLoss)),
        ("Accuracy", nameof(ModelEvaluation.Accuracy)),
        ("MacroF1", nameof(ModelEvaluation.MacroF1)),
        ("Precision", nameof(ModelEvaluation.Precision)),
        ("Recall", nameof(ModelEvaluation.Recall)),
    };

    public string Name => EvaluationTasks.Classification;

    public object Evaluate(EvaluationRequest request, EngineCalls calls)
    {
        var inputOptions = new ClassificationInputOptions { MlUse = request.MlUse, MultiLabel = request.MultiLabel, Strict = request.Strict };
        var options = new ClassificationOptions { Threshold = request.Threshold, BootstrapSamples = request.BootstrapSamples };
        var run = ClassificationRun.Start(request.GroundTruthPath, request.PredictionPath, inputOptions, options, calls.Issues, calls.Progress, calls.Cancellation);
        return ToModelEvaluation(run, request.GroundTruthPath, request.PredictionDisplayPath ?? request.PredictionPath);
    }

    internal static ModelEvaluation ToModelEvaluation(ClassificationRun run, string groundTruthPath, string predictionPath)
    {
        var evaluation = run.Evaluation;
        var labels = evaluation.PerLabel.Select(l => new LabelEvaluation(
            l.Label, l.Support, l.AuPrc, l.AuRoc, l.AtThreshold.Precision, l.AtThreshold.Recall, l.AtThreshold.F1, evaluation.Options.Threshold, l.BestF1.F1, l.BestF1.Threshold,
            l.ArgMax?.Precision, l.ArgMax?.Recall, l.ArgMax?.F1)).ToArray();
        var cells = new List<ConfusionMatrixCell>();
        if (evaluation.ConfusionMatrix is { } matrix)
        {
            for (int i = 0; i < matrix.Labels.Count; i++)
            {
                for (int j = 0; j < matrix.Labels.Count; j++) cells.Add(new ConfusionMatrixCell(matrix.Labels[i], matrix.Labels[j], matrix.Count(i, j), matrix.RowPercent(i, j)));
            }
        }
        var intervals = IntervalNames
            .Where(n => evaluation.Intervals.ContainsKey(n.Engine))
            .Select(n => new MetricInterval(n.Property, evaluation.Intervals[n.Engine].Lower, evaluation.Intervals[n.Engine].Upper, evaluation.Intervals[n.Engine].Samples))
            .ToArray();
        return new ModelEvaluation(new ClassificationSource(run, groundTruthPath, predictionPath), labels, cells.ToArray(), intervals);
    }
}
