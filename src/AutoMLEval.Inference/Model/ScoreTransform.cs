namespace AutoMLEval.Inference.Model;

/// <summary>Softmax over score rows, and the test that decides whether scores are already probabilities.</summary>
public static class ScoreTransform
{
    /// <summary>How far a probability row's sum may stray from 1 (float32 rounding over 1000 classes stays well inside).</summary>
    public const double RowSumTolerance = 1e-3;

    /// <summary>
    /// True when some value lies outside [0, 1] or some row's sum differs from 1 by more than
    /// <see cref="RowSumTolerance"/>: such scores are logits (or unnormalised) and need a softmax.
    /// </summary>
    public static bool LooksLikeLogits(ReadOnlySpan<float> scores, int rowLength)
    {
        for (int row = 0; row + rowLength <= scores.Length; row += rowLength)
        {
            double sum = 0;
            foreach (var value in scores.Slice(row, rowLength))
            {
                if (!(value >= 0f && value <= 1f)) return true;
                sum += value;
            }
            if (Math.Abs(sum - 1.0) > RowSumTolerance) return true;
        }
        return false;
    }

    /// <summary>Replaces each row by exp(x − max) / Σ exp(x − max), computed in double; the max shift prevents overflow.</summary>
    public static void SoftmaxRows(Span<float> scores, int rowLength)
    {
        for (int row = 0; row + rowLength <= scores.Length; row += rowLength)
        {
            var values = scores.Slice(row, rowLength);
            float max = float.NegativeInfinity;
            foreach (var value in values) max = Math.Max(max, value);
            double sum = 0;
            foreach (var value in values) sum += Math.Exp(value - max);
            for (int i = 0; i < values.Length; i++) values[i] = (float)(Math.Exp(values[i] - max) / sum);
        }
    }
}
