namespace AutoMLEval.Cli;

/// <summary>
/// One verb of <c>automl-eval</c>. Verbs are found by reflection, so adding a verb is adding a class.
/// A verb parses its options, calls the engine, and writes the result; it holds no metric logic.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The verb as typed (for example <c>evaluate</c>).</summary>
    string Name { get; }

    /// <summary>One line for the verb list.</summary>
    string Summary { get; }

    /// <summary>The verb's options, one per line, for <c>automl-eval VERB --help</c>.</summary>
    string Usage { get; }

    /// <summary>What <c>automl-eval VERB --help</c> prints for these arguments (a verb over tasks shows the named task's options only).</summary>
    string HelpFor(IReadOnlyList<string> arguments) => Usage;

    /// <summary>Runs the verb; returns the process exit code.</summary>
    int Run(CliArguments arguments, CliContext context);
}
