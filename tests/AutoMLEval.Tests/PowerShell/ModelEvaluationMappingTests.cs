using AutoMLEval.PowerShell;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Tasks;
using Xunit;

namespace AutoMLEval.Tests.PowerShell;

/// <summary>
/// The mapping behind Get-ModelEvaluation (engine result → AutoMLEval.ModelEvaluation), run without PowerShell on the
/// digits demo the module bundles. Expected values: scikit-learn 1.2.1, shared/reference/digits/expected.test.json.
/// </summary>
public sealed class ModelEvaluationMappingTests : IClassFixture<BuiltModule>
{
    /// <summary>The metrics -ConfidenceInterval covers, in the engine's order, named as ModelEvaluation's properties.</summary>
    // The headline metrics in the evaluate JSON's order, each named as its property (ExpectedCalibrationError and BrierScore: of Calibration).
    private static readonly string[] HeadlineMetrics =
        { "AuPrc", "AuRoc", "LogLoss", "MacroAuPrc", "MacroAuRoc", "Accuracy", "MacroF1", "Precision", "Recall", "F1Score", "ExpectedCalibrationError", "BrierScore" };

    private readonly ModelEvaluation _evaluation;

    public ModelEvaluationMappingTests(BuiltModule module)
    {
        var demo = Path.Combine(module.Directory, "demo", "digits");
        var request = new EvaluationRequest(Path.Combine(demo, "dataset.csv"), Path.Combine(demo, "predictions.test.jsonl"), "test", 0.5, null, false, 0);
        _evaluation = (ModelEvaluation)EvaluationTasks.Find("classification").Evaluate(request, new EngineCalls(new IssueLog(), null, default));
    }

    [Theory]
    [InlineData(nameof(ModelEvaluation.AuPrc), 0.9580221538568727)]
    [InlineData(nameof(ModelEvaluation.AuRoc), 0.993956332876086)]
    [InlineData(nameof(ModelEvaluation.MacroAuPrc), 0.9640990386970019)]
    [InlineData(nameof(ModelEvaluation.LogLoss), 0.330657380956613)]
    [InlineData(nameof(ModelEvaluation.Accuracy), 0.8962962962962963)]
    [InlineData(nameof(ModelEvaluation.MacroF1), 0.8960233788593378)]
    [InlineData(nameof(ModelEvaluation.Top2Accuracy), 0.9611111111111111)]
    [InlineData(nameof(ModelEvaluation.Top5Accuracy), 0.9962962962962963)]
    [InlineData(nameof(ModelEvaluation.Precision), 0.9284294234592445)]
    [InlineData(nameof(ModelEvaluation.Recall), 0.8648148148148148)]
    public void HeadlinePropertiesCarryTheEngineValues(string property, double expected) =>
        Assert.Equal(expected, Convert.ToDouble(typeof(ModelEvaluation).GetProperty(property)!.GetValue(_evaluation), System.Globalization.CultureInfo.InvariantCulture), 9);

    [Fact]
    public void CountsAndNamesDescribeTheJoin()
    {
        Assert.Equal("Classification", _evaluation.Task);
        Assert.Equal("test", _evaluation.MlUse);
        Assert.Equal(540, _evaluation.Items);
        Assert.Equal(540, _evaluation.GroundTruthItems);
        Assert.Equal(0, _evaluation.MissingPredictions);
        Assert.Equal(10, _evaluation.LabelCount);
        Assert.Equal(string.Join(";", _evaluation.Labels.Select(l => l.Label)), _evaluation.LabelNames);
        Assert.Equal(string.Empty, _evaluation.ConfidenceIntervalSummary);
    }

    [Fact]
    public void CalibrationNamesTheEvaluationItBelongsTo()
    {
        // Its table tells several evaluations' and slices' calibrations apart by these (a whole evaluation has no slice).
        var calibration = _evaluation.Calibration!;
        Assert.Equal((_evaluation.PredictionPath, string.Empty), (calibration.PredictionPath, calibration.Slice));
        // The CLI's calibration block on the demo (Get-ModelEvaluation.Decide.Tests.ps1 checks the same).
        Assert.Equal(0.05003706707998558, calibration.ExpectedCalibrationError, 12);
    }

    [Fact]
    public void LabelSlicesDecideAtTheThresholdAndKeepTheArgMaxFigures()
    {
        // perLabel 'one' of expected.test.json: precisionAt0.5 0.714, recallAt0.5 50/55; argmaxPrecision 50 of 78.
        var one = _evaluation.Labels.Single(l => l.Label == "one");
        Assert.Equal(55, one.Support);
        Assert.Equal(0.7142857142857143, one.Precision, 12);
        Assert.Equal(0.9090909090909091, one.Recall, 12);
        Assert.Equal(0.6410256410256411, one.ArgMaxPrecision!.Value, 12);
        Assert.Equal(0.9090909090909091, one.ArgMaxRecall!.Value, 12);
        Assert.Equal(0.9211122283190166, one.AuPrc!.Value, 9);
    }

    [Fact]
    public void ConfusionMatrixIsEveryTrueAndPredictedPairWithRowPercentages()
    {
        Assert.Equal(100, _evaluation.ConfusionMatrix.Count);
        Assert.Equal(540, _evaluation.ConfusionMatrix.Sum(c => c.Items));
        // confusionMatrix.rows: 'eight' (52 items) predicted as 'one' 14 times.
        var cell = _evaluation.ConfusionMatrix.Single(c => c.TrueLabel == "eight" && c.PredictedLabel == "one");
        Assert.Equal(14, cell.Items);
        Assert.Equal(100.0 * 14 / 52, cell.RowPercent!.Value, 12);
        foreach (var row in _evaluation.ConfusionMatrix.GroupBy(c => c.TrueLabel)) Assert.Equal(100.0, row.Sum(c => c.RowPercent)!.Value, 9);
        // Each cell names the rule, so that Export-Csv and ConvertTo-Json of the cells keep it.
        Assert.Equal("TopLabel", cell.Decision);
        Assert.Null(cell.IouThreshold);
        Assert.Null(cell.ConfidenceThreshold);
    }

    [Fact]
    public void PredictionsOfRejectedItemsAreCountedAsTheCliCountsThem()
    {
        // Fixtures/multilabel read -SingleLabel: 283 of its 400 items carry several labels and are rejected, and the
        // predictions file has a record for each of the 400: 117 evaluated + 283 of rejected items.
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "multilabel");
        var request = new EvaluationRequest(Path.Combine(fixtures, "ground_truth.jsonl"), Path.Combine(fixtures, "predictions.jsonl"), "test", 0.5, false, false, 0);
        var single = (ModelEvaluation)EvaluationTasks.Find(EvaluationTasks.Classification).Evaluate(request, new EngineCalls(new IssueLog(), null, default));
        Assert.Equal((400, 117, 283, 283), (single.PredictionItems, single.Items, single.RejectedItems, single.RejectedItemPredictions));
        Assert.Equal(single.PredictionItems, single.Items + single.UnknownPredictions + single.OtherSplitPredictions + single.RejectedItemPredictions);
    }

    [Fact]
    public void BootstrapIntervalsAreNamedAfterTheModelEvaluationProperties()
    {
        var request = new EvaluationRequest(_evaluation.GroundTruthPath, _evaluation.PredictionPath, "test", 0.5, null, false, 20);
        var withIntervals = (ModelEvaluation)EvaluationTasks.Find(EvaluationTasks.Classification).Evaluate(request, new EngineCalls(new IssueLog(), null, default));
        var names = withIntervals.ConfidenceIntervals.Select(i => i.Metric).ToArray();
        Assert.Equal(HeadlineMetrics, names);
        foreach (var name in names) Assert.NotNull(typeof(ModelEvaluation).GetProperty(name) ?? typeof(ModelCalibration).GetProperty(name));
        var auPrc = withIntervals.ConfidenceIntervals[0];
        Assert.Equal(20, auPrc.Samples);
        Assert.True(auPrc.Lower <= withIntervals.AuPrc && withIntervals.AuPrc <= auPrc.Upper, $"{auPrc} around {withIntervals.AuPrc}");
        Assert.StartsWith("AuPrc [", withIntervals.ConfidenceIntervalSummary, StringComparison.Ordinal);
    }
}
