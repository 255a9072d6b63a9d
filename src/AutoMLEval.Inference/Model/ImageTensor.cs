using AutoMLEval.Inference.Imaging;

namespace AutoMLEval.Inference.Model;

/// <summary>Turns decoded pixels into one image's slice of the input tensor.</summary>
public static class ImageTensor
{
    /// <summary>
    /// Writes <paramref name="image"/> into <paramref name="destination"/> (length channels × height × width) in the
    /// input's layout: value = (pixel × scale − mean[c]) / std[c], channel c counted in the tensor's channel order.
    /// </summary>
    public static void Write(DecodedImage image, ModelInput input, PreprocessingOptions options, Span<float> destination)
    {
        if (image.Width != input.Width || image.Height != input.Height || image.Channels != input.Channels)
        {
            throw new ArgumentException($"The image is {image.Width}x{image.Height}x{image.Channels}; the input takes {input.Width}x{input.Height}x{input.Channels}.", nameof(image));
        }
        var channels = input.Channels;
        var plane = input.Height * input.Width;
        var multiplier = new float[channels];
        var offset = new float[channels];
        var sourceChannel = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            var std = PerChannel(options.Std, c, channels, "std");
            multiplier[c] = options.Scale / std;
            offset[c] = -PerChannel(options.Mean, c, channels, "mean") / std;
            sourceChannel[c] = options.ChannelOrder == ChannelOrder.Bgr ? channels - 1 - c : c;
        }
        var pixels = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                var value = pixels[i * channels + sourceChannel[c]] * multiplier[c] + offset[c];
                destination[input.Layout == TensorLayout.Nhwc ? i * channels + c : c * plane + i] = value;
            }
        }
    }

    private static float PerChannel(IReadOnlyList<float> values, int channel, int channels, string name)
    {
        if (values.Count == 1) return values[0];
        if (values.Count == channels) return values[channel];
        throw new ArgumentException($"Give one {name} value or {channels} (one per channel), not {values.Count}.");
    }
}
