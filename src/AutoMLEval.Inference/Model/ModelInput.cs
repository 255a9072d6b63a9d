using Microsoft.ML.OnnxRuntime;

namespace AutoMLEval.Inference.Model;

/// <summary>
/// The image tensor a model takes, resolved from its input metadata and the user's
/// <see cref="PreprocessingOptions"/>: layout, channel count, size and batch size.
/// </summary>
public sealed record ModelInput(string Name, TensorLayout Layout, int Channels, int Height, int Width, int? FixedBatchSize)
{
    /// <summary>Floats per image (channels × height × width).</summary>
    public int ImageLength => Channels * Height * Width;

    /// <summary>The tensor shape for a batch of <paramref name="batchSize"/> images.</summary>
    public long[] Shape(int batchSize) => Layout == TensorLayout.Nhwc
        ? new long[] { batchSize, Height, Width, Channels }
        : new long[] { batchSize, Channels, Height, Width };

    /// <summary>Resolves the input from a model's metadata; dynamic dimensions (≤ 0) must be given by <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">The model's input is not a float image tensor, or a size is neither fixed nor given.</exception>
    public static ModelInput Resolve(string name, NodeMetadata metadata, PreprocessingOptions options) =>
        Resolve(name, metadata.ElementType, metadata.Dimensions, options);

    /// <summary>The same from the element type and dimensions (testable without a model).</summary>
    public static ModelInput Resolve(string name, Type elementType, IReadOnlyList<int> dimensions, PreprocessingOptions options)
    {
        if (elementType != typeof(float))
        {
            throw new InvalidOperationException($"The model's input '{name}' holds {elementType.Name}; only float32 image inputs are supported.");
        }
        if (dimensions.Count != 4)
        {
            throw new InvalidOperationException($"The model's input '{name}' has shape [{string.Join(",", dimensions)}]; an image input has 4 dimensions (NCHW or NHWC).");
        }
        var layout = options.Layout != TensorLayout.Auto ? options.Layout : DetectLayout(dimensions);
        var (channelAxis, heightAxis, widthAxis) = layout == TensorLayout.Nhwc ? (3, 1, 2) : (1, 2, 3);
        var channels = options.Channels ?? (dimensions[channelAxis] > 0 ? dimensions[channelAxis] : 3);
        if (channels is not (1 or 3))
        {
            throw new InvalidOperationException($"The model's input '{name}' has {channels} channels; only 1 (grey) or 3 (RGB) are supported.");
        }
        if (dimensions[channelAxis] > 0 && dimensions[channelAxis] != channels)
        {
            throw new InvalidOperationException($"The model's input '{name}' takes {dimensions[channelAxis]} channels, not {channels}.");
        }
        var height = Size(name, "height", dimensions[heightAxis], options.Height);
        var width = Size(name, "width", dimensions[widthAxis], options.Width);
        int? batch = dimensions[0] > 0 ? dimensions[0] : null;
        return new ModelInput(name, layout, channels, height, width, batch);
    }

    private static TensorLayout DetectLayout(IReadOnlyList<int> dimensions)
    {
        static bool IsChannelCount(int d) => d is 1 or 3;
        if (IsChannelCount(dimensions[3]) && !IsChannelCount(dimensions[1])) return TensorLayout.Nhwc;
        return TensorLayout.Nchw;
    }

    private static int Size(string name, string what, int fromModel, int? fromOptions)
    {
        if (fromModel > 0)
        {
            if (fromOptions is int given && given != fromModel)
            {
                throw new InvalidOperationException($"The model's input '{name}' has a fixed {what} of {fromModel}, not {given}.");
            }
            return fromModel;
        }
        return fromOptions is > 0
            ? fromOptions.Value
            : throw new InvalidOperationException($"The model's input '{name}' has a dynamic {what}; give the image size to use.");
    }
}
