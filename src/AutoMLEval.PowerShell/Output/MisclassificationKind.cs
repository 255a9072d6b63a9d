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

    /// <summary>Detection: a ground-truth object no detection of its label matched and no localisation or wrong-label error points at (TIDE's Miss).</summary>
    MissedDetection,

    /// <summary>Detection, as -Kind only: every unmatched detection, whatever its kind (the five below).</summary>
    FalseDetection,

    /// <summary>Detection: a detection on an object a higher-scoring detection of its label already matched (TIDE's Dupe).</summary>
    Duplicate,

    /// <summary>Detection: a detection matching (IoU ≥ the threshold) an object of another label (TIDE's Cls).</summary>
    WrongLabel,

    /// <summary>Detection: a detection whose best IoU with an object of its label is between 0.1 and the IoU threshold, both included (TIDE's Loc).</summary>
    Localisation,

    /// <summary>Detection: none of the other kinds; in practice overlapping only an object of another label, less than the IoU threshold (TIDE's Both).</summary>
    WrongLabelAndLocalisation,

    /// <summary>Detection: a detection overlapping no object of any label by more than the background threshold, 0.1 (TIDE's Bkg).</summary>
    Background,
}
