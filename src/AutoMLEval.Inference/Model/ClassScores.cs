using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace AutoMLEval.Inference.Model;

/// <summary>
/// What the output an image classifier's scores are read from must be: a float32 tensor of one row per image and one
/// score per class, [batch, classes] (trailing dimensions of 1, as in a 1×1 convolution head's [batch, classes, 1, 1],
/// change nothing), with at least two classes. Anything else (an image-to-image output, one value per image) is not a
/// score per class: ranked and softmaxed it would make confident nonsense.
/// </summary>
public static class ClassScores
{
    /// <summary>
    /// Why the output <paramref name="name"/> as the model declares it cannot hold class scores; null when it can as far as
    /// the declaration tells (dynamic dimensions, and a shape not declared at all, are checked on the first run's output).
    /// </summary>
    public static string? Problem(string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor) return $"The model's output '{name}' is a {metadata.OnnxValueType}, not a tensor; class scores are a float32 tensor [batch, classes].";
        if (metadata.ElementType != typeof(float)) return $"The model's output '{name}' holds {metadata.ElementType.Name}; class scores are float32 [batch, classes].";
        // An output declared without a shape has no dimensions here: its run tells.
        return metadata.Dimensions.Length == 0 ? null : ShapeProblem(name, metadata.Dimensions.Select(d => (long)d).ToArray());
    }

    /// <summary>
    /// Why an output of shape <paramref name="dimensions"/> cannot be class scores; null when it can. A negative dimension is
    /// dynamic (not known before a run) and fits anything: on a run's own shape every dimension is known.
    /// </summary>
    public static string? ShapeProblem(string name, IReadOnlyList<long> dimensions)
    {
        var shape = $"[{string.Join(",", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)))}]";
        if (dimensions.Count < 2 || dimensions[1] == 0 || dimensions.Skip(2).Any(d => d >= 0 && d != 1))
        {
            return $"The model's output '{name}' has shape {shape}; class scores have shape [batch, classes] (one score per class for each image, at least two classes), as an image classifier's output does.";
        }
        if (dimensions[1] == 1 && dimensions.Skip(2).All(d => d == 1))
        {
            return $"The model's output '{name}' has shape {shape}: one score per image (a sigmoid binary classifier's) is not a score per class, and a softmax of one value is always 1. Export the model with two scores per image, [1 - p, p] (or the logits [0, x], whose softmax that is), and give two labels, the negative class first.";
        }
        return null;
    }
}
