using System.Globalization;
using System.Management.Automation;
using AutoMLEval.Engine.Diagnostics;
using AutoMLEval.Inference.Imaging;
using AutoMLEval.Inference.Model;
using AutoMLEval.PowerShell.Inference;

namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// One run of a local ONNX classifier for a cmdlet (Invoke-ModelPrediction, Get-ModelEvaluation -ModelPath): loads the
/// model (a model that cannot be loaded stops the command: ModelLoadFailed, NativeLibraryMissing), predicts the
/// items with Write-Progress, reports unreadable images as errors, and hands over each prediction as it comes.
/// Unlike <see cref="EngineCmdlet.RunEngine{T}"/>, the predictions stream: the cmdlet's pipeline thread enumerates them
/// (the classifier decodes on its own threads but reports issues and progress on the enumerating one), so each is
/// written as soon as it is made; stopping the command cancels the running batch.
/// </summary>
internal static class ModelPredictionRun
{
    /// <summary>The names of a labels file (null without one); false after writing the file's error (a blank or repeated name, by line).</summary>
    public static bool TryReadLabels(Cmdlet cmdlet, string? path, out IReadOnlyList<string>? labels)
    {
        labels = null;
        if (path is null) return true;
        try
        {
            labels = LabelSource.ReadFile(path);
            return true;
        }
        catch (InputFormatException e)
        {
            cmdlet.WriteError(CmdletIssueSink.ToErrorRecord(e.Issue, e));
            return false;
        }
    }

    /// <summary><paramref name="options"/> with -Preprocessing's settings (none given: as they are); a setting out of range stops the command (InvalidPreprocessing).</summary>
    public static InferenceOptions WithPreprocessing(Cmdlet cmdlet, ModelPreprocessing? preprocessing, InferenceOptions options)
    {
        if (preprocessing is null) return options;
        var p = preprocessing;
        var defaults = new PreprocessingOptions();
        var settings = new PreprocessingOptions
        {
            Width = p.Width,
            Height = p.Height,
            ResizeMode = p.ResizeMode switch { PreprocessingResize.CenterCrop => ResizeMode.CenterCrop, PreprocessingResize.Pad => ResizeMode.Pad, _ => ResizeMode.Stretch },
            Scale = p.Scale ?? defaults.Scale,
            Mean = p.Mean ?? defaults.Mean,
            Std = p.Std ?? defaults.Std,
            ChannelOrder = p.ChannelOrder == PreprocessingChannelOrder.Bgr ? ChannelOrder.Bgr : ChannelOrder.Rgb,
            Layout = p.Layout switch { PreprocessingLayout.Nchw => TensorLayout.Nchw, PreprocessingLayout.Nhwc => TensorLayout.Nhwc, _ => TensorLayout.Auto },
        };
        if (settings.Problem() is { } problem) cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Preprocessing: {problem}."), "InvalidPreprocessing", ErrorCategory.InvalidArgument, preprocessing));
        return options with
        {
            Preprocessing = settings,
            Softmax = p.Softmax switch { PreprocessingSoftmax.Always => SoftmaxMode.Always, PreprocessingSoftmax.Never => SoftmaxMode.Never, _ => SoftmaxMode.Auto },
            ScoresOutput = p.ScoresOutputName,
        };
    }

    /// <summary>Predicts every item; false when stopping the command (Ctrl+C) stopped the run.</summary>
    public static bool Run(EngineCmdlet cmdlet, string modelPath, InferenceOptions options, IReadOnlyList<(string Content, string File)> items, Action<ImagePrediction> onPrediction)
    {
        ImageClassifier classifier;
        try
        {
            classifier = new ImageClassifier(modelPath, options);
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            // A model that does not fit names itself in its message; a missing file or native library says what it is.
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, e is DllNotFoundException ? "NativeLibraryMissing" : ModelUnusableException.LoadFailedCode, ErrorCategory.InvalidData, modelPath));
            return false;
        }
        using (classifier)
        {
            var progress = new CmdletProgress(cmdlet, string.Format(CultureInfo.InvariantCulture, "Predicting with {0}", Path.GetFileName(modelPath)));
            try
            {
                foreach (var prediction in classifier.Predict(PredictionItems.ToImageItems(items), new CmdletIssueSink(cmdlet), progress, cmdlet.StopToken)) onPrediction(prediction);
            }
            catch (OperationCanceledException)
            {
                // Stopped (Ctrl+C): PowerShell is ending the pipeline; what was written stays written.
                return false;
            }
            catch (ModelUnusableException e)
            {
                // The model runs only once the first batch is ready: labels that do not fit its output, an output shape it
                // did not declare or a graph that rejects its own declared input fail there. They are the model's, not unexpected.
                cmdlet.ThrowTerminatingError(new ErrorRecord(e, e.Code, ErrorCategory.InvalidData, modelPath));
                return false;
            }
            progress.Complete();
            return true;
        }
    }

    /// <summary>Write-Progress from the classifier's reports (they arrive on the pipeline thread, between batches).</summary>
    private sealed class CmdletProgress : IProgress<InferenceProgress>
    {
        private readonly Cmdlet _cmdlet;
        private readonly string _activity;
        private readonly int _activityId = EngineCmdlet.NewProgressActivityId();

        public CmdletProgress(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _activity = activity;
        }

        public void Report(InferenceProgress value)
        {
            var record = new ProgressRecord(_activityId, _activity, string.Format(CultureInfo.InvariantCulture, "{0} of {1} images, {2}", value.Done, value.Total?.ToString(CultureInfo.InvariantCulture) ?? "?", value.Skipped));
            if (value.Total is > 0) record.PercentComplete = (int)Math.Min(100, 100L * value.Done / value.Total.Value);
            _cmdlet.WriteProgress(record);
        }

        public void Complete() => _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
    }
}
