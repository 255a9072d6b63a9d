using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;

namespace AutoMLEval.PowerShell;

/// <summary>
/// The base of every cmdlet that hands real work to the engine. The work runs on a worker thread; the cmdlet's own
/// pipeline thread meanwhile writes what the engine reported (bad records as errors and warnings, progress as
/// Write-Progress), because PowerShell accepts writes from that thread only. Ctrl+C (<see cref="StopProcessing"/>)
/// cancels the token every long engine loop checks, and the command ends with <see cref="PipelineStoppedException"/>
/// as PowerShell's own cmdlets do. See docs/architecture.md.
/// </summary>
public abstract class EngineCmdlet : PSCmdlet, IDisposable
{
    /// <summary>How often the pipeline thread writes what the engine reported while it works.</summary>
    private protected const int PollMilliseconds = 100;

    /// <summary>Work shorter than this shows no progress bar (it would only flash).</summary>
    private const int QuietMilliseconds = 500;

    private static int s_lastActivityId;

    private readonly CancellationTokenSource _stop = new();

    // The pipes the command looks at and does not read (an error after the format look) are closed when its pipeline ends.
    // Held as IDisposable: a public cmdlet's fields must not need the engine to load (see ModelEvaluation).
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The engine's type would make PowerShell load the engine with the module's public types.")]
    private readonly IDisposable _pipes = new ReadOnceInputs();

    /// <summary>Cancelled when the command is stopped (Ctrl+C, <c>PowerShell.Stop()</c>).</summary>
    internal CancellationToken StopToken => _stop.Token;

    /// <summary>
    /// A file the command wrote for itself and reads back (-ModelPath's temporary predictions), and what issues name in
    /// its place (the model): no error or warning names a file the user never gave and that is gone when they read it.
    /// </summary>
    private protected (string File, string ShownAs)? TemporaryInput { get; set; }

    /// <summary><paramref name="issue"/> as the user reads it: naming <see cref="TemporaryInput"/>'s stand-in, without a line, instead of its file.</summary>
    private protected DataIssue Shown(DataIssue issue) =>
        TemporaryInput is { } temporary && string.Equals(issue.Source, temporary.File, StringComparison.Ordinal)
            ? issue with { Source = temporary.ShownAs, Line = 0 }
            : issue;

    /// <summary>The error record of a record or file the engine refused, as <see cref="Shown"/> names it.</summary>
    private protected ErrorRecord ErrorRecordOf(InputFormatException failure)
    {
        var issue = Shown(failure.Issue);
        return CmdletIssueSink.ToErrorRecord(issue, ReferenceEquals(issue, failure.Issue) ? failure : null);
    }

    /// <summary>A progress activity id of its own, so that two commands of one pipeline do not overwrite each other's bar.</summary>
    internal static int NewProgressActivityId() => Interlocked.Increment(ref s_lastActivityId);

    /// <summary>Cancels the running engine work.</summary>
    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>Releases the cancellation source, and what the cmdlet holds (called when the pipeline ends, stopped or not).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Releases the cancellation source and closes the pipes looked at and not read; a cmdlet that holds files until its
    /// pipeline ends releases them too.
    /// </summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _stop.Dispose();
        _pipes.Dispose();
    }

    /// <summary>
    /// Makes this command the owner of the pipes that engine calls on the pipeline thread look at (<see cref="RunEngine"/>'s
    /// work is), until the result is disposed.
    /// </summary>
    private protected IDisposable UsePipes() => ((ReadOnceInputs)_pipes).Use();

    /// <summary>
    /// Runs <paramref name="work"/> on a worker thread and, until it ends, writes its issues and progress from this
    /// (the pipeline) thread. Returns its result, or rethrows its exception as thrown (so callers catch
    /// <see cref="InputFormatException"/> as before); throws <see cref="PipelineStoppedException"/> when the command was stopped.
    /// </summary>
    internal T RunEngine<T>(Func<EngineCalls, T> work)
    {
        if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
        var queue = new PipelineQueue();
        var progress = new ProgressWriter(this);
        var task = Task.Factory.StartNew(
            () =>
            {
                using var pipes = UsePipes();
                return work(new EngineCalls(queue, queue, StopToken));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var done = ((IAsyncResult)task).AsyncWaitHandle;
        try
        {
            while (!done.WaitOne(PollMilliseconds)) Drain(queue, progress);
        }
        finally
        {
            // A write threw (the pipeline is stopping): the engine work must not outlive the command.
            if (!task.IsCompleted)
            {
                _stop.Cancel();
                done.WaitOne();
            }
        }
        Drain(queue, progress);
        progress.Complete();
        if (task.Exception?.InnerException is { } failure)
        {
            if (failure is OperationCanceledException && StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            if (!IsAnticipated(failure)) ThrowUnexpected(failure);
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return task.Result;
    }

    /// <summary>
    /// The failures the cmdlets turn into their own error records (bad input, files, arguments, a model or native library
    /// that cannot be used); anything else is unexpected.
    /// </summary>
    private static bool IsAnticipated(Exception failure) =>
        failure is InputFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
            or OperationCanceledException or PipelineStoppedException or DllNotFoundException or EntryPointNotFoundException
            or BadImageFormatException or TypeInitializationException or NotSupportedException or PlatformNotSupportedException;

    /// <summary>
    /// Ends the command with one error record saying what failed (ErrorId <c>UnexpectedError</c>), not a stack trace;
    /// the details (the exception with its stack trace) go to the verbose stream, shown with -Verbose.
    /// </summary>
    private void ThrowUnexpected(Exception failure)
    {
        WriteVerbose(failure.ToString());
        var name = MyInvocation.MyCommand?.Name ?? GetType().Name;
        var record = new ErrorRecord(failure, "UnexpectedError", ErrorCategory.NotSpecified, null)
        {
            ErrorDetails = new ErrorDetails($"{name} failed unexpectedly: {failure.GetType().Name}: {failure.Message.TrimEnd('.')}; -Verbose shows the details."),
        };
        ThrowTerminatingError(record);
    }

    /// <summary>Writes the issues reported so far and the latest progress.</summary>
    private void Drain(PipelineQueue queue, ProgressWriter progress)
    {
        while (queue.TryTakeIssue(out var issue)) CmdletIssueSink.Write(this, Shown(issue));
        progress.Write(queue.TakeProgress());
    }

    /// <summary>Write-Progress for one run of engine work: quiet for short work, one bar of the engine's latest step.</summary>
    private sealed class ProgressWriter
    {
        private readonly Cmdlet _cmdlet;
        private readonly int _activityId = NewProgressActivityId();
        private readonly string _activity;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private string? _shown;

        // The latest progress not yet shown: a step reported in the quiet time and still running after it shows then.
        private WorkProgress? _pending;

        public ProgressWriter(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            _activity = cmdlet.MyInvocation.MyCommand?.Name ?? cmdlet.GetType().Name;
        }

        /// <summary>Shows <paramref name="latest"/> (null: nothing new), or the latest one held back by the quiet time.</summary>
        public void Write(WorkProgress? latest)
        {
            if (latest is not null) _pending = latest;
            if (_pending is not { } progress || _elapsed.ElapsedMilliseconds < QuietMilliseconds) return;
            _pending = null;
            var status = progress.ToString();
            if (string.Equals(status, _shown, StringComparison.Ordinal)) return;
            _shown = status;
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, status) { PercentComplete = progress.Percent ?? -1 });
        }

        public void Complete()
        {
            if (_shown is null) return;
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, string.Format(CultureInfo.InvariantCulture, "Done in {0:0.0} s", _elapsed.Elapsed.TotalSeconds)) { RecordType = ProgressRecordType.Completed });
        }
    }
}

/// <summary>What engine work gets from its cmdlet: where its issues and progress go (from any thread), and when to stop.</summary>
internal sealed record EngineCalls(IIssueSink Issues, IProgress<WorkProgress>? Progress, CancellationToken Cancellation);
