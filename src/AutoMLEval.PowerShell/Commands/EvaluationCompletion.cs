using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AutoMLEval.Tasks;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>The evaluation a command line being completed works on, so that its completers can offer what fits it.</summary>
internal static class CompletedEvaluation
{
    /// <summary>
    /// The evaluation bound to -InputObject, or the value of the variable piped in (<c>$eval | Get-MisclassifiedImage …</c>;
    /// the first of a list); null when it is not known yet.
    /// </summary>
    public static object? Of(CommandAst? command, IDictionary? fakeBoundParameters) =>
        fakeBoundParameters?.Contains("InputObject") == true ? fakeBoundParameters["InputObject"] : PipedVariableValue(command);

    /// <summary>The value of <c>$x</c> in <c>$x | ThisCommand</c>, read from the session; null for anything else.</summary>
    private static object? PipedVariableValue(CommandAst? command)
    {
        if (command?.Parent is not PipelineAst pipeline) return null;
        int position = pipeline.PipelineElements.IndexOf(command);
        if (position < 1 || pipeline.PipelineElements[position - 1] is not CommandExpressionAst { Expression: VariableExpressionAst variable }) return null;
        var wrapped = ScriptBlock.Create("param($name) $ExecutionContext.SessionState.PSVariable.GetValue($name)").Invoke(variable.VariablePath.UserPath).FirstOrDefault();
        // A deserialized evaluation (Import-Clixml, a job) has its properties on its wrapper, not on its base object.
        var value = wrapped?.BaseObject is PSCustomObject ? wrapped : wrapped?.BaseObject;
        // $evals | … completes from the first evaluation of a list.
        return value is IEnumerable items and not string ? items.Cast<object?>().FirstOrDefault() : value;
    }
}

/// <summary>
/// Tab completion of Get-MisclassifiedImage -Kind: the kinds the task of the evaluation piped in or bound lists
/// (<see cref="MisclassificationKinds"/>), live or deserialized; every kind when the evaluation is not known yet.
/// </summary>
public sealed class KindCompleter : IArgumentCompleter
{
    /// <summary>The kinds of the evaluation's task that start with what was typed.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var evaluation = CompletedEvaluation.Of(commandAst, fakeBoundParameters);
        var task = evaluation is null ? null : PSObject.AsPSObject(evaluation).Properties["Task"]?.Value as string;
        return ValidValuesCompleter.Complete(MisclassificationKinds.Of(task).Select(k => k.ToString()), wordToComplete);
    }
}
