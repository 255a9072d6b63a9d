using AutoMLEval.Inference.Model;
using Xunit;

namespace AutoMLEval.Tests.Inference;

public sealed class ClassScoresTests
{
    [Theory]
    // A classifier's logits or probabilities, dynamic or fixed batch, and a 1×1 convolution head's [batch, classes, 1, 1].
    [InlineData(new long[] { -1, 10 })]
    [InlineData(new long[] { 4, 2 })]
    [InlineData(new long[] { -1, 1000, 1, 1 })]
    // Dimensions left open fit until a run gives their sizes.
    [InlineData(new long[] { -1, -1 })]
    [InlineData(new long[] { -1, 3, -1, -1 })]
    [InlineData(new long[] { -1, 1, -1, -1 })]
    public void Batch_by_classes_fits(long[] dimensions)
    {
        Assert.Null(ClassScores.ShapeProblem("y", dimensions));
    }

    [Theory]
    // An image-to-image output, one value per image, a scalar, no classes, a class axis followed by another of 7.
    [InlineData(new long[] { -1, 1, 32, 32 }, "[-1,1,32,32]")]
    [InlineData(new long[] { -1 }, "[-1]")]
    [InlineData(new long[] { }, "[]")]
    [InlineData(new long[] { 2, 0 }, "[2,0]")]
    [InlineData(new long[] { -1, 10, 7 }, "[-1,10,7]")]
    public void Other_shapes_are_not_class_scores(long[] dimensions, string shape)
    {
        Assert.Equal($"The model's output 'y' has shape {shape}; class scores have shape [batch, classes] (one score per class for each image, at least two classes), as an image classifier's output does.", ClassScores.ShapeProblem("y", dimensions));
    }

    [Theory]
    [InlineData(new long[] { -1, 1 }, "[-1,1]")]
    [InlineData(new long[] { 8, 1, 1, 1 }, "[8,1,1,1]")]
    public void One_score_per_image_is_not_softmaxed_into_1_but_refused_saying_how_to_export_two(long[] dimensions, string shape)
    {
        var problem = ClassScores.ShapeProblem("prob", dimensions);

        Assert.StartsWith($"The model's output 'prob' has shape {shape}: one score per image (a sigmoid binary classifier's) is not a score per class", problem, StringComparison.Ordinal);
        Assert.Contains("two scores per image, [1 - p, p]", problem, StringComparison.Ordinal);
    }
}
