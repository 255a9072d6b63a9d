using System.Reflection;
using System.Runtime.InteropServices;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Cli;

/// <summary>Entry point: <c>automl-eval VERB [--option value …]</c>.</summary>
public static class Program
{
    /// <summary>The exit code of a run stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int CancelledExitCode = ExitCodes.Cancelled;

    /// <summary>Runs the command line; the exit codes are <see cref="ExitCodes"/>'s.</summary>
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // The first Ctrl+C (or SIGTERM) asks the running verb to stop and clean up; a second one ends the process at once.
        ConsoleCancelEventHandler onCtrlC = (_, e) => e.Cancel = TryCancel(cancel);
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => signal.Cancel = TryCancel(cancel));
        try
        {
            var context = new CliContext(Console.Out, Console.Error, Directory.GetCurrentDirectory())
            {
                ErrorIsTerminal = !Console.IsErrorRedirected,
                OutputIsTerminal = !Console.IsOutputRedirected,
                Cancellation = cancel.Token,
            };
            return Run(args, context);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
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

    internal static int Run(IReadOnlyList<string> args, CliContext context)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            context.Output.WriteLine(GeneralHelp());
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }
        if (args[0] == "--version")
        {
            context.Output.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
            return ExitCodes.Success;
        }
        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            context.Error.WriteLine($"automl-eval: unknown verb '{TerminalText.Escape(args[0])}'. The verbs: {string.Join(", ", Commands.Select(c => c.Name))}; automl-eval --help says what each does.");
            return ExitCodes.Usage;
        }
        var rest = args.Skip(1).ToList();
        // --verbose is every verb's: it adds the details (the stack trace) to an error.
        var verbose = rest.RemoveAll(a => a == "--verbose") > 0;
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            context.Output.WriteLine($"automl-eval {command.Name}: {command.Summary}{Environment.NewLine}{command.HelpFor(rest)}");
            return ExitCodes.Success;
        }
        CliArguments? arguments = null;
        try
        {
            arguments = CliArguments.Parse(rest);
            var code = command.Run(arguments, context);
            return code == ExitCodes.Success && context.ErrorsReported > 0 ? ExitCodes.RecordsRejected : code;
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.WriteMessage($"automl-eval {command.Name}: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (CliUsageException e)
        {
            context.Error.WriteLine($"automl-eval {command.Name}: {TerminalText.Escape(e.Message)}");
            context.Error.WriteLine($"Usage: automl-eval {command.Name} [options]   (automl-eval {command.Name} --help for all of them)");
            context.Error.WriteLine(e.Usage ?? command.Usage);
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            context.WriteMessage($"automl-eval {command.Name}: {ErrorLine(e, arguments, context)}");
            if (verbose)
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
    /// The one line an error prints: a located input error as the readers located it; a file that cannot be read as its
    /// message (which names the file); anything else (unexpected, or a model that cannot be used) with its kind and the input files of the run.
    /// </summary>
    private static string ErrorLine(Exception e, CliArguments? arguments, CliContext context)
    {
        switch (e)
        {
            case InputFormatException input:
                return $"error {input.Issue.Code}: {TerminalText.Escape(input.Issue.ToString())}";
            case IOException or UnauthorizedAccessException:
                return TerminalText.Escape(e.Message);
        }
        var inputs = (arguments?.AllValues ?? Enumerable.Empty<string>())
            .Where(v => File.Exists(context.Resolve(v)) || Directory.Exists(context.Resolve(v)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var reading = inputs.Length == 0 ? "on the bundled demo" : "reading " + string.Join(", ", inputs);
        return TerminalText.Escape($"{e.GetType().Name}: {e.Message} ({reading}; --verbose shows the details)");
    }

    private static string GeneralHelp()
    {
        var lines = Commands.Select(c => $"  {c.Name,-14}{c.Summary}");
        return "Usage: automl-eval VERB [--option value ...]   (automl-eval VERB --help for its options)" + Environment.NewLine
            + "With no input files, every verb runs on the bundled demo data set (handwritten digits)." + Environment.NewLine
            + "Verbs:" + Environment.NewLine + string.Join(Environment.NewLine, lines) + Environment.NewLine
            + "Every verb takes --format table|json|csv (where offered) and --verbose (an error's details)." + Environment.NewLine
            + "Exit codes: 0 done, 1 unusable input, 2 wrong command line, 3 done but records were rejected, 4 a check gate failed, 130 cancelled (docs/cli.md).";
    }
}
