using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AutoMLEval.Engine.Classification;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// How -Label names a label of an evaluation, the same in every cmdlet and as the CLI's --label: the engine's
/// <see cref="LabelLookup"/> (the exact name, else the one name that matches ignoring case).
/// </summary>
internal static class LabelNames
{
    /// <summary>The label as the evaluation spells it, or null (see <see cref="LabelLookup.IndexOf"/>).</summary>
    public static string? Resolve(IReadOnlyList<string> labels, string name)
    {
        int index = LabelLookup.IndexOf(labels, name);
        return index < 0 ? null : labels[index];
    }

    /// <summary>
    /// The names of -Label, without those that name a label an earlier one named (<c>eight, EIGHT</c>: one label, one
    /// set of rows); a name of no label is kept, once, for the caller to report.
    /// </summary>
    public static IEnumerable<string> Once(IEnumerable<string> names, IReadOnlyList<string> labels)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (Resolve(labels, name) is { } label ? named.Add(label) : unknown.Add(name)) yield return name;
        }
    }

    /// <summary>The non-terminating error for a label the evaluation does not have.</summary>
    public static ErrorRecord UnknownLabelError(string label, IReadOnlyList<string> labels) =>
        new(new ArgumentException(LabelLookup.NotFound(label, labels)), "UnknownLabel", ErrorCategory.ObjectNotFound, label);

    /// <summary>
    /// The label names of an evaluation, live or deserialized (Import-Clixml, jobs): read from its LabelNames
    /// property, which every evaluation type carries; empty for anything else.
    /// </summary>
    public static IReadOnlyList<string> Of(object? evaluation)
    {
        var joined = evaluation is null ? null : PSObject.AsPSObject(evaluation).Properties["LabelNames"]?.Value as string;
        return string.IsNullOrEmpty(joined) ? Array.Empty<string>() : joined!.Split(new[] { MisclassifiedImage.LabelSeparator }, StringSplitOptions.None);
    }
}

/// <summary>
/// Tab completion of -Label: the label names of the evaluation bound to -InputObject, or of the variable piped in
/// (<c>$eval | Invoke-ThresholdSweep -Label &lt;Tab&gt;</c>); nothing when the evaluation is not known yet.
/// </summary>
public sealed class LabelCompleter : IArgumentCompleter
{
    /// <summary>The labels that start with what was typed (case-insensitive), quoted where needed.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletedNames.StartingWith(LabelNames.Of(CompletedEvaluation.Of(commandAst, fakeBoundParameters)), wordToComplete);
}

/// <summary>Names in the data (labels, metadata keys) as Tab completions.</summary>
internal static class CompletedNames
{
    // Characters that make a name need quotes on the command line.
    private static readonly char[] NeedsQuotes = { ' ', '\'', '"', ',', ';', '$', '(', ')', '{', '}', '@', '#', '`', '|', '&' };

    /// <summary>The names that start with what was typed (case-insensitive, quotes aside), quoted where needed.</summary>
    public static IEnumerable<CompletionResult> StartingWith(IEnumerable<string> names, string? wordToComplete)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var name in names)
        {
            if (!name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)) continue;
            var text = name.IndexOfAny(NeedsQuotes) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, name);
        }
    }
}
