using System.Globalization;

namespace AutoMLEval.Engine.Diagnostics;

/// <summary>
/// Images a run could not use, counted by the code of the issue each was reported with. The one rule by which
/// <c>automl-eval predict</c> (its progress bar and summary line), Invoke-ModelPrediction's progress and the report's
/// thumbnail counts name them, so that an image over the decoder's size limit is "too large" wherever its issue says
/// <see cref="ImageTooLargeCode"/>, never "unreadable".
/// </summary>
/// <param name="Unreadable">Images reported as <see cref="UnreadableImageCode"/>: missing, empty, corrupt, truncated, not an image.</param>
/// <param name="TooLarge">Images reported as <see cref="ImageTooLargeCode"/>: over the decoder's size limit, a limit and not damage.</param>
/// <param name="NonFiniteOutput">Images reported as <see cref="NonFiniteScoresCode"/>: decoded, but the model's output for them holds NaN or infinity.</param>
public readonly record struct SkippedImages(int Unreadable, int TooLarge, int NonFiniteOutput)
{
    /// <summary>The issue code of an image file that could not be read or decoded.</summary>
    public const string UnreadableImageCode = "UnreadableImage";

    /// <summary>The issue code of an image refused for its size: a limit of the decoder, not damage; scaled down, it is read.</summary>
    public const string ImageTooLargeCode = "ImageTooLarge";

    /// <summary>The issue code of an image whose scores (or embedding) the model gave as NaN or infinity.</summary>
    public const string NonFiniteScoresCode = "NonFiniteScores";

    /// <summary>Every image counted here.</summary>
    public int Total => Unreadable + TooLarge + NonFiniteOutput;

    /// <summary>These counts and one more image, skipped with the issue <paramref name="code"/> (one of this type's codes; any other counts as unreadable).</summary>
    public SkippedImages Add(string code) => code switch
    {
        ImageTooLargeCode => this with { TooLarge = TooLarge + 1 },
        NonFiniteScoresCode => this with { NonFiniteOutput = NonFiniteOutput + 1 },
        _ => this with { Unreadable = Unreadable + 1 },
    };

    /// <summary>
    /// The counts and what each means, in the order they are said: unreadable always (a clean run says "0 unreadable"),
    /// too large and a non-finite output only when there are some (the report and other front ends format the numbers).
    /// </summary>
    public IReadOnlyList<(int Images, string Reason)> Reasons
    {
        get
        {
            var reasons = new List<(int, string)>(3) { (Unreadable, "unreadable") };
            if (TooLarge > 0) reasons.Add((TooLarge, "too large"));
            if (NonFiniteOutput > 0) reasons.Add((NonFiniteOutput, "with a non-finite output"));
            return reasons;
        }
    }

    /// <summary>"2 unreadable, 1 too large": <see cref="Reasons"/> with invariant digits.</summary>
    public override string ToString() =>
        string.Join(", ", Reasons.Select(r => r.Images.ToString(CultureInfo.InvariantCulture) + " " + r.Reason));
}
