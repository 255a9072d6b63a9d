using System.CommandLine;

namespace AutoMLEval.Cli;

/// <summary>
/// One verb of <c>automl-eval</c>. Verbs are found by reflection, so adding a verb is adding a class.
/// A verb declares its options, reads their values from the parse result, calls the engine, and writes the result;
/// it holds no metric logic.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The verb as typed (for example <c>evaluate</c>).</summary>
    string Name { get; }

    /// <summary>One line for the verb list and the top of its help.</summary>
    string Summary { get; }

    /// <summary>
    /// Every option the verb takes (shared ones from <see cref="Vocabulary"/>): System.CommandLine parses them and a
    /// shell completes them; any other option is a usage error.
    /// </summary>
    IReadOnlyList<Option> Options { get; }

    /// <summary>
    /// The options naming files the verb writes (report's --output, evaluate's --partial): checked before the run
    /// against each other and against every other path option (<see cref="OutputFileCheck"/>).
    /// </summary>
    IReadOnlyList<Option> OutputFiles => [];

    /// <summary>
    /// The file an output option of <see cref="OutputFiles"/> writes when it is not given (report's report.html): checked as
    /// a given one is, so that a default never replaces an input.
    /// </summary>
    string? DefaultOutputFile(Option output) => null;

    /// <summary>The verb's operands (merge's files); most verbs take none.</summary>
    IReadOnlyList<Argument> Operands => [];

    /// <summary>
    /// The options that <c>--help</c> (<paramref name="help"/>) or a usage error shows for this command line: a verb over
    /// tasks shows the task in effect only.
    /// </summary>
    IReadOnlyList<OptionGroup> Usage(ParseResult parse, CliContext context, bool help) => [new OptionGroup(null, Options)];

    /// <summary>Runs the verb on a command line that parsed; returns the process exit code.</summary>
    int Run(ParseResult parse, CliContext context);
}
