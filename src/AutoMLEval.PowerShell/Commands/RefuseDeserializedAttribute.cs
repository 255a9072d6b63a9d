using System.Management.Automation;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// On an -InputObject that takes the module's own objects: one that went through serialization (Import-Clixml,
/// Start-Job, remoting) keeps its figures but not what the cmdlet works on, so instead of PowerShell's "cannot
/// convert" this says so and how to go on (<see cref="WayOn"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RefuseDeserializedAttribute : ArgumentTransformationAttribute
{
    /// <summary>The way on for evaluations: their GroundTruthPath, PredictionPath, MlUse, Threshold, Task and Unit bind to Get-ModelEvaluation.</summary>
    public const string EvaluateAgain = "evaluate its files again first, then go on: $evaluation | Get-ModelEvaluation | …";

    /// <summary>The way on for predictions: the image files are still there.</summary>
    public const string PredictAgain = "predict its images again: Invoke-ModelPrediction -Path $prediction.Path -ModelPath … | Export-ModelPrediction …";

    private const string DeserializedPrefix = "Deserialized.AutoMLEval.";

    /// <summary>Refuses deserialized AutoMLEval objects, saying <paramref name="wayOn"/>.</summary>
    public RefuseDeserializedAttribute(string wayOn) => WayOn = wayOn;

    /// <summary>What the user can do instead, as the end of the message.</summary>
    public string WayOn { get; }

    /// <summary>Passes everything through, except a deserialized AutoMLEval object or a saved evaluation, which are refused with the way on.</summary>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        if ((inputData is PSObject boxed ? boxed.BaseObject : inputData) is SavedModelEvaluation saved && WayOn == EvaluateAgain)
        {
            throw new ArgumentTransformationMetadataException(
                $"This saved evaluation ({saved}) keeps the headline figures, not the items this command works on: Test-ModelEvaluation takes it (gates on its headline figures, or as -Baseline); here, evaluate the model's predictions again with Get-ModelEvaluation.");
        }
        // A live object of this module is wrapped too, but its base object is the real thing.
        if (inputData is PSObject wrapped && wrapped.BaseObject.GetType().Assembly != typeof(RefuseDeserializedAttribute).Assembly
            && wrapped.TypeNames.Any(t => t.StartsWith(DeserializedPrefix, StringComparison.Ordinal)))
        {
            var type = wrapped.TypeNames[0].Substring("Deserialized.".Length);
            throw new ArgumentTransformationMetadataException($"This {type} was deserialized (Import-Clixml, a job or remoting): it keeps the figures but not the data behind them; {WayOn}");
        }
        return inputData;
    }
}
