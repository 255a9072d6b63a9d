using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Detection;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

public sealed class ReleaseGateTests
{
    [Fact]
    public void Value_gates_pass_at_their_boundary_and_fail_past_it()
    {
        // The demo's accuracy is exactly 484/540.
        var evaluation = DemoData.Evaluate("predictions.test.jsonl");
        var accuracy = 484.0 / 540;
        var results = ReleaseGates.Check(new[]
        {
            new ReleaseGate(GateKind.Minimum, "accuracy", accuracy),
            new ReleaseGate(GateKind.Minimum, "accuracy", Math.BitIncrement(accuracy)),
            new ReleaseGate(GateKind.Maximum, "accuracy", accuracy),
            new ReleaseGate(GateKind.Maximum, "accuracy", Math.BitDecrement(accuracy)),
        }, evaluation);
        Assert.Equal(new[] { true, false, true, false }, results.Select(r => r.Passed));
        // One bit past the limit: the value in full and the gap in significant digits, not "is 0.896296 ... short by 0".
        var next = Math.BitIncrement(accuracy);
        Assert.Equal($"accuracy is {accuracy:R}; it must be at least {next:R} (short by {next - accuracy:G3})", results[1].Message);
        Assert.Contains("over by", results[3].Message, StringComparison.Ordinal);
        // A gap that shows at six decimals keeps the short form.
        var far = ReleaseGates.Check(new[] { new ReleaseGate(GateKind.Minimum, "accuracy", 0.95) }, evaluation).Single();
        Assert.Equal("accuracy is 0.896296; it must be at least 0.95 (short by 0.053704)", far.Message);
    }

    [Fact]
    public void Drop_gates_measure_against_the_baseline_in_the_metrics_direction()
    {
        var data = DemoData.Load("predictions.test.jsonl");
        var comparison = ModelComparer.Compare(data, DemoData.Weakened(data), new ComparisonOptions { BootstrapSamples = 200 });
        var accuracy = comparison.Metric("accuracy");
        var logLoss = comparison.Metric("logLoss");
        var accuracyDrop = accuracy.Reference - accuracy.Candidate;
        var logLossRise = logLoss.Candidate - logLoss.Reference;
        Assert.True(accuracyDrop > 0 && logLossRise > 0);
        var results = ReleaseGates.Check(new[]
        {
            new ReleaseGate(GateKind.MaxDrop, "accuracy", accuracyDrop + 1e-12),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", accuracyDrop - 1e-12),
            new ReleaseGate(GateKind.MaxDrop, "logLoss", logLossRise + 1e-12),
            new ReleaseGate(GateKind.MaxDrop, "logLoss", logLossRise - 1e-12),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", (accuracyDrop / accuracy.Reference) + 1e-12, Relative: true),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", (accuracyDrop / accuracy.Reference) - 1e-12, Relative: true),
        }, comparison.Candidate, comparison);
        Assert.Equal(new[] { true, false, true, false, true, false }, results.Select(r => r.Passed));
        Assert.Equal(accuracyDrop, results[0].Drop, 15);
    }

    [Fact]
    public void A_drop_exactly_at_its_limit_passes_though_the_subtraction_rounds_it_up()
    {
        // 91 of 100 items right, then 90: a drop of 0.01, which 0.91 − 0.90 gives as 0.010000000000000009.
        SavedEvaluation Saved(string file, double accuracy) => new(file, false, 100, 0.5, new[] { new KeyValuePair<string, double>("accuracy", accuracy) });
        var (baseline, candidate) = (Saved("last.json", 0.91), Saved("new.json", 0.90));
        Assert.True(0.91 - 0.90 > 0.01);
        var results = ReleaseGates.Check(new[]
        {
            new ReleaseGate(GateKind.MaxDrop, "accuracy", 0.01),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", 0.01 - 1e-12),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", 1.0 / 91, Relative: true),
            new ReleaseGate(GateKind.MaxDrop, "accuracy", (1.0 / 91) - 1e-12, Relative: true),
        }, candidate, baseline);
        Assert.Equal(new[] { true, false, true, false }, results.Select(r => r.Passed));
    }

    [Fact]
    public void A_relative_drop_from_a_baseline_of_0_is_none_when_nothing_changed_and_unbounded_when_it_worsened()
    {
        // At threshold 1 no demo score decides a label: micro recall is 0 for both sides, which is defined, not a drop.
        var data = DemoData.Load("predictions.test.jsonl");
        var atOne = new ComparisonOptions { BootstrapSamples = 0, Evaluation = new ClassificationOptions { Threshold = 1.0 } };
        var same = ReleaseGates.Check(new[] { new ReleaseGate(GateKind.MaxDrop, "microRecall", 0.1, Relative: true) }, ClassificationEvaluator.Evaluate(data, atOne.Evaluation), ModelComparer.Compare(data, data, atOne)).Single();
        Assert.Equal((0.0, 0.0, true), (same.Baseline, same.Drop, same.Passed));
        // Log loss is lower-better: from the demo's own to a weakened model's is a worsening, relative to the baseline's.
        var logLoss = ReleaseGates.Check(new[] { new ReleaseGate(GateKind.MaxDrop, "logLoss", 0.1, Relative: true) }, ClassificationEvaluator.Evaluate(data), ModelComparer.Compare(data, data, new ComparisonOptions { BootstrapSamples = 0 })).Single();
        Assert.Equal((0.0, true), (logLoss.Drop, logLoss.Passed));
    }

    [Theory]
    [InlineData("accuracy=0.9000001", GateKind.Minimum, "min accuracy=0.9000001")]
    [InlineData("accuracy=0.95", GateKind.Minimum, "min accuracy=0.95")]
    [InlineData("auPrc=0.0125%", GateKind.MaxDrop, "max-drop auPrc=0.0125%")]
    [InlineData("auPrc=1.5E-3", GateKind.MaxDrop, "max-drop auPrc=1.5E-3")]
    public void A_gate_is_named_with_its_limit_as_written(string text, GateKind kind, string name)
    {
        var gate = ReleaseGate.Parse(kind, text);
        Assert.Equal(name, gate.ToString());
        // Its message states the limit so too: a value just under 0.7500001 was "0.75; it must be at least 0.75".
        if (kind == GateKind.Minimum)
        {
            var result = ReleaseGates.Check(new[] { gate }, DemoData.Evaluate("predictions.test.jsonl")).Single();
            Assert.EndsWith($"it must be at least {text.Split('=')[1]} (short by {gate.Limit - (484.0 / 540):0.######})", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_limit_is_shown_as_written_in_the_invariant_culture_and_as_a_number_in_another()
    {
        // One rule for the CLI's check output (invariant: the text as typed, "0.950" kept) and Test-ModelEvaluation's Gate
        // column (its -Detailed view passes the session's culture, so the limit reads as the values beside it do).
        var german = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        var typed = ReleaseGate.Parse(GateKind.Minimum, "auPrc=0.950");
        Assert.Equal(("0.950", "0,95"), (typed.FormatLimit(System.Globalization.CultureInfo.InvariantCulture), typed.FormatLimit(german)));
        // A cmdlet's gate is a number (no text typed): in full, to the last digit; a relative drop's percentage to six decimals.
        var number = new ReleaseGate(GateKind.Minimum, "auPrc", 0.9000000000000001);
        Assert.Equal(("0.9000000000000001", "0,9000000000000001"), (number.FormatLimit(System.Globalization.CultureInfo.InvariantCulture), number.FormatLimit(german)));
        var relative = new ReleaseGate(GateKind.MaxDrop, "accuracy", 0.015, Relative: true);
        Assert.Equal(("1.5%", "1,5%", "max-drop accuracy=1.5%"), (relative.FormatLimit(System.Globalization.CultureInfo.InvariantCulture), relative.FormatLimit(german), relative.ToString()));
    }

    [Fact]
    public void Only_significant_drops_fail_when_asked()
    {
        var data = DemoData.Load("predictions.test.jsonl");
        // Two items the demo gets right, made wrong: a drop of 2/540 in accuracy that 200 paired resamples cannot
        // tell from noise (a resample misses both items with probability about e^-2 = 0.14 > 0.025).
        var right = Enumerable.Range(0, data.ItemCount).Where(i => data.IsDecidedCorrectly(i, 0.5)).Take(2).ToHashSet();
        var slightly = ModelComparer.Compare(data, DemoData.Weakened(data, right.Contains), new ComparisonOptions { BootstrapSamples = 200 });
        var clearly = ModelComparer.Compare(data, DemoData.Weakened(data), new ComparisonOptions { BootstrapSamples = 200 });
        Assert.Equal(2, slightly.Broken);
        var gate = new ReleaseGate(GateKind.MaxDrop, "accuracy", 0.001);
        Assert.False(ReleaseGates.Check(new[] { gate }, slightly.Candidate, slightly)[0].Passed);
        var lenient = ReleaseGates.Check(new[] { gate }, slightly.Candidate, slightly, onlySignificant: true)[0];
        Assert.True(lenient.Passed);
        Assert.Contains("not significant", lenient.Message, StringComparison.Ordinal);
        Assert.False(ReleaseGates.Check(new[] { gate }, clearly.Candidate, clearly, onlySignificant: true)[0].Passed);
    }

    [Fact]
    public void Only_significant_drops_need_the_bootstrap_intervals()
    {
        // Without resamples no interval excludes 0: every drop would pass as "not significant".
        var data = DemoData.Load("predictions.test.jsonl");
        var unresampled = ModelComparer.Compare(data, DemoData.Weakened(data), new ComparisonOptions { BootstrapSamples = 0 });
        var gate = new[] { new ReleaseGate(GateKind.MaxDrop, "accuracy", 0.001) };
        Assert.Throws<ArgumentException>(() => ReleaseGates.Check(gate, unresampled.Candidate, unresampled, onlySignificant: true));
        Assert.False(ReleaseGates.Check(gate, unresampled.Candidate, unresampled)[0].Passed);
    }

    [Fact]
    public void Value_gates_measure_the_whole_evaluation_not_the_paired_items()
    {
        // The comparison pairs 500 of the candidate's 540 items; a value gate reads the 540.
        var data = DemoData.Load("predictions.test.jsonl");
        var candidate = ClassificationEvaluator.Evaluate(data);
        var comparison = ModelComparer.Compare(data.SelectItems(Enumerable.Range(0, 500).ToList()), data, new ComparisonOptions { BootstrapSamples = 0 });
        Assert.Equal(500, comparison.Matching.PairedItems);
        var results = ReleaseGates.Check(new[] { new ReleaseGate(GateKind.Minimum, "accuracy", 0.5), new ReleaseGate(GateKind.MaxDrop, "accuracy", 0) }, candidate, comparison);
        Assert.Equal(484.0 / 540, results[0].Value);
        Assert.Equal(comparison.Candidate.Accuracy, results[1].Value);
        Assert.NotEqual(results[0].Value, results[1].Value);
    }

    [Theory]
    [InlineData("recall=0.9", "microRecall", 0.9, false)]
    [InlineData("auPrc=0.95", "auPrc", 0.95, false)]
    [InlineData("AUPRC = 0.95", "auPrc", 0.95, false)]
    [InlineData("accuracy=1%", "accuracy", 0.01, true)]
    public void Gates_parse_from_name_equals_value(string text, string metric, double limit, bool relative)
    {
        var gate = ReleaseGate.Parse(text.EndsWith('%') ? GateKind.MaxDrop : GateKind.Minimum, text);
        Assert.Equal(metric, gate.Metric);
        Assert.Equal(limit, gate.Limit, 15);
        Assert.Equal(relative, gate.Relative);
    }

    [Theory]
    [InlineData("auPrc")]
    [InlineData("auprcx=0.9")]
    [InlineData("auPrc=high")]
    [InlineData("auPrc=NaN")]
    public void Malformed_gates_say_what_is_wrong(string text) =>
        Assert.Throws<FormatException>(() => ReleaseGate.Parse(GateKind.Minimum, text));

    [Theory]
    [InlineData("ap50=0.5", GateKind.Minimum, "ap50")]
    [InlineData("AP50=0.5", GateKind.Minimum, "ap50")]
    [InlineData("APs=0.5", GateKind.Minimum, "apSmall")]
    [InlineData("arlarge=0.5", GateKind.Maximum, "arLarge")]
    [InlineData("AP=1%", GateKind.MaxDrop, "ap")]
    public void Detection_gates_name_the_evaluate_jsons_coco_stats(string text, GateKind kind, string metric) =>
        Assert.Equal(metric, ReleaseGate.ParseDetection(kind, text).Metric);

    [Theory]
    [InlineData("auPrc=0.9", GateKind.Minimum, "no detection metric 'auPrc'")]
    [InlineData("ar100=0.01", GateKind.MaxDrop, "ap, ap50, ap75 only")]
    public void Detection_gates_refuse_what_they_cannot_measure(string text, GateKind kind, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => ReleaseGate.ParseDetection(kind, text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Detection_gates_read_the_coco_stats_and_drops_the_paired_comparison()
    {
        // tiny_bbox: AP 0.41089, AP50 0.75248, APs 0.7 (expected.json); a comparison with itself drops by exactly 0.
        var evaluation = Tests.Detection.CocoParityTests.Evaluate("tiny_bbox", out _);
        var comparison = DetectionComparer.Compare(evaluation, evaluation, bootstrapSamples: 20);
        var gates = new[] { "ap50=0.75", "APs=0.71" }.Select(t => ReleaseGate.ParseDetection(GateKind.Minimum, t))
            .Append(ReleaseGate.ParseDetection(GateKind.Maximum, "ap=0.41"))
            .Append(ReleaseGate.ParseDetection(GateKind.MaxDrop, "ap75=0"));

        var results = ReleaseGates.Check(gates, evaluation, comparison, onlySignificant: true);

        Assert.Equal(new[] { true, false, false, true }, results.Select(r => r.Passed));
        Assert.Equal(new[] { evaluation.Stats.Ap50, 0.7, evaluation.Stats.Ap, evaluation.Stats.Ap75 }, results.Select(r => r.Value));
        Assert.Equal(0, results[3].Drop);
        Assert.Equal("min apSmall=0.71", results[1].Gate.ToString());
    }

    [Fact]
    public void A_detection_statistic_coco_leaves_undefined_fails_its_gate()
    {
        // edge_degenerate_boxes has no large objects: APl is -1 in pycocotools' summary (expected.json).
        var evaluation = Tests.Detection.CocoParityTests.Evaluate("edge_degenerate_boxes", out _);
        Assert.True(evaluation.Stats.ApLarge < 0);

        var result = ReleaseGates.Check(new[] { ReleaseGate.ParseDetection(GateKind.Minimum, "apLarge=0") }, evaluation).Single();

        Assert.False(result.Passed);
        Assert.True(double.IsNaN(result.Value));
        Assert.Contains("undefined", result.Message, StringComparison.Ordinal);
    }
}
