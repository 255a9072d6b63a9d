namespace AutoMLEval.Engine.Video;

/// <summary>The stable codes of the problems the video readers and the unit builder report (PowerShell ErrorIds).</summary>
public static class VideoIssueCodes
{
    /// <summary>A line is not valid JSON, or not a JSON object.</summary>
    public const string InvalidJson = "InvalidJson";

    /// <summary>A required field is absent, empty or of the wrong JSON type.</summary>
    public const string MissingField = "MissingField";

    /// <summary>A CSV line has neither 4 nor 5 fields.</summary>
    public const string FieldCount = "FieldCount";

    /// <summary>A time is neither a Duration string, plain seconds nor "Infinity".</summary>
    public const string InvalidTime = "InvalidTime";

    /// <summary>A time is before the start of the video, or a span starts at "Infinity".</summary>
    public const string NegativeTime = "NegativeTime";

    /// <summary>A span ends before it starts.</summary>
    public const string ReversedSegment = "ReversedSegment";

    /// <summary>A span ends where it starts.</summary>
    public const string EmptySegment = "EmptySegment";

    /// <summary>A predicted span runs to "Infinity", so neither the coverage nor the midpoint rule applies.</summary>
    public const string UnboundedSegment = "UnboundedSegment";

    /// <summary>A prediction entry whose span is not within its instance's span.</summary>
    public const string OutsideInstance = "OutsideInstance";

    /// <summary>Items of one video (one-second intervals or shots) that overlap, so the overlapped time is evaluated more than once.</summary>
    public const string OverlappingItems = "OverlappingItems";

    /// <summary>A prediction for a video that the ground truth does not have in any split.</summary>
    public const string UnknownVideo = "UnknownVideo";

    /// <summary>Predictions for videos of other splits than the evaluated one (left out as intended; detection's code too).</summary>
    public const string OtherSplit = "OtherSplit";

    /// <summary>A prediction for a label that the ground truth never uses.</summary>
    public const string UnknownLabel = "UnknownLabel";

    /// <summary>A confidence that is not a number in [0, 1].</summary>
    public const string InvalidScore = "InvalidScore";

    /// <summary>A ground-truth video listed under one split and later under another (the later record is skipped).</summary>
    public const string ConflictingSplit = "ConflictingSplit";

    /// <summary>A ground-truth video on a second JSON line of its split (its annotations are merged).</summary>
    public const string DuplicateItem = "DuplicateItem";

    /// <summary>A second score for the same (video, span, label).</summary>
    public const string DuplicatePrediction = "DuplicatePrediction";

    /// <summary>Items with no score for some labels (scored 0).</summary>
    public const string MissingScores = "MissingScores";

    /// <summary>A one-second or shot prediction line with an empty prediction list: it names no interval to evaluate.</summary>
    public const string EmptyPrediction = "EmptyPrediction";

    /// <summary>A prediction of a type other than the evaluated unit's (counted, not used).</summary>
    public const string OtherPredictionType = "OtherPredictionType";

    /// <summary>Nothing to evaluate: no video in the split, no label, or no prediction of the unit's type for a known video.</summary>
    public const string NoItems = "NoItems";

    /// <summary>A ground-truth video without any prediction of the evaluated unit.</summary>
    public const string VideoWithoutPredictions = "VideoWithoutPredictions";

    /// <summary>A video predicted in more than one merged part (the same code as classification's items in two parts).</summary>
    public const string DuplicateAcrossParts = "DuplicateAcrossParts";
}
