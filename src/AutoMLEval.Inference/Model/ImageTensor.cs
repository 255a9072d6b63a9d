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
        var pixels = image.Pixels;
        for (int c = 0; c < channels; c++)
        {
            var std = PerChannel(options.Std, c, channels, "std");
            float multiplier = options.Scale / std, offset = -PerChannel(options.Mean, c, channels, "mean") / std;
            var source = options.ChannelOrder == ChannelOrder.Bgr ? channels - 1 - c : c;
            // Channel by channel, the layout decided once: the inner loops are plain multiply-adds.
            if (input.Layout == TensorLayout.Nhwc)
            {
                for (int i = 0; i < plane; i++) destination[i * channels + c] = pixels[i * channels + source] * multiplier + offset;
            }
            else
            {
                var target = destination.Slice(c * plane, plane);
                for (int i = 0; i < target.Length; i++) target[i] = pixels[i * channels + source] * multiplier + offset;
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
