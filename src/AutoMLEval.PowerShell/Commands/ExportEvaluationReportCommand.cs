using System.Diagnostics;
using System.Management.Automation;
using System.Runtime.InteropServices;
using AutoMLEval.Engine.Comparison;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Embeddings;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Reports;
using AutoMLEval.Inference.Imaging;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Export-EvaluationReport</c>: writes an evaluation from Get-ModelEvaluation as one self-contained HTML page
/// (<see cref="EvaluationReport"/> of AutoMLEval.Reports, the same page as <c>automl-eval report</c>).
/// </summary>
[Cmdlet(VerbsData.Export, "EvaluationReport", SupportsShouldProcess = true)]
[OutputType(typeof(ModelEvaluation), typeof(VideoEvaluation), typeof(DetectionModelEvaluation))]
public sealed class ExportEvaluationReportCommand : EngineCmdlet
{
    private bool _written;

    /// <summary>The evaluation, from Get-ModelEvaluation.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Evaluation")]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? InputObject { get; set; }

    /// <summary>The HTML file to write (replaced if it exists, unless -NoClobber), taken as written: [ ] * ? are part of the name, so -LiteralPath is the same parameter.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The page title; by default made from the ground-truth file name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>Classification: embedding files (JSONL or CSV) of the evaluated and the training items; each gallery card then offers its nearest training images.</summary>
    [Parameter]
    [Alias("Embedding")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? EmbeddingPath { get; set; }

    /// <summary>
    /// Detection and segmentation: the folder the ground truth's image <c>file_name</c>s are relative to (as
    /// <c>automl-eval report --images</c>). The errors' images are drawn from it with their boxes; the page counts the
    /// images it does not hold, and a warning says how many. Without it the page shows the file names.
    /// </summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? ImagePath { get; set; }

    /// <summary>
    /// Classification: an evaluation of the same ground truth by a baseline model (Get-ModelEvaluation); the report then
    /// compares the evaluation with it (as Compare-ModelEvaluation): metric differences with intervals, McNemar's test,
    /// and the fixed and broken images.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    [RefuseDeserialized(RefuseDeserializedAttribute.EvaluateAgain)]
    public EvaluationResult? Baseline { get; set; }

    /// <summary>Paired bootstrap resamples of the comparison's intervals with -Baseline (0 for none).</summary>
    [Parameter]
    [ValidateBetween(0, 100000)]
    public int BootstrapSamples { get; set; } = EvaluationComparisons.DefaultBootstrapSamples;

    /// <summary>
    /// Also embeds images outside the data's folder (absolute paths elsewhere, ../). A report is made to be shared, so by
    /// default only images under the ground truth's folder are embedded; the others are shown by name and counted.
    /// </summary>
    [Parameter]
    public SwitchParameter AllowImageOutsideData { get; set; }

    /// <summary>Opens the written report in the default browser.</summary>
    [Parameter]
    public SwitchParameter Open { get; set; }

    /// <summary>Refuses to replace a file that exists already (a terminating NoClobber error, before any work).</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Passes the evaluation on down the pipeline after writing its report.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Refuses a baseline that is not a classification evaluation, and -BootstrapSamples without -Baseline, before any work.</summary>
    protected override void BeginProcessing()
    {
        if (Baseline is not null and not ModelEvaluation) ThrowTerminatingError(EvaluationComparisons.NotClassification(Baseline, nameof(Baseline)));
        if (Baseline is null && MyInvocation.BoundParameters.ContainsKey(nameof(BootstrapSamples)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-BootstrapSamples sets the resamples of the comparison with -Baseline; give -Baseline too."),
                "BootstrapSamplesNeedBaseline",
                ErrorCategory.InvalidArgument,
                BootstrapSamples));
        }
    }

    /// <summary>The report's file, started; null after writing the error when it cannot be written.</summary>
    private OutputFile? CreateOutput(string output)
    {
        try
        {
            return OutputFile.Create(output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "OutputWriteFailed", ErrorCategory.WriteError, output));
            return null;
        }
    }

    /// <summary>Writes the report of the (first) evaluation piped in.</summary>
    protected override void ProcessRecord()
    {
        var evaluation = InputObject!;
        if (_written)
        {
            WriteError(new ErrorRecord(
                new ArgumentException("One report per file: this evaluation was not written; export each evaluation to its own -Path."),
                "OneReportPerFile",
                ErrorCategory.InvalidArgument,
                evaluation));
            return;
        }
        if (MergedEvaluations.Refuse(this, "a report", evaluation)) return;
        if (EmbeddingPath is not null && evaluation is not ModelEvaluation)
        {
            WriteParameterNotForTask(evaluation, "-EmbeddingPath is for classification reports (similar training images of gallery cards).", "EmbeddingNeedsClassification");
            return;
        }
        if (ImagePath is not null && evaluation is not DetectionModelEvaluation)
        {
            WriteParameterNotForTask(evaluation, "-ImagePath is for detection and segmentation reports (the images the errors are drawn on); a classification report finds its images from the ground truth's folder.", "ImagePathNeedsDetection");
            return;
        }
        if (Baseline is not null && evaluation is not ModelEvaluation)
        {
            WriteError(EvaluationComparisons.NotClassification(evaluation, "Evaluation"));
            return;
        }
        var output = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        ExistingOutput.Refuse(this, NoClobber, output);
        ExistingOutput.RefuseConflict(this, [("-Path", output)],
            ExistingOutput.InputsOf(evaluation, "the evaluation")
                .Concat(Baseline is null ? Enumerable.Empty<(string, string?)>() : ExistingOutput.InputsOf(Baseline, "-Baseline"))
                .Concat((EmbeddingPath ?? []).Select(p => ("-EmbeddingPath", (string?)SessionState.Path.GetUnresolvedProviderPathFromPSPath(p)))));
        if (!ShouldProcess(output, "Write evaluation report")) return;
        // Opened before any work: a -Path that cannot be written (a folder, a file above it) fails at once, not after the
        // comparison and the report. Written beside the final name and moved there once complete: a stopped or failed
        // export leaves no half page.
        using var file = CreateOutput(output);
        if (file is null) return;
        // The baseline is the reference, so differences are this evaluation's gains, as in Compare-ModelEvaluation.
        ModelComparison? comparison = null;
        if (Baseline is ModelEvaluation baseline)
        {
            comparison = EvaluationComparisons.Compare(this, baseline, (ModelEvaluation)evaluation, BootstrapSamples, new ComparisonOptions().Seed);
            if (comparison is null) return;
        }
        var imagesDirectory = ImagePath is null ? null : ProviderPaths.ResolveOne(this, ImagePath, literal: false);
        if (ImagePath is not null && imagesDirectory is null) return;
        var thumbnails = LibvipsThumbnailsIfAvailable();
        var embeddingFiles = (EmbeddingPath ?? Array.Empty<string>()).Select(p => ProviderPaths.Resolve(this, p, literal: false)).ToArray();
        if (embeddingFiles.Any(f => f is null)) return;
        try
        {
            RunEngine(calls =>
            {
                var options = new ReportOptions { Title = Title, Thumbnails = thumbnails, AllowImagesOutsideData = AllowImageOutsideData.IsPresent, Comparison = comparison, Issues = calls.Issues, Progress = calls.Progress, CancellationToken = calls.Cancellation };
                if (embeddingFiles.Length > 0) options = options with { Embeddings = EmbeddingReader.ReadFiles(embeddingFiles.SelectMany(f => f!), calls.Issues, DistanceMetric.Cosine, calls.Progress, calls.Cancellation), EmbeddingsOption = "-" + nameof(EmbeddingPath) };
                switch (evaluation)
                {
                    case ModelEvaluation model:
                        EvaluationReport.Write(model.Run, file.Stream, model.SliceKey is null ? options : options with { Slice = model.Slice });
                        break;
                    case DetectionModelEvaluation detection:
                        EvaluationReport.Write(detection.Evaluation, file.Stream, options, imagesDirectory);
                        break;
                    default:
                        EvaluationReport.Write(((VideoEvaluation)evaluation).Evaluation, file.Stream, options);
                        break;
                }
                file.Commit();
                return true;
            });
        }
        catch (InputFormatException e)
        {
            WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, "OutputWriteFailed", ErrorCategory.WriteError, output));
            return;
        }
        _written = true;
        if (Open.IsPresent) OpenInBrowser(output);
        if (PassThru.IsPresent) WriteObject(evaluation);
    }

    /// <summary>Writes the error of a parameter given for an evaluation of a task it does not apply to.</summary>
    private void WriteParameterNotForTask(EvaluationResult evaluation, string message, string errorId) =>
        WriteError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, evaluation));

    /// <summary>libvips thumbnails, or null (the report then embeds small image files as they are) where libvips does not load.</summary>
    private LibvipsThumbnails? LibvipsThumbnailsIfAvailable()
    {
        try
        {
            _ = ImageDecoder.LibvipsVersion;
            return new LibvipsThumbnails();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException or InvalidOperationException)
        {
            WriteWarning($"libvips is not available on this machine ({e.Message}); the report embeds only small image files, unscaled.");
            return null;
        }
    }

    /// <summary>How long -Open waits for a Linux or macOS launcher (xdg-open, open) to fail: one that finds no browser exits within a tenth of that.</summary>
    private const int LauncherFailsWithinMilliseconds = 1500;

    private void OpenInBrowser(string file)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file) { UseShellExecute = true });
            // Elsewhere than on Windows the file goes to a launcher, which starts whether or not a browser is set up and
            // only then fails; its exit code is the only sign. One still running has handed the page to a browser.
            if (process is not null && !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && LauncherFailed(process, out int exitCode))
            {
                var message = $"the report is written to {file}, but the system's launcher could not open it (exit code {exitCode}): no browser is set up for it. Open the file yourself, or name a browser in the BROWSER environment variable (xdg-open reads it).";
                WriteError(new ErrorRecord(new InvalidOperationException(message), "ReportOpenFailed", ErrorCategory.ResourceUnavailable, file));
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // The report is written; a machine without a browser only loses the convenience.
            WriteError(new ErrorRecord(e, "ReportOpenFailed", ErrorCategory.ResourceUnavailable, file));
        }
    }

    // Waits a moment for the launcher, in steps so that Ctrl+C is not held up; true when it ended with an error.
    private bool LauncherFailed(Process launcher, out int exitCode)
    {
        exitCode = 0;
        var waited = Stopwatch.StartNew();
        while (!launcher.WaitForExit(PollMilliseconds))
        {
            if (StopToken.IsCancellationRequested || waited.ElapsedMilliseconds >= LauncherFailsWithinMilliseconds) return false;
        }
        exitCode = launcher.ExitCode;
        return exitCode != 0;
    }
}
