namespace AutoMLEval.Engine.Video;

/// <summary>
/// What one evaluated item of a video-classification model is. Each unit reads the prediction entries of one
/// Vertex AI prediction type and has its own rule for the item's true labels.
/// </summary>
public enum VideoUnit
{
    /// <summary>
    /// A segment asked about (<c>segment-classification</c>), as AutoML Video evaluates: its true labels are the
    /// annotations of its video that cover at least half of it (<see cref="VideoSegment.CoversAtLeastHalfOf"/>).
    /// </summary>
    Segment,

    /// <summary>
    /// A one-second interval [t, min(t + 1, end)) (<c>one-sec-interval-classification</c>): its true labels are the
    /// annotations whose [start, end) contains its midpoint (<see cref="VideoSegment.ContainsMidpointOf"/>).
    /// </summary>
    OneSecond,

    /// <summary>A shot the model detected (<c>shot-classification</c>); true labels by the midpoint rule, as <see cref="OneSecond"/>.</summary>
    Shot,
}

/// <summary>The mapping between <see cref="VideoUnit"/> and Vertex AI's prediction types, and the rule of each unit.</summary>
public static class VideoUnits
{
    /// <summary>The units' names in option values and JSON output, in <see cref="VideoUnit"/> order.</summary>
    public static IReadOnlyList<string> OptionNames { get; } = ["segment", "one-second", "shot"];

    /// <summary>The name of <paramref name="unit"/> in option values and JSON output.</summary>
    public static string OptionName(VideoUnit unit) => OptionNames[(int)unit];

    /// <summary>The Vertex AI prediction <c>type</c> whose entries form the items of <paramref name="unit"/>.</summary>
    public static string PredictionType(VideoUnit unit) => unit switch
    {
        VideoUnit.Segment => "segment-classification",
        VideoUnit.OneSecond => "one-sec-interval-classification",
        VideoUnit.Shot => "shot-classification",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown video unit."),
    };

    /// <summary>The unit whose items the entries of the Vertex AI prediction <c>type</c> <paramref name="predictionType"/> form; false for another type.</summary>
    public static bool TryFromPredictionType(string predictionType, out VideoUnit unit)
    {
        foreach (VideoUnit candidate in Enum.GetValues(typeof(VideoUnit)))
        {
            unit = candidate;
            if (PredictionType(candidate) == predictionType) return true;
        }
        unit = default;
        return false;
    }

    /// <summary>Whether <paramref name="annotation"/> makes its label a true label of the bounded <paramref name="item"/> at <paramref name="unit"/> level.</summary>
    public static bool LabelsItem(VideoUnit unit, VideoSegment annotation, VideoSegment item) =>
        unit == VideoUnit.Segment ? annotation.CoversAtLeastHalfOf(item) : annotation.ContainsMidpointOf(item);
}
