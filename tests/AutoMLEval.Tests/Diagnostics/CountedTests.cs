using AutoMLEval.Engine.Diagnostics;
using Xunit;

namespace AutoMLEval.Tests.Diagnostics;

public sealed class CountedTests
{
    [Theory]
    [InlineData(0, "0 queries")]
    [InlineData(1, "1 query")]
    [InlineData(2, "2 queries")]
    [InlineData(12345, "12345 queries")]
    public void A_count_takes_the_singular_for_one_only(long count, string expected) =>
        Assert.Equal(expected, Counted.Of(count, "query", "queries"));

    [Fact]
    public void The_plural_is_the_singular_and_s_unless_given_and_verbs_follow_the_count()
    {
        Assert.Equal(("1 item", "3 items"), (Counted.Of(1, "item"), Counted.Of(3, "item")));
        Assert.Equal(("has", "have", "have"), (Counted.Verb(1, "has", "have"), Counted.Verb(0, "has", "have"), Counted.Verb(2, "has", "have")));
    }
}
