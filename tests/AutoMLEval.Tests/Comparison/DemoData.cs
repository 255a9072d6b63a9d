using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.Tests.Comparison;

/// <summary>The digits fixture's test split, and a second "model" made from it for comparisons.</summary>
internal static class DemoData
{
    public static ClassificationData Load(string predictions) =>
        ClassificationInputs.Load(Fixture.Path("digits", "dataset.csv"), predictions.Contains('/') ? predictions : Fixture.Path("digits", predictions), new ClassificationInputOptions(), new IssueLog()).Data;

    public static ClassificationEvaluation Evaluate(string predictions) => ClassificationEvaluator.Evaluate(Load(predictions));

    /// <summary>
    /// The demo's scores with every third item's scores (or those <paramref name="swap"/> picks) swapped between its
    /// top two labels: a weaker model whose decisions differ from the demo's on exactly those items.
    /// </summary>
    public static ClassificationData Weakened(ClassificationData data, Func<int, bool>? swap = null)
    {
        swap ??= i => i % 3 == 0;
        var scores = new double[data.ItemCount * data.LabelCount];
        var truth = new bool[scores.Length];
        for (int i = 0; i < data.ItemCount; i++)
        {
            for (int j = 0; j < data.LabelCount; j++)
            {
                scores[(i * data.LabelCount) + j] = data.Score(i, j);
                truth[(i * data.LabelCount) + j] = data.IsTrue(i, j);
            }
            if (!swap(i)) continue;
            var order = Enumerable.Range(0, data.LabelCount).OrderByDescending(j => data.Score(i, j)).ToArray();
            (scores[(i * data.LabelCount) + order[0]], scores[(i * data.LabelCount) + order[1]]) = (data.Score(i, order[1]), data.Score(i, order[0]));
        }
        return new ClassificationData(data.Labels, data.ItemIds, scores, truth, data.IsMultiLabel);
    }
}
