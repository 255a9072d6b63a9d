using System.CommandLine;

namespace AutoMLEval.Cli.Commands;

/// <summary>The verbs that work on any task: they pick the task handler named by <c>--task</c>.</summary>
internal abstract class TaskCommand : ICliCommand
{
    private readonly Lazy<TaskOptions> _options;

    protected TaskCommand() =>
        _options = new Lazy<TaskOptions>(() => new TaskOptions([Vocabulary.Format], Tasks.Select(t => new TaskOptionSet(t.Names, t.Title, t.Options(Name), option => t.Describe(Name, option))).ToArray()));

    internal static IReadOnlyList<IEvaluationTask> Tasks { get; } = typeof(TaskCommand).Assembly.GetTypes()
        .Where(t => typeof(IEvaluationTask).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
        .Select(t => (IEvaluationTask)Activator.CreateInstance(t)!)
        .ToArray();

    public abstract string Name { get; }

    public abstract string Summary { get; }

    public IReadOnlyList<Option> Options => _options.Value.All;

    public virtual IReadOnlyList<Option> OutputFiles => [];

    public IReadOnlyList<OptionGroup> Usage(ParseResult parse, CliContext context, bool help) => _options.Value.Groups(parse, context, help);

    public int Run(ParseResult parse, CliContext context)
    {
        var task = _options.Value.Select(parse, context);
        return Run(Tasks.First(t => t.Names.Contains(task, StringComparer.Ordinal)), task, parse, context);
    }

    protected abstract int Run(IEvaluationTask handler, string task, ParseResult parse, CliContext context);
}

internal sealed class EvaluateCommand : TaskCommand
{
    public override string Name => "evaluate";

    public override string Summary => "Headline metrics, per-label slices, threshold rows and confusion matrix.";

    public override IReadOnlyList<Option> OutputFiles { get; } = [Vocabulary.Partial];

    protected override int Run(IEvaluationTask handler, string task, ParseResult parse, CliContext context) =>
        handler.Evaluate(task, parse, context);
}

internal sealed class SweepCommand : TaskCommand
{
    public override string Name => "sweep";

    public override string Summary => "Precision, recall, F1 and counts over a grid of confidence thresholds.";

    protected override int Run(IEvaluationTask handler, string task, ParseResult parse, CliContext context) =>
        handler.Sweep(task, parse, context);
}

internal sealed class ErrorsCommand : TaskCommand
{
    public override string Name => "errors";

    public override string Summary => "The misclassified items (false positives, false negatives), most confidently wrong first.";

    protected override int Run(IEvaluationTask handler, string task, ParseResult parse, CliContext context) =>
        handler.Errors(task, parse, context);
}
