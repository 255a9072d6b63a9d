namespace AutoMLEval.Cli;

/// <summary>
/// What <c>evaluate</c>, <c>sweep</c> and <c>errors</c> do for one kind of model (classification, detection,
/// video, ...), chosen with <c>--task</c>. Tasks are found by reflection, like verbs. Each method reads its
/// own options from its <c>arguments</c> (the verb has already read <c>--task</c>), calls the engine
/// and writes the result in the requested format.
/// </summary>
internal interface IEvaluationTask
{
    /// <summary>The <c>--task</c> values this handler answers to (for example detection and segmentation).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The task's options for one verb (<c>evaluate</c>, <c>sweep</c> or <c>errors</c>): what a usage error and <c>--help</c> print.</summary>
    string Usage(string verb);

    /// <summary>The headline metrics.</summary>
    int Evaluate(string task, CliArguments arguments, CliContext context);

    /// <summary>Rows of metrics over confidence thresholds.</summary>
    int Sweep(string task, CliArguments arguments, CliContext context);

    /// <summary>The individual errors (false positives, false negatives, ...), most confidently wrong first.</summary>
    int Errors(string task, CliArguments arguments, CliContext context);
}
