using AutoMLEval.PowerShell;

namespace AutoMLEval.Tasks;

/// <summary>
/// One evaluation task behind <c>Get-ModelEvaluation -Task</c>: maps the bound request to the engine call and
/// the engine's result to the task's public output type. Adding a task (detection, video, ...) is one class
/// implementing this, its output type, one entry in <see cref="EvaluationTasks"/> and the name in the -Task set.
/// </summary>
internal interface IModelEvaluationTask
{
    /// <summary>The -Task value.</summary>
    string Name { get; }

    /// <summary>
    /// Reads, evaluates and maps, on a worker thread: bad records and progress go to <paramref name="calls"/> (from any
    /// thread), an unusable input throws, and the work stops (<see cref="OperationCanceledException"/>) when the command is stopped.
    /// Returns the output object, or an array of them (one per slice of <see cref="EvaluationRequest.SliceBy"/>).
    /// </summary>
    object Evaluate(EvaluationRequest request, EngineCalls calls);
}
