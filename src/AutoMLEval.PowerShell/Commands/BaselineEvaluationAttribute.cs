using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// On Test-ModelEvaluation -Baseline: a ModelEvaluation and a SavedModelEvaluation (Import-ModelEvaluation) pass as
/// they are; one that went through serialization (Import-Clixml, a job, remoting) becomes a SavedModelEvaluation read
/// from its properties, since drops of headline metrics need nothing more; anything else is refused saying what is taken.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BaselineEvaluationAttribute : ArgumentTransformationAttribute
{
    /// <summary>The baseline as Test-ModelEvaluation uses it.</summary>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is EvaluationResult or SavedModelEvaluation) return value;
        if (inputData is PSObject deserialized && SavedModelEvaluation.FromDeserialized(deserialized) is { } saved) return saved;
        var type = inputData is PSObject shown && shown.TypeNames.Count > 0 ? shown.TypeNames[0] : value?.GetType().FullName;
        throw new ArgumentTransformationMetadataException(
            $"-Baseline takes a ModelEvaluation (Get-ModelEvaluation), a SavedModelEvaluation (Import-ModelEvaluation) or a ModelEvaluation read back with Import-Clixml, not a {type}.");
    }
}
