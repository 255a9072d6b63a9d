using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// On Get-ModelEvaluation -PredictionPath: a $null value, which is what a SavedModelEvaluation (Import-ModelEvaluation,
/// or one through Import-Clixml) piped in binds by property name, is refused saying why there is nothing to evaluate
/// and how to go on, instead of PowerShell's "The argument is null or empty". A saved evaluation keeps its figures,
/// not the files it was made from, so nothing can evaluate it again.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PredictionPathGivenAttribute : ArgumentTransformationAttribute
{
    /// <summary>The message of the refusal.</summary>
    public const string Message =
        "There are no predictions to evaluate: PredictionPath is $null. An evaluation saved with Export-ModelEvaluation (or automl-eval evaluate --format json) and read with Import-ModelEvaluation keeps its figures, not the files it was made from, so it cannot be evaluated again: Test-ModelEvaluation takes it as it is (its gates, or -Baseline); to evaluate the model anew, name its files: Get-ModelEvaluation -GroundTruthPath … -PredictionPath ….";

    /// <summary>The value itself; an error for $null.</summary>
    public override object Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is null ? throw new ArgumentTransformationMetadataException(Message) : inputData!;
}
