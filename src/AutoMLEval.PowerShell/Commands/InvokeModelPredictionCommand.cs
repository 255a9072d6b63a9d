using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Engine.Formats;
using AutoMLEval.Inference.Model;
using AutoMLEval.PowerShell.Inference;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// <c>Invoke-ModelPrediction</c>: runs a local ONNX image classifier over the images of a ground truth, the
/// image files (or folders of images) given or piped in, and writes one <see cref="ModelPrediction"/> per readable
/// image, in input order.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ModelPrediction", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(ModelPrediction))]
public sealed class InvokeModelPredictionCommand : EngineCmdlet
{
    /// <summary>Image paths (files or folders of images) that may contain wildcards.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>Image paths taken as written (what Get-ChildItem pipes, by PSPath).</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>The images listed in a ground truth.</summary>
    public const string GroundTruthParameterSet = "GroundTruth";

    // (content, file) pairs rather than the inference assembly's ImageItem: this public type must load without it.
    private readonly List<(string Content, string File)> _items = new();

    /// <summary>The ONNX model file.</summary>
    [Parameter(Mandatory = true)]
    [Alias("Model")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>
    /// Image files, or folders whose images (at every depth, as <see cref="ImageFolders.ImagesBelow"/> finds them) are
    /// predicted; wildcards allowed, also from the pipeline as strings.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Image files or folders taken as written; Get-ChildItem's output binds here by its PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>A ground truth whose images are predicted (paths relative to its folder); each prediction's ItemId is the path as written there.</summary>
    [Parameter(Mandatory = true, ParameterSetName = GroundTruthParameterSet)]
    [Alias("GroundTruth")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string GroundTruthPath { get; set; } = string.Empty;

    /// <summary>With -GroundTruthPath: only the images of this split (every image when omitted).</summary>
    [Parameter(ParameterSetName = GroundTruthParameterSet)]
    [SplitName]
    [ValidateSplit(withAll: false)]
    [ArgumentCompleter(typeof(ValidValuesCompleter))]
    public string? MlUse { get; set; }

    /// <summary>A labels file (one class name per line, in output order); by default the model's "labels" metadata, else the indices (with a warning).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? LabelPath { get; set; }

    /// <summary>Images per inference run (the model's fixed batch size wins).</summary>
    [Parameter]
    [ValidateBetween(1, 4096)]
    public int BatchSize { get; set; } = 32;

    /// <summary>The name of the model output holding an embedding, to add to each prediction.</summary>
    [Parameter]
    [Alias("EmbeddingOutput")]
    [ValidateNotNullOrEmpty]
    public string? EmbeddingOutputName { get; set; }

    /// <summary>How images become the model's input (size, resize mode, scale, mean, std, channel order, layout) and its output scores (softmax, scores output): a hashtable of <see cref="ModelPreprocessing"/>'s properties; by default read from the model.</summary>
    [Parameter]
    [ValidateNotNull]
    public ModelPreprocessing? Preprocessing { get; set; }

    /// <summary>Collects the images (piped ones arrive one record at a time).</summary>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case GroundTruthParameterSet:
                var groundTruth = ProviderPaths.ResolveOne(this, GroundTruthPath, literal: false);
                if (groundTruth is null) return;
                try
                {
                    _items.AddRange(RunEngine(calls => PredictionItems.FromGroundTruth(groundTruth, MlUse, calls.Issues, calls.Progress, calls.Cancellation)));
                }
                catch (InputFormatException e)
                {
                    WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
                }
                break;
            default:
                bool literal = ParameterSetName == LiteralPathParameterSet;
                foreach (var path in (literal ? LiteralPath : Path)!)
                {
                    var files = ProviderPaths.Resolve(this, path, literal);
                    if (files is null) continue;
                    _items.AddRange(files.SelectMany(ImagesOf));
                }
                break;
        }
    }

    /// <summary>Loads the model and streams the predictions, with progress; Ctrl+C stops the running batch.</summary>
    protected override void EndProcessing()
    {
        if (_items.Count == 0) return;
        var model = ProviderPaths.ResolveOne(this, ModelPath, literal: false);
        var labels = LabelPath is null ? null : ProviderPaths.ResolveOne(this, LabelPath, literal: false);
        if (model is null || (LabelPath is not null && labels is null)) return;
        if (!ModelPredictionRun.TryReadLabels(this, labels, out var names)) return;
        var options = ModelPredictionRun.WithPreprocessing(this, Preprocessing, new InferenceOptions
        {
            BatchSize = BatchSize,
            EmbeddingOutput = EmbeddingOutputName,
            Labels = names,
            LabelsPath = labels,
        });
        ModelPredictionRun.Run(this, model, options, _items, prediction => WriteObject(PredictionItems.ToModelPrediction(prediction, model)));
    }

    /// <summary>
    /// A file as itself; a folder as its image files (an error when it has none, rather than predicting nothing), what
    /// the folder walk leaves out a FilesLeftOut warning.
    /// </summary>
    private IEnumerable<(string Content, string File)> ImagesOf(string path)
    {
        if (File.Exists(path)) return new[] { (path, path) };
        var images = ImageItem.FromFolder(path, path, new CmdletIssueSink(this));
        if (images.Count == 0)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"The folder '{path}' holds no image files ({string.Join(", ", ImageFolders.ImageExtensions)})."),
                "NoImagesInFolder",
                ErrorCategory.ObjectNotFound,
                path));
        }
        return images.Select(i => (i.Content, i.FilePath));
    }
}
