using System.CommandLine;
using AutoMLEval.Engine.Classification;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Cli;

/// <summary>
/// Reads <c>--label</c> against the labels of the evaluation, in every task, by the rule the cmdlets' <c>-Label</c>
/// follows (<see cref="LabelLookup"/>). A label the evaluation does not have is an error about the input, as an
/// <c>--item</c> that is not there (exit 1, <c>LabelNotFound</c>), not a wrong command line: which labels exist is
/// only known once the files are read.
/// </summary>
internal static class LabelOption
{
    /// <summary>The position of <c>--label</c>'s label among <paramref name="labels"/>, or null when it is not given.</summary>
    public static int? Read(ParseResult parse, IReadOnlyList<string> labels)
    {
        var name = parse.GetValue(Vocabulary.Label);
        if (name is null) return null;
        int index = LabelLookup.IndexOf(labels, name);
        return index >= 0 ? index : throw NotFound(name, labels, "a label");
    }

    /// <summary>The error for a <c>--label</c> that is not <paramref name="what"/> of the evaluation (<see cref="LabelLookup.NotFound"/>).</summary>
    public static InputFormatException NotFound(string name, IReadOnlyList<string> labels, string what) =>
        new("LabelNotFound", "--label", 0, string.Empty, LabelLookup.NotFound(name, labels, what));
}
