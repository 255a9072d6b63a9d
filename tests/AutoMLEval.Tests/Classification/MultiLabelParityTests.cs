using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>
/// Multi-label metrics against scikit-learn 1.2.1 on 400 items × 6 labels (Fixtures/multilabel/expected.json):
/// average_precision_score (micro, macro, per label), roc_auc_score (micro), precision/recall/F1 (micro, at 0.5),
/// hamming_loss, accuracy_score (subset), label_ranking_average_precision_score, coverage_error.
/// </summary>
public sealed class MultiLabelParityTests
{
    private const double Tolerance = 1e-9;
    private static readonly Lazy<ClassificationRun> Run = new(() => ClassificationRun.Start(
        Fixture.Path("multilabel", "ground_truth.jsonl"),
        Fixture.Path("multilabel", "predictions.jsonl"),
        new ClassificationInputOptions(),
        new ClassificationOptions(),
        new IssueLog()));

    private static readonly JsonElement Expected = Fixture.Json("multilabel", "expected.json");

    [Fact]
    public void Multi_label_is_detected_from_the_ground_truth()
    {
        Assert.True(Run.Value.Evaluation.IsMultiLabel);
        Assert.Equal(Expected.GetProperty("items").GetInt32(), Run.Value.Evaluation.ItemCount);
    }

    [Fact]
    public void Ranking_metrics_equal_scikit_learn()
    {
        var e = Run.Value.Evaluation;
        Assert.Equal(Expected.GetProperty("microAuPrc").GetDouble(), e.MicroAuPrc, Tolerance);
        Assert.Equal(Expected.GetProperty("macroAuPrc").GetDouble(), e.MacroAuPrc, Tolerance);
        Assert.Equal(Expected.GetProperty("microAuRoc").GetDouble(), e.MicroAuRoc, Tolerance);
        Assert.Equal(Expected.GetProperty("labelRankingAveragePrecision").GetDouble(), e.LabelRankingAveragePrecision, Tolerance);
        Assert.Equal(Expected.GetProperty("coverageError").GetDouble(), e.CoverageError, Tolerance);
        foreach (var label in Expected.GetProperty("perLabelAuPrc").EnumerateObject())
        {
            Assert.Equal(label.Value.GetDouble(), e.PerLabel.Single(l => l.Label == label.Name).AuPrc, Tolerance);
        }
    }

    [Fact]
    public void Decisions_at_one_half_equal_scikit_learn()
    {
        var e = Run.Value.Evaluation;
        Assert.Equal(Expected.GetProperty("microPrecisionAt0.5").GetDouble(), e.MicroAtThreshold.Precision, Tolerance);
        Assert.Equal(Expected.GetProperty("microRecallAt0.5").GetDouble(), e.MicroAtThreshold.Recall, Tolerance);
        Assert.Equal(Expected.GetProperty("microF1At0.5").GetDouble(), e.MicroAtThreshold.F1, Tolerance);
        Assert.Equal(Expected.GetProperty("hammingLossAt0.5").GetDouble(), e.HammingLoss, Tolerance);
        Assert.Equal(Expected.GetProperty("subsetAccuracyAt0.5").GetDouble(), e.SubsetAccuracy, Tolerance);
        Assert.Equal(e.SubsetAccuracy, e.Accuracy);
        Assert.Empty(e.TopKAccuracy);
        Assert.Null(e.ConfusionMatrix);
    }

    [Fact]
    public void Micro_threshold_rows_are_the_sum_of_the_per_label_rows()
    {
        var e = Run.Value.Evaluation;
        var grid = new[] { 0.1, 0.5, 0.9 };
        var micro = ClassificationEvaluator.Sweep(e.Data, grid);
        for (int t = 0; t < grid.Length; t++)
        {
            var perLabel = Enumerable.Range(0, e.Labels.Count).Select(j => ClassificationEvaluator.Sweep(e.Data, grid, j)[t]).ToArray();
            Assert.Equal(perLabel.Sum(c => c.TruePositives), micro[t].TruePositives);
            Assert.Equal(perLabel.Sum(c => c.FalsePositives), micro[t].FalsePositives);
        }
        // At 0.5 the sweep agrees with the evaluation's own at-threshold counts.
        Assert.Equal(e.MicroAtThreshold.TruePositives, micro[1].TruePositives);
        Assert.Equal(e.MicroAtThreshold.FalsePositives, micro[1].FalsePositives);
    }
}
