namespace AutoMLEval;

/// <summary>Which gallery of a label <c>Get-MisclassifiedImage</c> lists.</summary>
public enum MisclassificationKind
{
    /// <summary>The label was predicted but is not true.</summary>
    FalsePositive,

    /// <summary>The label is true but was not predicted.</summary>
    FalseNegative,

    /// <summary>The label was predicted and is true.</summary>
    TruePositive,
}
