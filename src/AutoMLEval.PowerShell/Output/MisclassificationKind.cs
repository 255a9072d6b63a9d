namespace AutoMLEval;

/// <summary>
/// Which gallery of a label <c>Get-MisclassifiedImage</c> lists: the first three for classification and video, the
/// rest (the TIDE error kinds, see the engine's <c>DetectionErrorAnalysis</c>) for detection and segmentation.
/// </summary>
public enum MisclassificationKind
{
    /// <summary>The label was predicted but is not true.</summary>
    FalsePositive,

    /// <summary>The label is true but was not predicted.</summary>
    FalseNegative,

    /// <summary>The label was predicted and is true.</summary>
    TruePositive,

    /// <summary>Detection: a ground-truth object no detection of its label matched.</summary>
    MissedDetection,

    /// <summary>Detection, as -Kind only: every unmatched detection, whatever its kind (the five below).</summary>
    FalseDetection,

    /// <summary>Detection: a detection on an object a higher-scoring detection of its label already matched.</summary>
    Duplicate,

    /// <summary>Detection: a detection matching (IoU ≥ the threshold) an object of another label.</summary>
    WrongLabel,

    /// <summary>Detection: a detection overlapping an object of its label, but less than the IoU threshold.</summary>
    Localisation,

    /// <summary>Detection: a detection overlapping only an object of another label, less than the IoU threshold.</summary>
    WrongLabelAndLocalisation,

    /// <summary>Detection: a detection overlapping no object (IoU below the background threshold, 0.1).</summary>
    Background,
}
