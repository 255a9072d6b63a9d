namespace AutoMLEval.Engine.Video;

/// <summary>
/// One wrong decision on one item at a threshold: a label predicted (score ≥ threshold) that is not true
/// (a false positive) or a true label not predicted (a false negative).
/// </summary>
/// <param name="Item">The video span.</param>
/// <param name="Label">The label decided wrongly.</param>
/// <param name="IsFalsePositive">True for a false positive, false for a false negative.</param>
/// <param name="Score">The model's score for <paramref name="Label"/> on the item.</param>
/// <param name="TrueLabels">The item's true labels, in label order.</param>
public sealed record VideoMisclassification(VideoItem Item, string Label, bool IsFalsePositive, double Score, IReadOnlyList<string> TrueLabels)
{
    /// <summary>How confidently wrong: the score of a false positive, 1 − the score of a false negative.</summary>
    public double Confidence => IsFalsePositive ? Score : 1.0 - Score;

    /// <summary>
    /// Every wrong (item, label) decision of <paramref name="evaluation"/> at <paramref name="threshold"/>, most
    /// confidently wrong first (ties in item, then label order).
    /// </summary>
    public static IReadOnlyList<VideoMisclassification> Find(VideoEvaluation evaluation, double threshold)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        var data = evaluation.Classification.Data;
        var found = new List<(VideoMisclassification Error, int Item, int Label)>();
        for (int i = 0; i < data.ItemCount; i++)
        {
            IReadOnlyList<string>? trueLabels = null;
            for (int j = 0; j < data.LabelCount; j++)
            {
                var score = data.Score(i, j);
                bool predicted = score >= threshold;
                bool isTrue = data.IsTrue(i, j);
                if (predicted == isTrue) continue;
                trueLabels ??= Enumerable.Range(0, data.LabelCount).Where(k => data.IsTrue(i, k)).Select(k => data.Labels[k]).ToArray();
                found.Add((new VideoMisclassification(evaluation.Items[i], data.Labels[j], predicted, score, trueLabels), i, j));
            }
        }
        return found
            .OrderByDescending(f => f.Error.Confidence)
            .ThenBy(f => f.Item)
            .ThenBy(f => f.Label)
            .Select(f => f.Error)
            .ToArray();
    }
}
