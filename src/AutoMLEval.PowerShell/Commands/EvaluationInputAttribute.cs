using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// On the -InputObject of the cmdlets that take an evaluation: an evaluation that went through serialization
/// (Import-Clixml, Start-Job, remoting) keeps its figures but not the evaluated data, so instead of PowerShell's
/// "cannot convert" this says so and how to go on: pipe it through Get-ModelEvaluation, whose parameters its
/// GroundTruthPath, PredictionPath, MlUse, Threshold, Task and Unit bind to, to evaluate the files again.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EvaluationInputAttribute : ArgumentTransformationAttribute
{
    private const string DeserializedPrefix = "Deserialized.AutoMLEval.";

    /// <summary>Passes everything through, except a deserialized evaluation, which is refused with the way on.</summary>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        if (inputData is PSObject { BaseObject: not EvaluationResult } wrapped && wrapped.TypeNames.Any(t => t.StartsWith(DeserializedPrefix, StringComparison.Ordinal)))
        {
            var type = wrapped.TypeNames[0].Substring("Deserialized.".Length);
            throw new ArgumentTransformationMetadataException(
                $"This {type} was deserialized (Import-Clixml, a job or remoting): it keeps the figures but not the evaluated data. Evaluate its files again first, then go on: $evaluation | Get-ModelEvaluation | …");
        }
        return inputData;
    }
}
