using System.Text;
using System.Text.Json;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

/// <summary>
/// A saved evaluation (the evaluate JSON) read back as the baseline of a gate: the same headline values to the last
/// digit, the fields that tell whether it is comparable, and errors naming the file and the field.
/// </summary>
public sealed class SavedEvaluationTests
{
    private static string WriteJson(TempFolder folder, string name, ClassificationEvaluation evaluation, string? mlUse = "test")
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            ClassificationJson.Write(writer, evaluation, mlUse: mlUse);
        }
        return folder.Write(name, Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static ClassificationEvaluation MultiLabel() => ClassificationRun.Start(
        Fixture.Path("multilabel", "ground_truth.jsonl"), Fixture.Path("multilabel", "predictions.jsonl"), new ClassificationInputOptions(), new ClassificationOptions(), new IssueLog()).Evaluation;

    [Fact]
    public void A_single_label_evaluation_reads_back_with_the_same_headline_values()
    {
        using var folder = new TempFolder();
        var evaluation = DemoData.Evaluate("predictions.test.jsonl");
        var saved = ClassificationJson.Read(WriteJson(folder, "last.json", evaluation));
        foreach (var metric in HeadlineMetrics.All)
        {
            Assert.False(double.IsNaN(saved.Value(metric)), metric.Name);
            Assert.Equal(metric.Value(evaluation), saved.Value(metric), 1e-15);
        }
        Assert.False(saved.IsMultiLabel);
        Assert.Equal(540, saved.Items);
        Assert.Equal(0.5, saved.Threshold);
        Assert.Equal("test", saved.MlUse);
        Assert.Equal(evaluation.Labels, saved.Labels);
        // Every label's figures as written: the same doubles, in label order.
        Assert.Equal(
            evaluation.PerLabel.Select(l => (l.Label, l.Support, l.AuPrc, l.AuRoc, l.AtThreshold.Precision, l.AtThreshold.Recall, l.AtThreshold.F1, l.BestF1.F1, l.BestF1.Threshold, l.ArgMax!.Value.F1)),
            saved.PerLabel!.Select(l => (l.Label, l.Support, l.AuPrc, l.AuRoc, l.Precision, l.Recall, l.F1Score, l.BestF1Score, l.BestF1Threshold, l.ArgMaxF1Score)));
    }

    [Fact]
    public void A_multi_label_evaluation_reads_back_without_calibration()
    {
        using var folder = new TempFolder();
        var evaluation = MultiLabel();
        var saved = ClassificationJson.Read(WriteJson(folder, "last.json", evaluation, mlUse: null));
        Assert.True(saved.IsMultiLabel);
        Assert.Null(saved.MlUse);
        foreach (var metric in HeadlineMetrics.All)
        {
            // Multi-label evaluations have no calibration block: ECE and the Brier score are undefined on both sides.
            if (metric.Name is "expectedCalibrationError" or "brierScore") Assert.True(double.IsNaN(saved.Value(metric)) && double.IsNaN(metric.Value(evaluation)), metric.Name);
            else Assert.Equal(metric.Value(evaluation), saved.Value(metric), 1e-15);
        }
    }

    [Fact]
    public void What_Windows_PowerShell_redirects_reads_too_UTF16_with_its_byte_order_mark()
    {
        using var folder = new TempFolder();
        var utf8 = WriteJson(folder, "utf8.json", DemoData.Evaluate("predictions.test.jsonl"));
        var utf16 = Path.Combine(folder.Root, "utf16.json");
        File.WriteAllText(utf16, File.ReadAllText(utf8), Encoding.Unicode);
        Assert.Equal(ClassificationJson.Read(utf8).Value(HeadlineMetrics.Find("auPrc")), ClassificationJson.Read(utf16).Value(HeadlineMetrics.Find("auPrc")));
    }

    [Theory]
    [InlineData("""{"task":"classification-single-label","items":5,"auPrc":0.5}""", "MissingField", "threshold")]
    [InlineData("""{"task":"classification-single-label","items":5,"threshold":0.5,"auPrc":"high"}""", "InvalidField", "auPrc")]
    [InlineData("""{"task":"object-detection","items":5}""", "NotClassification", "task")]
    [InlineData("""{"items":5}""", "MissingField", "task")]
    [InlineData("""{"task":"classification-single-label","items":-1}""", "InvalidField", "items")]
    [InlineData("""[1, 2]""", "NotAnEvaluation", "")]

    public void A_file_that_is_no_saved_evaluation_is_refused_naming_the_field(string json, string code, string field)
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.json", json);
        var error = Assert.Throws<InputFormatException>(() => ClassificationJson.Read(path));
        Assert.Equal(code, error.Issue.Code);
        Assert.Equal(field, error.Issue.Field);
        Assert.Equal(path, error.Issue.Source);
    }

    [Theory]
    [InlineData(1, "support", null, "perLabel[1].support")]
    [InlineData(0, "auRoc", "high", "perLabel[0].auRoc")]
    public void A_label_figure_that_cannot_be_read_is_named_with_its_entry(int label, string figure, string? value, string field)
    {
        using var folder = new TempFolder();
        var path = WriteJson(folder, "last.json", DemoData.Evaluate("predictions.test.jsonl"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var entry = json["perLabel"]![label]!.AsObject();
        if (value is null) entry.Remove(figure);
        else entry[figure] = value;
        File.WriteAllText(path, json.ToJsonString());
        var error = Assert.Throws<InputFormatException>(() => ClassificationJson.Read(path));
        Assert.Equal(("InvalidField", field), (error.Issue.Code, error.Issue.Field));
    }

    [Fact]
    public void A_missing_metric_is_named_with_its_object()
    {
        using var folder = new TempFolder();
        var path = WriteJson(folder, "last.json", DemoData.Evaluate("predictions.test.jsonl"));
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"brierScore\"", "\"brier\"", StringComparison.Ordinal));
        var error = Assert.Throws<InputFormatException>(() => ClassificationJson.Read(path));
        Assert.Equal("calibration.brierScore", error.Issue.Field);
    }

    [Fact]
    public void Text_that_is_not_JSON_is_refused_with_its_line()
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.json", "{\n  \"task\": \"classification-single-label\",\n  oops\n}");
        var error = Assert.Throws<InputFormatException>(() => ClassificationJson.Read(path));
        Assert.Equal("InvalidJson", error.Issue.Code);
        Assert.Equal(3, error.Issue.Line);
    }

    [Fact]
    public void Drop_gates_against_a_saved_evaluation_measure_the_whole_evaluations()
    {
        using var folder = new TempFolder();
        var data = DemoData.Load("predictions.test.jsonl");
        var baseline = ClassificationEvaluator.Evaluate(data);
        var candidate = ClassificationEvaluator.Evaluate(DemoData.Weakened(data));
        var saved = ClassificationJson.Read(WriteJson(folder, "last.json", baseline));
        // The weaker copy fixes 14 items and breaks 160: the accuracy drops by exactly 146/540.
        var drop = baseline.Accuracy - candidate.Accuracy;
        Assert.Equal(146.0 / 540, drop, 12);
        var results = ReleaseGates.Check(new[]
        {
            new ReleaseGate(GateKind.MaxDrop, "accuracy", drop),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", drop - 1e-12),
            new ReleaseGate(GateKind.MaxDrop, "logLoss", 0),
            new ReleaseGate(GateKind.Minimum, "auPrc", candidate.MicroAuPrc),
        }, candidate, saved);
        Assert.Equal(new[] { true, false, false, true }, results.Select(r => r.Passed));
        Assert.Equal(baseline.Accuracy, results[0].Baseline);
        Assert.Equal(candidate.Accuracy, results[0].Value);
        Assert.Equal(candidate.LogLoss - baseline.LogLoss, results[2].Drop, 15);
        Assert.True(double.IsNaN(results[3].Baseline));
    }

    [Fact]
    public void A_saved_evaluation_at_another_threshold_or_kind_is_not_comparable()
    {
        var candidate = DemoData.Evaluate("predictions.test.jsonl");
        var metrics = HeadlineMetrics.All.Select(m => new KeyValuePair<string, double>(m.Name, m.Value(candidate))).ToArray();
        var gate = new[] { new ReleaseGate(GateKind.MaxDrop, "auPrc", 0.01) };
        var otherThreshold = new SavedEvaluation("last.json", false, 540, 0.3, metrics);
        var error = Assert.Throws<InputFormatException>(() => ReleaseGates.Check(gate, candidate, otherThreshold));
        Assert.Equal(("NotComparable", "last.json", "threshold"), (error.Issue.Code, error.Issue.Source, error.Issue.Field));
        var multiLabel = new SavedEvaluation("last.json", true, 540, 0.5, metrics);
        Assert.Equal("task", Assert.Throws<InputFormatException>(() => ReleaseGates.Check(gate, candidate, multiLabel)).Issue.Field);
        var otherLabels = new SavedEvaluation("last.json", false, 540, 0.5, metrics, labels: candidate.Labels.Skip(1).Append("ten").ToArray());
        Assert.Equal("perLabel", Assert.Throws<InputFormatException>(() => ReleaseGates.Check(gate, candidate, otherLabels)).Issue.Field);
        // The same labels in another order (a predictions file without ids lists them as its first line does) compare.
        var reordered = new SavedEvaluation("last.json", false, 540, 0.5, metrics, labels: candidate.Labels.Reverse().ToArray());
        Assert.Equal(0, ReleaseGates.Check(gate, candidate, reordered)[0].Drop);
        // The same values: a drop of 0.
        Assert.Equal(0, ReleaseGates.Check(gate, candidate, new SavedEvaluation("last.json", false, 540, 0.5, metrics))[0].Drop);
    }

    [Fact]
    public void Other_items_or_another_split_are_warnings()
    {
        var candidate = DemoData.Evaluate("predictions.test.jsonl");
        var metrics = HeadlineMetrics.All.Select(m => new KeyValuePair<string, double>(m.Name, m.Value(candidate)));
        Assert.Empty(new SavedEvaluation("last.json", false, 540, 0.5, metrics, "test").Cautions(candidate, "test"));
        var cautions = new SavedEvaluation("last.json", false, 500, 0.5, metrics, "validation").Cautions(candidate, "test").ToArray();
        Assert.Equal(new[] { ("DifferentItems", "items"), ("DifferentSplit", "mlUse") }, cautions.Select(c => (c.Code, c.Field)));
        Assert.All(cautions, c => Assert.Equal(IssueSeverity.Warning, c.Severity));
        Assert.Contains("500 items and the new one 540", cautions[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("camera", "b")]
    [InlineData("camera", null)]
    public void A_saved_slice_reads_back_as_that_slice(string key, string? value)
    {
        using var folder = new TempFolder();
        var path = System.IO.Path.Combine(folder.Root, "slice.json");
        ClassificationJson.Save(path, DemoData.Evaluate("predictions.test.jsonl"), mlUse: "test", sliceKey: key, sliceValue: value);
        var saved = ClassificationJson.Read(path);
        Assert.Equal(key, saved.SliceKey);
        Assert.Equal(value, saved.SliceValue);
        // After mlUse, in the names of a slices[] entry.
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.IndexOf("mlUse") + 1, names.IndexOf("slice"));
        Assert.Equal(new[] { "key", "value" }, document.RootElement.GetProperty("slice").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_whole_evaluation_saved_has_no_slice()
    {
        using var folder = new TempFolder();
        var path = WriteJson(folder, "last.json", DemoData.Evaluate("predictions.test.jsonl"));
        var saved = ClassificationJson.Read(path);
        Assert.Null(saved.SliceKey);
        Assert.Null(saved.SliceValue);
        Assert.DoesNotContain("\"slice\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"task":"classification-single-label","items":5,"threshold":0.5,"slice":"camera=b"}""", "InvalidField", "slice")]
    [InlineData("""{"task":"classification-single-label","items":5,"threshold":0.5,"slice":{"value":"b"}}""", "MissingField", "slice.key")]
    [InlineData("""{"task":"classification-single-label","items":5,"threshold":0.5,"slice":{"key":"camera"}}""", "MissingField", "slice.value")]
    [InlineData("""{"task":"classification-single-label","items":5,"threshold":0.5,"slice":{"key":"camera","value":3}}""", "InvalidField", "slice.value")]
    public void A_slice_that_cannot_be_read_is_named(string json, string code, string field)
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<InputFormatException>(() => ClassificationJson.Read(folder.Write("bad.json", json)));
        Assert.Equal(code, error.Issue.Code);
        Assert.Equal(field, error.Issue.Field);
    }

    [Fact]
    public void Another_slice_or_the_whole_against_a_saved_slice_is_a_warning()
    {
        var candidate = DemoData.Evaluate("predictions.test.jsonl");
        var metrics = HeadlineMetrics.All.Select(m => new KeyValuePair<string, double>(m.Name, m.Value(candidate))).ToArray();
        var slice = new SavedEvaluation("b.json", false, 540, 0.5, metrics, "test") { SliceKey = "camera", SliceValue = "b" };
        Assert.Empty(slice.Cautions(candidate, "test", "camera", "b"));
        // The same number of items, so only the slice tells them apart.
        var other = Assert.Single(slice.Cautions(candidate, "test", "camera", null));
        Assert.Equal(("DifferentSlice", "slice", IssueSeverity.Warning), (other.Code, other.Field, other.Severity));
        Assert.Equal("the saved evaluation is of the slice camera=b and the new one of the slice camera=(none)", other.Message);
        Assert.Equal("the saved evaluation is of the slice camera=b and the new one of every item (no slice)", Assert.Single(slice.Cautions(candidate, "test")).Message);
        var whole = new SavedEvaluation("all.json", false, 540, 0.5, metrics, "test");
        Assert.Equal("DifferentSlice", Assert.Single(whole.Cautions(slice)).Code);
        Assert.Empty(whole.Cautions(candidate, "test"));
    }

    [Fact]
    public void A_saved_candidate_is_gated_on_its_saved_figures_as_the_evaluation_itself()
    {
        using var folder = new TempFolder();
        var data = DemoData.Load("predictions.test.jsonl");
        var baseline = ClassificationEvaluator.Evaluate(data);
        var candidate = ClassificationEvaluator.Evaluate(DemoData.Weakened(data));
        var savedBaseline = ClassificationJson.Read(WriteJson(folder, "last.json", baseline));
        var savedCandidate = ClassificationJson.Read(WriteJson(folder, "new.json", candidate));
        // The weaker copy fixes 14 items and breaks 160: 338 of 540 right, 146/540 fewer than the baseline.
        Assert.Equal(338.0 / 540, savedCandidate.Value(HeadlineMetrics.Find("accuracy")), 12);
        var drop = baseline.Accuracy - candidate.Accuracy;
        var gates = new[]
        {
            new ReleaseGate(GateKind.Minimum, "accuracy", candidate.Accuracy),
            new ReleaseGate(GateKind.Minimum, "accuracy", Math.BitIncrement(candidate.Accuracy)),
            new ReleaseGate(GateKind.Maximum, "logLoss", candidate.LogLoss),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", drop),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", drop - 1e-12),
            new ReleaseGate(GateKind.MaxDrop, "logLoss", 0),
        };
        var fromSaved = ReleaseGates.Check(gates, savedCandidate, savedBaseline);
        var fromEvaluation = ReleaseGates.Check(gates, candidate, savedBaseline);
        Assert.Equal(new[] { true, false, true, true, false, false }, fromSaved.Select(r => r.Passed));
        Assert.Equal(fromEvaluation.Select(r => (r.Passed, r.Value, r.Baseline, r.Drop)), fromSaved.Select(r => (r.Passed, r.Value, r.Baseline, r.Drop)));
        // Value gates need no baseline; a drop gate without one is refused.
        Assert.Equal(new[] { true, false }, ReleaseGates.Check(gates.Take(2), savedCandidate).Select(r => r.Passed));
        Assert.Throws<ArgumentException>(() => ReleaseGates.Check(gates.Skip(3), savedCandidate));
    }

    [Fact]
    public void Two_saved_evaluations_at_other_thresholds_kinds_or_labels_are_not_comparable()
    {
        var evaluation = DemoData.Evaluate("predictions.test.jsonl");
        var metrics = HeadlineMetrics.All.Select(m => new KeyValuePair<string, double>(m.Name, m.Value(evaluation))).ToArray();
        var candidate = new SavedEvaluation("new.json", false, 540, 0.5, metrics, "test", evaluation.Labels);
        var gate = new[] { new ReleaseGate(GateKind.MaxDrop, "auPrc", 0.01) };
        string Field(SavedEvaluation baseline) => Assert.Throws<InputFormatException>(() => ReleaseGates.Check(gate, candidate, baseline)).Issue.Field;
        Assert.Equal("threshold", Field(new SavedEvaluation("last.json", false, 540, 0.3, metrics)));
        Assert.Equal("task", Field(new SavedEvaluation("last.json", true, 540, 0.5, metrics)));
        Assert.Equal("perLabel", Field(new SavedEvaluation("last.json", false, 540, 0.5, metrics, labels: evaluation.Labels.Skip(1).Append("ten").ToArray())));
        // Labels not saved on one side are not compared; the same values are a drop of 0.
        Assert.Equal(0, ReleaseGates.Check(gate, candidate, new SavedEvaluation("last.json", false, 540, 0.5, metrics))[0].Drop);
        var cautions = new SavedEvaluation("last.json", false, 500, 0.5, metrics, "validation").Cautions(candidate).ToArray();
        Assert.Equal(new[] { ("DifferentItems", "items"), ("DifferentSplit", "mlUse") }, cautions.Select(c => (c.Code, c.Field)));
    }

    [Fact]
    public void Saved_values_are_found_by_alias_too()
    {
        var saved = new SavedEvaluation("x", false, 1, 0.5, new[] { new KeyValuePair<string, double>("Recall", 0.25) });
        Assert.Equal(0.25, saved.Value(HeadlineMetrics.Find("microRecall")));
        Assert.True(double.IsNaN(saved.Value(HeadlineMetrics.Find("auPrc"))));
    }
}
