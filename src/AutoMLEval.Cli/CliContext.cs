using System.Diagnostics;
using AutoMLEval.Engine.Diagnostics;

namespace AutoMLEval.Cli;

/// <summary>
/// Where a verb writes: results to standard output, problems and progress to standard error. The engine reports issues
/// and progress from its worker threads, so both are written under one lock (a line is never cut by another).
/// </summary>
internal sealed class CliContext : IIssueSink, IProgress<WorkProgress>
{
    /// <summary>How often the progress line is redrawn at most.</summary>
    private const int ProgressRedrawMilliseconds = 200;

    private readonly object _gate = new();
    private readonly Stopwatch _sinceRedraw = Stopwatch.StartNew();
    private int _progressWidth;
    private int _errorsReported;

    public CliContext(TextWriter output, TextWriter error, string workingDirectory)
    {
        Output = new ProgressErasingWriter(output, this);
        Error = error;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>Results (JSON, CSV or a table); on a terminal, the progress line is erased before each write.</summary>
    public TextWriter Output { get; }

    /// <summary>Warnings, errors and progress.</summary>
    public TextWriter Error { get; }

    /// <summary>The directory relative input paths resolve against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Whether standard error is a terminal (progress bars are drawn only then).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Whether standard output is a terminal (where <c>predict</c> prints a summary rather than every JSON line).</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>The columns help and usage fit where they do not go to a terminal (a file, a pipe, a CI log): a page's 80.</summary>
    public const int RedirectedWidth = 80;

    /// <summary>The terminal's columns (when standard output or error is one).</summary>
    public int Width { get; init; } = RedirectedWidth;

    /// <summary>
    /// The cells the progress line is cut to: the terminal's columns less one, since a line that reaches the last column
    /// (or wraps) is no longer redrawn and erased in place by '\r'.
    /// </summary>
    public int ProgressWidth { get; init; } = RedirectedWidth - 1;

    /// <summary>The columns help on standard output is wrapped to (a description continues under itself): the terminal's, else 80.</summary>
    public int OutputWidth => OutputIsTerminal ? Width : RedirectedWidth;

    /// <summary>The columns usage on standard error is wrapped to: the terminal's, else 80.</summary>
    public int ErrorWidth => ErrorIsTerminal ? Width : RedirectedWidth;

    /// <summary>Cancelled by Ctrl+C or SIGTERM; every engine call of a verb takes it.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Where engine operations report progress: this context when standard error is a terminal (one line redrawn in place), else nowhere.</summary>
    public IProgress<WorkProgress>? Progress => ErrorIsTerminal ? this : null;

    /// <summary>The folder of the bundled demo data set (digits).</summary>
    public static string DemoDirectory => Path.Combine(AppContext.BaseDirectory, "demo", "digits");

    /// <summary>An absolute path for a user-given one, relative to <see cref="WorkingDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(WorkingDirectory, path));

    /// <summary>How many error issues (rejected records) the engine reported: a run that had any exits <see cref="ExitCodes.RecordsRejected"/>.</summary>
    public int ErrorsReported => Volatile.Read(ref _errorsReported);

    /// <inheritdoc />
    public void Report(DataIssue issue)
    {
        if (issue.Severity == IssueSeverity.Error) Interlocked.Increment(ref _errorsReported);
        WriteMessage($"{(issue.Severity == IssueSeverity.Error ? "error" : "warning")} {issue.Code}: {TerminalText.Escape(issue.ToString())}");
    }

    /// <summary>Redraws the progress line (at most every <see cref="ProgressRedrawMilliseconds"/> ms).</summary>
    public void Report(WorkProgress value)
    {
        lock (_gate)
        {
            if (_progressWidth > 0 && _sinceRedraw.ElapsedMilliseconds < ProgressRedrawMilliseconds) return;
            _sinceRedraw.Restart();
            var line = ProgressLine(value, ProgressWidth);
            var width = TerminalText.Width(line);
            Error.Write("\r" + line + new string(' ', Math.Max(0, _progressWidth - width)));
            _progressWidth = width;
        }
    }

    /// <summary>
    /// The progress line, at most <paramref name="width"/> cells: a step too long for it (a long file name in "Reading …")
    /// loses its middle to '…', keeping the counts whole; made safe for the terminal, as a file name can hold anything.
    /// </summary>
    internal static string ProgressLine(WorkProgress value, int width)
    {
        var text = value.Percent is int percent ? $"{value} ({percent}%)" : value.ToString();
        var counts = text.Substring(value.Step.Length);
        var step = TerminalText.Escape(value.Step);
        var room = width - TerminalText.Width(counts);
        // A terminal too narrow for the counts and a letter of the step cuts the line as a whole.
        return room > 1 ? TerminalText.ShortenMiddle(step, room) + counts : TerminalText.ShortenMiddle(step + counts, width);
    }

    /// <summary>Writes one line to standard error, on a line of its own (the progress line is erased first).</summary>
    public void WriteMessage(string line)
    {
        lock (_gate)
        {
            ClearProgress();
            Error.WriteLine(line);
        }
    }

    /// <summary>
    /// Writes prose (a verb's closing note) to standard error wrapped at <see cref="ErrorWidth"/>, as table notes are at
    /// the output's: one line of 300 characters is unreadable in an 80-column log. Its continuation lines are indented,
    /// as in help, so that the note stays one block among the error lines. The progress line is erased first.
    /// </summary>
    public void WriteNote(string text)
    {
        lock (_gate)
        {
            ClearProgress();
            CliHelp.WriteWrapped(Error, ErrorWidth, text);
        }
    }

    /// <summary>Erases the progress line, so that what follows starts on a clean line.</summary>
    public void ClearProgress()
    {
        lock (_gate)
        {
            if (_progressWidth == 0) return;
            Error.Write("\r" + new string(' ', _progressWidth) + "\r");
            _progressWidth = 0;
        }
    }

    /// <summary>
    /// Standard output that erases the progress line first when both go to the terminal: the results' first line
    /// otherwise went on after it ("Computing metrics: 0      label  threshold …"). Redirected, the progress line stays.
    /// Each write checks the cancellation first: Ctrl+C or SIGTERM while a long table goes to a slow terminal or pipe
    /// stops it there (exit 130), as during the computation.
    /// </summary>
    private sealed class ProgressErasingWriter : TextWriter
    {
        private readonly TextWriter _inner;
        private readonly CliContext _context;

        public ProgressErasingWriter(TextWriter inner, CliContext context)
        {
            _inner = inner;
            _context = context;
        }

        public override System.Text.Encoding Encoding => _inner.Encoding;

        public override void Write(char value)
        {
            BeforeWrite();
            _inner.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            BeforeWrite();
            _inner.Write(buffer, index, count);
        }

        public override void Write(string? value)
        {
            BeforeWrite();
            _inner.Write(value);
        }

        public override void WriteLine(string? value)
        {
            BeforeWrite();
            _inner.WriteLine(value);
        }

        public override void Flush() => _inner.Flush();

        public override string ToString() => _inner.ToString() ?? string.Empty;

        private void BeforeWrite()
        {
            _context.Cancellation.ThrowIfCancellationRequested();
            if (_context.OutputIsTerminal) _context.ClearProgress();
        }
    }
}
