using AutoMLEval.Engine.Formats;

namespace AutoMLEval.Cli.Commands;

/// <summary>The verbs that work on any task: they pick the task handler named by <c>--task</c>.</summary>
internal abstract class TaskCommand : ICliCommand
{
    internal static IReadOnlyList<IEvaluationTask> Tasks { get; } = typeof(TaskCommand).Assembly.GetTypes()
        .Where(t => typeof(IEvaluationTask).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
        .Select(t => (IEvaluationTask)Activator.CreateInstance(t)!)
        .ToArray();

    public abstract string Name { get; }

    public abstract string Summary { get; }

    private static string TaskLine =>
        $"  --task {string.Join("|", Tasks.SelectMany(t => t.Names))}   (default: what the ground truth holds; classification for CSV and folders)";

    /// <summary>Every task's options for this verb (<c>--help</c>; <c>--task T --help</c> shows one task's).</summary>
    public string Usage => TaskLine + Environment.NewLine + string.Join(Environment.NewLine, Tasks.Select(t => t.Usage(Name)));

    public string HelpFor(IReadOnlyList<string> arguments)
    {
        var at = arguments.ToList().IndexOf("--task");
        var named = at >= 0 && at + 1 < arguments.Count ? Tasks.FirstOrDefault(t => t.Names.Contains(arguments[at + 1], StringComparer.OrdinalIgnoreCase)) : null;
        return named is null ? Usage : TaskLine + Environment.NewLine + named.Usage(Name);
    }

    public int Run(CliArguments arguments, CliContext context)
    {
        var names = Tasks.SelectMany(t => t.Names).ToArray();
        string task;
        try
        {
            // Without --task, the ground truth says what it is (COCO or Vertex boxes: detection; video: video).
            var groundTruth = arguments.Value("ground-truth");
            var detected = groundTruth is null ? GroundTruthKind.Classification : GroundTruthKinds.Detect(context.Resolve(groundTruth));
            task = arguments.Choice("task", detected.ToString().ToLowerInvariant(), names);
        }
        catch (CliUsageException e)
        {
            throw new CliUsageException(e.Message) { Usage = TaskLine };
        }
        var handler = Tasks.First(t => t.Names.Contains(task, StringComparer.Ordinal));
        try
        {
            return Run(handler, task, arguments, context);
        }
        catch (CliUsageException e) when (e.Usage is null)
        {
            // Only this verb's options for the task in effect: the other tasks' would bury the line that matters.
            throw new CliUsageException(e.Message) { Usage = handler.Usage(Name) };
        }
    }

    protected abstract int Run(IEvaluationTask handler, string task, CliArguments arguments, CliContext context);
}

internal sealed class EvaluateCommand : TaskCommand
{
    public override string Name => "evaluate";

    public override string Summary => "Headline metrics, per-label slices, threshold rows and confusion matrix.";

    protected override int Run(IEvaluationTask handler, string task, CliArguments arguments, CliContext context) =>
        handler.Evaluate(task, arguments, context);
}

internal sealed class SweepCommand : TaskCommand
{
    public override string Name => "sweep";

    public override string Summary => "Precision, recall, F1 and counts over a grid of confidence thresholds.";

    protected override int Run(IEvaluationTask handler, string task, CliArguments arguments, CliContext context) =>
        handler.Sweep(task, arguments, context);
}

internal sealed class ErrorsCommand : TaskCommand
{
    public override string Name => "errors";

    public override string Summary => "The misclassified items (false positives, false negatives), most confidently wrong first.";

    protected override int Run(IEvaluationTask handler, string task, CliArguments arguments, CliContext context) =>
        handler.Errors(task, arguments, context);
}
