namespace AutoMLEval.PowerShell.Commands;

/// <summary>
/// -Preprocessing of Invoke-ModelPrediction and Get-ModelEvaluation -ModelPath: how images become the model's input and
/// its output becomes scores, as the CLI's predict options say it (--width, --height, --resize, --scale, --mean, --std,
/// --channel-order, --layout, --softmax, --scores-output). Given as a hashtable, <c>@{ Width = 224; Height = 224;
/// Mean = 0.485, 0.456, 0.406; Std = 0.229, 0.224, 0.225 }</c>: PowerShell converts it through the settable
/// properties (an unknown key is its binding error), and completes their names inside <c>@{ }</c>. What is not given
/// comes from the model's input shape, as in the CLI. Its types are the module's own: PowerShell reads a parameter's type
/// when the module is imported, before the inference assembly can be loaded.
/// </summary>
public sealed class ModelPreprocessing
{
    /// <summary>Target width; needed when the model's width is dynamic.</summary>
    public int? Width { get; set; }

    /// <summary>Target height; needed when the model's height is dynamic.</summary>
    public int? Height { get; set; }

    /// <summary>How an image is brought to the target size: Stretch (the default), CenterCrop or Pad.</summary>
    public PreprocessingResize ResizeMode { get; set; } = PreprocessingResize.Stretch;

    /// <summary>Multiplies each 8-bit pixel value first; default 1/255.</summary>
    public float? Scale { get; set; }

    /// <summary>Subtracted per channel after scaling: one value or three; default 0.</summary>
    public float[]? Mean { get; set; }

    /// <summary>Divides per channel after the mean: one value or three, each above 0; default 1.</summary>
    public float[]? Std { get; set; }

    /// <summary>The order of colour channels in the tensor: Rgb (the default) or Bgr.</summary>
    public PreprocessingChannelOrder ChannelOrder { get; set; } = PreprocessingChannelOrder.Rgb;

    /// <summary>The tensor's axis order: Auto (read from the model, the default), Nchw or Nhwc.</summary>
    public PreprocessingLayout Layout { get; set; } = PreprocessingLayout.Auto;

    /// <summary>Auto (a softmax when the scores are not probabilities, the default), Always or Never.</summary>
    public PreprocessingSoftmax Softmax { get; set; } = PreprocessingSoftmax.Auto;

    /// <summary>The model output holding class scores; default the first output.</summary>
    public string? ScoresOutputName { get; set; }
}

/// <summary>How an image is brought to the model's size.</summary>
public enum PreprocessingResize
{
    /// <summary>Both sides scaled to the target (the aspect ratio may change).</summary>
    Stretch,

    /// <summary>Scaled to cover the target, then the centre cut out.</summary>
    CenterCrop,

    /// <summary>Scaled to fit inside the target, the rest filled with black.</summary>
    Pad,
}

/// <summary>The order of colour channels in the input tensor.</summary>
public enum PreprocessingChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb,

    /// <summary>Blue, green, red (OpenCV-trained models).</summary>
    Bgr,
}

/// <summary>The input tensor's axis order.</summary>
public enum PreprocessingLayout
{
    /// <summary>Read from the model's input shape.</summary>
    Auto,

    /// <summary>Batch, channels, height, width.</summary>
    Nchw,

    /// <summary>Batch, height, width, channels.</summary>
    Nhwc,
}

/// <summary>Whether the model's scores go through a softmax.</summary>
public enum PreprocessingSoftmax
{
    /// <summary>When they are not already probabilities.</summary>
    Auto,

    /// <summary>Always.</summary>
    Always,

    /// <summary>Never.</summary>
    Never,
}
