namespace AutoMLEval.Engine.Classification;

/// <summary>
/// The stable codes of <see cref="ClassificationEvaluation.Warnings"/> (PowerShell ErrorIds): the conditions under
/// which scikit-learn 1.2 warns that a metric is undefined, or raises where the product reports null.
/// </summary>
public static class UndefinedMetricCodes
{
    /// <summary>A label without positive examples: AuPRC 0 (scikit-learn warns), ROC AUC undefined (scikit-learn raises).</summary>
    public const string NoPositiveExamples = "NoPositiveExamples";

    /// <summary>A label every item has: ROC AUC undefined (scikit-learn raises).</summary>
    public const string NoNegativeExamples = "NoNegativeExamples";

    /// <summary>A label with no true and no predicted item: F1 0 (scikit-learn's UndefinedMetricWarning).</summary>
    public const string UndefinedF1 = "UndefinedF1";
}
