using System.CommandLine;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Cli;

/// <summary>
/// The check of a verb's output files, made before any work: none is '-' (not a file name), one of the run's inputs,
/// or another output (<see cref="OutputPaths.Conflict"/>); each is a usage error naming both options and the path.
/// </summary>
internal static class OutputFileCheck
{
    /// <summary>Throws a <see cref="CliUsageException"/> when an output file of <paramref name="command"/> is not one to write.</summary>
    public static void Run(ParseResult parse, ICliCommand command, CliContext context)
    {
        var outputs = command.OutputFiles.SelectMany(option => Written(parse, command, option)).ToList();
        if (outputs.Count == 0) return;
        if (outputs.FirstOrDefault(o => o.Value == "-") is { Option: not null } dash)
        {
            throw new CliUsageException($"{dash.Option} -: '-' is not a file name here; give a file (on Linux and macOS, /dev/stdout writes standard output).");
        }
        // The inputs are the values of the verb's other path options (FILE, DIR, PATH), whether or not they exist yet.
        var inputs = Given(parse, command.Options.Where(o => !command.OutputFiles.Contains(o) && IsPath(o)));
        var conflict = OutputPaths.Conflict(
            outputs.Select(o => (o.Option, context.Resolve(o.Value))),
            inputs.Select(i => (i.Option, context.Resolve(i.Value))));
        if (conflict is not null) throw new CliUsageException(conflict);
    }

    private static bool IsPath(Option option) =>
        option.HelpName is { } name && (name.Contains("FILE", StringComparison.Ordinal) || name.Contains("DIR", StringComparison.Ordinal) || name.Contains("PATH", StringComparison.Ordinal));

    /// <summary>The files <paramref name="output"/> writes: those given, else its default, which must not be an input either.</summary>
    private static List<(string Option, string Value)> Written(ParseResult parse, ICliCommand command, Option output)
    {
        var given = Given(parse, [output]).ToList();
        if (given.Count == 0 && command.DefaultOutputFile(output) is { } file) given.Add(($"{output.Name}'s default", file));
        return given;
    }

    /// <summary>Every value given to <paramref name="options"/>, with the option's name.</summary>
    private static IEnumerable<(string Option, string Value)> Given(ParseResult parse, IEnumerable<Option> options) =>
        options.SelectMany(option => parse.GetResult(option)?.Tokens.Select(t => (option.Name, t.Value)) ?? []);
}
