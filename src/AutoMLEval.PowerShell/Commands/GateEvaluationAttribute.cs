using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// On Test-ModelEvaluation's -InputObject and -Baseline: an evaluation and a SavedModelEvaluation (Import-ModelEvaluation)
/// pass as they are; a ModelEvaluation that went through serialization (Import-Clixml, a job, remoting) becomes a
/// SavedModelEvaluation read from its properties, since gates on headline metrics need nothing more; anything else is
/// refused saying what is taken.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class GateEvaluationAttribute : ArgumentTransformationAttribute
{
    /// <summary>Transforms the value of -<paramref name="parameter"/>, named in the error.</summary>
    public GateEvaluationAttribute(string parameter) => Parameter = parameter;

    /// <summary>The parameter the error names.</summary>
    public string Parameter { get; }

    /// <summary>The evaluation as Test-ModelEvaluation uses it.</summary>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is EvaluationResult or SavedModelEvaluation) return value;
        if (inputData is PSObject deserialized && SavedModelEvaluation.FromDeserialized(deserialized) is { } saved) return saved;
        var type = inputData is PSObject shown && shown.TypeNames.Count > 0 ? shown.TypeNames[0] : value?.GetType().FullName;
        throw new ArgumentTransformationMetadataException(
            $"-{Parameter} takes a ModelEvaluation or a DetectionModelEvaluation (Get-ModelEvaluation), a SavedModelEvaluation (Import-ModelEvaluation) or a ModelEvaluation read back with Import-Clixml, not {(type is null ? "$null" : "a " + type)}.");
    }
}
