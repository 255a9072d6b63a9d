using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>
/// Every single-label metric against scikit-learn 1.2.1 on the digits test split (540 items, 10 labels):
/// Fixtures/digits/expected.test.json, computed from the confidences exactly as written in predictions.test.jsonl.
/// </summary>
public sealed class DigitsParityTests
{
    private const double Tolerance = 1e-9;
    private static readonly Lazy<(ClassificationRun Run, JsonElement Expected)> Shared = new(() =>
    {
        var run = ClassificationRun.Start(
            Fixture.Path("digits", "dataset.csv"),
            Fixture.Path("digits", "predictions.test.jsonl"),
            new ClassificationInputOptions(),
            new ClassificationOptions(),
            new IssueLog());
        return (run, Fixture.Json("digits", "expected.test.json"));
    });

    private static ClassificationEvaluation Evaluation => Shared.Value.Run.Evaluation;

    private static JsonElement Expected => Shared.Value.Expected;

    [Fact]
    public void Headline_metrics_equal_scikit_learn()
    {
        Assert.Equal(Expected.GetProperty("items").GetInt32(), Evaluation.ItemCount);
        Assert.False(Evaluation.IsMultiLabel);
        Assert.Equal(Expected.GetProperty("accuracy").GetDouble(), Evaluation.Accuracy, Tolerance);
        Assert.Equal(Expected.GetProperty("microAuPrc").GetDouble(), Evaluation.MicroAuPrc, Tolerance);
        Assert.Equal(Expected.GetProperty("macroAuPrc").GetDouble(), Evaluation.MacroAuPrc, Tolerance);
        Assert.Equal(Expected.GetProperty("microAuRoc").GetDouble(), Evaluation.MicroAuRoc, Tolerance);
        Assert.Equal(Expected.GetProperty("macroAuRoc").GetDouble(), Evaluation.MacroAuRoc, Tolerance);
        Assert.Equal(Expected.GetProperty("logLoss").GetDouble(), Evaluation.LogLoss, Tolerance);
        Assert.Equal(Expected.GetProperty("macroF1").GetDouble(), Evaluation.MacroF1, Tolerance);
    }

    [Fact]
    public void Top_k_accuracy_equals_scikit_learn_for_k_1_to_5()
    {
        var expected = Expected.GetProperty("topKAccuracy");
        Assert.Equal(5, Evaluation.TopKAccuracy.Count);
        for (int k = 1; k <= 5; k++)
        {
            Assert.Equal(expected.GetProperty(k.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetDouble(), Evaluation.TopKAccuracy[k - 1], Tolerance);
        }
    }

    [Fact]
    public void Labels_follow_the_model_ids_and_the_confusion_matrix_equals_scikit_learn()
    {
        var matrix = Expected.GetProperty("confusionMatrix");
        var labels = matrix.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        Assert.Equal(labels, Evaluation.Labels);
        var rows = matrix.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.Equal(rows, Evaluation.ConfusionMatrix!.ToRows());
    }

    [Fact]
    public void Per_label_slices_equal_scikit_learn()
    {
        foreach (var expected in Expected.GetProperty("perLabel").EnumerateArray())
        {
            var label = Evaluation.PerLabel.Single(l => l.Label == expected.GetProperty("label").GetString());
            Assert.Equal(expected.GetProperty("support").GetInt64(), label.Support);
            Assert.Equal(expected.GetProperty("averagePrecision").GetDouble(), label.AuPrc, Tolerance);
            Assert.Equal(expected.GetProperty("rocAuc").GetDouble(), label.AuRoc, Tolerance);
            Assert.Equal(expected.GetProperty("argmaxPrecision").GetDouble(), label.ArgMax!.Value.Precision, Tolerance);
            Assert.Equal(expected.GetProperty("argmaxRecall").GetDouble(), label.ArgMax!.Value.Recall, Tolerance);
            Assert.Equal(expected.GetProperty("argmaxF1").GetDouble(), label.ArgMax!.Value.F1, Tolerance);
            Assert.Equal(expected.GetProperty("precisionAt0.5").GetDouble(), label.AtThreshold.Precision, Tolerance);
            Assert.Equal(expected.GetProperty("recallAt0.5").GetDouble(), label.AtThreshold.Recall, Tolerance);
        }
    }

    [Fact]
    public void Confidence_metrics_rows_equal_the_reference_on_its_grid()
    {
        var expectedRows = Expected.GetProperty("confidenceMetrics").EnumerateArray().ToArray();
        var grid = expectedRows.Select(r => r.GetProperty("confidenceThreshold").GetDouble()).ToArray();
        var evaluation = ClassificationEvaluator.Evaluate(Evaluation.Data, new ClassificationOptions { ThresholdGrid = grid });
        Assert.Equal(expectedRows.Length, evaluation.ConfidenceMetrics.Count);
        for (int t = 0; t < expectedRows.Length; t++)
        {
            var expected = expectedRows[t];
            var row = evaluation.ConfidenceMetrics[t];
            Assert.Equal(grid[t], row.Threshold);
            Assert.Equal(expected.GetProperty("truePositiveCount").GetInt64(), row.All.TruePositives);
            Assert.Equal(expected.GetProperty("falsePositiveCount").GetInt64(), row.All.FalsePositives);
            Assert.Equal(expected.GetProperty("falseNegativeCount").GetInt64(), row.All.FalseNegatives);
            Assert.Equal(expected.GetProperty("trueNegativeCount").GetInt64(), row.All.TrueNegatives);
            Assert.Equal(expected.GetProperty("precision").GetDouble(), row.All.Precision, Tolerance);
            Assert.Equal(expected.GetProperty("recall").GetDouble(), row.All.Recall, Tolerance);
            Assert.Equal(expected.GetProperty("falsePositiveRate").GetDouble(), row.All.FalsePositiveRate, Tolerance);
            Assert.Equal(expected.GetProperty("f1Score").GetDouble(), row.All.F1, Tolerance);
            Assert.Equal(expected.GetProperty("precisionAt1").GetDouble(), row.AtTop1.Precision, Tolerance);
            Assert.Equal(expected.GetProperty("recallAt1").GetDouble(), row.AtTop1.Recall, Tolerance);
            Assert.Equal(expected.GetProperty("falsePositiveRateAt1").GetDouble(), row.AtTop1.FalsePositiveRate, Tolerance);
            Assert.Equal(expected.GetProperty("f1ScoreAt1").GetDouble(), row.AtTop1.F1, Tolerance);
        }
    }

    [Fact]
    public void The_join_uses_every_test_item_and_reports_nothing_left_out()
    {
        var summary = Shared.Value.Run.Inputs.Summary;
        Assert.Equal(540, summary.GroundTruthItems);
        Assert.Equal(540, summary.Evaluated);
        Assert.Equal(0, summary.MissingPredictions + summary.UnknownPredictions + summary.SkippedPredictionRecords + summary.SkippedGroundTruthRecords);
        Assert.Equal(0, summary.MissingScores);
    }
}
