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
}
