using AutoMLEval.Engine.Classification;
using Xunit;

namespace AutoMLEval.Tests.Classification;

/// <summary>How --label and -Label name a label: the exact name, else the one name that matches ignoring case.</summary>
public sealed class LabelLookupTests
{
    [Theory]
    [InlineData(new[] { "cat", "dog" }, "dog", 1)]
    [InlineData(new[] { "cat", "dog" }, "DOG", 1)]
    [InlineData(new[] { "cat", "dog" }, "bird", -1)]
    [InlineData(new[] { "Cat", "cat" }, "cat", 1)]
    [InlineData(new[] { "Cat", "cat" }, "Cat", 0)]
    [InlineData(new[] { "Cat", "cat" }, "CAT", -1)]
    // The exact name wins even after two names that match ignoring case.
    [InlineData(new[] { "CAT", "Cat", "cat" }, "cat", 2)]
    [InlineData(new[] { "CAT", "Cat", "dog" }, "cat", -1)]
    public void FindsTheExactNameElseTheOnlyOneIgnoringCase(string[] labels, string name, int expected) =>
        Assert.Equal(expected, LabelLookup.IndexOf(labels, name));

    [Fact]
    public void NamesTheFirstTenLabelsAndTheNearOnesIgnoringCase()
    {
        var labels = Enumerable.Range(0, 12).Select(i => "label" + i).Append("Eight").ToArray();
        Assert.Equal("'eihgt' is not a label of the evaluation (its 13 labels: label0, label1, label2, label3, label4, label5, label6, label7, label8, label9, …). Near name: Eight.",
            LabelLookup.NotFound("eihgt", labels));
        Assert.Equal("'x' is not a category name or id of the evaluation (its 1 label: Eight).", LabelLookup.NotFound("x", new[] { "Eight" }, "a category name or id"));
    }
}
