using System.Globalization;
using System.Text.Json;
using AutoMLEval.Cli;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Reports;

/// <summary>The reports as a person meets them: opened from disk in headless Chromium and used with the keyboard and mouse.</summary>
public class BrowserReportTests
{
    private const int GalleryPageSize = 12;

    private static string Fixed(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Fixed3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static JsonElement Open(ClassificationRun run, params string[] arguments)
    {
        var path = Path.Combine(Path.GetTempPath(), $"automl-eval-report-{Guid.NewGuid():N}.html");
        try
        {
            File.WriteAllText(path, ReportRuns.Html(run));
            var seen = ReportBrowser.Check(path, arguments);
            Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
            Assert.Empty(seen.GetProperty("requests").EnumerateArray());
            Assert.Empty(seen.GetProperty("dialogs").EnumerateArray());
            return seen;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DemoReport_ShowsTheEngineNumbers_FollowsTheSliderToPointEight_AndPagesAGalleryByTopLabel()
    {
        var run = ReportRuns.Demo;
        var e = run.Evaluation;
        var atPointEight = ClassificationEvaluator.Sweep(e.Data, new[] { 0.8 })[0];
        // The label with the most true positives by top label has more than one page of them.
        var label = Enumerable.Range(0, e.Labels.Count).OrderByDescending(j => e.ConfusionMatrix!.Count(j, j)).First();
        var truePositives = ErrorAnalysis.Find(e.Data, PredictionOutcome.TruePositive, label);
        Assert.True(truePositives.Count > GalleryPageSize);

        var seen = Open(run, "--threshold", "0.8", "--gallery-label", label.ToString(CultureInfo.InvariantCulture), "--gallery-outcome", "tp");

        var summary = seen.GetProperty("summary");
        string Shown(string metric) => summary.GetProperty(metric).GetString()!;
        Assert.Equal(e.ItemCount.ToString("N0", CultureInfo.InvariantCulture), Shown("items"));
        Assert.Equal(Fixed(e.MicroAuPrc), Shown("auPrc"));
        Assert.Equal(Fixed(e.MicroAuRoc), Shown("auRoc"));
        Assert.Equal(Fixed(e.LogLoss), Shown("logLoss"));
        for (int k = 0; k < e.TopKAccuracy.Count; k++) Assert.Equal(Fixed(e.TopKAccuracy[k]), Shown($"top{k + 1}"));
        // Macro F1 is named by its rule, as the CLI's table names it.
        Assert.Equal(Fixed(e.MacroF1), Shown("macroF1"));
        Assert.Equal("Top-label macro F1", seen.GetProperty("summaryTitles").GetProperty("macroF1").GetString());
        // At load the slider stands at the run's threshold, so the live figures are the evaluation's own.
        Assert.Equal("0.50", seen.GetProperty("thresholdAtLoad").GetString());
        Assert.Equal(Fixed(e.MicroAtThreshold.Precision), Shown("precision"));
        Assert.Equal(Fixed(e.MicroAtThreshold.Recall), Shown("recall"));
        Assert.Equal(Fixed(e.MicroAtThreshold.F1), Shown("f1"));

        Assert.Equal("0.80", seen.GetProperty("threshold").GetString());
        var live = seen.GetProperty("atThreshold");
        Assert.Equal(Fixed(atPointEight.Precision), live.GetProperty("precision").GetString());
        Assert.Equal(Fixed(atPointEight.Recall), live.GetProperty("recall").GetString());
        Assert.Equal(Fixed(atPointEight.F1), live.GetProperty("f1").GetString());
        Assert.Equal(atPointEight.TruePositives.ToString(CultureInfo.InvariantCulture), live.GetProperty("tp").GetString());

        // The confusion matrix is the evaluation's, by top label (as the CLI's), and says so; moving the slider left it as it was.
        Assert.Equal("Confusion matrix by top label", seen.GetProperty("confusionTitle").GetString());
        Assert.Contains("top label (its highest score, whatever the threshold)", seen.GetProperty("confusionHelp").GetString(), StringComparison.Ordinal);
        Assert.Equal(e.ConfusionMatrix!.ToRows(), seen.GetProperty("confusionCounts").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray());
        // The slider's help names what it moves on this page, and nothing the page lacks or that does not follow it.
        Assert.Equal("Arrow keys: ±0.01. It moves the figures at threshold, the curves’ marker and the label table.", seen.GetProperty("thresholdHelp").GetString());

        var pages = (truePositives.Count + GalleryPageSize - 1) / GalleryPageSize;
        var first = seen.GetProperty("galleryFirst");
        var second = seen.GetProperty("gallerySecond");
        Assert.Equal($"{truePositives.Count} true positives of \u201c{e.Labels[label]}\u201d by top label (each image\u2019s highest-scored label, whatever the threshold).", first.GetProperty("status").GetString());
        Assert.Equal($"Page 1 of {pages}", first.GetProperty("page").GetString());
        Assert.Equal($"Page 2 of {pages}", second.GetProperty("page").GetString());
        Assert.Equal(truePositives.Take(GalleryPageSize).Select(i => i.ItemId), first.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(truePositives.Skip(GalleryPageSize).Take(GalleryPageSize).Select(i => i.ItemId), second.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        // The demo's images are small PNGs: every card shows its embedded thumbnail.
        Assert.Equal(GalleryPageSize, first.GetProperty("images").GetInt32());
    }

    [Fact]
    public void DemoReport_ACellLeadsToItsImages_AThumbnailEnlargesWithItsScores_LegendsShowTheSlider_AndLabelsSortWorstFirst()
    {
        var run = ReportRuns.Demo;
        var e = run.Evaluation;
        int eight = e.Labels.ToList().IndexOf("eight"), one = e.Labels.ToList().IndexOf("one");
        // The cell true eight → top label one of the 10 × 10 matrix, opened with the keyboard.
        var seen = Open(run, "--threshold", "0.8", "--confusion-cell", ((eight * 10) + one).ToString(CultureInfo.InvariantCulture), "--enlarge", "true");

        // Its images are the CLI's false negatives of eight whose top label is one (errors --label eight --kind false-negative), in that order.
        var cellItems = ErrorAnalysis.Find(e.Data, PredictionOutcome.FalseNegative, eight).Where(i => i.PredictedLabels.Single() == "one").ToArray();
        Assert.Equal(e.ConfusionMatrix!.Count(eight, one), cellItems.Length);
        var cell = seen.GetProperty("cellGallery");
        Assert.Equal($"{cellItems.Length} images of true \u201ceight\u201d whose top label is \u201cone\u201d (confusion matrix cell).", cell.GetProperty("status").GetString());
        Assert.Equal(cellItems.Take(GalleryPageSize).Select(i => i.ItemId), cell.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("gallery-status", cell.GetProperty("focused").GetString());
        Assert.True(cell.GetProperty("galleryInView").GetBoolean());

        // The first card enlarged: four times the card's image, the item's five highest scores, its true label marked; Escape closes it.
        var enlarged = seen.GetProperty("enlarged");
        var first = cellItems[0];
        Assert.True(enlarged.GetProperty("open").GetBoolean());
        Assert.Equal(first.ItemId, enlarged.GetProperty("title").GetString());
        Assert.Equal(384, enlarged.GetProperty("imageWidth").GetDouble());
        var row = e.Data.ItemIds.ToList().IndexOf(first.ItemId);
        var expectedScores = Enumerable.Range(0, e.Labels.Count).OrderByDescending(j => e.Data.Score(row, j)).ThenBy(j => j).Take(5)
            .Select(j => new[] { e.Labels[j], Fixed(Math.Round(e.Data.Score(row, j), 4)), j == eight ? "true-label" : string.Empty });
        Assert.Equal(expectedScores, enlarged.GetProperty("scores").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()));
        Assert.False(enlarged.GetProperty("openAfterEscape").GetBoolean());
        Assert.Equal("enlarge", enlarged.GetProperty("focusAfterEscape").GetString());

        // Legends show the slider's values without hovering (uPlot's default format: up to 3 decimals), before and after a hover.
        static string Legend(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
        var atLoad = seen.GetProperty("legendsAtLoad")[1];
        Assert.Equal("0.5", atLoad.GetProperty("Threshold").GetString());
        Assert.Equal(Legend(e.MicroAtThreshold.Precision), atLoad.GetProperty("Precision").GetString());
        Assert.Equal(Legend(e.MicroAtThreshold.Recall), atLoad.GetProperty("Recall").GetString());
        Assert.Equal(Legend(e.MicroAtThreshold.F1), atLoad.GetProperty("F1").GetString());
        Assert.Equal(Legend(e.MicroAtThreshold.Recall), seen.GetProperty("legendsAtLoad")[0].GetProperty("Recall").GetString());
        var atPointEight = ClassificationEvaluator.Sweep(e.Data, new[] { 0.8 })[0];
        var afterHover = seen.GetProperty("legendsAfterHover")[1];
        Assert.Equal("0.8", afterHover.GetProperty("Threshold").GetString());
        Assert.Equal(Legend(atPointEight.Precision), afterHover.GetProperty("Precision").GetString());

        // The reliability diagram: one bar per non-empty calibration bin of the evaluation, and its ECE, MCE and Brier score.
        var calibration = e.Calibration!;
        var bins = calibration.Bins.Where(b => b.Items > 0).Select(b =>
            $"({Fixed3(b.Lower)}, {Fixed3(b.Upper)}]: {b.Items:N0} images, accuracy {Fixed(b.Accuracy)}, mean confidence {Fixed(b.Confidence)}");
        Assert.Equal(bins, seen.GetProperty("reliabilityBins").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(Fixed(calibration.ExpectedCalibrationError), seen.GetProperty("summary").GetProperty("ece").GetString());
        Assert.Equal(Fixed(calibration.MaximumCalibrationError), seen.GetProperty("summary").GetProperty("mce").GetString());
        Assert.Equal(Fixed(calibration.BrierScore), seen.GetProperty("summary").GetProperty("brier").GetString());

        // The label table starts worst first: ascending AuPRC.
        Assert.Equal(e.PerLabel.OrderBy(l => l.AuPrc).Select(l => l.Label), seen.GetProperty("labelTableOrder").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("ascending", seen.GetProperty("labelTableSort")[2].GetString());
    }

    [Fact]
    public void HostileLabelsAndPaths_RenderAsText_AndRunNothing()
    {
        var run = ReportRuns.Hostile();
        var seen = Open(run, "--gallery-label", "0", "--gallery-outcome", "tp");
        var labels = run.Evaluation.Labels;
        Assert.Equal(labels, seen.GetProperty("labelOptions").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(labels.OrderBy(l => l, StringComparer.Ordinal).ToHashSet(), seen.GetProperty("labelTableLabels").EnumerateArray().Select(o => o.GetString()!).ToHashSet());
        Assert.Equal(labels, seen.GetProperty("confusionHeadings").EnumerateArray().Skip(1).Take(labels.Count).Select(o => o.GetString()));
        Assert.Equal(0, seen.GetProperty("foreignElements").GetInt32());
        Assert.Equal(0, seen.GetProperty("dialogsAfterWait").GetInt32());
        // The true positives of the <img> label by top label: the hostile path (row 0, 0.7) and c.png (row 3, 0.9), highest first; shown as text.
        var gallery = seen.GetProperty("galleryFirst");
        Assert.Equal(new[] { "c.png", ReportRuns.HostilePath }, gallery.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("Page 1 of 1", gallery.GetProperty("page").GetString());
        Assert.False(seen.TryGetProperty("gallerySecond", out _));
    }

    [Fact]
    public void Inputs_NamePredictionsAsTheCliDoes_AndTheirBreakdownAddsUp()
    {
        // Ground truth: a label-less row (f.png, rejected), a repeated row and a training row; predictions: an unknown item
        // (x.png), one of the training split (t.png), one of the rejected item, a score of 1.5 (d.png, skipped), a repeat and
        // a line that is not JSON. Seven predicted items: 4 evaluated, 1 unknown, 1 of another split, 1 of a rejected item.
        using var data = new TempFolder();
        data.Write("gt.csv", "test,a.png,cat\ntest,b.png,dog\ntest,c.png,cat\ntest,d.png,dog\ntest,e.png,cat\ntest,f.png\ntest,c.png,cat\ntraining,t.png,dog\ntest,g.png,dog\n");
        string Line(string item, string scores) => $"{{\"instance\":{{\"content\":\"{item}\"}},\"prediction\":{{\"displayNames\":[\"cat\",\"dog\"],\"confidences\":[{scores}]}}}}\n";
        data.Write("pred.jsonl", Line("a.png", "0.8,0.2") + Line("b.png", "0.3,0.7") + Line("c.png", "0.6,0.4") + Line("d.png", "1.5,0.2") + Line("x.png", "0.5,0.5")
            + Line("t.png", "0.1,0.9") + Line("f.png", "0.4,0.6") + Line("g.png", "0.45,0.55") + Line("a.png", "0.1,0.1") + "{\"instance\": broken\n");
        var json = new StringWriter();
        Program.Run(new[] { "evaluate", "--ground-truth", "gt.csv", "--predictions", "pred.jsonl", "--format", "json" }, new CliContext(json, new StringWriter(), data.Root));
        using var cli = JsonDocument.Parse(json.ToString());
        var counts = cli.RootElement.GetProperty("counts");
        Program.Run(new[] { "report", "--ground-truth", "gt.csv", "--predictions", "pred.jsonl", "--output", "m.html" }, new CliContext(new StringWriter(), new StringWriter(), data.Root));

        var seen = ReportBrowser.Check(Path.Combine(data.Root, "m.html"));
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        var summary = seen.GetProperty("summary");
        int Shown(string name) => int.Parse(summary.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
        var parts = new[] { "evaluated", "unknownPredictions", "otherSplitPredictions", "rejectedItemPredictions" };
        Assert.Equal(new[] { 4, 1, 1, 1 }, parts.Select(Shown));
        Assert.Equal(parts.Select(p => counts.GetProperty(p).GetInt32()), parts.Select(Shown));
        Assert.Equal(counts.GetProperty("predictionItems").GetInt32(), Shown("predictionItems"));
        Assert.Equal(parts.Sum(Shown), Shown("predictionItems"));
        Assert.Equal("Predictions", seen.GetProperty("summaryTitles").GetProperty("predictionItems").GetString());
    }

    [Fact]
    public void MultiLabelReport_HasNoConfusionMatrix_AndShowsTheThresholdFigures()
    {
        var run = ReportRuns.Hostile(multiLabel: true);
        var seen = Open(run, "--threshold", "0.3");
        Assert.Empty(seen.GetProperty("confusionHeadings").EnumerateArray());
        var atPointThree = ClassificationEvaluator.Sweep(run.Evaluation.Data, new[] { 0.3 })[0];
        Assert.Equal(Fixed(atPointThree.Precision), seen.GetProperty("atThreshold").GetProperty("precision").GetString());
        Assert.Equal(Fixed(atPointThree.Recall), seen.GetProperty("atThreshold").GetProperty("recall").GetString());
        Assert.Equal(Fixed(run.Evaluation.HammingLoss), seen.GetProperty("summary").GetProperty("hammingLoss").GetString());
        // The ranking figures of the evaluation (as evaluate --format json writes them), each with a line saying what it means.
        Assert.Equal(Fixed(run.Evaluation.LabelRankingAveragePrecision), seen.GetProperty("summary").GetProperty("labelRankingAveragePrecision").GetString());
        Assert.Equal(Fixed(run.Evaluation.CoverageError), seen.GetProperty("summary").GetProperty("coverageError").GetString());
        var notes = seen.GetProperty("notes");
        Assert.StartsWith("Per true label, the share of true labels ranked at or above it", notes.GetProperty("labelRankingAveragePrecision").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("lower is better (at least the true labels\u2019 number, at most 3).", notes.GetProperty("coverageError").GetString(), StringComparison.Ordinal);
        // Hamming loss is the evaluation's, at the run's threshold 0.5, not the slider's 0.3: its note says so, writing 0.5
        // as macro F1's name below (and the CLI) does.
        Assert.Equal("Wrong (item, label) decisions at the run\u2019s threshold 0.5; lower is better.", notes.GetProperty("hammingLoss").GetString());
        // So is macro F1, which names that threshold as the CLI's table does (the engine's MacroF1Name).
        Assert.Equal("Macro F1 @ 0.5", seen.GetProperty("summaryTitles").GetProperty("macroF1").GetString());
        Assert.Equal(Fixed(run.Evaluation.MacroF1), seen.GetProperty("summary").GetProperty("macroF1").GetString());
        // Multi-label galleries are decided at the slider's threshold, so its help names them.
        Assert.Equal("Arrow keys: ±0.01. It moves the figures at threshold, the curves’ marker, the label table and the galleries.", seen.GetProperty("thresholdHelp").GetString());
    }

    [Fact]
    public void DemoReport_At400PixelsWide_NeitherScrollsSidewaysNorSqueezesTheLabelColumn()
    {
        var seen = Open(ReportRuns.Demo, "--width", "400", "--enlarge", "true");
        var layout = seen.GetProperty("layout");
        // The section links wrap instead of running off the page; a name column keeps 10 characters (13 px text: ~80 px).
        Assert.Equal(0, layout.GetProperty("horizontalOverflow").GetDouble());
        Assert.True(layout.GetProperty("narrowestFirstColumn").GetDouble() >= 70, $"first column {layout.GetProperty("narrowestFirstColumn")} px wide");
        // The sticky slider bar keeps to two short lines (it was 150 px, a fifth of an 800 px screen, its help in three lines).
        Assert.True(layout.GetProperty("thresholdBarHeight").GetDouble() <= 70, $"threshold bar {layout.GetProperty("thresholdBarHeight")} px high");
        // The larger view's image fits its dialog (it was 384 px in a dialog narrower than that, its right edge cut off).
        var enlarged = seen.GetProperty("enlarged");
        Assert.True(enlarged.GetProperty("open").GetBoolean());
        Assert.Equal(0, enlarged.GetProperty("overflow").GetDouble());
        Assert.True(enlarged.GetProperty("imageWidth").GetDouble() < 384);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(1280)]
    public void LongLabels_WrapInsideThePage_AtAnyWidth(int width)
    {
        // A label of 300 letters without a space, a long sentence, and a right-to-left one: gallery cards, the status line,
        // the list boxes and tables hold them without the page scrolling sideways (tables scroll inside their section).
        var word = string.Concat(Enumerable.Repeat("Supercalifragilisticexpialidocious", 9));
        var run = ReportRuns.Hostile(labels: new[] { word, "a very long label name that goes on and on and on and on and on and on to the end", "\u05d7\u05ea\u05d5\u05dc \u05e9\u05d7\u05d5\u05e8" });
        var seen = Open(run, "--width", width.ToString(CultureInfo.InvariantCulture), "--gallery-label", "0", "--gallery-outcome", "tp", "--enlarge", "true");
        Assert.NotEmpty(seen.GetProperty("galleryFirst").GetProperty("items").EnumerateArray());
        var layout = seen.GetProperty("layout");
        Assert.Equal(0, layout.GetProperty("horizontalOverflow").GetDouble());
        // The larger view of the first card (c.png, true label the 300-letter word) wraps it: the dialog does not scroll
        // sideways (it scrolled 1,700 px at 1280 px wide).
        var enlarged = seen.GetProperty("enlarged");
        Assert.Equal("True: " + word, enlarged.GetProperty("truth").GetString());
        Assert.Equal(0, enlarged.GetProperty("overflow").GetDouble());
        // The matrix's headings are cut after three lines of 13 px text (19 px each, 8 px padding), whole in their
        // tooltips: the word's column heading was 25 lines (~470 px) high, its row heading 260 px wide.
        Assert.True(layout.GetProperty("confusionHeadingHeight").GetDouble() <= 3 * 19 + 8 + 2, $"matrix headings {layout.GetProperty("confusionHeadingHeight")} px high");
        Assert.True(layout.GetProperty("confusionRowHeadingWidth").GetDouble() <= 160, $"matrix row headings {layout.GetProperty("confusionRowHeadingWidth")} px wide");
        var labels = run.Evaluation.Labels;
        Assert.Equal(labels.Concat(labels), seen.GetProperty("confusionHeadingTitles").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(labels, seen.GetProperty("confusionHeadings").EnumerateArray().Skip(1).Select(t => t.GetString()));
        // Each label on a card is isolated, so that the right-to-left one keeps its score on its right: c.png (row 3: 0.9,
        // 0.05, 0.05) is the first true positive of the first label.
        var card = seen.GetProperty("galleryFirst").GetProperty("captions")[0].EnumerateArray().Select(l => l.GetString()).ToArray();
        Assert.Equal($"[{word}]: 0.9000", card[0]);
        Assert.Equal($"top: [{word}] 0.900, [a very long label name that goes on and on and on and on and on and on to the end] 0.050, [\u05d7\u05ea\u05d5\u05dc \u05e9\u05d7\u05d5\u05e8] 0.050", card[2]);
    }

    [Fact]
    public void DemoReport_AGalleryOrCellOfOneImage_SaysItInTheSingular()
    {
        // The demo's matrix by top label: one zero is taken for a one (row 0, column 1 of 10), and one nine for a four (the
        // only false positive of four).
        var seen = Open(ReportRuns.Demo, "--confusion-cell", "1", "--gallery-label", "4", "--gallery-outcome", "fp");
        var gallery = seen.GetProperty("galleryFirst");
        Assert.Equal("1 false positive of \u201cfour\u201d by top label (each image\u2019s highest-scored label, whatever the threshold).", gallery.GetProperty("status").GetString());
        Assert.Single(gallery.GetProperty("items").EnumerateArray());
        var cell = seen.GetProperty("cellGallery");
        Assert.Equal("1 image of true \u201czero\u201d whose top label is \u201cone\u201d (confusion matrix cell).", cell.GetProperty("status").GetString());
        Assert.Single(cell.GetProperty("items").EnumerateArray());
    }
}
