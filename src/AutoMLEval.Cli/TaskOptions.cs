using System.CommandLine;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Cli;

/// <summary>
/// The options one task (or a pair of tasks such as detection and segmentation) takes in a verb; <paramref name="Describe"/>,
/// when given, is help's description of an option that works otherwise for this task (null: the option's own).
/// </summary>
internal sealed record TaskOptionSet(IReadOnlyList<string> Names, string Title, IReadOnlyList<Option> Options, Func<Option, string?>? Describe = null);

/// <summary>
/// The options of a verb over tasks (<c>evaluate</c>, <c>sweep</c>, <c>errors</c>, <c>report</c>): <c>--task</c>, the
/// options every task takes, and each task's own. The verb declares all of them; once the task is known, an option of
/// another task only is a usage error that says which task it is for, and usage shows that task's options only.
/// </summary>
internal sealed class TaskOptions
{
    private readonly IReadOnlyList<Option> _common;
    private readonly IReadOnlyList<TaskOptionSet> _tasks;

    public TaskOptions(IReadOnlyList<Option> common, IReadOnlyList<TaskOptionSet> tasks)
    {
        _common = common;
        _tasks = tasks;
        All = new[] { Vocabulary.Task }.Concat(common).Concat(tasks.SelectMany(t => t.Options)).Distinct().ToArray();
    }

    /// <summary>Every option of the verb, each once.</summary>
    public IReadOnlyList<Option> All { get; }

    private string[] Names => _tasks.SelectMany(t => t.Names).ToArray();

    /// <summary>
    /// The task named by <c>--task</c>, else what the ground truth holds (COCO or Vertex boxes: detection; video:
    /// video; anything else: classification); rejects an option that only other tasks take.
    /// </summary>
    public string Select(ParseResult parse, CliContext context)
    {
        var task = parse.Choice(Vocabulary.Task, Detected(parse, context), Names);
        if (!Names.Contains(task, StringComparer.Ordinal))
        {
            throw new CliUsageException($"The ground truth is {task} ground truth; this verb takes {string.Join(", ", Names)} evaluations.");
        }
        var own = SetOf(task);
        var foreign = _tasks.Where(t => t != own).SelectMany(t => t.Options).Except(own.Options).Except(_common).FirstOrDefault(parse.Given);
        if (foreign is not null)
        {
            var takers = _tasks.Where(t => t.Options.Contains(foreign)).SelectMany(t => t.Names);
            throw new CliUsageException($"Option {foreign.Name} is for {string.Join(" and ", takers)} only (the task here is {task}).");
        }
        return task;
    }

    /// <summary>
    /// The options to show: a usage error shows the task in effect (named or detected); help shows the named or detected
    /// task, or every task when neither a task nor a ground truth is given. A task that cannot be told shows no task's.
    /// </summary>
    public IReadOnlyList<OptionGroup> Groups(ParseResult parse, CliContext context, bool help)
    {
        var head = new OptionGroup(null, new[] { Vocabulary.Task }.Concat(_common).ToArray(), Names);
        if (help && !parse.Given(Vocabulary.Task) && !parse.Given(Vocabulary.GroundTruth))
        {
            return _tasks.Select(t => new OptionGroup(t.Title, t.Options, Describe: t.Describe)).Prepend(head).ToArray();
        }
        string task;
        try
        {
            task = parse.Choice(Vocabulary.Task, Detected(parse, context), Names);
        }
        // A value that did not parse (System.CommandLine then throws InvalidOperationException) or a file that cannot be read.
        catch (Exception e) when (e is CliUsageException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return new[] { head };
        }
        // A ground truth of a task the verb does not take (video for compare): the common options only.
        if (!Names.Contains(task, StringComparer.Ordinal)) return new[] { head };
        var set = SetOf(task);
        return new[] { head, new OptionGroup(set.Title, set.Options, Describe: set.Describe) };
    }

    private TaskOptionSet SetOf(string task) => _tasks.First(t => t.Names.Contains(task, StringComparer.Ordinal));

    private static string Detected(ParseResult parse, CliContext context)
    {
        var groundTruth = parse.GetValue(Vocabulary.GroundTruth);
        var kind = groundTruth is null ? GroundTruthKind.Classification : GroundTruthKinds.Detect(context.Resolve(groundTruth));
        return kind.ToString().ToLowerInvariant();
    }
}
