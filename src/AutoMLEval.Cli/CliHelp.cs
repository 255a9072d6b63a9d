using System.CommandLine;

namespace AutoMLEval.Cli;

/// <summary>
/// Options shown together in help and usage, under a title (a task's) or none; <paramref name="Tasks"/>, when given, are
/// the tasks the verb takes, which its <c>--task</c> row names; <paramref name="Describe"/>, when given, describes an option
/// as the task uses it (null: the option's own description).
/// </summary>
internal sealed record OptionGroup(string? Title, IReadOnlyList<Option> Options, IReadOnlyList<string>? Tasks = null, Func<Option, string?>? Describe = null);

/// <summary>
/// Help and usage, generated from the options each verb declares (their names, value names and descriptions):
/// <c>automl-eval VERB --help</c> prints the verb's; a usage error prints the message and the options in effect only.
/// </summary>
internal static class CliHelp
{
    public static void WriteVerbHelp(TextWriter output, int width, ICliCommand verb, IReadOnlyList<OptionGroup> groups)
    {
        WriteWrapped(output, width, $"automl-eval {verb.Name}: {verb.Summary}");
        output.WriteLine();
        WriteWrapped(output, width, $"Usage: automl-eval {verb.Name}{string.Concat(verb.Operands.Select(a => $" {a.HelpName}..."))} [options]");
        var rows = verb.Operands.Select(a => new Row(0, a.HelpName ?? a.Name, a.Description)).ToList();
        rows.AddRange(Rows(groups));
        rows.Add(new Row(0, Vocabulary.Verbose.Name, Vocabulary.Verbose.Description));
        rows.Add(new Row(0, "-h, --help", "this help"));
        WriteRows(output, width, rows);
    }

    public static void WriteUsage(TextWriter output, int width, ICliCommand verb, IReadOnlyList<OptionGroup> groups)
    {
        WriteWrapped(output, width, $"Usage: automl-eval {verb.Name}{string.Concat(verb.Operands.Select(a => $" {a.HelpName}..."))} [options]   (automl-eval {verb.Name} --help for all of them)");
        WriteRows(output, width, Rows(groups).ToList());
    }

    public static void WriteGeneralHelp(TextWriter output, int width, IEnumerable<ICliCommand> verbs)
    {
        WriteWrapped(output, width, "Usage: automl-eval VERB [--option value ...]   (automl-eval VERB --help for its options)");
        WriteWrapped(output, width, "With no input files, every verb runs on the bundled demo data set (handwritten digits).");
        output.WriteLine("Verbs:");
        WriteRows(output, width, verbs.Select(v => new Row(0, v.Name, v.Summary)).ToList());
        WriteWrapped(output, width, "Every verb takes --format table|json|csv (where offered) and --verbose (an error's details).");
        WriteWrapped(output, width, "Exit codes: 0 done, 1 unusable input, 2 wrong command line, 3 done but records were rejected, 4 a check gate failed, 130 cancelled (docs/cli.md).");
        WriteWrapped(output, width, "Shell completion: docs/cli.md, \"Shell completion\".");
    }

    private static IEnumerable<Row> Rows(IEnumerable<OptionGroup> groups)
    {
        foreach (var group in groups)
        {
            var indent = group.Title is null ? 0 : 1;
            if (group.Title is not null) yield return new Row(0, group.Title + ":", null);
            foreach (var option in group.Options.Where(o => !o.Hidden))
            {
                var value = option.Arity.MaximumNumberOfValues == 0 ? string.Empty : $" {option.HelpName ?? "VALUE"}";
                var repeat = option.Arity.MaximumNumberOfValues > 1 ? " (repeatable)" : string.Empty;
                var description = option == Vocabulary.Task && group.Tasks is { } tasks ? Vocabulary.TaskDescription(tasks) : group.Describe?.Invoke(option) ?? option.Description;
                yield return new Row(indent, option.Name + value, description + repeat);
            }
        }
    }

    private sealed record Row(int Indent, string Name, string? Description);

    /// <summary>
    /// Two columns: names, then descriptions aligned after the longest name (at most <paramref name="width"/> less
    /// <see cref="MinimumDescriptionWidth"/>; a longer name has its description start on the next line), wrapped at
    /// <paramref name="width"/>.
    /// </summary>
    private static void WriteRows(TextWriter output, int width, IReadOnlyList<Row> rows)
    {
        var described = rows.Where(r => r.Description is not null).ToArray();
        var longest = described.Length == 0 ? 0 : described.Max(r => Lead(r).Length + r.Name.Length) + 2;
        var column = Math.Min(longest, Math.Max(width - MinimumDescriptionWidth, 8));
        foreach (var row in rows)
        {
            var first = Lead(row) + row.Name;
            if (row.Description is null)
            {
                WriteWrapped(output, width, row.Name, Lead(row).Length);
                continue;
            }
            var lines = TerminalText.Wrap(row.Description, width - column, keepWordsWhole: true);
            if (first.Length + 2 > column) output.WriteLine(first);
            else output.WriteLine(first.PadRight(column) + lines[0]);
            foreach (var line in first.Length + 2 > column ? lines : lines.Skip(1)) output.WriteLine(new string(' ', column) + line);
        }
    }

    /// <summary>The columns a description keeps beside the names at the least.</summary>
    private const int MinimumDescriptionWidth = 36;

    /// <summary>A line of prose indented by <paramref name="indent"/> and wrapped at <paramref name="width"/>, its continuation lines indented by two more.</summary>
    internal static void WriteWrapped(TextWriter output, int width, string text, int indent = 0)
    {
        var lines = TerminalText.Wrap(text, width - indent, keepWordsWhole: true);
        output.WriteLine(new string(' ', indent) + lines[0]);
        var rest = string.Join(" ", lines.Skip(1));
        if (rest.Length == 0) return;
        foreach (var line in TerminalText.Wrap(rest, width - indent - 2, keepWordsWhole: true)) output.WriteLine(new string(' ', indent + 2) + line);
    }

    private static string Lead(Row row) => new(' ', 2 + (2 * row.Indent));
}
