using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Engine.Formats.Classification;
using AutoMLEval.Engine.Slices;

using AutoMLEval.PowerShell;
using AutoMLEval.PowerShell.Commands;

namespace AutoMLEval.Tasks;

/// <summary>Classification: <see cref="ClassificationRun.Start"/> and the mapping of its result to <see cref="ModelEvaluation"/>.</summary>
internal sealed class ClassificationEvaluationTask : IModelEvaluationTask
{
    public string Name => EvaluationTasks.Classification;

    public object Evaluate(EvaluationRequest request, EngineCalls calls)
    {
        var inputOptions = new ClassificationInputOptions { MlUse = request.MlUse, MultiLabel = request.MultiLabel, Strict = request.Strict, WorkingDirectory = request.WorkingDirectory, SplitOption = "-MlUse" };
        var options = new ClassificationOptions { Threshold = request.Threshold, BootstrapSamples = request.BootstrapSamples };
        var run = ClassificationRun.Of(Load(request, inputOptions, calls), options, calls.Issues, calls.Progress, calls.Cancellation);
        var predictionPath = request.PredictionDisplayPath ?? request.PredictionPath;
        if (request.SliceBy is not { } key) return ToModelEvaluation(run, request.GroundTruthPath, predictionPath);
        var sliced = MetadataSlices.Evaluate(run, key, request.MetadataPath, calls.Issues, calls.Cancellation);
        var inputs = run.Inputs with { Summary = sliced.Summary };
        return sliced.Slices
            .Select(slice => ToModelEvaluation(run with { Inputs = inputs, Evaluation = slice.Evaluation }, request.GroundTruthPath, predictionPath, slice))
            .ToArray();
    }

    internal static ModelEvaluation ToModelEvaluation(ClassificationRun run, string groundTruthPath, string predictionPath, EvaluationSlice? slice = null) =>
        ToModelEvaluation(new ClassificationSource(run, groundTruthPath, predictionPath), slice);

    /// <summary>
    /// -AsPartial: the exact, mergeable partial evaluation of the items this shard of predictions holds (ground-truth items
    /// absent from it are not missing yet), carried as the bytes of its file (docs/partial-evaluations.md).
    /// </summary>
    public static PartialModelEvaluation EvaluatePartial(EvaluationRequest request, EngineCalls calls)
    {
        var inputOptions = new ClassificationInputOptions { MlUse = request.MlUse, MultiLabel = request.MultiLabel, Strict = request.Strict, IsShard = true, WorkingDirectory = request.WorkingDirectory, SplitOption = "-MlUse" };
        var inputs = Load(request, inputOptions, calls);
        var partial = PartialClassification.Of(inputs, request.PredictionPath, new ClassificationOptions { Threshold = request.Threshold, BootstrapSamples = request.BootstrapSamples }, calls.Progress, calls.Cancellation);
        return new PartialModelEvaluation(EvaluationTasks.Classification, request.GroundTruthPath, request.PredictionPath, inputs.MlUse, partial.Items, inputs.Summary.GroundTruthItems, partial.ToBytes());
    }

    /// <summary>Reads and joins the request's files: its predictions file or folder, or the files its pattern matched as one set.</summary>
    private static LoadedClassification Load(EvaluationRequest request, ClassificationInputOptions inputOptions, EngineCalls calls) =>
        request.PredictionFiles is { } files
            ? ClassificationInputs.Load(request.GroundTruthPath, files, request.PredictionPath, inputOptions, calls.Issues, calls.Progress, calls.Cancellation)
            : ClassificationInputs.Load(request.GroundTruthPath, request.PredictionPath, inputOptions, calls.Issues, calls.Progress, calls.Cancellation);

    /// <summary>The <see cref="ModelEvaluation"/> of an evaluation's figures (of one run, or of a merge of parts), as a slice or the whole.</summary>
    internal static ModelEvaluation ToModelEvaluation(ClassificationSource source, EvaluationSlice? slice)
    {
        var evaluation = source.Evaluation;
        var labels = evaluation.PerLabel.Select(l => new LabelEvaluation(
            l.Label, l.Support, l.AuPrc, l.AuRoc, l.AtThreshold.Precision, l.AtThreshold.Recall, l.AtThreshold.F1, evaluation.Options.Threshold, l.BestF1.F1, l.BestF1.Threshold,
            l.ArgMax?.Precision, l.ArgMax?.Recall, l.ArgMax?.F1)).ToArray();
        var cells = evaluation.ConfusionMatrix is { } matrix ? ConfusionMatrixCell.ByTopLabel(matrix) : Array.Empty<ConfusionMatrixCell>();
        var intervals = HeadlineMetrics.All
            .Where(m => evaluation.Intervals.ContainsKey(m.Name))
            .Select(m => new MetricInterval(EvaluationComparisons.PropertyName(m.Name), evaluation.Intervals[m.Name].Lower, evaluation.Intervals[m.Name].Upper, evaluation.Intervals[m.Name].Samples))
            .ToArray();
        var calibration = evaluation.Calibration is { } c
            ? new ModelCalibration(c.ExpectedCalibrationError, c.MaximumCalibrationError, c.EqualMassExpectedCalibrationError, c.BrierScore,
                c.Bins.Select(b => new ReliabilityBin(b.Lower, b.Upper, b.Items, b.Accuracy, b.Confidence)).ToArray(),
                source.PredictionPath, ModelEvaluation.SliceText(slice?.Key, slice?.Value))
            : null;
        return new ModelEvaluation(source, labels, cells, intervals, calibration, slice?.Key, slice?.Value);
    }
}
