using System.Management.Automation;
using AutoMLEval.Engine.Formats.Classification;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// On the split parameters (-MlUse, -ReferenceSplit): a split named as files name it, AutoML's TRAIN and VALIDATE too,
/// becomes the name the parameter's ValidateSet lists (training, validation); any other value is left to it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SplitNameAttribute : ArgumentTransformationAttribute
{
    /// <summary>The split's name, or the value as given.</summary>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is string text && MlUse.Normalize(text) is { } split ? split : inputData;
}
