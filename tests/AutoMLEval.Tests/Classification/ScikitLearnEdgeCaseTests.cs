using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>
/// The edge cases of scikit-learn's own tests (ties, two labels, a label without positives, one class only,
/// certain scores), each evaluated by the engine and compared with what scikit-learn 1.2.1 (Debian's
/// python3-sklearn) returns for the same arrays: average_precision_score and roc_auc_score on the indicator
/// matrix, accuracy_score and f1_score(average="macro", labels=all) on numpy's argmax, log_loss(labels=all,
/// eps="auto") and top_k_accuracy_score(labels=all). The values in the comments were printed by that script.
/// </summary>
public sealed class ScikitLearnEdgeCaseTests
{
    private const double Tolerance = 1e-12;

    private static ClassificationData SingleLabel(string[] labels, int[] truth, double[][] scores)
    {
        var flags = new bool[truth.Length * labels.Length];
        for (int i = 0; i < truth.Length; i++) flags[(i * labels.Length) + truth[i]] = true;
        return new ClassificationData(labels, truth.Select((_, i) => $"item{i}").ToArray(), scores.SelectMany(r => r).ToArray(), flags, isMultiLabel: false);
    }

    private static string[] Codes(ClassificationEvaluation e) => e.Warnings.Select(w => $"{w.Code}:{w.Message.Split('\'')[1]}").ToArray();

    [Fact]
    public void Ties_accuracy_is_argmax_and_top_k_ranks_the_later_label_first()
    {
        // test_top_k_accuracy_score_ties, scores divided by 10: top-k 0.25, 0.5, 1. numpy's argmax takes the first
        // maximum (rows 0 and 3 predict "c" and "a"), so accuracy_score is 0.5 and equals the confusion matrix.
        var data = SingleLabel(new[] { "a", "b", "c", "d" }, new[] { 0, 1, 2, 3 }, new[]
        {
            new[] { 0.5, 0.5, 0.7, 0.0 }, new[] { 0.1, 0.5, 0.5, 0.5 }, new[] { 0.0, 0.0, 0.3, 0.3 }, new[] { 0.1, 0.1, 0.1, 0.1 },
        });
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(0.5, e.Accuracy);
        Assert.Equal(new[] { 0.25, 0.5, 1.0 }, e.TopKAccuracy);
        Assert.Equal(e.ConfusionMatrix!.ToRows().Select((row, i) => row[i]).Sum() / 4.0, e.Accuracy);
        Assert.Equal(new[] { 1.0, 0.5, 1.0 / 3, 1.0 / 3 }, e.PerLabel.Select(l => l.AuPrc).ToArray(), new Close(Tolerance));
        Assert.Equal(0.5416666666666666, e.MacroAuPrc, Tolerance);
        Assert.Equal(0.3373397435897436, e.MicroAuPrc, Tolerance);
        Assert.Equal(0.6250000000000001, e.MacroAuRoc, Tolerance);
        Assert.Equal(0.65625, e.MicroAuRoc, Tolerance);
        Assert.Equal(0.41666666666666663, e.MacroF1, Tolerance);
        Assert.Equal(1.1165919457769085, e.LogLoss, Tolerance);
        Assert.Empty(e.Warnings);
    }

    [Fact]
    public void Two_labels_top_1_follows_the_binary_rule_on_the_label_that_sorts_last()
    {
        // test_top_k_accuracy_score_binary's scores 0.2/0.7, plus an item whose scores (0.4, 0.3) do not sum to 1.
        // scikit-learn's positive class is "yes" (sorted last), predicted when its score > 0.5: top-1 0.4, where
        // the argmax accuracy is 0.6. k = 2 is not reported (scikit-learn: a perfect score by construction).
        var data = SingleLabel(new[] { "yes", "no" }, new[] { 1, 1, 0, 0, 0 }, new[]
        {
            new[] { 0.2, 0.8 }, new[] { 0.7, 0.3 }, new[] { 0.2, 0.8 }, new[] { 0.7, 0.3 }, new[] { 0.4, 0.3 },
        });
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(new[] { 0.4 }, e.TopKAccuracy);
        Assert.Equal(0.6, e.Accuracy, Tolerance);
        Assert.Equal(0.5194444444444445, e.MacroAuPrc, Tolerance);
        Assert.Equal(0.5199999999999999, e.MicroAuPrc, Tolerance);
        Assert.Equal(0.5416666666666666, e.MacroAuRoc, Tolerance);
        Assert.Equal(0.5399999999999999, e.MicroAuRoc, Tolerance);
        Assert.Equal(0.5833333333333333, e.MacroF1, Tolerance);
        Assert.Equal(0.7905689999896802, e.LogLoss, Tolerance);
    }

    [Fact]
    public void A_label_without_positives_has_ap_0_averaged_in_and_no_auc()
    {
        // average_precision_score(average=None) gives [1, 0.75, 0] with "No positive class found in y_true";
        // macro 0.5833…; roc_auc_score raises for "c", so the macro AUC is the mean of the other two.
        var data = SingleLabel(new[] { "a", "b", "c" }, new[] { 0, 1, 0, 1 }, new[]
        {
            new[] { 0.6, 0.3, 0.1 }, new[] { 0.2, 0.7, 0.1 }, new[] { 0.4, 0.5, 0.1 }, new[] { 0.3, 0.3, 0.4 },
        });
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(0.0, e.PerLabel[2].AuPrc);
        Assert.True(double.IsNaN(e.PerLabel[2].AuRoc));
        Assert.Equal(0.5833333333333334, e.MacroAuPrc, Tolerance);
        Assert.Equal(0.775, e.MicroAuPrc, Tolerance);
        Assert.Equal(0.8125, e.MacroAuRoc, Tolerance);
        Assert.Equal(0.859375, e.MicroAuRoc, Tolerance);
        Assert.Equal(0.5, e.Accuracy);
        Assert.Equal(new[] { 0.5, 1.0 }, e.TopKAccuracy);
        Assert.Equal(0.38888888888888884, e.MacroF1, Tolerance);
        Assert.Equal(0.7469410259762035, e.LogLoss, Tolerance);
        Assert.Equal(new[] { "NoPositiveExamples:c" }, Codes(e));
    }

    [Fact]
    public void One_class_only_leaves_both_aucs_undefined()
    {
        // Every item is "a": "b" has no positives (AP 0, with the warning) and "a" no negatives (roc_auc_score
        // raises for both), so the macro AUC is undefined; the micro AUC pools both columns: 0.6667.
        var data = SingleLabel(new[] { "a", "b" }, new[] { 0, 0, 0 }, new[] { new[] { 0.9, 0.1 }, new[] { 0.6, 0.4 }, new[] { 0.3, 0.7 } });
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(new[] { 1.0, 0.0 }, e.PerLabel.Select(l => l.AuPrc));
        Assert.Equal(0.5, e.MacroAuPrc, Tolerance);
        Assert.Equal(0.7555555555555555, e.MicroAuPrc, Tolerance);
        Assert.True(double.IsNaN(e.MacroAuRoc));
        Assert.Equal(0.6666666666666667, e.MicroAuRoc, Tolerance);
        Assert.Equal(0.6666666666666666, e.Accuracy, Tolerance);
        Assert.Equal(new[] { 0.6666666666666666 }, e.TopKAccuracy, new Close(Tolerance));
        Assert.Equal(0.4, e.MacroF1, Tolerance);
        Assert.Equal(0.6067196479165844, e.LogLoss, Tolerance);
        Assert.Equal(new[] { "NoNegativeExamples:a", "NoPositiveExamples:b" }, Codes(e));
    }

    [Fact]
    public void Certain_scores_are_clipped_at_float64_machine_epsilon()
    {
        // A score of exactly 0 for the true label is clipped to 2^-52 (eps="auto"), not 1e-15:
        // log_loss = (0 + 0 + ln(1 / 2^-52) …) / 3 = 12.014551129705717 (1e-15 would give 11.51).
        var data = SingleLabel(new[] { "a", "b", "c" }, new[] { 0, 1, 2 }, new[] { new[] { 1.0, 0, 0 }, new[] { 0, 1.0, 0 }, new[] { 1.0, 0, 0 } });
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(12.014551129705717, e.LogLoss, 1e-9);
        Assert.Equal(0.611111111111111, e.MacroAuPrc, Tolerance);
        Assert.Equal(0.5555555555555556, e.MicroAuPrc, Tolerance);
        Assert.Equal(0.75, e.MacroAuRoc, Tolerance);
        Assert.Equal(0.75, e.MicroAuRoc, Tolerance);
        Assert.Equal(0.5555555555555555, e.MacroF1, Tolerance);
        Assert.Equal(new[] { 2.0 / 3, 1.0 }, e.TopKAccuracy, new Close(Tolerance));
    }

    [Fact]
    public void Perfect_scores_give_perfect_ranking_metrics()
    {
        // Perfect separation: every AP and AUC is 1 (test_precision_recall_curve_toydata, y_score = y_true).
        var data = SingleLabel(new[] { "a", "b" }, new[] { 0, 1, 1 }, new[] { new[] { 0.9, 0.1 }, new[] { 0.2, 0.8 }, new[] { 0.4, 0.6 } });
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(1.0, e.MacroAuPrc);
        Assert.Equal(1.0, e.MicroAuPrc);
        Assert.Equal(1.0, e.MacroAuRoc);
        Assert.Equal(1.0, e.Accuracy);
        Assert.Equal(1.0, e.MacroF1);
    }

    [Fact]
    public void Multi_label_a_label_without_positives_counts_0_in_the_macro_ap()
    {
        // average_precision_score on the indicator matrix: per label [1, 0.8333, 0], macro 0.6111, micro 0.9167;
        // roc_auc_score raises for "c" (macro of the others 0.875), micro 0.9375; f1_score(P ≥ 0.5, macro) 0.5.
        var truth = new[] { true, false, false, false, true, false, true, true, false, false, false, false };
        var scores = new[] { 0.9, 0.2, 0.6, 0.3, 0.8, 0.1, 0.7, 0.4, 0.2, 0.1, 0.6, 0.3 };
        var data = new ClassificationData(new[] { "a", "b", "c" }, new[] { "i0", "i1", "i2", "i3" }, scores, truth, isMultiLabel: true);
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(new[] { 1.0, 0.8333333333333333, 0.0 }, e.PerLabel.Select(l => l.AuPrc).ToArray(), new Close(Tolerance));
        Assert.Equal(0.611111111111111, e.MacroAuPrc, Tolerance);
        Assert.Equal(0.9166666666666666, e.MicroAuPrc, Tolerance);
        Assert.Equal(0.875, e.MacroAuRoc, Tolerance);
        Assert.Equal(0.9375, e.MicroAuRoc, Tolerance);
        Assert.Equal(0.5, e.MacroF1, Tolerance);
        Assert.Equal(new[] { "NoPositiveExamples:c" }, Codes(e));
    }

    [Fact]
    public void A_label_neither_true_nor_predicted_warns_that_its_f1_is_0()
    {
        // f1_score(labels=[0, 1, 2], average="macro") on truth [0, 1, 0, 1] and argmax [0, 0, 0, 1]:
        // per label [0.8, 0.6667, 0] = 0.4889, with "F-score is ill-defined … no true nor predicted samples".
        var data = SingleLabel(new[] { "a", "b", "c" }, new[] { 0, 1, 0, 1 }, new[]
        {
            new[] { 0.8, 0.1, 0.1 }, new[] { 0.5, 0.4, 0.1 }, new[] { 0.7, 0.2, 0.1 }, new[] { 0.1, 0.8, 0.1 },
        });
        var e = ClassificationEvaluator.Evaluate(data);
        Assert.Equal(0.48888888888888893, e.MacroF1, Tolerance);
        Assert.Equal(new[] { "NoPositiveExamples:c", "UndefinedF1:c" }, Codes(e));
    }

    private sealed class Close : IEqualityComparer<double>
    {
        private readonly double _tolerance;

        public Close(double tolerance) => _tolerance = tolerance;

        public bool Equals(double x, double y) => Math.Abs(x - y) <= _tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
