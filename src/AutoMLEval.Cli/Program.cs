using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Runtime.InteropServices;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Cli;

/// <summary>Entry point: <c>automl-eval VERB [--option value …]</c>, parsed by System.CommandLine against the verbs' declared options.</summary>
public static class Program
{
    /// <summary>The exit code of a run stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int CancelledExitCode = ExitCodes.Cancelled;

    /// <summary>Runs the command line; the exit codes are <see cref="ExitCodes"/>'s.</summary>
    public static int Main(string[] args)
    {
        // .NET's console, on its first use on a terminal, switches it to application-keypad mode (terminfo's keypad_xmit,
        // "ESC[?1h ESC=", for Console.ReadKey) and never switches it back, which changes what the shell's arrow and keypad
        // keys send. automl-eval reads no keys and uses no terminfo capability: without TERM the console finds none to write.
        if (!OperatingSystem.IsWindows()) Environment.SetEnvironmentVariable("TERM", null);
        using var cancel = new CancellationTokenSource();
        // The first Ctrl+C (or SIGTERM) asks the running verb to stop and clean up; a second one ends the process at once.
        ConsoleCancelEventHandler onCtrlC = (_, e) => e.Cancel = TryCancel(cancel);
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => signal.Cancel = TryCancel(cancel));
        try
        {
            var columns = TerminalColumns();
            var context = new CliContext(new StandardOutput(Console.Out), Console.Error, Directory.GetCurrentDirectory())
            {
                ErrorIsTerminal = !Console.IsErrorRedirected,
                OutputIsTerminal = !Console.IsOutputRedirected,
                Width = columns > 0 ? Math.Max(columns, 60) : CliContext.RedirectedWidth,
                ProgressWidth = columns > 0 ? columns - 1 : CliContext.RedirectedWidth - 1,
                Cancellation = cancel.Token,
            };
            return Run(args, context);
        }
        catch (StandardOutputException e)
        {
            // Help and --version write outside a verb's own error handling.
            Console.Error.WriteLine($"automl-eval: {e.Message}");
            return ExitCodes.UnusableInput;
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    /// <summary>The terminal's columns when standard output or error is one, else 0.</summary>
    private static int TerminalColumns()
    {
        if (Console.IsOutputRedirected && Console.IsErrorRedirected) return 0;
        try
        {
            return Math.Max(Console.WindowWidth, 0);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Cancels the run; false when it was already cancelled (the signal then ends the process).</summary>
    private static bool TryCancel(CancellationTokenSource cancel)
    {
        if (cancel.IsCancellationRequested) return false;
        cancel.Cancel();
        return true;
    }

    internal static IReadOnlyList<ICliCommand> Commands { get; } = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The command line as System.CommandLine parses and completes it: a command per verb, with the verb's options.</summary>
    private static readonly RootCommand Root = BuildRoot();

    private static readonly Dictionary<Command, ICliCommand> Verbs = Root.Subcommands.Zip(Commands).ToDictionary(p => p.First, p => p.Second);

    private static readonly SuggestDirective Suggest = Root.Directives.OfType<SuggestDirective>().Single();

    private static readonly VersionOption Version = Root.Options.OfType<VersionOption>().Single();

    // "@file" is a path, not a response file to expand.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    private static RootCommand BuildRoot()
    {
        var root = new RootCommand("automl-eval: local, offline model evaluation") { Vocabulary.Verbose };
        foreach (var verb in Commands)
        {
            var command = new Command(verb.Name, verb.Summary);
            foreach (var option in verb.Options) command.Options.Add(option);
            foreach (var operand in verb.Operands) command.Arguments.Add(operand);
            root.Subcommands.Add(command);
        }
        return root;
    }

    internal static int Run(IReadOnlyList<string> args, CliContext context)
    {
        // The pipes this command line looks at and does not read (an error after the format look) are closed at its end.
        using var pipes = new ReadOnceInputs();
        using var pipesInUse = pipes.Use();
        // "help" and "help VERB" are "--help" and "VERB --help".
        var parse = Root.Parse(args.Count > 0 && args[0] == "help" ? [.. args.Skip(1), "--help"] : args, Parsing);
        if (parse.GetResult(Suggest) is not null)
        {
            // [suggest:POSITION] "automl-eval …": what a shell offers at the cursor (docs/cli.md, "Shell completion").
            return parse.Invoke(new InvocationConfiguration { Output = context.Output, Error = context.Error });
        }
        if (parse.GetResult(Version) is not null)
        {
            context.Output.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
            return ExitCodes.Success;
        }
        if (!Verbs.TryGetValue(parse.CommandResult.Command, out var command))
        {
            if (parse.Action is HelpAction)
            {
                CliHelp.WriteGeneralHelp(context.Output, context.OutputWidth, Commands);
                return ExitCodes.Success;
            }
            // No verb is a wrong command line: its help goes where usage errors go, leaving standard output empty.
            if (parse.UnmatchedTokens.Count == 0)
            {
                CliHelp.WriteGeneralHelp(context.Error, context.ErrorWidth, Commands);
                return ExitCodes.Usage;
            }
            context.Error.WriteLine($"automl-eval: unknown verb '{TerminalText.Escape(parse.UnmatchedTokens[0])}'. The verbs: {string.Join(", ", Commands.Select(c => c.Name))}; automl-eval --help says what each does.");
            return ExitCodes.Usage;
        }
        if (parse.Action is HelpAction)
        {
            CliHelp.WriteVerbHelp(context.Output, context.OutputWidth, command, command.Usage(parse, context, help: true));
            return ExitCodes.Success;
        }
        try
        {
            if (parse.Errors.Count > 0 || OptionsTakenForOperands(parse).Length > 0) throw new CliUsageException(ParseErrors(parse));
            OutputFileCheck.Run(parse, command, context);
            var code = command.Run(parse, context);
            return code == ExitCodes.Success && context.ErrorsReported > 0 ? ExitCodes.RecordsRejected : code;
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.WriteMessage($"automl-eval {command.Name}: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (CliUsageException e)
        {
            context.WriteMessage($"automl-eval {command.Name}: {TerminalText.Escape(e.Message)}");
            CliHelp.WriteUsage(context.Error, context.ErrorWidth, command, command.Usage(parse, context, help: false));
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            context.WriteMessage($"automl-eval {command.Name}: {ErrorLine(e, parse, context)}");
            if (parse.GetValue(Vocabulary.Verbose))
            {
                // The message may quote the data (labels, paths): each line made safe for the terminal, as every other line.
                foreach (var line in e.ToString().Split('\n')) context.WriteMessage(TerminalText.Escape(line.TrimEnd('\r')));
            }
            return ExitCodes.UnusableInput;
        }
        finally
        {
            context.ClearProgress();
        }
    }

    /// <summary>
    /// What is wrong with a command line that did not parse, on one line: unknown options first (their values are
    /// not worth naming), else an operand of a verb that takes none, else System.CommandLine's and the options' own messages.
    /// </summary>
    private static string ParseErrors(ParseResult parse)
    {
        var unknown = parse.UnmatchedTokens.Where(t => t.StartsWith('-')).Concat(OptionsTakenForOperands(parse)).ToArray();
        if (unknown.Length > 0) return $"Unknown option{(unknown.Length > 1 ? "s" : string.Empty)}: {string.Join(", ", unknown)}.{OtherVerbsOption(parse.CommandResult.Command, unknown[0])}";
        // "--predictions --format json": the option that took no value comes first; "json" is left over only because of it.
        var noValue = parse.Errors.Select(e => e.Message).FirstOrDefault(m => m.Contains(CliOption.NeedsAValue, StringComparison.Ordinal));
        if (noValue is not null) return noValue;
        if (parse.UnmatchedTokens.Count > 0) return $"Unexpected argument '{parse.UnmatchedTokens[0]}'; options have the form --name value.{WildcardHint(parse.UnmatchedTokens[0])}";
        return string.Join(" ", parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal));
    }

    /// <summary>
    /// A path left over is most often the second file of an unquoted wildcard that the shell expanded
    /// ("--predictions shards/s*.jsonl"): the docs give shards as a quoted one, which automl-eval expands itself.
    /// </summary>
    private static string WildcardHint(string token) =>
        token.Contains('/') || token.Contains('\\') || Path.HasExtension(token)
            ? " An option takes one path: quote a wildcard, so that automl-eval expands it rather than the shell (--predictions 'shards/*.jsonl')."
            : string.Empty;

    /// <summary>
    /// Unknown options that a verb with operands (merge's parts) took for operands: "merge --threshold 0.3 a.eval" would
    /// otherwise look for a part file named "--threshold". A value that starts with "--" is an option, as for options' values.
    /// </summary>
    private static string[] OptionsTakenForOperands(ParseResult parse) =>
        parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)
            .Where(v => v.StartsWith("--", StringComparison.Ordinal) && v.Length > 2)
            .ToArray();

    /// <summary>
    /// What an unknown option is, when it is something: an option of other verbs (" sweep does not take --threshold:
    /// check, compare, … do."), and the verb's own option it was probably meant to be (" Did you mean --thresholds?").
    /// </summary>
    private static string OtherVerbsOption(Command verb, string token)
    {
        var name = token.Split('=', ':')[0];
        var takers = Root.Subcommands.Where(c => c != verb && c.Options.Any(o => !o.Hidden && o.Name == name)).Select(c => c.Name).ToArray();
        var others = takers.Length == 0 || verb == Root ? string.Empty : $" {verb.Name} does not take {name}: {string.Join(", ", takers)} {(takers.Length > 1 ? "do" : "does")}.";
        var near = NearNames.Of(name, verb.Options.Where(o => !o.Hidden).Select(o => o.Name), 1);
        return others + (near.Count > 0 ? $" Did you mean {near[0]}?" : string.Empty);
    }

    /// <summary>
    /// A path given as "--ground-truth=~/x.csv" keeps its '~' (the shell expands it only at a word's start, not after
    /// '='), and names a folder '~' in the working directory: say so.
    /// </summary>
    private static string TildeHint(ParseResult parse) =>
        parse.Tokens.Any(t => t.Type == TokenType.Argument && t.Value.StartsWith('~'))
            ? " ('~' is not expanded after '=': give the path after a space, --ground-truth ~/x.csv, or with $HOME.)"
            : string.Empty;

    /// <summary>
    /// The one line an error prints: a located input error as the readers located it; a file that cannot be read as its
    /// message (which names the file); anything else (unexpected, or a model that cannot be used) with its kind and the input files of the run.
    /// </summary>
    private static string ErrorLine(Exception e, ParseResult parse, CliContext context)
    {
        switch (e)
        {
            case InputFormatException input:
                return $"error {input.Issue.Code}: {TerminalText.Escape(input.Issue.ToString())}";
            case FileNotFoundException or DirectoryNotFoundException:
                // The cmdlets' ErrorId for a path that names nothing, in the form of every other input error.
                return $"error PathNotFound: {TerminalText.Escape(e.Message)}{TildeHint(parse)}";
            case IOException or UnauthorizedAccessException:
                return TerminalText.Escape(e.Message);
        }
        var inputs = parse.Tokens.Where(t => t.Type == TokenType.Argument).Select(t => t.Value)
            .Where(v => File.Exists(context.Resolve(v)) || Directory.Exists(context.Resolve(v)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var reading = inputs.Length == 0 ? "on the bundled demo" : "reading " + string.Join(", ", inputs);
        return TerminalText.Escape($"{e.GetType().Name}: {e.Message} ({reading}; --verbose shows the details)");
    }
}
