using AutoMLEval.Inference.Imaging;

namespace AutoMLEval.Inference.Model;

/// <summary>The order of a 4-D image tensor's axes.</summary>
public enum TensorLayout
{
    /// <summary>Read from the model's input shape: channels (1 or 3) on axis 1 means NCHW, on axis 3 NHWC.</summary>
    Auto,

    /// <summary>Batch, channels, height, width (PyTorch exports).</summary>
    Nchw,

    /// <summary>Batch, height, width, channels (TensorFlow exports).</summary>
    Nhwc,
}

/// <summary>The order of colour channels in the tensor.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb,

    /// <summary>Blue, green, red (Caffe and OpenCV-trained models).</summary>
    Bgr,
}

/// <summary>Whether a softmax turns the model's scores into confidences.</summary>
public enum SoftmaxMode
{
    /// <summary>Applied when the first batch's scores are not probabilities (a value outside [0, 1], or a row not summing to 1 within 1e-3).</summary>
    Auto,

    /// <summary>Always applied (the output is logits).</summary>
    Always,

    /// <summary>Never applied (the output already holds confidences, possibly multi-label sigmoids).</summary>
    Never,
}

/// <summary>
/// How pixels become the model's input tensor: value = (pixel × <see cref="Scale"/> − mean[c]) / std[c],
/// with pixel the 8-bit value 0–255. Unset sizes and channel counts come from the model's input shape.
/// </summary>
public sealed record PreprocessingOptions
{
    /// <summary>Target width; required when the model's width is dynamic. Null: the model's.</summary>
    public int? Width { get; init; }

    /// <summary>Target height; required when the model's height is dynamic. Null: the model's.</summary>
    public int? Height { get; init; }

    /// <summary>How the image is brought to the target size.</summary>
    public ResizeMode ResizeMode { get; init; } = ResizeMode.Stretch;

    /// <summary>Multiplies each 8-bit pixel value first; 1/255 maps pixels to [0, 1].</summary>
    public float Scale { get; init; } = 1f / 255f;

    /// <summary>Subtracted per channel after scaling (one value for all channels, or one per channel).</summary>
    public IReadOnlyList<float> Mean { get; init; } = new[] { 0f };

    /// <summary>Divides per channel after the mean is subtracted (one value, or one per channel).</summary>
    public IReadOnlyList<float> Std { get; init; } = new[] { 1f };

    /// <summary>The order of colour channels in the tensor (ignored for grey models).</summary>
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    /// <summary>The tensor's axis order; <see cref="TensorLayout.Auto"/> reads it from the model.</summary>
    public TensorLayout Layout { get; init; } = TensorLayout.Auto;

    /// <summary>1 or 3; null reads it from the model (3 when the model leaves it dynamic).</summary>
    public int? Channels { get; init; }

    /// <summary>
    /// What makes these settings unusable, or null: a size below 1, a scale that is not a finite number above 0, a mean
    /// or std of other than one or three values, a std not above 0 (it divides: 0 made every input infinite and every
    /// score NaN). Both front ends ask before a run, so that a bad setting is the user's error, named, not a run of NaN.
    /// </summary>
    public string? Problem()
    {
        string Values(IEnumerable<float> values) => string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Width is < 1 || Height is < 1 ? $"the width and height must be at least 1, got {Width}, {Height}"
            : !(Scale > 0) || float.IsInfinity(Scale) ? $"the scale must be a finite number above 0, got {Values(new[] { Scale })}"
            : Mean.Count is not (1 or 3) ? $"the mean needs one value or three, got {Mean.Count}"
            : Std.Count is not (1 or 3) ? $"the std needs one value or three, got {Std.Count}"
            : Std.Any(v => !(v > 0) || float.IsInfinity(v)) ? $"the std needs numbers above 0, got {Values(Std)}"
            : null;
    }

    /// <summary>The ImageNet normalisation torchvision models expect: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</summary>
    public static PreprocessingOptions ImageNet { get; } = new()
    {
        Mean = new[] { 0.485f, 0.456f, 0.406f },
        Std = new[] { 0.229f, 0.224f, 0.225f },
    };
}

/// <summary>Everything about a prediction run other than the model and the images.</summary>
public sealed record InferenceOptions
{
    /// <summary>Pixel-to-tensor conversion.</summary>
    public PreprocessingOptions Preprocessing { get; init; } = new();

    /// <summary>Images per <c>InferenceSession.Run</c>; a model with a fixed batch size overrides it.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether scores go through a softmax.</summary>
    public SoftmaxMode Softmax { get; init; } = SoftmaxMode.Auto;

    /// <summary>The output holding class scores; null: the first output.</summary>
    public string? ScoresOutput { get; init; }

    /// <summary>An output whose values are written as each image's embedding; null: no embedding.</summary>
    public string? EmbeddingOutput { get; init; }

    /// <summary>Class names by index; null: the model's <c>labels</c> metadata, else "0", "1", ….</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The labels file <see cref="Labels"/> were read from, named when they do not fit the model's output; null: none.</summary>
    public string? LabelsPath { get; init; }

    /// <summary>Threads decoding images while the model runs; null: one per core.</summary>
    public int? DecodeThreads { get; init; }
}
