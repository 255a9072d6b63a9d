using System.Reflection;
using System.Runtime.InteropServices;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Cli;

/// <summary>Entry point: <c>automl-eval VERB [--option value …]</c>.</summary>
public static class Program
{
    /// <summary>The exit code of a run stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Runs the command line; exit code 0 on success, 1 when the input is unusable, 2 for a wrong command line, 130 when cancelled.</summary>
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
            return args.Count == 0 ? 2 : 0;
        }
        if (args[0] == "--version")
        {
            context.Output.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
            return 0;
        }
        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            context.Error.WriteLine($"automl-eval: unknown verb '{args[0]}'.");
            context.Error.WriteLine(GeneralHelp());
            return 2;
        }
        var rest = args.Skip(1).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            context.Output.WriteLine($"automl-eval {command.Name}: {command.Summary}{Environment.NewLine}{command.Usage}");
            return 0;
        }
        try
        {
            return command.Run(CliArguments.Parse(rest), context);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.WriteMessage($"automl-eval {command.Name}: cancelled.");
            return CancelledExitCode;
        }
        catch (CliUsageException e)
        {
            context.Error.WriteLine($"automl-eval {command.Name}: {TerminalText.Escape(e.Message)}");
            context.Error.WriteLine(command.Usage);
            return 2;
        }
        catch (InputFormatException e)
        {
            context.WriteMessage($"automl-eval {command.Name}: error {e.Issue.Code}: {TerminalText.Escape(e.Issue.ToString())}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            context.WriteMessage($"automl-eval {command.Name}: {TerminalText.Escape(e.Message)}");
            return 1;
        }
        finally
        {
            context.ClearProgress();
        }
    }

    private static string GeneralHelp()
    {
        var lines = Commands.Select(c => $"  {c.Name,-14}{c.Summary}");
        return "Usage: automl-eval VERB [--option value ...]   (automl-eval VERB --help for its options)" + Environment.NewLine
            + "With no input files, every verb runs on the bundled demo data set (handwritten digits)." + Environment.NewLine
            + "Verbs:" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }
}
