using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Comparison;
using Xunit;

namespace AutoMLEval.Tests.Comparison;

public sealed class ModelComparerTests
{
    private static readonly ComparisonOptions FewResamples = new() { BootstrapSamples = 200 };

    [Fact]
    public void A_model_compared_with_itself_has_zero_deltas_and_p_one()
    {
        var data = DemoData.Load("predictions.test.jsonl");
        var comparison = ModelComparer.Compare(data, data, FewResamples);
        foreach (var metric in comparison.Metrics)
        {
            Assert.Equal(0.0, metric.Delta);
            Assert.Equal(0.0, metric.CiLower);
            Assert.Equal(0.0, metric.CiUpper);
            Assert.False(metric.IsSignificant);
        }
        Assert.Equal(0, comparison.Fixed);
        Assert.Equal(0, comparison.Broken);
        Assert.Equal(1.0, comparison.McNemarPValue);
        // The demo's accuracy is 484 of 540 (0.8963).
        Assert.Equal(484, comparison.BothCorrect);
        Assert.Equal(56, comparison.BothWrong);
        Assert.All(comparison.PerLabel, l => Assert.Equal(0.0, l.AuPrcDelta));
    }

    [Fact]
    public void Hand_worked_decisions_give_fixed_broken_and_mcnemar()
    {
        // Six items, truth a, a, b, b, a, b. Reference top labels a, b, b, a, a, a: right on 1, 3, 5.
        // Candidate top labels a, a, b, b, b, b: right on 1, 2, 3, 4, 6. So item 2, 4 and 6 are fixed, item 5 broken,
        // 1 and 3 both right; McNemar: binomtest(3, 4, 0.5) = 2 · (1 + 4) / 16 = 0.625.
        var labels = new[] { "a", "b" };
        var ids = new[] { "1", "2", "3", "4", "5", "6" };
        var truth = new[] { true, false, true, false, false, true, false, true, true, false, false, true };
        var reference = new ClassificationData(labels, ids, new[] { 0.9, 0.1, 0.4, 0.6, 0.2, 0.8, 0.7, 0.3, 0.6, 0.4, 0.55, 0.45 }, truth, false);
        var candidate = new ClassificationData(labels, ids, new[] { 0.8, 0.2, 0.7, 0.3, 0.1, 0.9, 0.35, 0.65, 0.3, 0.7, 0.2, 0.8 }, truth, false);
        var comparison = ModelComparer.Compare(reference, candidate, new ComparisonOptions { BootstrapSamples = 0 });
        Assert.Equal(3, comparison.Fixed);
        Assert.Equal(1, comparison.Broken);
        Assert.Equal(2, comparison.BothCorrect);
        Assert.Equal(0, comparison.BothWrong);
        Assert.Equal(0.625, comparison.McNemarPValue, 15);
        // Accuracy 3/6 → 5/6.
        var accuracy = comparison.Metric("accuracy");
        Assert.Equal(0.5, accuracy.Reference, 15);
        Assert.Equal(5.0 / 6, accuracy.Candidate, 15);
        Assert.Equal((5.0 / 6) - 0.5, accuracy.Delta, 15);
        Assert.True(double.IsNaN(accuracy.CiLower));
        Assert.Equal(DecisionChange.Broken, comparison.Items.Single(i => i.ItemId == "5").Change);
    }

    [Fact]
    public void Pairing_ignores_item_and_label_order_and_counts_one_sided_items()
    {
        var data = DemoData.Load("predictions.test.jsonl");
        var weaker = DemoData.Weakened(data);
        var aligned = ModelComparer.Compare(data, weaker, FewResamples);

        // The candidate with its items shuffled, its label columns reversed and its first 40 items dropped.
        var shuffle = new Random(5);
        var rows = Enumerable.Range(40, weaker.ItemCount - 40).OrderBy(_ => shuffle.Next()).ToArray();
        var reversedLabels = weaker.Labels.Reverse().ToArray();
        var scores = new double[rows.Length * weaker.LabelCount];
        var truth = new bool[scores.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int j = 0; j < weaker.LabelCount; j++)
            {
                scores[(r * weaker.LabelCount) + j] = weaker.Score(rows[r], weaker.LabelCount - 1 - j);
                truth[(r * weaker.LabelCount) + j] = weaker.IsTrue(rows[r], weaker.LabelCount - 1 - j);
            }
        }
        var scrambled = new ClassificationData(reversedLabels, rows.Select(r => weaker.ItemIds[r]).ToArray(), scores, truth, false);
        var partial = ModelComparer.Compare(data, scrambled, FewResamples);
        Assert.Equal(500, partial.Matching.PairedItems);
        Assert.Equal(40, partial.Matching.OnlyInReference);
        Assert.Equal(0, partial.Matching.OnlyInCandidate);

        // On the same 500 items in the reference's order, the figures are the same as the scrambled pairing's.
        var last500 = Enumerable.Range(40, 500).ToArray();
        var expected = ModelComparer.Compare(data.SelectItems(last500), weaker.SelectItems(last500), FewResamples);
        for (int m = 0; m < expected.Metrics.Count; m++)
        {
            Assert.Equal(expected.Metrics[m].Reference, partial.Metrics[m].Reference, 12);
            Assert.Equal(expected.Metrics[m].Candidate, partial.Metrics[m].Candidate, 12);
            Assert.Equal(expected.Metrics[m].CiLower, partial.Metrics[m].CiLower, 12);
            Assert.Equal(expected.Metrics[m].CiUpper, partial.Metrics[m].CiUpper, 12);
        }
        Assert.Equal(expected.Fixed, partial.Fixed);
        Assert.Equal(expected.Broken, partial.Broken);
        Assert.True(aligned.Broken > 0);
    }

    [Fact]
    public void The_weakened_model_is_significantly_worse_and_every_broken_item_is_a_swapped_one()
    {
        var data = DemoData.Load("predictions.test.jsonl");
        var comparison = ModelComparer.Compare(data, DemoData.Weakened(data), FewResamples);
        var accuracy = comparison.Metric("accuracy");
        Assert.True(accuracy.Delta < 0);
        Assert.True(accuracy.CiUpper < 0, $"interval [{accuracy.CiLower}, {accuracy.CiUpper}]");
        Assert.True(comparison.McNemarPValue < 1e-6);
        var index = data.ItemIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        Assert.All(comparison.Items.Where(i => i.Change is DecisionChange.Broken or DecisionChange.Fixed), i => Assert.Equal(0, index[i.ItemId] % 3));
        Assert.Equal(data.ItemCount, comparison.Fixed + comparison.Broken + comparison.BothCorrect + comparison.BothWrong);
    }

    [Fact]
    public void Each_side_keeps_its_label_order_so_a_tie_is_decided_as_its_own_evaluation_decides_it()
    {
        // Item 1 is b, scored 0.5 and 0.5: a tie goes to the first label, b in the candidate's own order, a in the
        // reference's. Reordered as the reference, the candidate scored accuracy 0.5 here and 1 in its own evaluation.
        var reference = new ClassificationData(new[] { "a", "b" }, new[] { "1", "2" }, new[] { 0.4, 0.6, 0.9, 0.1 }, new[] { false, true, true, false }, false);
        var candidate = new ClassificationData(new[] { "b", "a" }, new[] { "1", "2" }, new[] { 0.5, 0.5, 0.2, 0.8 }, new[] { true, false, false, true }, false);

        var comparison = ModelComparer.Compare(reference, candidate, new ComparisonOptions { BootstrapSamples = 0 });

        Assert.Equal(1.0, ClassificationEvaluator.Evaluate(candidate).Accuracy);
        Assert.Equal((1.0, 1.0), (comparison.Metric("accuracy").Reference, comparison.Metric("accuracy").Candidate));
        Assert.Equal(new[] { DecisionChange.BothCorrect, DecisionChange.BothCorrect }, comparison.Items.Select(i => i.Change));
        // Per label by name, whatever each side's order.
        Assert.Equal(new[] { "a", "b" }, comparison.PerLabel.Select(l => l.Label));
        Assert.Equal(ClassificationEvaluator.Evaluate(candidate).PerLabel.Single(l => l.Label == "b").AuPrc, comparison.PerLabel.Single(l => l.Label == "b").CandidateAuPrc);
    }

    [Fact]
    public void Different_label_sets_or_truth_are_refused()
    {
        var truth = new[] { true, false };
        var ab = new ClassificationData(new[] { "a", "b" }, new[] { "1" }, new[] { 0.9, 0.1 }, truth, false);
        var ac = new ClassificationData(new[] { "a", "c" }, new[] { "1" }, new[] { 0.9, 0.1 }, truth, false);
        var flipped = new ClassificationData(new[] { "a", "b" }, new[] { "1" }, new[] { 0.9, 0.1 }, new[] { false, true }, false);
        var other = new ClassificationData(new[] { "a", "b" }, new[] { "2" }, new[] { 0.9, 0.1 }, truth, false);
        Assert.Equal("The two evaluations have different labels (only the reference scores b; only the candidate scores c); metrics over other labels do not compare: evaluate both models on the same labels.",
            Assert.Throws<ArgumentException>(() => ModelComparer.Compare(ab, ac)).Message);
        var withExtra = new ClassificationData(new[] { "a", "b", "c" }, new[] { "1" }, new[] { 0.9, 0.1, 0.0 }, new[] { true, false, false }, false);
        Assert.Contains("(only the candidate scores c)", Assert.Throws<ArgumentException>(() => ModelComparer.Compare(ab, withExtra)).Message, StringComparison.Ordinal);
        Assert.Contains("different true labels", Assert.Throws<ArgumentException>(() => ModelComparer.Compare(ab, flipped)).Message, StringComparison.Ordinal);
        Assert.Contains("share no item", Assert.Throws<ArgumentException>(() => ModelComparer.Compare(ab, other)).Message, StringComparison.Ordinal);
    }

    [Theory]
    // scipy 1.10 binomtest(k, n, 0.5).pvalue
    [InlineData(2, 10, 0.03857421875)]
    [InlineData(27, 1, 2.1606683731079102e-07)]
    [InlineData(450, 550, 0.0017305360849763024)]
    [InlineData(0, 5, 0.0625)]
    [InlineData(1, 4, 0.375)]
    [InlineData(3, 3, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void McNemar_equals_scipy_binomtest(long fixedCount, long brokenCount, double expected) =>
        Assert.Equal(expected, McNemarTest.PValue(fixedCount, brokenCount), 12);
}
