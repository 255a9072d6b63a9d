using System.CommandLine;

namespace AutoMLEval.Cli;

/// <summary>
/// What <c>evaluate</c>, <c>sweep</c> and <c>errors</c> do for one kind of model (classification, detection,
/// video, ...), chosen with <c>--task</c>. Tasks are found by reflection, like verbs. Each declares the options it
/// takes in each verb; each method reads their values from the parse result, calls the engine and writes the result
/// in the requested format.
/// </summary>
internal interface IEvaluationTask
{
    /// <summary>The <c>--task</c> values this handler answers to (for example detection and segmentation).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>What help and usage call the task (for example "classification (the default)").</summary>
    string Title { get; }

    /// <summary>The task's options in one verb (<c>evaluate</c>, <c>sweep</c> or <c>errors</c>), <c>--format</c> aside.</summary>
    IReadOnlyList<Option> Options(string verb);

    /// <summary>
    /// Help's description of a shared option that works otherwise for this task in <paramref name="verb"/> (classification
    /// <c>errors</c> without <c>--threshold</c> decides by top label); null: the option's own description.
    /// </summary>
    string? Describe(string verb, Option option) => null;

    /// <summary>The headline metrics.</summary>
    int Evaluate(string task, ParseResult parse, CliContext context);

    /// <summary>Rows of metrics over confidence thresholds.</summary>
    int Sweep(string task, ParseResult parse, CliContext context);

    /// <summary>The individual errors (false positives, false negatives, ...), most confidently wrong first.</summary>
    int Errors(string task, ParseResult parse, CliContext context);
}
