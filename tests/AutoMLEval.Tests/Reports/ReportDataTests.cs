using Xunit;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Reports;

namespace AutoMLEval.Tests.Reports;

/// <summary>The embedded data is the engine's: the page only looks values up, so these tests pin what it looks up.</summary>
public class ReportDataTests
{
    private static readonly string[] Outcomes = { "tp", "fp", "fn" };
    private static readonly PredictionOutcome[] Kinds = { PredictionOutcome.TruePositive, PredictionOutcome.FalsePositive, PredictionOutcome.FalseNegative };

    private static JsonElement Data(ReportOptions? options = null)
    {
        using var document = JsonDocument.Parse(ReportRuns.DataJson(ReportRuns.Html(ReportRuns.Demo, options)));
        return document.RootElement.GetProperty("classification").Clone();
    }

    [Fact]
    public void Grid_IsHundredthsWithTheRunThresholdAsStart()
    {
        var data = Data();
        var grid = data.GetProperty("thresholds").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        Assert.Equal(101, grid.Length);
        Assert.Equal(0.8, grid[80]);
        Assert.Equal(50, data.GetProperty("initial").GetInt32());
    }

    [Fact]
    public void MacroF1Name_IsTheEnginesName()
    {
        // The demo is single-label: macro F1 of each image's top label, whatever the threshold.
        Assert.Equal("Top-label macro F1", Data().GetProperty("macroF1Name").GetString());
    }

    [Fact]
    public void RunThresholdText_IsWrittenAsMacroF1sNameWritesIt()
    {
        // Off the grid and finer than its hundredths: the page writes it as the engine does, not rounded to 0.1235.
        var hostile = ReportRuns.Hostile(multiLabel: true);
        var run = hostile with { Evaluation = ClassificationEvaluator.Evaluate(hostile.Evaluation.Data, new ClassificationOptions { Threshold = 0.12345 }) };
        using var document = JsonDocument.Parse(ReportRuns.DataJson(ReportRuns.Html(run)));
        var data = document.RootElement.GetProperty("classification");
        Assert.Equal("0.12345", data.GetProperty("thresholdText").GetString());
        Assert.Equal("Macro F1 @ 0.12345", data.GetProperty("macroF1Name").GetString());
    }

    [Fact]
    public void OffGridRunThreshold_IsAddedToTheGrid()
    {
        // 0.375 lies between 0.37 and 0.38 of the 0.01 grid.
        Assert.Equal(new[] { 0.0, 0.25, 0.375, 0.5, 0.75, 1.0 }, AutoMLEval.Reports.Classification.ClassificationReportPart.Grid(4, 0.375));
        Assert.Equal(new[] { 0.0, 0.5, 1.0 }, AutoMLEval.Reports.Classification.ClassificationReportPart.Grid(2, 0.5));
    }

    [Fact]
    public void EverySweepValue_EqualsTheEngineSweepExactly()
    {
        var run = ReportRuns.Demo;
        var data = Data();
        var grid = data.GetProperty("thresholds").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        void Check(JsonElement sweep, IReadOnlyList<ThresholdCounts> expected)
        {
            for (int k = 0; k < grid.Length; k++)
            {
                Assert.Equal(expected[k].Precision, sweep.GetProperty("precision")[k].GetDouble());
                Assert.Equal(expected[k].Recall, sweep.GetProperty("recall")[k].GetDouble());
                Assert.Equal(expected[k].F1, sweep.GetProperty("f1")[k].GetDouble());
                Assert.Equal(expected[k].TruePositives, sweep.GetProperty("tp")[k].GetInt64());
                Assert.Equal(expected[k].FalsePositives, sweep.GetProperty("fp")[k].GetInt64());
                Assert.Equal(expected[k].FalseNegatives, sweep.GetProperty("fn")[k].GetInt64());
            }
        }
        Check(data.GetProperty("overall"), ClassificationEvaluator.Sweep(run.Evaluation.Data, grid));
        for (int j = 0; j < run.Evaluation.Labels.Count; j++)
        {
            Check(data.GetProperty("perLabel")[j], ClassificationEvaluator.Sweep(run.Evaluation.Data, grid, j));
        }
    }

    [Theory]
    [InlineData(96)]
    [InlineData(5)]
    public void SingleLabelGalleries_AreTheEngineListsByTopLabel_WithTheirFullCounts(int galleryItems)
    {
        // By top label, as the CLI's errors and Get-MisclassifiedImage without a threshold: the first entries of
        // ErrorAnalysis.Find in its order (scores shown on the cards are rounded to 4 decimals), and the list's length.
        var source = ReportRuns.Demo.Evaluation.Data;
        var data = Data(new ReportOptions { GalleryItems = galleryItems });
        Assert.Equal("topLabel", data.GetProperty("galleryDecision").GetString());
        var items = data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();
        for (int j = 0; j < source.LabelCount; j++)
        {
            for (int o = 0; o < Outcomes.Length; o++)
            {
                var found = ErrorAnalysis.Find(source, Kinds[o], j);
                var entries = data.GetProperty("galleries")[j].GetProperty(Outcomes[o]).EnumerateArray().Select(e => (items[e[0].GetInt32()], e[1].GetDouble()));
                Assert.Equal(found.Take(galleryItems).Select(e => (e.ItemId, Math.Round(e.Score, 4))), entries);
                Assert.Equal(found.Count, data.GetProperty("galleryTotals")[j].GetProperty(Outcomes[o]).GetInt32());
            }
        }
    }

    [Theory]
    [InlineData(96)]
    [InlineData(5)]
    public void MultiLabelGalleryAtEveryThreshold_IsTheEngineListCutToTheSweepCount(int galleryItems)
    {
        // The page shows the first min(count at t, embedded) entries; they must be ErrorAnalysis.Find at t, in its order.
        // 300 items, 3 labels, seeded uniform scores and truths: every list is longer than 96 at low thresholds.
        var random = new Random(16);
        var labels = new[] { "a", "b", "c" };
        var ids = Enumerable.Range(0, 300).Select(i => $"{i}.png").ToArray();
        var scores = Enumerable.Range(0, ids.Length * labels.Length).Select(_ => Math.Round(random.NextDouble(), 3)).ToArray();
        var truth = scores.Select(score => random.NextDouble() < score).ToArray();
        var source = new ClassificationData(labels, ids, scores, truth, isMultiLabel: true);
        var groundTruth = new AutoMLEval.Engine.Formats.Classification.GroundTruthSet(Path.Combine(Path.GetTempPath(), "multi.csv"), Array.Empty<AutoMLEval.Engine.Formats.Classification.GroundTruthItem>(), true, 0, 0);
        var run = new AutoMLEval.Engine.Formats.Classification.ClassificationRun(
            new AutoMLEval.Engine.Formats.Classification.LoadedClassification(source, new AutoMLEval.Engine.Formats.Classification.InputSummary(), groundTruth, "test"),
            ClassificationEvaluator.Evaluate(source));
        using var document = JsonDocument.Parse(ReportRuns.DataJson(ReportRuns.Html(run, new ReportOptions { GalleryItems = galleryItems })));
        var data = document.RootElement.GetProperty("classification");
        Assert.Equal("threshold", data.GetProperty("galleryDecision").GetString());
        var grid = data.GetProperty("thresholds").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        var items = data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();
        for (int j = 0; j < source.LabelCount; j++)
        {
            for (int o = 0; o < Outcomes.Length; o++)
            {
                var entries = data.GetProperty("galleries")[j].GetProperty(Outcomes[o]).EnumerateArray().ToArray();
                Assert.True(entries.Length <= galleryItems);
                foreach (var k in new[] { 0, 1, 25, 50, 80, 99, 100 })
                {
                    var count = data.GetProperty("perLabel")[j].GetProperty(Outcomes[o])[k].GetInt32();
                    var shown = entries.Take(count).Select(e => (items[e[0].GetInt32()], e[1].GetDouble())).ToArray();
                    var expected = ErrorAnalysis.Find(source, Kinds[o], j, grid[k]).Take(galleryItems).Select(e => (e.ItemId, Math.Round(e.Score, 4))).ToArray();
                    Assert.Equal(expected, shown);
                }
            }
        }
    }

    [Fact]
    public void Confusion_IsTheEvaluationsTopLabelMatrix()
    {
        var matrix = ReportRuns.Demo.Evaluation.ConfusionMatrix!;
        var confusion = Data().GetProperty("confusion");
        Assert.Equal("topLabel", confusion.GetProperty("decision").GetString());
        Assert.False(confusion.GetProperty("other").GetBoolean());
        Assert.Equal(matrix.ToRows().SelectMany(r => r), confusion.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));
        // Row shares rounded to 0.1: eight → eight is 31 of 52 images.
        Assert.Equal(59.6, confusion.GetProperty("percent")[(8 * 10) + 8].GetDouble());
    }
}

public class ReportManyLabelsTests
{
    [Fact]
    public void AboveTenLabels_TheMatrixShowsTheTenMostConfused_PlusOtherLabels()
    {
        // 12 labels, 24 items: item i is true label i % 12 and scores 0.6 on label (i % 12) for even i, on (i + 1) % 12 for odd i.
        const int labels = 12, items = 24;
        var names = Enumerable.Range(0, labels).Select(j => $"l{j}").ToArray();
        var scores = new double[items * labels];
        var truth = new bool[items * labels];
        for (int i = 0; i < items; i++)
        {
            var predicted = i % 2 == 0 ? i % labels : (i + 1) % labels;
            for (int j = 0; j < labels; j++) scores[(i * labels) + j] = j == predicted ? 0.6 : 0.4 / (labels - 1);
            truth[(i * labels) + (i % labels)] = true;
        }
        var data = new AutoMLEval.Engine.Classification.ClassificationData(names, Enumerable.Range(0, items).Select(i => $"{i}.png").ToArray(), scores, truth, false);
        var groundTruth = new AutoMLEval.Engine.Formats.Classification.GroundTruthSet("many.csv", Array.Empty<AutoMLEval.Engine.Formats.Classification.GroundTruthItem>(), false, 0, 0);
        var run = new AutoMLEval.Engine.Formats.Classification.ClassificationRun(
            new AutoMLEval.Engine.Formats.Classification.LoadedClassification(data, new AutoMLEval.Engine.Formats.Classification.InputSummary(), groundTruth, "test"),
            AutoMLEval.Engine.Classification.ClassificationEvaluator.Evaluate(data));
        using var document = JsonDocument.Parse(ReportRuns.DataJson(ReportRuns.Html(run)));
        var confusion = document.RootElement.GetProperty("classification").GetProperty("confusion");
        var shown = confusion.GetProperty("shown").EnumerateArray().Select(j => j.GetInt32()).ToArray();
        Assert.Equal(run.Evaluation.ConfusionMatrix!.MostConfusedLabels(10), shown);
        Assert.True(confusion.GetProperty("other").GetBoolean());
        // 10 rows × (10 shown + other labels); each label has 2 items, and the rows add up to them.
        var counts = confusion.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).ToArray();
        Assert.Equal(10 * 11, counts.Length);
        for (int r = 0; r < 10; r++) Assert.Equal(2, counts.Skip(r * 11).Take(11).Sum());
        // "other labels" holds what went to the two labels not shown: the matrix's own counts in those columns.
        var hidden = Enumerable.Range(0, labels).Except(shown).ToArray();
        for (int r = 0; r < 10; r++) Assert.Equal(hidden.Sum(j => run.Evaluation.ConfusionMatrix!.Count(shown[r], j)), counts[(r * 11) + 10]);
    }
}
